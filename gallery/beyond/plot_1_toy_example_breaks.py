r"""
==========================================
When the toy example breaks: L1 step sizes
==========================================

The source article's L1 example starts at :math:`w = 5` with step :math:`\eta = 1/2`: ten
steps of exactly one half land on zero. Here we change the start to 5.2, then the step to 0.1,
and run the same plain subgradient steps in IEEE 754 double precision: in both runs the weight
never lands on zero but jumps across it for ever. The proximal (soft-thresholding) step, which
proximal-gradient and coordinate-descent Lasso solvers take, stops at exactly zero. With a data
term and a step of at most 2, proximal gradient steps reach exactly zero after finitely many
steps whenever the data value lies strictly inside the dead zone: always in exact arithmetic,
and in floating point unless the margin :math:`\eta(\alpha - |z|)` is tiny compared with
:math:`|w_0| + \alpha` (for example when :math:`|z|` is extremely close to :math:`\alpha`, or
when :math:`|w_0| \gtrsim 2^{55}\alpha` with :math:`\eta = 2`). The
notation is the site's (:ref:`notation`).
"""

# %%
# The update rule, and why 5 and 1/2 are a lucky pair
# ----------------------------------------------------
# For the penalty :math:`\alpha|w|` alone, a plain subgradient step uses the sign of the weight:
#
# .. math::
#
#    w_{k+1} = w_k - \eta\,\alpha\,\operatorname{sign}(w_k).
#
# Every step moves the weight by the same amount :math:`\eta\alpha`, so from :math:`w_0 > 0` the
# iterates are :math:`w_0 - k\eta\alpha` until the first one that is not positive. In exact
# arithmetic that one is exactly zero if and only if :math:`w_0` is a whole multiple of
# :math:`\eta\alpha`. On a computer every subtraction is rounded to the nearest double, and the
# roundings decide. With :math:`w_0 = 5` and :math:`\eta = 1/2` every number on the way (5, 4.5,
# ..., 0.5) is a short binary fraction, every subtraction is exact, and the tenth step lands on
# 0. We use :func:`sparsenorm.penalty_descent`, which returns every iterate, with
# :math:`\alpha = 1`.
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
# Each step depends only on the current value, so once an iterate repeats, the sequence is
# periodic: the check below finds :math:`w_{12} = w_{10}` bit for bit, so the two values
# alternate for ever and no iterate is ever zero.
high, low = float(plain[10]), float(plain[11])
period_two = plain[12] == high and plain[13] == low
print(f"oscillates between {high!r} and {low!r}: {period_two}")
print("any iterate exactly zero:", bool(np.any(plain == 0)))

# %%
# The proximal step from the same start
# -------------------------------------
# The proximal step of :math:`\eta\alpha|w|` solves
# :math:`\min_u \tfrac12 (u - w_k)^2 + \eta\alpha|u|` and has the closed form called
# soft thresholding:
#
# .. math::
#
#    w_{k+1} = \operatorname{sign}(w_k)\,\max(|w_k| - \eta\alpha,\ 0).
#
# While :math:`|w_k| \ge \eta\alpha` it takes the same step as the plain update (the same
# subtraction, bit for bit); when the plain step would cross zero it stops on it. From 5.2 it
# agrees with the plain steps for ten steps and then lands on exactly zero, where it stays.
proximal = sn.penalty_descent(penalty, 5.2, step=0.5, n_steps=16, method="proximal")
first_zero = int(np.argmax(proximal == 0))
print("first exact zero of the proximal steps: step", first_zero)
same = bool(np.all(proximal[:first_zero] == plain[:first_zero]))
print("same iterates as the plain steps before it:", same)
print("exactly zero from then on:", bool(np.all(proximal[first_zero:] == 0)))

# %%
# A small step: 0.1 and fifty rounded subtractions
# ------------------------------------------------
# Now start at 5, a multiple of 0.1 on paper, with :math:`\eta = 0.1`. In binary floating point
# 0.1 cannot be stored exactly; the nearest double is slightly larger. Python's
# :class:`decimal.Decimal` prints the exact value that is stored.
from decimal import Decimal

print("0.1 is stored as", Decimal.from_float(0.1))
small = sn.penalty_descent(penalty, 5.0, step=0.1, n_steps=60)
small_proximal = sn.penalty_descent(penalty, 5.0, step=0.1, n_steps=60, method="proximal")
eps = np.finfo(np.float64).eps
print(f"after 50 steps: w = {float(small[50])!r}")
print(f"  = {small[50] / eps:g} machine epsilons")
print(f"steps 51, 52: {float(small[51])!r}, {float(small[52])!r}")
print("periodic from step 50:", bool(np.all(small[52::2] == small[50])))
print("any plain iterate exactly zero:", bool(np.any(small == 0)))
print("proximal steps: first exact zero at step", int(np.argmax(small_proximal == 0)))

# %%
# Fifty steps leave a leftover of about :math:`10^{-15}` instead of zero; the 51st step jumps to
# about :math:`-0.1`, and from there the weight alternates between the two values. Is the stored
# 0.1 to blame, or the rounding? :class:`fractions.Fraction` answers: with the stored value and
# *exact* subtractions, fifty steps would leave :math:`5 - 50 \times 0.1000...0555 \approx
# -2.8 \times 10^{-16}`, four times smaller than what we got and of the other sign. And the
# closed form :math:`w_0 - k\eta` in floating point, one rounded product and one subtraction,
# gives exactly 0 at :math:`k = 50`, because :math:`50 \times 0.1` rounds to 5. The leftover is
# made by the rounding of the fifty subtractions, most of which are inexact.
from fractions import Fraction

stored = Fraction(0.1)
print(f"exact, stored 0.1:   5 - 50 s = {float(5 - 50 * stored):.3g}")
w_float, inexact = 5.0, 0
for _ in range(50):
    exact_difference = Fraction(w_float) - stored
    w_float = w_float - 0.1
    inexact += Fraction(w_float) != exact_difference
print(f"rounded, 50 steps:   w = {w_float:.3g} ({inexact} of 50 subtractions inexact)")
print(f"closed form, float:  5 - 50 * 0.1 = {5.0 - 50 * 0.1}")

# %%
# The roundings can go either way. The stored 0.04 is exactly four times the stored 0.01, yet
# four rounded subtractions of 0.01 miss zero; the stored 1.17 is *not* a whole multiple of the
# stored 0.13, yet nine subtractions of 0.13 land on exactly 0.0. In floating point, whether a
# run of plain steps hits zero is a matter of rounding luck, in both directions.
for w0, step, n in [(0.04, 0.01, 4), (1.17, 0.13, 9)]:
    ratio = Fraction(w0) / Fraction(step)
    run = sn.penalty_descent(penalty, w0, step=step, n_steps=n)
    print(
        f"w0 = {w0}, eta = {step}: w0 / eta whole: {ratio.denominator == 1}, "
        f"w_{n} = {float(run[n]):.3g}"
    )

# %%
# In single precision the same run from 5 with :math:`\eta = 0.1` leaves a few millionths: float32
# rounds to 24 significant bits instead of 53, so each rounding error is about
# :math:`2^{29} \approx 5 \times 10^{8}` times larger.
small32 = sn.penalty_descent(penalty, np.float32(5.0), step=0.1, n_steps=60)
print(f"float32, after 50 steps: w = {float(small32[50]):.6g} (dtype {small32.dtype})")

# %%
# The runs, stacked
# -----------------
# The plain subgradient steps (black, open circles) follow the proximal steps (blue dots) down the
# line and then bounce around zero; the proximal steps stop at zero. The bottom panel zooms in on
# the last steps of the run with :math:`\eta = 0.1`.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")
panels = [
    (plain, proximal, slice(None), r"$w_0 = 5.2,\ \eta = 1/2$"),
    (small, small_proximal, slice(None), r"$w_0 = 5,\ \eta = 0.1$"),
    (small, small_proximal, slice(44, None), r"$w_0 = 5,\ \eta = 0.1$, steps 44 to 60"),
]
fig, axes = plt.subplots(3, 1, figsize=(5, 9))
for ax, (plain_steps, prox_steps, shown, panel_title) in zip(axes, panels, strict=True):
    step_index = np.arange(plain_steps.size)[shown]
    ax.plot(step_index, plain_steps[shown], "o--", color="C6", mfc="none", label="subgradient")
    ax.plot(step_index, prox_steps[shown], ".-", color="C0", label="proximal")
    # sphinx_gallery_start_ignore
    ax.axhline(0, color="C6", linewidth=0.8)
    ax.set(title=panel_title, xlabel=r"step $k$", ylabel=r"$w_k$")
    ax.xaxis.get_major_locator().set_params(integer=True)
    # sphinx_gallery_end_ignore
# sphinx_gallery_start_ignore
axes[0].legend(loc="upper right")
fig.set_label(
    "Three stacked panels of the weight against the step. From 5.2 with step one half, and from "
    "5 with step 0.1, the plain subgradient steps walk down to zero and then jump back and forth "
    "across it for ever, while the proximal steps follow the same line and stop at exactly zero. "
    "The zoom shows the step-0.1 run alternating between about 1e-15 and about -0.1."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# With a data term
# ----------------
# A real model adds a data term. Take the one-weight problem
# :math:`\tfrac12(w - z)^2 + \alpha|w|` with :math:`\alpha = 1` and a data value with no short
# decimal or binary expansion, :math:`z = 1/\pi \approx 0.318`. Its minimiser is exactly zero,
# since :math:`|z| \le \alpha` (see the page on the subdifferential). Subgradient descent uses
# :math:`w - z + \alpha\operatorname{sign}(w)`; the proximal gradient method (ISTA) takes a
# gradient step on the data term and then the proximal step of the penalty:
#
# .. math::
#
#    w_{k+1} = \operatorname{prox}_{\eta\alpha|\cdot|}\bigl(w_k - \eta\,(w_k - z)\bigr).
#
# With a fixed step the subgradient iterates keep crossing zero; with the classic decreasing
# steps :math:`\eta_k = 1/(k+1)` they approach it like :math:`1/k` (below). The proximal gradient
# iterates reach zero after a few steps and stay there. In exact arithmetic this happens whenever
# :math:`|z| < \alpha` (strictly) and :math:`0 < \eta \le 2`: each step from a non-zero weight
# either lands on 0 or reduces :math:`|w|` by at least :math:`\eta(\alpha - |z|)`, and at
# :math:`w = 0` the next step is :math:`\operatorname{prox}(\eta z) = 0`, since
# :math:`|\eta z| \le \eta\alpha`. For :math:`\eta > 2` the gradient step overshoots: from any
# start with :math:`|w_0| > \eta(\alpha + |z|)/(\eta - 2)` the iterates grow without bound, as
# plain gradient descent does on a quadratic of curvature 1 with a step above 2.
#
# In IEEE 754 binary64 (round to nearest even, each operation rounded separately, as numpy does;
# numbers far from overflow and underflow) one step differs from the exact step on the same
# weight by less than :math:`2^{-49}(|w| + |z| + \alpha)`, and the iterates still reach exactly
# 0, for :math:`0 < \eta \le 2`, whenever :math:`\delta = \eta(\alpha - |z|)` satisfies
# :math:`\delta \ge 2^{-46}(|w_0| + \alpha)` (with :math:`\alpha` between :math:`2^{-900}` and
# :math:`2^{900}` and :math:`|w_0| \le 2^{900}`, far from overflow and underflow). The exact
# argument does not carry over word for word: a step whose exact result is 0 may come back as
# a tiny non-zero number. With :math:`F` the computed step, :math:`S` the exact one and
# :math:`E` the bound on :math:`|F(w) - S(w)|`, one of three things happens at every step:
# if :math:`|w| + E \le \delta`, the step gives exactly 0; if :math:`|w| \ge \delta`,
# :math:`|w|` shrinks by at least :math:`\tfrac34\delta`; otherwise :math:`|F(w)| \le E`, and
# the next step gives 0. So at most :math:`\tfrac43|w_0|/\delta + 2` steps reach 0. When
# :math:`\delta` is tiny compared with :math:`|w_0| + \alpha` the roundings can win: near the
# edge of the dead zone (below), or for :math:`z = 0`, :math:`\alpha = 1`, :math:`\eta = 2`,
# :math:`w_0 = 2^{60}`, where :math:`\mathrm{fl}(w - 2w) = -w` and :math:`|v| - 2` rounds to
# :math:`|v|`, so the iterates flip between :math:`\pm 2^{60}` for ever.
z, alpha, n_steps = 1 / np.pi, 1.0, 300


def subgradient_run(z, step_rule, w0=2.0):
    w = np.empty(n_steps + 1)
    w[0] = w0
    for k in range(n_steps):
        w[k + 1] = w[k] - step_rule(k) * (w[k] - z + alpha * np.sign(w[k]))
    return w


def ista_run(z, step, w0=2.0):
    w = np.empty(n_steps + 1)
    w[0] = w0
    for k in range(n_steps):
        w[k + 1] = sn.prox_l1(w[k] - step * (w[k] - z), step * alpha)
    return w


fixed = subgradient_run(z, lambda k: 0.1)
decreasing = subgradient_run(z, lambda k: 1.0 / (k + 1))
ista = ista_run(z, 0.1)
print(f"{'run':17s} {'exact zeros':>11s} {'final |w|':>10s}")
runs = {"fixed step 0.1": fixed, "steps 1/(k+1)": decreasing, "ISTA, step 0.1": ista}
for name, run in runs.items():
    print(f"{name:17s} {np.count_nonzero(run == 0):7d}/{n_steps} {abs(float(run[-1])):10.2g}")
tail = fixed[-100:]
print(
    f"fixed step, last 100 steps: {np.count_nonzero(np.diff(np.sign(tail)))} sign changes, "
    f"|w| <= {np.abs(tail).max():.3f}"
)

# %%
# At and near the edge of the dead zone
# -------------------------------------
# At :math:`|z| = \alpha` exactly, with :math:`0 < \eta < 1`, exact arithmetic gives two
# different fates. From a start on the same side as :math:`z` (say :math:`w > 0` and
# :math:`z > 0`) the step is :math:`(1 - \eta)w + \eta(z - \alpha) = (1 - \eta)w`: the weight
# only shrinks, like :math:`(1 - \eta)^k`, and never reaches 0. From the other side each step
# moves it towards 0 by at least :math:`2\eta\alpha` until the proximal step clips it to exactly
# 0, after finitely many steps.
# In binary64 the runs below from :math:`w_0 = 2`, with :math:`z = \alpha = 1`, end on 0 or
# stall just above it, depending on :math:`\eta`; from :math:`w_0 = -3` the run reaches 0 at step
# 9, as in exact arithmetic. Just inside the dead zone the roundings can still win: with
# :math:`\alpha = 5` and :math:`z` the double just below 5, :math:`\eta(\alpha - |z|)` is about
# :math:`10^{-16}`, far below the :math:`2^{-46}(|w_0| + \alpha) \approx 1.4 \times 10^{-13}`
# that the condition above asks for, and the run from :math:`w_0 = 5` stalls above 0.


def ista_until_it_stops(z, alpha, step, w0, max_steps=10_000):
    """ISTA from w0 until w is exactly 0 or stops changing: which, and when."""
    w = w0
    for k in range(1, max_steps + 1):
        w_next = float(sn.prox_l1(w - step * (w - z), step * alpha))
        if w_next == 0:
            return f"exactly 0 at step {k}"
        if w_next == w:
            return f"stalls at {w:.3g} = 2**{np.log2(w):g} from step {k - 1}"
        w = w_next
    return "still moving"


edge_runs = {
    (eta, start): ista_until_it_stops(1.0, 1.0, eta, start)
    for eta, start in [(0.1, 2.0), (0.5, 2.0), (0.9, 2.0), (0.1, -3.0)]
}
for (eta, start), outcome in edge_runs.items():
    print(f"z = alpha = 1, eta = {eta}, w0 = {start:g}: {outcome}")
z_near = float(np.nextafter(5.0, 0.0))
near_edge = ista_until_it_stops(z_near, 5.0, 0.1, 5.0)
print(f"alpha = 5, z = {z_near!r} (the double below 5):")
print(f"  eta = 0.1, w0 = 5: {near_edge}")

# %%
# Why :math:`1/k`, and why not :math:`z = 0.3`
# --------------------------------------------
# With :math:`\eta_k = 1/(k+1)` the update multiplies out to
# :math:`(k+1)\,w_{k+1} = k\,w_k + z - \alpha s_k`, with :math:`s_k = \operatorname{sign}(w_k)`,
# so for :math:`k \ge 1`
#
# .. math::
#
#    k\,w_k = k z - \alpha\,(s_0 + s_1 + \dots + s_{k-1}).
#
# When :math:`|z| \le \alpha` the right-hand side never leaves
# :math:`[-(\alpha + |z|),\ \alpha + |z|]` (a positive value moves down by :math:`\alpha - z`,
# a negative one up by :math:`\alpha + z`, and 0 moves to :math:`z`), so
# :math:`|w_k| \le (\alpha + |z|)/k`. In exact arithmetic :math:`w_k = 0` needs
# :math:`kz/\alpha` to be a whole number. For :math:`z = 0.3` that happens every ten steps, and
# the floating-point iterates, close to that lattice, do land on exactly zero now and then (and
# leave it at the next step, which is :math:`\eta_k z`). Those zeros are an artefact of the
# short decimal: data values drawn at random give none.
bound = (alpha + abs(z)) / np.arange(1, n_steps + 1)
print(f"largest k |w_k| / (alpha + |z|): {np.max(np.abs(decreasing[1:]) / bound):.4f}")
lattice = subgradient_run(0.3, lambda k: 1.0 / (k + 1))
print("z = 0.3: exactly zero at steps", np.flatnonzero(lattice == 0).tolist())
rng = np.random.default_rng(0)
random_z = rng.uniform(-1, 1, 1000)
decimals = np.arange(-99, 100) / 100
runs_with_a_zero = {}
for label, zs in [("random z in (-1, 1)", random_z), ("z = -0.99, ..., 0.99", decimals)]:
    runs_with_a_zero[label] = sum(
        bool(np.any(subgradient_run(zz, lambda k: 1.0 / (k + 1)) == 0)) for zz in zs
    )
    print(f"{label}: {runs_with_a_zero[label]} of {zs.size} runs have an exact zero")

# %%
# On a logarithmic axis an exact zero cannot be drawn, so the proximal run ends where it reaches
# zero (marked with a cross on the bottom edge).
steps_taken = np.arange(n_steps + 1)
hit = int(np.argmax(ista == 0))
fig, ax = plt.subplots(figsize=(5, 5.2))
ax.semilogy(
    steps_taken, np.abs(fixed), "-", color="0.6", lw=0.8, label=r"subgradient, $\eta = 0.1$"
)
ax.semilogy(
    steps_taken, np.abs(decreasing), ":", color="C6", label=r"subgradient, $\eta_k = 1/(k+1)$"
)
ax.semilogy(steps_taken[1:], bound, "--", color="C6", lw=1, label=r"$(\alpha + |z|)/k$")
ax.semilogy(steps_taken[:hit], np.abs(ista[:hit]), ".-", color="C0", label=r"ISTA, $\eta = 0.1$")
# sphinx_gallery_start_ignore
ax.plot(hit, 1e-6, "x", color="C0", markersize=10, clip_on=False)
ax.annotate(f"exactly 0 from step {hit}", (hit, 1e-6), xytext=(40, 3e-6), color="C0")
ax.set(ylim=(1e-6, 10), xlabel=r"step $k$", ylabel=r"$|w_k|$")
fig.legend(loc="outside lower center", ncols=2)
fig.set_label(
    "The distance of the weight from zero against the step, on a log scale. Fixed-step "
    "subgradient descent keeps jumping around within about 0.13 of zero, decreasing steps "
    "approach zero like one over k without reaching it, and the proximal gradient run reaches "
    f"exactly zero after {hit} steps."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * The article's ten clean steps to zero rely on a start that is an exact multiple of the step
#   and on subtractions that happen to be exact. From 5.2 with :math:`\eta = 1/2` plain
#   subgradient steps alternate between about 0.2 and :math:`-0.3` for ever.
# * With :math:`\eta = 0.1` the fifty rounded subtractions leave about :math:`10^{-15}` instead
#   of zero, and the weight then jumps between that and about :math:`-0.1`. In floating point,
#   whether plain steps hit zero is rounding luck, in both directions.
# * The proximal step (soft thresholding), for the penalty alone a step clipped at zero, lands on
#   exactly zero and stays. With a data term and a step :math:`0 < \eta \le 2`, proximal
#   gradient steps reach exactly zero after finitely many steps whenever :math:`|z| < \alpha`:
#   always in exact arithmetic, and in binary64 unless :math:`\eta(\alpha - |z|)` is tiny
#   compared with :math:`|w_0| + \alpha` (the condition above: for example :math:`|z|`
#   extremely close to :math:`\alpha`, or :math:`|w_0| \gtrsim 2^{55}\alpha` with
#   :math:`\eta = 2`). Plain subgradient steps at best get close (with
#   decreasing steps), and hit zero only by coincidence, as with :math:`z = 0.3`.
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
#   *ACM Computing Surveys* 23(1), 1991 (rounding, and why 0.1 is not exact).
