"""A name the context already determines, written again with a value (symgd.app.audit.computed): a claim checked
against the definition in force.  Twins in tests/audit/derived/: a derived value proved, a wrong derived value
refuted, and a name the text re-sets (a new section, "we use") or pins only in words never refuted."""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit.run import audit

DOCS = Path(__file__).parent / "audit" / "derived"
SLOW = pytest.mark.slow  # a twin whose audit samples or evaluates for long (the quick loop keeps the fast ones)


def _links(name: str) -> dict[str, tuple[str, str]]:
    a = audit((DOCS / name).read_text(), name, timeout=4)
    return {r.link.replace(" ", ""): (r.kind, r.verdict) for r in a.results}


def _verdict(name: str, link: str) -> tuple[str, str]:
    links = _links(name)
    return links[link.replace(" ", "")]


@pytest.mark.parametrize(("doc", "link", "verdict"), [
    # D_phi of the general definition, for the phi of the example: x^2 gives (x - y)^2
    ("bregman_true.md", r"D_\varphi(x, y) = x^2 - y^2 - 2y(x - y)", "proved"),
    pytest.param("bregman_slip.md", r"D_\varphi(x, y) = x^2 - y^2 - y(x - y)", "refuted", marks=SLOW),
    # a family's parameter in the subscript (t of M_t) is the claim's own: the counterexample may set it
    ("smoothed_true.md", r"M_t(v) = 3v + \frac{t}{2} v^2", "proved"),
    pytest.param("smoothed_slip.md", r"M_t(v) = 2v + \frac{t}{2} v^2", "refuted", marks=SLOW),
    # a constant of an earlier section at the values this section takes: "Then C = ..."
    ("constant_true.md", "C = 12", "proved"),
    ("constant_slip.md", "C = 6", "refuted"),
    # "the unique minimizer is x* = A^{-1} b" of a quadratic whose A the prose calls positive definite
    pytest.param("minimizer_true.md", r"x^\star = A^{-1} b", "proved", marks=SLOW),
    pytest.param("minimizer_slip.md", r"x^\star = 2A^{-1} b", "refuted", marks=SLOW),
    # "$b \in \mathbb{R}^n$; the minimizer": no constraint
    pytest.param("minimizer_shapes_true.md", r"x^\star = A^{-1} b", "proved", marks=SLOW),
    # an example's iterates from the rule of the method's section, its start and its step
    pytest.param("iterates_true.md", "x_2 = \\frac{1}{4}", "proved", marks=SLOW),
    pytest.param("iterates_slip.md", "x_2 = \\frac{1}{3}", "refuted", marks=SLOW),
    # a member of a family defined at every index (a step size), at the start the example's sentence sets
    pytest.param("polyak_true.md", r"\eta_0 = \frac{1}{4}", "proved", marks=SLOW),
    pytest.param("polyak_slip.md", r"\eta_0 = \frac{1}{3}", "refuted", marks=SLOW),
    # "the smallest eigenvalue is" of a matrix written out; "whose roots are" of the polynomial just written
    ("eigen_true.md", r"\lambda_{\min}(A) = 1", "proved"),
    ("eigen_slip.md", r"\lambda_{\min}(A) = 3", "refuted"),
    ("roots_true.md", r"\mu_\pm = 4 \pm \sqrt{10}", "proved"),
    ("roots_slip.md", r"\mu_\pm = 4 \pm \sqrt{6}", "refuted"),
    # a value right after the equation its sentence says it solves ("that is at", "since ... is invertible")
    pytest.param("solves_step_true.md", r"\eta^\star = \frac{2}{\mu + L}", "proved", marks=SLOW),
    pytest.param("solves_normal_true.md", r"w^\star = (X^\top X)^{-1} X^\top y", "proved", marks=SLOW),
    pytest.param("solves_decay_true.md", r"w_{L2} = \frac{a c}{a + \lambda}", "proved", marks=SLOW),
])
def test_a_derived_value_is_checked(doc, link, verdict):
    assert _verdict(doc, link) == ("claim", verdict)


@pytest.mark.parametrize(("doc", "link"), [
    # a new section's own definition ("we use instead")
    pytest.param("smoothed_reset.md", r"M_t(v) = 2v + \frac{t}{2} v^2", marks=SLOW),
    ("constant_reset.md", "C = 6"),  # "we use C = 6 as the constant of this section"
    ("step_in_words.md", r"\eta^\star = \frac{1}{4}"),  # mu and L given only in words: nothing determines them
    pytest.param("polyak_reset.md", r"\eta_0 = \frac{1}{3}", marks=SLOW),  # "instead of the rule take the fixed value"
    # f(x_1) where only words say where x_1 lies: a counterexample at another point is no refutation, true or false
    pytest.param("value_in_words.md", r"f(x_1) = \frac{7}{4}", marks=SLOW),
    pytest.param("value_in_words_true.md", r"f(x_1) = \frac{5}{4}", marks=SLOW),
    # a double root only where the discriminant vanishes
    pytest.param("roots_condition.md", r"r_\star = \beta", marks=SLOW),
    ("roots_reset.md", r"\mu_\pm = 4 \pm \sqrt{6}"),  # "let us try": a guess, not a claim
    ("eigen_other_matrix.md", r"\lambda_{\min}(B) = 5"),  # an eigenvalue of B, not of the A written out ("A quick")
])
def test_a_name_the_text_sets_is_not_refuted(doc, link):
    assert _verdict(doc, link)[1] != "refuted"


@SLOW
def test_a_minimizer_of_an_indefinite_quadratic_is_not_proved():
    r"""A stationary point of x^T A x / 2 - b^T x with A "not positive definite": no convexity, so no minimizer; nor
    a minimizer over a set ("over $x \in C$"), where the gradient need not vanish."""
    assert _verdict("minimizer_indefinite.md", r"x^\star = A^{-1} b")[1] != "proved"
    assert _verdict("minimizer_constrained.md", r"x^\star = A^{-1} b")[1] != "proved"


@pytest.mark.parametrize(("doc", "link"), [
    pytest.param("solves_step_slip.md", r"\eta^\star = \frac{1}{\mu + L}", marks=SLOW),
    pytest.param("solves_decay_slip.md", r"w_{L2} = \frac{c}{a + \lambda}", marks=SLOW),
])
def test_a_value_that_does_not_solve_the_equation_before_it_is_neither_proved_nor_refuted(doc, link):
    """The equation may hold the slip and the value be right: only a proof changes the reading."""
    assert _verdict(doc, link)[1] not in ("proved", "refuted")
