r"""
==========================================
When the toy example breaks: L1 step sizes
==========================================

The source article's L1 example starts at :math:`w_1 = 5` with step :math:`\eta = 1/2`: ten
steps of exactly one half land on zero. Here we change the start to 5.2 and the step to 0.1 and
run the same plain subgradient steps in floating point: the weight never settles on zero, it
jumps across it for ever. The proximal (soft-thresholding) step, which is what real Lasso solvers
take, stops at exactly zero in both cases, with or without a data term.
"""

# %%
# The update rule, and why 5 and 1/2 are a lucky pair
# ----------------------------------------------------
# For the penalty :math:`\lambda|w|` alone, a plain subgradient step uses the sign of the weight:
#
# .. math::
#
#    w_{k+1} = w_k - \eta\,\lambda\,\operatorname{sign}(w_k).
#
# Every step moves the weight by the same amount :math:`\eta\lambda`, so starting from
# :math:`w_0 > 0` the iterates are :math:`w_0 - k\eta\lambda` until the first one that is not
# positive. That one is exactly zero only if :math:`w_0` is a whole multiple of
# :math:`\eta\lambda`, *and* every subtraction on the way is exact. With :math:`w_0 = 5`,
# :math:`\eta = 1/2` both hold (all the numbers are short binary fractions). With
# :math:`w_0 = 5.2` the first condition fails. We use :func:`sparsenorm.penalty_descent`, which
# returns every iterate, with :math:`\lambda = 1`.
import numpy as np

import sparsenorm as sn

penalty = sn.L1(alpha=1.0)
article = sn.penalty_descent(penalty, 5.0, step=0.5, n_steps=12)
print("article, w0 = 5, eta = 1/2:", article[10], "after 10 steps")

plain = sn.penalty_descent(penalty, 5.2, step=0.5, n_steps=16)
print("w0 = 5.2, eta = 1/2, plain subgradient steps:")
for k in range(8, 17):
    print(f"  step {k:2d}: w = {float(plain[k])!r}")

# %%
# The iterate passes zero and then oscillates for ever
# ----------------------------------------------------
# After ten steps the weight is :math:`0.2` (up to the rounding of 5.2), the eleventh step
# overshoots to :math:`-0.3`, whose sign sends it back up by one half to :math:`0.2`, and so on.
# Because each step depends only on the current value, once an iterate repeats the sequence is
# periodic: the check below finds :math:`w_{12} = w_{10}` bit for bit, so the two values
# alternate for ever and no iterate is ever zero.
high, low = float(plain[10]), float(plain[11])
period_two = plain[12] == high and plain[13] == low
print(f"oscillates between {high!r} and {low!r}: {period_two}")
print("any iterate exactly zero:", bool(np.any(plain == 0)))

# %%
# The proximal step from the same start
# -------------------------------------
# The proximal step of :math:`\eta\lambda|w|` solves
# :math:`\min_u \tfrac12 (u - w_k)^2 + \eta\lambda|u|` and has the closed form called
# soft thresholding:
#
# .. math::
#
#    w_{k+1} = \operatorname{sign}(w_k)\,\max(|w_k| - \eta\lambda,\ 0).
#
# It takes the same step as before while the weight is far from zero, but when the step would
# cross zero it stops there. From 5.2 it agrees with the plain steps for ten steps and then lands
# on exactly zero, where it stays.
proximal = sn.penalty_descent(penalty, 5.2, step=0.5, n_steps=16, method="proximal")
first_zero = int(np.argmax(proximal == 0))
print("first exact zero of the proximal steps: step", first_zero)
print("same iterates as the plain steps before it:", bool(np.all(proximal[:11] == plain[:11])))
print("exactly zero from then on:", bool(np.all(proximal[first_zero:] == 0)))

# %%
# A small step: 0.1 is not a binary fraction
# ------------------------------------------
# Now start at 5, a multiple of 0.1 on paper, with :math:`\eta = 0.1`. In binary floating point
# 0.1 cannot be stored exactly; the nearest double is slightly larger. Python's
# :class:`decimal.Decimal` prints the exact value that is stored.
from decimal import Decimal

print("0.1 is stored as", Decimal.from_float(0.1))
small = sn.penalty_descent(penalty, 5.0, step=0.1, n_steps=60)
small_proximal = sn.penalty_descent(penalty, 5.0, step=0.1, n_steps=60, method="proximal")
eps = np.finfo(np.float64).eps
print(f"after 50 steps: w = {float(small[50])!r} = {small[50] / eps:g} machine epsilons")
print("steps 51 to 54:", [float(w) for w in small[51:55]])
print("any plain iterate exactly zero:", bool(np.any(small == 0)))
print("proximal steps: first exact zero at step", int(np.argmax(small_proximal == 0)))

# %%
# Fifty subtractions of the stored 0.1 from 5 leave a leftover of about
# :math:`10^{-15}` instead of zero: every subtraction rounds, and the rounding errors do not
# cancel. The 51st step then jumps to about :math:`-0.1`, and from there the weight alternates
# between the two values. In single precision the same run leaves a leftover of a few
# millionths, because float32 carries about 7 significant digits instead of 16.
small32 = sn.penalty_descent(penalty, np.float32(5.0), step=0.1, n_steps=60)
print(f"float32, after 50 steps: w = {float(small32[50]):.6g} (dtype {small32.dtype})")

# %%
# The runs side by side
# ---------------------
# The plain subgradient steps (grey, open markers) follow the proximal steps (blue) down the line
# and then bounce around zero; the proximal steps stop at zero. The right panel zooms in on the
# last steps of the run with :math:`\eta = 0.1`.
import matplotlib.pyplot as plt

L1_COLOR, NEUTRAL = "#0072B2", "#555555"
fig, axes = plt.subplots(1, 3, figsize=(11, 3.6), layout="constrained")
runs = [
    (axes[0], plain, proximal, r"$w_0 = 5.2,\ \eta = 1/2$", slice(None)),
    (axes[1], small, small_proximal, r"$w_0 = 5,\ \eta = 0.1$", slice(None)),
    (axes[2], small, small_proximal, r"$w_0 = 5,\ \eta = 0.1$ (steps 44 to 60)", slice(44, None)),
]
for ax, grad_run, prox_run, title, window in runs:
    k = np.arange(grad_run.size)[window]
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    ax.plot(k, grad_run[window], "o--", color=NEUTRAL, markerfacecolor="none", label="subgradient")
    ax.plot(k, prox_run[window], ".-", color=L1_COLOR, label="proximal")
    _ = ax.set(title=title, xlabel=r"step $k$", ylabel=r"$w_k$")
_ = axes[0].legend()

# %%
# With a data term the picture is the same
# ----------------------------------------
# A real model adds a data term. Take :math:`\tfrac12(w - z)^2 + \lambda|w|` with
# :math:`z = 0.3` and :math:`\lambda = 1`. Its minimiser is exactly zero, since
# :math:`|z| \le \lambda` (see the page on the subdifferential). Subgradient descent uses
# :math:`w - z + \lambda\operatorname{sign}(w)`; the proximal gradient method (ISTA) takes a
# gradient step on the data term and then the proximal step of the penalty:
#
# .. math::
#
#    w_{k+1} = \operatorname{prox}_{\eta\lambda|\cdot|}\bigl(w_k - \eta\,(w_k - z)\bigr).
#
# With a fixed step the subgradient iterates keep jumping across zero; with the classic
# decreasing steps :math:`\eta_k = 1/(k+1)` they approach zero ever more slowly. Now and then an
# iterate lands on zero by accident, but the next step leaves it again: at zero the minimum-norm
# subgradient of the penalty is 0, so the step is the data gradient's :math:`\eta z` alone. The
# proximal gradient iterates reach zero after a few steps and stay there.
z, lam, n_steps = 0.3, 1.0, 300


def subgradient_run(step_rule):
    w = np.empty(n_steps + 1)
    w[0] = 2.0
    for k in range(n_steps):
        w[k + 1] = w[k] - step_rule(k) * (w[k] - z + lam * np.sign(w[k]))
    return w


def ista_run(step):
    w = np.empty(n_steps + 1)
    w[0] = 2.0
    for k in range(n_steps):
        w[k + 1] = sn.prox_l1(w[k] - step * (w[k] - z), step * lam)
    return w


fixed = subgradient_run(lambda k: 0.1)
decreasing = subgradient_run(lambda k: 1.0 / (k + 1))
ista = ista_run(0.1)
for name, run in [("fixed step", fixed), ("decreasing steps", decreasing), ("ISTA", ista)]:
    zeros = np.flatnonzero(run[:-1] == 0)
    left_again = int(np.count_nonzero(run[zeros + 1] != 0))
    print(
        f"{name:16s}: exactly zero at {zeros.size:3d} of {n_steps} steps, "
        f"left zero again {left_again} times, final |w| = {abs(float(run[-1])):.2g}"
    )

# %%
# On a logarithmic axis an exact zero cannot be drawn, so the proximal run ends where it reaches
# zero (marked with a cross on the bottom edge).
fig, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
k = np.arange(n_steps + 1)
ax.semilogy(k, np.abs(fixed), color=NEUTRAL, linewidth=0.8, label=r"subgradient, $\eta = 0.1$")
ax.semilogy(k, np.abs(decreasing), ":", color=NEUTRAL, label=r"subgradient, $\eta_k = 1/(k+1)$")
hit = int(np.argmax(ista == 0))
ax.semilogy(k[:hit], np.abs(ista[:hit]), ".-", color=L1_COLOR, label=r"ISTA, $\eta = 0.1$")
ax.plot(hit, 1e-19, "x", color=L1_COLOR, markersize=10, clip_on=False)
ax.annotate(
    f"exactly 0 from step {hit}",
    (hit, 1e-19),
    xytext=(hit + 15, 1e-17),
    color=L1_COLOR,
    bbox={"facecolor": "white", "edgecolor": "none"},
    arrowprops={"arrowstyle": "->", "color": L1_COLOR},
)
_ = ax.set(ylim=(1e-19, 10), xlabel=r"step $k$", ylabel=r"$|w_k|$")
_ = fig.legend(loc="outside right upper")

# %%
# Takeaways
# ---------
# * The article's ten clean steps to zero rely on a start that is an exact multiple of the step.
#   From 5.2 with :math:`\eta = 1/2` plain subgradient steps alternate between about 0.2 and
#   :math:`-0.3` for ever.
# * With :math:`\eta = 0.1`, rounding leaves about :math:`10^{-15}` after fifty steps instead of
#   zero, and the weight then jumps between that and about :math:`-0.1`.
# * The proximal step (soft thresholding), or equivalently for the penalty alone a step clipped
#   at zero, lands on exactly zero and stays. This is why Lasso solvers (ISTA, FISTA, coordinate
#   descent) use it, and why their solutions have exact zeros while plain subgradient descent
#   only produces small numbers.
#
# References
# ----------
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (the source article's two explanations).
# * `Cross Validated question 617516 <https://stats.stackexchange.com/questions/617516>`_ and
#   `DSP Stack Exchange question 48904 <https://dsp.stackexchange.com/questions/48904>`_: plain
#   subgradient descent on the Lasso does not give exact zeros, proximal steps do.
# * T. Hastie, R. Tibshirani, M. Wainwright, *Statistical Learning with Sparsity*, CRC Press,
#   2015, chapter 5 (proximal gradient methods).
# * D. Goldberg, "What every computer scientist should know about floating-point arithmetic",
#   *ACM Computing Surveys* 23(1), 1991 (why 0.1 is not exact).
