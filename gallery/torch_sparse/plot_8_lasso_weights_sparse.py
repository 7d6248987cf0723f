"""
==================================================
Back to L1: a Lasso model's weights, stored sparse
==================================================

The site's main article explains why an L1 penalty sets most weights of a model exactly to
zero. This page closes the loop with the torch.sparse article: weights that are exactly zero
need not be stored or multiplied. It makes a Lasso-sparse weight vector with
:func:`sparsenorm.prox_l1`, stores it as a sparse vector in sparsenorm and in PyTorch side by
side, and measures its memory and its prediction time against the dense vector's.
"""

# %%
# A Lasso-sparse weight vector
# ----------------------------
#
# When the design has orthonormal columns (:math:`X^\top X = I`), the Lasso problem
# :math:`\min_w \frac12\|y - Xw\|_2^2 + \alpha\|w\|_1` splits into one model problem
# :math:`\min_{w_j} \frac12 (w_j - z_j)^2 + \alpha|w_j|` per weight (the site's
# :ref:`notation`), with :math:`z = X^\top y` the least-squares weights; its solution is soft
# thresholding, :math:`w^\star = \operatorname{prox}_{\alpha\|\cdot\|_1}(z)`, which sets
# every weight with :math:`|z_j| \le \alpha` to exactly zero. (With scikit-learn's scaling,
# :math:`\frac{1}{2n}\|y - Xw\|^2`, the threshold is :math:`n\alpha` instead.) With 20 000
# standard normal :math:`z_j` and :math:`\alpha = 2.5`, the expected fraction that survives
# is :math:`P(|Z| > 2.5) = \operatorname{erfc}(2.5/\sqrt 2)`; it and the fraction this
# draw keeps are printed. :func:`sparsenorm.prox_l1` takes the torch tensor of the same
# :math:`z` as well and returns a torch tensor, which ``to_sparse()`` stores as torch's COO.
import math

import numpy as np
import torch

import sparsenorm as sn
from sparsenorm.sparse import to_sparse_coo

rng = np.random.default_rng(0)
# sphinx_gallery_start_ignore
import warnings

# torch's notices, not faults: invariant checks off by default
warnings.filterwarnings("ignore", "Sparse invariant checks are implicitly", UserWarning)
# sphinx_gallery_end_ignore
n_features = 20_000
alpha = 2.5
z = rng.standard_normal(n_features)
w = sn.prox_l1(z, alpha)
w_sparse = to_sparse_coo(w)  # a 1-D COO tensor: indices of shape (1, nse)
print(f"expected fraction P(|Z| > {alpha}) = {math.erfc(alpha / math.sqrt(2)):.2%}")
print(f"non-zero weights: {w_sparse.nnz} of {n_features} ({w_sparse.density:.2%})")
print("first stored indices:", w_sparse.indices()[0, :5])
print("their values:        ", w_sparse.values()[:5].round(3))
w_t = sn.prox_l1(torch.from_numpy(z), alpha)  # PyTorch tensor in, PyTorch tensor out
w_t_sparse = w_t.to_sparse()
print("torch: same weights:", np.array_equal(w_t.numpy(), w), "| same stored arrays:",
      np.array_equal(w_t_sparse.indices().numpy(), w_sparse.indices())
      and np.array_equal(w_t_sparse.values().numpy(), w_sparse.values()))  # fmt: skip

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
t_bytes = w_t_sparse.indices().nbytes + w_t_sparse.values().nbytes
print(f"torch's sparse arrays: {t_bytes:,} bytes, dense tensor: {w_t.nbytes:,} bytes")

# %%
# Prediction time
# ---------------
#
# Predicting for a batch of 300 new samples (a random matrix ``X``, unrelated to the
# orthonormal design above) is ``X @ w``. With the dense vector that reads every entry of
# ``X``; with the sparse one, ``X @ w_sparse`` reads only the columns of ``X`` that meet a
# non-zero weight. Both give the same predictions (to within 1e-12, relative and absolute:
# the sums are rounded in different orders), and the sparse product does not even look at
# the other columns: filled with NaN, they leave its result unchanged. torch's
# ``X_t @ w_t_sparse`` gives the same predictions.
X = rng.standard_normal((300, n_features))
X_t = torch.from_numpy(X)
pred_dense = X @ w
pred_sparse = X @ w_sparse
pred_torch = (X_t @ w_t_sparse).numpy()
print("same predictions:", np.allclose(pred_dense, pred_sparse, rtol=1e-12, atol=1e-12),
      "| torch's:", np.allclose(pred_torch, pred_sparse, rtol=1e-12, atol=1e-12))  # fmt: skip
X_unread = X.copy()
X_unread[:, w == 0] = np.nan
print(
    "unchanged with NaN in the unread columns:", np.array_equal(X_unread @ w_sparse, pred_sparse)
)

# %%
# Each product is timed as the fastest of 15 runs after one untimed call (as on the previous
# page, the minimum estimates a warm, lightly disturbed call), torch on one thread
# (``torch.set_num_threads(1)``, its setting restored afterwards). numpy's ``X @ w``, and
# sparsenorm's ``X @ w_sparse``, which gathers the columns of ``X`` that meet a stored weight
# and multiplies them by the stored values with numpy's ``@``, may still hand their dot
# products to numpy's BLAS library, which may use several threads, one more thing these
# timings depend on.
import time


def best_seconds(fn, repeat=15):
    fn()  # one untimed call
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def versus(t, reference):
    """'N.Nx faster' or 'N.Nx slower': time t compared with the reference time."""
    speed = "faster" if t < reference else "slower"
    return f"{max(t, reference) / min(t, reference):.1f}x {speed}"


threads = torch.get_num_threads()
torch.set_num_threads(1)
t_dense = best_seconds(lambda: X @ w)
t_sparse = best_seconds(lambda: X @ w_sparse)
t_torch_dense = best_seconds(lambda: X_t @ w_t)
t_torch_sparse = best_seconds(lambda: X_t @ w_t_sparse)
torch.set_num_threads(threads)
print(f"numpy dense:        {t_dense * 1e3:7.3f} ms")
print(f"sparsenorm sparse:  {t_sparse * 1e3:7.3f} ms ({versus(t_sparse, t_dense)} than dense)")
print(f"torch dense:        {t_torch_dense * 1e3:7.3f} ms")
print(f"torch sparse:       {t_torch_sparse * 1e3:7.3f} ms "
      f"({versus(t_torch_sparse, t_torch_dense)} than torch dense)")  # fmt: skip
print(f"prediction time of the sparse vector: {t_sparse / t_dense:.2g} of the dense one's")

# %%
# The picture
# -----------
#
# Top, the least-squares weights :math:`z_j` of the first 2 000 features: the ones inside the
# shaded band :math:`|z_j| \le \alpha` (grey dots) are set to zero, the ones outside it
# (black dots) survive. Bottom, on the same scale, the Lasso weights that survive: each is
# its :math:`z_j` shrunk towards zero by exactly :math:`\alpha`
# (:math:`|w^\star_j| = |z_j| - \alpha`), so the stems are short. These are the only values
# stored.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

shown = 2000  # the first tenth of the features, so that single weights can be seen
idx, vals = w_sparse.indices()[0], w_sparse.values()
keep = idx < shown
outside = np.abs(z[:shown]) > alpha
fig, (ax_z, ax_w) = plt.subplots(2, 1, figsize=(5, 6), sharex=True, sharey=True)
ax_z.plot(np.flatnonzero(~outside), z[:shown][~outside], ".", color="0.6", ms=2)
ax_z.plot(np.flatnonzero(outside), z[:shown][outside], "C6o", ms=4)
ax_w.vlines(idx[keep], 0, vals[keep], color="C0", lw=1.5)
ax_w.plot(idx[keep], vals[keep], "C0o", ms=4)
# sphinx_gallery_start_ignore
ax_z.axhspan(-alpha, alpha, color="0.85", lw=0, zorder=0)
ax_z.set(ylabel="$z_j$", title=f"least squares: {outside.sum()} outside the band")
ax_w.set(xlabel="feature $j$", ylabel=r"$w^\star_j$",
         title=f"Lasso: {keep.sum()} stored weights, the rest exactly 0")  # fmt: skip
fig.set_label(
    "Top: 2000 least-squares weights as dots, most inside a shaded band of half-width alpha "
    "and a few outside it. Bottom, on the same scale: the Lasso weights, zero for every dot "
    "inside the band and a short stem, the dot's value moved towards zero by alpha, for each "
    "dot outside it."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Memory and prediction time of the two storages, relative to dense (log scale; the time was
# measured when this page was built).
ratios = {"memory": sparse_bytes / dense_bytes, "time of $Xw$": t_sparse / t_dense}
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.bar(np.arange(2) - 0.2, [1, 1], width=0.4, color="0.85", edgecolor="C6", hatch="//")
ax.bar(np.arange(2) + 0.2, list(ratios.values()), width=0.4, color="C0", edgecolor="C6")
# sphinx_gallery_start_ignore
ax.legend(["dense", "sparse"], loc="upper center", ncols=2)
ax.set(xticks=range(2), xticklabels=list(ratios), yscale="log",
       ylim=(min(1e-3, min(ratios.values()) / 3), max(30, 3 * max(ratios.values()))),
       ylabel="relative to dense")  # fmt: skip
fig.set_label(
    "Bar chart on a log scale of the sparse storage relative to the dense one: "
    f"{ratios['memory']:.2g} times its memory and, measured when this page was built, "
    f"{ratios['time of $Xw$']:.2g} times its prediction time."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
#
# * The L1 model problem's solution has weights that are *exactly* zero; a sparse layout need
#   not store them (the memory ratio printed above) and a product with it reads only the
#   columns of the stored weights. How its time compared with the dense product's in the
#   build that made this page is printed above, for sparsenorm and for torch.
# * The sparse product's work (columns read, multiply-adds) follows the number of non-zero
#   weights, the dense product's the number of features; whether the time follows the work
#   depends on the machine, which is why it is measured.
# * With the squared L2 penalty the model problem's minimiser :math:`z_j / (1 + \alpha)` is
#   zero only where :math:`z_j` is exactly 0 (here: nowhere), so nothing could be dropped, and
#   the sparse layout would cost twice the dense one (16 bytes per weight instead of 8).
#
# References
# ----------
#
# * PyTorch documentation, `torch.sparse <https://pytorch.org/docs/stable/sparse.html>`_.
# * R. Tibshirani, "Regression shrinkage and selection via the lasso", J. R. Statist. Soc. B
#   58(1), 1996 (the orthonormal-design solution is soft thresholding).
# * The site's main article, starting with
#   :ref:`sphx_glr_auto_examples_why_l1_plot_01_explanation1_big_vs_small.py`.
