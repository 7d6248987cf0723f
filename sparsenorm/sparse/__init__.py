r"""Sparse tensors in PyTorch's three layouts: COO, CSR and CSC, in plain numpy.

The names follow ``torch.sparse`` (``indices``, ``values``, ``crow_indices``,
``col_indices``, ``ccol_indices``, ``row_indices``, ``coalesce``, ``to_sparse_csr``, ...) so
the PyTorch documentation maps onto this module name for name; where the behaviour differs, the
table "Where PyTorch behaves differently" in the API reference says how. Every result is
cross-checked against ``scipy.sparse``. Only numpy is imported here; scipy and torch are
imported by the functions that convert to and from them.

Element-wise functions apply to the stored values only when they map 0 to 0 (``np.abs``,
``np.sqrt``, ``np.sin``, multiplication by a finite scalar, ...); any other (``np.cos``,
adding a non-zero scalar) raises ``ValueError`` rather than silently leaving every unstored
entry wrong.

Examples
--------
>>> import numpy as np
>>> from sparsenorm.sparse import to_sparse_coo
>>> a = to_sparse_coo(np.array([[0.0, -2.0, 0.0], [1.0, 0.0, 0.0]]))
>>> a.nnz, a.density
(2, 0.3333333333333333)
>>> np.abs(a).to_dense()
array([[0., 2., 0.],
       [1., 0., 0.]])
>>> a.to_sparse_csr() @ np.array([1.0, 1.0, 1.0])
array([-2.,  1.])
"""

from ._base import SparseTensor
from ._formats import COO, CSC, CSR, to_sparse_coo, to_sparse_csc, to_sparse_csr
from ._interop import from_scipy, from_torch

__all__ = [
    "COO",
    "CSC",
    "CSR",
    "SparseTensor",
    "from_scipy",
    "from_torch",
    "to_sparse_coo",
    "to_sparse_csc",
    "to_sparse_csr",
]
