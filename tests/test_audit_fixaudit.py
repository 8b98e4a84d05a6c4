"""Regressions of the audit's soundness guards fixed together (helper fixaudit): an update rule the text introduces
with 'gives' is the method, not a derived value; a starred point's declaration x^* in R^n does not stop the witness
f = a/2 |z|^2 (x^* is its minimizer 0); a link the prose derives from smoothness is never refuted by arbitrary
function values."""

from __future__ import annotations

import pytest

from symgd.app.audit.derived_defs import _update_rule
from symgd.app.audit.run import audit


def _verdicts(text: str) -> dict[int, str]:
    return {r.line: r.verdict for r in audit(text, "n.md", timeout=2).results if r.kind == "claim"}


def test_an_update_rule_is_the_method_not_a_value_the_text_derives() -> None:
    assert _update_rule("u_{k+1}", r"u_{k+1} = u_k - \eta a u_k")
    assert _update_rule(r"\theta_{t+1}", r"\theta_{t+1} = \theta_{t}/2")
    assert not _update_rule("w_W", r"w_W = \frac{ac}{a + \lambda}")  # a value the text works out
    assert not _update_rule("u_{k+1}", "u_{k+1} = 0")  # no step from u_k
    doc = ("The loss is $q(u) = \\frac{a}{2}u^2$ with $a > 0$ and $\\eta > 0$. One gradient step from $u_k$ gives\n\n"
           "$$u_{k+1} = u_k - \\eta a u_k.$$\n\nwhere $r = 1 - \\eta a$. A slip:\n\n$$q(u_{k+1}) = r\\, q(u_k).$$\n\n"
           "The truth:\n\n$$q(u_{k+1}) = r^2 q(u_k).$$\n")
    got = _verdicts(doc)
    assert got[7] == "refuted" and got[11] == "proved", got  # refuted through the update rule, not 'undecided'


def test_a_link_derived_from_smoothness_is_not_refuted_by_arbitrary_values_of_the_function() -> None:
    lemma = "$$F(y) \\le F(x) + \\nabla F(x)^\\top (y - x) + \\frac{L}{2}\\|y - x\\|^2 .$$\n"
    assert _verdicts(f"Let $L > 0$ and $x, y \\in \\mathbb{{R}}^n$. Smoothness gives\n{lemma}")[2] == "undecided"
    assert _verdicts(f"Let $L > 0$ and $x, y \\in \\mathbb{{R}}^n$. By $L$-smoothness,\n{lemma}")[2] == "undecided"
    # twin: with no property invoked the lemma is false for an arbitrary F
    assert _verdicts(f"Let $L > 0$ and $x, y \\in \\mathbb{{R}}^n$. We claim\n{lemma}")[2] == "refuted"


@pytest.mark.slow  # 4.7 s: the classes route runs before the witness
def test_the_witness_reads_with_the_minimizer_declared_a_vector() -> None:
    doc = ("Let $f$ be $L$-smooth and $\\mu$-strongly convex, with $x^\\star \\in \\mathbb{R}^n$ its minimizer and "
           "$x \\in \\mathbb{R}^n$.\nA slip in the constant:\n\n"
           "$$f(x^\\star) \\ge f(x) - \\frac{1}{4\\mu}\\|\\nabla f(x)\\|^2.$$\n")
    got = [r for r in audit(doc, "n.md", timeout=2).results if r.kind == "claim"]
    assert [r.verdict for r in got] == ["refuted"] and "f(z) = L/2 |z|^2" in got[0].method, got
