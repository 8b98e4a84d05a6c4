"""Textbook forms (issue 11): the 1- and max-norms of a vector, sums over coordinates as the vector expressions
they denote, the zero vector, definitions with \\pm, the trace spelt \\mathbf{tr} / \\operatorname{Tr}, and letters
conventionally used for functions before parentheses.  Each construct: what it reads as, what is refused, and a
soundness check (the misreading never proves a false claim)."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.notation import DIM
from symgd.latex.problem import parse_problem
from symgd.latex.shapes import Norm1, NormInf

n = DIM
d = sp.Symbol("d", integer=True, positive=True)
x, y = sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("y", n, 1)
RN = r"x \in \mathbb{R}^n"


def sides(latex: str, **kw):
    (_, claim), = parse_problem(latex, **kw).links
    return claim.lhs, claim.rhs


# ----------------------------------------------------------------------------------------------- norms
def test_norms_of_a_vector():
    assert sides(r"\|x\|_1 = \|x\|_\infty", vectors=["x"]) == (Norm1(x), NormInf(x))
    assert sides(r"\|x\|_{\infty} = ‖x‖₁", vectors=["x"]) == (NormInf(x), Norm1(x))
    assert sides(r"\|x\|^{2}_{1} = \|x\|^2_2", vectors=["x"]) == (Norm1(x) ** 2 * sp.Identity(1), x.T * x)  # index, power
    v = r"\begin{bmatrix} 3 \\ -4 \end{bmatrix}"
    assert sides(rf"\left\|{v}\right\|_1 = \left\|{v}\right\|_\infty") == (7, 4)


@pytest.mark.parametrize(("latex", "message"), [
    (r"\|x\|_p = 1", "only the norms"),
    (r"\|x\|_F = 1", "Frobenius norm .* is of a matrix"),  # of a matrix: symgd.latex.matrix_notation
])
def test_other_norms_refused(latex, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, vectors=["x"])


def test_matrix_norms_refused():
    with pytest.raises(BadInput, match="induced or an entrywise"):
        parse_problem(r"\|A\|_1 = 1", matrices=["A"])


def test_flipped_norm_inequality_refuted():
    assert check(r"\|x\|_1 \le \|x\|_2", assume=[RN], timeout=5).status is Status.REFUTED


@pytest.mark.slow
def test_norm_inequalities_refuted_or_undecided_never_proved_false():
    """Boyd & Vandenberghe A.1.2: ||x||_inf <= ||x||_2 <= ||x||_1 <= sqrt(n) ||x||_2.  The flipped ones are refuted in
    concrete dimensions; a true one is never refuted (and not proved by a rotation-invariance argument)."""
    for false in (r"\|x\|_1 \le \|x\|_2", r"\|x\|_2 \le \|x\|_\infty", r"\|x\|_1 \le \|x\|_\infty"):
        assert check(false, assume=[RN], timeout=5).status is Status.REFUTED, false
    for true in (r"\|x\|_2 \le \|x\|_1", r"\|x\|_\infty \le \|x\|_2"):
        assert check(true, assume=[RN], timeout=2).status is not Status.REFUTED, true
    assert check(r"\|x\|_1 \ge 0", vectors=["x"]).status is Status.PROVED


# ----------------------------------------------------------------------------------------------- coordinate sums
def test_coordinate_sums_are_vector_expressions():
    assert sides(r"\sum_{i=1}^{n} x_i^2 = \|x\|^2", assume=[RN]) == (x.T * x, x.T * x)
    assert sides(r"\sum_{i=1}^n x_i y_i = \langle x, y \rangle", assume=[r"x, y \in \mathbb{R}^n"]) == (x.T * y, x.T * y)
    assert sides(r"\sum_i x_i^2 = 1", vectors=["x"])[0] == x.T * x
    xd = sp.MatrixSymbol("x", d, 1)
    assert sides(r"\sum_{i=1}^{d} (x_i^2 + 1) = 0", assume=[r"x \in \mathbb{R}^d"])[0] == xd.T * xd + d * sp.Identity(1)
    assert check(r"\sum_i (x_i - y_i)^2 = \|x - y\|^2", vectors=["x,y"]).status is Status.PROVED
    assert check(r"\sum_{i=1}^{n} x_i^2 = \|x\|", assume=[RN]).status is Status.REFUTED  # the missing square


@pytest.mark.parametrize(("latex", "message"), [
    (r"\sum_i x_i = 1", "single coordinates"),
    (r"\sum_i x_i^4 = 1", "degree 4"),
    (r"\sum_i i x_i^2 = 1", "depend on the index"),
    (r"\sum_i w_i x_i^2 = w_i \|x\|^2", "depend on the index"),  # read as one symbol w_i it was proved
    (r"\sum_i |x_i| = 1", "polynomial of degree two"),
    (r"\sum_{i=1}^{n} x_i^2 = 1", "n is the size of the vectors"),  # n is not declared the size
    (r"\sum_i a_i^2 = 1", "coordinates of vectors"),  # a is no vector
    (r"\sum_{i=1}^{k} x_i^2 = 1", "coordinate when the sum runs over every coordinate"),  # part of the coordinates?
])
def test_coordinate_sums_refused(latex, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, vectors=["x"])


def test_the_size_is_not_a_free_scalar():
    """With vectors of the symbolic size n, a scalar n in the claim was a free real (refuted at n = 1/3 next to a
    vector of size 1): it is refused unless x \\in \\mathbb{R}^n ties it to the size."""
    with pytest.raises(BadInput, match=r"n is the size of the vectors and matrices here"):
        parse_problem(r"\|x\|_1 \le \sqrt{n}\|x\|_2", vectors=["x"])
    lhs, rhs = sides(r"\|x\|_1 \le \sqrt{n}\|x\|_2", assume=[RN])
    assert rhs.has(n) and next(iter(lhs.atoms(sp.MatrixSymbol))).shape[0] == n
    assert sides("n^2 = 1")[0] == sp.Symbol("n", real=True) ** 2  # no vector: n is any name


def test_square_matrices_declared_by_their_space():
    """A \\in \\mathbb{R}^{d \\times d} declares a d x d matrix (d the size); a rectangular one is refused (every
    matrix is square here: read as n x n, \\det(AB) = \\det(BA) would hold)."""
    a = sp.MatrixSymbol("A", d, d)
    for space in (r"\mathbb{R}^{d \times d}", "ℝ^{d×d}"):
        assert sides(r"A^T = \sqrt{d} A", assume=[f"A \\in {space}"]) == (a.T, sp.sqrt(d) * a)
    with pytest.raises(BadInput, match="unknown set"):
        parse_problem("A = A", assume=[r"A \in \mathbb{R}^{m \times n}"])


def test_family_sums_unchanged():
    """Numeric bounds keep the family reading (g_1, g_2, g_3 written out), and scalars are not coordinates."""
    g = [sp.Symbol(f"g_{{{k}}}", real=True) for k in (1, 2, 3)]
    assert sides(r"\sum_{i=1}^{3} g_i = 0")[0] == sum(g)


# ----------------------------------------------------------------------------------------------- zero vector
def test_bold_zero_takes_the_shape_of_its_place():
    assert sides(r"x + \mathbf{0} = x", vectors=["x"]) == (x, x)
    assert sides(r"x - x = \mathbf{0}", vectors=["x"])[1] == sp.ZeroMatrix(n, 1)
    assert check(r"A \mathbf{0} + x = x", matrices=["A"], vectors=["x"]).status is Status.PROVED
    assert sides(r"\mathbf{0}^\top x = 0", vectors=["x"])[0] == sp.ZeroMatrix(1, 1)
    assert sides(r"A - A = \mathbf{0}", matrices=["A"])[1] == sp.ZeroMatrix(n, n)
    assert sides(r"\langle x, 0 \rangle + 1 = 1", vectors=["x"])[0] == 1  # a scalar zero, not the vector x * 0
    with pytest.raises(BadInput, match="inner product of a nx1 and a scalar"):
        parse_problem(r"\langle x, c \rangle = 1", vectors=["x"], assume=["c > 0"])
    assert check(r"x = \mathbf{0}", vectors=["x"]).status is Status.REFUTED


# ----------------------------------------------------------------------------------------------- \pm definitions
ROOTS = r"z_{1,2} = \frac{1 + \beta - \alpha\lambda \pm \sqrt{(1 + \beta - \alpha\lambda)^2 - 4\beta}}{2}"


def test_plus_minus_defines_two_names():
    """Polyak 1987 §3.2.1 (Vieta): z_1 + z_2 = 1 + beta - alpha lambda; z_1 - z_2 = 0 is false."""
    assert check(r"z_1 + z_2 = 1 + \beta - \alpha\lambda", assume=[ROOTS]).status is Status.PROVED
    assert check(r"z_1 - z_2 = 0", assume=[ROOTS]).status is Status.REFUTED
    b, delta = sp.Symbol("b", real=True), sp.Symbol(r"\Delta", real=True)
    lhs, _ = sides(r"z_2 = 0", assume=[r"z_{1,2} = \frac{b \mp \sqrt{\Delta}}{2}"])
    assert lhs == (b + sp.sqrt(delta)) / 2  # \mp: the first name takes -, the second +
    assert check("z₁ + z₂ = b", assume=["z₁,₂ = (b ± √Δ)/2"]).status is Status.PROVED


@pytest.mark.parametrize(("latex", "assume", "message"), [
    (r"a \pm b = 1", [], r"gives two values"),
    (r"z = 1", [r"z = a \pm b"], r"define two names"),
    (r"z_1 = 1", [r"z_{1,2} > a \pm b"], r"define two names"),
])
def test_plus_minus_elsewhere_refused(latex, assume, message):
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, assume=assume)


# ----------------------------------------------------------------------------------------------- trace
def test_trace_spellings():
    a, b = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    for spelt in (r"\mathbf{tr}", r"\operatorname{Tr}", r"\mathrm{Tr}", r"\operatorname{tr}"):
        assert sides(rf"{spelt}(AB) = {spelt}(A + B)", matrices=["A,B"]) == (sp.Trace(a * b), sp.Trace(a + b))


# ----------------------------------------------------------------------------------------------- function letters
@pytest.mark.parametrize(("latex", "decl"), [
    (r"\sigma(x) + \sigma(-x) = 1", {}),
    (r"g(x) + g(-x) = 0", {}),  # read as a product it was *proved*
    (r"H(x - y) = 0", {}),
    (r"p(x) = 1", {}),
    (r"g_t(x) = 1", {}),
    (r"\hat{g}(x) = 1", {}),
    (r"g'(x) = 1", {}),
    ("σ(x) = 1", {}),
])
def test_function_letters_before_parentheses_refused(latex, decl):
    with pytest.raises(BadInput, match=r"may be a function applied or a product: declare it \(--function"):
        parse_problem(latex, **decl)


S = sp.Symbol


@pytest.mark.parametrize(("latex", "decl", "lhs"), [
    (r"\eta(x - y)", {}, S(r"\eta", real=True) * (S("x", real=True) - S("y", real=True))),
    (r"a(b + c)", {}, S("a", real=True) * (S("b", real=True) + S("c", real=True))),
    (r"p(1 - p)", {}, S("p", real=True) * (1 - S("p", real=True))),  # its own name inside: a product
    (r"L(x - y)", {"assume": ["L > 0"]}, S("L", real=True, positive=True) * (S("x", real=True) - S("y", real=True))),
    (r"g(x - y) + g^2", {}, S("g", real=True) * (S("x", real=True) - S("y", real=True)) + S("g", real=True) ** 2),
    (r"\sigma(x)", {"functions": ["sigma"]}, sp.Function(r"\sigma")(S("x", real=True))),
    (r"\sigma \cdot (x)", {}, S(r"\sigma", real=True) * S("x", real=True)),
])
def test_products_people_write_stay_products(latex, decl, lhs):
    assert sides(latex + " = 0", **decl)[0] == lhs


def test_undeclared_function_letters_never_prove_false_claims():
    """g(x) + g(-x) = 0 holds only for odd g; declared, it is not proved."""
    assert check(r"g(x) + g(-x) = 0", functions=["g"]).status is not Status.PROVED
