"""A counterexample is reported only when it is one of the document's (symgd/app/audit/trust.py): true relations
whose names the text pins in the sentence, sets up in words, defines as a family, constrains in a formula symgd
does not read, or defines piecewise are never refuted; slips in free names stay refuted.  The documents are in
tests/audit/trust/ (each line of a *correct* document is true as its author meant it)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from symgd.app.audit.run import audit
from symgd.app.audit.trust import _constant_family, _member_of_family, _sentence, names

DOCS = Path(__file__).resolve().parent / "audit" / "trust"
CORRECT = ["a_family.md", "b_take.md", "c_order.md", "d_box.md", "e_piece.md", "f_problem.md", "g_defined.md"]


@functools.cache
def _audit(doc: str):
    return audit((DOCS / doc).read_text(encoding="utf-8"), doc, timeout=1.0)


@pytest.mark.slow
@pytest.mark.parametrize("doc", CORRECT)
def test_true_relations_are_never_refuted(doc: str):
    a = _audit(doc)
    refuted = [(r.line, r.link, r.method) for r in a.results if r.verdict == "refuted"]
    assert refuted == []


@pytest.mark.slow
def test_slips_in_free_names_stay_refuted():
    a = _audit("slips.md")
    refuted = {(r.line, r.link) for r in a.results if r.verdict == "refuted"}
    assert refuted == {(5, r"(1 + \eta)^2 = 1 + \eta^2"), (7, "(a + b)^2 = a^2 + b^2"), (15, r"x_2 = \frac{1}{2}"),
                       (17, r"x_1 = \frac{1}{4}"), (23, r"\lambda + 1 >= 2\lambda + 1"),  # "For $\lambda = 0$": no pin
                       (29, r"\frac{2 \cdot 9}{2} = 8")}  # numbers only: false whatever L is


@pytest.mark.slow
def test_why_a_counterexample_is_not_the_documents():
    by_line = {}
    for doc in CORRECT:
        a = _audit(doc)
        by_line.update({(doc, r.line, r.link): r.method for r in a.results if r.kind == "claim"})
    assert by_line[("b_take.md", 3, "R = 1")].startswith("stated, not claimed")
    assert by_line[("b_take.md", 3, r"R/(G\sqrt{K}) = 1/10")].startswith("proved with")  # its values (worked.py)
    assert "constrains in a formula symgd did not read" in by_line[("c_order.md", 5, next(
        k[2] for k in by_line if k[:2] == ("c_order.md", 5)))]
    assert "the condition $|x| < \\mu$" in by_line[("e_piece.md", 7, r"h_\mu''(x) = 1/\mu")]
    assert "a constraint of the problem its sentence states" in by_line[("f_problem.md", 7, "x_1 + x_2 = 2")]
    assert "a constraint of the problem the display states" in by_line[("f_problem.md", 9, "x_1 + x_2 = 2")]
    assert by_line[("f_problem.md", 13, r"1 - \eta(a + \lambda) = 1/2")].startswith("proved with a = 4, \\lambda = 1")


@pytest.mark.parametrize(("latex", "expected"), [
    (r"0 < \lambda_1 \le \dots \le \lambda_d", {r"\lambda_1", r"\lambda_d"}),
    (r"f_{\text{best}}^K - f(x^*) \le \frac{R^2}{2}", {r"f_\textbest", "f", "x^*", "R"}),
    (r"\eta_0 = 3/5", {r"\eta_0"}),
])
def test_names_of_a_formula(latex: str, expected: set[str]):
    assert expected <= names(latex) and not names(latex) & {r"\frac", r"\le", r"\dots"}


@pytest.mark.parametrize(("key", "families", "member"), [
    (r"\eta_0", {r"\eta_k"}, r"\eta_k"),  # a formula family: every member is determined
    ("x_0", {"x_k+1"}, ""),  # a recursion's start is free
    ("x_3", {"x_k+1"}, "x_k+1"),
    (r"f_\textbest", {r"f_\textbest^K"}, r"f_\textbest^K"),  # f_best^{100}: a member, not a power
    ("y_2", {r"\eta_k"}, ""),
])
def test_member_of_a_defined_family(key: str, families: set[str], member: str):
    assert _member_of_family(key, families) == member


def test_the_sentence_around_a_formula_stops_at_its_ends():
    head, tail = _sentence("One. Take $x = 1.5$ and", "so on. Next")
    assert (head.strip(), tail.strip()) == ("Take $x = 1.5$ and", "so on.")



def test_inline_math_may_break_a_line_but_not_a_paragraph():
    from symgd.app.audit.extract import extract

    text = ("eigenvalues $0 < \\lambda_1 \\le \\dots \\le\n\\lambda_d$, the same. Take $\\eta = 1$.\n\n"
            "A price of $5\n\nand $x = 2$.\n")
    assert [d.latex for d in extract(text, "n.md", {})] == ["0 < \\lambda_1 \\le \\dots \\le\n\\lambda_d",
                                                             "\\eta = 1", "x = 2"]


def test_a_decorated_name_is_not_its_base():
    assert names(r"x^\star \in C") == {r"x^\star", "C"}  # constrains the minimizer, not every x


@pytest.mark.parametrize(("key", "link", "constant"), [
    ("g_i", "g_i = g", True),  # a supposition about every member
    (r"\eta_k", r"\eta_k = \frac{f(x_k) - f^*}{\|g_k\|^2}", False),
    ("a_k", "a_k = 2^k", False),
])
def test_a_constant_family_is_a_supposition(key: str, link: str, constant: bool):
    assert _constant_family(key, link) is constant
