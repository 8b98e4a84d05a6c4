"""Worked-example values decide a claim (symgd/app/audit/worked.py): the correct arithmetic of an example is proved
with the values the text states, a slip in it is refuted with them, and values of two examples, of a condition or
said in passing never decide.  The documents are in tests/audit/worked/ (answers computed by hand in its README)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from symgd.app.audit.extract import Display
from symgd.app.audit.run import audit
from symgd.app.audit.worked import Value, _choose, _firmness

DOCS = Path(__file__).resolve().parent / "audit" / "worked"


@functools.cache
def _verdicts(doc: str) -> dict[tuple[int, str], tuple[str, str]]:
    a = audit((DOCS / doc).read_text(encoding="utf-8"), doc, timeout=2.0)
    return {(r.line, r.link): (r.verdict, r.method) for r in a.results if r.kind == "claim"}


@pytest.mark.slow
def test_an_examples_arithmetic_is_proved_and_its_slips_refuted_with_the_stated_values():
    got = _verdicts("numbers.md")
    proved = [(8, r"1 - \eta(a + \lambda) = 1/2"), (8, r"\eta < 2/(a + \lambda)"), (8, r"2/(a + \lambda) = 1/2"),
              (12, r"\frac{a c}{a + \lambda} = \frac{3}{2}"), (16, r"R/(G\sqrt{K}) = 1/5")]
    slips = [(10, r"(1 - \eta(a + \lambda))^2 = 1/3"), (12, r"c - \frac{a c}{a + \lambda} = \frac{1}{4}"),
             (17, r"R/(G\sqrt{K}) = 1/10")]
    assert [got[k][0] for k in proved] == ["proved"] * len(proved)
    assert [got[k][0] for k in slips] == ["refuted"] * len(slips)
    assert got[proved[0]][1].startswith(r"proved with ") and "(the values stated at line 6)" in got[proved[0]][1]
    assert "K = 64" in got[slips[2]][1]  # its own sentence's K, not the K = 25 of the sentence before


@pytest.mark.slow
def test_two_examples_in_one_section_do_not_mix():
    got = _verdicts("two_runs.md")
    assert got[(3, r"1 - \eta a = 1/2")][0] == "proved"
    assert got[(3, r"\eta a^2 = 2")][0] == "refuted"
    verdict, method = got[(5, r"1 - \eta a = 2/3")]  # true with a = 3, eta = 1/9; false with the first run's
    assert verdict == "undecided" and "two values of" in method


@pytest.mark.slow
def test_a_worked_step_is_put_in_in_order():
    got = _verdicts("one_step.md")
    assert got[(7, "f(x_1) = 1/4")][0] == "proved"
    assert got[(7, "x_1 + x_0 = 3/2")][0] == "proved"
    assert got[(8, r"\eta f'(x_1) = 1/4")][0] == "proved"
    verdict, method = got[(7, "f'(x_1) = 2")]
    assert verdict == "refuted" and r"x_1 = x_0 - \eta f'(x_0) (the definition of line 5)" in method


@pytest.mark.slow
def test_a_derived_value_of_a_defined_name_decides_a_claim_with_an_index_left_free():
    got = _verdicts("bound.md")  # C = L D^2, then "so $C = 2$": 2C/(k+2) = 4/(k+2) for every k; C/(k+2) = 1/(k+2) never
    assert got[(5, r"\frac{2C}{k+2} = \frac{4}{k+2}")][0] == "proved"
    verdict, method = got[(7, r"\frac{C}{k+2} = \frac{1}{k+2}")]
    assert verdict == "refuted" and "C = 2" in method


@pytest.mark.slow
def test_plain_text_values_and_a_hypothetical_other_value():
    got = _verdicts("plain.txt")  # a = 3, eta = 1/6; "With a = 4 instead, the factor would be ..." (its own sentence)
    assert got[(9, r"1 - \eta  a = 1/2")][0] == "proved"
    verdict, method = got[(13, r"(1 - \eta  a)^{2} = 1/3")]  # a slip (1/4), but a = 4 follows in the section
    assert verdict == "undecided" and "another value later in the section (line 15)" in method
    assert got[(15, r"1 - \eta  a = 1/3")][0] == "proved"


def _shown(before: str, after: str = "") -> Display:
    return Display("a = 2", 3, 0, 1, False, before, after)


@pytest.mark.parametrize(("before", "after", "firm"), [
    ("Take", " and the step.", True),
    ("Start at", ".", True),
    ("**Numbers.** With", ", $c = 1$ and $\\eta = 1/10$:", True),  # a list of values that leads on
    ("With", " this is the undamped step.", False),  # a remark
    ("If", ", the factor vanishes.", False),
    ("For", " the step is small.", False),  # a special case, for its own sentence only
    ("The diameter is two, so", " and the bound reads", True),  # derived: it holds in the example
    ("The sign changes near", ".", False),  # said of a place in passing
])
def test_which_values_hold_for_what_follows(before: str, after: str, firm: bool):
    assert _firmness(_shown(before, after), 1)[0] is firm


def _v(key: str, value: str, line: int, *, firm: bool = True, own: bool = False, after: bool = False) -> Value:
    return Value(key, f"{key} = {value}", line, firm, "" if firm else "said in passing", own, False, after)


def test_a_name_with_two_values_before_the_claim_gets_none():
    chosen, reasons, _ = _choose({"a"}, [_v("a", "2", 3), _v("a", "3", 5)], general=False)
    assert chosen == [] and reasons == ["a is given two values in the section (lines 3, 5)"]


def test_a_value_after_the_claim_is_not_used_and_a_later_one_blocks_a_refutation():
    chosen, reasons, _ = _choose({"a"}, [_v("a", "2", 9, after=True)], general=False)
    assert chosen == [] and "only after the claim" in reasons[0]
    chosen, reasons, limits = _choose({"a"}, [_v("a", "2", 3), _v("a", "3", 9, after=True)], general=False)
    assert [v.link for v in chosen] == ["a = 2"] and reasons == [] and "another value later" in limits[0]


def test_a_general_claim_takes_only_its_own_sentences_values():
    values = [_v("a", "2", 3), _v("b", "5", 7, own=True)]
    chosen, _, _ = _choose({"a", "b"}, values, general=True)
    assert [v.link for v in chosen] == ["b = 5"]


def test_a_name_the_sentence_quantifies_takes_no_example_value():
    chosen, _, _ = _choose({"k", "C"}, [_v("k", "3", 2), _v("C", "2", 4)], general={"k"})
    assert [v.link for v in chosen] == ["C = 2"]


def test_a_value_said_in_passing_is_no_hypothesis():
    chosen, reasons, _ = _choose({"a"}, [_v("a", "2", 3, firm=False)], general=False)
    assert chosen == [] and "said in passing" in reasons[0]
