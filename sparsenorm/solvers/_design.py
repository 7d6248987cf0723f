"""A centred view of a dense or CSC design matrix that never forms ``X - 1 x̄ᵀ``."""

import numpy as np

__all__ = ["Design", "GramCache"]


class Design:
    """Operations with the centred design ``Xc = X - 1 x̄ᵀ`` (or ``X`` itself).

    Centring is applied through rank-one corrections, so a sparse ``X`` stays sparse and a
    dense ``X`` is not copied.
    """

    def __init__(self, X, fit_intercept):
        self.X = X
        self.sparse = not isinstance(X, np.ndarray)
        self.shape = X.shape
        n_samples = X.shape[0]
        if fit_intercept and n_samples:
            self.mean = np.asarray(X.mean(axis=0), dtype=np.float64).ravel()
        else:
            self.mean = None
        self._col_sq_norms = None

    def rmatvec(self, r):
        """Return ``Xcᵀ r``."""
        g = np.asarray(self.X.T @ r, dtype=np.float64).ravel()
        if self.mean is not None:
            g -= self.mean * r.sum()
        return g

    def matvec(self, w):
        """Return ``Xc w`` for a full coefficient vector ``w``."""
        support = np.flatnonzero(w)
        if support.size == 0:
            return np.zeros(self.shape[0])
        if self.sparse or support.size < 0.5 * w.size:
            out = np.asarray(self.take(support) @ w[support], dtype=np.float64).ravel()
        else:
            out = np.asarray(self.X @ w, dtype=np.float64).ravel()
        if self.mean is not None:
            out -= self.mean[support] @ w[support]
        return out

    def matmat(self, W):
        """Return ``Xc W`` for coefficient columns ``W`` of shape (n_features, k)."""
        out = np.asarray(self.X @ W, dtype=np.float64)
        if self.mean is not None:
            out -= self.mean @ W
        return out

    def rmatmat(self, R):
        """Return ``Xcᵀ R`` for residual columns ``R`` of shape (n_samples, k)."""
        out = np.asarray(self.X.T @ R, dtype=np.float64)
        if self.mean is not None:
            out -= np.outer(self.mean, R.sum(axis=0))
        return out

    def take(self, idx):
        """Return the uncentred columns ``X[:, idx]``."""
        if self.sparse:
            return self.X[:, idx]
        return np.take(self.X, idx, axis=1)

    def col_sq_norms(self):
        """Return ``‖Xc[:, j]‖²`` for every column (cached)."""
        if self._col_sq_norms is None:
            if self.sparse:
                # CSC: sum the squared stored values of each column, without copying X
                indptr, data = self.X.indptr, self.X.data
                sq = np.zeros(self.shape[1])
                filled = np.flatnonzero(np.diff(indptr))
                if filled.size:
                    sq[filled] = np.add.reduceat(np.square(data), indptr[filled])
            else:
                sq = np.einsum("ij,ij->j", self.X, self.X, dtype=np.float64)
            if self.mean is not None:
                sq = sq - self.shape[0] * self.mean**2
                np.maximum(sq, 0.0, out=sq)
            self._col_sq_norms = sq
        return self._col_sq_norms


class GramCache:
    """Columns and Gram matrix ``Xc[:, S]ᵀ Xc[:, S] / n`` of a growing set ``S`` of features.

    A working set that grows by a few features only pays for the new rows of the Gram matrix;
    the cache is shared by every point of a regularisation path.
    """

    def __init__(self, design, y):
        self.design = design
        self.y = y
        n_features = design.shape[1]
        self.position = np.full(n_features, -1, dtype=np.intp)
        self.idx = np.empty(0, dtype=np.intp)
        self.gram = np.empty((0, 0))
        self.xty = np.empty(0)
        self.cols = None

    def _centred_cross(self, cols_a, idx_a, cols_b, idx_b):
        n = self.design.shape[0]
        cross = cols_a.T @ cols_b
        if self.design.sparse:
            cross = np.asarray(cross.toarray(), dtype=np.float64)
            mean = self.design.mean
            if mean is not None:
                cross -= n * np.outer(mean[idx_a], mean[idx_b])
        return cross / n

    def ensure(self, ws):
        """Add the features of ``ws`` that are not cached yet; return their cache positions."""
        new = ws[self.position[ws] < 0]
        if new.size:
            n = self.design.shape[0]
            new_cols = self.design.take(new)
            if not self.design.sparse:
                new_cols = np.asarray(new_cols, dtype=np.float64)
                if self.design.mean is not None:
                    new_cols -= self.design.mean[new]  # dense columns are stored centred
            if self.cols is None:
                g_nn = self._centred_cross(new_cols, new, new_cols, new)
                self.gram = g_nn
                self.cols = new_cols
            else:
                g_on = self._centred_cross(self.cols, self.idx, new_cols, new)
                g_nn = self._centred_cross(new_cols, new, new_cols, new)
                self.gram = np.block([[self.gram, g_on], [g_on.T, g_nn]])
                if self.design.sparse:
                    import scipy.sparse as sp

                    self.cols = sp.hstack([self.cols, new_cols], format="csc")
                else:
                    self.cols = np.concatenate([self.cols, new_cols], axis=1)
            xty_new = np.asarray(new_cols.T @ self.y, dtype=np.float64).ravel() / n
            # y is centred when there is an intercept, so Xcᵀy = Xᵀy.
            self.xty = np.concatenate([self.xty, xty_new])
            self.position[new] = np.arange(self.idx.size, self.idx.size + new.size)
            self.idx = np.concatenate([self.idx, new])
        return self.position[ws]

    def residual(self, pos, w_ws):
        """Return ``y - Xc[:, S] w_S`` for cached positions ``pos``."""
        keep = w_ws != 0
        pos, w_ws = pos[keep], w_ws[keep]
        r = self.y.copy()
        if pos.size:
            if self.design.sparse:
                r -= np.asarray(self.cols[:, pos] @ w_ws, dtype=np.float64).ravel()
                mean = self.design.mean
                if mean is not None:
                    r += mean[self.idx[pos]] @ w_ws
            else:
                r -= self.cols[:, pos] @ w_ws
        return r
