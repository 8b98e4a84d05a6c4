"""The gradient of an undefined f at an expression (``\\nabla f(Ru)``) and the chain rule through a linear map
(symgd.latex.linear_maps): proved by matrix algebra, look-alikes refuted at points where some smooth f has the
sampled gradients, mixed named and expression points refused."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import parse_problem
from symgd.latex.linear_maps import GradientAt
from symgd.latex.notation import DIM

R = sp.MatrixSymbol("R", DIM, DIM)
u, v = sp.MatrixSymbol("u", DIM, 1), sp.MatrixSymbol("v", DIM, 1)
DECL = {"vectors": ["u", "v", "x"], "matrices": ["R"]}


def one(latex: str, **kw):
    p = parse_problem(latex, **kw)
    assert len(p.links) == 1
    return p.links[0][1]


def test_gradient_at_an_expression_is_one_object_per_point() -> None:
    c = one(r"\nabla f(R(u + v)) = \nabla f(Ru + Rv)", **DECL)
    assert c.lhs == c.rhs == GradientAt("f", R * u + R * v, 1)  # the point expanded: one point, one gradient
    c = one(r"\nabla_u f(Ru) = \nabla^2 f(Ru) u", **DECL)
    assert c.lhs == R.T * GradientAt("f", R * u, 1) and c.rhs == GradientAt("f", R * u, 2) * u
    c = one(r"\nabla_u (2 f(Ru + v) + u^T u) = 0", **DECL)  # the chain rule term by term, SymPy for the rest
    assert sp.expand((c.lhs - 2 * R.T * GradientAt("f", R * u + v, 1) - 2 * u).doit()) == sp.ZeroMatrix(DIM, 1)


def test_sampled_gradients_are_a_function_of_the_exact_point() -> None:
    g = GradientAt("f", R * u, 1)
    at = {R: sp.ImmutableMatrix([[1, 2], [3, 4]]), u: sp.ImmutableMatrix([[1], [-1]])}
    same = GradientAt("f", sp.ImmutableMatrix([[-1], [-1]]), 1)  # R u at that point
    assert g.xreplace(at).as_explicit() == same.as_explicit()
    other = GradientAt("f", sp.ImmutableMatrix([[-1], [0]]), 1).as_explicit()
    assert other != same.as_explicit()
    h = GradientAt("f", R * u, 2).xreplace(at).as_explicit()
    assert h == h.T  # a Hessian is symmetric


@pytest.mark.parametrize(
    ("latex", "assume", "status"),
    [
        (r"\nabla_u f(Ru) = R^T \nabla f(Ru)", [], Status.PROVED),
        (r"\nabla_u f(Ru) = R \nabla f(Ru)", [], Status.REFUTED),  # the transpose dropped
        (r"\nabla_u f(Ru + v) = R^T \nabla f(Ru + v)", [], Status.PROVED),
        (r"\nabla^2_u f(Ru) = R^T \nabla^2 f(Ru) R", [], Status.PROVED),
        (r"\nabla^2_u f(Ru) = R \nabla^2 f(Ru) R^T", [], Status.REFUTED),
        (r"\nabla_v f(Ru) = 0", [], Status.PROVED),  # f(Ru) does not depend on v
        (r"\nabla_u (2 f(Ru) + u^T u) = R^T \nabla f(Ru) + 2u", [], Status.REFUTED),  # the 2 dropped
        (r"R(u_t - \alpha R^T \nabla f(Ru_t)) = Ru_t - \alpha RR^T \nabla f(Ru_t)", [], Status.PROVED),
        (r"R(u_t - \alpha R^T \nabla f(Ru_t)) = Ru_t - \alpha R^T R \nabla f(Ru_t)", [], Status.REFUTED),
        (r"Ru_{t+1} = Ru_t - \alpha RR^T \nabla f(Ru_t)", [r"u_{t+1} = u_t - \alpha R^T \nabla f(Ru_t)"],
         Status.PROVED),  # a left multiplication of the update of u
        (r"Ru_{t+1} = Ru_t - \alpha R^T R \nabla f(Ru_t)", [r"u_{t+1} = u_t - \alpha R^T \nabla f(Ru_t)"],
         Status.REFUTED),
        (r"\nabla f(R(u + v)) = \nabla f(Ru)", [], Status.REFUTED),
        (r"u^T \nabla^2 f(Ru) u \ge 0", [], Status.REFUTED),  # f need not be convex
    ],
)
def test_linear_map_verdicts(latex: str, assume: list, status: Status) -> None:
    v = check(latex, assume=assume, timeout=20, **DECL)
    assert v.status is status, (latex, v)


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"\nabla f(x) + \nabla f(R u) = 0", r"named point and at an expression in one claim"),
        (r"\nabla f(R u) = \nabla f(x)", r"named point and at an expression in one claim"),
        (r"\nabla_u f(u^T u\, u) = 0", r"needs a point linear in u"),
        (r"\nabla_u (f(Ru)^2) = 0", r"sums of c f\(R u \+ b\) terms"),
        (r"\nabla_u (\nabla f(Ru)^T u) = 0", r"Hessian through the chain rule"),
        (r"\nabla_t f(s) = 0", r"at a point other than v"),  # it was read as \nabla f(s)
        (r"\nabla^2_u f(u^T u\, u) = 0", r"needs a point linear in u"),
    ],
)
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **DECL)


@pytest.mark.parametrize(
    ("latex", "status"),
    [
        (r"\nabla g(u_t) = R^T \nabla f(Ru_t)", Status.PROVED),  # g(u) = f(Ru) defines g for every u
        (r"\nabla g(u_t) = R \nabla f(Ru_t)", Status.REFUTED),
        (r"u_t - \alpha \nabla g(u_t) = u_t - \alpha R^T \nabla f(Ru_t)", Status.PROVED),
        (r"u_t - \alpha \nabla g(u_t) = u_t - \alpha R R^T \nabla f(Ru_t)", Status.REFUTED),
        (r"g(u_t) = f(R u_t)", Status.PROVED),
        (r"\nabla^2 g(u_t) = R^T \nabla^2 f(Ru_t) R", Status.PROVED),  # Newton's method after the change of variables
        (r"\nabla^2 g(u_t) = R \nabla^2 f(Ru_t) R^T", Status.REFUTED),
    ],
)
def test_a_function_defined_by_an_assumption(latex: str, status: Status) -> None:
    v = check(latex, assume=[r"g(u) = f(Ru)"], functions=["g"], timeout=20, **DECL)
    assert v.status is status, (latex, v)


def test_defined_function_values_and_gradients() -> None:
    c = one(r"\nabla g(v) = 2 v", assume=[r"g(u) = u^T u"], functions=["g"], **DECL)
    assert c.lhs == 2 * v
    c = one(r"g(R v) = v^T v", assume=[r"g(u) = u^T u"], functions=["g"], **DECL)
    assert c.lhs.atoms(sp.Trace) == {sp.Trace(v.T * R.T * R * v)}  # the body at R v
    with pytest.raises(BadInput, match="defined on vectors"):
        parse_problem(r"g(t) = 1", assume=[r"g(u) = u^T u"], functions=["g"], **DECL)
    c = one(r"\nabla^2 g(v) = 2 I", assume=[r"g(u) = u^T u"], functions=["g"], **DECL)
    assert c.lhs == 2 * sp.Identity(DIM)
    c = one(r"f(x) = 0", assume=[r"f(x) = 0"], **DECL)  # no dependence on x: a value at x, not a definition
    assert c.lhs == 0
