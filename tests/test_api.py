"""The public API: every name documented with an executable example, every module with __all__."""

import importlib
import inspect
import pkgutil

import pytest

import sparsenorm

PUBLIC = sorted(sparsenorm.__all__)
MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(sparsenorm.__path__, prefix="sparsenorm.")
    if not info.name.rsplit(".", 1)[-1].startswith("_")
)


def test_core_names_are_exported():
    expected = {
        "l0_norm", "l1_norm", "l2_norm", "squared_l2_norm", "linf_norm", "lp_norm",
        "group_l21_norm", "subgradient_l1", "grad_squared_l2", "subdiff_distance_l1",
        "prox_l1", "prox_squared_l2", "prox_elastic_net", "prox_l0", "prox_group_l21",
        "project_l1_ball", "project_l2_ball", "L1", "SquaredL2", "ElasticNetPenalty", "L0",
        "penalty_descent",
    }  # fmt: skip
    assert expected <= set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_name_has_a_numpydoc_docstring_with_an_example(name):
    doc = inspect.getdoc(getattr(sparsenorm, name))
    assert doc, f"{name} has no docstring"
    _, _, examples = doc.partition("Examples\n--------\n")
    assert ">>>" in examples, f"{name} has no Examples section with a doctest"


@pytest.mark.parametrize("module", MODULES)
def test_every_public_module_declares_all(module):
    mod = importlib.import_module(module)
    assert hasattr(mod, "__all__"), f"{module} has no __all__"
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.__all__ lists missing name {name}"
