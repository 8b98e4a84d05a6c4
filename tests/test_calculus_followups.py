"""Issue 11: ``\\frac`` with TeX's one-token arguments (``\\frac\\eta2``, ``\\frac1\\kappa``), ``\\nabla(...)``
without a subscript (the gradient in the expression's one vector variable) and ``\\nabla_u^2`` (the same as
``\\nabla^2_u``).  Each reading is compared with the braced or explicit spelling the parser already had; what TeX
would read differently from what is likely meant is refused."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import parse_problem
from symgd.latex.notation import DIM

DECL = {"vectors": ["u", "x", "y"], "matrices": ["R", "A"]}


def side(latex: str, **kw):
    p = parse_problem(latex + " = 0", **kw)
    assert len(p.links) == 1
    return p.links[0][1].lhs


@pytest.mark.parametrize(
    ("one_token", "braced"),
    [
        (r"\frac\eta2", r"\frac{\eta}{2}"),
        (r"\frac\lambda2\theta^2", r"\frac{\lambda}{2}\theta^2"),
        (r"\frac1\kappa", r"\frac{1}{\kappa}"),
        (r"\frac 1 2", r"\frac{1}{2}"),
        (r"\frac{1}\kappa", r"\frac{1}{\kappa}"),
        (r"\frac\eta{2}", r"\frac{\eta}{2}"),
        (r"\tfrac\eta2", r"\frac{\eta}{2}"),
        (r"\dfrac12", r"\frac{1}{2}"),
        (r"\frac\eta2x", r"\frac{\eta}{2} x"),  # TeX: (eta/2) x
        (r"\frac xy", r"\frac{x}{y}"),
        (r"\frac\pi2", r"\frac{\pi}{2}"),
        (r"\frac1\kappa^2", r"\frac{1}{\kappa^2}"),  # (1/k)^2 = 1/k^2: either reading
        (r"\frac12(a + b)", r"\frac{1}{2}(a + b)"),
        (r"\frac1\ell", r"\frac{1}{\ell}"),
    ],
)
def test_one_token_fraction_reads_as_tex(one_token: str, braced: str) -> None:
    assert side(one_token) == side(braced)


def test_meanings_as_sympy_objects() -> None:
    eta, lam, theta, kappa = (sp.Symbol(s, real=True) for s in (r"\eta", r"\lambda", r"\theta", r"\kappa"))
    assert side(r"\frac\eta2") == eta / 2
    assert side(r"\frac\lambda2\theta^2") == lam * theta**2 / 2
    assert side(r"\frac1\kappa") == 1 / kappa
    x = sp.MatrixSymbol("x", DIM, 1)
    assert sp.expand((side(r"\nabla(2 x^T x + 3)", **DECL) - 4 * x).doit()) == sp.ZeroMatrix(DIM, 1)


def test_one_token_fraction_of_a_vector() -> None:
    assert side(r"\frac x2", vectors=["x"]) == side(r"\frac{x}{2}", vectors=["x"])


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\frac\eta23", r"TeX takes only the digit 2; write \\frac\{a\}\{b\} with braces"),  # eta/2 * 3 or eta/23?
        (r"\frac12.5", r"TeX takes only the digit 2"),
        (r"\frac2\kappa^2", r"a script after a one-token denominator of \\frac"),  # (2/k)^2 or 2/k^2?
        (r"\frac1\kappa_t", r"a script after a one-token denominator"),
        (r"\frac1\lambda(a+b)", r"a parenthesis after a one-token denominator"),
        (r"\frac\eta_t2", r"each a group or a single digit, letter or Greek letter"),
        (r"\frac\sqrt2", r"each a group or a single digit, letter or Greek letter"),
        (r"\frac1", r"\\frac needs two arguments"),
    ],
)
def test_one_token_fraction_refused(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        side(latex)


@pytest.mark.parametrize(
    ("implicit", "explicit"),
    [
        (r"\nabla\left(\frac{1}{2}\|x\|^2\right)", r"\nabla_x\left(\frac{1}{2}\|x\|^2\right)"),
        (r"\nabla(2 x^T x + 3)", r"\nabla_x(2 x^T x + 3)"),
        (r"\nabla[\|x\|^2]", r"\nabla_x[\|x\|^2]"),
    ],
)
def test_nabla_of_an_expression_in_its_one_vector(implicit: str, explicit: str) -> None:
    assert side(implicit, **DECL) == side(explicit, **DECL)


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\nabla(x^\top y)", r"names: x, y\): write \\nabla_x\(\.\.\.\) to say in which variable"),
        (r"\nabla(a \|x\|^2)", r"names: a, x\)"),  # a scalar could be the variable too
        (r"\nabla(x^T A x)", r"names: A, x\)"),
        (r"\nabla(t^2)", r"expression in t, not a vector \(declare it with --vector, or write \\nabla_x"),
        (r"\nabla(\|x\|^2 + f(y))", r"a function value in it"),  # f(y) depends on y
        (r"\nabla^2(x^T x)", r"\\nabla\^2\(\.\.\.\) of an expression: write \\nabla_x"),
    ],
)
def test_nabla_of_an_expression_refused(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        side(latex, **DECL)


@pytest.mark.parametrize(
    ("sub_first", "sup_first"),
    [
        (r"\nabla_u^2 f(Ru)", r"\nabla^2_u f(Ru)"),
        (r"\nabla_x^{2} f(x)", r"\nabla^2_x f(x)"),
        (r"\nabla_t^2 (t^3)", r"\nabla^2_t (t^3)"),
    ],
)
def test_nabla_subscript_then_square(sub_first: str, sup_first: str) -> None:
    assert side(sub_first, **DECL) == side(sup_first, **DECL)


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\nabla^2_x^2 f(x)", r"two superscripts on \\nabla"),
        (r"\nabla_x^3 f(x)", r"only \\nabla and \\nabla\^2 are understood"),
    ],
)
def test_nabla_subscript_then_square_refused(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        side(latex, **DECL)


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        (r"\frac\eta2 = \frac{\eta}{2}", Status.PROVED),
        (r"\frac\eta2 = \eta/3", Status.REFUTED),
        (r"\frac\lambda2\theta^2 = \lambda\theta^2", Status.REFUTED),
        (r"\frac1\kappa = \kappa", Status.REFUTED),
        (r"\nabla\left(\frac{1}{2}\|x\|^2\right) = x", Status.PROVED),
        (r"\nabla\left(\frac{1}{2}\|x\|^2\right) = 2x", Status.REFUTED),
        (r"\nabla_u^2 f(Ru) = R^T \nabla^2 f(Ru) R", Status.PROVED),
        (r"\nabla_u^2 f(Ru) = R \nabla^2 f(Ru) R^T", Status.REFUTED),
    ],
)
def test_verdicts(latex: str, status: Status) -> None:
    v = check(latex, timeout=20, **DECL)
    assert v.status is status, (latex, v)


def test_issue_example_first_order_convexity_of_the_half_squared_norm() -> None:
    v = check(r"\frac{1}{2}\|y\|^2 \ge \frac{1}{2}\|x\|^2 + \nabla\left(\frac{1}{2}\|x\|^2\right) \cdot (y - x)",
              timeout=20, vectors=["x", "y"])
    assert v.status is Status.PROVED, v
