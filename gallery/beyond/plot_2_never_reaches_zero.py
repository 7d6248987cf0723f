r"""
===========================================
"Never reaches zero", in floating point
===========================================

The source article says that L2 gradient steps with :math:`\eta = 1/2` halve the weight at every
step and so never reach zero. In exact arithmetic that is true; a computer, though, has a
smallest positive number. Here we halve 5 in float64 and float32 until something happens, find
the exact step at which the weight enters the subnormal range and the step at which it becomes
exactly zero, and see that the article's own update rule, :math:`w - \eta w`, instead gets stuck
on the smallest positive number and never reaches zero after all. We end with L2 steps of size
1, 2 and more.
"""

# %%
# Floating-point numbers and the subnormal range
# ----------------------------------------------
# A float64 number is stored as a 53-bit significand times a power of two,
# :math:`\pm 1.f \times 2^{e}`, with the exponent :math:`e \ge -1022`. The smallest such
# *normal* number is :math:`2^{-1022} \approx 2.2 \times 10^{-308}` (numpy's
# ``finfo.smallest_normal``, also called ``tiny``). Below it the format switches to *subnormal*
# numbers :math:`0.f \times 2^{-1022}`: the exponent stays fixed and leading bits of the
# significand become zero, so every halving costs one bit of precision. The last one standing
# is the smallest subnormal :math:`2^{-1074} \approx 4.9 \times 10^{-324}`. float32 has the same
# structure with a 24-bit significand and limits :math:`2^{-126}` and :math:`2^{-149}`.
import numpy as np

for dtype in (np.float64, np.float32):
    info = np.finfo(dtype)
    print(
        f"{info.dtype}: smallest normal {info.smallest_normal:.6g} "
        f"= 2**{int(np.log2(info.smallest_normal))}, smallest subnormal "
        f"{info.smallest_subnormal:.6g} = 2**{int(np.log2(info.smallest_subnormal))}"
    )

# %%
# Halving 5 until it stops
# ------------------------
# The proximal step of the ridge penalty :math:`\tfrac12 w^2` with step 1 is
# :math:`w / (1 + 1)`, an exact halving, so :func:`sparsenorm.penalty_descent` with
# ``method="proximal"`` gives the sequence :math:`5 \cdot 2^{-k}`. Every halving of a normal
# number is exact, so the sequence is exactly :math:`5 \cdot 2^{-k}` down to the subnormal range.
# In float64, :math:`5 \cdot 2^{-1024} = 1.25 \cdot 2^{-1022}` is still normal and
# :math:`5 \cdot 2^{-1025}` is not. From there each halving drops one bit, until
#
# .. math::
#
#    5 \cdot 2^{-1074} = 5d \;\to\; 2.5d \approx 2d \;\to\; d \;\to\; 0.5d \approx 0,
#
# where :math:`d = 2^{-1074}` and both roundings are ties, which IEEE 754 breaks towards the
# even neighbour (2 rather than 3, and 0 rather than 1).
import sparsenorm as sn

ridge = sn.SquaredL2(alpha=1.0)
n_steps = 1100
halving = {
    dtype: sn.penalty_descent(ridge, dtype(5.0), step=1.0, n_steps=n_steps, method="proximal")
    for dtype in (np.float64, np.float32)
}
for dtype, run in halving.items():
    info = np.finfo(dtype)
    first_subnormal = int(np.argmax(run < info.smallest_normal))
    first_zero = int(np.argmax(run == 0))
    tail = (run[first_zero - 4 : first_zero + 1] / info.smallest_subnormal).astype(int)
    print(
        f"{info.dtype}: subnormal from step {first_subnormal}, exactly 0 at step {first_zero}; "
        f"last steps in units of the smallest subnormal: {tail.tolist()}"
    )

# %%
# The article's update rule gets stuck instead
# --------------------------------------------
# The article writes the L2 step as :math:`w \leftarrow w - \eta\, w` with
# :math:`\eta = 1/2`, which is what plain gradient descent computes. On paper it is the same
# halving. In floating point the product :math:`\eta w` is rounded *before* the subtraction, and
# near the bottom of the range that changes the outcome:
#
# .. math::
#
#    5d - \mathrm{round}(2.5d) = 5d - 2d = 3d, \quad
#    3d - \mathrm{round}(1.5d) = 3d - 2d = d, \quad
#    d - \mathrm{round}(0.5d) = d - 0 = d.
#
# The weight stops at the smallest subnormal and stays there for ever: the article's sentence
# "it never reaches zero" is true of its own update rule in float64, but because of rounding,
# not because of the geometric series.
gradient = {
    dtype: sn.penalty_descent(ridge, dtype(5.0), step=0.5, n_steps=n_steps)
    for dtype in (np.float64, np.float32)
}
for dtype, run in gradient.items():
    info = np.finfo(dtype)
    stuck = int(np.argmax(run == info.smallest_subnormal))
    print(
        f"{info.dtype}: w - w/2 reaches {run[stuck]:.3g} at step {stuck} and stays there "
        f"up to step {n_steps}: {bool(np.all(run[stuck:] == info.smallest_subnormal))}; "
        f"any exact zero: {bool(np.any(run == 0))}"
    )

# %%
# The whole descent, exponent by exponent
# ---------------------------------------
# We plot :math:`\log_2 |w_k|`, the binary exponent of the weight. The shaded bands are the
# subnormal ranges. The halving runs leave the plot where they become exactly zero
# (:math:`\log_2 0 = -\infty`); the :math:`w - w/2` runs end flat on the smallest subnormal.
import matplotlib.pyplot as plt

L2_COLOR, NEUTRAL = "#D55E00", "#555555"


def log2_abs(w):
    """Binary exponent of |w|, NaN (not drawn) where w is exactly zero."""
    safe = np.where(w != 0, np.abs(w), 1).astype(np.float64)
    return np.where(w != 0, np.log2(safe), np.nan)


fig, axes = plt.subplots(1, 3, figsize=(13, 4), layout="constrained")
for ax, dtype, window in [(axes[0], np.float64, 1090), (axes[1], np.float32, 165)]:
    info = np.finfo(dtype)
    low, high = np.log2(float(info.smallest_subnormal)), np.log2(float(info.smallest_normal))
    k = np.arange(window + 1)
    halved, stepped = halving[dtype][: window + 1], gradient[dtype][: window + 1]
    ax.axhspan(low, high, color=NEUTRAL, alpha=0.15)
    ax.text(2, (low + high) / 2, "subnormal", color=NEUTRAL, va="center", fontsize="small")
    ax.plot(k, log2_abs(stepped), color=L2_COLOR, linewidth=2.5, label=r"$w - w/2$")
    ax.plot(k, log2_abs(halved), "--", color=NEUTRAL, label=r"$w / 2$ (prox)")
    zero = int(np.argmax(halved == 0))
    ax.axvline(zero, color=NEUTRAL, linestyle=":", linewidth=1)
    ax.annotate(
        f"exactly 0 at step {zero}",
        (zero, low - 2),
        xytext=(0.3, 0.25),
        textcoords="axes fraction",
        arrowprops={"arrowstyle": "->", "color": NEUTRAL},
    )
    _ = ax.set(
        title=f"{info.dtype}, halving 5",
        xlabel=r"step $k$",
        ylabel=r"$\log_2 |w_k|$",
        ylim=(low - 0.12 * (3 - low), 8),
    )
    _ = ax.legend(loc="upper right")

# The right panel zooms in on the last float64 steps, in units of the smallest subnormal d.
d = np.finfo(np.float64).smallest_subnormal
k = np.arange(1072, 1082)
ax = axes[2]
ax.plot(k, gradient[np.float64][k] / d, "o-", color=L2_COLOR, linewidth=2.5, label=r"$w - w/2$")
ax.plot(k, halving[np.float64][k] / d, "s--", color=NEUTRAL, label=r"$w / 2$ (prox)")
_ = ax.set(
    title="float64, last steps",
    xlabel=r"step $k$",
    ylabel=r"$w_k / d,\ d = 2^{-1074}$",
    xticks=k[::2],
    yticks=[0, 1, 2, 3, 5, 10, 20],
)
_ = ax.legend(loc="upper right")

# %%
# Zooming in on the last steps shows the two rules parting ways at :math:`5d`, as derived above.
for dtype in (np.float64, np.float32):
    d = np.finfo(dtype).smallest_subnormal
    start = int(np.argmax(halving[dtype] == 5 * d))
    print(
        f"{np.finfo(dtype).dtype}, steps {start} to {start + 5} in units of d:\n"
        f"  w / 2:   {(halving[dtype][start : start + 6] / d).astype(int).tolist()}\n"
        f"  w - w/2: {(gradient[dtype][start : start + 6] / d).astype(int).tolist()}"
    )

# %%
# Large L2 steps: exactly zero, a flip, or divergence
# ---------------------------------------------------
# The penalty alone gives :math:`w_{k+1} = w_k - \eta w_k = (1 - \eta)\, w_k`, so
# :math:`w_k = (1 - \eta)^k w_0`:
#
# * :math:`0 < \eta < 1`: the weight shrinks towards zero without changing sign;
# * :math:`\eta = 1`: one step lands on exactly zero, since :math:`w - 1 \cdot w = 0` is exact
#   in floating point;
# * :math:`1 < \eta < 2`: the sign flips at every step while the size still shrinks;
# * :math:`\eta = 2`: :math:`w_{k+1} = -w_k`, the size never changes;
# * :math:`\eta > 2`: :math:`|1 - \eta| > 1`, the size grows geometrically: gradient descent
#   diverges, the usual fate of a step larger than :math:`2/L` for an :math:`L`-smooth function
#   (here :math:`L = 1`).
steps = [0.5, 1.0, 1.5, 2.0, 2.5]
runs = {eta: sn.penalty_descent(ridge, 5.0, step=eta, n_steps=8) for eta in steps}
for eta, run in runs.items():
    print(f"eta = {eta}: " + ", ".join(f"{w:g}" for w in run))
print("eta = 1, exactly zero after one step:", runs[1.0][1] == 0.0)
print("eta = 2, |w| constant:", bool(np.all(np.abs(runs[2.0]) == 5.0)))

# %%
# With :math:`\eta = 3` the size doubles at each step, which is exact, so the only question is
# when it leaves the range of float64: at the first :math:`k` with :math:`5 \cdot 2^k` above the
# largest double, about :math:`1.8 \times 10^{308}`. The weight then becomes infinite, and
# :func:`sparsenorm.penalty_descent` refuses to take a step from an infinite weight.
with np.errstate(over="ignore"):
    blow_up = sn.penalty_descent(ridge, 5.0, step=3.0, n_steps=1022)
first_inf = int(np.argmax(np.isinf(blow_up)))
print(f"eta = 3: |w| = {abs(blow_up[first_inf - 1]):.4g} at step {first_inf - 1}, ", end="")
print(f"{blow_up[first_inf]} at step {first_inf}")
try:
    sn.penalty_descent(ridge, blow_up[first_inf], step=3.0, n_steps=1)
except ValueError as error:
    print("next step:", error)

fig, axes = plt.subplots(1, len(steps), figsize=(12, 3), layout="constrained", sharey=True)
for ax, (eta, run) in zip(axes, runs.items(), strict=True):
    ax.axhline(0, color=NEUTRAL, linewidth=0.8)
    ax.plot(run, "o-", color=L2_COLOR)
    _ = ax.set(title=rf"$\eta = {eta:g}$", xlabel=r"step $k$", ylim=(-16, 16))
_ = axes[0].set(ylabel=r"$w_k$")

# %%
# Takeaways
# ---------
# * Halving 5 in float64 gives a subnormal number from step 1025 on (still exact down to
#   :math:`5 \cdot 2^{-1074}` at step 1074) and exactly zero at step 1077; in float32 the same
#   happens at steps 129, 149 and 152.
# * The article's rule :math:`w - w/2` does not reach zero in either format: it stops on the
#   smallest subnormal. Either way, the zero (or the stall) comes from the number format, after
#   more than a thousand steps, not from the penalty; an L1 step reaches zero in a handful.
# * Some hardware and compiler settings ("flush to zero") skip subnormals altogether, and a
#   halving run then jumps to zero at the first step below the smallest normal number.
# * For the penalty alone, an L2 step of :math:`\eta = 1` gives exactly zero at once,
#   :math:`\eta = 2` flips the sign for ever, and :math:`\eta > 2` diverges.
#
# References
# ----------
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (Explanation 2, the halving example).
# * IEEE Standard for Floating-Point Arithmetic, IEEE 754-2019 (subnormal numbers,
#   round-half-to-even).
# * D. Goldberg, "What every computer scientist should know about floating-point arithmetic",
#   *ACM Computing Surveys* 23(1), 1991.
# * `numpy.finfo <https://numpy.org/doc/stable/reference/generated/numpy.finfo.html>`_
#   (``smallest_normal``, ``smallest_subnormal``).
