"""prox_l1 on torch tensors (the first array-API function; issue 11 extends it to the rest).

The result is a tensor of the input's dtype and device, equal to the numpy result (both are the
float64 soft thresholding rounded once to the input dtype), and the input is not modified.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import sparsenorm as sn

torch = pytest.importorskip("torch")

finite = st.floats(-(2.0**100), 2.0**100, width=32)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    x=arrays(np.float32, st.integers(0, 20), elements=finite),
    threshold=st.floats(0, 1e6),
    dtype=st.sampled_from([torch.float32, torch.float64]),
)
def test_prox_l1_on_a_tensor_matches_numpy_bit_for_bit(x, threshold, dtype):
    tensor = torch.tensor(x, dtype=dtype)
    before = tensor.clone()
    result = sn.prox_l1(tensor, threshold)
    assert isinstance(result, torch.Tensor)
    assert result.dtype == dtype and result.device == tensor.device
    assert torch.equal(tensor, before)
    expected = sn.prox_l1(tensor.numpy(), threshold)
    np.testing.assert_array_equal(result.numpy(), expected)


def test_prox_l1_on_a_tensor_rejects_bad_input():
    with pytest.raises(ValueError, match="NaN or infinity"):
        sn.prox_l1(torch.tensor([1.0, float("inf")]), 0.5)
    with pytest.raises(TypeError, match="real floating"):
        sn.prox_l1(torch.tensor([1, 2]), 0.5)
    with pytest.raises(ValueError, match="step"):
        sn.prox_l1(torch.tensor([1.0]), -1.0)


def test_import_sparsenorm_stays_numpy_only():
    import subprocess
    import sys

    code = (
        "import sys, sparsenorm; "
        "print(sorted(m for m in ('torch', 'array_api_compat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
