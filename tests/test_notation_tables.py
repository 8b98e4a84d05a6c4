"""The notation users write, as tables: LaTeX in -> the exact SymPy object out (latexify_py style), and
the inputs refused on purpose -> a one-line message matched by regex.  No silent misreading: a run of
letters that spells a Greek letter is that letter, the identity is a matrix, a family member is one."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import check_file, parse_problem
from symgd.latex.notation import DIM
from symgd.latex.parser_series import Lim

n = DIM


def sym(name: str, **flags) -> sp.Symbol:
    return sp.Symbol(name, real=True, **flags)


def vec(name: str, size=n) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, size, 1)


def mat(name: str, size=n) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, size, size)


def lhs(latex: str, **kw):
    """The left side of ``latex = 0``."""
    p = parse_problem(latex + " = 0", **kw)
    assert len(p.links) == 1
    return p.links[0][1].lhs


eta, lam, beta2, t = sym(r"\eta"), sym(r"\lambda"), sym(r"\beta_{2}"), sym("t")

READS = [
    # letter runs that spell a Greek letter are that letter
    ("eta", {}, eta),
    ("eta lambda", {}, eta * lam),
    ("2eta", {}, 2 * eta),
    ("beta_2", {}, beta2),
    ("lambda_min", {}, sym(r"\lambda_{\min}")),
    (r"\lambda_{min}", {}, sym(r"\lambda_{\min}")),
    ("mu + sigma", {}, sym(r"\mu") + sym(r"\sigma")),
    ("theta_0", {}, sym(r"\theta_{0}")),
    ("ab", {}, sym("a") * sym("b")),  # other runs stay products
    # the identity matrix
    (r"I x", {"vectors": ["x"]}, sp.Identity(n) * vec("x")),
    (r"\mathbb{I} x", {"vectors": ["x"]}, sp.Identity(n) * vec("x")),
    (r"\mathbf{I} x", {"vectors": ["x"]}, sp.Identity(n) * vec("x")),
    (r"I_n x", {"vectors": ["x"]}, sp.Identity(n) * vec("x")),
    (r"A - \lambda I", {"matrices": ["A"]}, mat("A") - lam * sp.Identity(n)),
    (r"\frac{1}{\eta}I\,(x - x_s)", {"vectors": ["x"]}, sp.Identity(n) * (vec("x") - vec("x_{s}")) / eta),
    # fonts and transposes
    (r"\mathbf{x}^\top \boldsymbol{\theta}", {"vectors": ["x, theta"]}, vec("x").T * vec(r"\theta")),
    (r"x^{\top} y", {"vectors": ["x,y"]}, vec("x").T * vec("y")),
    # declared names in the claim's own form: each declares its family
    (r"x_s - x^* + \theta_0", {"vectors": ["x_s,theta_0,x^*"]}, vec("x_{s}") - vec("x^{*}") + vec(r"\theta_{0}")),
    # sums: families, infinity
    (r"\sum_{i=1}^{3}\beta_2^{3-i}g_i^2", {},
     beta2**2 * sym("g_{1}") ** 2 + beta2 * sym("g_{2}") ** 2 + sym("g_{3}") ** 2),
    (r"\sum_{i=1}^{2} x_{i+1}", {}, sym("x_{2}") + sym("x_{3}")),
    (r"\sum_{k=0}^{\infty} q^k", {}, sp.Sum(sym("q") ** sp.Symbol("k", integer=True), (sp.Symbol("k", integer=True),
                                                                                         0, sp.oo))),
    (r"\sum_{k \ge 1} q^k", {}, sp.Sum(sym("q") ** sp.Symbol("k", integer=True), (sp.Symbol("k", integer=True),
                                                                                   1, sp.oo))),
    (r"\int_{0}^{\infty} e^{-t} dt", {}, sp.Integral(sp.exp(-t), (t, 0, sp.oo))),
    # factorials
    ("3!", {}, sp.Integer(6)),
    ("k!", {}, sp.factorial(sym("k"))),
    # limits and extrema of finitely many scalars
    (r"\lim_{x \to 0} \frac{\sin x}{x}", {}, Lim(sp.sin(sym("x")) / sym("x"), sym("x"), 0, "+-")),
    (r"\lim_{\eta \to 0^+} \eta", {}, Lim(eta, eta, 0, "+")),
    (r"\max(a, b)", {}, (sym("a") + sym("b") + sp.Abs(sym("a") - sym("b"))) / 2),
    (r"\min\{a, b\}", {}, (sym("a") + sym("b") - sp.Abs(sym("a") - sym("b"))) / 2),
    # concrete matrices and vectors
    (r"\begin{bmatrix} 10 & 0 \\ 0 & 26 \end{bmatrix}", {}, sp.ImmutableMatrix([[10, 0], [0, 26]])),
    (r"\begin{pmatrix} 1 \\ \eta \end{pmatrix}", {}, sp.ImmutableMatrix([[1], [eta]])),
    (r"\begin{bmatrix} 2 & 0 \\ 0 & 3 \end{bmatrix} x", {"vectors": ["x"]},
     sp.ImmutableMatrix([[2, 0], [0, 3]]) * vec("x", 2)),
    # trace, determinant
    (r"\operatorname{tr}(A)", {"matrices": ["A"]}, sp.Trace(mat("A"))),
    (r"\mathrm{tr}\,A", {"matrices": ["A"]}, sp.Trace(mat("A"))),
    (r"\det(A)", {"matrices": ["A"]}, sp.Determinant(mat("A"))),
    (r"\log\det A", {"matrices": ["A"]}, sp.log(sp.Determinant(mat("A")))),
    (r"\operatorname{log}(t)", {}, sp.log(t)),
    (r"\operatorname{prox}(t)", {"functions": ["prox"]}, sp.Function("prox")(t)),
    # the scope of d/dt: the rest of the product, except after SymPy's printed application f{\left(x \right)}
    (r"\frac{d}{dt} t^2 t", {}, sp.Derivative(t**3, t)),
    (r"\frac{d}{dt} f{\left(t \right)} f{\left(t \right)}", {},
     sp.Derivative(sp.Function("f")(t), t) * sp.Function("f")(t)),
    # gradients of an expression
    (r"\nabla_\theta(\theta^2)", {}, sp.Derivative(sym(r"\theta") ** 2, sym(r"\theta"))),
    (r"\nabla_x\left(b^T x\right)", {"vectors": ["x, b"]}, vec("b")),
    (r"\nabla_x\left(x^T A x\right)", {"vectors": ["x"], "matrices": ["A"]},
     mat("A") * vec("x") + mat("A").T * vec("x")),
]


@pytest.mark.parametrize(("latex", "kw", "expected"), READS, ids=[r[0] for r in READS])
def test_reads_as(latex: str, kw: dict, expected) -> None:
    got = lhs(latex, **kw)
    assert got == expected or (getattr(got, "is_Matrix", False) and sp.simplify(got - expected) == sp.zeros(*got.shape))


REFUSED = [
    ("log x = 0", {}, r"'log' would be the product of its letters: did you mean \\log\?"),
    ("logx = 0", {}, r"did you mean \\log x\?"),
    ("etaL = 1", {}, r"'etaL' contains 'eta': did you mean \\eta L\?"),
    ("beta2 = 0", {}, r"write \\beta_2 for an index, or \\beta \\cdot 2 for a product"),
    ("sqrt{x} = 1", {}, r"did you mean \\sqrt\?"),
    (r"I = 1", {}, r"I is the identity matrix, but the claim has no vector or matrix"),
    (r"I x = x", {"vectors": ["x"], "matrices": ["I"]}, r"I is the identity matrix; give a general"),
    (r"x = x", {"vectors": ["x,I"]}, r"I is the identity matrix"),
    (r"\prod_{i=1}^{t} x^{(i)} = 0", {}, r"member of a family .* needs numeric bounds"),  # a sum: decide.iterates
    (r"\sum_i x_i = 0", {}, r"over unnamed coordinates"),
    (r"\sum_{k \ge 0}^{5} q^k = 0", {}, r"runs to infinity; it takes no upper bound"),
    (r"e^{-tH} = I", {"matrices": ["H"]}, r"matrix exponentials .* are not supported"),
    (r"\min_{t<T} g_t = 0", {}, r"\\min over a set \(\\min_\{...\}\) is not understood"),
    (r"\lim x = 0", {}, r"\\lim needs its variable and point"),
    (r"\frac{d}{d} x = 1", {}, r"a derivative needs its variable"),
    (r"\operatorname{prox}(x) = x", {}, r"\\operatorname\{prox\} is not a known operator: declare it"),
    (r"\begin{vmatrix} 1 & 0 \\ 0 & 1 \end{vmatrix} = 1", {}, r"'vmatrix' is not an expression"),
    (r"\begin{bmatrix} 1 & 0 \\ 0 \end{bmatrix} = 0", {}, r"same number of entries in every row"),
    (r"\det(x) = 0", {"vectors": ["x"]}, r"determinant of a nx1 expression"),
    (r"\nabla_x (x x^T) = 0", {"vectors": ["x"]}, r"\\nabla_x of a vector or matrix expression"),
    (r"|\eta| = \eta", {"assume": [r"\mu > 0"]}, r"the assumption '\\mu > 0' shares no symbol with the claim"),
    (r"x^T A x \ge 0", {"vectors": ["x"], "matrices": ["A"], "assume": [r"A - I \succeq 0"]}, r"not declared symmetric"),
    (r"x = 0", {"vectors": ["x_{"]}, r"not a name"),
    (r"|A| = 1", {"matrices": ["A"]}, r"\|A\| of a nxn matrix is ambiguous: write \\det\(A\)"),
    (r"\|A\| = 1", {"matrices": ["A"]}, r"of a nxn matrix is ambiguous"),
    (r"x_{s} = 0", {"assume": [r"A \prec 0"]}, r"shares no symbol"),  # lambda_max(A) < 0: symgd.latex.matrix_notation
]


@pytest.mark.parametrize(("latex", "kw", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_a_one_line_message(latex: str, kw: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message) as info:
        parse_problem(latex, **kw)
    assert "\n" not in str(info.value)


def test_assumptions_written_as_words_and_names_as_typed() -> None:
    for words in (["t integer"], [r"t \in \mathbb{N}"], ["t is a natural number"], ["t integer", "t positive"]):
        (_, claim), = parse_problem("(-1)^{2t} = 1", assume=words).links
        assert claim.lhs == 1  # t is an integer: SymPy simplified (-1)^(2t) to 1
    (_, claim), = parse_problem(r"\eta\lambda = 0", assume=["eta>0", "lambda > 0"]).links
    assert all(s.is_positive for s in claim.lhs.free_symbols)
    p = parse_problem(r"x^T A x \ge 0", vectors=["x"], assume=[r"A \succ 0"])
    assert {m.name for m in p.context.positive_definite} == {"A"}
    theta = sym(r"\theta")
    p = parse_problem("a + b + c + T = 0", assume=["a, b, c \\ge 0", r"T \in \mathbb{N}, T \ge 1"])
    (_, claim), = p.links
    assert {s.name: bool(s.is_nonnegative) for s in claim.lhs.free_symbols} == dict.fromkeys("abcT", True)
    assert p.context.hypotheses == (sp.Ge(sp.Symbol("T", integer=True, nonnegative=True), 1),)
    p = parse_problem(r"\theta = 0", assume=[r"\theta \in [0, 1)"])  # 0 <= theta: a sign; theta < 1: a hypothesis
    (hyp,) = p.context.hypotheses
    assert hyp == sp.Lt(sym(r"\theta", nonnegative=True), 1) and hyp != sp.Lt(theta, 1)


def test_vector_definitions_and_gradients_as_people_write_them() -> None:
    (_, claim), = parse_problem(r"x^* = 0", assume=[r"x^* = A^{-1}b"], vectors=["x, b"], matrices=["A"]).links
    assert claim.lhs == sp.Inverse(mat("A")) * vec("b")
    p = parse_problem(r"x^T A y = y^T A x", assume=[r"A = A^T"], vectors=["x, y"], matrices=["A"])
    assert p.context.symmetric == frozenset({mat("A")}) or set(p.context.symmetric) == {mat("A")}
    (_, claim), = parse_problem(r"\nabla_{\mathbf{x}}\,\mathbf{x}^\top\mathbf{A}\mathbf{x} = 0",
                                 vectors=["x"], matrices=["A"]).links
    assert claim.lhs == mat("A") * vec("x") + mat("A").T * vec("x")


def test_the_silent_misreadings_of_issue_11_are_gone() -> None:
    # eta > 0 typed without a backslash: the assumption constrains \eta (it was e*t*a > 0)
    assert check(r"|\eta| = \eta", assume=["eta>0"], timeout=5).status is Status.PROVED
    # the identity: proved (it was refuted at I = -7)
    assert check(r"\frac{1}{\eta}I\,(x - x_s) = \frac{1}{\eta}(x - x_s)", vectors=["x"], assume=[r"\eta > 0"],
                 timeout=5).status is Status.PROVED
    # the unrolled EMA: proved (g_i of the sum was unrelated to g_1, g_2, g_3)
    ema = r"(1-\beta_2)(\beta_2^2 g_1^2 + \beta_2 g_2^2 + g_3^2) = (1-\beta_2)\sum_{i=1}^{3}\beta_2^{3-i}g_i^2"
    assert check(ema, timeout=5).status is Status.PROVED
    assert check(ema.replace("3-i", "i"), timeout=5).status is Status.REFUTED


def test_a_file_refuses_an_assumption_no_claim_uses_but_not_one_some_claim_uses() -> None:
    items = check_file("a + b = b + a\n|c| = c", assume=["c > 0"], timeout=5)
    assert [i.status for i in items] == ["proved", "proved"]
    with pytest.raises(BadInput, match="shares no symbol with any claim of the file"):
        check_file("a + b = b + a\n|c| = c", assume=["d > 0"], timeout=5)


def test_matrix_environments_stay_whole_in_files_and_blocks() -> None:
    from symgd.latex.check import split_claims

    text = ("\\[ \\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix} x = x \\]\n"
            "\\det \\begin{pmatrix} 2 & 1 \\\\ 1 & 3 \\end{pmatrix} = 5\n")
    claims = split_claims(text)
    assert claims == [r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix} x = x",
                      r"\det \begin{pmatrix} 2 & 1 \\ 1 & 3 \end{pmatrix} = 5"]
    (_, claim), = parse_problem(claims[1]).links
    assert claim.lhs == sp.Determinant(sp.ImmutableMatrix([[2, 1], [1, 3]])) and claim.lhs.doit() == 5
