"""Evaluation bars (symgd.latex.evaluation): ``\\Big|_{t=0}``, ``\\big|``, ``\\Bigr|``, ``\\vert``, ``\\right|`` after
``\\left.``; the substitution comes after the differentiation; bars that could be absolute values are refused."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import parse_problem


def one(latex: str, **kw):
    p = parse_problem(latex, **kw)
    assert len(p.links) == 1
    return p.links[0][1]


t, lam = sp.Symbol("t", real=True), sp.Symbol(r"\lambda", real=True)
theta = sp.Function(r"\theta")


@pytest.mark.parametrize("bar", [r"\Big|", r"\big|", r"\Bigr|", r"\bigg|", r"|", r"\vert", r"\Big\vert"])
def test_bars_without_left_dot(bar: str) -> None:
    c = one(rf"\frac{{d}}{{dt}} e^{{-\lambda t}} {bar}_{{t=0}} = -\lambda")
    assert isinstance(c.lhs, sp.Subs) and c.lhs.doit() == -lam  # differentiated first, then t = 0
    assert c.lhs.expr == sp.Derivative(sp.exp(-lam * t), t)


def test_the_bar_closes_the_term_before_it() -> None:
    c = one(r"\left. \frac{d\theta}{dt}\right|_{t=0} = \frac{d\theta}{dt}\Big|_{t=0}")
    assert c.lhs == c.rhs == sp.Subs(sp.Derivative(theta(t), t), t, 0)
    c = one(r"1 + 2\frac{d}{dt} t^3 \Big|_{t=2} = 25")  # the term 2 d/dt t^3; 1 does not depend on t
    assert sp.simplify(c.lhs.doit()) == 25
    c = one(r"\frac{d}{dt} t^3 \Big|_{t=2} + t = 12 + t")  # the bar ends the term: the later t is free
    assert c.lhs.doit() == 12 + t
    c = one(r"\frac{d}{dt} t^2 \Big|_{\substack{t=1}} = 2")
    assert c.lhs.doit() == 2


def test_brackets_with_a_point_are_an_evaluation() -> None:
    c = one(r"\left[ \frac{d}{dt} t^3 \right]_{t=2} = 2[t^2]_{t=3} - 6")
    assert c.lhs.doit() == 12 and c.rhs.doit() == 12
    with pytest.raises(BadInput, match="subscript"):  # [t]_i: no point, not an evaluation
        parse_problem(r"[t]_{i} = 1")


def test_vector_variable_at_a_named_vector() -> None:
    n = sp.Symbol("n", integer=True, positive=True)
    c = one(r"\nabla f(x) \Big|_{x=y} = \nabla f(y)", vectors=["x", "y"])
    assert c.lhs == c.rhs == sp.MatrixSymbol(r"\nabla f(y)", n, 1)
    c = one(r"\left. \nabla_x (x^T A x) \right|_{x=y} = A y + A^T y", vectors=["x", "y"], matrices=["A"])
    assert sp.simplify((c.lhs - c.rhs).doit()) == sp.ZeroMatrix(n, 1)


@pytest.mark.parametrize(
    ("latex", "decl", "status"),
    [
        (r"\frac{d}{dt} t^3 \Big|_{t=2} = 12", {}, Status.PROVED),
        (r"\frac{d}{dt} t^3 \Big|_{t=2} = 8", {}, Status.REFUTED),  # substituted before differentiating
        (r"\frac{d}{dx} f(x)^2 \Big|_{x=0} = 2 f(0) f'(0)", {}, Status.PROVED),
        (r"\frac{d}{dx} f(x)^2 \Big|_{x=0} = 2 f'(0)", {}, Status.REFUTED),
        (r"\nabla_x (x^T A x) \Big|_{x=y} = 2 A y", {"vectors": ["x", "y"], "matrices": ["A"]}, Status.REFUTED),
        (r"\nabla_x (x^T A x) \Big|_{x=y} = 2 A y", {"vectors": ["x", "y"], "symmetric": ["A"]}, Status.PROVED),
    ],
)
def test_bar_verdicts(latex: str, decl: dict, status: Status) -> None:
    v = check(latex, timeout=20, **decl)
    assert v.status is status, (latex, v)


@pytest.mark.parametrize(
    ("latex", "decl", "message"),
    [
        (r"t^2 + \frac{d}{dt} t^3 \Big|_{t=2} = 16", {}, r"after a sum: does it close the last term or the whole"),
        (r"t \frac{d}{dt} t^3 \Big|_{t=2} = 24", {}, r"after a product of several factors in its variable"),
        (r"|x|_{x=1} = 1", {}, r"may close \|\.\.\.\| is followed by a point"),
        (r"\Big|_{t=0} x = 1", {}, r"needs the expression it evaluates before it"),
        (r"\left|\frac{d}{dt} t^3 \right|_{t=-1} = 3", {}, r"may close \|\.\.\.\|"),
        (r"\frac{d}{dt} t^3 \Big|_{t} = 3", {}, r"unexpected '_'"),  # no point: not read as a bar
        (r"\frac{d}{dt} t^3 \Big|_{t=} = 3", {}, r"needs its point"),
        (r"f(x) \Big|_{x=1, x=2} = 3", {}, r"distinct names"),
        (r"\nabla f(x) \Big|_{x=1} = y", {"vectors": ["x", "y"]}, r"named vector of its shape"),
        (r"\nabla f(x) \Big|_{x=y+y} = y", {"vectors": ["x", "y"]}, r"named vector of its shape"),
        (r"t^2 \Big|_{t=x} = y", {"vectors": ["x", "y"]}, r"scalar variable a vector or matrix value"),
    ],
)
def test_refused_bars(latex: str, decl: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **decl)
