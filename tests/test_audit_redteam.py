"""Soundness on first contact: context read outside its scope (tests/audit/redteam/).

Red-team notes written to break the audit's reading of context -- proofs by cases whose conditions contradict each
other, a case's value for a name ("*Case $|v| \\le \\lambda$.* Then $u = 0$"), a value a worked example pins next to a
general claim, a name reused in two sections, a condition written after the formula, Q&A answers structured by bold
run-in titles instead of headings, LaTeX ``\\paragraph{Case 2: $...$}``.  Each NAME.key.json was decided by hand and
checked with SymPy, never with symgd: "wrong" are slips, "found" the slips the audit must refute, "correct" the
relations it must never refute, "open" correct ones still refuted, each with its cause (none may be proved wrong).

The twins below state one behaviour each with a true and a false look-alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from redteam_notes import assert_sound, key_lines, note_names

from symgd.app.audit import audit
from symgd.app.audit.context import case_condition, case_open, run_in_sections

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "tests" / "audit" / "redteam"
NAMES = note_names(NOTES)


def test_keys_read() -> None:
    assert len(NAMES) >= 4
    for name in NAMES:
        key = key_lines(NOTES, name)
        assert set(key["found"]) <= set(key["wrong"]) and not set(key["wrong"]) & set(key["correct"])
        assert set(key["open"]) <= set(key["correct"])


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_no_correct_refuted_no_slip_proved(name: str) -> None:
    assert_sound(NOTES, name)


# ---------------------------------------------------------------- the readings, one by one


def test_case_condition_opens_a_case_only() -> None:
    assert case_condition("text.\n\n*Case ")
    assert case_condition("\\paragraph{Case 2: ")
    assert case_condition("\\paragraph{Case 3: $w < 0$ and ")
    assert case_condition("**Case (ii):** if ")
    assert case_condition("Suppose now that ")
    assert case_condition("It remains to check it in the case ")
    assert not case_condition("Let ")
    assert not case_condition("In every case the step is ")
    assert not case_condition("in this case the bound reads ")
    assert case_open("x.\n\n*Case $v > 1$.* Then ")
    assert not case_open("x.\n\n*Case $v > 1$.* Then $u = 1$.\n\nNow ")


def test_run_in_titles_are_sections() -> None:
    text = ("**Setting.** Let $a > 0$.\n\nMore text.\n**bold inside** a paragraph\n\n**Example.** Take $a = 2$.\n\n"
            "**This is a long bold sentence that is emphasis and not a run-in title at all.** Text.\n\n"
            "\\begin{example}\nTake $a = 1$.\n\\end{example}\n")
    assert run_in_sections(text) == [1, 6, 10, 12]
    assert run_in_sections("# Notes\n\n" + text) == []  # the text's own headings structure it


CASES = """# Cases

Let $\\lambda > 0$ and let $v$ be a number.

*Case $v > \\lambda$.* Then

$$v - \\lambda > 0 .$$

*Case $v < -\\lambda$.* Then

$$v + \\lambda < 0 .$$

In general, for a number $v$, we have

$$v^2 {rel} \\lambda^2 + 1 + {c}\\lambda .$$
"""


@pytest.mark.slow
def test_conditions_of_two_cases_are_not_assumed_together() -> None:
    """Two cases state v > lambda and v < -lambda: assumed together they are a contradiction that proves anything."""
    for rel, c, ok in (("\\ge", "2", "not proved"), ("=", "0", "not proved")):
        a = audit(CASES.replace("{rel}", rel).replace("{c}", c), "cases.md", timeout=2.0)
        last = [r for r in a.results if r.line == 15]
        assert last and all(r.verdict != "proved" for r in last), (rel, [(r.kind, r.verdict, r.method) for r in last])
        assert ok
    a = audit(CASES.replace("{rel}", "\\ge").replace("{c}", "-2"), "cases.md", timeout=2.0)  # (v - lambda)^2 + 1 >= 0
    cases = [r for r in a.results if r.kind == "assumption" and r.line in (5, 9)]
    assert cases and all("condition of a case" in r.method for r in cases)


LEAK = """**Setting.** Let $\\lambda > 0$, $r = v - u$ with $u = \\operatorname{{sign}}(v)\\max(|v| - \\lambda, 0)$.

*Case $v > \\lambda$.* Then $u = v - \\lambda$ and

$$v - u = \\lambda .$$

*Case $|v| \\le \\lambda$.* Then $u = 0$ and

$$v - u = v .$$

**In general.** {claim}
"""


@pytest.mark.slow
def test_a_case_value_is_not_the_names_value_after_the_case() -> None:
    """u = v - lambda holds in the first case only: after the cases neither that value nor 0 proves a general claim,
    and a true general claim is not refuted by an arbitrary u (the text defines it)."""
    slip = audit(LEAK.format(claim="The shift is always the threshold, $$v - u = \\lambda .$$"), "leak.md", timeout=2.0)
    assert not any(r.verdict == "proved" for r in slip.results if r.kind == "claim" and r.line == 11)
    true = audit(LEAK.format(claim="The parts add up, $$u + r = v .$$"), "leak.md", timeout=2.0)
    assert not any(r.verdict == "refuted" for r in true.results if r.kind == "claim" and r.line == 11)


EXAMPLE = """**Why it stops.** Let $L > 0$ and $0 < c < 1$. Backtracking accepts a step $t$ with
$t \\ge (1 - c)/L$.

**Example.** Take $L = 4$ and $c = 1/2$, so at worst $t = 1/4$.

**In general.** {claim}
"""


@pytest.mark.slow
def test_an_examples_values_end_at_the_next_run_in_title() -> None:
    """t = 1/4 with L = 4 makes t >= 1/L hold; after '**In general.**' it is a general slip, never proved."""
    slip = audit(EXAMPLE.format(claim="The accepted step obeys $$t \\ge \\frac{1}{L} .$$"), "ex.md", timeout=2.0)
    assert not any(r.verdict == "proved" for r in slip.results if r.kind == "claim" and r.line == 6)


TITLE = """\\section{Projection}
Let $P(z) = \\min(\\max(z, 0), 1)$ and take $z > w$.

\\paragraph{Case 2: $0 \\le w \\le 1 < z$.} Then
\\begin{equation}
  1 - w {rel} z - w .
\\end{equation}
"""


@pytest.mark.slow
def test_a_condition_in_a_title_is_no_claim() -> None:
    """'Case 2: $0 \\le w \\le 1 < z$' in a \\paragraph title is the case's condition: never refuted; under it
    1 - w <= z - w is proved and 1 - w >= z - w is not (the guard leaves it undecided: the counterexample may lie
    outside the case)."""
    for rel, proved in (("\\le", True), ("\\ge", False)):
        a = audit(TITLE.replace("{rel}", rel), "title.tex", timeout=2.0)
        assert not any(r.verdict == "refuted" for r in a.results if r.line == 4)
        here = [r.verdict for r in a.results if r.line == 6]
        assert here and (("proved" in here) == proved), [(r.link, r.verdict) for r in a.results]


ALSO = """# Smooth functions

Let $f$ be $L$-smooth{extra}

## Without strong convexity

A frequent confusion states the reverse inequality for every smooth function:

$$\\|\\nabla f(x)\\|^2 \\ge 2\\mu\\big(f(x) - f^\\star\\big).$$
"""


@pytest.mark.slow
def test_a_property_under_if_also_is_no_fact_of_the_text() -> None:
    """'If $f$ is also mu-strongly convex, then ...' adds a case, not a property of the text's f: the PL inequality
    is then a slip for a merely smooth f (never proved); stated outright, it is proved by the certificate."""
    local = audit(ALSO.format(extra=" with minimizer $x^\\star$ and $f^\\star = f(x^\\star)$. If $f$ is also "
                                    "$\\mu$-strongly convex, then more holds."), "also.md", timeout=3.0)
    assert not any(r.verdict == "proved" for r in local.results if r.line == 9)
    assert not any("strongly convex" in p for p in local.properties)
    stated = audit(ALSO.format(extra=" and $\\mu$-strongly convex with minimizer $x^\\star$ and $f^\\star = f(x^\\star)$."),
                   "also.md", timeout=3.0)
    assert any(r.verdict == "proved" for r in stated.results if r.line == 9), [(r.verdict, r.method) for r in
                                                                              stated.results]


CASE_SLIP = """Let $c > 0$, $\\eta > 0$ and $L > 0$, and let $g$ be a number.

*Case $|g| \\le c$.* Then

$$\\eta g^2 - \\frac{L\\eta^2}{2} g^2 = \\eta\\Big(1 {sign} \\frac{L\\eta}{2}\\Big) g^2 .$$
"""


@pytest.mark.slow
def test_a_slip_in_a_case_is_refuted_inside_the_case() -> None:
    """The case's condition holds for its display, so a counterexample found there lies in the case: an algebra slip
    (a sign) is refuted, the correct line proved."""
    for sign, want in (("-", "proved"), ("+", "refuted")):
        a = audit(CASE_SLIP.replace("{sign}", sign), "case.md", timeout=3.0)
        assert [r.verdict for r in a.results if r.line == 5] == [want], [(r.verdict, r.method) for r in a.results]


ARGMIN = """Let $f$ be convex and $L$-smooth, and let $\\mathcal{{D}}$ be a compact convex set containing $x$ and $y$.
The linear step takes
$$s \\in \\arg\\min_{{z \\in \\mathcal{{D}}}} \\langle \\nabla f(x), z\\rangle .$$
Since $s$ minimizes the linear function over $\\mathcal D \\ni y$,
$$\\langle \\nabla f(x), s - x\\rangle {rel} \\langle \\nabla f(x), y - x\\rangle .$$
"""


@pytest.mark.slow
def test_a_member_of_an_argmin_set_is_no_free_point() -> None:
    """s in argmin_z <grad f(x), z> (a set symgd does not read) makes <grad f(x), s - x> <= <grad f(x), y - x>
    true; a counterexample that sets s freely is not the text's (undecided), and the reverse is never proved."""
    for rel in ("\\le", "\\ge"):
        a = audit(ARGMIN.format(rel=rel), "fw.md", timeout=3.0)
        here = [r.verdict for r in a.results if r.line == 5]
        assert here and "refuted" not in here and "proved" not in here, [(r.verdict, r.method) for r in a.results]
