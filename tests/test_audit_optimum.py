"""A value the prose says minimizes (maximizes) the formula before it is checked as an optimum
(symgd.app.audit.optimum): proved by the first-order condition and convexity, refuted only where the sentence
names the side it optimizes.  The truths below are decided by hand: d/d eta (a/eta + b eta) = 0 at
eta = sqrt(a/b), a convex function of eta > 0 when a > 0."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit

BOUND = r"""# Step size

Let $a > 0$, $b > 0$ and $\eta > 0$. The analysis gives
$$R \le \frac{a}{\eta} + b\,\eta .$$

{sentence}
$${name} = {value}$$
"""

CASES = [  # sentence, name, value, verdict
    (r"Minimizing the right-hand side over $\eta$:", r"\eta_\star", r"\sqrt{\frac{a}{b}}", "proved"),
    (r"Minimizing the right-hand side over $\eta$:", r"\eta_\star", r"\sqrt{\frac{a}{2b}}", "refuted"),
    (r"Minimizing the bound with respect to $\eta$ gives", r"\eta^*", r"\sqrt{a/b}", "proved"),
    (r"Minimizing the bound with respect to $\eta$ gives", r"\eta^*", r"\frac{a}{b}", "refuted"),
    (r"Optimizing over $\eta$,", r"\eta_{\mathrm{opt}}", r"\sqrt{a/b}", "proved"),
    (r"Optimizing over $\eta$,", r"\eta_{\mathrm{opt}}", r"a/b", "undecided"),  # the side is inferred: no refutation
]


@pytest.mark.parametrize(("sentence", "name", "value", "verdict"), CASES)
def test_an_optimum_named_in_prose_is_checked(sentence: str, name: str, value: str, verdict: str) -> None:
    a = audit(BOUND.replace("{sentence}", sentence).replace("{name}", name).replace("{value}", value), "step.md")
    (r,) = [r for r in a.results if r.line == 7]
    assert (r.kind, r.verdict) == ("claim", verdict), r.method
    assert "over \\eta" in r.method


def test_a_maximizer_needs_concavity() -> None:
    doc = r"""For $c > 0$ and $x > 0$ we have
$$g = c\,x - x^2 .$$
Maximizing the right-hand side over $x$ gives
$$x_\star = \frac{c}{2}$$
and maximizing the right-hand side over $x$ again, a slip:
$$x^* = c$$
"""
    a = audit(doc, "max.md")
    verdicts = {r.line: r.verdict for r in a.results if r.kind == "claim"}
    assert verdicts[4] == "proved" and verdicts[6] == "refuted"


def test_without_the_prose_a_new_name_stays_a_definition() -> None:
    doc = BOUND.replace("{sentence}", "We choose").replace("{name}", r"\eta_\star").replace("{value}", "a/b")
    (r,) = [r for r in audit(doc, "d.md").results if r.line == 7]
    assert r.kind == "definition"
