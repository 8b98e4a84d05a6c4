"""Textbook notation that ``symgd check`` reads or refuses on purpose (issue 11): nested extrema with braces
(clipping), powers written on function names (``\\sin^2 x``), how far an unparenthesized function argument
reaches, iterate labels ``x^{(k)}`` and derivatives ``f^{(k)}(x)``, and indexed families defined or constrained
by an assumption (``\\eta_t = \\frac{1}{\\alpha t}`` with ``\\sum_{t=1}^{T} \\eta_t``).  Examples from Boyd and
Vandenberghe (2004, sec. 8.1: projection onto a box), Nesterov (2018, sec. 1.2: step sizes h_k), Bubeck (2015,
sec. 3.1: \\eta_t = 1/(\\alpha t)), Kingma and Ba (2015, Alg. 1: \\hat{m}_t)."""

from __future__ import annotations

import pytest
import sympy as sp

import symgd
from symgd.core.errors import BadInput
from symgd.latex.check import parse_problem


def _sides(latex: str, **kw):
    claim = parse_problem(latex, **kw).links[0][1]
    return claim.lhs, claim.rhs


def _s(name: str, **flags) -> sp.Symbol:
    return sp.Symbol(name, real=True, **flags)


x, y, a, b, th, al = _s("x"), _s("y"), _s("a"), _s("b"), _s("\\theta"), _s("\\alpha")


def _max(p, q):
    return (p + q + sp.Abs(p - q)) / 2


def _min(p, q):
    return (p + q - sp.Abs(p - q)) / 2


# input -> the parsed left side (the right side is 0 unless given)
READS = [
    (r"\max\{0, \min\{1, x\}\} = 0", _max(0, _min(1, x))),                  # clipping to [0, 1], nested braces
    (r"\min\{\max\{x, a\}, b\} = 0", _min(_max(x, a), b)),                  # projection onto [a, b]
    (r"\max\left\{0, \min\left\{1, x\right\}\right\} = 0", _max(0, _min(1, x))),
    (r"\max(a, b, x) = 0", _max(_max(a, b), x)),                            # several arguments
    (r"\sin^2 x = 0", sp.sin(x) ** 2),
    (r"\cos^2(\theta) = 0", sp.cos(th) ** 2),
    (r"\log^2 x = 0", sp.log(x) ** 2),
    (r"\ln^{3} x = 0", sp.log(x) ** 3),
    (r"\sin^2 2x = 0", sp.sin(2 * x) ** 2),
    (r"\operatorname{log}^2 x = 0", sp.log(x) ** 2),
    (r"\sin x \cos x = 0", sp.sin(x) * sp.cos(x)),                          # the argument stops at \cos
    (r"\sin 2\pi x = 0", sp.sin(2 * sp.pi * x)),                            # numbers and \pi, then one factor
    (r"\sin x^2 = 0", sp.sin(x**2)),
    (r"\log x / \log 2 = 0", sp.log(x) / sp.log(2)),                      # a quotient of two logs
    (r"\log_2 x = 0", sp.log(x) / sp.log(2)),                                # the base-2 logarithm
    (r"\log_{10}(x) = 0", sp.log(x) / sp.log(10)),
    (r"\log_2^2 x = 0", (sp.log(x) / sp.log(2)) ** 2),
    (r"x^{(k)} = 0", _s("x^{(k)}")),                                        # an iterate label, not a power
    (r"\theta^{(t+1)} = 0", _s("\\theta^{(t+1)}")),
    (r"x^{(\cos u)} = 0", x ** sp.cos(_s("u"))),                            # no label: an exponent
    (r"f^{(2)}(x) = 0", sp.Derivative(sp.Function("f")(x), (x, 2))),        # the second derivative
    (r"\sum_{k=1}^{3} x^{(k)} = 0", _s("x^{(1)}") + _s("x^{(2)}") + _s("x^{(3)}")),  # a family, written out
]


@pytest.mark.parametrize(("latex", "expected"), READS)
def test_reads(latex: str, expected) -> None:
    lhs, _ = _sides(latex)
    assert sp.simplify(lhs - expected) == 0 if lhs.has(sp.Abs) else lhs == expected


REFUSED = [
    (r"\tan^{-1} x = 0", r"\\tan\^\{-k\} is ambiguous \(an inverse function"),
    (r"\sin^{-1} x = 0", r"inverse function, as in \\sin\^\{-1\} = arcsin, or a reciprocal"),
    (r"\sin^{k} x = 0", r"positive whole power"),
    (r"\sin^{(2)} x = 0", r"a derivative or a power"),
    (r"\sin x y = 0", r"'\\sin x y' is ambiguous \(\\sin\(x y\) or y \\sin x\?\)"),
    (r"\sin \omega t = 0", r"'\\sin \\omega t' is ambiguous"),
    (r"\log xy = 0", r"'\\log x y' is ambiguous"),
    (r"\sin x 2 = 0", r"'\\sin x 2' is ambiguous"),
    (r"\sin \pi/2 = 1", r"'\\sin \\pi/\.\.\.' is ambiguous \(\\sin\(\\pi/\.\.\.\) or \(\\sin \\pi\)/\.\.\.\?\)"),
    (r"\log x/2 = 0", r"'\\log x/\.\.\.' is ambiguous"),
    (r"\log_1 x = 0", r"a logarithm's base is positive and not 1"),
    (r"\ln_2 x = 0", r"a subscript on \\ln is not understood"),
    (r"x^{(t_0)} = 0", r"\^\{\(t_0\)\} after a name is ambiguous \(an iterate label"),
    (r"x^{(t_{0})} = 0", r"after a name is ambiguous"),
    (r"x^{(-1)} = 0", r"after a name is ambiguous"),
    (r"x^{[k]} = 0", r"a superscript in brackets after a name \(x\^\{\[k\]\}\) is ambiguous"),  # was x^k
    (r"f^{(k)}(x) = 0", r"only a numeric order"),
    (r"\Pi_{[0,1]}(x) = x", r"a subscript with a set or an interval"),
    (r"\max_{i} a_i = 0", r"\\max over a set"),
    (r"\prod_{k=1}^{K} x^{(k)} = 0", r"member of a family"),  # a sum: symgd.decide.iterates
]


@pytest.mark.parametrize(("latex", "message"), REFUSED)
def test_refused_with_a_suggestion(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_problem(latex)


def test_f_derivative_label_vector_argument_refused() -> None:
    with pytest.raises(BadInput, match="one scalar argument"):
        parse_problem(r"f^{(2)}(x) = 0", vectors=["x"])


# families defined by an assumption: the members are the definition at their index, never free symbols
def test_family_definition_under_a_sum_with_symbolic_bounds() -> None:
    lhs, _ = _sides(r"\sum_{k=1}^{T} \eta_k = 0", assume=[r"\eta_t = \frac{1}{\alpha t}"])
    k, T = sp.Symbol("k", integer=True), _s("T")
    assert lhs == sp.Sum(1 / (al * k), (k, 1, T))


def test_family_definition_members_and_given_names() -> None:
    lhs, _ = _sides(r"\eta_2 + \eta_0 = 0", assume=[r"\eta_t = \frac{\eta_0}{t+1}"])
    assert lhs == _s("\\eta_{0}") / 3 + _s("\\eta_{0}")  # \eta_0, named by the definition, stays a name
    lhs, _ = _sides(r"\hat{m}_3 = 0", assume=[r"\hat{m}_t = \frac{m_t}{1 - \beta^t}"])
    assert lhs == _s("m_{3}") / (1 - _s("\\beta") ** 3)


def test_one_name_definitions_are_unchanged() -> None:
    lhs, _ = _sides(r"x_s = 0", assume=[r"x_s = a b"])  # s not on the right: the name x_s alone
    assert lhs == a * b
    lhs, _ = _sides(r"x_1 + x_s = 0", assume=[r"x_s = a b"])
    assert lhs == _s("x_{1}") + a * b


@pytest.mark.parametrize(("latex", "assume", "status"), [
    (r"\sum_{k=1}^{3} \eta_k^2 = \frac{49}{36 \alpha^2}", [r"\eta_t = \frac{1}{\alpha t}"], "proved"),
    (r"\sum_{k=1}^{3} \eta_k^2 = \frac{50}{36 \alpha^2}", [r"\eta_t = \frac{1}{\alpha t}"], "refuted"),  # look-alike
    (r"\sum_{t=1}^{3} \eta_t \ge 3", [r"\eta_t \ge 1"], "proved"),  # the assumption holds for each member
    (r"\sum_{t=1}^{3} \eta_t \ge 4", [r"\eta_t \ge 1"], "refuted"),
    (r"\sum_{t=1}^{3} \eta_t > 0", [r"\eta_t \ge 0"], "refuted"),   # all zero
    (r"\sum_{t=1}^{3} \eta_t = 3\eta", [r"\eta_t = \eta"], "proved"),
    (r"\max\{0, \min\{1, x\}\} \le 1", [], "proved"),
    (r"\max\{0, \min\{1, x\}\} \le x", [], "refuted"),             # false for x < 0
    (r"\sin^2 x + \cos^2 x = 1", [], "proved"),
    (r"\sin^2 x + \cos^2 x = 2", [], "refuted"),
    (r"\sum_{k=1}^{3} x^{(k)} = x^{(1)} + x^{(2)} + x^{(3)}", [], "proved"),  # was refuted: x^{(k)} one symbol
    (r"f^{(1)}(x) = f'(x)", [], "proved"),                                    # was refuted: an unrelated f^{(1)}
])
def test_decided(latex: str, assume: list[str], status: str) -> None:
    assert symgd.check(latex, assume=assume, timeout=10).status.value == status


# equalities between vectors (and any equality that defines no name) are hypotheses the proof methods use
@pytest.mark.slow  # about 2 s each (the Gram lift and z3); a generous budget so that a loaded machine cannot fail it
@pytest.mark.parametrize(("latex", "assume", "status"), [
    (r"\|x+y\|^2 = \|x\|^2+\|y\|^2", [r"\langle x, y\rangle = 0"], "proved"),   # Pythagoras (Boyd, sec. A.1)
    (r"\|x-y\|^2 = \|x\|^2+\|y\|^2", [r"x^\top y = 0"], "proved"),
    (r"\|x+y\|^2 = \|x\|^2", [r"x^\top y = 0"], "refuted"),                   # a dropped term: y = e_1
    (r"\|x+y\|^2 = \|x\|^2+\|y\|^2", [], "refuted"),                         # the hypothesis matters
    (r"\|x+y\|^2 = 2", [r"x^\top y = 0", r"\|x\| = 1", r"\|y\| = 1"], "proved"),  # orthonormal
    (r"\langle x, y \rangle \le 1", [r"\|x\| = 1", r"\|y\| = 1"], "proved"),  # unit vectors
    (r"a \le 1", [r"a + b = 1", r"b \ge 0"], "proved"),
    (r"a \le 0", [r"a + b = 1", r"b \ge 0"], "refuted"),
])
def test_equality_hypotheses(latex: str, assume: list[str], status: str) -> None:
    assert symgd.check(latex, assume=assume, vectors=["x,y"] if "x" in latex else (), timeout=30).status.value \
        == status


@pytest.mark.slow
def test_equality_hypotheses_never_prove_a_false_look_alike() -> None:
    v = symgd.check(r"\|x+y\|^2 = 3", assume=[r"x^\top y = 0", r"\|x\| = 1", r"\|y\| = 1"], vectors=["x,y"],
                    timeout=10)
    assert not v.proved  # 2, not 3 (undecided: the sampler rarely meets equalities; never proved)


@pytest.mark.parametrize("orthogonal", [r"\langle x, y \rangle = 0", r"x^\top y = 0", r"x \perp y", r"x^T y = 0",
                                        "x ⊥ y", "⟨x, y⟩ = 0", r"x \cdot y = 0"])
def test_orthogonality_is_an_equality_hypothesis(orthogonal: str) -> None:
    ctx = parse_problem(r"\|x+y\|^2 = 0", assume=[orthogonal], vectors=["x,y"]).context
    (h,) = ctx.hypotheses
    assert isinstance(h, sp.Eq) and h.rhs == 0 and isinstance(h.lhs, sp.Trace)
    x, y = (sp.MatrixSymbol(v, sp.Symbol("n", integer=True, positive=True), 1) for v in "xy")
    assert h.lhs.arg == x.T * y


def test_perp_of_more_than_a_pair_is_refused() -> None:
    with pytest.raises(BadInput, match="each orthogonal pair as its own assumption"):
        parse_problem(r"\|x\|^2 = 0", assume=[r"x \perp y \perp z"], vectors=["x,y,z"])


# a transpose declares nothing (issue 11): x^T of an undeclared name could be a scalar's transpose
@pytest.mark.parametrize(("latex", "kw", "message"), [
    (r"x^\top y = y^\top x", {}, r"a transpose of a scalar is ambiguous: declare the base as a vector \(--vector x\)"),
    (r"x^T A x \ge 0", {"positive_definite": ["A"]}, r"\^T of a scalar is ambiguous"),
    (r"\operatorname{tr}(\nabla f(x)) = 0", {"vectors": ["x"]}, r"^the trace of a nx1 expression"),  # one line
    (r"\det(\nabla f(x)) = 0", {"vectors": ["x"]}, r"^the determinant of a nx1 expression"),
    (r"\operatorname{tr}(f(x)) = 0", {"vectors": ["x"]}, r"^the trace of a scalar \(f\(x\) is the value of a function\)"),
])
def test_transposes_and_traces_refused(latex: str, kw: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message) as info:
        parse_problem(latex, **kw)
    assert "\n" not in str(info.value)


def test_declared_or_bold_transposes_read() -> None:
    lhs, rhs = _sides(r"x^\top y = y^\top x", vectors=["x,y"])
    assert lhs.shape == rhs.shape == (1, 1)
    lhs, _ = _sides(r"\mathbf{x}^\top \mathbf{y} = 0")
    assert lhs.shape == (1, 1)
    lhs, _ = _sides(r"\|x\|^2 = 0")  # alone inside a norm: a vector, as before
    assert lhs.shape == (1, 1)


# an assumption about b_i read for every i: when a sum binds i, or when the claim does not name i at all
@pytest.mark.parametrize(("latex", "assume", "status"), [
    (r"\eta_3 \le \eta_1", [r"\eta_{t+1} \le \eta_t"], "proved"),             # decreasing steps (Nesterov 1.2.3)
    (r"\eta_1 \le \eta_3", [r"\eta_{t+1} \le \eta_t"], "refuted"),            # the flipped look-alike
    (r"\eta_3 \le \eta_0", [r"\eta_{t+1} \le \eta_t", r"t \ge 1"], "refuted"),  # t = 0 is outside the range
    (r"m_3 = \beta m_2 + (1-\beta) g_3", [r"m_t = \beta m_{t-1} + (1-\beta) g_t"], "proved"),  # Adam's EMA
    (r"\sum_{t=1}^{2} m_t = \beta m_0 + (1-\beta) g_1 + \beta(\beta m_0 + (1-\beta) g_1) + (1-\beta) g_2",
     [r"m_t = \beta m_{t-1} + (1-\beta) g_t"], "proved"),                       # the recurrence unrolls
    (r"\sum_{t=1}^{2} m_t = \beta m_0 + (1-\beta) g_1 + \beta(\beta m_0 + (1-\beta) g_1) + (1-\beta) g_1",
     [r"m_t = \beta m_{t-1} + (1-\beta) g_t"], "refuted"),                      # g_1 for g_2
    (r"m_t - m_{t-1} = (1-\beta)(g_t - m_{t-1})", [r"m_t = \beta m_{t-1} + (1-\beta) g_t"], "proved"),
])
def test_assumptions_for_every_index(latex: str, assume: list[str], status: str) -> None:
    assert symgd.check(latex, assume=assume, timeout=10).status.value == status


@pytest.mark.parametrize(("latex", "assume"), [
    (r"m_t = (1-\beta)\sum_{i=1}^{t} \beta^{t-i} g_i", [r"m_t = \beta m_{t-1} + (1-\beta) g_t"]),  # true, by induction
    (r"\eta_t \le \eta_0", [r"\eta_t = \frac{\eta_{t-1}}{2}", r"\eta_0 > 0"]),                     # true, by induction
])
def test_a_recurrence_that_would_leave_the_previous_member_free_is_refused(latex: str, assume: list[str]) -> None:
    with pytest.raises(BadInput, match=r"is a recurrence: substituted, it leaves .*_\{t-1\} free"):
        parse_problem(latex, assume=assume)  # it was refuted at an arbitrary m_{t-1}


@pytest.mark.parametrize(("latex", "assume"), [
    (r"f_y = 2y", [r"f_x = 2x"]),               # f_x a partial derivative: it says nothing about f_y
    (r"\sigma_Y = Y", [r"\sigma_X = X"]),       # a label, not an index
])
def test_definitions_in_a_label_define_one_name(latex: str, assume: list[str]) -> None:
    assert symgd.check(latex, assume=assume, timeout=10).status.value == "refuted"  # was proved
