"""Shapes stated in prose or implied by definitions (symgd.app.audit.shapes) and tuples as column vectors
(symgd.latex.tuples): each reading with a true and a false twin, and the refusals that keep it from guessing."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd.app.audit import audit
from symgd.app.audit.context import DocContext
from symgd.app.audit.shapes import declare_shapes, prose_shapes, rectangular_refusal, spectral_in_words
from symgd.core.errors import BadInput
from symgd.latex.check import check
from symgd.latex.problem import parse_problem


@pytest.mark.parametrize(("before", "latex", "expected"), [
    ("for some fixed matrix ", "R", [("R", "matrices")]),
    ("We are given a data matrix ", r"X \in \mathbb{R}^{n\times d}", [("X", "matrices")]),
    ("Take the vector ", "x", [("x", "vectors")]),
    ("Here $A$ is a symmetric matrix and ", "b", [("A", "matrices"), ("A", "symmetric")]),
    ("for some fixed number ", "R", []),  # no noun of shape
    ("the matrix ", "I", []),  # the identity stays the identity
])
def test_prose_shapes(before: str, latex: str, expected: list) -> None:
    assert prose_shapes(before, latex) == expected


def _verdicts(text: str, name: str = "note.md") -> dict[str, str]:
    return {r.link.replace(" ", ""): r.verdict for r in audit(text, name, timeout=3).results if r.kind == "claim"}


def test_matrix_in_prose_makes_transpose_read() -> None:
    """'for some fixed matrix $R$': R^T is a transpose in the next display (it was 'a ^T of a scalar')."""
    doc = ("Let $g(u) = f(Ru)$ for some fixed matrix $R$ and a vector $u$.\n\n"
           "$$R^T R u = R^T (R u)$$\n\n$$R^T R u = R R^T u$$\n")
    v = _verdicts(doc)
    assert v["R^TRu=R^T(Ru)"] == "proved"
    assert v["R^TRu=RR^Tu"] == "refuted"


def test_defined_shape_carries() -> None:
    """H = X^T X + lambda I with X a rectangular matrix is a matrix, w^* its solution a vector: w^T H w reads."""
    ctx = DocContext()
    declare_shapes("We are given a data matrix ", r"X \in \mathbb{R}^{n\times d}", ctx)
    assert "X" in ctx.matrices
    ctx.add_assumption(r"y \in \mathbb{R}^n")
    ctx.add_assumption(r"\lambda > 0")
    ctx.define("H", "H", r"X^T X + \lambda I")
    ctx.define("w^*", "w^*", r"(X^T X + \lambda I)^{-1} X^T y")
    assert "H" in ctx.matrices and "w^*" in ctx.vectors
    p = parse_problem(r"(w^*)^T H w^* = (w^*)^T X^T y", declarations=ctx.declarations(), allow_unused=True)
    assert p.links[0][1].lhs.shape == (1, 1)


def test_rectangular_refusals() -> None:
    """A rectangular matrix read padded to a square one: a trace or an inverse of X^T X is refused, a product not."""
    ctx = DocContext()
    declare_shapes("a data matrix ", r"X \in \mathbb{R}^{n\times d}", ctx)
    assert rectangular_refusal(r"(X^T X)^{-1} X^T X = I", ctx).startswith("X is a rectangular matrix")
    assert rectangular_refusal(r"\|X\|_2 = \|X^T\|_2", ctx)
    assert rectangular_refusal(r"(X^T X + \lambda I)^{-1} X^T X = X^T X (X^T X + \lambda I)^{-1}", ctx) == ""
    square = DocContext()
    declare_shapes("a matrix ", r"X \in \mathbb{R}^{n\times n}", square)
    assert rectangular_refusal(r"(X^T X)^{-1} X^T X = I", square) == ""


@pytest.mark.parametrize(("claim", "assume", "status"), [
    (r"(\tfrac12 e^{-\log 2}, \tfrac12) = (\tfrac14, \tfrac12)", [], "proved"),
    (r"(\tfrac12 e^{-\log 2}, \tfrac12) = (\tfrac13, \tfrac12)", [], "refuted"),
    (r"x^T y = 11", [r"x = (1, 2)^T", r"y = (3, 4)^T"], "proved"),
    (r"x^T y = 12", [r"x = (1, 2)^T", r"y = (3, 4)^T"], "refuted"),
])
def test_tuples(claim: str, assume: list, status: str) -> None:
    assert check(claim, assume, vectors=["x", "y"] if assume else [], timeout=3).status == status


def test_arguments_are_no_tuple() -> None:
    """f(a, b), \\max(a, b): arguments, read as before (a tuple is an operand parenthesis)."""
    a, b = sp.symbols("a b", real=True)
    assert parse_problem(r"\max(a, b) = 1").links[0][1].lhs == (a + b + sp.Abs(a - b)) / 2
    assert parse_problem(r"f(a, b) = 1", functions=["f"]).links[0][1].lhs == sp.Function("f")(a, b)


def test_tuple_refusals() -> None:
    with pytest.raises(BadInput, match="inner product"):
        parse_problem(r"(x, y) = x^T y", vectors=["x", "y"])
    with pytest.raises(BadInput, match="empty entry"):
        parse_problem(r"(1, ) = (1, 2)")


def test_example_size_stays_with_its_claims() -> None:
    """x = (1, 2)^T fixes the size of the claims about x only: a claim about w alone keeps the symbolic size."""
    p = parse_problem(r"w^T w \ge 0", assume=[r"x = (1, 2)^T"], vectors=["x", "w"], allow_unused=True)
    (w,) = p.links[0][1].lhs.atoms(sp.MatrixSymbol)
    assert not w.shape[0].is_number
    q = parse_problem(r"x^T w \ge 0", assume=[r"x = (1, 2)^T"], vectors=["x", "w"], allow_unused=True)
    assert q.links[0][1].lhs.shape == (1, 1) and all(m.shape == (2, 1) for m in q.links[0][1].lhs.atoms(sp.MatrixSymbol))


@pytest.mark.parametrize(("claim", "status"), [
    (r"\log(x_{t,i} e^{-\eta g_{t,i}}) = \log x_{t,i} - \eta g_{t,i}", "proved"),  # coordinates are numbers
    (r"\log(x_{t,i} e^{-\eta g_{t,i}}) = \log x_{t,i} + \eta g_{t,i}", "refuted"),
])
def test_coordinates_written_as_names(claim: str, status: str) -> None:
    assert check(claim, [r"x_{t,i} > 0"], vectors=["x", "g"], timeout=3).status == status


def test_a_vector_beside_its_coordinate_is_refused() -> None:
    with pytest.raises(BadInput, match=r"g_\{t,1\} is a coordinate of the vector g_\{t\}"):
        parse_problem(r"\langle g_t, x_t \rangle \le g_{t,1}", vectors=["x", "g"])
    p = parse_problem(r"x_{t+1,1} = \frac{1}{3}", vectors=["x"])  # a coordinate alone: a number
    assert p.links[0][1].lhs == sp.Symbol("x_{t+1,1}", real=True)


@pytest.mark.parametrize(("claim", "status"), [
    (r"\|A\|_2 = \max \|Ax\| / \|x\|", "proved"),
    (r"\min \|Ax\| / \|x\| = 1 / \|A^{-1}\|_2", "proved"),
    (r"\min \|Ax\| / \|x\| = \|A^{-1}\|_2", "refuted"),
])
def test_extremum_of_a_ratio_without_subscript(claim: str, status: str) -> None:
    assert check(claim, matrices=["A"], vectors=["x"], timeout=3).status == status


def test_extremum_without_subscript_over_two_vectors_is_refused() -> None:
    with pytest.raises(BadInput, match=r"write \\max_\{x \\ne 0\} to say over which vector"):
        parse_problem(r"\max \|Ax - b\| / \|x\| = 1", matrices=["A"], vectors=["x", "b"])


def test_spectral_norm_in_words() -> None:
    assert spectral_in_words(r"\|A\| = \max \|Ax\| / \|x\|", "What is the spectral norm?  ", ". Then") == \
        r"\|A\|_2 = \max \|Ax\| / \|x\|"
    assert spectral_in_words(r"\|A\| = 1", "The Frobenius norm is ", "") == r"\|A\| = 1"


def test_set_builder_names_the_size() -> None:
    """$\\Delta_n = \\{x \\in \\mathbb{R}^n : ...\\}$: n is the size, so \\log n after a vector reads as a number."""
    doc = ("We play $x_t \\in \\Delta_n = \\{x \\in \\mathbb{R}^n : x_i \\ge 0\\}$.\n\n"
           "$$y = (\\tfrac12, \\tfrac12)$$\n\n$$\\log n \\ge 0$$\n\n$$\\log n \\ge 1$$\n")
    v = _verdicts(doc)
    assert v[r"\logn>=0"] == "proved" and v[r"\logn>=1"] == "refuted"


@pytest.mark.slow  # a whole audit of a few displays: seconds of CPU
def test_real_spaces_spelled_as_macros() -> None:
    """'Let $A \\in \\R^{n\\times n}$': \\R is the reals (a blog's MathJax macro), so A is a matrix."""
    doc = ("Let $A \\in \\R^{n\\times n}$ and $x \\in \\R^n$.\n\n$$A^T A x = A^T (A x)$$\n\n$$A^T A x = A A^T x$$\n")
    v = _verdicts(doc)
    assert v["A^TAx=A^T(Ax)"] == "proved" and v["A^TAx=AA^Tx"] == "refuted"


@pytest.mark.slow  # a whole audit of a few displays: seconds of CPU
def test_plain_text_identity_beside_a_matrix() -> None:
    """Plain text: X ∈ ℝ^{n×d} (a rectangular matrix, read padded), H = XᵀX + λI a matrix, I the identity."""
    doc = ("Setup\n\nWe are given a data matrix X ∈ ℝ^{n×d}, a vector w ∈ ℝ^n and a weight λ > 0.\n\n"
           "    H = XᵀX + λI\n\nso that\n\n    (I + ηH)w = w + ηHw\n\nand\n\n    (I + ηH)w = w − ηHw\n")
    v = {k.replace("\\,", ""): x for k, x in _verdicts(doc, "ridge.txt").items()}
    assert v["(I+\\etaH)w=w+\\etaHw"] == "proved" and v["(I+\\etaH)w=w-\\etaHw"] == "refuted"


@pytest.mark.slow  # a whole audit of a few displays: seconds of CPU
def test_a_function_of_a_vector_is_substituted() -> None:
    """L(w) = ½‖Xw − y‖² + λ/2 ‖w‖²: w is a vector (in a norm), L a function of it; its gradient is checked."""
    doc = ("Let $X \\in \\mathbb{R}^{n\\times n}$, $y \\in \\mathbb{R}^n$ and $\\lambda > 0$. The loss is\n"
           "$$L(w) = \\frac12\\|Xw - y\\|^2 + \\frac{\\lambda}{2}\\|w\\|^2$$\nwith gradient\n"
           "$$\\nabla L(w) = X^T(Xw - y) + \\lambda w.$$\nA slip:\n$$\\nabla L(w) = X^T(Xw - y) + 2\\lambda w.$$\n")
    v = _verdicts(doc)
    assert v["\\nablaL(w)=X^T(Xw-y)+\\lambdaw"] == "proved" and v["\\nablaL(w)=X^T(Xw-y)+2\\lambdaw"] == "refuted"


def test_symmetric_in_words() -> None:
    """'Let $A \\in \\R^{n\\times n}$ be symmetric': the gradient of \\frac12 x^T A x is A x (A x + A^T x halved)."""
    doc = ("Let $A \\in \\R^{n\\times n}$ be symmetric and $x, b \\in \\R^n$. We study\n"
           "$$f(x) = \\tfrac12 x^\\top A x - b^\\top x$$\nwith gradient\n$$\\nabla f(x) = A x - b.$$\nNot\n"
           "$$\\nabla f(x) = 2 A x - b.$$\n")
    v = _verdicts(doc)
    assert v["\\nablaf(x)=Ax-b"] == "proved" and v["\\nablaf(x)=2Ax-b"] == "refuted"
    assert prose_shapes("Here ", "A", " is not symmetric") == []
