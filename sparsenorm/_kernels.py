"""Memory-bound kernels for large contiguous vectors (one pass, no full-size temporaries).

numpy's textbook expressions (``np.abs(x).sum()``, ``np.sign(x) * np.maximum(...)``) write one
full-size temporary per operation. On vectors much larger than the cache these kernels instead
work through cache-sized blocks, or call BLAS (scipy, imported lazily) where it has the reduction.
They assume validated, contiguous, floating-point input and report non-finite results to the
caller, which then runs the exact checks.
"""

import os
import types

import numpy as np

__all__ = ["BLOCK", "LARGE", "abs_sum", "compiled", "soft_threshold"]

#: Block length: 131 072 float64 (1 MiB): with its output it stays in cache, and the
#: per-block Python overhead stays small (measured best of 2**14 .. 2**17 here).
BLOCK = 1 << 17
#: Below this size the plain numpy expression is as fast and simpler.
LARGE = 1 << 16

_BLAS_ASUM = {}


def _blas_asum(dtype):
    """Return BLAS ``?asum`` for ``dtype`` (float32 or float64), or None without scipy."""
    if dtype not in _BLAS_ASUM:
        try:
            from scipy.linalg import blas
        except ImportError:  # scipy is optional
            _BLAS_ASUM[dtype] = None
        else:
            kernels = {np.dtype(np.float64): blas.dasum, np.dtype(np.float32): blas.sasum}
            _BLAS_ASUM[dtype] = kernels.get(dtype)
    return _BLAS_ASUM[dtype]


def abs_sum(x):
    """Return ``sum(|x|)`` of a contiguous 1-D float vector in one pass over memory."""
    asum = _blas_asum(x.dtype)
    if asum is not None and x.size < 2**31:
        return x.dtype.type(asum(x))
    buffer = np.empty(min(BLOCK, x.size), dtype=x.dtype)
    total = x.dtype.type(0)
    for start in range(0, x.size, BLOCK):
        block = x[start : start + BLOCK]
        part = buffer[: block.size]
        np.abs(block, out=part)
        total += np.add.reduce(part)
    return total


def soft_threshold(x, threshold, work=None):
    """Return ``x - clip(x, -threshold, threshold)`` and whether every entry of x was finite.

    ``x - clip(x, -t, t)`` equals ``sign(x) * max(|x| - t, 0)`` bit for bit, with one block-sized
    pass instead of four full-size temporaries. The finiteness flag comes from the sum of each
    block while it is in cache; a sum that overflows on finite input reports False, and the caller
    then checks exactly. With ``work`` (a wider float dtype), each block is computed in it and
    rounded once to ``x``'s dtype, for a threshold that ``x``'s dtype cannot hold exactly.
    """
    out = np.empty_like(x)
    finite = True
    if work is None:
        threshold = x.dtype.type(threshold)
        for start in range(0, x.size, BLOCK):
            block = x[start : start + BLOCK]
            part = out[start : start + BLOCK]
            np.clip(block, -threshold, threshold, out=part)
            np.subtract(block, part, out=part)
            finite = finite and _finite_sum(block)
        return out, bool(finite)
    threshold = np.dtype(work).type(threshold)
    wide = np.empty(min(BLOCK, x.size), dtype=work)
    clipped = np.empty_like(wide)
    for start in range(0, x.size, BLOCK):
        block = x[start : start + BLOCK]
        size = block.size
        np.copyto(wide[:size], block)
        np.clip(wide[:size], -threshold, threshold, out=clipped[:size])
        np.subtract(
            wide[:size], clipped[:size], out=out[start : start + BLOCK], casting="same_kind"
        )
        finite = finite and _finite_sum(block)
    return out, bool(finite)


def _finite_sum(block):
    """Whether the block's sum is finite (NaN and infinity make it not), without warnings.

    A finite block whose sum merely overflows would otherwise make numpy warn.
    """
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf of two overflowed halves
        return np.isfinite(np.add.reduce(block))


# ----------------------------------------------------------------------------- compiled loops
#: Set ``SPARSENORM_NUMBA=0`` to keep every solver on its numpy implementation even where
#: numba is installed.
NUMBA_ENV = "SPARSENORM_NUMBA"
_COMPILED = {}


def compiled(function, reassociate=False):
    """Return ``function`` compiled by numba (on-disk cache), or None without numba.

    ``reassociate=True`` lets LLVM reorder sums (numba's ``fastmath={"reassoc"}``) so that dot
    products vectorise; the result then differs from the in-order sum by rounding.

    numba is optional (the ``fast`` extra) and imported here, on the first call, never at
    ``import sparsenorm``. ``function`` is a plain-Python loop written in the subset numba
    compiles; callers keep a numpy implementation for when this returns None, and the tests
    compare the two. ``_COMPILED[function]`` holds None (numba missing or switched off) or the
    kernels compiled so far, by ``reassociate``.
    """
    if function not in _COMPILED:
        numba = None
        if os.environ.get(NUMBA_ENV, "1") != "0":
            try:
                import numba
            except ImportError:  # numba is optional
                numba = None
        _COMPILED[function] = None if numba is None else {}
    kernels = _COMPILED[function]
    if kernels is None:
        return None
    if reassociate not in kernels:
        import numba

        target = function
        if reassociate:
            # numba's on-disk cache files are named by source file, qualified name and first
            # line, and its index keys hold the signature, the target CPU and the bytecode's
            # hash, not the fastmath flags (numba issue #6845): a copy under another
            # qualified name keeps the two compilations from loading each other's code
            target = types.FunctionType(
                function.__code__,
                function.__globals__,
                function.__name__,
                function.__defaults__,
                function.__closure__,
            )
            target.__qualname__ = f"{function.__qualname__}_reassociated"
            target.__module__ = function.__module__
        flags = {"reassoc"} if reassociate else False
        kernels[reassociate] = numba.njit(cache=True, nogil=True, fastmath=flags)(target)
    return kernels[reassociate]
