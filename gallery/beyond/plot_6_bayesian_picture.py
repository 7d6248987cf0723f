r"""
======================================
The Bayesian picture: mode versus mean
======================================

A penalty can be read as a prior: the L1 penalty is, up to a constant, the negative logarithm of
a Laplace (double-exponential) density, the L2 penalty that of a Gaussian, and the penalised
estimate is then the posterior mode. This page draws the two priors and computes, by quadrature
on a grid, the posterior of a single weight given one observation. The mode of the Laplace
posterior is exactly zero for a whole interval of data, but its mean is zero only at
:math:`z = 0`: the zeros of the Lasso come from taking the mode, not from the prior believing
in zeros. The notation is the site's (:ref:`notation`).
"""

# %%
# Penalties as priors
# -------------------
# Observe :math:`z = w + \varepsilon` with Gaussian noise :math:`\varepsilon \sim N(0, 1)`. With
# a prior density :math:`p(w)`, Bayes' rule gives the posterior
#
# .. math::
#
#    p(w \mid z) \propto \exp\Bigl(-\tfrac12 (w - z)^2\Bigr)\, p(w),
#
#    -\log p(w \mid z) = \tfrac12 (w - z)^2 - \log p(w) + \text{const}.
#
# For the Laplace prior :math:`p(w) = \frac{\alpha}{2} e^{-\alpha|w|}`, the negative log
# posterior is the one-weight Lasso objective :math:`\tfrac12(w - z)^2 + \alpha|w|`; for the
# Gaussian prior :math:`p(w) \propto e^{-\alpha w^2/2}` it is the ridge objective
# :math:`\tfrac12(w - z)^2 + \tfrac{\alpha}{2} w^2`. Minimising the penalised objective is
# maximising the posterior: the penalised estimate is the posterior *mode* (the MAP estimate). We
# compare the two priors at equal variance: the Laplace prior with :math:`\alpha = 1` has
# variance :math:`2/\alpha^2 = 2`, so the Gaussian prior gets precision :math:`\alpha = 1/2`.
import numpy as np

import sparsenorm as sn

alpha_l1 = 1.0  # Laplace prior: density alpha / 2 * exp(-alpha |w|), variance 2 / alpha**2
alpha_l2 = alpha_l1**2 / 2  # Gaussian prior with the same variance: precision alpha_l2


def log_laplace(w):
    return np.log(alpha_l1 / 2) - alpha_l1 * np.abs(w)


def log_gauss(w):
    return 0.5 * np.log(alpha_l2 / (2 * np.pi)) - alpha_l2 * w**2 / 2


# %%
# The posterior on a grid
# -----------------------
# We evaluate the unnormalised log posterior on a grid of weights with spacing
# :math:`h = 10^{-3}` over :math:`[-15, 15]` (the grid contains :math:`w = 0` exactly; the
# posterior mass beyond the ends is below :math:`10^{-20}`), normalise it by a sum, and read off
# the mode (the best grid point), the mean :math:`\sum_k w_k\, p_k\, h` and the probability of
# :math:`w < 0` (the same sum over the negative grid points, plus half the term at 0), for
# 120 data values :math:`z` in :math:`[-3, 3]` (zero is not among them).
spacing = 1e-3
w = spacing * np.arange(-15000, 15001)
z = np.linspace(-3, 3, 120)


def posterior(log_prior):
    log_post = -0.5 * (w[None, :] - z[:, None]) ** 2 + log_prior(w)[None, :]
    log_post -= log_post.max(axis=1, keepdims=True)  # avoid underflow before normalising
    density = np.exp(log_post)
    density /= density.sum(axis=1, keepdims=True) * spacing
    return density


summaries = {}
for name, log_prior in [("Laplace", log_laplace), ("Gaussian", log_gauss)]:
    density = posterior(log_prior)
    summaries[name] = {
        "mode": w[np.argmax(density, axis=1)],
        "mean": (density * w).sum(axis=1) * spacing,
        # trapezoid rule on [-15, 0]: the grid point w = 0 counts half
        "P(w<0)": (density[:, w < 0].sum(axis=1) + density[:, w == 0][:, 0] / 2) * spacing,
        "density": density,
    }

laplace, gauss = summaries["Laplace"], summaries["Gaussian"]
dead = np.abs(z) <= alpha_l1
print(f"{dead.sum()} data values with |z| <= alpha = {alpha_l1:g}:")
mode_zeros = np.count_nonzero(laplace["mode"][dead] == 0)
mean_zeros = np.count_nonzero(laplace["mean"] == 0)
print(f"  Laplace posterior mode exactly 0 for {mode_zeros}")
print(f"  Laplace posterior mean exactly 0 for {mean_zeros} of all {z.size} values")
smallest = np.abs(laplace["mean"]).min()
print(f"  smallest |posterior mean|: {smallest:.3g}, at |z| = {np.abs(z).min():.3g}")
soft = sn.prox_l1(z, alpha_l1)
print(
    "Laplace mode = soft thresholding (to the grid step):",
    bool(np.allclose(laplace["mode"], soft, atol=spacing / 2)),
)
shrunk = z / (1 + alpha_l2)
print(
    "Gaussian mode = mean = z / (1 + alpha) (to the grid step):",
    bool(np.allclose(gauss["mode"], shrunk, atol=spacing / 2)),
    bool(np.allclose(gauss["mean"], shrunk, atol=1e-9)),
)

# %%
# For any prior distribution symmetric about zero other than a point mass at 0, the posterior
# mean is zero only at :math:`z = 0`: it is an odd function of :math:`z`, and it increases
# strictly, since in this Gaussian model its derivative with respect to :math:`z` is the
# posterior variance, which is positive unless the prior is a point mass (a point mass at 0 gives
# the mean 0 for every :math:`z`). Even at a data value where the mode is exactly zero, the
# posterior is spread over both signs, unevenly. At :math:`z \approx 0.78` (the grid value
# nearest 0.8), for example, the mode is 0, while the probability that :math:`w` is negative is
# well below one half: the data still pull the mean towards :math:`z`. And no posterior mass sits
# exactly at zero: the posterior has a density, so :math:`P(w = 0 \mid z) = 0`.
k = int(np.argmin(np.abs(z - 0.8)))
print(
    f"z = {z[k]:.3f}: mode {laplace['mode'][k]:g}, mean {laplace['mean'][k]:.4f}, "
    f"P(w < 0 | z) = {laplace['P(w<0)'][k]:.3f}"
)
print("posterior mean strictly increasing in z:", bool(np.all(np.diff(laplace["mean"]) > 0)))

# %%
# Priors and one posterior
# ------------------------
# Top: the two prior densities at equal variance; the Laplace density has a peak at zero, the
# Gaussian density has slope zero there (the same kink and the same flatness as the two
# penalties). Bottom: the Laplace posterior for :math:`z \approx 0.78`, its mode and its mean.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")
fig, (ax_prior, ax_post) = plt.subplots(2, 1, figsize=(5, 7))
w_plot = np.linspace(-4, 4, 801)
ax_prior.plot(w_plot, np.exp(log_laplace(w_plot)), "C0-", label="Laplace (L1)")
ax_prior.plot(w_plot, np.exp(log_gauss(w_plot)), "C1--", label="Gaussian (L2)")
window = np.abs(w) <= 4
negative = window & (w < 0)
ax_post.plot(w[window], laplace["density"][k, window], "C0-")
ax_post.fill_between(w[negative], laplace["density"][k, negative], color="C0", alpha=0.2)
ax_post.axvline(laplace["mode"][k], color="C0", ls="--", label="mode = 0")
ax_post.axvline(laplace["mean"][k], color="C6", ls=":", label=f"mean = {laplace['mean'][k]:.2f}")
# sphinx_gallery_start_ignore
ax_prior.set(xlabel=r"$w$", ylabel=r"prior density $p(w)$", title="priors, variance 2")
ax_prior.legend(loc="upper right")
ax_post.text(-3.8, 0.04, rf"$P(w < 0) = {laplace['P(w<0)'][k]:.2f}$", color="C0")
ax_post.set(xlabel=r"$w$", ylabel=r"$p(w \mid z)$", title=rf"Laplace posterior, $z = {z[k]:.2f}$")
ax_post.legend(loc="upper right")
fig.set_label(
    "Top: the Laplace prior density has a sharp peak at zero, the Gaussian prior of the same "
    f"variance is rounded there. Bottom: the Laplace posterior for data {z[k]:.2f} has its "
    f"highest point exactly at zero, its mean at about {laplace['mean'][k]:.2f}, and about "
    f"{100 * laplace['P(w<0)'][k]:.0f} per cent of its mass below zero."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The estimates
# -------------
# The estimates as functions of :math:`z`. The Laplace mode (soft thresholding) is flat at
# exactly zero for :math:`|z| \le \alpha`, its mean passes through zero only at :math:`z = 0`,
# and for the Gaussian prior mode and mean coincide.
fig, ax = plt.subplots(figsize=(5, 4))
ax.axvspan(-alpha_l1, alpha_l1, color="C6", alpha=0.1, lw=0)
ax.plot(z, laplace["mode"], "C0-", label="Laplace mode (Lasso)")
ax.plot(z, laplace["mean"], "C0--", label="Laplace mean")
ax.plot(z, gauss["mean"], "C1:", lw=2.5, label="Gaussian mode = mean")
# sphinx_gallery_start_ignore
ax.set(xlabel=r"data value $z$", ylabel=r"estimate of $w$", title="estimates")
ax.legend(loc="upper left")
fig.set_label(
    "Estimates of the weight against the data value. The Laplace posterior mode is exactly zero "
    "on the shaded interval from -1 to 1 and then grows with slope one; the Laplace posterior "
    "mean is a smooth increasing curve through the origin; the Gaussian posterior mode and mean "
    "are the same straight line, two thirds of the data."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * The L1 penalty is a Laplace prior and the Lasso estimate is the posterior mode; the L2
#   penalty is a Gaussian prior, whose posterior mode and mean coincide.
# * The mode of the Laplace posterior is exactly zero for every :math:`|z| \le \alpha`, because
#   the log prior has a kink at zero. The posterior mean is a smooth, strictly increasing
#   function of :math:`z` that is zero only at :math:`z = 0`.
# * So a Bayesian who reports the Laplace posterior mean never reports an exact zero unless the
#   data value is exactly 0. For the posterior itself to give :math:`w = 0` a positive
#   probability, the prior needs a point mass at zero ("spike and slab").
#
# References
# ----------
# * T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning*, 2nd ed.,
#   Springer, 2009, section 3.4.3 (:math:`|\beta|^q` as a log prior; the lasso as a posterior
#   mode, not a mean).
# * T. Park, G. Casella, "The Bayesian lasso", *Journal of the American Statistical
#   Association* 103(482), 2008.
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, section 6.1 (Bayesian lasso).
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article).
