r"""
======================================
The Bayesian picture: mode versus mean
======================================

A penalty can be read as a prior: the L1 penalty is the negative logarithm of a Laplace
(double-exponential) density, the squared L2 penalty that of a Gaussian, and the penalised
estimate is then the posterior mode. This page draws the two priors and computes, by quadrature
on a grid, the posterior of a single weight given one observation. The mode of the
Laplace posterior is exactly zero for a whole interval of data, but its mean never is: the
zeros of the Lasso come from taking the mode, not from the prior believing in zeros.
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
#    \qquad -\log p(w \mid z) = \tfrac12 (w - z)^2 - \log p(w) + \text{const}.
#
# For the Laplace prior :math:`p(w) = \frac{\lambda}{2} e^{-\lambda|w|}`, the negative log
# posterior is the one-weight Lasso objective :math:`\tfrac12(w - z)^2 + \lambda|w|`; for the
# Gaussian prior :math:`p(w) \propto e^{-\alpha w^2/2}` it is the ridge objective. Minimising
# the penalised objective is maximising the posterior: the penalised estimate is the posterior
# *mode* (the MAP estimate). We compare the two priors at equal variance: the Laplace prior with
# :math:`\lambda = 1` has variance :math:`2/\lambda^2 = 2`, so the Gaussian prior gets
# :math:`\alpha = 1/2`.
import numpy as np

import sparsenorm as sn

lam = 1.0  # Laplace prior: density lam / 2 * exp(-lam |w|), variance 2 / lam**2
alpha = lam**2 / 2  # Gaussian prior with the same variance: precision alpha


def log_laplace(w):
    return np.log(lam / 2) - lam * np.abs(w)


def log_gauss(w):
    return 0.5 * np.log(alpha / (2 * np.pi)) - alpha * w**2 / 2


# %%
# The posterior on a grid
# -----------------------
# We evaluate the unnormalised log posterior on a grid of weights with spacing
# :math:`h = 10^{-3}` over :math:`[-15, 15]` (the grid contains :math:`w = 0` exactly; the
# posterior mass beyond the ends is below :math:`10^{-20}`), normalise it by a sum, and read off
# the mode (the best grid point), the mean :math:`\sum_k w_k\, p_k\, h` and the probability of
# :math:`w < 0`, for 120 data values :math:`z` in :math:`[-3, 3]` (zero excluded).
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
        "P(w<0)": density[:, w < 0].sum(axis=1) * spacing,
        "density": density,
    }

laplace, gauss = summaries["Laplace"], summaries["Gaussian"]
dead = np.abs(z) <= lam
print(f"{dead.sum()} data values with |z| <= lambda = {lam:g}:")
mode_zeros = np.count_nonzero(laplace["mode"][dead] == 0)
mean_zeros = np.count_nonzero(laplace["mean"] == 0)
print(f"  Laplace posterior mode exactly 0 for {mode_zeros}")
print(f"  Laplace posterior mean exactly 0 for {mean_zeros} of all {z.size} values of z")
smallest = np.abs(laplace["mean"]).min()
print(f"  smallest |posterior mean|: {smallest:.3g}, at |z| = {np.abs(z).min():.3g}")
print(
    "Laplace mode equals soft thresholding (to the grid step):",
    bool(np.allclose(laplace["mode"], sn.prox_l1(z, lam), atol=spacing / 2)),
)
print(
    "Gaussian mode = mean = z / (1 + alpha) (to the grid step):",
    bool(np.allclose(gauss["mode"], z / (1 + alpha), atol=spacing / 2)),
    bool(np.allclose(gauss["mean"], z / (1 + alpha), atol=1e-9)),
)

# %%
# Even at a data value where the mode is exactly zero, the posterior is spread over both signs,
# unevenly. At :math:`z \approx 0.78` (the grid value nearest 0.8), for example, the mode is 0,
# while the probability that :math:`w` is negative is well below one half: the data still pull
# the mean towards :math:`z`. And no posterior mass sits exactly at zero: the posterior is a
# density, so :math:`P(w = 0 \mid z) = 0`.
k = int(np.argmin(np.abs(z - 0.8)))
print(
    f"z = {z[k]:.3f}: mode {laplace['mode'][k]:g}, mean {laplace['mean'][k]:.4f}, "
    f"P(w < 0 | z) = {laplace['P(w<0)'][k]:.3f}"
)

# %%
# Priors, one posterior, and the estimates
# ----------------------------------------
# Left: the two prior densities at equal variance; the Laplace density has a peak at zero, the
# Gaussian density is flat there (the same kink and the same flatness as the two penalties).
# Middle: the Laplace posterior for :math:`z = 0.8`, its mode and its mean. Right: the estimates
# as functions of :math:`z`. The Laplace mode (soft thresholding) is flat at exactly zero for
# :math:`|z| \le \lambda`, its mean passes through zero only at :math:`z = 0`, and for the
# Gaussian prior mode and mean coincide.
import matplotlib.pyplot as plt

L1_COLOR, L2_COLOR, NEUTRAL = "#0072B2", "#D55E00", "#555555"
fig, (ax_prior, ax_post, ax_est) = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
w_plot = np.linspace(-4, 4, 801)
ax_prior.plot(w_plot, np.exp(log_laplace(w_plot)), color=L1_COLOR, label="Laplace (L1)")
ax_prior.plot(w_plot, np.exp(log_gauss(w_plot)), color=L2_COLOR, label="Gaussian (L2)")
_ = ax_prior.set(xlabel=r"$w$", ylabel=r"prior density $p(w)$", title="priors, variance 2")
_ = ax_prior.legend()

window = np.abs(w) <= 4
ax_post.plot(w[window], laplace["density"][k, window], color=L1_COLOR)
ax_post.fill_between(
    w[window & (w < 0)], laplace["density"][k, window & (w < 0)], color=L1_COLOR, alpha=0.2
)
ax_post.axvline(laplace["mode"][k], color=L1_COLOR, linestyle="--", label="mode = 0")
ax_post.axvline(
    laplace["mean"][k], color=NEUTRAL, linestyle=":", label=f"mean = {laplace['mean'][k]:.2f}"
)
ax_post.text(-3.8, 0.05, rf"$P(w < 0) = {laplace['P(w<0)'][k]:.2f}$", color=L1_COLOR)
_ = ax_post.set(
    xlabel=r"$w$", ylabel=r"$p(w \mid z)$", title=rf"Laplace posterior, $z = {z[k]:.2f}$"
)
_ = ax_post.legend(loc="upper right")

ax_est.axvspan(-lam, lam, color=NEUTRAL, alpha=0.12)
ax_est.plot(z, laplace["mode"], color=L1_COLOR, linewidth=2, label="Laplace mode (Lasso)")
ax_est.plot(z, laplace["mean"], "--", color=L1_COLOR, label="Laplace mean")
ax_est.plot(z, gauss["mean"], color=L2_COLOR, label="Gaussian mode = mean (ridge)")
_ = ax_est.set(xlabel=r"data value $z$", ylabel=r"estimate of $w$", title="estimates")
_ = ax_est.legend(loc="upper left", fontsize="small")

# %%
# Takeaways
# ---------
# * The L1 penalty is a Laplace prior and the Lasso estimate is the posterior mode; ridge is a
#   Gaussian prior, whose posterior mode and mean coincide.
# * The mode of the Laplace posterior is exactly zero for every :math:`|z| \le \lambda`, because
#   the log prior has a kink at zero. The posterior mean is a smooth function of :math:`z` that
#   is zero only at :math:`z = 0`.
# * So a Bayesian who averages over the Laplace posterior never reports an exact zero. Exact
#   zeros in the posterior itself need a prior with a point mass at zero ("spike and slab").
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
