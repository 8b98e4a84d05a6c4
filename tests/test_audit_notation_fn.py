"""Notation of functions that documents use and symgd misread (issue 13): ``\\newcommand`` macros that are a script
alone (``\\T`` for ``^{\\top}``, ``\\inv`` for ``^{-1}``), a vector-valued function the text defines
(``r(\\lambda) = c - A^\\top\\lambda``), ``x(\\lambda)`` after a vector x (a function of \\lambda, never a product
of two vectors reported as a shape slip).  Each behaviour has a true and a false look-alike; the answers are decided
by hand (in the comments)."""

from __future__ import annotations

from functools import cache

import pytest

from symgd.app.audit.macros import expand_macros, read_macros
from symgd.app.audit.run import audit

MACROS = r"\newcommand{\T}{^{\top}}" "\n" r"\newcommand{\inv}{^{-1}}" "\n" r"\newcommand{\R}{\mathbb{R}}" "\n"


@pytest.mark.parametrize(("latex", "reading"), [
    (r"x\T Q x", r"x^{\top} Q x"),
    (r"r(\lambda)\T Q\inv r(\lambda)", r"r(\lambda)^{\top} Q^{-1} r(\lambda)"),
    (r"(A\inv)\T", r"(A^{-1})^{\top}"),
    (r"A\T\lambda", r"A^{\top}\lambda"),
    (r"x \in \R^n", r"x \in \mathbb{R}^n"),  # a one-symbol body as before
])
def test_a_macro_that_is_a_script_alone_attaches_to_what_precedes(latex, reading) -> None:
    assert expand_macros(latex, read_macros(MACROS)) == reading


def _tex(setup: str, *displays: str) -> str:
    body = "\nand\n".join(f"\\begin{{equation}}\n{d}\n\\end{{equation}}" for d in displays)
    return (f"\\documentclass{{article}}\n{MACROS}\\begin{{document}}\n{setup}\n{body}\n\\end{{document}}\n")


@cache
def _claims(text: str) -> tuple[tuple[str, str, str], ...]:
    a = audit(text, "n.tex", timeout=3.0)
    return tuple((r.link, r.verdict, r.method) for r in a.results if r.kind == "claim")


SETUP = (r"Let $Q \in \R^{n\times n}$ be symmetric positive definite, $c \in \R^n$, $A \in \R^{n\times n}$ and "
         r"$\lambda, \mu \in \R^n$. Write $r(\lambda) = c - A\T\lambda$. Then")
VECTOR_FUNCTION = [  # r(v) = c - A^T v for every v
    (r"r(\lambda)\T Q\inv r(\lambda) = (c - A\T\lambda)\T Q\inv (c - A\T \lambda)", "proved"),
    (r"r(\lambda)\T Q\inv r(\lambda) = (c + A\T\lambda)\T Q\inv (c + A\T \lambda)", "refuted"),  # sign of A^T
    (r"r(\mu) - r(\lambda) = A\T(\lambda - \mu)", "proved"),
    (r"r(\mu) - r(\lambda) = A\T(\mu - \lambda)", "refuted"),  # reversed
    (r"(A\inv)\T = (A\T)\inv", "proved"),
    (r"(A\inv)\T = A\inv", "refuted"),  # A need not be symmetric
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), VECTOR_FUNCTION)
def test_a_vector_valued_function_the_text_defines_is_its_body_at_every_vector(claim, verdict) -> None:
    verdicts = {link: v for link, v, _ in _claims(_tex(SETUP, *(c for c, _ in VECTOR_FUNCTION)))}
    key = claim.replace(r"\T", r"^{\top}").replace(r"\inv", "^{-1}")
    assert verdicts[key] == verdict


def test_a_vector_after_a_vector_is_a_function_never_a_shape_slip() -> None:
    """x(\\lambda) with x transposed just before and \\lambda in R^n: the minimizer as a function of \\lambda.  Read
    as the product x * \\lambda it was 'cannot multiply an n x 1 by an n x 1', a refuted link, on true claims."""
    text = _tex(r"Let $Q \in \R^{n\times n}$ be symmetric positive definite, $c, \lambda \in \R^n$. The minimizer of "
                r"$\tfrac12 x\T Q x - c\T x - \lambda\T x$ is", r"x(\lambda) = Q\inv (c + \lambda)",
                r"\tfrac12 x(\lambda)\T Q x(\lambda) = \tfrac12 (c + \lambda)\T Q\inv (c + \lambda)")
    claims = _claims(text)
    assert claims and all(v != "refuted" for _, v, _ in claims), claims


LAGRANGIAN = (r"Let $Q \in \R^{n\times n}$ be symmetric positive definite, $c, b, \lambda \in \R^n$ and "
              r"$A \in \R^{n\times n}$. The Lagrangian is" "\n\\begin{equation}\n"
              r"\mathcal{L}(x, \lambda) = \tfrac12 x\T Q x - c\T x + \lambda\T (A x - b)" "\n\\end{equation}\n"
              r"\section{Its gradients}" "\nIn $x$ and in $\\lambda$,")
PARTIAL = [  # d/dx = Qx - c + A^T lambda (Q symmetric), d/dlambda = Ax - b
    (r"\nabla_x \mathcal{L}(x, \lambda) = Q x - c + A\T \lambda", "proved"),
    (r"\nabla_x \mathcal{L}(x, \lambda) = Q x - c + A \lambda", "refuted"),  # A for A^T
    (r"\nabla_\lambda \mathcal{L}(x, \lambda) = A x - b", "proved"),
    (r"\nabla_\lambda \mathcal{L}(x, \lambda) = A x + b", "refuted"),  # sign of b
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), PARTIAL)
def test_the_gradient_in_one_argument_of_a_defined_function_of_two(claim, verdict) -> None:
    """In a new section: the symmetry said with Q's membership ("Let $Q \\in \\R^{n\\times n}$ be symmetric") holds
    as long as the membership does (read only to the end of the section, the true first claim was refuted)."""
    verdicts = {link: v for link, v, _ in _claims(_tex(LAGRANGIAN, *(c for c, _ in PARTIAL)))}
    assert verdicts[claim.replace(r"\T", r"^{\top}")] == verdict


@pytest.mark.slow
def test_without_symmetry_the_gradient_of_the_quadratic_form_is_not_qx() -> None:
    text = _tex(LAGRANGIAN.replace("symmetric positive definite", "invertible"), PARTIAL[0][0])
    assert [v for _, v, _ in _claims(text)] == ["refuted"]  # (Q + Q^T)/2 x, not Q x


@pytest.mark.parametrize("claim", [r"\nabla_x \mathcal{M}(x, \lambda) = Q x - c", r"\nabla_x \mathcal{L}(y, \lambda) = Q y"])
def test_a_partial_gradient_without_a_definition_or_its_variable_is_not_read(claim) -> None:
    """An undefined function of two arguments, or \\nabla_x at a point without x: no formula, never a guess."""
    text = _tex(LAGRANGIAN + r" and $y \in \R^n$,", claim)
    assert [v for _, v, _ in _claims(text)] == ["not checked"]


def _md(setup: str, *displays: str) -> str:
    return f"# Note\n\n{setup}\n" + "".join(f"\nand\n\n$$\n{d}\n$$\n" for d in displays)


BREGMAN = (r"Let $\phi$ be convex and differentiable, and $x, y, z \in \mathbb{R}^n$. The Bregman divergence is"
           "\n\n$$\nD_\\phi(x, y) = \\phi(x) - \\phi(y) - \\langle \\nabla \\phi(y), x - y \\rangle\n$$\n\nThen")
DIVERGENCE = [  # by hand: the gradient in x is grad phi(x) - grad phi(y); the three-point identity; D >= 0 (convex)
    (r"\nabla_x D_\phi(x, y) = \nabla \phi(x) - \nabla \phi(y)", "proved"),
    (r"\nabla_x D_\phi(x, y) = \nabla \phi(x) + \nabla \phi(y)", None),  # false (phi = |z|^2/2: x + y vs x - y)
    (r"D_\phi(x, y) + D_\phi(y, z) - D_\phi(x, z) = \langle \nabla \phi(z) - \nabla \phi(y), x - y \rangle", "proved"),
    (r"D_\phi(x, y) + D_\phi(y, z) - D_\phi(x, z) = \langle \nabla \phi(z) - \nabla \phi(y), x - z \rangle", None),
    (r"D_\phi(x, y) = D_\phi(y, x)", None),  # false for phi = e^{z_1}
    (r"D_\phi(x, y) \ge 0", "proved"),
    (r"\nabla_x \Big( \phi(x) + \frac{1}{2}\|x - y\|^2 \Big) = \nabla \phi(x) + x - y", "proved"),
    (r"\nabla_x \Big( \phi(x) + \frac{1}{2}\|x - y\|^2 \Big) = \nabla \phi(x) + x + y", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), DIVERGENCE)
def test_a_function_of_two_vectors_defined_through_an_arbitrary_one(claim, verdict) -> None:
    """D_\\phi(y, z) is the body at (y, z) (the opaque phi(x), \\nabla phi(y) follow the arguments, all at once);
    \\nabla_x of a sum with phi(x) as a term of its own is \\nabla phi(x) plus the rest's gradient.  A false claim is
    never proved (None: refuted or undecided; the witness |z|^2/2 is not written into the subscript of D_\\phi)."""
    a = _claims(_md(BREGMAN, *(c for c, _ in DIVERGENCE)))
    got = {link: v for link, v, _ in a}[claim.replace(r"\ge", ">=")]
    assert got == verdict if verdict else got in ("refuted", "undecided")


@pytest.mark.slow
def test_a_value_of_an_arbitrary_function_inside_a_power_is_never_a_linear_term() -> None:
    """phi(x)^2 is not a term c phi(x): the true chain rule may be proved elsewhere, the false one never."""
    text = _md(r"Let $\phi$ be differentiable and $x \in \mathbb{R}^n$. Then",
               r"\nabla_x \big(\phi(x)^2\big) = 2 \phi(x) \nabla \phi(x)", r"\nabla_x \big(\phi(x)^2\big) = \phi(x) \nabla \phi(x)")
    assert [v for _, v, _ in _claims(text)][1] != "proved"


CURVE = (r"Let $f:\mathbb{R}^d\to\mathbb{R}$ be differentiable and let $x(t)$ be a differentiable curve. By the chain "
         "rule,")
CHAIN = [  # d/dt f(x(t)) = f'(x(t)) x'(t) (read in one coordinate)
    (r"\frac{d}{dt} f(x(t)) = \langle \nabla f(x(t)), \dot x(t) \rangle", "proved"),
    (r"\frac{d}{dt} f(x(t)) = \langle \nabla f(x(t)), x'(t) \rangle", "proved"),
    (r"\frac{d}{dt} f(x(t)) = 2\langle \nabla f(x(t)), \dot x(t) \rangle", "refuted"),
    (r"\frac{d}{dt} f(x(t)) = \langle \nabla f(x(t)), \ddot x(t) \rangle", "refuted"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), CHAIN)
def test_a_curve_written_with_its_time_derivative_is_a_function_of_time(claim, verdict) -> None:
    """\\dot x(t) (or x'(t)) beside f(x(t)): x is a function of t, \\dot x(t) its derivative; read as the product
    x t, the chain rule was undecided."""
    assert {link: v for link, v, _ in _claims(_md(CURVE, *(c for c, _ in CHAIN)))}[claim] == verdict


@pytest.mark.parametrize(("latex", "names"), [
    (r"\frac{d}{dt} f(x(t)) = \langle \nabla f(x(t)), \dot x(t) \rangle", {"x"}),
    (r"\dot{y}(s) = -y(s)", {"y"}),
    (r"u''(t) + u(t) = 0", {"u"}),
    (r"\dot x(t) = -x", set()),  # x never applied to t: not settled by the claim
    (r"x'(y - x) \ge 0", set()),  # not one variable
    (r"\dot x(t) = x(s)", set()),  # another argument
])
def test_names_the_claim_shows_to_be_curves(latex, names) -> None:
    from symgd.latex.ambiguity import curve_names
    from symgd.latex.tokens import tokenize

    assert curve_names(tokenize(latex)) == names


NAMED = [  # sigma(u) = 1/(1 + e^{-u}): sigma(z) + sigma(-z) = 1, sigma' = sigma(1 - sigma)
    (r"\sigma(z) + \sigma(-z) = 1", "proved"),
    (r"\sigma'(z) = \sigma(z)(1 - \sigma(z))", "proved"),
    (r"\sigma(z) + \sigma(-z) = 2", "refuted"),
    (r"\sigma'(z) = \sigma(z)(1 + \sigma(z))", "refuted"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), NAMED)
def test_a_function_the_prose_calls_the_logistic_function_is_that_function(claim, verdict) -> None:
    text = _md(r"Here $\sigma$ is the logistic function and $z$ is real. Then", *(c for c, _ in NAMED))
    assert {link: v for link, v, _ in _claims(text)}[claim] == verdict


@pytest.mark.parametrize(("prose", "found"), [
    (r"where $\sigma$ is the logistic function", [r"\sigma"]),
    (r"the sigmoid $\sigma$ squashes the logits", [r"\sigma"]),
    ("Here σ denotes the sigmoid.", [r"\sigma"]),
    (r"$\ell$ is the logistic loss", []),  # a loss, not the function
    (r"the logistic regression model $h$", []),
    (r"With $p_1 = \sigma(z_1 - z_2)$", []),  # nothing said of sigma
])
def test_the_standard_functions_named_in_prose(prose, found) -> None:
    from symgd.app.audit.named_functions import named_in_prose

    assert [n for n, _ in named_in_prose(prose)] == found


def test_sigma_unnamed_stays_refused() -> None:
    """Without words, sigma(z) + sigma(-z) = 1 is the sigmoid's symmetry or sigma z - sigma z = 1 (a product): refused."""
    assert [v for _, v, _ in _claims(_md("Then", r"\sigma(z) + \sigma(-z) = 1"))] == ["not checked"]


MINIMIZER = (r"Let $H \in \R^{n\times n}$ be symmetric positive definite, $g, \mu \in \R^n$. The model" "\n"
             "\\begin{equation}\n" r"m(p, \mu) = \tfrac12 p\T H p + g\T p - \mu\T p" "\n\\end{equation}\n"
             r"is strongly convex in $p$, and its minimizer $p(\mu)$ is the point where" "\n\\begin{equation}\n"
             r"\nabla_p m(p, \mu) = H p + g - \mu = 0," "\n\\end{equation}\nthat is,")


@pytest.mark.slow
@pytest.mark.parametrize(("solution", "verdict"), [(r"p(\mu) = H\inv (\mu - g)", "proved"),
                                                   (r"p(\mu) = H\inv (\mu + g)", "refuted")])  # sign of g
def test_a_minimizer_as_a_function_of_a_parameter_solves_the_equation_before_it(solution, verdict) -> None:
    """"its minimizer $p(\\mu)$ is the point where E = 0, that is, p(\\mu) = v": v solves E = 0 for every \\mu (read
    as a definition, the sign slip went unseen)."""
    claims = _claims(_tex(MINIMIZER, solution))
    assert claims[-1][0].startswith("p(\\mu)") and claims[-1][1] == verdict


QUADRATIC = (r"Let $A \in \R^{n\times n}$ be symmetric positive definite and $b, x, p \in \R^n$. We minimize"
             "\n\\begin{equation}\n" r"\varphi(x) = \tfrac12 x\T A x - b\T x" "\n\\end{equation}\nAlong the ray,")
RAY = [  # phi(x + a p) = phi(x) + a p^T(Ax - b) + a^2/2 p^T A p, d/da = p^T(Ax - b) + a p^T A p
    (r"\varphi(x + \alpha p) = \varphi(x) + \alpha p\T (A x - b) + \tfrac{\alpha^2}{2} p\T A p", "proved"),
    (r"\varphi(x + \alpha p) = \varphi(x) + \alpha p\T (A x - b) + \alpha^2 p\T A p", "refuted"),  # no 1/2
    (r"\frac{d}{d\alpha}\varphi(x + \alpha p) = p\T (A x - b) + \alpha p\T A p", "proved"),
    (r"\frac{d}{d\alpha}\varphi(x + \alpha p) = p\T (A x - b) + 2\alpha p\T A p", "refuted"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "verdict"), RAY)
def test_a_function_of_a_vector_with_a_greek_name_at_an_expression_and_its_derivative_along_a_ray(claim, verdict) -> None:
    """\\varphi(x + \\alpha p) is the body at x + \\alpha p (the name's backslash kept it an arbitrary function), and
    d/d\\alpha of it differentiates the 1x1 forms: (u + v)^T is transposed first (SymPy differentiated an
    unevaluated transpose of a sum without transposing: p A (x + \\alpha p), a shape error)."""
    verdicts = {link: v for link, v, _ in _claims(_tex(QUADRATIC, *(c for c, _ in RAY)))}
    assert verdicts[claim.replace(r"\T", r"^{\top}")] == verdict


def test_the_derivative_of_a_transposed_sum_in_a_scalar_is_transposed() -> None:
    import sympy as sp

    from symgd.latex.parser_calculus import diff_with_traces

    a, n = sp.Symbol("a"), sp.Symbol("n")
    p, x, M = sp.MatrixSymbol("p", n, 1), sp.MatrixSymbol("x", n, 1), sp.MatrixSymbol("M", n, n)
    form = sp.Trace(sp.Transpose(a * p + x) * M * (a * p + x))  # an unevaluated transpose, as the parser builds it
    d = diff_with_traces(form, [(a, 1)], 0)
    values = {a: 2, p: sp.Matrix([1, -2]), x: sp.Matrix([3, 1]), M: sp.Matrix([[2, 1], [5, 3]])}
    z = values[x] + 2 * values[p]
    by_hand = (values[p].T * values[M] * z + z.T * values[M] * values[p])[0]  # p^T M z + z^T M p
    assert sp.simplify(d.xreplace(values).doit()) == by_hand


@pytest.mark.parametrize(("formulas", "letters"), [
    ([r"h(x) \le h(y) + L", r"h(x) = x^2"], {"h"}),  # two names: a function
    ([r"g(x) + g(-x) = 0"], set()),  # one claim, an expression: not settled
    ([r"g(x) = 1", r"g(y) = 2", r"\eta g_t"], set()),  # g_t: g is also a value
    ([r"p(1 - p)", r"p(x) p(y)"], set()),  # p inside its own parentheses: a value
    ([r"r(\lambda) = c", r"r(\mu) - r(\lambda) = 0"], {"r"}),
    ([r"\hat{h}(x) + \hat{h}(y)", r"x_h(y) + x_h(z)"], set()),  # accents and subscripts are other names
])
def test_letters_the_document_applies_to_two_names_and_never_uses_as_values(formulas, letters) -> None:
    from symgd.app.audit.applied import applied_letters

    assert applied_letters(formulas) == letters


@pytest.mark.slow
def test_a_letter_applied_to_two_points_reads_as_a_function_in_the_audit() -> None:
    text = _md(r"For points $x, y \in \mathbb{R}^n$,", r"h(x) - h(y) = h(y) - h(x)",
               r"h(x) - h(y) = \langle \nabla h(y), x - y \rangle + (h(x) - h(y) - \langle \nabla h(y), x - y \rangle)")
    assert [v for _, v, _ in _claims(text)] == ["refuted", "proved"]


@pytest.mark.parametrize(("claim", "message"), [
    (r"\nabla_i f(x) = 0", "the partial derivative in coordinate i"),
    (r"\nabla_2 f(x) = 0", "the partial derivative in coordinate 2"),
    (r"\nabla_y f(x) = 0", "at a point other than v"),  # y is no index: the gradient in y at x
])
def test_a_coordinate_of_the_gradient_is_refused_with_its_spelling(claim, message) -> None:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    with pytest.raises(BadInput, match=message):
        parse_problem(claim, vectors=["x"])
