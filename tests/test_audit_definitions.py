"""Names a document defines block no proof and no refutation (symgd/app/audit/definitions.py, values.py): a
definition is substituted or, where it is only recorded, a counterexample must respect it; a definition through
an arbitrary function constrains nothing; a value written after a claim ("at $\\alpha = 1/2$") is that claim's.
Each document has a true and a false twin, decided by hand (comments)."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit
from symgd.app.audit.context import DocContext
from symgd.app.audit.definitions import unconstraining


def _verdicts(text: str, name: str = "note.md") -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, name, timeout=2.0).results if r.kind == "claim"}


def _only(text: str, name: str = "note.md") -> tuple[str, str]:
    results = [r for r in audit(text, name, timeout=2.0).results if r.kind == "claim"]
    assert len(results) == 1, results
    return results[0].verdict, results[0].note


# "write $\kappa = L/\mu$": a definition in prose, substituted. 1 - mu/L = 1 - 1/kappa holds; 1 - 1/kappa^2 does
# not (L = 2, mu = 1: 1/2 against 3/4).
WRITE = "Let $0 < \\mu < L$ and write $\\kappa = L/\\mu$. Then\n$$1 - \\mu/L = {rhs}.$$\n"


@pytest.mark.parametrize(("rhs", "verdict"), [("1 - 1/\\kappa", "proved"), ("1 - 1/\\kappa^2", "refuted")])
def test_a_definition_written_in_prose_is_substituted(rhs, verdict):
    assert _only(WRITE.format(rhs=rhs))[0] == verdict


# "The condition number $\kappa = L/\mu$ is ...": recorded, not substituted. kappa mu = L holds by the definition
# (a counterexample with kappa free ignores it); kappa mu = 2L is false for every L > 0, and a counterexample that
# respects kappa = L/mu shows it.
RECORDED = ("Let $0 < \\mu < L$. The condition number $\\kappa = L/\\mu$ is at least one.\n\n"
            "$$\\kappa \\mu = {rhs}$$\n")


def test_a_recorded_definition_is_respected_by_a_refutation():
    verdict, note = _only(RECORDED.format(rhs="2 L"))
    assert verdict == "refuted" and "respects the definition \\kappa = L/\\mu" in note


def test_a_claim_true_by_a_recorded_definition_is_not_refuted():
    assert _only(RECORDED.format(rhs="L"))[0] != "refuted"


# F(w) = E_xi[f(w; xi)] with f arbitrary: every F arises (f(w; xi) = F(w)), so F's values are free.
# F(w)^2 - 1 = (F(w) - 1)(F(w) + 1) holds; = (F(w) - 1)^2 fails at F(w) = 0.
EXPECTED = "We minimize $F(w) = \\mathbb{{E}}_{{\\xi}}[f(w;\\xi)]$ over $w \\in \\mathbb{{R}}$.\n\n$$F(w)^2 - 1 = {rhs}$$\n"


@pytest.mark.parametrize(("rhs", "verdict"), [("(F(w) - 1)(F(w) + 1)", "proved"), ("(F(w) - 1)^2", "refuted")])
def test_a_definition_through_an_arbitrary_function_constrains_nothing(rhs, verdict):
    assert _only(EXPECTED.format(rhs=rhs))[0] == verdict


def test_what_an_arbitrary_function_leaves_free():
    ctx = DocContext()
    assert unconstraining("F(w)", r"\mathbb{E}_{\xi}[f(w;\xi)]", ctx) == "f"
    assert unconstraining("F(w)", r"\frac{1}{n}\sum_{i=1}^n f_i(w)", ctx) == "f"
    assert unconstraining("F(w)", r"\mathbb{E}_{\xi}[f(\xi)]", ctx) == ""  # F is a constant: constrained
    assert unconstraining("F(w)", r"\mathbb{E}_{\xi}[\log(w)]", ctx) == ""  # a known function
    ctx.assume.append("f(w;\\xi) \\ge 0")  # a property of f: F >= 0 follows
    assert unconstraining("F(w)", r"\mathbb{E}_{\xi}[f(w;\xi)]", ctx) == ""


# "Take $L = 4$ and $\alpha = 1/4$." then "$\alpha L = 2$ at $\alpha = 1/2$": the claim is about alpha = 1/2
# (true: 2 = 2); alpha L = 3 at alpha = 1/2 is false; alpha L = 1 holds with the section's alpha = 1/4.
VALUES = "Take $L = 4$ and $\\alpha = 1/4$. Then $\\alpha L = 1$, and $\\alpha L = {rhs}$ at $\\alpha = \\frac12$.\n"


@pytest.mark.parametrize(("rhs", "verdict"), [("2", "proved"), ("3", "refuted")])
def test_a_value_after_a_claim_is_that_claims(rhs, verdict):
    got = _verdicts(VALUES.format(rhs=rhs))
    assert got == {"\\alpha L = 1": "proved", f"\\alpha L = {rhs}": verdict}


# "for all $x$" quantifies x: the first formula (left undecided: x first appears there) does not introduce x, so a
# later claim about x is decided as usual. (x + 1)^2 = x^2 + 2x + 1 holds; = x^2 + 1 fails at x = 1.
BOUND = "Let $c > 0$.\n\n$$x^2 + c \\ge 3 c x \\qquad \\text{{for all }} x.$$\n\nHence\n\n$$(x + 1)^2 = {rhs}$$\n"


@pytest.mark.parametrize(("rhs", "verdict"), [("x^2 + 2x + 1", "proved"), ("x^2 + 1", "refuted")])
def test_a_quantified_variable_is_not_pinned(rhs, verdict):
    assert _verdicts(BOUND.format(rhs=rhs), "note.tex")[f"(x + 1)^2 = {rhs}"] == verdict


# A value in the next sentence is that sentence's: "$$\frac{k}{k+1} = \frac{100}{101}.$$ For $k = 100$ this is ..."
# leaves the display a claim about every k (false: k = 1 gives 1/2), while "... = \frac{100}{101}$$ at $k = 100$."
# pins it (true). Truth by hand: 100/101 = 100/(100 + 1).
NEXT = "Let $k > 0$.\n\n$$\\frac{{k}}{{k + 1}} = \\frac{{100}}{{101}}{end}$$\n{after} $k = 100$ this is close to one.\n"


@pytest.mark.parametrize(("end", "after", "verdict"), [(".", "For", "refuted"), ("", "at", "proved")])
def test_a_value_in_the_next_sentence_is_not_the_displays(end, after, verdict):
    got = _verdicts(NEXT.format(end=end, after=after))
    assert got == {"\\frac{k}{k + 1} = \\frac{100}{101}": verdict}, got
