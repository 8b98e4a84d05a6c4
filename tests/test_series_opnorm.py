"""Operator norms and extreme eigenvalues written as extrema over vectors (issue 11): what they read as, the
rewrite \\|A^{-1}\\|_2 = 1/\\sigma_{\\min}(A), exact values on explicit 2 x 2 matrices checked against numpy, refusals
and false look-alikes (refuted in coordinates, never proved)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from series_tools import slow_after

from symgd import BadInput, Status, check
from symgd.latex.notation import DIM
from symgd.latex.opnorm import LambdaMax, LambdaMin, SmallestSingular, SpectralNorm
from symgd.latex.problem import parse_problem

n = DIM
A = sp.MatrixSymbol("A", n, n)
V, S = {"vectors": ["x"], "matrices": ["A"]}, {"vectors": ["x"], "symmetric": ["A"]}


def sides(latex: str, **kw):
    (_, claim), = parse_problem(latex, **kw).links
    return claim.lhs, claim.rhs


@pytest.mark.parametrize(("latex", "kw", "expected"), [
    (r"\max_{x \ne 0} \frac{\|Ax\|}{\|x\|} = 0", V, SpectralNorm(A)),
    (r"\max_{\|x\| = 1} \|Ax\| = 0", V, SpectralNorm(A)),
    (r"\min_{x \neq 0} \frac{\|Ax\|}{\|x\|_2} = 0", V, SmallestSingular(A)),
    (r"\max_{\|x\|=1} x^\top A x = 0", S, LambdaMax(A)),
    (r"\min_{x^T x = 1} x^\top A x = 0", S, LambdaMin(A)),
    (r"\max_{x \ne 0} \frac{x^T A x}{x^T x} = 0", S, LambdaMax(A)),
    (r"\max_{x \ne 0} \frac{\|Ax\|^2}{\|x\|^2} = 0", V, SpectralNorm(A) ** 2),
    (r"\|A\|_2 = 0", V, SpectralNorm(A)),
    (r"\|A\|_{\mathrm{op}} = 0", V, SpectralNorm(A)),
    (r"\lambda_{\max}(A) = 0", S, LambdaMax(A)),
    (r"\sigma_{\min}(A) = 0", V, SmallestSingular(A)),
    (r"\|A^{-1}\|_2 = 0", V, 1 / SmallestSingular(A)),  # the SVD rewrite
])
def test_read_as(latex, kw, expected):
    assert sides(latex, **kw)[0] == expected


def test_exact_values_on_explicit_matrices_agree_with_numpy():
    rng = np.random.default_rng(7)
    for _ in range(5):
        m = sp.Matrix(2, 2, [sp.Rational(int(v), 7) for v in rng.integers(-20, 20, 4)])
        s = (m + m.T) / 2
        sv = np.linalg.svd(np.array(m, dtype=float), compute_uv=False)
        ev = np.linalg.eigvalsh(np.array(s, dtype=float))
        assert abs(float(SpectralNorm(sp.ImmutableMatrix(m))) - sv[0]) < 1e-12
        assert abs(float(SmallestSingular(sp.ImmutableMatrix(m))) - sv[1]) < 1e-12
        assert abs(float(LambdaMax(sp.ImmutableMatrix(s))) - ev[1]) < 1e-12
        assert abs(float(LambdaMin(sp.ImmutableMatrix(s))) - ev[0]) < 1e-12
    assert LambdaMax(sp.ImmutableMatrix([[1, 2], [0, 1]])).func is LambdaMax  # not symmetric: left unevaluated


@pytest.mark.parametrize(("latex", "kw", "status"), slow_after(3, [
    (r"\|A\|_2 = \max_{x \ne 0} \frac{\|Ax\|}{\|x\|}", V, Status.PROVED),
    (r"\min_{x\ne 0} \frac{\|Ax\|}{\|x\|} = \frac{1}{\|A^{-1}\|_2}", V, Status.PROVED),
    (r"\max_{\|x\|=1} x^\top A x = \lambda_{\max}(A)", S, Status.PROVED),
    (r"\min_{x\ne 0} \frac{\|Ax\|}{\|x\|} = \|A^{-1}\|_2", V, Status.REFUTED),  # the reciprocal dropped
    (r"\max_{\|x\|=1} x^\top A x = \|A\|_2", S, Status.REFUTED),  # only for A positive semidefinite
    (r"\|AB\|_2 = \|A\|_2 \|B\|_2", {"matrices": ["A", "B"]}, Status.REFUTED),  # only <=
]))
def test_decided(latex, kw, status):
    assert check(latex, timeout=10, **kw).status is status


@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"\|A\| = \max_{x \ne 0} \frac{\|Ax\|}{\|x\|}", V, r"ambiguous: .*\\\|A\\\|_2 for the spectral norm"),
    (r"\max_{\|x\|=1} x^\top A x = \lambda_{\max}(A)", V, r"not declared symmetric"),
    (r"\lambda_{\max}(A) = 0", V, r"not declared symmetric"),
    (r"\max_{x \ne 0} \frac{\|Ax\|}{\|x\|^2} = 0", V, r"an extremum over vectors is understood for"),
    (r"\max_{x \ne 0} \|Ax\| = 0", V, r"an extremum over vectors is understood for"),  # unbounded
    (r"\max_{\|x\| = 2} \|Ax\| = 0", V, r"an extremum over vectors is understood for"),
    (r"\max_{x \in C} f(x) = 0", V, r"over a set"),
    (r"\max_{t \ne 0} \frac{|t|}{|t|} = 1", {}, r"over a vector x: declare it"),
])
def test_refused(latex, kw, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **kw)


def test_look_alike_names_stay_products():
    lam, eta = sp.Symbol(r"\lambda_{\max}", real=True), sp.Symbol(r"\eta", real=True)
    assert sides(r"\lambda_{\max}(1 - \eta) = 0")[0] == lam * (1 - eta)


def test_rewrites_of_the_spectrum():
    eta = sp.Symbol(r"\eta", real=True)
    assert SpectralNorm(2 * A.T) == 2 * SpectralNorm(A) and SpectralNorm(eta * A) == sp.Abs(eta) * SpectralNorm(A)
    assert LambdaMax(-2 * A) == -2 * LambdaMin(A) and SmallestSingular(sp.Inverse(A)) == 1 / SpectralNorm(A)
    assert SpectralNorm(sp.Identity(n)) == 1


@pytest.mark.parametrize(("latex", "kw", "status"), slow_after(1, [
    (r"\lambda_{\min}(A) \le \lambda_{\max}(A)", {"symmetric": ["A"]}, Status.PROVED),
    (r"\lambda_{\max}(A) \le \lambda_{\min}(A)", {"symmetric": ["A"]}, Status.REFUTED),
    (r"\|AB\|_2 \le \|A\|_2 \|B\|_2", {"matrices": ["A", "B"]}, Status.PROVED),  # submultiplicative
    (r"\|AB\|_2 \ge \|A\|_2 \|B\|_2", {"matrices": ["A", "B"]}, Status.REFUTED),
    (r"\|A + B\|_2 \le \|A\|_2 + \|B\|_2", {"matrices": ["A", "B"]}, Status.PROVED),
    (r"\|A\|_2 = \lambda_{\max}(A)", {"positive_definite": ["A"]}, Status.PROVED),
    (r"\|A\|_2 = \lambda_{\max}(A)", {"symmetric": ["A"]}, Status.REFUTED),  # a negative eigenvalue
    (r"\|A\|_2 \|A^{-1}\|_2 \ge 1", {"matrices": ["A"]}, Status.PROVED),  # the condition number
    (r"\|A\|_2 \|A^{-1}\|_2 \le 1", {"matrices": ["A"]}, Status.REFUTED),
]))
def test_spectral_facts(latex, kw, status):
    assert check(latex, timeout=10, **kw).status is status
