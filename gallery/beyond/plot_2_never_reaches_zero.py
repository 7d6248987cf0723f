r"""
===========================================
"Never reaches zero", in floating point
===========================================

The source article says that L2 gradient steps with :math:`\eta = 1/2` halve the weight at every
step and so never reach zero. In exact arithmetic that is true; a computer, though, has a
smallest positive number, and what happens at the bottom depends on how the arithmetic rounds.
Here we halve 5 in float64 and float32 until something happens, then run the article's own
update :math:`w - \eta w` three ways: rounded the way numpy rounds it, with a fused
multiply-add, and with subnormal numbers flushed to zero. One of the three never reaches zero,
one reaches it like halving, and one sticks at a *normal* number. We end with L2 steps of size
1, 2 and more. The notation is the site's (:ref:`notation`).
"""

# %%
# Floating-point numbers and the subnormal range
# ----------------------------------------------
# Everything on this page assumes IEEE 754 binary arithmetic with rounding to nearest, ties to
# even, which is what numpy and Python use by default. A float64 *normal* number is
# :math:`\pm 1.f \times 2^{e}` with a 53-bit significand :math:`1.f` and
# :math:`-1022 \le e \le 1023`. The smallest normal number is
# :math:`2^{-1022} \approx 2.2 \times 10^{-308}` (numpy's ``finfo.smallest_normal``). Below it
# the format switches to *subnormal* numbers :math:`0.f \times 2^{-1022}`: the exponent stays
# fixed, leading bits of the significand become zero, and the spacing stays
# :math:`d = 2^{-1074} \approx 4.9 \times 10^{-324}`, the smallest subnormal. Every subnormal
# is a whole multiple of :math:`d`. float32 has the same structure with a 24-bit significand
# and limits :math:`2^{-126}` and :math:`2^{-149}`.
import numpy as np

for dtype in (np.float64, np.float32):
    info = np.finfo(dtype)
    normal, subnormal = info.smallest_normal, info.smallest_subnormal
    print(f"{info.dtype}: smallest normal    {normal:.6g} = 2**{int(np.log2(normal))}")
    print(f"{info.dtype}: smallest subnormal {subnormal:.6g} = 2**{int(np.log2(subnormal))}")

# %%
# Halving 5 until it stops
# ------------------------
# The proximal step of the ridge penalty :math:`\tfrac12 w^2` with step 1 is
# :math:`w / (1 + 1)`, one division by 2, rounded once. So
# :func:`sparsenorm.penalty_descent` with ``method="proximal"`` gives the rounded sequence
# :math:`5 \cdot 2^{-k}`. A halving is exact as long as the result fits the format, and
# :math:`5 = 101_2` has only three significant bits, so in float64 the sequence is exactly
# :math:`5 \cdot 2^{-k}` down to :math:`5 \cdot 2^{-1074} = 5d`; it enters the subnormal range at
# :math:`5 \cdot 2^{-1025}`, since :math:`5 \cdot 2^{-1024} = 1.25 \cdot 2^{-1022}` is still
# normal. Then the last halvings round:
#
# .. math::
#
#    5d \;\to\; 2.5d \approx 2d \;\to\; d \;\to\; 0.5d \approx 0,
#
# where both roundings are ties, which round-to-nearest-even breaks towards the even multiple of
# :math:`d` (2 rather than 3, and 0 rather than 1).
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
    print(f"{info.dtype}: subnormal from step {first_subnormal}, 0 at step {first_zero}")
    print(f"  the last five iterates in units of d: {tail.tolist()}")

# %%
# The article's update, rounded three ways
# ----------------------------------------
# The article writes the L2 step as :math:`w \leftarrow w - \eta\, w` with
# :math:`\eta = 1/2`, plain gradient descent. On paper it is the same halving. On a computer it
# is two operations, a product and a difference, and the result depends on how each is rounded.
#
# **numpy** rounds every operation separately (``w - eta * w`` stores the rounded product
# :math:`\mathrm{fl}(\eta w)` first). Near the bottom of the range that changes the outcome:
#
# .. math::
#
#    5d - \mathrm{fl}(2.5d) = 5d - 2d = 3d,
#
#    3d - \mathrm{fl}(1.5d) = 3d - 2d = d,
#
#    d - \mathrm{fl}(0.5d) = d - 0 = d.
#
# The weight stops at the smallest subnormal and stays there for ever.
#
# A **fused multiply-add** (FMA, an instruction of most current processors, and ``math.fma``
# from Python 3.13) computes :math:`w - \eta w` exactly and rounds once. The exact value is
# :math:`w/2`, so every step is the rounded halving above, bit for bit, and the weight reaches
# zero at the same step. numpy has no FMA, and ``math.fma`` does not exist before Python 3.13,
# while this page is meant to run on every Python that sparsenorm supports (3.10 and later), so
# the code below does not use it: it computes :math:`w - \eta w` exactly with
# :class:`fractions.Fraction` and rounds with ``float()``, which rounds a fraction to the nearest
# double, ties to even, subnormals included.
#
# **Flush to zero** (FTZ: a processor mode that some compilers and libraries switch on for speed,
# for example GCC's ``-ffast-math`` on x86) replaces every result below the smallest normal
# number by 0. At :math:`w = 5 \cdot 2^{-1024}` (normal) the product
# :math:`\eta w = 5 \cdot 2^{-1025}` is subnormal, so it becomes 0, and :math:`w - 0 = w`: the
# weight sticks at a normal number, about :math:`2.8 \times 10^{-308}`. Halving under FTZ, in
# contrast, jumps to zero at the first step below the smallest normal number.
from fractions import Fraction

float64 = np.finfo(np.float64)
eta = 0.5


def fma(a, b, c):
    """a * b + c with a single rounding, computed exactly with fractions."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def flush(x):
    """Flush to zero: a result below the smallest normal number becomes 0."""
    return x if abs(x) >= float64.smallest_normal else 0.0


other_rules = {
    "fused multiply-add": lambda w: fma(-eta, w, w),
    "flush to zero": lambda w: flush(w - flush(eta * w)),
    "halving, flush to zero": lambda w: flush(w / 2),
}
article_runs = {"numpy, separate": sn.penalty_descent(ridge, 5.0, step=eta, n_steps=n_steps)}
for name, rule in other_rules.items():
    w = [5.0]
    for _ in range(n_steps):
        w.append(rule(w[-1]))
    article_runs[name] = np.array(w)

print(f"float64, w0 = 5, {n_steps} steps:")
for name, run in article_runs.items():
    stop = int(np.argmax(run == run[-1]))
    outcome = "exactly 0" if run[-1] == 0 else f"stuck at {run[-1]:.3g}"
    print(f"  {name:22s}: {outcome} from step {stop}")
same = np.array_equal(article_runs["fused multiply-add"], halving[np.float64])
print("fused multiply-add equals the rounded halving at every step:", same)

# %%
# numpy's float32 runs the same way as its float64 (to the smallest float32 subnormal):
run32 = sn.penalty_descent(ridge, np.float32(5.0), step=eta, n_steps=n_steps)
d32 = np.finfo(np.float32).smallest_subnormal
stuck32 = int(np.argmax(run32 == d32))
print(f"float32, numpy: stuck at {run32[-1]:.3g} = d from step {stuck32}")
print("  any exact zero:", bool(np.any(run32 == 0)))

# %%
# Other step sizes
# ----------------
# Is :math:`\eta = 1/2` special? It is exactly the boundary. For :math:`0 < \eta < 1` and any
# finite start :math:`w_0 \ne 0`, with rounding to nearest even and subnormals:
#
# * rounded separately (numpy), :math:`w - \mathrm{fl}(\eta w)` reaches exactly 0 if and only if
#   :math:`\eta > 1/2`;
# * with a fused multiply-add, :math:`\mathrm{fl}(w - \eta w)` reaches exactly 0 if and only if
#   :math:`\eta \ge 1/2`.
#
# The reason, for :math:`w > 0` (negative starts are the mirror image): no step makes the weight
# negative, and the difference of two different doubles is never rounded to 0 (subnormals see
# to that), so the separately rounded step gives 0 only when :math:`\mathrm{fl}(\eta w) = w`.
# If :math:`\eta \le 1/2`, then :math:`\mathrm{fl}(\eta w) \le \mathrm{fl}(w/2) < w` for
# every :math:`w > 0`, so that never happens. If :math:`\eta > 1/2`, every step strictly
# decreases a positive weight; there are finitely many doubles, so the weight reaches 0. With
# FMA the step is :math:`\mathrm{fl}((1 - \eta) w)`, which is 0 only when
# :math:`(1 - \eta) w \le d/2`: impossible for :math:`\eta < 1/2`, since then
# :math:`w < d`; for :math:`\eta \ge 1/2` every step again strictly decreases the weight. A few
# step sizes from :math:`w_0 = 5`:


def run_until_fixed(rule, w0=5.0, max_steps=100_000):
    """Iterate rule from w0 until it gives 0 or repeats: ('0', step) or ('stuck', step, w)."""
    w = w0
    for k in range(1, max_steps + 1):
        w_next = rule(w)
        if w_next == 0:
            return f"0 at step {k}"
        if w_next == w:
            return f"stuck at {w:.3g}"
        w = w_next
    return "undecided"


print(f"{'eta':>19s}  {'numpy, separate':19s} fused multiply-add")
below_half, above_half = float(np.nextafter(0.5, 0)), float(np.nextafter(0.5, 1))
for eta_k in [0.1, 0.4, below_half, 0.5, above_half, 0.6, 0.9]:
    separate = run_until_fixed(lambda w, e=eta_k: w - e * w)
    fused = run_until_fixed(lambda w, e=eta_k: fma(-e, w, w))
    print(f"{eta_k!r:>19s}  {separate:19s} {fused}")

# %%
# The end of the descent, exponent by exponent
# --------------------------------------------
# We plot :math:`\log_2 |w_k|`, the binary exponent of the weight, over the last steps of the
# float64 runs; the shaded band is the subnormal range. A run leaves the plot where it becomes
# exactly zero (:math:`\log_2 0 = -\infty`). The bottom panel shows the last steps in units of
# :math:`d`, where the rounded halving (and FMA) and numpy's rounding part ways at :math:`5d`.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")


def log2_abs(w):
    """Binary exponent of |w|, NaN (not drawn) where w is exactly zero."""
    safe = np.where(w != 0, np.abs(w), 1.0)
    return np.where(w != 0, np.log2(safe), np.nan)


d = float64.smallest_subnormal
k = np.arange(1015, 1083)
fig, (ax, ax_units) = plt.subplots(2, 1, figsize=(5, 7.5))
ax.axhspan(-1074, -1022, color="C6", alpha=0.1, lw=0)
ax.plot(k, log2_abs(halving[np.float64][k]), "C6-", label="halving = FMA")
ax.plot(k, log2_abs(article_runs["numpy, separate"][k]), "C1--", label=r"$w - w/2$, numpy")
ax.plot(k, log2_abs(article_runs["flush to zero"][k]), "C6-.", label=r"$w - w/2$, FTZ")
ax.plot(k, log2_abs(article_runs["halving, flush to zero"][k]), "C6:", label="halving, FTZ")
k_units = np.arange(1073, 1082)
ax_units.plot(k_units, halving[np.float64][k_units] / d, "C6s-", label="halving = FMA")
ax_units.plot(k_units, article_runs["numpy, separate"][k_units] / d, "C1o--", label="numpy")
# sphinx_gallery_start_ignore
ax.text(1050, -1030, "subnormal range", color="C6", va="center")
for run, style, text, offset, ha in [
    (halving[np.float64], "C6v", "0 at step {}", (-14, 3), "right"),
    (
        article_runs["halving, flush to zero"],
        "C6^",
        "0 at step {}\n(halving, FTZ)",
        (8, 3),
        "left",
    ),
]:
    zero_at = int(np.argmax(run == 0))
    ax.plot(zero_at, -1080, style, ms=9, clip_on=False, zorder=4)
    ax.annotate(
        text.format(zero_at),
        (zero_at, -1080),
        xytext=offset,
        textcoords="offset points",
        ha=ha,
        va="bottom",
    )
ax.set(
    title="float64, halving 5: the last steps",
    xlabel=r"step $k$",
    ylabel=r"$\log_2 |w_k|$",
    ylim=(-1080, -972),
)
ax.legend(loc="upper right")
ax_units.set(
    title="the last steps in units of $d = 2^{-1074}$",
    xlabel=r"step $k$",
    ylabel=r"$w_k / d$",
    xticks=k_units[::2],
    yticks=[0, 1, 2, 3, 5, 10],
)
ax_units.legend(loc="upper right")
zero_halving = int(np.argmax(halving[np.float64] == 0))
zero_ftz = int(np.argmax(article_runs["halving, flush to zero"] == 0))
units = {
    name: (run[k_units] / d).astype(int).tolist()
    for name, run in [("halving", halving[np.float64]), ("numpy", article_runs["numpy, separate"])]
}
fig.set_label(
    f"Two stacked panels. Top: the binary exponent of the weight over float64 steps {k[0]} to "
    f"{k[-1]}. Halving, and the article's update with a fused multiply-add, fall one unit per "
    f"step through the subnormal band and reach zero at step {zero_halving}; numpy's separately "
    "rounded update stops on the smallest subnormal; with flush to zero the update sticks at a "
    f"normal number near two to the minus 1022, and halving ends at zero at step {zero_ftz}. "
    f"Bottom: steps {k_units[0]} to {k_units[-1]} in units of the smallest subnormal: halving "
    f"goes {str(units['halving'])[1:-1]}, numpy's update {str(units['numpy'])[1:-1]}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Large L2 steps: exactly zero, a flip, or divergence
# ---------------------------------------------------
# On paper (exact arithmetic) the penalty alone gives
# :math:`w_{k+1} = w_k - \eta w_k = (1 - \eta)\, w_k`, so :math:`w_k = (1 - \eta)^k w_0`:
#
# * :math:`0 < \eta < 1`: the weight shrinks towards zero without changing sign, and never
#   reaches it; in floating point it either reaches 0 or stalls, as above (a step
#   :math:`\eta \le 2^{-55}`, for example, does not move it at all);
# * :math:`\eta = 1`: one step lands on zero;
# * :math:`1 < \eta < 2`: the sign flips at every step while the size still shrinks;
# * :math:`\eta = 2`: :math:`w_{k+1} = -w_k`, the size never changes;
# * :math:`\eta > 2`: :math:`|1 - \eta| > 1`, the size grows geometrically: gradient descent
#   diverges, as it does on any one-dimensional quadratic with curvature :math:`L` (here
#   :math:`L = 1`) when :math:`\eta > 2/L`, from every start but the minimiser.
#
# Two of these carry over to floating point exactly: for every finite :math:`w`,
# :math:`1 \cdot w = w` and :math:`w - w = 0`, so :math:`\eta = 1` gives exactly 0 in one step;
# and :math:`2w` and :math:`w - 2w = -w` are exact as long as :math:`2w` does not overflow
# (:math:`|w| \le` half the largest double), so :math:`\eta = 2` flips the sign for ever.
steps = [0.5, 1.0, 1.5, 2.0, 2.5]
runs = {eta_k: sn.penalty_descent(ridge, 5.0, step=eta_k, n_steps=6) for eta_k in steps}
for eta_k, run in runs.items():
    print(f"eta = {eta_k}: " + ", ".join(f"{w:.4g}" for w in run))
print("eta = 1, exactly zero after one step:", runs[1.0][1] == 0.0)
flip = sn.penalty_descent(ridge, 5.0, step=2.0, n_steps=1000)
print("eta = 2, |w| = 5 at all 1000 steps:", bool(np.all(np.abs(flip) == 5.0)))

# %%
# With :math:`\eta = 3` the size doubles at each step. From 5 every iterate is
# :math:`\pm 5 \cdot 2^k`, three significant bits, so every operation is exact until the weight
# leaves the range of float64 (largest double about :math:`1.8 \times 10^{308}`). It then
# becomes infinite, and :func:`sparsenorm.penalty_descent` refuses to take a step from there.
with np.errstate(over="ignore"):
    blow_up = sn.penalty_descent(ridge, 5.0, step=3.0, n_steps=1022)
first_inf = int(np.argmax(np.isinf(blow_up)))
print(f"eta = 3: |w| = {abs(blow_up[first_inf - 1]):.4g} at step {first_inf - 1}")
print(f"         w = {blow_up[first_inf]} at step {first_inf}")
try:
    sn.penalty_descent(ridge, blow_up[first_inf], step=3.0, n_steps=1)
except ValueError as error:
    print("next step:", error)

# %%
# The five step sizes, stacked by what they do. In exact arithmetic the three runs of the top
# panel converge to 0 and those of the bottom panel do not; in floating point
# :math:`\eta = 1/2` stops on the smallest subnormal (above), and :math:`\eta = 3/2` ends
# flipping between :math:`d` and :math:`-d` (printed below).
long_flip = sn.penalty_descent(ridge, 5.0, step=1.5, n_steps=n_steps)
in_units_of_d = (long_flip[-4:] / d).tolist()
print("eta = 1.5, the last four iterates in units of d:", in_units_of_d)
fig, axes = plt.subplots(2, 1, figsize=(5, 6.5), sharex=True)
styles = {0.5: "o-", 1.0: "s--", 1.5: "^:", 2.0: "o-", 2.5: "s--"}
for eta_k, run in runs.items():
    ax = axes[0] if eta_k < 2 else axes[1]
    ax.plot(run, styles[eta_k], color="C1" if eta_k < 2 else "C6", label=rf"$\eta = {eta_k:g}$")
# sphinx_gallery_start_ignore
panel_titles = [r"$\eta < 2$: converges to 0", r"$\eta \geq 2$: no convergence"]
for ax, panel_title in zip(axes, panel_titles, strict=True):
    ax.axhline(0, color="C6", linewidth=0.8)
    ax.set(title=panel_title, ylabel=r"$w_k$")
    ax.legend(loc="upper right" if ax is axes[0] else "upper left", ncols=1)
axes[1].set(xlabel=r"step $k$", ylim=(-70, 70))
fig.set_label(
    "Two stacked panels of L2 gradient steps from 5. Top: step one half halves the weight, step "
    "1 jumps to zero at once, step 1.5 flips the sign while halving the size. Bottom: step 2 "
    "flips between 5 and minus 5 for ever, step 2.5 flips with a size that grows by half at "
    "every step."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Takeaways
# ---------
# * Halving 5 in float64 gives a subnormal number from step 1025 on (still exact down to
#   :math:`5 \cdot 2^{-1074}` at step 1074) and exactly zero at step 1077; in float32 the same
#   happens at steps 129, 149 and 152.
# * Whether the article's rule :math:`w - w/2` reaches zero depends on the arithmetic: rounded
#   separately, as numpy does, it stops on the smallest subnormal and never reaches zero; with a
#   fused multiply-add it reaches zero with the halving; with flush to zero it sticks at a normal
#   number. :math:`\eta = 1/2` is the boundary: larger steps below 1 reach zero either way.
# * Either way the zero (or the stall) comes from the number format, after more than a hundred
#   steps in float32 (151 or 152 on this page) and more than a thousand in float64 (1024 to
#   1077), not from the penalty. For the penalty alone, an L2 step of :math:`\eta = 1` gives
#   exactly zero at once, :math:`\eta = 2` flips the sign for ever, and :math:`\eta > 2`
#   diverges.
#
# References
# ----------
# * `Why L1 norm for sparse models? <https://stats.stackexchange.com/questions/45643>`_,
#   Cross Validated question 45643 (Explanation 2, the halving example).
# * IEEE Standard for Floating-Point Arithmetic, IEEE 754-2019 (subnormal numbers,
#   round-half-to-even, fused multiply-add).
# * D. Goldberg, "What every computer scientist should know about floating-point arithmetic",
#   *ACM Computing Surveys* 23(1), 1991.
# * `numpy.finfo <https://numpy.org/doc/stable/reference/generated/numpy.finfo.html>`_
#   (``smallest_normal``, ``smallest_subnormal``) and Python's
#   `math.fma <https://docs.python.org/3/library/math.html#math.fma>`_ (Python 3.13 and later).
