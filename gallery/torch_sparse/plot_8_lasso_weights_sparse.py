"""
==================================================
Back to L1: a Lasso model's weights, stored sparse
==================================================

The site's main article explains why an L1 penalty sets most weights of a model exactly to
zero. This page closes the loop with the torch.sparse article: weights that are exactly zero
need not be stored or multiplied. It makes a Lasso-sparse weight vector with
:func:`sparsenorm.prox_l1`, stores it as a sparse vector, and measures what that saves in
memory and in prediction time.
"""

# %%
# A Lasso-sparse weight vector
# ----------------------------
#
# When the features are orthonormal, the Lasso solution is the soft-thresholded least-squares
# solution: :math:`w^\star = \operatorname{prox}_{\alpha\|\cdot\|_1}(z)` with :math:`z` the
# least-squares weights. Soft thresholding sets every weight with :math:`|z_j| \le \alpha` to
# exactly zero. With 20 000 standard normal :math:`z_j` and :math:`\alpha = 2.5`, about 1.2 %
# of them survive (:math:`P(|Z| > 2.5) \approx 0.0124`).
import numpy as np

import sparsenorm as sn
from sparsenorm.sparse import to_sparse_coo

rng = np.random.default_rng(0)
n_features = 20_000
alpha = 2.5
z = rng.standard_normal(n_features)
w = sn.prox_l1(z, alpha)
w_sparse = to_sparse_coo(w)  # a 1-D COO tensor: indices of shape (1, nse)
print(f"non-zero weights: {w_sparse.nnz} of {n_features} ({w_sparse.density:.2%})")
print(
    "first stored indices:", w_sparse.indices()[0, :5], "values:", w_sparse.values()[:5].round(3)
)

# %%
# Memory
# ------
#
# Dense, the vector costs 8 bytes per feature. Sparse (COO, one int64 index and one float64
# value per stored weight) it costs 16 bytes per *non-zero* weight, by the formula of the
# previous pages.
dense_bytes = w.nbytes
sparse_bytes = w_sparse.memory_bytes()
print(f"dense:  {dense_bytes:>7,} bytes")
print(f"sparse: {sparse_bytes:>7,} bytes = (1 * 8 + 8) * {w_sparse.nnz}")
print(f"sparse is {dense_bytes / sparse_bytes:.0f}x smaller")

# %%
# Prediction time
# ---------------
#
# Predicting for a batch of 300 samples is ``X @ w``. With the dense vector that reads every
# entry of ``X``; with the sparse one, ``X @ w_sparse`` reads only the columns of ``X`` that meet
# a non-zero weight. Both give the same predictions.
X = rng.standard_normal((300, n_features))
pred_dense = X @ w
pred_sparse = X @ w_sparse
print("same predictions:", np.allclose(pred_dense, pred_sparse, rtol=1e-12, atol=1e-12))

import time


def best_seconds(fn, repeat=15):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


t_dense = best_seconds(lambda: X @ w)
t_sparse = best_seconds(lambda: X @ w_sparse)
print(f"dense  X @ w: {t_dense * 1e3:.3f} ms")
speed = "faster" if t_sparse < t_dense else "slower"
factor = max(t_dense, t_sparse) / min(t_dense, t_sparse)
print(f"sparse X @ w: {t_sparse * 1e3:.3f} ms ({factor:.1f}x {speed})")

# %%
# The picture
# -----------
#
# Left, the first 2 000 weights: a few spikes where :math:`|z_j| > \alpha` (outside the shaded
# band), exact zeros everywhere else. Right, memory and prediction time of the two storages,
# relative to dense.
import matplotlib.pyplot as plt

L1_COLOR, DENSE_COLOR = "#0072B2", "0.35"  # the site's L1 colour; grey for dense storage

fig, (ax0, ax1) = plt.subplots(
    1, 2, figsize=(10, 3.6), layout="constrained", gridspec_kw={"width_ratios": [2, 1]}
)
shown = 2000  # the first tenth of the features, so that single weights can be seen
ax0.plot(z[:shown], ".", color="0.75", ms=2, label="least squares $z_j$")
idx, vals = w_sparse.indices()[0], w_sparse.values()
keep = idx < shown
ax0.vlines(idx[keep], 0, vals[keep], color=L1_COLOR, lw=1.2)
ax0.plot(idx[keep], vals[keep], "o", color=L1_COLOR, ms=3, label=r"Lasso $w^\star_j$ (stored)")
ax0.axhspan(-alpha, alpha, color=L1_COLOR, alpha=0.08, lw=0)
_ = ax0.set(
    xlabel="feature $j$",
    ylabel="weight",
    title=f"features 0 to {shown - 1}: {keep.sum()} stored weights, the rest exactly 0",
)
ax0.legend(loc="lower right", fontsize=8)

ratios = {"memory": sparse_bytes / dense_bytes, "time of $Xw$": t_sparse / t_dense}
ax1.bar(np.arange(2) - 0.2, [1, 1], width=0.4, color=DENSE_COLOR, label="dense")
ax1.bar(np.arange(2) + 0.2, list(ratios.values()), width=0.4, color=L1_COLOR, label="sparse")
_ = ax1.set(
    xticks=range(2),
    xticklabels=list(ratios),
    yscale="log",
    ylabel="relative to dense",
    title="sparse storage, relative cost",
)
ax1.legend(fontsize=8)
plt.show()

# %%
# Takeaways
# ---------
#
# * An L1 penalty produces weights that are *exactly* zero; a sparse layout turns those zeros
#   into savings: here tens of times less memory, and predictions whose time (measured above
#   when this page was built) follows the number of stored weights rather than of features.
# * The saving grows with sparsity: the sparse cost follows the number of non-zero weights,
#   the dense cost the number of features.
# * With an L2 penalty no weight is exactly zero, so nothing could be dropped: the sparse
#   layout would cost twice the dense one.
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_.
# * R. Tibshirani, "Regression shrinkage and selection via the lasso", J. R. Statist. Soc. B
#   58(1), 1996 (the orthonormal-design solution is soft thresholding).
# * The site's main article, starting with
#   :ref:`sphx_glr_auto_examples_why_l1_plot_01_explanation1_big_vs_small.py`.
