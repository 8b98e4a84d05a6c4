"""What a formula is in its sentence (symgd/app/audit/roles.py, facts.py): names defined as the roots of a
quadratic, a condition that leads its sentence into a display, a condition the text stated locally earlier, a
value given to a name the text already determines, a capital letter named as the function.  Each document has a
true and a false twin, decided by hand (comments)."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit
from symgd.app.audit.facts import read_facts


def _claims(text: str) -> dict[str, tuple[str, str]]:
    return {r.link: (r.verdict, r.method) for r in audit(text, "note.md", timeout=2.0).results if r.kind == "claim"}


# p(r) = r^2 - (1 + beta - alpha lambda) r + beta: Vieta gives r1 r2 = beta and r1 + r2 = 1 + beta - alpha lambda
# (for complex roots too); r1 r2 = 2 beta fails at every beta != 0, for either labelling.
ROOTS = ("Let $\\alpha > 0$, $\\beta > 0$ and $\\lambda > 0$. The roots $r_1, r_2$ of the characteristic polynomial "
         "$p(r) = r^2 - (1+\\beta-\\alpha\\lambda) r + \\beta$ decide the rate:\n$$r_1 r_2 = {rhs}.$$\n")


@pytest.mark.parametrize(("rhs", "verdict"), [("\\beta", "proved"), ("2\\beta", "refuted")])
def test_the_roots_of_a_written_quadratic_are_decided_by_vieta(rhs, verdict):
    (got, method), = _claims(ROOTS.format(rhs=rhs)).values()
    assert got == verdict and method.startswith("Vieta")


# The roots of an equation the text only cites, and eigenvalues: never refuted with the names free.
# r_1^2 + r_2^2 >= 0 is false for complex roots; r_1 r_2 = 7 is unknown without equation (3).
@pytest.mark.parametrize("text", [
    "Let $r_1, r_2$ be the roots of (3). Then\n$$r_1 r_2 = 7.$$\n",
    "Here $\\lambda_1, \\lambda_2$ are the eigenvalues of $A$, and\n$$\\lambda_1 + \\lambda_2 = 3.$$\n",
])
def test_names_defined_as_roots_are_never_free(text):
    (got, _), = _claims(text).values()
    assert got == "undecided"


# "When D <= 0, i.e. $(1+b)^2 \le 4b$, ... $$..$$": D <= 0 is the display's condition, not a claim.  Under it,
# (1+b)^2 - 4b <= 0 holds; without it the display's claim (1+b)^2 <= 4b would be refuted (b = 2: 9 > 8).
WHEN = ("Let $b > 0$. When the discriminant is nonpositive, i.e. $(1+b)^2 \\le 4b$, the roots are complex and\n"
        "$$(1+b)^2 - 4 b {rel} 0.$$\n")


@pytest.mark.parametrize(("rel", "verdict"), [("\\le", "proved"), ("<", "refuted")])  # b = 1: 0 < 0 fails
def test_a_condition_that_leads_its_sentence_into_a_display_is_assumed_there(rel, verdict):
    results = audit(WHEN.format(rel=rel), "note.md", timeout=2.0).results
    cond = next(r for r in results if r.link == "(1+b)^2 \\le 4b")
    assert cond.kind == "assumption" and "leads to the next display" in cond.method
    assert [r.verdict for r in results if r.kind == "claim"] == [verdict]


# "For $a > 0$, $b > 0$ and $c > 0$ the analysis gives": every condition of the sentence, not the first only.
FOR = "For $a > 0$, $b > 0$ and $c > 0$ the analysis gives\n$$\\frac{a b c}{a b c + 1} {rel} 1.$$\n\n$$a b c {rel2} 0.$$\n"


def test_every_condition_of_a_for_sentence_holds_in_its_display_and_no_further():
    text = FOR.replace("{rel}", "<").replace("{rel2}", ">")
    got = [(r.verdict, r.method) for r in audit(text, "note.md", timeout=2.0).results if r.kind == "claim"]
    assert [v for v, _ in got] == ["proved", "undecided"]  # the conditions held in the first display only: the
    assert "(locally there)" in got[1][1]  # second needs them (a = 0 refutes it), stated locally: not refuted


# "If the step is small, $\alpha \le 1/L$, ..." and later a claim that needs it: the text stated it (locally),
# so the claim is undecided with that reason; a claim false even under it (alpha L <= 1/2) stays refuted.
LOCAL = ("Let $\\alpha > 0$ and $L > 0$.\n\nIf the step is small, $\\alpha \\le \\frac{1}{L}$, the bracket is "
         "positive:\n$$1 - \\frac{L\\alpha}{2} > 0.$$\n\nTwo paragraphs later:\n$$\\alpha L \\le {rhs}.$$\n")


def test_a_claim_needing_a_condition_stated_locally_earlier_is_undecided():
    verdict, method = _claims(LOCAL.replace("{rhs}", "1"))["\\alpha L <= 1"]
    assert verdict == "undecided" and "stated at line 3 (locally there)" in method


def test_a_claim_false_even_under_the_local_condition_stays_refuted():
    assert _claims(LOCAL.replace("{rhs}", "\\frac{1}{2}"))["\\alpha L <= \\frac{1}{2}"][0] == "refuted"


# x_{k+1} = x_k - eta (a x_k - b) from x_0 = 0: x_1 = eta b, x_2 = x_1 - eta(a x_1 - b) = 2 eta b - a eta^2 b.
MEMBER = ("Let $a > 0$, $b > 0$ and $\\eta > 0$. Gradient descent reads\n$$x_{{k+1}} = x_k - \\eta (a x_k - b),$$\n"
          "started at $x_0 = 0$. The first two steps are $x_1 = \\eta b$ and $x_2 = {rhs}$.\n")


@pytest.mark.parametrize(("rhs", "verdict"), [("2\\eta b - a \\eta^2 b", "proved"), ("2\\eta b", "refuted")])
def test_a_value_of_a_member_the_rule_determines_is_a_claim(rhs, verdict):
    got = _claims(MEMBER.format(rhs=rhs))
    assert got["x_1 = \\eta b"][0] == "proved" and got[f"x_2 = {rhs}"][0] == verdict


def test_a_member_without_a_start_given_is_not_claimed():
    text = "Gradient descent reads\n$$x_{k+1} = x_k - \\eta (a x_k - b).$$\nTake $x_1 = 5$.\n"
    assert not _claims(text)  # x_1 = 5 sets the start: a definition


# f(x) = (x - 1)^2 defined: f(3) = 4 is a claim about it (true), f(3) = 5 a slip.
@pytest.mark.parametrize(("rhs", "verdict"), [("4", "proved"), ("5", "refuted")])
def test_a_value_of_a_defined_function_is_a_claim(rhs, verdict):
    text = f"Let $f(x) = (x - 1)^2$. At the point three, $f(3) = {rhs}$.\n"
    assert _claims(text) == {f"f(3) = {rhs}": (verdict, _claims(text)[f"f(3) = {rhs}"][1])}


@pytest.mark.parametrize(("sentence", "function"), [
    ("$F$ has an $L$-Lipschitz gradient and is $\\mu$-strongly convex.", "F"),
    ("The objective $F(w)$ is $L$-smooth.", "F"),
    ("$L$ is the smoothness constant and $\\mu$ is convex.", ""),  # no function named: nothing bound
    ("Let $A$ be a matrix and $f$ be convex.", "f"),
])
def test_a_single_capital_letter_names_the_function_only_as_its_subject(sentence, function):
    facts, _ = read_facts(sentence, 1)
    assert {f.function for f in facts} == ({function} if function else set())


# A sign or range between quantities the text has defined is a claim: h_k = 1 + 2^{-k} >= g_k = 2^{-k} holds,
# e_{k+1} = 2^{-k-1} >= 1 does not (k = 1); "Let" before it keeps an assumption.
DEFINED = "Let $h_k = 1 + 2^{{-k}}$ and $g_k = 2^{{-k}}$. Then $h_k$ satisfies\n$$h_k \\ge {rhs}.$$\n"


@pytest.mark.parametrize(("rhs", "verdict"), [("g_k", "proved"), ("2 g_k + 1", "refuted")])  # k = 1: 3/2 < 2
def test_a_relation_between_defined_quantities_is_a_claim(rhs, verdict):
    (got, _), = _claims(DEFINED.format(rhs=rhs)).values()
    assert got == verdict


# The upper limit of a sum from 1 is a count (T >= 0): (1/T) G sqrt(2 T log n) = G sqrt(2 log n / T) for T > 0.
SUM = ("Let $G > 0$ and $n \\ge 2$. Summing over the rounds, $\\sum_{{t=1}}^T a_t \\le G$, and\n"
       "$$\\frac{{1}}{{T}}\\, G\\sqrt{{2T\\log n}} = G\\sqrt{{\\frac{{{num}\\log n}}{{T}}}}.$$\n")


@pytest.mark.slow
@pytest.mark.parametrize(("num", "verdict"), [("2", "proved"), ("1", "refuted")])
def test_the_upper_limit_of_a_sum_is_a_count(num, verdict):
    got = _claims(SUM.format(num=num))
    assert [v for link, (v, _) in got.items() if "sqrt" in link] == [verdict]


# r_k = b - a x_k recorded in prose: r_{k+1} is determined by it and the rule, so "= (1 - eta a) r_k" is a claim
# (r_{k+1} = b - a x_k + eta a (a x_k - b) = (1 - eta a) r_k); "(1 + eta a) r_k" a slip (r_k != 0).
RESIDUAL = ("Let $a > 0$ and $\\eta > 0$. Gradient descent reads\n$$x_{{k+1}} = x_k - \\eta (a x_k - b).$$\n"
            "The residual $r_k = b - a x_k$ then satisfies\n$$r_{{k+1}} = (1 {sign} \\eta a) r_k.$$\n")


@pytest.mark.parametrize(("sign", "verdict"), [("-", "proved"), ("+", "refuted")])
def test_a_member_of_a_defined_family_at_another_index_is_a_claim(sign, verdict):
    (got, _), = _claims(RESIDUAL.format(sign=sign)).values()
    assert got == verdict


# h_k = 1/(k+1)^2, recorded in prose: h_2 = 1/9 is a claim (true), h_1 = 1/2 a slip (h_1 = 1/4).
@pytest.mark.parametrize(("value", "verdict"), [("h_2 = 1/9", "proved"), ("h_1 = 1/2", "refuted")])
def test_a_member_at_a_number_of_a_sequence_defined_in_prose_is_a_claim(value, verdict):
    text = f"Consider the sequence $h_k = \\frac{{1}}{{(k+1)^2}}$ for $k \\ge 0$. Then ${value}$.\n"
    assert _claims(text)[value][0] == verdict
