"""The extent of a summand (issue 11): the summand of \\sum / \\prod is the whole product/quotient that follows, up
to the next + or - on its level (\\sum_{t=1}^{T} 1/t is the sum of 1/t, not (\\sum 1)/t with t free); the bound
index used after its sum on the same side is refused, never read as another name."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.problem import parse_problem

k, t, i = (sp.Symbol(n, integer=True) for n in "kti")
T, n, c = (sp.Symbol(n, real=True) for n in ("T", "n", "c"))
a, b = sp.Function("a", real=True), sp.Function("b", real=True)
x1, x2, x3 = (sp.Symbol(f"x_{{{j}}}", real=True) for j in (1, 2, 3))


def lhs(latex: str, **kw):
    (_, claim), = parse_problem(latex + " = 0", **kw).links
    return claim.lhs


@pytest.mark.parametrize(("latex", "expected"), [
    (r"\sum_{t=1}^{T} 1/t", sp.Sum(1 / t, (t, 1, T))),
    (r"\sum_{k=1}^{n} a_k b_k / c", sp.Sum(a(k) * b(k) / c, (k, 1, n))),
    (r"\sum_{i=1}^{3} x_i^2 / 2", x1**2 / 2 + x2**2 / 2 + x3**2 / 2),  # a family written out: each term halved
    (r"\prod_{k=1}^{n} k/2", sp.Product(k / 2, (k, 1, n))),
    (r"\sum_{k=1}^{n} k \cdot 2 / c + 1", sp.Sum(2 * k / c, (k, 1, n)) + 1),  # the summand ends at the +
    (r"2 \sum_{k=1}^{n} k / 3 - n", 2 * sp.Sum(k / 3, (k, 1, n)) - n),
    (r"\sum_{k=1}^{n} k + \sum_{k=1}^{n} 1/k", sp.Sum(k, (k, 1, n)) + sp.Sum(1 / k, (k, 1, n))),  # bound again
])
def test_summand_is_the_whole_term(latex, expected):
    got = lhs(latex)
    assert got == expected
    bound = {s.name for s in sp.Add(got).atoms(sp.Sum, sp.Product) for s in s.variables}
    assert not {s.name for s in got.free_symbols} & bound  # no bound index left free


@pytest.mark.parametrize(("latex", "kw", "status"), [
    (r"\sum_{t=1}^{3} 1/t = 11/6", {}, Status.PROVED),
    (r"\sum_{t=1}^{3} 1/t = 2", {}, Status.REFUTED),
    (r"\prod_{k=1}^{3} k/2 = 3/4", {}, Status.PROVED),  # (1/2)(2/2)(3/2)
    (r"\prod_{k=1}^{3} k/2 = 3", {}, Status.REFUTED),  # the old reading: (1*2*3)/k would not be a number
    (r"\sum_{i=1}^{4} i^2 / 2 = 15", {}, Status.PROVED),  # (1+4+9+16)/2
])
def test_claims(latex, kw, status):
    assert check(latex, **kw).status is status


def test_harmonic_bound_is_not_refuted():
    """Was refuted at t = 1/100 when t was free outside the sum (a true claim)."""
    assert check(r"\sum_{t=1}^{T} 1/t \ge \log(T+1)", assume=[r"T \in \mathbb{N}"]).status is not Status.REFUTED


@pytest.mark.parametrize("latex", [
    r"\sum_{i=1}^{n} a_i + b_i = 0",
    r"\sum_{i=1}^{3} a_i + b_i = 0",  # numeric bounds (written out) too
    r"\sum_{i=1}^{n} i - i = 0",
    r"(\sum_{i=1}^{n} i) + i = 0",
    r"\prod_{k=1}^{3} k + k = 0",
    r"\sum_{i=1}^{n} i + \sum_{j=1}^{n} j i = 0",
])
def test_index_after_its_sum_is_refused(latex):
    with pytest.raises(BadInput, match=re.escape("is used outside its \\")):
        check(latex)


@pytest.mark.parametrize(("latex", "status"), [
    (r"\lim_{t \to \infty} 1/t = 0", Status.PROVED),  # was refuted at t = -7: (\lim 1)/t with t free
    (r"\lim_{t \to \infty} 1/t = 1", Status.REFUTED),
    (r"\lim_{x \to 0} \sin(x)/x = 1", Status.PROVED),
])
def test_limit_of_the_whole_term(latex, status):
    assert check(latex).status is status


def test_limit_variable_after_the_limit_is_refused():
    with pytest.raises(BadInput, match=r"the variable x is used outside its \\lim"):
        check(r"\lim_{x \to 0} x + x = 0")


@pytest.mark.parametrize(("latex", "message"), [
    (r"\sum_{t=1}^{\infty} \eta_t^2 < \infty", r"\\infty as a side \(a convergence claim"),
    (r"\sum_{t=1}^{\infty} 1/t^2 \le \infty", r"\\infty as a side"),
    (r"\infty = \sum_{t=1}^{\infty} 1/t", r"\\infty as a side"),
    (r"x + \infty = 1", r"\\infty is understood only as a bound"),
])
def test_infinity_as_an_operand_is_refused_in_one_line(latex, message):
    with pytest.raises(BadInput, match=message):
        check(latex)


def test_infinite_series_value_still_checked():
    assert check(r"\sum_{t=1}^{\infty} 1/t^2 = \pi^2/6").status is Status.PROVED
    assert check(r"\sum_{t=1}^{\infty} 1/t^2 = 2").status is Status.REFUTED


@pytest.mark.parametrize(("latex", "kw", "status"), [
    (r"\mathbf{e}_1^\top x = x^\top \mathbf{e}_1", {"vectors": ["x"]}, Status.PROVED),
    (r"\|\mathbf{e}\|^2 = \mathbf{e}^\top \mathbf{e}", {}, Status.PROVED),
    (r"\|\mathbf{e}_k\|^2 = -1", {}, Status.REFUTED),  # a vector (a norm), not Euler's number: e^2 > 0 either way
    (r"e_i^\top x = x^\top e_i", {"vectors": ["x", "e"]}, Status.PROVED),  # e declared a vector
    (r"e^2 > 7", {}, Status.PROVED),  # plain e: still Euler's number (e^2 = 7.389)
    (r"e^2 > 7.5", {}, Status.REFUTED),
])
def test_bold_e_is_a_vector(latex, kw, status):
    assert check(latex, **kw).status is status


def test_bold_e_is_not_eulers_number():
    e = lhs(r"\mathbf{e}")
    assert e != sp.E and e.shape[1] == 1  # a column vector
    with pytest.raises(BadInput, match="both a bold e and a plain e"):
        check(r"\mathbf{e}^\top \mathbf{e} = e")
