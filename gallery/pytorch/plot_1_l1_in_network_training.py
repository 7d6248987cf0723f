r"""
======================================================
L1 in network training: a loss term or a proximal step
======================================================

Many people who meet the L1 penalty train models in PyTorch: they add ``alpha * w.abs().sum()``
to the loss, run SGD or Adam, and find that no weight is exactly zero, except one now and then
by accident. This page shows why on a real data set, with a logistic regression and a small
multilayer network, and shows the fix: a *proximal step* after each optimiser step, soft
thresholding with :func:`sparsenorm.prox_l1`, which gives exact zeros and, for the logistic
regression trained to convergence, the same zeros as scikit-learn. Adam needs its own version
of that step, and scikit-learn's ``SGDClassifier`` uses a third method. The notation is the
site's (:ref:`notation`): strength :math:`\alpha`, step size :math:`\eta` (PyTorch's ``lr``).
"""

# %%
# The data and the two models
# ---------------------------
# The handwritten digits that ship with scikit-learn: the 357 images of a 3 or an 8, 8 × 8
# pixels each. Ten pixels are blank in every one of these images; we keep the other 54 and
# standardise them (mean 0, variance 1). The task is to tell an 8 (label 1) from a 3. The
# models are a logistic regression (one linear layer, 54 weights) and a network with one
# hidden layer of 16 ReLU units (54 × 16 + 16 = 880 weights); both also have biases, which we
# leave unpenalised, as scikit-learn leaves the intercept. Everything runs on the CPU, on one
# thread, with PyTorch's deterministic algorithms and fixed seeds, in float32 (PyTorch's
# default).
import numpy as np
import torch
from sklearn.datasets import load_digits

import sparsenorm as sn

torch.manual_seed(0)
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

digits = load_digits()
keep = np.isin(digits.target, [3, 8])
images = digits.data[keep]
pixels = images[:, images.std(axis=0) > 0]
X_np = (pixels - pixels.mean(axis=0)) / pixels.std(axis=0)
y_np = (digits.target[keep] == 8).astype(np.float64)
X, y = torch.tensor(X_np, dtype=torch.float32), torch.tensor(y_np, dtype=torch.float32)
n, p = X.shape
print(f"{n} images, {p} pixels, {int(y.sum())} eights")


def logistic():
    torch.manual_seed(0)
    return torch.nn.Linear(p, 1)


def network():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(p, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))


def penalised(model):
    """The weight matrices of the model's linear layers (not the biases)."""
    return [m.weight for m in model.modules() if isinstance(m, torch.nn.Linear)]


# %%
# One training loop, three ways to apply the penalty
# --------------------------------------------------
# The loss is the mean logistic loss (``BCEWithLogitsLoss``) over a minibatch of 32 images,
# reshuffled every epoch. With ``l1="loss"`` the L1 term :math:`\alpha\|w\|_1` is added to it
# and autograd differentiates it; with ``l1="prox"`` it is not in the loss, and each
# optimiser step is followed by soft thresholding with threshold :math:`\eta\alpha`; with
# ``l1="adam-prox"`` by soft thresholding with Adam's per-coordinate thresholds
# (``adam_prox``, derived further down). The loop returns the number of weights that are
# exactly ``0.0`` after each epoch; ``seed`` fixes the order in which the images are
# reshuffled. The strength is :math:`\alpha = 0.04` throughout.
alpha = 0.04
loss_fn = torch.nn.BCEWithLogitsLoss()


def adam_prox(optimizer, weights, alpha):
    """Soft thresholding with Adam's per-coordinate thresholds lr * alpha / (sqrt(v_hat) + eps)."""
    group = optimizer.param_groups[0]
    lr, beta2, eps = group["lr"], group["betas"][1], group["eps"]
    with torch.no_grad():
        for w in weights:
            state = optimizer.state[w]
            root_v_hat = state["exp_avg_sq"].sqrt() / (1 - beta2 ** float(state["step"])) ** 0.5
            tau = lr * alpha / (root_v_hat + eps)  # Adam's own denominator, as it computes it
            w.copy_(tau * sn.prox_l1(w / tau, 1.0))


def train(model, optimizer, epochs, l1, batch_size=32, seed=0):
    weights = penalised(model)
    lr = optimizer.param_groups[0]["lr"]
    shuffle = torch.Generator().manual_seed(seed)
    zeros = []
    for _ in range(epochs):
        for batch in torch.randperm(n, generator=shuffle).split(batch_size):
            optimizer.zero_grad()
            loss = loss_fn(model(X[batch]).squeeze(1), y[batch])
            if l1 == "loss":
                loss = loss + alpha * sum(w.abs().sum() for w in weights)
            loss.backward()
            optimizer.step()
            if l1 == "prox":
                with torch.no_grad():
                    for w in weights:
                        w.copy_(sn.prox_l1(w, lr * alpha))
            elif l1 == "adam-prox":
                adam_prox(optimizer, weights, alpha)
        zeros.append(sum(int((w == 0).sum()) for w in weights))
    return zeros


def all_weights(model):
    return torch.cat([w.detach().ravel() for w in penalised(model)])


# %%
# The L1 term in the loss: SGD and Adam
# -------------------------------------
# We train both models for 20 epochs with plain SGD (:math:`\eta = 0.3`) and with Adam
# (:math:`\eta = 0.01`, PyTorch's other defaults), the penalty in the loss, and count the
# weights that are exactly zero at the end ("zeros"), the most that were at the end of any
# epoch ("any epoch"), and those that end near zero.
SGD_LR, ADAM_LR, EPOCHS = 0.3, 0.01, 20
models, zero_counts = {}, {}
print("L1 in the loss  weights   zeros  any epoch  |w|<lr*alpha   |w|<lr")
for name, make in [("logistic", logistic), ("network", network)]:
    for opt, lr in [(torch.optim.SGD, SGD_LR), (torch.optim.Adam, ADAM_LR)]:
        model = make()
        label = f"{name}, {opt.__name__}"
        zero_counts[label] = train(model, opt(model.parameters(), lr=lr), EPOCHS, l1="loss")
        models[label] = model
        size = all_weights(model).abs()
        print(
            f"{label:15s}{size.numel():8d}{int((size == 0).sum()):8d}"
            f"{max(zero_counts[label]):11d}{int((size < lr * alpha).sum()):14d}"
            f"{int((size < lr).sum()):9d}"
        )

# %%
# No weight is zero at the end, nor at the end of any epoch. The reason is in the update.
# With the L1 term in the loss, autograd gives the subgradient :math:`\alpha\,\mathrm{sign}(w_j)`
# (PyTorch's derivative of :math:`|w|` is :math:`\mathrm{sign}(w)`, which is 0 at 0), and SGD
# steps to
#
# .. math:: w_j \leftarrow w_j - \eta\,\bigl(g_j + \alpha\,\mathrm{sign}(w_j)\bigr),
#
# with :math:`g_j` the minibatch gradient of the data term. Take a weight the data hardly
# pulls, :math:`|g_j| \le G < \alpha` at every step. In exact arithmetic, while it is
# further than :math:`\eta(\alpha + G)` from zero, each step moves it toward zero by at least
# :math:`\eta(\alpha - G)`; once it is within :math:`\eta(\alpha + G)`, it may cross zero
# back and forth but never leaves that band. So the weight hovers near zero instead of
# settling on it: most of the network's weights end smaller than :math:`\eta\alpha = 0.012`.
# The result of a step is exactly ``0.0`` only if the rounded difference happens to be zero
# to the last bit, which nothing in the method aims for: an accident of rounding, and one
# that did not happen at the end of any epoch here. Adam divides each step by its running
# gradient scale, so its steps are of order :math:`\eta` whatever :math:`\alpha` is (Kingma
# and Ba, 2015, section 2.1); its weights hover at a distance of order :math:`\eta = 0.01`:
# here (:math:`\alpha = 0.04`), most of the network's weights end within :math:`\eta` of zero,
# far fewer within :math:`\eta\alpha`.
#
# The proximal step
# -----------------
# For plain SGD there is an exact remedy. One SGD step on the data term, followed by the
# minimisation
#
# .. math::
#
#     w^{+} = \operatorname*{arg\,min}_u\ \tfrac{1}{2\eta}\|u - (w - \eta g)\|_2^2 + \alpha\|u\|_1
#     = \operatorname{prox}_{\eta\alpha\|\cdot\|_1}(w - \eta g),
#
# is the proximal gradient step (forward–backward splitting): the data term is linearised, the
# penalty is kept exact. Its solution is soft thresholding with threshold :math:`\eta\alpha`,
# and every coordinate within :math:`\eta\alpha` of zero lands *exactly* on zero. In PyTorch,
# ``optimizer.step()`` computes :math:`w - \eta g`; the recipe is three lines after it (with
# ``weights`` the list of penalised parameters and ``lr * alpha`` the threshold):
#
# .. code-block:: python
#
#     optimizer.step()
#     with torch.no_grad():
#         for w in weights:
#             w.copy_(sn.prox_l1(w, lr * alpha))
#
# :func:`sparsenorm.prox_l1` takes the tensor and returns a tensor of the same dtype on the same
# device (the CPU, as here), without changing its input; ``copy_`` writes it back into the
# parameter, so the
# optimiser keeps the same tensor. (For float32 and float64 tensors PyTorch's own
# ``torch.nn.functional.softshrink`` computes the same soft thresholding, with the
# threshold rounded to the tensor's dtype first, up to the sign of a zero.) The recipe is
# the proximal gradient step for plain SGD (with weight decay, for the objective that also
# has the decay's squared L2 penalty). With
# momentum :math:`\mu` (PyTorch's, without dampening), where the full-batch iteration stands
# still the momentum buffer is :math:`g/(1-\mu)`, so the three lines stand still at the
# solution for the strength :math:`\alpha(1-\mu)`, not :math:`\alpha`; the threshold
# :math:`\eta\alpha/(1-\mu)` restores :math:`\alpha`.
#
# The same training runs with the proximal step instead of the loss term:
print("proximal SGD    weights   zeros")
for name, make in [("logistic", logistic), ("network", network)]:
    model = make()
    label = f"{name}, prox"
    zero_counts[label] = train(
        model, torch.optim.SGD(model.parameters(), lr=SGD_LR), EPOCHS, "prox"
    )
    models[label] = model
    print(f"{name + ', SGD':15s}{all_weights(model).numel():8d}{zero_counts[label][-1]:8d}")

# %%
# At this strength most of the network is pruned: a hidden unit whose incoming weights are all
# zero outputs a constant, ReLU of its bias. The page has no held-out images, so the accuracy
# printed is on the 357 training images, for both proximal-SGD models.
hidden = models["network, prox"][0].weight.detach()
pruned = int((hidden == 0).all(dim=1).sum())
print(f"network, prox: {pruned} of {hidden.shape[0]} hidden units with all-zero inputs")
with torch.no_grad():
    for name in ("logistic", "network"):
        correct = (models[f"{name}, prox"](X).ravel() > 0) == (y > 0.5)
        print(f"{name}, prox: training accuracy {correct.float().mean().item():.3f}")

# %%
# The histogram shows where the network's 880 weights end, on a logarithmic scale of
# :math:`|w|`, with the weights that are exactly zero in a bar of their own on the left. With
# the loss term (top) a crowd of weights sits just below :math:`\eta\alpha`, none at zero; with
# the proximal step (bottom), nearly all of that crowd is exactly zero.
import matplotlib.pyplot as plt

plt.style.use("sparsenorm.site")
sizes = {key: all_weights(models[key]).abs().numpy() for key in ("network, SGD", "network, prox")}
# bins of a quarter decade, from at or below the smallest non-zero weight of either run (its
# logarithm taken as the histogram takes it, in float32)
lowest = min(float(np.log10(size[size > 0]).min()) for size in sizes.values())
edges = np.arange(np.floor(4 * lowest) / 4, 1.01, 0.25)
zero_at = edges[0] - 0.75
fig, axes = plt.subplots(2, 1, figsize=(5, 5.5), sharex=True, sharey=True)
# sphinx_gallery_start_ignore
axes[0].set_yscale("log")
axes[0].set_ylim(0.7, 2000)
# sphinx_gallery_end_ignore
for ax, key, colour in zip(axes, ["network, SGD", "network, prox"], ["C6", "C0"], strict=True):
    size = sizes[key]
    counts, _ = np.histogram(np.log10(size[size > 0]), bins=edges)
    ax.stairs(counts, edges, fill=key.endswith("prox"), color=colour)
    ax.bar(zero_at, np.count_nonzero(size == 0), width=0.5, color=colour, hatch="//")
    ax.axvline(np.log10(SGD_LR * alpha), color="C6", linestyle="--", linewidth=1)
# sphinx_gallery_start_ignore
axes[0].set_title(r"L1 term in the loss (SGD)")
axes[0].annotate("none", (zero_at, 1), xytext=(0, 2), textcoords="offset points", ha="center")
axes[1].set_title(r"proximal step (SGD)")
for ax in axes:
    ax.set_ylabel("weights (log scale)")
    ax.annotate(
        r"$\eta\alpha$",
        (np.log10(SGD_LR * alpha), 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        va="top",
    )
decades = np.arange(np.ceil(edges[0] / 2) * 2, 0.5, 2).astype(int)
axes[1].set_xticks([zero_at, *decades], ["0", *(f"$10^{{{d}}}$" if d else "1" for d in decades)])
axes[1].set_xlabel(rf"$|w_j|$ after {EPOCHS} epochs")
kept = all_weights(models["network, prox"]).abs()
kept = kept[kept > 0]
fig.set_label(
    "Two histograms of the sizes of the network's 880 weights, on logarithmic axes. With the "
    "L1 term in the loss, no weight is exactly zero and most lie just below the step size "
    "times the strength; with the proximal step, most weights are exactly zero, shown as one "
    f"tall bar at zero, and the others are spread from about {float(kept.min()):.1g} to "
    f"{float(kept.max()):.1g}."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# The convex case: the same zeros as scikit-learn
# -----------------------------------------------
# For the logistic regression the penalised problem
#
# .. math:: \min_{w, b}\ \frac1n\sum_{i=1}^n \ell\bigl(y_i, x_i^\top w + b\bigr) + \alpha\|w\|_1
#
# (:math:`\ell` the logistic loss) is convex, and its solution is what scikit-learn's
# ``LogisticRegression`` computes, with another scale: with
# ``l1_ratio=1`` (scikit-learn 1.8 deprecated ``penalty="l1"`` in its favour) it minimises
# :math:`C\sum_i \ell(y_i, x_i^\top w + b) + \|w\|_1`. Dividing that by :math:`nC` gives our
# objective with :math:`\alpha = 1/(nC)`, so the matching setting is :math:`C = 1/(n\alpha)`.
# The ``saga`` solver leaves the intercept unpenalised, as we do (``liblinear`` penalises it
# through its synthetic intercept feature).
#
# With full-batch proximal gradient steps (``batch_size=n``) and any step
# :math:`\eta \le 1/L`, where :math:`L = \|[X\ \mathbf 1]\|_2^2/(4n)` bounds the curvature
# of the mean logistic loss, the objective converges to its minimum (Beck and Teboulle, 2009).
# We take :math:`\eta = 1/L`, run 1000 steps, and measure how far the result is from optimal
# by the optimality conditions (:func:`sparsenorm.subdiff_distance_l1`, zero for every weight
# exactly at a solution, and the bias gradient, zero there too).
from sklearn.linear_model import LogisticRegression

design = np.column_stack([X_np, np.ones(n)])
step = 1 / (np.linalg.norm(design, 2) ** 2 / (4 * n))
full = logistic()
train(full, torch.optim.SGD(full.parameters(), lr=step), epochs=1000, l1="prox", batch_size=n)
full.zero_grad()
loss_fn(full(X).squeeze(1), y).backward()
w_full = full.weight.detach().numpy().ravel()
residual = max(
    float(sn.subdiff_distance_l1(w_full, full.weight.grad.numpy().ravel(), alpha).max()),
    float(full.bias.grad.abs().max()),
)
print(f"step 1/L = {step:.4f}; after 1000 steps optimality residual {residual:.1e}")

reference = LogisticRegression(
    l1_ratio=1, C=1 / (n * alpha), solver="saga", tol=1e-8, max_iter=10_000
)
w_sklearn = reference.fit(X_np, y_np).coef_.ravel()
support = w_sklearn != 0
print(f"scikit-learn, C = 1/(n alpha): {support.sum()} non-zero weights of {p}")
print(f"proximal gradient:             {np.count_nonzero(w_full)} non-zero weights of {p}")
print(f"  zero pattern differs in {np.count_nonzero((w_full != 0) != support)} pixels,")
print(f"  largest weight difference {np.abs(w_full - w_sklearn).max():.1e}")

# %%
# The same zeros, and the same weights to within :math:`10^{-4}`. (Setting
# :math:`C = 1/\alpha`, forgetting the :math:`n`, would make the penalty :math:`n = 357` times
# weaker.)
#
# Minibatch proximal SGD: exact zeros, not quite the right ones
# -------------------------------------------------------------
# The minibatch run of the previous section also has exact zeros, but how close is it to this
# solution?
minibatch = models["logistic, prox"].weight.detach().numpy().ravel()
false_nonzero = (minibatch != 0) & ~support
false_zero = (minibatch == 0) & support
print(f"exact solution: {p - support.sum()} zeros; minibatch run after {EPOCHS} epochs:")
print(
    f"  {np.count_nonzero(minibatch == 0)} zeros; {false_nonzero.sum()} false non-zeros, "
    f"{false_zero.sum()} false zeros"
)
print(
    f"  largest false non-zero {np.abs(minibatch[false_nonzero]).max():.3f}; "
    f"largest exact weight {np.abs(w_sklearn).max():.2f}"
)
print(f"  largest weight difference {np.abs(minibatch - w_sklearn).max():.3f}")
print(
    f"  zeros at the end of each epoch: {min(zero_counts['logistic, prox'])} to "
    f"{max(zero_counts['logistic, prox'])}"
)

# %%
# The large weights are roughly right; the zero pattern is not: every difference in it is a
# weight that should be zero and is a small non-zero, and how many there are changes from
# epoch to epoch (the figure below follows it). The reason is the minibatch noise, and it
# does not shrink with the step size. At the exact
# solution, a zero weight is moved off zero by one proximal SGD step exactly when the
# minibatch gradient is larger than the threshold allows, :math:`|\eta g_{B,j}| > \eta\alpha`,
# that is :math:`|g_{B,j}| > \alpha`, whatever :math:`\eta`. We count how often that happens
# over 20 reshuffles of the data into batches of 32 (the last of 5), as in training:
z = X_np @ w_sklearn + reference.intercept_[0]
residuals = 1 / (1 + np.exp(-z)) - y_np
terms = X_np[:, ~support] * residuals[:, None]  # image i's term in each zero weight's g


def kicks(batch_size):
    """For each step of 20 epochs at the solution: which zero weights leave zero, and
    whether the step's batch is a full one of ``batch_size`` images."""
    rng = np.random.default_rng(0)
    starts = np.arange(0, n, batch_size)
    sizes = np.diff(starts, append=n)
    g = [np.add.reduceat(terms[rng.permutation(n)], starts) / sizes[:, None] for _ in range(20)]
    return np.abs(np.concatenate(g)) > alpha, np.tile(sizes == batch_size, 20)


escapes, _ = kicks(32)
print(f"at the solution, a zero weight leaves zero in {np.mean(escapes):.0%} of steps")

# %%
# Does a larger batch help? The variance of the mean over a batch of :math:`b` of the
# :math:`n` images, drawn without replacement, is :math:`\frac{n - b}{b(n - 1)}` times that of
# one image drawn at random: the larger the batch, the closer its gradient stays to the full
# one. The fraction of steps that kick is still no monotone function of :math:`b`: unless
# :math:`b` divides :math:`n`, an epoch ends with a batch of the :math:`n \bmod b` images left
# over, and a small batch kicks often (with :math:`b = 356`, every other step is a batch of one
# image). The table gives the fraction over all steps, as in training, and over the full
# batches of :math:`b` images only (20 reshuffles each):
print("batch size  last batch  all steps  full batches")
kick_rates = {}
for b in (8, 32, 64, 128, 179, 256, 356, n):
    kicked, full_batch = kicks(b)
    kick_rates[b] = (kicked.mean(), kicked[full_batch].mean())
    print(f"{b:10d}{n % b or b:12d}{kick_rates[b][0]:11.3f}{kick_rates[b][1]:14.3f}")

# %%
# Over all steps, 256 does worse than 179, and 356 worse than 128; over the full batches only,
# the fraction falls along the printed sizes, to none for the whole data set as one batch (the
# full-batch run above). Methods that average the noise out do better: variance-reduced proximal
# methods (the ``saga`` solver above is one; Defazio et al., 2014) converge to the exact
# solution, and regularised dual averaging (Xiao, 2010) identifies its zero pattern after
# finitely many steps with high probability, under conditions on the problem (Lee and Wright,
# 2012).
#
# Adam: each coordinate its own threshold
# ---------------------------------------
# PyTorch's Adam (with its defaults: no weight decay, no AMSGrad) steps
# :math:`w_j \leftarrow w_j - \eta\,\hat m_j/(\sqrt{\hat v_j} + \varepsilon)`, with
# :math:`\hat m, \hat v` the bias-corrected running means of the gradient and of its square.
# That is a gradient step (taken with :math:`\hat m` for :math:`g`) in which coordinate
# :math:`j` has its own step size :math:`\eta_j = \eta/d_j`,
# :math:`d_j = \sqrt{\hat v_j} + \varepsilon`: the diagonal preconditioner
# :math:`D = \mathrm{diag}(d)`. The proximal step that belongs to it measures distances in the
# same metric,
#
# .. math::
#
#     w^{+} = \operatorname*{arg\,min}_u\ \tfrac{1}{2\eta}(u - v)^\top D\,(u - v)
#     + \alpha\|u\|_1, \qquad v = w - \eta D^{-1}\hat m,
#
# which separates into one soft thresholding per coordinate with threshold :math:`\tau_j =
# \eta\alpha/d_j`. ``optimizer.step()`` has computed :math:`v`, so ``adam_prox`` above only
# thresholds, reading :math:`\hat v` from the optimiser's state. It calls
# :func:`sparsenorm.prox_l1` once per weight tensor with threshold 1 through the scaling rule
# :math:`\operatorname{prox}_{\tau|\cdot|}(x) = \tau\,\operatorname{prox}_{|\cdot|}(x/\tau)` for
# :math:`\tau > 0`, exact in real arithmetic. On float32 CPU tensors (IEEE, round to nearest),
# the division :math:`x/\tau` and the product by :math:`\tau` are torch float32 operations,
# each rounded once; :func:`sparsenorm.prox_l1` computes the soft thresholding of the float32
# quotient in float64 (exactly, for quotients below :math:`2^{53}` in magnitude) and rounds it
# once to float32. Those three roundings to float32 each add an error, and the result stays
# within 3 units in the last place of :math:`x` of the exact soft thresholding, provided
# :math:`x/\tau` is finite and nothing underflows: :math:`\tau > 0` and :math:`|x|/\tau`
# below float32's largest number, about :math:`3.4 \times 10^{38}`, and the result 0 or a
# normal number. With :math:`\tau = 0` or an overflowing :math:`x/\tau`, the
# quotient is infinite or NaN, and :func:`sparsenorm.prox_l1` refuses it with an error. Here
# :math:`\tau_j = \eta\alpha/d_j` is at most :math:`\eta\alpha/\varepsilon = 4 \times 10^{4}` and
# positive unless :math:`\hat v_j` overflows. Where the iteration stands still (:math:`\hat m =
# g`), the weights satisfy exactly the optimality conditions of the L1 problem (:math:`|g_j| \le
# \alpha` where :math:`w_j = 0`, :math:`g_j = -\alpha\,\mathrm{sign}(w_j)` elsewhere), whatever
# :math:`d`.
#
# With one global threshold :math:`\eta\alpha` instead (the SGD recipe after an Adam step), a
# weight at zero stays there only if Adam's normalised step is small,
# :math:`|\hat m_j|/d_j \le \alpha`. That ratio measures how steady the gradient is, not how
# large: about 1 for a steady gradient of any size well above :math:`\varepsilon`, small when
# noise dominates. In a steady
# full-batch state (:math:`\hat m_j = g_j`, :math:`\sqrt{\hat v_j} = |g_j|`) the condition
# reads :math:`|g_j| \le \varepsilon\alpha/(1-\alpha)` (for :math:`\alpha < 1`), and a
# non-zero weight stands still only where :math:`g_j/(|g_j| + \varepsilon) =
# -\alpha\,\mathrm{sign}(w_j)`, that is :math:`|g_j| = \varepsilon\alpha/(1-\alpha)`: together
# the optimality conditions of the L1 problem with the strength
# :math:`\varepsilon\alpha/(1-\alpha) \approx 4 \times 10^{-10}` instead of :math:`\alpha`
# (:math:`\varepsilon = 10^{-8}`), an essentially unpenalised problem.
for l1, kind in [("adam-prox", "per-coordinate"), ("prox", "global")]:
    model = logistic()
    label = f"Adam, {kind}"
    zero_counts[label] = train(model, torch.optim.Adam(model.parameters(), lr=ADAM_LR), EPOCHS, l1)
    w = model.weight.detach().numpy().ravel()
    print(
        f"{label + ' thresholds:':31s}{zero_counts[label][-1]:3d} zeros, pattern differs "
        f"in {np.count_nonzero((w != 0) != support)}"
    )
for l1, kind in [("adam-prox", "per-coordinate"), ("prox", "global")]:
    model = network()
    label = f"network, Adam, {kind}"
    zero_counts[label] = train(model, torch.optim.Adam(model.parameters(), lr=ADAM_LR), EPOCHS, l1)
    print(f"{'network, ' + kind + ':':31s}{zero_counts[label][-1]:3d} zeros of 880")

# %%
# The per-coordinate thresholds give more of the right zeros than proximal SGD (35 of 44,
# against 31) but not all, and many zeros in the network;
# the global threshold gives almost none in the logistic regression and far fewer in the
# network. What is left of the differences? Other reshuffles (seeds 1 and 2) leave other
# numbers of them, and the same loop with the whole data set as one batch (no minibatch
# noise) is followed for 240 steps, as many as 20 epochs of minibatches, then to 700:
print(f"{'Adam, per-coordinate':22s}{'false non-zeros':>17s}{'false zeros':>13s}")
for seed in (1, 2):
    model = logistic()
    train(model, torch.optim.Adam(model.parameters(), lr=ADAM_LR), EPOCHS, "adam-prox", seed=seed)
    w = model.weight.detach().numpy().ravel()
    row = f"seed {seed}, 20 epochs"
    print(f"{row:22s}{np.sum((w != 0) & ~support):17d}{np.sum((w == 0) & support):13d}")
full_adam = logistic()
adam = torch.optim.Adam(full_adam.parameters(), lr=ADAM_LR)
for steps in (240, 460):
    train(full_adam, adam, steps, "adam-prox", batch_size=n)  # continues the same run
    w = full_adam.weight.detach().numpy().ravel()
    row = f"full batch, {adam.state[full_adam.weight]['step']:.0f} steps"
    print(f"{row:22s}{np.sum((w != 0) & ~support):17d}{np.sum((w == 0) & support):13d}")

# %%
# Every difference is a weight that should be zero and is not, as with proximal SGD. With
# the whole data set as one batch, which has no noise, 240 steps leave differences too, at
# least half as many as the minibatch run of seed 0: at 20 epochs they come in large part from
# too few steps. By 700 steps the full-batch run has none, so they come not from the
# thresholds. Longer minibatch runs do not remove them; with this constant step they keep
# some, and those come from the minibatch noise. The figure follows the number of zeros epoch
# by epoch.
epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots()
ax.plot(epochs, zero_counts["logistic, prox"], "C0-o", label=r"SGD, threshold $\eta\alpha$")
ax.plot(epochs, zero_counts["Adam, per-coordinate"], "C0--s", label="Adam, per-coordinate")
ax.plot(epochs, zero_counts["Adam, global"], "C6-.^", label="Adam, global threshold")
ax.axhline(p - support.sum(), color="C6", linewidth=1)
# sphinx_gallery_start_ignore
ax.annotate(
    "exact solution",
    (EPOCHS, p - support.sum()),
    xytext=(0, 3),
    textcoords="offset points",
    ha="right",
    va="bottom",
)
ax.set(
    xlabel="epoch",
    ylabel="weights exactly 0",
    ylim=(-2, 90),
    xticks=[1, 5, 10, 15, 20],
    title=f"logistic regression, {p} weights",
)
ax.legend(loc="upper left")
lows = [min(zero_counts[k]) for k in ["logistic, prox", "Adam, per-coordinate"]]
highs = [max(zero_counts[k]) for k in ["logistic, prox", "Adam, per-coordinate"]]
fig.set_label(
    f"The number of the logistic regression's {p} weights that are exactly zero after each of "
    f"{EPOCHS} epochs. Proximal SGD and Adam with per-coordinate thresholds have between "
    f"{min(lows)} and {max(highs)} zeros, changing from epoch to epoch, below the "
    f"{p - support.sum()} of the exact solution; Adam with one global threshold has at most "
    f"{max(zero_counts['Adam, global'])} at any epoch."
)
# sphinx_gallery_end_ignore
plt.show()

# %%
# scikit-learn's SGDClassifier: the cumulative penalty
# ----------------------------------------------------
# ``SGDClassifier`` minimises
# :math:`\frac1n\sum_i \ell + \alpha\|w\|_1` with ``penalty="l1"``, the same scale as ours,
# and applies the penalty by the cumulative-penalty method of Tsuruoka, Tsujii and Ananiadou
# (2009): it keeps the total penalty :math:`u = \alpha\sum_t \eta_t` that a weight could have
# received so far and, for each weight, the penalty it has actually received; after each data
# step it pulls the weight toward zero by the difference, and a weight that would cross zero is
# set to exactly zero instead. The clipping is what makes the zeros. It treats only the
# weights that are non-zero after the data step (a weight at zero stays there until a data
# step moves it) and, for sparse input (a SciPy sparse ``X``), only the features stored as
# non-zero in the current sample: a feature absent from a sample is left alone and receives
# all the penalty it missed the next time it appears, a lazy update that the cumulative
# bookkeeping makes possible. For dense input, as here, every feature is treated at every
# step.
from sklearn.linear_model import SGDClassifier

sgd = SGDClassifier(loss="log_loss", penalty="l1", alpha=alpha, random_state=0)
w_sgd = sgd.fit(X_np, y_np).coef_.ravel()
print(f"SGDClassifier: {np.count_nonzero(w_sgd == 0)} zeros after {sgd.n_iter_} epochs;")
print(f"  pattern differs from the exact one in {np.count_nonzero((w_sgd != 0) != support)}")

# %%
# Exact zeros, about as many as the exact solution has, though not all the same ones: its
# default steps shrink as :math:`1/(\alpha(t + t_0))`, and its default stopping rule ended the
# run after the epochs printed above.
#

# %%
# The same family has other members, each a way to get exact zeros out of stochastic steps:
# forward–backward splitting (FOBOS, Duchi and Singer, 2009), which is the proximal step of this
# page; the truncated gradient (Langford, Li and Zhang, 2009), which every few steps shrinks
# the weights below a bound toward zero and clips them at zero; regularised dual averaging
# (RDA, Xiao, 2010), which soft-thresholds the running average of all past gradients with
# threshold :math:`\alpha` itself rather than :math:`\eta\alpha`; and FTRL-proximal (McMahan
# et al., 2013), which combines per-coordinate step sizes of AdaGrad's kind with an L1 step
# in closed form.
#
# Takeaways
# ---------
# * ``alpha * w.abs().sum()`` in the loss gives weights that hover near zero (at distances of
#   order :math:`\eta\alpha` with SGD, of order :math:`\eta` with Adam), not on it; an exact
#   zero would be an accident of rounding, and there was none at any epoch's end here.
# * Soft thresholding after each plain-SGD step (three lines: ``with torch.no_grad():``, a
#   loop over the weights, ``w.copy_(sn.prox_l1(w, lr * alpha))``) is the proximal gradient
#   step and gives exact zeros; full-batch and run to convergence on the logistic regression,
#   it found the same zeros as scikit-learn at :math:`C = 1/(n\alpha)`. (Near a unique
#   solution where every zero weight has :math:`|g_j| < \alpha` strictly, proximal gradient
#   steps must: then :math:`|w_j - \eta g_j| \le \eta\alpha` for those weights. Both hold
#   here. Every solution has the same linear predictor :math:`Xw + b` (the loss is strictly
#   convex in it), so the same gradient, so zeros wherever :math:`|g_j| < \alpha`, that is
#   off the ten non-zero pixels; their columns and the bias's constant column are linearly
#   independent, so the predictor fixes :math:`w` and :math:`b`.)
# * With minibatches the zeros are exact but the zero pattern flickers, because minibatch noise
#   larger than :math:`\alpha` kicks weights off zero whatever the step size.
# * After an Adam step, threshold each coordinate by :math:`\eta\alpha/(\sqrt{\hat v_j} +
#   \varepsilon)`; with one global threshold :math:`\eta\alpha`, a steady full-batch state is
#   a solution for the strength :math:`\varepsilon\alpha/(1-\alpha)`, not :math:`\alpha`.
#
# References
# ----------
# * A. Beck, M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear inverse
#   problems", *SIAM Journal on Imaging Sciences* 2(1), 2009 (proximal gradient steps, the
#   :math:`1/L` step).
# * J. Duchi, Y. Singer, "Efficient online and batch learning using forward backward
#   splitting", *Journal of Machine Learning Research* 10, 2009 (FOBOS).
# * J. Langford, L. Li, T. Zhang, "Sparse online learning via truncated gradient", *Journal of
#   Machine Learning Research* 10, 2009.
# * Y. Tsuruoka, J. Tsujii, S. Ananiadou, "Stochastic gradient descent training for
#   L1-regularized log-linear models with cumulative penalty", *Proceedings of ACL-IJCNLP*,
#   2009 (the method of scikit-learn's ``SGDClassifier``).
# * L. Xiao, "Dual averaging methods for regularized stochastic learning and online
#   optimization", *Journal of Machine Learning Research* 11, 2010 (RDA).
# * S. Lee, S. J. Wright, "Manifold identification in dual averaging for regularized
#   stochastic online learning", *Journal of Machine Learning Research* 13, 2012.
# * H. B. McMahan et al., "Ad click prediction: a view from the trenches", *Proceedings of
#   KDD*, 2013 (FTRL-proximal).
# * A. Defazio, F. Bach, S. Lacoste-Julien, "SAGA: a fast incremental gradient method with
#   support for non-strongly convex composite objectives", *NeurIPS*, 2014.
# * D. P. Kingma, J. Ba, "Adam: a method for stochastic optimization", *ICLR*, 2015.
# * N. Parikh, S. Boyd, "Proximal algorithms", *Foundations and Trends in Optimization* 1(3),
#   2014 (soft thresholding, the scaling rule).
# * scikit-learn user guide, `Logistic regression
#   <https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression>`_ and
#   `Stochastic gradient descent <https://scikit-learn.org/stable/modules/sgd.html>`_.
# * Cross Validated questions `45643 <https://stats.stackexchange.com/questions/45643>`_ (the
#   site's source article) and `617516 <https://stats.stackexchange.com/questions/617516>`_
#   (subgradient descent on the lasso gives no exact zeros; proximal steps do).
