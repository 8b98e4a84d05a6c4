"""Sums over unnamed coordinates and free indices (issues 11 and 13): ``\\sum_i H_{ji} g_i``, matrix entries,
partial derivatives by coordinates, read as the vector and matrix expressions they denote.  Each construct: what
it reads as (compared with objects built by hand), what is refused, and look-alikes that must not be proved."""

from __future__ import annotations

import pytest
import sympy as sp
from series_tools import slow_after

from symgd import BadInput, Status, check
from symgd.latex.notation import DIM
from symgd.latex.problem import parse_problem

n = DIM
x, y, g = (sp.MatrixSymbol(s, n, 1) for s in ("x", "y", "g"))
theta = sp.MatrixSymbol(r"\theta", n, 1)
H, A, B = (sp.MatrixSymbol(s, n, n) for s in ("H", "A", "B"))
grad_L = sp.MatrixSymbol(r"\nabla \mathcal{L}(\theta)", n, 1)
hess_L = sp.MatrixSymbol(r"\nabla^{2} \mathcal{L}(\theta)", n, n)


def sides(latex: str, **kw):
    (_, claim), = parse_problem(latex, **kw).links
    return claim.lhs, claim.rhs


def same(a, b) -> bool:
    """Equal as matrix expressions (the order of commuting scalar factors aside)."""
    return sp.simplify((a - b).doit()) == sp.ZeroMatrix(*a.shape) if hasattr(a, "shape") else sp.simplify(a - b) == 0


# ------------------------------------------------------------------------------------------- what they read as
def test_contractions_are_matrix_products():
    lhs, _ = sides(r"\sum_i H_{ji} g_i = 0", vectors=["g"], matrices=["H"])
    assert lhs == H * g  # the j-th coordinate of H g: the claim is about the vector
    assert sides(r"\sum_i H_{ij} g_i = 0", vectors=["g"], matrices=["H"])[0] == H.T * g
    assert sides(r"\sum_i H_{ii} = 0", matrices=["H"])[0] == sp.Trace(H)
    assert sides(r"\sum_i \sum_j A_{ij} B_{ji} = 0", matrices=["A", "B"])[0] == sp.Trace(A * B)
    lhs = sides(r"\sum_i \sum_j H_{ij} x_i x_j = 0", vectors=["x"], matrices=["H"])[0]
    assert lhs in (x.T * H * x, x.T * H.T * x)  # the same scalar
    assert sides(r"\sum_k A_{ik} B_{kj} = 0", matrices=["A", "B"])[0] == A * B  # two free indices: rows i
    assert sides(r"A_{ji} = 0", matrices=["A"])[0] == A.T  # rows by the first index letter (i)
    assert sides(r"x_i y_j = A_{ij}", vectors=["x", "y"], matrices=["A"]) == (x * y.T, A)  # an outer product


def test_a_name_differentiated_by_its_coordinates_must_be_declared_a_vector():
    """\\partial \\theta_i next to L(\\theta): theta is a vector (a scalar theta would make theta_i another name and the
    derivative 0); undeclared, it is refused with the declaration to write; a numeric index next to f(x) is refused
    (coordinate or another variable?)."""
    claim = (r"\frac{\partial}{\partial\theta_j} \frac{1}{4}\|\nabla \mathcal{L}(\theta)\|^2 = \frac{1}{2}\sum_i "
             r"\frac{\partial \mathcal{L}(\theta)}{\partial \theta_i}\frac{\partial^2 \mathcal{L}(\theta)}{\partial "
             r"\theta_i \partial\theta_j}")
    lhs, rhs = sides(claim, vectors=["theta"])
    assert lhs == hess_L * grad_L / 2 and rhs == hess_L.T * grad_L / 2  # the chain rule; the Hessian is symmetric
    with pytest.raises(BadInput, match=r"theta is a vector and j its coordinate; declare it \(--vector theta"):
        parse_problem(claim)  # not inferred for this formula alone (the document's others would read a scalar)
    with pytest.raises(BadInput, match=r"the coordinate 1 of a vector x .* or another variable"):
        parse_problem(r"\frac{\partial f(x)}{\partial x_1} = 0")  # it was proved: x_1 another scalar
    assert sides(r"\frac{\partial L(\theta_1, \theta_2)}{\partial \theta_1} = 0")[0].has(sp.Derivative)  # no theta


def test_partial_derivatives_by_coordinates():
    lhs, rhs = sides(r"\frac{\partial R(\theta_0)}{\partial \theta_j} = \frac{1}{2}\sum_i H_{ji}g_i",
                     vectors=["theta", "g"], matrices=["H"], functions=["R"])
    assert lhs == sp.MatrixSymbol(r"\nabla R(\theta_{0})", n, 1) and rhs == H * g / 2
    lhs, rhs = sides(r"\frac{\partial R(\theta)}{\partial \theta_j} = \frac{1}{2}\sum_i \frac{\partial \mathcal{L}"
                     r"(\theta)}{\partial \theta_i}\frac{\partial^2 \mathcal{L}(\theta)}{\partial \theta_i \partial"
                     r"\theta_j}", vectors=["theta"], functions=["R"])
    assert lhs == sp.MatrixSymbol(r"\nabla R(\theta)", n, 1) and rhs == hess_L.T * grad_L / 2
    # an expression in the vector: matrix calculus, then its j-th coordinate
    assert sides(r"\frac{\partial}{\partial x_j} x^T A x = 0", vectors=["x"], matrices=["A"])[0] == A * x + A.T * x


# ------------------------------------------------------------------------------------------- decided
@pytest.mark.parametrize(("latex", "kw", "status"), slow_after(2, [
    (r"\sum_i \sum_j H_{ij} x_i x_j = x^T H x", {"vectors": ["x"], "matrices": ["H"]}, Status.PROVED),
    (r"\sum_i H_{ji} g_i = \sum_i H_{ij} g_i", {"vectors": ["g"], "symmetric": ["H"]}, Status.PROVED),
    (r"\sum_i H_{ji} g_i = \sum_i H_{ij} g_i", {"vectors": ["g"], "matrices": ["H"]}, Status.REFUTED),
    (r"\sum_i\sum_j A_{ij}B_{ji} = \operatorname{tr}(BA)", {"matrices": ["A", "B"]}, Status.PROVED),
    (r"\sum_k A_{ik} B_{kj} = \sum_k B_{ik} A_{kj}", {"matrices": ["A", "B"]}, Status.REFUTED),
    (r"\frac{\partial (x^T A x)}{\partial x_j} = 2\sum_i A_{ji} x_i", {"vectors": ["x"], "symmetric": ["A"]},
     Status.PROVED),
    (r"\frac{\partial (x^T A x)}{\partial x_j} = 2\sum_i A_{ji} x_i", {"vectors": ["x"], "matrices": ["A"]},
     Status.REFUTED),  # needs A symmetric
    (r"\sum_i \frac{\partial \mathcal{L}(\theta)}{\partial \theta_i}\frac{\partial^2 \mathcal{L}(\theta)}{\partial"
     r"\theta_i \partial\theta_j} = \sum_i \frac{\partial^2 \mathcal{L}(\theta)}{\partial\theta_j \partial\theta_i}"
     r"\frac{\partial \mathcal{L}(\theta)}{\partial \theta_i}", {"vectors": ["theta"]}, Status.PROVED),  # Hessian symmetric
    (r"\sum_i \|x\|^2 x_i y_i = \|x\|^2 x^T y", {"vectors": ["x", "y"]}, Status.PROVED),
]))
def test_decided(latex, kw, status):
    assert check(latex, timeout=10, **kw).status is status


# ------------------------------------------------------------------------------------------- refused
@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"x_j = \sum_i H_{ki} y_i", {"vectors": ["x", "y"], "matrices": ["H"]}, r"different free indices"),
    (r"H x = \sum_i H_{ji} x_i", {"vectors": ["x"], "matrices": ["H"]}, r"different free indices"),
    (r"\sum_i H_{ji} x_i + 1 = 0", {"vectors": ["x"], "matrices": ["H"]}, r"must carry the index j once"),
    (r"\sum_i H_{ji} x_i = j", {"vectors": ["x"], "matrices": ["H"]}, r"j is an index of this claim and also a value"),
    (r"\sum_i H_{ji} g_i \le \sum_i H_{ij} g_i", {"vectors": ["g"], "matrices": ["H"]}, r"inequality between vectors"),
    (r"\sum_i H_{i} x_i = 0", {"vectors": ["x"], "matrices": ["H"]}, r"a matrix has two indices"),
    (r"\sum_i H_{1i} x_i = 0", {"vectors": ["x"], "matrices": ["H"]}, r"must have a scalar summand"),
    (r"\sum_i H_{ii} x_i = 0", {"vectors": ["x"], "matrices": ["H"]}, r"degree 3"),
    (r"\sum_i H_{ji} = 0", {"matrices": ["H"]}, r"single coordinates"),
    (r"\sum_i a_i b_i = 0", {}, r"over unnamed coordinates"),  # scalars: no coordinates, no range
    (r"\sum_{i=1}^{3} H_{ii} = 0", {"matrices": ["H"]}, r"entries when the sum runs over every coordinate"),
    (r"\frac{\partial^2 (x^T x)}{\partial x_i \partial x_j} = 0", {"vectors": ["x"]}, r"understood for a function"),
    (r"\frac{\partial f(y)}{\partial x_j} = \sum_i H_{ji} x_i", {"vectors": ["x", "y"], "matrices": ["H"]},
     r"understood for a function of x"),  # f(y) does not depend on x: not its gradient
])
def test_refused(latex, kw, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **kw)


# ------------------------------------------------------------------------------------------- soundness
@pytest.mark.slow
def test_family_members_are_not_coordinates():
    """Without an index trigger, x_t of a vector is a vector of its own (an iterate), as before; with
    \\partial x_t and x_t in the function's argument it is the gradient at x_t, not a coordinate."""
    assert sides(r"x_t = x", vectors=["x"])[0] == sp.MatrixSymbol("x_{t}", n, 1)
    assert check(r"x_j = \sum_i H_{ji} x_i", vectors=["x"], matrices=["H"]).status is Status.REFUTED
    assert sides(r"\sum_{i=1}^{3} g_i = 0")[0] == sum(sp.Symbol(f"g_{{{k}}}", real=True) for k in (1, 2, 3))


@pytest.mark.parametrize(("false", "true"), slow_after(1, [
    (r"\nabla_x (f(x)) = 0", r"\nabla_x (f(x)) = \nabla f(x)"),
    (r"\frac{\partial f(x)}{\partial x} = 0", r"\frac{\partial f(x)}{\partial x} = \nabla f(x)"),
    (r"\frac{\partial f(x_t)}{\partial x_t} = 0", r"\frac{\partial f(x_t)}{\partial x_t} = \nabla f(x_t)"),
    (r"\frac{\partial L}{\partial x} = 0", r"\frac{\partial L}{\partial x} = \nabla L(x)"),
]))
def test_the_gradient_of_a_function_at_a_vector_is_not_zero(false, true):
    """f(x) of a vector x is an opaque scalar; SymPy's matrix calculus differentiated it as a constant, so
    \\nabla_x f(x) = 0 was proved.  It is the opaque gradient \\nabla f(x)."""
    assert check(false, vectors=["x"], timeout=10).status is Status.REFUTED
    assert check(true, vectors=["x"], timeout=10).status is Status.PROVED
    with pytest.raises(BadInput, match=r"inside an expression differentiated in x"):  # f(x) as a term of its own
        parse_problem(r"\frac{\partial (x^T x f(x))}{\partial x} = 2x", vectors=["x"])  # reads since fbbba2f
    with pytest.raises(BadInput, match=r"\\nabla\^\{2\} f\(x\) inside an expression differentiated in x"):
        parse_problem(r"\nabla_x (x^T \nabla^2 f(x) x) = 0", vectors=["x"])  # a third-order tensor


def test_an_arbitrary_function_as_a_term_of_its_own_is_differentiated_linearly():
    """Since fbbba2f, f(x) as a term of its own in a sum is differentiated term by term (its opaque gradient);
    inside a product, a power or another function it is still refused."""
    lhs = sides(r"\frac{\partial (x^T x + f(x))}{\partial x} = 2x", vectors=["x"])[0]
    assert lhs == sp.MatrixSymbol("\\nabla f(x)", n, 1) + 2 * sp.MatrixSymbol("x", n, 1)
    for inside in (r"f(x)^2", r"\exp(f(x))", r"x^T x + f(x) f(x)"):
        with pytest.raises(BadInput, match=r"f\(x\) inside an expression differentiated in x"):
            parse_problem(rf"\frac{{\partial ({inside})}}{{\partial x}} = 0", vectors=["x"])


@pytest.mark.parametrize(("false", "true"), slow_after(1, [  # the opaque gradient is no constant: the chain rule through its Hessian
    (r"\nabla_x (\|\nabla f(x)\|^2) = 0", r"\nabla_x (\frac{1}{4}\|\nabla f(x)\|^2) = \frac{1}{2}\nabla^2 f(x) \nabla f(x)"),
    (r"\nabla_x (x^T \nabla f(x)) = \nabla f(x)", r"\nabla_x (x^T \nabla f(x)) = \nabla f(x) + \nabla^2 f(x) x"),
    (r"\frac{\partial}{\partial x_j} \frac{1}{4}\|\nabla f(x)\|^2 = \frac{1}{4}\sum_i \frac{\partial f(x)}{\partial x_i}"
     r"\frac{\partial^2 f(x)}{\partial x_i \partial x_j}", r"\frac{\partial}{\partial x_j} \frac{1}{4}\|\nabla f(x)\|^2 = "
     r"\frac{1}{2}\sum_i \frac{\partial f(x)}{\partial x_i}\frac{\partial^2 f(x)}{\partial x_i \partial x_j}"),
]))
def test_the_chain_rule_through_an_opaque_gradient(false, true):
    assert check(false, vectors=["x"], timeout=10).status is Status.REFUTED
    assert check(true, vectors=["x"], timeout=10).status is Status.PROVED
