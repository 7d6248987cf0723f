"""Every number and every "exactly zero" / "never zero" claim printed by gallery/beyond.

Each test recomputes its claim with the library (and, where it helps, a second way), so a change
in sparsenorm or in numpy's arithmetic that would make a page wrong fails here. The page that
makes each claim is named in the test's section comment.
"""

from decimal import Decimal

import numpy as np
import pytest

import sparsenorm as sn

F64 = np.finfo(np.float64)
F32 = np.finfo(np.float32)

# -- page 1: plot_1_toy_example_breaks.py ----------------------------------------------------


def test_p1_article_start_reaches_zero_in_ten_steps():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.5, n_steps=12)
    assert run[10] == 0.0
    assert np.all(run[:10] > 0)


def test_p1_start_5_2_oscillates_for_ever_and_never_hits_zero():
    run = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=1000)
    high, low = run[10], run[11]
    assert high == pytest.approx(0.2, abs=1e-12) and high != 0.2
    assert low == pytest.approx(-0.3, abs=1e-12)
    # Deterministic map and w12 == w10: periodic from step 10 on, checked over 1000 steps.
    assert run[12] == high and run[13] == low
    assert np.all(run[10::2] == high) and np.all(run[11::2] == low)
    assert np.count_nonzero(run == 0) == 0


def test_p1_proximal_from_5_2_stops_at_exact_zero_at_step_11():
    plain = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16)
    prox = sn.penalty_descent(sn.L1(1.0), 5.2, step=0.5, n_steps=16, method="proximal")
    assert np.all(prox[:11] == plain[:11])
    assert np.all(prox[:11] != 0)
    assert np.all(prox[11:] == 0)


def test_p1_stored_one_tenth_is_slightly_larger_than_one_tenth():
    assert Decimal.from_float(0.1) > Decimal("0.1")


def test_p1_step_one_tenth_leaves_about_1e_15_after_fifty_steps():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.1, n_steps=1000)
    w = 5.0
    for _ in range(50):  # the same arithmetic in plain Python floats
        w -= 0.1
    assert run[50] == w
    assert 1e-16 < run[50] < 1e-14
    assert run[50] / F64.eps == 4.625  # printed as "4.625 machine epsilons"
    assert run[51] == pytest.approx(-0.1, abs=1e-14)
    assert np.all(run[50::2] == run[50]) and np.all(run[51::2] == run[51])
    assert np.count_nonzero(run == 0) == 0


def test_p1_step_one_tenth_proximal_first_zero_at_step_51():
    run = sn.penalty_descent(sn.L1(1.0), 5.0, step=0.1, n_steps=60, method="proximal")
    assert np.all(run[:51] != 0)
    assert np.all(run[51:] == 0)


def test_p1_float32_leaves_a_few_millionths():
    run = sn.penalty_descent(sn.L1(1.0), np.float32(5.0), step=0.1, n_steps=60)
    assert run.dtype == np.float32
    assert 1e-6 < float(run[50]) < 1e-5


def _p1_data_term_runs(n_steps=300, z=0.3, lam=1.0):
    def subgradient_run(step_rule):
        w = np.empty(n_steps + 1)
        w[0] = 2.0
        for k in range(n_steps):
            w[k + 1] = w[k] - step_rule(k) * (w[k] - z + lam * np.sign(w[k]))
        return w

    ista = np.empty(n_steps + 1)
    ista[0] = 2.0
    for k in range(n_steps):
        ista[k + 1] = sn.prox_l1(ista[k] - 0.1 * (ista[k] - z), 0.1 * lam)
    return subgradient_run(lambda k: 0.1), subgradient_run(lambda k: 1.0 / (k + 1)), ista


def test_p1_with_a_data_term_only_the_proximal_iterates_stay_at_zero():
    fixed, decreasing, ista = _p1_data_term_runs()
    assert np.count_nonzero(fixed == 0) == 0
    for run in (fixed, decreasing):
        zeros = np.flatnonzero(run[:-1] == 0)
        assert np.all(run[zeros + 1] != 0)  # landed on zero by accident, left again
        assert run[-1] != 0
    assert np.count_nonzero(decreasing[:-1] == 0) >= 1
    hit = int(np.argmax(ista == 0))
    # While positive, w_k = 2.7 * 0.9**k - 0.7; the prox zeroes w_{k+1} once 0.9 w_k + 0.03 <= 0.1.
    k = next(k for k in range(100) if 0.9 * (2.7 * 0.9**k - 0.7) + 0.03 <= 0.1)
    assert hit == k + 1
    assert np.all(ista[hit:] == 0)
