"""Soundness on first contact, round 6 (tests/audit/redteam6/): context read outside its scope, again.

Five red-team notes of our own (Lookahead on a quadratic, dropout as a weighted ridge penalty, leapfrog on a harmonic
oscillator, a Pegasos step, the perceptron's mistake bound), in five styles, with the traps that refuted correct
relations on earlier first contacts: several starts, a parameter given a new value "instead", random variables inside
expectations, a label in a set written out, a starred minimizer, a value in the sentence that leads into a display.
Each NAME.key.json was decided by hand and checked with SymPy alone (truth_redteam6.py): "wrong" are slips, "found"
the slips the audit must refute, "correct" the relations it must never refute, "open" correct ones still refuted.

Before the fixes of this round the first audits refuted seven correct relations of these notes: E[m_i/p] = 1 at
m_i = -7; ||w_2|| = ||x||/lambda at y = 7 with y in {-1, 1}; ||w*|| <= sqrt(2/lambda) at w* = 7; tr M = -7 and the
eigenvalues at h = 3 with the matrix written out for h = 1; c = 1 - 1/2 + 1/2 * 1/4 at alpha free; <u, w_k> <=
||w_k|| at y_i = -11/3 with y_i in {-1, +1} in plain text.  And one in an excerpt of redteam5's spectral_filter.tex:
kappa(A + lambda I) = 2 at lambda = 0 after "With the ridge parameter $\\lambda = 2$ ..., hence".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from redteam_notes import assert_sound, key_lines, note_names

from symgd.app.audit import audit

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "tests" / "audit" / "redteam6"
NAMES = note_names(NOTES)
# lookahead.md's one-dimensional bounds (lines 16-25) each run out their per-link budget: left out of the slow test
# (truth_redteam6.py checks them); its several starts, the value in the display's sentence and the matrix stay.
# perceptron_wiki.txt's proof (lines 9-25, about 70 s) likewise; its labels in {-1, +1} have a plain-text twin below.
EXCERPTS = {"lookahead.md": ((1, 14), (27, 35), (37, 45), (48, 50)), "perceptron_wiki.txt": ((1, 8), (27, 28))}


def test_keys_read() -> None:
    assert len(NAMES) >= 5
    for name in NAMES:
        key = key_lines(NOTES, name)
        assert key["wrong"] and key["correct"]
        assert set(key["found"]) <= set(key["wrong"]) and set(key["open"]) <= set(key["correct"])


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_no_correct_refuted_no_slip_proved(name: str) -> None:
    assert_sound(NOTES, name, EXCERPTS)


# ---------------------------------------------------------------- the readings, one by one (a true and a false twin)


def claims(text: str, line: int) -> list[tuple[str, str]]:
    """(verdict, method) of every claim of ``line``."""
    return [(r.verdict, r.method) for r in audit(text, "twin.md", timeout=4.0).results
            if r.line == line and r.kind == "claim"]


SENTENCE = ("Let $0 < \\alpha \\le 1$ and call the factor $c = 1 - \\alpha + \\frac{{\\alpha}}{{4}}$.\n\n"
            "With two inner steps{value},\n$$c = 1 - \\frac{{1}}{{2}} + \\frac{{1}}{{2}}\\cdot\\frac{{1}}{{4}} .$$\n")


def test_a_value_in_the_sentence_of_a_display_holds_for_it() -> None:
    true = claims(SENTENCE.format(value=" and $\\alpha = 1/2$"), 4)  # c at alpha = 1/2: never refuted at alpha free
    assert true and not any(v == "refuted" for v, _ in true)
    assert any("the sentence leading to the display gives a value" in m for _, m in true)
    free = claims(SENTENCE.format(value=""), 4)  # no value said: alpha is free and the claim false
    assert any(v == "refuted" for v, _ in free)


MASK = ("With independent masks $m_i {law}$ and $p \\in (0, 1]$,\n"
        "$$\\mathbb{{E}}\\Big[\\frac{{m_i}}{{p}}\\Big] = {v} .$$\n")


def test_a_random_variable_inside_an_expectation_is_not_set_freely() -> None:
    true = claims(MASK.format(law="\\sim \\mathrm{Bernoulli}(p)", v="1"), 2)
    assert true and not any(v == "refuted" for v, _ in true)
    assert any("a random variable of the text" in m for _, m in true)
    slip = claims(MASK.format(law="\\sim \\mathrm{Bernoulli}(p)", v="\\frac{m_i}{p}"), 2)  # E[m/p] is no m/p
    assert slip and not any(v == "proved" for v, _ in slip)
    constant = claims(MASK.format(law="> 0", v="1"), 2)  # m_i a positive number: E of a constant, false
    assert any(v == "refuted" for v, _ in constant)


LABEL = ("For one example $(x, y)$ with $y \\in {Y}$ and $\\lambda > 0$, consider the step.\n\n"
         "After a violated margin $w_2 = \\frac{{y x}}{{\\lambda}}$, so $\\|w_2\\|_2 = \\frac{{{c}\\|x\\|_2}}{{\\lambda}}$.\n")


def test_a_label_in_a_set_written_out_is_not_set_freely() -> None:
    true = claims(LABEL.format(Y="\\{-1, 1\\}", c=""), 3)
    assert true and not any(v == "refuted" for v, _ in true)
    slip = claims(LABEL.format(Y="\\{-1, 1\\}", c="2"), 3)
    assert slip and not any(v == "proved" for v, _ in slip)
    real = claims(LABEL.format(Y="\\mathbb{R}", c=""), 3)  # any real label: false at y = 2
    assert any(v == "refuted" for v, _ in real)


PLAIN = "Setting. A point x ∈ ℝ² with label y ∈ {Y}, and λ > 0.\n\nAfter a violated margin the step is w = y x / λ, " \
        "so\n\n    ‖w‖² = ‖x‖² / λ².\n"


def test_a_label_in_a_set_written_out_in_plain_text() -> None:
    def verdicts(text: str) -> list[str]:
        return [r.verdict for r in audit(text, "twin.txt", timeout=4.0).results if r.line == 5 and r.kind == "claim"]

    true = verdicts(PLAIN.format(Y="{−1, +1}"))
    assert true and "refuted" not in true
    assert "refuted" in verdicts(PLAIN.format(Y="ℝ"))  # any real label: false at y = 2


STAR = ("Let $\\lambda > 0$ and $F(w) = \\frac{{\\lambda}}{{2}}\\|w\\|_2^2 + \\max(0, 1 - w)$. {words}\n"
        "$$\\frac{{\\lambda}}{{2}}\\|w^\\star\\|_2^2 \\le F(w^\\star) \\le F(0) = 1 ,$$\n"
        "so $\\|w^\\star\\|_2 \\le {b}$.\n")


def test_a_starred_minimizer_is_not_a_free_point() -> None:
    true = claims(STAR.format(words="Comparing with $w = 0$, the minimizer satisfies", b="\\sqrt{2/\\lambda}"), 3)
    assert true and not any(v == "refuted" for v, _ in true)
    slip = claims(STAR.format(words="Comparing with $w = 0$, the minimizer satisfies", b="1/\\lambda"), 3)
    assert slip and not any(v == "proved" for v, _ in slip)


REVALUED = ("Let $M = \\begin{{pmatrix}} 2 - s & 1 \\\\ 0 & 2 - s \\end{{pmatrix}}$ with $s > 0$.\n\n"
            "Take $s = 1$, so the matrix is $M = \\begin{{pmatrix}} 1 & 1 \\\\ 0 & 1 \\end{{pmatrix}}$ and "
            "$\\operatorname{{tr}} M = 2$.\nWith {how}, the trace of the matrix changes sign: $\\operatorname{{tr}} M = -2$.\n")


def test_a_parameter_given_a_new_value_makes_the_old_values_stale() -> None:
    true = claims(REVALUED.format(how="the larger value $s = 3$ instead"), 4)  # tr M at s = 3, not the matrix written for s = 1
    assert true and not any(v == "refuted" for v, _ in true)
    assert any("a new value" in m for _, m in true)
    same = claims(REVALUED.format(how="the value written above"), 4)  # no new value: the matrix in force, -2 false
    assert any(v == "refuted" for v, _ in same)


UNIT = "Setting. Points x ∈ ℝ², and {u} separates the data with margin γ > 0.\n\nBy Cauchy-Schwarz,\n\n    ⟨u, x⟩ ≤ ‖x‖.\n"


def test_a_vector_called_a_unit_vector_is_not_set_freely() -> None:
    def verdicts(text: str) -> list[str]:
        return [r.verdict for r in audit(text, "twin.txt", timeout=4.0).results if r.line == 5 and r.kind == "claim"]

    true = verdicts(UNIT.format(u="some unit vector u ∈ ℝ²"))  # ‖u‖ = 1 said in words: Cauchy-Schwarz holds
    assert true and "refuted" not in true
    assert "refuted" in verdicts(UNIT.format(u="some vector u ∈ ℝ²"))  # any u: false at u = (2, 0), x = (1, 0)


PARITY = ("Let $a > 0$, $\\eta > 0$ and $r = 1 - \\eta a$, and let $c = 1 - \\alpha + \\alpha r^k$ with "
          "$0 < \\alpha \\le 1$.\n\nWhen the inner steps overshoot the factor $r$ is negative. {cond} plain gradient\n"
          "descent never converges, yet\n$$c = 1 - 2\\alpha .$$\n")


def test_a_value_and_a_parity_in_the_sentence_of_a_display() -> None:
    true = claims(PARITY.format(cond="For $r = -1$ (that is, $\\eta = 2/a$) and $k$ odd"), 5)
    assert true and not any(v == "refuted" for v, _ in true)
    slip = claims(PARITY.format(cond="For $r = -1$ (that is, $\\eta = 2/a$) and $k$ odd").replace("2\\alpha", "3\\alpha"), 5)
    assert slip and not any(v == "proved" for v, _ in slip)
    free = claims(PARITY.format(cond="In general"), 5)  # any step and any k: false
    assert any(v == "refuted" for v, _ in free)


CLASH = ("Let $L > 0$, let the step satisfy $\\eta \\le 1/L$, and assume $\\eta \\ge 2/L$. Then\n$$\\eta L \\le 1 ,$$\n"
         "and in any case\n$$(\\eta + 1)^2 = \\eta^2 + 2\\eta + {c} .$$\n")


def test_an_identity_stands_whatever_the_assumptions_in_force() -> None:
    # assumptions that clash (here stated; on fresh8's admm_hw.md iterates x^1, x^2 read as powers) void a proof
    # that uses them, not an identity of the sides as written: (4 + 1 - 1)/2 = 2 stays proved
    assert all(v == "undecided" for v, _ in claims(CLASH.format(c="1"), 2))
    assert [v for v, _ in claims(CLASH.format(c="1"), 4)] == ["proved"]
    assert "proved" not in [v for v, _ in claims(CLASH.format(c="2"), 4)]


WORDED_MATRIX = "{intro} Its eigenvalues are $1$ and $3$, so\n$$\\|B\\|_2 = 3, \\qquad \\det B = 3 .$$\n"


def test_a_matrix_described_in_words_is_not_set_freely() -> None:
    true = claims(WORDED_MATRIX.format(intro="Take the matrix $B$ with rows $(2, 1)$ and $(1, 2)$."), 2)
    assert true and not any(v == "refuted" for v, _ in true)
    assert any("describes in words" in m for _, m in true)
    free = claims(WORDED_MATRIX.format(intro="Let $B \\in \\mathbb{R}^{2 \\times 2}$ be symmetric."), 2)
    assert any(v == "refuted" for v, _ in free)  # any symmetric B: ||B||_2 = 3 is false


ROLE = "Let $L > 0$ and gradient descent with step $\\eta > 0$. Assume the {role} is smaller than $1/L$. Then\n" \
       "$$\\eta L < 1 .$$\n"


def test_a_name_bounded_in_words_through_its_role() -> None:
    true = claims(ROLE.format(role="step"), 2)  # "the step" is eta: eta < 1/L said in words
    assert true and not any(v == "refuted" for v, _ in true)
    assert any("bounds in words through its role" in m for _, m in true)
    other = claims(ROLE.format(role="rate"), 2)  # no name was introduced as "rate": eta is free, the claim false
    assert any(v == "refuted" for v, _ in other)


def test_an_equation_the_text_names_to_solve_is_no_identity() -> None:
    true = claims("The characteristic polynomial $\\lambda^2 - \\lambda + 1 = 0$ has the roots $\\lambda_\\pm$.\n", 1)
    assert true and not any(v == "refuted" for v, _ in true)
    false = claims("Expanding the product, we get $\\lambda^2 - \\lambda + 1 = 0$ identically.\n", 1)
    assert any(v == "refuted" for v, _ in false)
