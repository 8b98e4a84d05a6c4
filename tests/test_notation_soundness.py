"""Soundness of the notation layer against inputs found by the outside corpus (issue 11): a misread input is a wrong
verdict, so each of these is read exactly as meant (LaTeX in -> the exact SymPy object out) or refused with a
one-line suggestion (matched by regex).

- bold names: an undeclared bold capital is a matrix, a bold lower-case letter a vector (symgd.latex.bold); before,
  both were scalars and \\mathbf{A}\\mathbf{B} = \\mathbf{B}\\mathbf{A} was *proved*;
- a transpose of a scalar (^\\top, ^{\\top}, ^\\intercal) is refused like ^T (it was dropped: (a + b)^\\top = a + b);
- \\operatorname{sign}(x), \\mathrm{sign}, \\operatorname{sgn}: SymPy's sign (it was a scalar named sign times x,
  refuted at sign = -2); an unknown \\operatorname{prox}(x) is refused (it was refuted at prox = -7);
- juxtaposed numbers (2 3: 6, 23 or a mixed number?) are refused (2 3 = 6 was *proved*), and so is a number
  before a numeric fraction (2\\frac{1}{2}: 1 or 5/2?);
- an undeclared capital after a row vector (x^\\top A y = y^\\top A x was proved with A a scalar) is refused;
- a trace or determinant of scalars is refused (\\det(A + B) = \\det(A) + \\det(B) was proved, A, B undeclared);
- \\mathrm{ReLU}(x) and \\text{softmax}(z) are refused unless declared (they were a scalar named ReLU times x).
"""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import parse_problem
from symgd.latex.notation import DIM

n = DIM


def sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def vec(name: str) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, n, 1)


def mat(name: str) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, n, n)


A, B, x, y, theta, Sigma = mat("A"), mat("B"), vec("x"), vec("y"), vec(r"\theta"), mat(r"\Sigma")
a, b, u = sym("a"), sym("b"), sym("x")


def sides(latex: str, **kw) -> tuple:
    p = parse_problem(latex, **kw)
    assert len(p.links) == 1
    claim = p.links[0][1]
    return claim.lhs, claim.rhs


READS = [
    # bold capitals are matrices, bold lower case (and arrows) vectors, Greek included
    (r"\mathbf{A}\mathbf{B} = \mathbf{B}\mathbf{A}", {}, A * B, B * A),
    (r"(\mathbf{A}\mathbf{B})^\top = \mathbf{A}^\top\mathbf{B}^\top", {}, (A * B).T, A.T * B.T),
    (r"\mathbf{x}^\top\mathbf{A}\mathbf{y} = \mathbf{y}^\top\mathbf{A}\mathbf{x}", {}, x.T * A * y, y.T * A * x),
    (r"\boldsymbol{\theta}^\top\boldsymbol{\Sigma}\boldsymbol{\theta} = \boldsymbol{\theta}^\top\boldsymbol{\theta}", {},
     theta.T * Sigma * theta, theta.T * theta),
    (r"\bm{x} + \mathbf A\bm{y} = \mathbf{x}", {}, x + A * y, x),
    (r"\vec{x} = \vec{y}", {}, vec(r"\vec{x}"), vec(r"\vec{y}")),
    (r"\mathbf{I}\mathbf{x} = \mathbf{x}", {}, sp.Identity(n) * x, x),  # \mathbf{I} stays the identity
    # declarations win over the convention
    (r"\mathbf{A} = \mathbf{B}", {"vectors": ["A, B"]}, vec("A"), vec("B")),
    (r"\mathbf{x} + x = 2x", {"vectors": ["x"]}, 2 * x, 2 * x),
    # sign and sgn: SymPy's sign (0 at 0), with or without parentheses (like \sin 2x)
    (r"\operatorname{sign}(x)|x| = x", {}, sp.sign(u) * sp.Abs(u), u),
    (r"\mathrm{sign}(a - b) = \operatorname{sgn} 2a", {}, sp.sign(a - b), sp.sign(2 * a)),
    (r"\text{sgn}(a) = 1", {}, sp.sign(a), 1),
    # a declared function named sign stays an application
    (r"\operatorname{sign}(a) = 1", {"functions": ["sign"]}, sp.Function("sign")(a), 1),
    (r"\operatorname{prox}(a) = a", {"functions": ["prox"]}, sp.Function("prox")(a), a),
    # x^T A y: a matrix when declared, a scalar when an assumption names it
    (r"x^\top A y = y^\top A x", {"matrices": ["A"], "vectors": ["x, y"]}, x.T * A * y, y.T * A * x),
    (r"x^T L x = L x^T x", {"assume": ["L > 0"], "vectors": ["x"]}, x.T * sp.Symbol("L", real=True, positive=True) * x,
     sp.Symbol("L", real=True, positive=True) * x.T * x),
    # trace and determinant of matrices, declared or bold
    (r"\det(A + B) = \det(A) + \det(B)", {"matrices": ["A, B"]}, sp.Determinant(A + B),
     sp.Determinant(A) + sp.Determinant(B)),
    (r"\operatorname{tr}(\mathbf{A}\mathbf{B}) = \det(\mathbf{A})", {}, sp.Trace(A * B), sp.Determinant(A)),
    (r"\mathrm{ReLU}(a) = a", {"functions": ["ReLU"]}, sp.Function("ReLU")(a), a),
    (r"\mathrm{KL} = a", {}, sym("KL"), a),  # a roman word alone stays a name
    # numbers that are not juxtaposed factors keep their readings
    (r"2 \cdot 3 = 6", {}, 6, 6),
    (r"(2)(3) = 6", {}, 6, 6),
    (r"x^23 = 3x^2", {}, 3 * u**2, 3 * u**2),
    (r"\frac12 3 = a", {}, sp.Rational(3, 2), a),
    (r"2x 3 = a", {}, 6 * u, a),
    (r"2\frac{a}{2} = a", {}, a, a),
    (r"x^2\frac{1}{2} = a", {}, u**2 / 2, a),
    (r"\frac12 \frac12 = a", {}, sp.Rational(1, 4), a),
]


@pytest.mark.parametrize(("latex", "kw", "lhs", "rhs"), READS, ids=[r[0] for r in READS])
def test_reads_as(latex: str, kw: dict, lhs, rhs) -> None:
    assert sides(latex, **kw) == (lhs, rhs)


REFUSED = [
    # a bold and a plain x are a vector and a scalar in this notation: refused unless declared
    (r"\mathbf{x} = x", {}, r"both a bold x and a plain x.*--vector x"),
    (r"\mathbf{A}x = A x", {"vectors": ["x"]}, r"both a bold A and a plain A"),
    (r"\boldsymbol{\theta} + \theta = 0", {}, r"both a bold theta and a plain theta"),
    (r"\mathbf{A} = 0", {"assume": ["A = A^T"]}, r"both a bold A and a plain A"),
    (r"\boldsymbol{\phi}(x) = 0", {}, r"declare what it is.*--function phi"),
    # a transpose of a scalar, in every spelling
    (r"(a + b)^\top = a + b", {}, r"transpose of a scalar is ambiguous.*--vector"),
    (r"(a + b)^{\top} = a + b", {}, r"transpose of a scalar is ambiguous"),
    (r"(a + b)^\intercal = a + b", {}, r"transpose of a scalar is ambiguous"),
    (r"\alpha^\top x = x^\top\alpha", {}, r"transpose of a scalar is ambiguous"),
    (r"ab^\top = ab", {}, r"transpose of a scalar is ambiguous"),
    (r"(a + b)^T = a + b", {}, r"\^T of a scalar is ambiguous"),
    # an unknown operator name is never a product of scalars
    (r"\operatorname{prox}(x) = x", {}, r"\\operatorname\{prox\} is not a known operator.*--function prox"),
    (r"\mathrm{sign}\,\mathbf{x} = 1", {}, r"vector|nx1|n x 1"),
    # an undeclared capital after a row vector: a matrix or a scalar?
    (r"x^\top A y = y^\top A x", {"vectors": ["x, y"]}, r"A after a transposed vector.*--matrix A.*A x\^T y"),
    (r"x^\top y = y^\top x", {}, r"a transpose of a scalar is ambiguous: declare the base as a vector"),  # issue 11
    (r"\mathbf{x}^\top L\mathbf{x} = 0", {}, r"L after a transposed vector"),
    # a trace or determinant of scalars (undeclared names): det(A + B) = det A + det B was proved
    (r"\det(A + B) = \det(A) + \det(B)", {}, r"the determinant of a scalar expression: declare its matrices"),
    (r"\operatorname{tr}(AB) = \operatorname{tr}(A)\operatorname{tr}(B)", {}, r"the trace of a scalar expression"),
    (r"\mathbf{tr}(AB) = 1", {}, r"the trace of a scalar expression"),
    # a word in roman type applied to an argument is an operator, never a product of scalars
    (r"\mathrm{ReLU}(x) = \max(x, 0)", {}, r"\\mathrm\{ReLU\}\(\.\.\.\) is not a known operator.*--function ReLU"),
    (r"\text{softmax}(z) = 1", {}, r"--function softmax"),
    # juxtaposed numbers
    (r"2 3 = 6", {}, r"juxtaposed numbers '2 3' are ambiguous: write 2 \\cdot 3 for a product, or 23"),
    (r"2\,3 = 6", {}, r"juxtaposed numbers"),
    (r"x 2 3 = 6x", {}, r"juxtaposed numbers"),
    (r"1.5 2 = 3", {}, r"juxtaposed numbers '1.5 2'"),
    (r"2 3/4 = a", {}, r"juxtaposed numbers"),
    (r"2\frac{1}{2} = 1", {}, r"number before a numeric fraction .*mixed number.*2 \\cdot \\frac"),
    (r"3\tfrac12 = a", {}, r"number before a numeric fraction"),
]


@pytest.mark.parametrize(("latex", "kw", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_a_one_line_message(latex: str, kw: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message) as info:
        parse_problem(latex, **kw)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("latex", "kw", "status"), [
    (r"\mathbf{A}\mathbf{B} = \mathbf{B}\mathbf{A}", {}, Status.REFUTED),  # was proved
    (r"(\mathbf{A}\mathbf{B})^\top = \mathbf{B}^\top\mathbf{A}^\top", {}, Status.PROVED),
    (r"\operatorname{sign}(x)\,|x| = x", {}, Status.PROVED),  # was refuted at sign = -7
    (r"\operatorname{sign}(x)\,x = x", {}, Status.REFUTED),
])
def test_verdicts(latex: str, kw: dict, status: Status) -> None:
    assert check(latex, timeout=5, **kw).status is status


def test_cli_exit_2_one_line(capsys: pytest.CaptureFixture) -> None:
    from symgd.app.cli import main

    for claim in (r"2 3 = 6", r"(a + b)^\top = a + b", r"\mathbf{x} = x", r"\operatorname{prox}(x) = x"):
        with pytest.raises(SystemExit) as info:
            main(["check", "--", claim])
        assert info.value.code == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error:") and "\n" not in err and "Traceback" not in err, err
