r"""
=================================================
Caveat 2: the data term pulls back
=================================================

The gradient-descent story of `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
`"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ follows the
penalty alone, and the answer says so: in a real model the data-fit term adds its own gradient.
This page adds the simplest possible data term, ½(w − z)² for one weight and one observation z,
and asks the question that matters: where do the steps end up? The minimiser of the L1
objective is exactly zero for a whole range of data, that of the L2 objective only when z = 0.
For weak data, :math:`0 < |z| < \alpha`, proximal steps with :math:`0 < \eta \le 2` land on
the L1 zero, while the article's plain subgradient steps with :math:`0 < \eta \le 1` cannot
stay on it and never settle (both in exact arithmetic; the page ends with what float64
changes).
"""

# %%
# A penalty against a data pull
# -----------------------------
#
# Minimise, with :math:`\alpha = 1` (the site's one-weight problem, :ref:`notation`),
#
# .. math::
#
#    F_1(w) = \tfrac12 (w - z)^2 + \alpha |w|, \qquad
#    F_2(w) = \tfrac12 (w - z)^2 + \tfrac{\alpha}{2} w^2 .
#
# The data term pulls the weight towards :math:`z` with force :math:`z - w`. The :math:`L_2`
# penalty pushes back with force :math:`\alpha w`, which fades near zero, so the two balance at
# :math:`w^\star = z / (1 + \alpha)`: zero only if :math:`z` is. The :math:`L_1` penalty pushes
# back with force :math:`\alpha` at any non-zero weight, and at :math:`w = 0` it can push with
# any force up to :math:`\alpha` (its subdifferential there is :math:`[-\alpha, \alpha]`).
# So zero is the answer whenever the data pull there, :math:`|z|`, is at most :math:`\alpha`,
# and otherwise the weight stops :math:`\alpha` short of :math:`z`:
#
# .. math::
#
#    \arg\min_w F_1 = \operatorname{sign}(z)\,\max(|z| - \alpha, 0), \qquad
#    \arg\min_w F_2 = \frac{z}{1 + \alpha} .
#
# These are :func:`sparsenorm.prox_l1` and :func:`sparsenorm.prox_squared_l2` evaluated at
# :math:`z`.
import numpy as np

import sparsenorm as sn

alpha = 1.0
for z in [0.6, 3.0]:
    print(
        f"z = {z}: L1 minimiser {sn.prox_l1(z, alpha):g}, "
        f"L2 minimiser {sn.prox_squared_l2(z, alpha):g}"
    )

# %%
# Gradient steps with the data term
# ---------------------------------
#
# Now the article's experiment with the data term in the gradient: start at :math:`w = 5`,
# forty steps, for a weak pull (:math:`z = 0.6 < \alpha`) and a strong one
# (:math:`z = 3 > \alpha`). The step is :math:`\eta = 0.3` rather than the article's
# :math:`\tfrac12`: with :math:`\alpha = 1` an :math:`L_2` step of :math:`\tfrac12` would jump
# onto its minimum in one move (:math:`\eta(1 + \alpha) = 1`, the coincidence of the
# :ref:`large-step caveat <sphx_glr_auto_examples_why_l1_plot_04_large_step_caveat.py>`), and
# there would be no path to look at. Three ways to step:
#
# * :math:`L_2` gradient steps: :math:`w \leftarrow w - \eta\,[(w - z) + \alpha w]`;
# * :math:`L_1` subgradient steps, the article's rule with the data term added:
#   :math:`w \leftarrow w - \eta\,[(w - z) + \alpha \operatorname{sign}(w)]`, with
#   :math:`\operatorname{sign}(0) = 0` (numpy's sign and sparsenorm's choice at the corner,
#   where the answer's :math:`w/|w|` is undefined);
# * :math:`L_1` proximal steps, which is what proximal-gradient solvers do: a gradient step on
#   the data term, then soft thresholding,
#   :math:`w \leftarrow \operatorname{prox}_{\eta\alpha|\cdot|}(w - \eta(w - z))`.
#
# (Another rule at the corner would behave differently: the smallest element of the whole
# objective's subdifferential at :math:`0`, :math:`-z + [-\alpha, \alpha]`, is :math:`0` when
# :math:`|z| \le \alpha`, so a step with it would stay at :math:`0`. That rule needs the data
# at the corner; the article's rule, like sparsenorm's, uses the penalty's slope alone.)
eta, n_steps, w0 = 0.3, 40, 5.0
l1, l2 = sn.L1(alpha), sn.SquaredL2(alpha)


def run(z):
    """Iterates of the three kinds of step on ½(w − z)² + penalty."""
    paths = {"l2": [w0], "l1_sub": [w0], "l1_prox": [w0]}
    for _ in range(n_steps):
        w = paths["l2"][-1]
        paths["l2"].append(w - eta * ((w - z) + l2.grad(w)))
        w = paths["l1_sub"][-1]
        paths["l1_sub"].append(w - eta * ((w - z) + l1.subgradient(w)))
        w = paths["l1_prox"][-1]
        paths["l1_prox"].append(l1.prox(w - eta * (w - z), eta))
    return {name: np.array(path, dtype=float) for name, path in paths.items()}


runs = {z: run(z) for z in [0.6, 3.0]}
for z, paths in runs.items():
    print(f"z = {z}")
    for name, label in [
        ("l2", "L2 gradient"),
        ("l1_sub", "L1 subgradient"),
        ("l1_prox", "L1 proximal"),
    ]:
        path = paths[name]
        zeros = np.flatnonzero(path == 0)
        if zeros.size:
            where = f"step {zeros[0]}" + (
                ", stays" if np.all(path[zeros[0] :] == 0) else ", leaves"
            )
        else:
            where = "none"
        tail = path[-10:]
        print(
            f"  {label:>14}: last 10 in [{tail.min():.4g}, {tail.max():.4g}]; "
            f"first exact 0: {where}"
        )

# %%
# With the weak pull, the proximal :math:`L_1` iterate lands on exactly zero and stays there;
# the plain subgradient iterate does not. In exact arithmetic it cannot stay at the corner (a
# step taken from :math:`w = 0` moves to :math:`\eta z`), and with :math:`0 < |z| < \alpha`
# and :math:`0 < \eta \le 1` it never settles: while positive it falls by at least
# :math:`\eta(\alpha - |z|)` per step, while negative it rises by as much, so it keeps coming
# back to zero or jumping across it, for ever. The :math:`L_2` iterate heads for
# :math:`z/(1 + \alpha) = 0.3`. With the strong pull no iterate is zero: both :math:`L_1`
# variants head for :math:`z - \alpha = 2`, the :math:`L_2` iterate for
# :math:`z/(1 + \alpha) = 1.5`. There the two :math:`L_1` paths coincide: as long as the
# iterates stay positive, a proximal step and a subgradient step are the same step (up to
# rounding). The penalty-alone walk of Explanation 2 reached zero because its start was a
# whole number of steps; with data, the :math:`L_1` minimiser is zero exactly when the data
# are weak enough, :math:`|z| \le \alpha`, whatever the start.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

k = np.arange(n_steps + 1)
fig, axes = plt.subplots(2, 1, figsize=(5, 7), sharex=True)
for i, z in enumerate(runs):
    axes[i].plot(k, runs[z]["l1_prox"], "C0-o", ms=4, label="L1, proximal")
    axes[i].plot(k, runs[z]["l1_sub"], "C0:x", ms=5, label="L1, subgradient")
    axes[i].plot(k, runs[z]["l2"], "C1--s", ms=4, label="L2, gradient")
    # sphinx_gallery_start_ignore
    ax = axes[i]
    ax.axhline(0, color="0.3", lw=0.8, ls=(0, (1, 3)))
    strength = "weak" if abs(z) <= alpha else "strong"
    ax.set(
        ylabel=r"$w$ after $k$ steps",
        ylim=(-0.8, 5.2),
        title=rf"$z = {z:g}$ ({strength} pull, $\alpha = {alpha:g}$)",
    )
    # sphinx_gallery_end_ignore
# sphinx_gallery_start_ignore
axes[1].set(xlabel="step $k$")
axes[0].legend()
fig.set_label(
    "Two panels of forty steps from 5 on the objective with data. For data 0.6 the L1 proximal "
    "iterate reaches exactly zero and stays, the L1 subgradient iterate jumps around zero and "
    "the L2 iterate heads for 0.3. For data 3 the L1 iterates head for 2 and the L2 iterate "
    "for 1.5."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Where the weight ends, for every z
# ----------------------------------
#
# The end point as a function of the data. :math:`L_1` gives exactly zero on the whole band
# :math:`|z| \le \alpha` (shaded) and moves every other answer :math:`\alpha` towards zero; this
# is soft thresholding. :math:`L_2` scales every answer by :math:`1/(1 + \alpha)`, a straight line
# through the origin that is zero only at :math:`z = 0`.
z_grid = np.linspace(-3, 3, 601)
fig, ax = plt.subplots(figsize=(5, 4.2))
ax.axvspan(-alpha, alpha, color="C0", alpha=0.12, lw=0)
ax.plot(z_grid, z_grid, color="0.6", lw=1, ls=":", label=r"no penalty: $w^\star = z$")
ax.plot(z_grid, sn.prox_l1(z_grid, alpha), "C0-", label="L1: soft thresholding")
ax.plot(z_grid, sn.prox_squared_l2(z_grid, alpha), "C1--", label=r"L2: $z / (1 + \alpha)$")
# sphinx_gallery_start_ignore
ax.text(0, 1.9, "$w^\\star = 0$ exactly\nfor $|z| \\leq \\alpha$", ha="center")
ax.set(xlabel="data $z$", ylabel=r"minimiser $w^\star$", xlim=(-3, 3), ylim=(-3, 3))
ax.legend(loc="lower right")
fig.set_label(
    "The minimiser against the data. The L1 curve is exactly zero on the shaded band from -1 to "
    "1 and parallel to the no-penalty diagonal outside it; the L2 curve is a straight line of "
    "slope one half through the origin."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# Proximal steps in exact arithmetic and in float64
# -------------------------------------------------
#
# In exact arithmetic the proximal iterates reach :math:`0` after finitely many steps, from any
# start, whenever :math:`|z| < \alpha` and :math:`0 < \eta \le 2`. The step thresholds
# :math:`u = (1 - \eta) w + \eta z` at :math:`\eta\alpha`; when the result is not :math:`0`
# its size is :math:`|u| - \eta\alpha \le |1 - \eta|\,|w| - \eta(\alpha - |z|)`, and
# :math:`|1 - \eta| \le 1` for these steps, so every step either gives exactly :math:`0` or
# shortens :math:`|w|` by at least :math:`\eta(\alpha - |z|) > 0`. A step from :math:`0`
# stays at :math:`0` for every :math:`|z| \le \alpha`. For :math:`\eta > 2` the factor
# :math:`|1 - \eta|` exceeds :math:`1` and a large start runs away instead (from
# :math:`w = 10` with :math:`\eta = 3`, :math:`z = 0`, :math:`\alpha = 1`:
# :math:`-17, 31, -59, \dots`).
#
# In float64 (IEEE 754 binary64, round to nearest even, each operation rounded separately, as
# numpy computes it) two of these facts survive unchanged: a single soft thresholding
# :func:`~sparsenorm.prox_l1` of :math:`z` at :math:`\alpha` is exactly :math:`0` for every
# :math:`|z| \le \alpha`, and a step from :math:`0` stays at :math:`0` for every
# :math:`|z| \le \alpha` (rounding is monotone, so the rounded :math:`\eta |z|` never exceeds
# the rounded threshold :math:`\eta\alpha`). The last bit of the way is different: it is
# walked by the margin :math:`\alpha - |z|`, and when that margin is as small as the rounding
# errors the iterate can stop just above :math:`0`. Take :math:`\alpha = 5`, the float just
# below it as data, :math:`z = 5 - 2^{-50}`, and :math:`\eta = 0.1`, from :math:`w = 5`;
# the exact run uses the same binary inputs.
from fractions import Fraction

alpha_tie, step_tie = 5.0, 0.1
z_tie = np.nextafter(alpha_tie, 0.0)  # 5 − 2⁻⁵⁰
l1_tie = sn.L1(alpha_tie)
a, s, zt = Fraction(alpha_tie), Fraction(step_tie), Fraction(z_tie)
w_float, w_exact = [5.0], [Fraction(5)]
for _ in range(400):
    last = w_float[-1]
    w_float.append(float(l1_tie.prox(last - step_tie * (last - z_tie), step_tie)))
    v = w_exact[-1] - s * (w_exact[-1] - zt)
    w_exact.append(max(abs(v) - s * a, 0) * (1 if v > 0 else -1))
exact_zero = w_exact.index(0)
stuck = next(k for k in range(400) if w_float[k + 1] == w_float[k])
exact_stays = all(q == 0 for q in w_exact[exact_zero:])
print(f"exact arithmetic: first exact 0 at step {exact_zero}; 0 to step 400: {exact_stays}")
print(f"float64: no exact 0 in 400 steps: {0.0 not in w_float}")
stuck_at = w_float[stuck]
print(f"float64: from step {stuck} on, w = {stuck_at:.4g} = 2**-52: {stuck_at == 2.0**-52}")

# %%
# The float64 iterate stops on :math:`2^{-52}`, a fixed point of the rounded step: here the
# margin :math:`\alpha - |z|` is one unit in the last place of :math:`\alpha`,
# :math:`\mathrm{ulp}(5) = 2^{-50}`. Two units are not enough either. Take
# :math:`\alpha = 0.999`, just below a power of two (so :math:`\mathrm{ulp}(\alpha) = 2^{-53}`,
# about :math:`2^{-53}\alpha`), the step :math:`\eta = 0.0625/0.999` (rounded), for which the
# rounded :math:`\eta\alpha` is the power of two :math:`2^{-4}`, and
# :math:`z = \alpha - 2\,\mathrm{ulp}(\alpha)`, from :math:`w = \alpha`.
alpha_2u = 0.999
step_2u = 0.0625 / alpha_2u
z_2u = alpha_2u - 2 * np.spacing(alpha_2u)
l1_2u = sn.L1(alpha_2u)
a, s, zt = Fraction(alpha_2u), Fraction(step_2u), Fraction(z_2u)
print(f"rounded η·α = 2**-4: {alpha_2u * step_2u == 2.0**-4}; margin = 2 ulp(α): ", end="")
print(f"{alpha_2u - z_2u == 2 * np.spacing(alpha_2u)}")
w_float, w_exact = [alpha_2u], [a]
for _ in range(700):
    last = w_float[-1]
    w_float.append(float(l1_2u.prox(last - step_2u * (last - z_2u), step_2u)))
    v = w_exact[-1] - s * (w_exact[-1] - zt)
    w_exact.append(max(abs(v) - s * a, 0) * (1 if v > 0 else -1))
stuck_2u = next(k for k in range(700) if w_float[k + 1] == w_float[k])
print(f"exact arithmetic: first exact 0 at step {w_exact.index(0)}")
print(f"float64: from step {stuck_2u} on, w = {w_float[stuck_2u]:.4g}", end="")
print(f" = 2**-55: {w_float[stuck_2u] == 2.0**-55}")
print(f"float64: no exact 0 in 700 steps: {0.0 not in w_float}")

# %%
# Between two units and the margin below, what happens in general we have not settled. A
# margin large compared with the rounding errors,
# :math:`\alpha - |z| \ge 3 \cdot 2^{-52}\,\alpha` (between three and six units of
# :math:`\alpha`), does land, in the same arithmetic, for
# :math:`2^{-50} \le \eta \le 1`, the exact :math:`\eta\alpha \ge 2^{-1022}` (normal) and
# :math:`|w|, \alpha \le 2^{1000}` (no overflow): every rounded step from :math:`w \neq 0`
# then gives :math:`0` or a strictly smaller :math:`|w|`, and finitely many floats lie below
# :math:`|w_0|`, so the iterate reaches :math:`0` and stays. The proof: the step is odd in
# :math:`(w, z)`, so take :math:`w > 0`. Let :math:`\epsilon = 2^{-53}`. Each rounded
# operation returns :math:`x(1 + \delta)` with :math:`|\delta| \le \epsilon`, except that a
# product in the subnormal range can be off by up to :math:`2^{-1075}` instead, at most
# :math:`\epsilon\eta\alpha` here. With :math:`t` the rounded :math:`\eta\alpha`,
# :math:`t \ge (1 - \epsilon)\eta\alpha`, and :math:`u` the rounded
# :math:`w - \eta(w - z)`,
#
# .. math::
#
#    \begin{aligned}
#    |u| &\le (1 + \epsilon)\bigl[(1 - \eta) w + \eta |z| \\
#    &\qquad + (2\epsilon + \epsilon^2)\,\eta\,(w + |z|) + \epsilon\eta\alpha\bigr].
#    \end{aligned}
#
# If :math:`|u| > t` the new :math:`|w|` is the rounded :math:`|u| - t`, at most
# :math:`(1 + \epsilon)(|u| - t)`. Put :math:`|z| = \alpha - m`; collecting terms,
#
# .. math::
#
#    \begin{aligned}
#    (1 + \epsilon)(|u| - t) &\le c\,w - \eta m \\
#    &\qquad + (5\epsilon + 9\epsilon^2 + 5\epsilon^3 + \epsilon^4)\,\eta\alpha,
#    \end{aligned}
#
# with :math:`c = (1 + \epsilon)^2\,(1 - \eta(1 - 2\epsilon - \epsilon^2)) < 1` for
# :math:`\eta \ge 2^{-50}`. For :math:`m \ge 6\epsilon\alpha = 3 \cdot 2^{-52}\alpha` the
# right-hand side is below :math:`w`, so the new :math:`|w|` is too. (A test checks the
# one-step fact with hypothesis, on cases that include :math:`\eta\alpha` a power of two and
# :math:`\alpha` just below one; separate tests check the two stalls above.) A minute step
# can stall far from :math:`0` instead: with :math:`\eta = 10^{-17}`, :math:`\alpha = 1` and
# :math:`z = 0` the weight :math:`5` is a fixed point, because :math:`5 - \eta \cdot 5` and then
# :math:`5 - \eta\alpha` both round back to :math:`5`.
#
# Plain subgradient steps in float64
# ----------------------------------
#
# The exact facts about the article's step hold in float64 (the same arithmetic) in a range: for
# :math:`0 < |z| < \alpha`, :math:`2^{-50} \le \eta \le 1`, the exact products
# :math:`\eta\alpha` and :math:`\eta|z|` at least :math:`2^{-1022}` (normal),
# :math:`\alpha \le 2^{1000}` and :math:`|w| \le 2^{1001}` (a step never leaves that range),
# a rounded step from a positive :math:`w` gives a smaller
# number, from a negative one a larger number, and from :math:`0` the rounded
# :math:`\eta z \neq 0` (a test checks these with hypothesis), so there the float64 iterate
# never settles either. Outside that range it can settle. With :math:`z = 2^{-1074}`, the
# smallest positive float64, and :math:`\eta = \tfrac12`, the product :math:`\eta z` is
# :math:`2^{-1075}`, which rounds to :math:`0`, so the step from :math:`0` stays at :math:`0`.
# With :math:`\eta = 10^{-17}`, :math:`z = 0.6` and :math:`\alpha = 1` the weight :math:`5` is
# a fixed point: the step :math:`\eta\,((5 - z) + \alpha)` is smaller than half the spacing
# of the float64 numbers at :math:`5`, so subtracting it rounds back to :math:`5`.


def subgradient_step(w, z, step):
    """One of the article's L1 steps with the data term, in float64, α = 1."""
    return w - step * ((w - z) + l1.subgradient(w))


print(f"z = 2**-1074, η = 0.5, from 0: {subgradient_step(0.0, 2.0**-1074, 0.5):g}")
print(f"z = 0.6, η = 1e-17, from 5: {subgradient_step(5.0, 0.6, 1e-17):g}")

# %%
# Takeaways
# ---------
#
# * With a data term, the weight's minimiser is where the data pull and the penalty push
#   balance.
# * The :math:`L_2` push vanishes at zero, so the minimiser :math:`z/(1 + \alpha)` is zero only
#   when the data say exactly zero.
# * The :math:`L_1` push keeps its full strength :math:`\alpha` down to zero and can take any
#   value up to it at zero, so every observation with :math:`|z| \le \alpha` has the minimiser
#   exactly :math:`0`.
# * With :math:`\operatorname{sign}(0) = 0`, as here, a plain subgradient step from :math:`0`
#   moves to :math:`\eta z`, so in exact arithmetic for :math:`z \neq 0` the iterate cannot
#   stay at that zero, and for :math:`0 < |z| < \alpha` and :math:`0 < \eta \le 1` it never
#   settles; in float64 the same holds in the range stated above. With
#   :math:`z = 0` it can land and stay: from :math:`3`, with :math:`\eta = \tfrac12` and
#   :math:`\alpha = 1`, it goes :math:`3, 1, 0, 0, \dots`
# * Proximal steps (soft thresholding) land on the zero after finitely many steps, from any
#   start, when :math:`|z| < \alpha`: in exact arithmetic for every :math:`0 < \eta \le 2`, in
#   float64 when :math:`\alpha - |z| \ge 3 \cdot 2^{-52}\alpha` (with
#   :math:`2^{-50} \le \eta \le 1` and the numbers in the ranges above), while one or two
#   rounding units below :math:`\alpha` the iterate can stall just above :math:`0`. That is
#   why solvers use them. More in
#   :ref:`what makes the zeros <sphx_glr_auto_examples_why_l1_plot_06_the_kink_makes_the_zeros.py>`
#   and :ref:`sphx_glr_auto_examples_beyond`.
#
# References
# ----------
#
# * K. M. Caspersen, `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
#   `"Why L1 norm for sparse models"
#   <https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_,
#   Cross Validated (CC BY-SA).
# * T. Hastie, R. Tibshirani, J. Friedman, `The Elements of Statistical Learning
#   <https://hastie.su.domains/ElemStatLearn/>`_, 2nd ed., table 3.4 (soft thresholding and
#   proportional shrinkage for an orthonormal design).
# * Cross Validated `74542 <https://stats.stackexchange.com/questions/74542>`_ (one predictor:
#   the lasso estimate is exactly zero for a whole range of the penalty).
