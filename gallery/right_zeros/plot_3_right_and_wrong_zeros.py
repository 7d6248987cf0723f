r"""
===========================
Right zeros and wrong zeros
===========================

The Lasso's zeros are exact, but are they the right ones? Whether some strength
:math:`\alpha` gives the true set of variables depends on two things: a condition on the
design, the *irrepresentable condition* of Zhao and Yu (2006), and a minimum size of the true
coefficients (*beta-min*). This page computes both on two designs that differ in one
correlation, follows the exact Lasso path through its breakpoints on each, counts how often
each variable is selected over repeated samples, and shows what two remedies, the adaptive
Lasso (Zou, 2006) and MCP (Zhang, 2010), do on the design where the Lasso rarely selects the
true variables. Notation as in :ref:`notation`.
"""

# %%
# Two designs that differ in one correlation
# ------------------------------------------
# :math:`n = 100` samples of :math:`p = 8` Gaussian variables with unit variances. The first
# three form the true support :math:`S = \{0, 1, 2\}`, with :math:`\beta_S = (1, 1, 1)`; the
# others have :math:`\beta_j = 0`. Variables 0 to 2 and 4 to 7 are independent; variable 3, a
# *decoy*, has correlation :math:`\rho` with each of the three true ones: :math:`\rho = 0.25`
# in the first design, :math:`\rho = 0.5` in the second. The response is
# :math:`y = X\beta + \varepsilon` with :math:`\varepsilon \sim \mathcal{N}(0, I)`.
import numpy as np

import sparsenorm as sn

n, p = 100, 8
S = np.array([0, 1, 2])
beta = np.zeros(p)
beta[S] = 1.0
signs = np.sign(beta[S])
designs = {"condition holds": 0.25, "condition fails": 0.5}


def covariance(rho):
    """Unit variances; the decoy (variable 3) has correlation rho with each true variable."""
    C = np.eye(p)
    C[3, S] = C[S, 3] = rho
    return C


def draw(rng, rho, beta):
    """One sample of size n: rows of X drawn from N(0, C), y = X beta + noise."""
    X = rng.standard_normal((n, p)) @ np.linalg.cholesky(covariance(rho)).T
    return X, X @ beta + rng.standard_normal(n)


rng = np.random.default_rng(0)
data = {name: draw(rng, rho, beta) for name, rho in designs.items()}

# %%
# The irrepresentable condition
# -----------------------------
# Suppose the Lasso found the true support with the true signs :math:`s = \operatorname{sign}
# (\beta_S)`. Its optimality condition on :math:`S` fixes the residual's correlations there,
# :math:`X_S^\top(y - Xw)/n = \alpha s`. Without noise, the correlations off :math:`S` are
# then :math:`\alpha X_{S^c}^\top X_S (X_S^\top X_S)^{-1} s`, and the condition off
# :math:`S` asks each of them to be at most :math:`\alpha` in absolute value. So the
# number that decides is
#
# .. math::
#
#    \mathrm{IC} = \bigl\|X_{S^c}^\top X_S (X_S^\top X_S)^{-1} s\bigr\|_\infty ,
#
# the largest correlation that the true variables "represent" in a false one. Its population
# value, with :math:`X^\top X/n` replaced by the covariance :math:`C`, is
# :math:`\|C_{S^cS}C_{SS}^{-1}s\|_\infty = 3\rho` here: 0.75 and 1.5.


def irrepresentability(X, S, s):
    """||X_Sc^T X_S (X_S^T X_S)^{-1} s||_inf, from the formula."""
    X_S, X_off = X[:, S], np.delete(X, S, axis=1)
    return np.abs(X_off.T @ X_S @ np.linalg.solve(X_S.T @ X_S, s)).max()


for name, rho in designs.items():
    C = covariance(rho)
    population = irrepresentability(np.linalg.cholesky(C).T, S, signs)
    sample = irrepresentability(data[name][0], S, signs)
    print(f"{name}: IC = {population:.4f} in the population, {sample:.4f} in the sample")

# %%
# What is a theorem and what is this example
# ------------------------------------------
# Zhao and Yu (2006) state both of their conditions on the sample matrix
# :math:`C^n = X^\top X / n`, and prove, for a fixed number of variables as
# :math:`n \to \infty` (with :math:`C^n` converging to a positive definite matrix
# :math:`C`, and under conditions on the noise), that the *strong* irrepresentable
# condition, every entry of :math:`|C^n_{S^cS}(C^n_{SS})^{-1}s|` at most :math:`1 - \eta`
# for some :math:`\eta > 0`, is sufficient for the Lasso to be sign consistent (for a
# suitable sequence :math:`\alpha_n`), and that sign consistency implies the *weak* form,
# every entry below 1, for all :math:`n` beyond some :math:`N`. In the limit that leaves
# only every entry of :math:`|C_{S^cS}C_{SS}^{-1}s|` *at most* 1: a population value above
# 1, as in the second design, rules sign consistency out. They also treat :math:`p`
# growing with :math:`n`. Wainwright (2009) gives the sharp non-asymptotic
# version, with the minimum size of :math:`|\beta_j|` on :math:`S` it requires. These are
# statements about :math:`n \to \infty` or about probabilities; what follows is one example,
# a few samples and their frequencies, which illustrate them and prove nothing.
#
# One statement holds exactly, for one sample without noise (:math:`y = X\beta`,
# :math:`X_S` of full column rank): a Lasso solution with support :math:`S` and signs
# :math:`s` exists at :math:`\alpha > 0` exactly when :math:`\mathrm{IC} \le 1` and
# :math:`\beta_S - \alpha\,(X_S^\top X_S/n)^{-1}s` has the signs :math:`s`; the second
# condition is the beta-min condition, an upper bound on :math:`\alpha`. Both follow from the
# optimality condition above.

# %%
# The exact Lasso path and its breakpoints
# ----------------------------------------
# The Lasso solution is piecewise linear in :math:`\alpha`: between two breakpoints the
# support and the signs are fixed, and the coefficients on the support move along a straight
# line. The homotopy method (LARS with the Lasso modification, Efron et al. 2004) walks from
# :math:`\alpha_{\max} = \|X^\top y\|_\infty / n` down to 0 from breakpoint to breakpoint,
# each time a variable enters (its correlation with the residual reaches :math:`\alpha`) or
# leaves (its coefficient reaches 0). For :math:`\alpha \ge \alpha_{\max}` the solution is 0
# and its support empty. For :math:`0 < \alpha < \alpha_{\max}` the support is that of the
# interval between consecutive breakpoints containing :math:`\alpha`, or, at a breakpoint
# itself, contained in the supports of both neighbouring intervals (the path is continuous).
# So the list of supports between breakpoints misses none that matters here, where a grid of
# :math:`\alpha` values could.


def lasso_breakpoints(X, y):
    """Breakpoints alpha_0 > ... > 0 of the Lasso path and the coefficients at each."""
    n = X.shape[0]
    G, c = X.T @ X / n, X.T @ y / n
    alpha, w = np.abs(c).max(), np.zeros(X.shape[1])
    active = [int(np.argmax(np.abs(c)))]
    knots, coefs = [alpha], [w.copy()]
    while alpha > 0:
        A = np.array(active)
        d = np.zeros_like(w)
        d[A] = np.linalg.solve(G[np.ix_(A, A)], np.sign(c[A]))  # dw / d(-alpha)
        a = G @ d  # correlations move as c - gamma a
        with np.errstate(divide="ignore", invalid="ignore"):
            enter = np.concatenate([(alpha - c) / (1 - a), (alpha + c) / (1 + a)])
            leave = -w / d
        enter[np.r_[A, A + len(w)]] = np.inf
        leave[d == 0] = np.inf
        enter[enter <= 1e-12 * alpha] = np.inf  # the event just taken, up to rounding
        leave[leave <= 1e-12 * alpha] = np.inf
        gamma = min(alpha, enter.min(), leave.min())
        w, c, alpha = w + gamma * d, c - gamma * a, alpha - gamma
        if gamma == leave.min():
            w[np.argmin(leave)] = 0.0
            active.remove(int(np.argmin(leave)))
        elif gamma == enter.min():
            active.append(int(np.argmin(enter)) % len(w))
        knots.append(max(alpha, 0.0))
        coefs.append(w.copy())
    return np.array(knots), np.array(coefs).T


def supports_between(knots, coefs):
    """The support on each open interval between breakpoints (at its midpoint)."""
    return [set(np.flatnonzero(coefs[:, i] + coefs[:, i + 1])) for i in range(len(knots) - 1)]


paths = {name: lasso_breakpoints(*data[name]) for name in designs}
for name, (knots, coefs) in paths.items():
    print(f"{name}: alpha interval -> support")
    for i, support in enumerate(supports_between(knots, coefs)):
        mark = "  <- true support" if support == set(S) else ""
        print(f"  {knots[i + 1]:.4f} to {knots[i]:.4f}: {sorted(map(int, support))}{mark}")

# %%
# With the condition holding, one interval of :math:`\alpha` has exactly the true support.
# With it failing, the decoy enters first, at :math:`\alpha_{\max}`, and stays on the path
# until :math:`\alpha = 0`: on this sample the true support is on no interval, so no choice
# of :math:`\alpha`, by cross-validation or anything else, gives it for these data.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

fig, axes = plt.subplots(2, 1, figsize=(5, 6.4), sharex=True, layout="constrained")
for ax, drawn in zip(axes, paths.values(), strict=True):
    for j in range(p):
        style = "C0-" if j in S else ("C6--" if j == 3 else "C6:")
        ax.plot(drawn[0], drawn[1][j], style, marker=".", ms=5)
# sphinx_gallery_start_ignore
for ax, title in zip(axes, paths, strict=True):
    ax.set_title(title, loc="left")
    ax.set_ylabel(r"$w_j$")
    ax.axhline(0, color="C6", lw=0.6)
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_xlim(1.1 * paths[title][0][0], 0)
ax.annotate("decoy", (paths[title][0][2], paths[title][1][3, 2]), xytext=(0.05, 0.9),
            fontsize=12, arrowprops=dict(arrowstyle="->", color="C6", lw=1))  # fmt: skip
axes[-1].set_xlabel(r"$\alpha$ (breakpoints marked)")
fig.set_label(
    "The exact Lasso paths of the two designs, coefficients against alpha, decreasing to the "
    "right, with a dot at every breakpoint: solid lines for the three true variables, a "
    "dashed line for the decoy and dotted lines for the other false ones. When the condition "
    "holds the three true variables enter first; when it fails the decoy enters first and "
    "never leaves."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# That is a statement about one sample. Without noise, no :math:`\alpha > 0` gives the
# true support with the true signs on any sample whose :math:`\mathrm{IC}` exceeds 1 (the
# exact statement above, with :math:`X_S` of full column rank). With noise that no longer
# follows: on 100 fresh samples of the failing design (new :math:`X`, new noise), every one
# with a sample :math:`\mathrm{IC}` above 1, the exact path of a few has the true support
# on some interval.
fresh = np.random.default_rng(3)
found, ic_values = 0, []
for _ in range(100):
    X, y = draw(fresh, designs["condition fails"], beta)
    ic_values.append(irrepresentability(X, S, signs))
    found += set(S) in supports_between(*lasso_breakpoints(X, y))
print(f"sample IC from {min(ic_values):.4f} to {max(ic_values):.4f}")
print(f"true support on some interval of the path: {found} / 100")

# %%
# The minimum signal size
# -----------------------
# The condition on the design is not enough: a true coefficient must also be large enough to
# stand out of the noise. On the design where the condition holds, make the third true
# coefficient :math:`b` smaller and count, over 100 fresh samples (new :math:`X`, new
# noise), those whose exact path has the true support on some interval. Without noise that
# interval is :math:`0 < \alpha < \alpha^\ast` with :math:`\alpha^\ast` the largest strength
# that keeps the signs (the beta-min bound above), printed for this sample's :math:`X`; with
# noise its lower end moves up, by about the size of the noise's correlations with the
# variables, and for a small :math:`b` the interval is often gone.


def keeps_signs_below(X, beta, S):
    """Without noise: the largest alpha for which beta_S - alpha (X_S^T X_S / n)^{-1} s keeps s."""
    s = np.sign(beta[S])
    d = np.linalg.solve(X[:, S].T @ X[:, S] / len(X), s)
    shrinks = d * s > 0  # the coordinates that alpha pushes towards zero
    return np.min(np.abs(beta[S][shrinks] / d[shrinks]), initial=np.inf)


X_holds = data["condition holds"][0]
resamples = np.random.default_rng(1)
print(f"{'b':>5} {'noise-free alpha*':>18} {'true support on the path':>25}")
for b in (1.0, 0.3, 0.1):
    beta_b = beta.copy()
    beta_b[2] = b
    found = 0
    for _ in range(100):
        path = lasso_breakpoints(*draw(resamples, designs["condition holds"], beta_b))
        found += set(S) in supports_between(*path)
    print(f"{b:5.1f} {keeps_signs_below(X_holds, beta_b, S):18.4f} {found:21d} / 100")

# %%
# Selection frequencies
# ---------------------
# Fix :math:`\alpha = 0.2` and refit the Lasso on 100 fresh samples of each design, and
# count the fraction of samples in which each variable is selected (has a non-zero
# coefficient). Stability selection (Meinshausen and Bühlmann, 2010) computes frequencies
# of this kind from the one data set at hand, over random subsamples of it; fresh samples,
# as here, are what a simulation can afford and an analysis of real data cannot. The last
# column counts the samples in which the selected set is exactly the true support.
alpha = 0.2
selections = {}
for name, rho in designs.items():
    resamples = np.random.default_rng(2)
    selected = []
    for _ in range(100):
        X, y = draw(resamples, rho, beta)
        selected.append(sn.lasso(X, y, alpha=alpha, fit_intercept=False, tol=1e-8).coef != 0)
    selections[name] = np.array(selected)
truth = np.isin(np.arange(p), S)
print(f"{'variable':>15}  " + "    ".join(map(str, range(p))) + "  exact")
for name, selected in selections.items():
    exact = np.all(selected == truth, axis=1).sum()
    print(f"{name:>15}: " + " ".join(f"{f:.2f}" for f in selected.mean(axis=0)) + f" {exact:5d}")

# %%
# The true variables are selected in every sample of both designs; the decoy far more often
# when the condition fails, and then the selected set is rarely exactly the true one.

# %%
# Two remedies on the failing design
# ----------------------------------
# Both replace the Lasso's equal pull towards zero by one that is weaker on large
# coefficients, and both are solved here by :func:`sparsenorm.proximal_gradient`, which
# needs from a penalty only its proximal operator.
#
# * The **adaptive Lasso** (Zou, 2006) weights the L1 penalty, :math:`\alpha\sum_j c_j|w_j|`
#   with :math:`c_j = 1/|\hat w_j|^\gamma` for a first estimate :math:`\hat w`; here least
#   squares (:math:`n > p`) and :math:`\gamma = 1`, so the decoy, whose least-squares
#   coefficient is small, is penalised hard. It is a convex problem: the solver certifies a
#   duality gap.
# * **MCP** (Zhang, 2010) has the slope :math:`\alpha` of the L1 penalty at 0 and none beyond
#   :math:`|w| = \gamma\alpha` (:math:`\gamma = 3`): large coefficients are not shrunk. It is
#   not convex; the solver certifies a stationary point, not a minimum.
X, y = data["condition fails"]
w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
penalties = {
    "Lasso": sn.L1(alpha),
    "adaptive Lasso": sn.L1(alpha, weights=1 / np.abs(w_ls)),
    "MCP": sn.MCP(alpha, gamma=3.0),
}
fits = {
    name: sn.proximal_gradient(X, y, penalty, fit_intercept=False, tol=1e-10)
    for name, penalty in penalties.items()
}
for name, fit in fits.items():
    print(f"{name:>14}: support {np.flatnonzero(fit.coef).tolist()}, {fit.certificate}")
    print(f"{'':>14}  w_S = {np.round(fit.coef[S], 3)}, converged {fit.converged}")

# %%
# On this sample both remedies drop the decoy and keep the three true variables. MCP's
# three coefficients are all beyond :math:`\gamma\alpha = 0.6`, where its penalty is flat,
# so at this stationary point they are exactly least squares on the true support: no
# shrinkage. Over the same 100 fresh samples of the failing design as above (same seed), the
# selection frequencies at the same :math:`\alpha`, and the number of exact recoveries:
resamples = np.random.default_rng(2)
remedies = {"adaptive Lasso": [], "MCP": []}
for _ in range(100):
    X_r, y_r = draw(resamples, designs["condition fails"], beta)
    weights = 1 / np.abs(np.linalg.lstsq(X_r, y_r, rcond=None)[0])
    for name, penalty in [("adaptive Lasso", sn.L1(alpha, weights=weights)),
                          ("MCP", sn.MCP(alpha, gamma=3.0))]:  # fmt: skip
        fit = sn.proximal_gradient(X_r, y_r, penalty, fit_intercept=False, tol=1e-8)
        remedies[name].append(fit.coef != 0)
table = {"Lasso": selections["condition fails"]}
table.update({name: np.array(selected) for name, selected in remedies.items()})
print(f"{'variable':>15}  " + "    ".join(map(str, range(p))) + "  exact")
for name, selected in table.items():
    exact = np.all(selected == truth, axis=1).sum()
    print(f"{name:>15}: " + " ".join(f"{f:.2f}" for f in selected.mean(axis=0)) + f" {exact:5d}")

fig, ax = plt.subplots(figsize=(5, 3.4), layout="constrained")
for i, name in enumerate(table):
    shift = (i - 1) * 0.27
    ax.bar(np.arange(p) + shift, table[name].mean(0), 0.27, color=f"C{[0, 6, 4][i]}", label=name)
# sphinx_gallery_start_ignore
for i, hatch in enumerate(["", "//", ".."]):
    for patch in ax.containers[i]:
        patch.set_hatch(hatch)
        patch.set_edgecolor("white")
ax.set(xlabel=r"variable $j$ (0 to 2 true, 3 the decoy)", ylabel="fraction selected")
ax.set_xticks(np.arange(p))
ax.legend(loc="upper right", fontsize=12)
ax.grid(False)
fig.set_label(
    "Bar chart of the fraction of 100 samples of the failing design in which each of the "
    "eight variables is selected, for the Lasso, the adaptive Lasso and MCP at the same "
    "strength. All three select the three true variables in nearly every sample; the Lasso "
    "selects the decoy, variable 3, in most samples, the two remedies rarely."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# MCP's result is a stationary point, and which one proximal gradient reaches depends on
# where it starts (here at zero) and on its step; on some of these samples, coordinate
# descent from zero, another common solver for MCP, reaches a different one.

# %%
# Takeaways
# ---------
# * Whether the Lasso's zeros are the right ones depends on the design, through the
#   irrepresentable number :math:`\|X_{S^c}^\top X_S (X_S^\top X_S)^{-1} s\|_\infty`.
#   For sign consistency as :math:`n \to \infty`, its sample value below 1 for all large
#   :math:`n` is necessary, so its population value (with :math:`C` for
#   :math:`X^\top X/n`) at most 1, and the sample value at most :math:`1 - \eta` for all
#   large :math:`n` sufficient (Zhao and Yu); on one sample without noise (:math:`X_S` of
#   full column rank), the sample value at most 1 is necessary, with no limit taken, for
#   the true support and signs at some :math:`\alpha > 0`. Here one correlation of 0.5 with
#   each of three true variables puts the population value at 1.5: on this page's sample
#   no :math:`\alpha` on the exact path gives the true support, and on fresh noisy samples
#   only a few paths do.
# * The signal must also be large enough: with the condition holding, the interval of
#   :math:`\alpha` with the true support shrinks as the smallest true coefficient does, and
#   with noise it is found less and less often.
# * Penalties that pull less on large coefficients, the adaptive Lasso and MCP, recovered
#   exactly the true support on most samples of the failing design, where the Lasso rarely
#   did. The theorems behind them (Zou's
#   oracle property, Zhang's selection consistency) have conditions of their own; this page
#   shows one example.
# * :func:`sparsenorm.proximal_gradient` solves all three with one algorithm and says what it
#   proved: a duality gap for the convex penalties, a stationary point for MCP.

# %%
# References
# ----------
# * P. Zhao, B. Yu, "On model selection consistency of Lasso", *Journal of Machine Learning
#   Research* 7, 2541-2563, 2006, https://www.jmlr.org/papers/v7/zhao06a.html.
# * H. Zou, "The adaptive lasso and its oracle properties", *Journal of the American
#   Statistical Association* 101(476), 1418-1429, 2006,
#   https://doi.org/10.1198/016214506000000735.
# * N. Meinshausen, P. Bühlmann, "Stability selection", *Journal of the Royal Statistical
#   Society, Series B* 72(4), 417-473, 2010, https://doi.org/10.1111/j.1467-9868.2010.00740.x.
# * C.-H. Zhang, "Nearly unbiased variable selection under minimax concave penalty",
#   *Annals of Statistics* 38(2), 894-942, 2010, https://doi.org/10.1214/09-AOS729.
# * M. J. Wainwright, "Sharp thresholds for high-dimensional and noisy sparsity recovery
#   using :math:`\ell_1`-constrained quadratic programming (Lasso)", *IEEE Transactions on
#   Information Theory* 55(5), 2183-2202, 2009, https://doi.org/10.1109/TIT.2009.2016018.
# * B. Efron, T. Hastie, I. Johnstone, R. Tibshirani, "Least angle regression", *Annals of
#   Statistics* 32(2), 407-499, 2004 (the homotopy path).
