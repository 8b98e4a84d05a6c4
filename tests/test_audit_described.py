"""Values a sentence gives in words (symgd.app.audit.described): a computed number is not refuted by values of
names its sentence describes or names, and still is where the sentence quantifies over them or names no value."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit

UNIFORM = r"For the uniform distribution $p$ on three points and $q = (\tfrac12, \tfrac14, \tfrac14)$, the distance is "
DECAY = r"Let $0 \le \beta < 1$ be the decay. With the usual choice of 0.5 for the decay this is "


def _verdict(doc: str) -> tuple[str, str]:
    (r,) = [r for r in audit(doc + "\n", "n.md", timeout=2.0).results if r.kind == "claim"]
    return r.verdict, r.method


@pytest.mark.parametrize(("doc", "why"), [
    (UNIFORM + r"$\|p - q\|_1 = \tfrac13$.", "describes the object it computes with in words ('the uniform distribution"),
    (DECAY + r"$\beta/(1-\beta) = 1$ step.", r"names the value 0.5 in words, at which it holds (\beta = 1/2)"),
])
def test_a_computed_value_about_what_the_sentence_says_in_words_is_not_refuted(doc: str, why: str) -> None:
    verdict, method = _verdict(doc)
    assert verdict == "undecided" and why in method


@pytest.mark.parametrize("doc", [
    DECAY + r"$\beta/(1-\beta) = 2$ steps.",  # false at the value the sentence names too
    r"Let $0 \le \beta < 1$. In general $\beta/(1-\beta) = 2$, as in all 3 cases.",  # 3 is no value of beta
    r"For every vector $p$ and $q = (1, 0)$ the distance is $\|p - q\|_1 = 1$.",  # every: no description
])
def test_a_computed_value_false_for_the_free_names_is_still_refuted(doc: str) -> None:
    assert _verdict(doc)[0] == "refuted"


CLIP = r"We clip by the norm, $\tilde g = \min\big(1, \tfrac{c}{\|g\|}\big)\, g$, with $c > 0$." "\n\n"


def test_a_claim_under_the_case_its_paragraph_treats_is_not_refuted_outside_it() -> None:
    results = audit(CLIP + r"*Case $\|g\| > c$.* Then $\|\tilde g\|^2 = c^2$." "\n", "n.md", timeout=2.0).results
    got = [r for r in results if r.kind == "claim"]
    assert got and all(r.verdict != "refuted" for r in got)
    case = [r for r in results if r.link == r"\|g\| > c"]  # the case is no claim: its condition, not carried on
    assert case and case[0].kind == "assumption" and "condition of a case" in case[0].method
    # the claim under it is decided with the case assumed (true there: no counterexample), never refuted at |g| < c
    (general,) = [r for r in audit(CLIP + r"In general $\|\tilde g\|^2 = c^2$." "\n", "n.md", timeout=2.0).results
                  if r.kind == "claim"]
    assert general.verdict == "refuted"  # no case: false wherever |g| < c


def test_a_projection_letter_before_parentheses_is_no_product() -> None:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    with pytest.raises(BadInput, match=r"may be a function applied or a product"):
        parse_problem(r"\Pi_{B}(g) = \frac{g}{\max(1, |g|/c)}")
