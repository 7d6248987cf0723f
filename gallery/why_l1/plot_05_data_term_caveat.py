"""
=================================================
Caveat 2: the data term pulls back
=================================================

The gradient-descent story of `answer 159379 <https://stats.stackexchange.com/a/159379>`_ to
`"Why L1 norm for sparse models"
<https://stats.stackexchange.com/questions/45643/why-l1-norm-for-sparse-models>`_ follows the
penalty alone, and the answer says so: in a real model the data-fit term adds its own gradient.
This page adds the simplest possible data term, ½(w − z)² for one weight and one observation z,
and asks the question that matters: where do the steps end up? The minimiser of the L1
objective is exactly zero for a whole range of data, that of the L2 objective only when z = 0;
for weak data, proximal steps land on the L1 zero and the article's plain subgradient steps do
not.
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
#   :math:`\operatorname{sign}(0) = 0` (sparsenorm's choice at the corner);
# * :math:`L_1` proximal steps, which is what proximal-gradient solvers do: a gradient step on
#   the data term, then soft thresholding,
#   :math:`w \leftarrow \operatorname{prox}_{\eta\alpha|\cdot|}(w - \eta(w - z))`.
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
# the plain subgradient iterate cannot stay at the corner (a step taken from :math:`w = 0`
# moves to :math:`\eta z`), so it keeps jumping from one side of zero to the other; the
# :math:`L_2` iterate settles on :math:`z/(1 + \alpha) = 0.3`. With the strong pull no iterate
# is zero: both :math:`L_1` variants head for :math:`z - \alpha = 2`, the :math:`L_2` iterate
# for :math:`z/(1 + \alpha) = 1.5`. There the two :math:`L_1` paths coincide: as long as the
# iterates stay positive, a proximal step and a subgradient step are the same step (up to
# rounding). The penalty-alone walk of Explanation 2 reached zero because its start was a whole
# number of steps; with data, the :math:`L_1` minimiser is zero exactly when the data are weak
# enough, :math:`|z| \le \alpha`, whatever the start.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")

k = np.arange(n_steps + 1)
fig, axes = plt.subplots(2, 1, figsize=(5, 7), sharex=True)
for ax, (z, paths) in zip(axes, runs.items(), strict=True):
    ax.plot(k, paths["l1_prox"], "C0-o", ms=4, label="L1, proximal")
    ax.plot(k, paths["l1_sub"], "C0:x", ms=5, label="L1, subgradient")
    ax.plot(k, paths["l2"], "C1--s", ms=4, label="L2, gradient")
    # sphinx_gallery_start_ignore
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
    "the L2 iterate settles at 0.3. For data 3 the L1 iterates settle at 2 and the L2 iterate "
    "at 1.5."
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
# * Plain subgradient steps cannot stay at that zero when :math:`z \neq 0`; proximal steps (soft
#   thresholding) with :math:`0 < \eta \le 1` land on it after finitely many steps, from any
#   start, when :math:`|z| < \alpha`, which is why solvers use them. More in
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
