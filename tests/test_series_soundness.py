"""Soundness battery for the constructs of test_series_* and test_expectation (issues 11, 13): realistic false
look-alikes (a dropped factor, a swapped index, a flipped inequality, a missing hypothesis) are never proved; each
is shown false by the comment's witness, independent of symgd."""

from __future__ import annotations

import pytest

from symgd import BadInput, Status, check

pytestmark = pytest.mark.slow  # about 20 checks, several until their budget: CI and make test, not test-fast

V, M, S = {"vectors": ["x", "y", "g"]}, {"matrices": ["A", "B", "H"]}, {"symmetric": ["A"]}


@pytest.mark.parametrize(("latex", "kw"), [
    # index sums: H = [[0, 1], [0, 0]], g = (0, 1): (Hg)_0 = 1, (H^T g)_0 = 0
    (r"\sum_i H_{ji} g_i = \sum_i H_{ij} g_i", {**V, **M}),
    (r"\sum_i \sum_j A_{ij} B_{ij} = \operatorname{tr}(AB)", M),  # A = B = [[0, 1], [0, 0]]: 1 vs 0
    (r"\sum_i \sum_j H_{ij} x_i y_j = x^T H^T y", {**V, **M}),  # x = e1, y = e2, H = [[0, 1], [0, 0]]: 1 vs 0
    # expectations: X = +-1 with probability 1/2: E[X^2] = 1, E[X]^2 = 0
    (r"\mathbb{E}[X^2] = \mathbb{E}[X]^2", {}),
    (r"\mathbb{E}[X^2] \le \mathbb{E}[X]^2", {}),
    (r"\mathbb{E}[X] = X", {}),  # X = +-1: E[X] = 0 != X
    (r"\mathbb{E}[cX] = c\mathbb{E}[X]", {}),  # c = X = +-1 (c random, nothing declared): 1 vs 0
    (r"\mathbb{E}[X^3] \ge \mathbb{E}[X]^3", {}),  # X = -2 w.p. 1/3, 1 w.p. 2/3: E[X^3] = -2 < E[X]^3 = 0
    (r"\mathbb{E}[X]^2 \ge \mathbb{E}[X^2]", {"random": ["X"]}),
    (r"\mathbb{E}[XY]^2 \ge \mathbb{E}[X^2]\mathbb{E}[Y^2]", {}),  # X, Y independent +-1: 0 vs 1
    (r"\mathbb{E}[|X|] \le |\mathbb{E}[X]|", {}),  # X = +-1: 1 vs 0
    # operator norms: A = diag(1, -2) (symmetric): lambda_max = 1, ||A||_2 = 2, lambda_min = -2
    (r"\max_{\|x\|=1} x^\top A x = \|A\|_2", {**V, **S}),
    (r"\lambda_{\max}(A) \ge \|A\|_2", S),
    (r"\lambda_{\min}(A) \ge 0", S),
    (r"\|A + B\|_2 \ge \|A\|_2 + \|B\|_2", M),  # A = I, B = -I: 0 vs 2
    (r"\|AB\|_2 = \|A\|_2 \|B\|_2", M),  # A = [[1, 0], [0, 0]], B = [[0, 0], [0, 1]]: 0 vs 1
    (r"\min_{x \ne 0} \frac{\|Ax\|}{\|x\|} = \|A^{-1}\|_2", {**V, **M}),  # A = 2I: 2 vs 1/2
    # families to a symbolic bound: g_i = i, t = 2: 3 vs 1 + 1
    (r"\sum_{i=1}^{t} g_i = \sum_{i=1}^{t-1} g_i + g_{t-1}", {"assume": [r"t \in \mathbb{N}", r"t \ge 2"]}),
])
def test_false_look_alikes_are_never_proved(latex, kw):
    try:
        status = check(latex, timeout=3, **kw).status
    except BadInput:
        return  # refused: not proved
    assert status is not Status.PROVED, latex
