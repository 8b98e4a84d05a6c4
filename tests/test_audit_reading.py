"""Relations the audit used to leave unread: shapes fixed by the formulas in force (a name that only reads as a
vector), an index under a sum taken for a vector, definitions that refer to each other in a cycle, a product of
letters taken for a name, and the guards that keep a newly read link from a false refutation.  Each reading is a
table (input -> reading) and a true/false twin through the audit."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from symgd.app.audit import audit
from symgd.app.audit.classify import is_name
from symgd.app.audit.context import DocContext
from symgd.app.audit.shapes import usage_shapes
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput
from symgd.latex.problem import parse_problem

_SPACES = (r"A \in \mathbb{R}^{n\times n}", r"b \in \mathbb{R}^n")


def _ctx(vectors: tuple[str, ...] = ()) -> DocContext:
    ctx = DocContext()
    for a in _SPACES:
        assert ctx.add_assumption(a) == ""
    ctx.vectors += list(vectors)
    return ctx


@pytest.mark.parametrize(("vectors", "latex", "expected"), [
    ((), r"r = b - Ax", {"r", "x"}),  # b - Ax is a vector only if x is one; r equals it
    ((), r"\varphi(x) = \tfrac12 x^\top A x - b^\top x", {"x"}),  # a function's body alone
    (("r",), r"\alpha_k = \frac{r_k^\top r_k}{p_k^\top A p_k}", {"p"}),  # the family r_k, p_k
    (("r",), r"\langle r, p \rangle = 1", {"p"}),  # written alone in an inner product beside a vector
    (("x",), r"x_{k+1} = x_k + \alpha_k p_k", set()),  # p or alpha: two readings, nothing declared
    (("x",), r"\|x + \alpha p\|^2 \ge 0", {"p"}),  # p alone in the norm: the parser's own reading, carried
    ((), r"u^\top v = 1", set()),  # nothing of known shape: a transpose alone declares nothing
    (("x",), r"x_{k+1} = x_k - t\, G_t(x_k)", set()),  # t times a function's value, which may be the vector
    (("x",), r"\sum_{i=1}^{n} x_i \ge 0", set()),  # reads as written
])
def test_usage_shapes(vectors: tuple[str, ...], latex: str, expected: set[str]) -> None:
    assert set(usage_shapes(latex, _ctx(vectors))) == expected


def test_two_readings_leave_a_suggestion() -> None:
    ctx = _ctx(("x",))
    assert usage_shapes(r"x_{k+1} = x_k + \alpha_k p_k", ctx) == []
    assert any("as vectors: declare which" in r for r in ctx.refused)


def _parse(latex: str, **kw: object):
    return parse_problem(latex, declarations=Declarations.of(**kw), allow_unused=True)


def test_an_index_inside_a_norm_is_no_vector() -> None:
    """``\\|x_{i+1}\\|`` under a sum: i is the sum's index (it was read as a vector: 'cannot read the range')."""
    p = _parse(r"\sum_{i=1}^{2} \|x_{i+1}\|^2 = \|x_2\|^2 + \|x_3\|^2", vectors=["x"])
    assert p.links[0][1].lhs == p.links[0][1].rhs
    with pytest.raises(BadInput, match="needs numeric bounds"):  # symbolic bounds over vectors: refused, named
        _parse(r"\prod_{i=0}^{k-1} \|x_{i+1}\|^2 \ge 0", vectors=["x"])  # a sum: symgd.decide.iterates


def test_definitions_in_a_cycle_are_refused_at_once() -> None:
    """p = r + q with r = s - A p (a slip in a recursion): refused before the terms double on every round."""
    start = time.process_time()
    assume = [r"p = r + \beta q", r"r = s - \alpha A p", r"q = r - \gamma A p", r"A \in \mathbb{R}^{n\times n}"]
    with pytest.raises(BadInput, match="cycle"):
        _parse(r"p^\top s = 0", vectors=["p", "q", "r", "s"], assume=assume)
    assert time.process_time() - start < 2.0
    p = _parse(r"p = s", vectors=["p", "r", "s"], assume=[r"p = r", r"r = s"])  # a chain without a cycle: substituted
    assert p is not None


@pytest.mark.parametrize(("text", "name"), [("Ax", False), ("xy", False), (r"x_{k+1}", True), (r"\mathrm{KL}", True),
                                            (r"\kappa", True), ("f(x)", True)])
def test_a_product_of_letters_is_no_name(text: str, name: bool) -> None:
    assert is_name(text) is name


def _verdicts(text: str, name: str = "note.md") -> dict[str, str]:
    return {r.link.replace(" ", ""): (r.verdict, r.method) for r in audit(text, name, timeout=3).results
            if r.kind == "claim"}


def test_vectors_known_from_context_twins() -> None:
    """b in R^n, r = b - Ax: r and x are vectors, and p beside r in an inner product is one (the links were refused
    as 'inner product of a nx1 and a scalar', 'a transpose of a scalar')."""
    doc = (r"Let $A \in \mathbb{R}^{n\times n}$ and $b \in \mathbb{R}^n$. The residual is $r = b - Ax$. "
           "Take a direction $p$. Then\n\n"
           r"$$\langle r, p \rangle + \langle p, r \rangle = 2 r^\top p.$$" "\n\n"
           r"$$\langle r, p \rangle + \langle p, r \rangle = r^\top p.$$" "\n\n"
           r"$$r^\top r \ge 0.$$" "\n")
    v = _verdicts(doc)
    assert v[r"\langler,p\rangle+\langlep,r\rangle=2r^\topp"][0] == "proved"
    assert v[r"\langler,p\rangle+\langlep,r\rangle=r^\topp"][0] == "refuted"
    assert v[r"r^\topr>=0"][0] == "proved"


def test_a_defined_function_or_an_equated_name_is_never_a_free_counterexample() -> None:
    """Newly read links must not be refuted by values the text pins: a function defined on vectors that symgd does
    not apply at another point, a name an earlier formula writes equal to an expression."""
    doc = (r"Let $A \in \mathbb{R}^{n\times n}$ and $b \in \mathbb{R}^n$." "\n\n"
           r"$$\varphi(x) = \tfrac12 x^\top A x - b^\top x$$" "\n\nTake a direction $p$. Then\n\n"
           r"$$\varphi(x + p) = \varphi(x) + p^\top (Ax - b) + \tfrac12 p^\top A p + 1$$" "\n\n## Start\n\n"
           "We start from $x_0$ with\n\n" r"$$p_0 = r_0 = b - Ax_0,$$" "\n\nand note\n\n" r"$$r_0^\top r_0 = 7$$" "\n")
    v = _verdicts(doc)
    phi = next(k for k in v if k.startswith(r"\varphi(x+p)"))
    # phi is now applied at x + p (its body there): the "+ 1" makes the claim false for every A, an exact refutation
    # through the definition, not a free value of phi; with A symmetric and no "+ 1" the same expansion is proved
    assert v[phi][0] == "refuted"
    fixed = doc.replace(r"\mathbb{R}^{n\times n}$", r"\mathbb{R}^{n\times n}$ be symmetric").replace(" + 1$$", "$$")
    assert _verdicts(fixed)[phi.replace("+1", "")][0] == "proved"
    assert v[r"r_0^\topr_0=7"][0] == "undecided" and "equal to an expression" in v[r"r_0^\topr_0=7"][1]


@pytest.mark.parametrize(("latex", "expected"), [
    (r"F(x_k) - F^\star \le 1", r"F(x_k) - F^\star \le 1"),  # the optimal value, not F at its argument
    (r"f(x_k) - f^* \le 1", r"f(x_k) - f^* \le 1"),
    (r"f(x_k) - f^\* \le 1", r"f(x_k) - f^\* \le 1"),  # Markdown's escaped *
    (r"F' = F^2", r"F'(x) = F(x)^2"),  # point-free still
])
def test_an_optimal_value_is_no_point_free_use(latex: str, expected: str) -> None:
    from symgd.app.audit.context import FunctionDef
    from symgd.app.audit.derivatives import point_free

    x = sp.Symbol("x")
    ctx = DocContext()
    ctx.fdefs["F"] = FunctionDef("F", (x,), x**2 + 1, "F(x) = x^2 + 1", 1)
    ctx.fdefs["f"] = FunctionDef("f", (x,), x**2, "f(x) = x^2", 1)
    assert point_free(latex, ctx) == expected


@pytest.mark.parametrize(("plain", "latex"), [
    ("d/dz log(1 + e^(−z))", r"\frac{d}{dz}"),  # the derivative, not d/(d z log ...)
    ("∂/∂θ f", r"\frac{\partial}{\partial θ}"),
    ("a/b c", "a/b c"),  # still refused by the parser as ambiguous
])
def test_plain_derivatives(plain: str, latex: str) -> None:
    from symgd.app.audit.plain import _stars

    assert _stars(plain).startswith(latex)


def test_plain_ln_is_the_logarithm_and_a_star_on_a_name_its_superscript() -> None:
    doc = ("Logarithms.\n\n    ln 1 + ln K = ln K\n\nand, wrongly,\n\n    ∑_{k=0}^{K−1} 1/(k+1) ≥ 1 + ln K\n\n"
           "Distances.\n\n    ‖x − x⋆‖² ≥ 0\n")
    got = {r.line: (r.link, r.verdict) for r in audit(doc, "note.txt", timeout=2).results if r.kind == "claim"}
    assert r"\ln" in got[3][0] and got[3][1] == "proved" and got[7][1] == "refuted"  # H_K <= 1 + ln K, not >=
    assert "x^{\\star}" in got[11][0] and got[11][1] == "proved"  # was 'no relation to check'


def test_plain_equation_tags_are_not_factors() -> None:
    doc = ("Tags.\n\n    a(b + c) = ab + ac     (2.3)\n\nand\n\n    a + b = b + a .        (★)\n\nbut\n\n"
           "    a(b + c) = ab + ac (2)\n")  # one space: a product with (2) or a tag? read as written, a product
    got = {r.line: r for r in audit(doc, "note.txt", timeout=2).results if r.kind == "claim"}
    assert got[3].verdict == "proved" and "2.3" not in got[3].link and got[7].verdict == "proved"
    assert got[11].verdict != "proved"


def test_plain_derivative_twins() -> None:
    doc = ("The sigmoid\n\n    σ(z) = 1 / (1 + e^(−z))\n\nFor one term, d/dz log(1 + e^(−z)) = −σ(−z), so we go on.\n\n"
           "Not so: d/dz log(1 + e^(−z)) = σ(−z), as written.\n")
    got = [(r.line, r.verdict) for r in audit(doc, "note.txt", timeout=3).results if r.kind == "claim"]
    assert got == [(5, "proved"), (7, "refuted")]


def test_a_chain_row_sits_on_its_own_line() -> None:
    """The second row of an aligned chain is reported on its line even when the first row holds its right side."""
    from symgd.app.audit.extract import extract, lines_of

    doc = ("$$\n\\begin{aligned}\nb &\\le a + \\left(1 + \\frac{a^2}{2}\\right) \\\\\n  &= \\frac{a^2}{2}.\n"
           "\\end{aligned}\n$$\n")
    d = next(d for d in extract(doc, "a.md") if d.display)
    assert lines_of(d, [r"b <= a + \left(1 + \frac{a^2}{2}\right)",
                        r"a + \left(1 + \frac{a^2}{2}\right) = \frac{a^2}{2}"]) == [3, 4]


def test_a_membership_in_prose_makes_the_partner_a_vector() -> None:
    """'data $x_i \\in \\mathbb{R}^d$ and a weight $w$': x_i^\\top w reads with w a vector (it was 'cannot raise a 1xd
    expression to a power' / 'a transpose of a scalar')."""
    doc = ("Given data $x_i \\in \\mathbb{R}^d$ and a weight $w$, each term satisfies\n\n"
           "$$x_i^\\top w + w^\\top x_i = 2 (x_i^\\top w)^2 / (w^\\top x_i).$$\n\n"
           "$$x_i^\\top w + w^\\top x_i = (x_i^\\top w)^2.$$\n")
    got = [r.verdict for r in audit(doc, "note.md", timeout=3).results if r.kind == "claim"]
    assert got == ["proved", "refuted"]


@pytest.mark.parametrize("latex", [r"F(x) - F_* \le 1", r"F(x) - F_{*} \le 1"])
def test_an_optimal_value_with_a_star_subscript_reads(latex: str) -> None:
    lhs = _parse(latex, functions=["F"]).links[0][1].lhs
    assert {s.name for s in lhs.free_symbols} >= {"F_{*}"}


@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\sum_{i=0}^{k-1}\Big(\|x_i - z\|^2 - \|x_{i+1} - z\|^2\Big) = \|x_0 - z\|^2 - \|x_k - z\|^2", "proved"),
    (r"\sum_{i=0}^{k-1}\Big(\|x_{i+1} - z\|^2 - \|x_i - z\|^2\Big) \le \|x_k - z\|^2", "proved"),
    (r"\sum_{i=0}^{k-1}\Big(\|x_i - z\|^2 - \|x_{i+1} - z\|^2\Big) = \|x_0 - z\|^2 + \|x_k - z\|^2", "refuted"),
    (r"\sum_{i=1}^{k}\Big(\|x_{i-1} - z\|^2 - \|x_i - z\|^2\Big) = \|x_1 - z\|^2 - \|x_k - z\|^2", "refuted"),  # x_0
])
def test_a_telescoping_sum_of_vector_members(claim: str, verdict: str) -> None:
    """Symbolic bounds over members of a vector family: read when the terms cancel in pairs (it was 'cannot read the
    range of \\sum'); a sum that does not telescope stays refused."""
    from symgd.latex.check import check

    assert check(claim, vectors=["x", "z"], timeout=5).status.value == verdict


def test_a_sum_that_does_not_telescope_stays_refused() -> None:
    with pytest.raises(BadInput, match="numeric bounds"):
        _parse(r"\prod_{i=0}^{k-1}\Big(\|x_i - z\|^2 - 2\|x_{i+1} - z\|^2\Big) = 0", vectors=["x", "z"])  # a \sum: iterates
    two = _parse(r"\sum_{i=0}^{k-1}\Big(\|x_i\|^2 - \|x_{i+2}\|^2\Big) = \|x_0\|^2 + \|x_1\|^2 - \|x_k\|^2 - \|x_{k+1}\|^2",
                 vectors=["x"])  # pairs two apart cancel too
    assert two.links[0][1] is not None
    with pytest.raises(BadInput, match="numeric bounds"):
        _parse(r"\prod_{t=1}^{T} \langle g_t, x_t - u\rangle \le 1", vectors=["g", "x", "u"])
