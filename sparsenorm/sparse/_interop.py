"""Conversions from scipy.sparse and torch (both imported only when these are called)."""

import numpy as np

from ._formats import COO, CSC, CSR, to_sparse_coo

__all__ = ["from_scipy", "from_torch"]


def from_scipy(matrix):
    """Return the sparsenorm tensor holding a copy of a ``scipy.sparse`` array or matrix.

    Parameters
    ----------
    matrix : scipy.sparse array or matrix
        CSR becomes :class:`CSR`, CSC becomes :class:`CSC`, and every other format (COO, DOK,
        LIL, ...) becomes :class:`COO`. Unsorted or duplicate entries of a CSR or CSC input are
        sorted and summed (on a copy: ``matrix`` is not modified).

    Returns
    -------
    tensor : COO, CSR or CSC

    Examples
    --------
    >>> import scipy.sparse
    >>> from sparsenorm.sparse import from_scipy
    >>> a = from_scipy(scipy.sparse.csr_array([[0.0, 1.0], [2.0, 0.0]]))
    >>> a.layout, a.col_indices()
    ('sparse_csr', array([1, 0]))
    """
    import scipy.sparse

    if not scipy.sparse.issparse(matrix):
        raise TypeError(
            f"matrix must be a scipy.sparse array or matrix, got {type(matrix).__name__}"
        )
    fmt = matrix.format
    if fmt in ("csr", "csc"):
        if not matrix.has_canonical_format:
            matrix = matrix.copy()
            matrix.sum_duplicates()
        cls = CSR if fmt == "csr" else CSC
        return cls(
            np.array(matrix.indptr, dtype=np.int64),
            np.array(matrix.indices, dtype=np.int64),
            np.array(matrix.data),
            shape=matrix.shape,
        )
    coo = matrix.tocoo()
    coords = coo.coords if hasattr(coo, "coords") else (coo.row, coo.col)
    return COO(np.array(coords, dtype=np.int64), np.array(coo.data), shape=coo.shape)


def from_torch(tensor):
    """Return the sparsenorm tensor holding a copy of a torch tensor (needs PyTorch).

    Parameters
    ----------
    tensor : torch.Tensor
        A ``sparse_coo``, ``sparse_csr`` or ``sparse_csc`` tensor (moved to the CPU), or a
        strided (dense) one, which becomes a coalesced :class:`COO`. Batched compressed tensors
        are not supported.

    Returns
    -------
    tensor : COO, CSR or CSC

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> from sparsenorm.sparse import from_torch
    >>> t = torch.tensor([[0.0, 2.0], [3.0, 0.0]]).to_sparse_csr()  # doctest: +SKIP
    >>> from_torch(t).col_indices()  # doctest: +SKIP
    array([1, 0])
    """
    import torch

    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"tensor must be a torch.Tensor, got {type(tensor).__name__}")

    def numpy(t):
        return t.detach().cpu().numpy().copy()

    layout = tensor.layout
    shape = tuple(tensor.shape)
    if layout == torch.sparse_coo:
        return COO(numpy(tensor._indices()), numpy(tensor._values()), shape=shape)
    if layout in (torch.sparse_csr, torch.sparse_csc):
        if layout == torch.sparse_csr:
            parts = (tensor.crow_indices(), tensor.col_indices(), tensor.values())
            cls = CSR
        else:
            parts = (tensor.ccol_indices(), tensor.row_indices(), tensor.values())
            cls = CSC
        if parts[0].ndim != 1:
            raise ValueError("batched compressed tensors are not supported")
        return cls(*(numpy(p) for p in parts), shape=shape)
    if layout == torch.strided:
        return to_sparse_coo(numpy(tensor))
    raise TypeError(f"unsupported torch layout {layout}")
