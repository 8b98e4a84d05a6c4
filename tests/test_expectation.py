"""Expectations (issues 11 and 13): \\mathbb{E} as a linear operator with a conservative rule for what is random,
facts that hold for every distribution (monotonicity, E[u^2] >= E[u]^2) for proofs, point masses for refutation,
and the classic erratum (\\nabla_\\theta \\mathbb{E}_{p_\\theta} = \\mathbb{E}_{p_\\theta} \\nabla_\\theta) never proved."""

from __future__ import annotations

import pytest
import sympy as sp
from series_tools import slow_after

from symgd import BadInput, Status, check
from symgd.core.symbols import Expectation
from symgd.latex.expectation import ExpectationUnder
from symgd.latex.problem import parse_problem

X, c, x = (sp.Symbol(s, real=True) for s in ("X", "c", "x"))
b2 = sp.Symbol(r"\beta_{2}", real=True)
g = [sp.Symbol(f"g_{{{k}}}", real=True) for k in (1, 2, 3)]
E = Expectation  # the notation builds a subclass (evaluated at numbers); equality is by class and arguments


def sides(latex: str, **kw):
    (_, claim), = parse_problem(latex, **kw).links
    return claim.lhs, claim.rhs


def ex(u):
    from symgd.latex.expectation import Mean
    return Mean(u)


# ------------------------------------------------------------------------------------------- what it reads as
def test_linearity_and_what_comes_out():
    assert sides(r"\mathbb{E}[2X + 3] = 0")[0] == 2 * ex(X) + 3
    assert sides(r"E[v_t] = 0")[0] == ex(sp.Symbol("v_{t}", real=True))  # the letter E before [ : an expectation
    assert sides(r"\mathbb{E}[cX] = 0")[0] == ex(c * X)  # nothing declared: c may be random, it stays inside
    assert sides(r"\mathbb{E}[cX] = 0", random=["X"])[0] == c * ex(X)  # X declared random: c is a constant
    assert sides(r"\mathbb{E}_{X}[cX] = 0")[0] == c * ex(X)  # the subscript names the random variable
    assert sides(r"\mathbb{E}_{\xi}[f(x, \xi) + x] = 0")[0] == x + ex(sp.Function("f")(x, sp.Symbol(r"\xi", real=True)))
    lhs = sides(r"\mathbb{E}[(X - \mathbb{E}[X])^2] = 0")[0]  # an expectation is a constant inside another
    assert sp.expand(lhs - (ex(X**2) - ex(X) ** 2)) == 0
    lhs = sides(r"\mathbb{E}\left[(1-\beta_2)\sum_{i=1}^3 \beta_2^{3-i} g_i^2\right] = 0", random=["g"])[0]
    assert sp.expand(lhs - (1 - b2) * (b2**2 * ex(g[0] ** 2) + b2 * ex(g[1] ** 2) + ex(g[2] ** 2))) == 0
    k, T, eta = sp.Symbol("k", integer=True), sp.Symbol("T", real=True), sp.Symbol(r"\eta", real=True)
    assert sides(r"\mathbb{E}_X[\sum_{k=1}^{T} \eta^k X] = 0")[0] == sp.Sum(eta**k * ex(X), (k, 1, T))
    assert sides(r"E[v_t] = E", assume=["E > 0"])[0] != ex(sp.Symbol("v_{t}", real=True))  # E a value: a product


def test_a_parametric_measure_is_kept():
    lhs = sides(r"\mathbb{E}_{x \sim p_\theta}[f(x)] = 0")[0]
    assert isinstance(lhs, ExpectationUnder) and sp.Symbol(r"\theta", real=True) in lhs.args[1]
    lhs = sides(r"\mathbb{E}_{p(x | \theta)}[f(x)] = 0")[0]
    assert isinstance(lhs, ExpectationUnder) and sp.Symbol(r"\theta", real=True) in lhs.args[1]


# ------------------------------------------------------------------------------------------- decided
@pytest.mark.parametrize(("latex", "kw", "status"), slow_after(3, [
    (r"\mathbb{E}[2X + 3] = 2\mathbb{E}[X] + 3", {}, Status.PROVED),
    (r"\mathbb{E}[(X - \mathbb{E}[X])^2] = \mathbb{E}[X^2] - \mathbb{E}[X]^2", {}, Status.PROVED),
    (r"\mathbb{E}[X^2] - \mathbb{E}[X]^2 \ge 0", {}, Status.PROVED),  # the variance: E[u^2] >= E[u]^2
    (r"\mathbb{E}\left[(1-\beta_2)\sum_{i=1}^3 \beta_2^{3-i} g_i^2\right] = (1-\beta_2^3)\sigma^2",
     {"random": ["g"], "assume": [r"\mathbb{E}[g_i^2] = \sigma^2"]}, Status.PROVED),  # Adam's E[v_t], unrolled
    pytest.param(r"\mathbb{E}\left[(1-\beta_2)\sum_{i=1}^3 \beta_2^{3-i} g_i^2\right] = (1-\beta_2^2)\sigma^2",
                 {"random": ["g"], "assume": [r"\mathbb{E}[g_i^2] = \sigma^2"]}, Status.REFUTED,
                 marks=pytest.mark.slow),  # a wrong power: z3's point under point masses
    (r"\mathbb{E}[2X] = \mathbb{E}[X]", {}, Status.REFUTED),
    (r"\frac{d}{d\theta}\mathbb{E}[\theta X] = \mathbb{E}[X]", {"random": ["X"]}, Status.PROVED),
    (r"\mathbb{E}[XY]^2 \le \mathbb{E}[X^2]\mathbb{E}[Y^2]", {}, Status.PROVED),  # Cauchy-Schwarz
    (r"\mathbb{E}[|X|] \ge |\mathbb{E}[X]|", {}, Status.PROVED),  # Jensen for |.|
]))
def test_decided(latex, kw, status):
    assert check(latex, timeout=10, **kw).status is status


@pytest.mark.parametrize(("latex", "kw"), [
    (r"\mathbb{E}[cX] = c\mathbb{E}[X]", {}),  # c may be random: not proved, and true for constant c: not refuted
    (r"\mathbb{E}[X] = X", {}),  # true for point masses, false in general: never proved
    pytest.param(r"\mathbb{E}[X^3] \ge \mathbb{E}[X]^3", {}, marks=pytest.mark.slow),
])
@pytest.mark.slow
def test_look_alikes_neither_proved_nor_wrongly_refuted(latex, kw):
    status = check(latex, timeout=10, **kw).status
    assert status is not Status.PROVED
    if latex.startswith(r"\mathbb{E}[cX]"):
        assert status is not Status.REFUTED


# ------------------------------------------------------------------------------------------- refused
@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"\frac{d}{d\theta}\mathbb{E}_{x \sim p_\theta}[f(x)] = \mathbb{E}_{x \sim p_\theta}[\frac{d}{d\theta} f(x)]", {},
     r"parameter of its measure .* score-function"),
    (r"\frac{d}{d\theta}\mathbb{E}_{p(x|\theta)}[f(x)] = 0", {}, r"parameter of its measure"),
    (r"\nabla_\theta \mathbb{E}_{p(x|\theta)}[f(x)] = 0", {"vectors": ["theta"]}, r"cannot differentiate"),
    (r"\frac{d}{d\theta}\mathbb{E}[\theta X] = \mathbb{E}[X]", {}, r"declare the random names"),
    (r"\mathbb{E}\|g\|^2 = \|\nabla f(x)\|^2 + \sigma^2", {"vectors": ["g", "x"]}, r"no proof method models random"),
    (r"\mathbb{E}[g] = 0", {"vectors": ["g"]}, r"no proof method models random vectors"),
    (r"\mathbb{E}_{2 + x}[X] = 0", {}, r"cannot read the subscript of"),
    (r"\mathbb{E} X = 0", {}, r"needs a bracketed argument"),
    (r"E[X] + E = 1", {}, r"E is also a value here"),  # an expectation and a value named E
    (r"\mathbb{E}_t[g_t] = g_t", {}, r"names no random variable of its argument"),  # given step t? not g_t fixed
    (r"\mathbb{E}[X \mid Y] = 0", {}, r"conditional expectations"),
    (r"\mathbb{E}[X | Y] = 0", {}, r"conditional expectations"),
])
def test_refused(latex, kw, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **kw)
