"""Definitions a proof may use where symgd could not apply them before (symgd.latex.vector_functions,
symgd.app.audit.context.apply_functions, symgd.app.audit.families), each with its false look-alike and a claim
whose definition must not be used.  Expected verdicts by hand:

* ``q(s) = c + d^T s + s^T H s / 2`` of a vector s: ``q(0) = c`` (the zero vector), so ``q(0) - q(-t d) = t|d|^2 -
  t^2 d^T H d / 2``; without the half it fails wherever ``d^T H d != 0``.  A function of a number keeps ``u(0)``.
* ``K_c`` clips to ``[-c, c]`` for ``c > 0`` (the range holds for its display only, so the definition no longer
  reads later: three rows overlap for c < 0): ``K_1(3) = 1``, ``K_2(-1) = -1``, ``K_{1/2}(-4) = -1/2``, not
  ``K_1(3) = 3`` nor ``K_2(-5) = -5``; ``K_{-1}`` is no member (c > 0); ``W_1`` keeps a gain ``a`` (any sign), so
  only its definition read again at c = 1 applies it: ``W_1(3) = a``, not 1.
* ``B_psi(x, y) = psi(x) - psi(y) - psi'(y)(x - y)`` with ``psi(x) = x^3``: ``B(2, 1) = 8 - 1 - 3 = 4``,
  ``B(0, 1) = 0 - 1 + 3 = 2``, ``B(1, 2) = 1 - 8 + 12 = 5`` (so 4 is false), and ``B(2, 1) = 3`` false."""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit import audit

DOCS = Path(__file__).parent / "audit" / "subst2"


def _verdicts(name: str) -> dict[str, str]:
    a = audit((DOCS / name).read_text(encoding="utf-8"), name, timeout=4)
    return {r.link.replace(" ", ""): r.verdict for r in a.results if r.kind == "claim"}


def _get(v: dict[str, str], link: str) -> str:
    return v[link.replace(" ", "")]


@pytest.mark.slow
def test_model_of_a_vector_at_zero() -> None:
    v = _verdicts("model.md")
    assert _get(v, r"q(0) - q(-t d) = t\|d\|^2 - \tfrac{1}{2} t^2 d^\top H d") == "proved"
    assert _get(v, r"q(0) - q(-t d) = t\|d\|^2 - t^2 d^\top H d") == "refuted"
    assert _get(v, r"q(-t d) = c - t\|d\|^2 + \tfrac{1}{2} t^2 d^\top H d") == "proved"
    assert _get(v, "u(0) = 3") == "proved"
    assert _get(v, "u(0) = 5") == "refuted"


def test_family_member_after_its_range_is_dropped() -> None:
    v = _verdicts("families.md")
    for true in ("K_1(3) = 1", "K_2(-1) = -1", r"K_{1/2}(-4) = -\tfrac{1}{2}"):
        assert _get(v, true) == "proved", true
    for false in ("K_1(3) = 3", "K_2(-5) = -5"):
        assert _get(v, false) == "refuted", false
    assert _get(v, "K_{-1}(3) = 7") == "undecided"  # no member: the parameter is positive
    assert _get(v, "W_1(3) = a") == "proved"  # read again at c = 1 (families.members_from_text): exact for every a
    assert _get(v, "W_1(3) = 1") != "proved"


@pytest.mark.slow
def test_definition_through_a_derivative_at_numbers() -> None:
    v = _verdicts("divergence.md")
    assert _get(v, r"B_\psi(2, 1) = 4") == "proved"
    assert _get(v, r"B_\psi(0, 1) = 2") == "proved"
    assert _get(v, r"B_\psi(2, 1) = 3") == "refuted"
    assert _get(v, r"B_\psi(1, 2) = 4") == "refuted"
    assert _get(v, r"E_\phi(2, 1) >= 0") == "undecided"  # phi arbitrary but convex: its samples are no counterexample
    assert _get(v, r"E_\phi(1, 1) = 0") == "proved"


@pytest.mark.slow
def test_bound_of_a_norm_is_nonnegative_for_a_proof_only() -> None:
    """``\\|h_t\\|_\\infty \\le M`` introduces M: M >= 0 may prove ``\\sqrt{4M^2} = 2M``; ``\\sqrt{M^2} = -M`` (false for
    M > 0) is not refuted with M >= 0 alone (a counterexample must meet the bound itself) nor proved; a difference
    of norms bounds nothing of the sign (``\\sqrt{N^2} = N`` is false for N < 0)."""
    v = _verdicts("bound.md")
    assert _get(v, r"\sqrt{4 M^2} = 2M") == "proved"
    assert _get(v, r"|M| + M = 2M") == "proved"
    assert _get(v, r"\sqrt{M^2} = -M") == "undecided"
    assert _get(v, r"\sqrt{N^2} = N") != "proved"


@pytest.mark.slow
def test_model_with_a_subscripted_name() -> None:
    """``m_0(p) = \\frac12\\|r + Jp\\|^2`` (J a matrix: p a vector): m_0(0) = |r|^2/2, so m_0(0) - m_0(p) =
    -g^T p - p^T J^T J p / 2 with g = J^T r; the look-alike without the half is false where Jp != 0."""
    v = _verdicts("damped.md")
    assert _get(v, r"m_0(0) - m_0(p) = -g^\top p - \tfrac{1}{2} p^\top J^\top J p") == "proved"
    assert _get(v, r"m_0(0) - m_0(p) = -g^\top p - p^\top J^\top J p") == "refuted"
    assert _get(v, r"k_1(0) - k_1(z) = -3 z^2") == "proved"


@pytest.mark.slow
def test_value_a_sentence_computes_for_a_member() -> None:
    """"the first projection gives $x_1 = (1, 0)$, and the minimizer is $x^* = (1, 3)$": |x_1 - x^*|^2 = 0 + 9 = 9
    in that section (8 refuted); in the next section (another run) the values do not hold: not proved."""
    a = audit((DOCS / "computed_values.md").read_text(encoding="utf-8"), "computed_values.md", timeout=4)
    got = {(r.line, r.link.replace(" ", "")): r.verdict for r in a.results if r.kind == "claim"}
    assert got[(6, r"\|x_1-x^{*}\|^2=9")] == "proved"
    assert got[(10, r"\|x_1-x^{*}\|^2=8")] == "refuted"
    assert got[(16, r"\|x_1-x^{*}\|^2=9")] == "undecided"


@pytest.mark.slow
def test_family_member_read_at_its_number() -> None:
    """``T_\\sigma`` soft-thresholds with rows that overlap for a negative sigma (its sign is never stated): the
    member at a number is the definition with that number written in (T_1(3) = 2, T_1(-1/2) = 0, T_2(-5) = -3; not
    T_1(3) = 3 nor T_2(-1) = -1); at sigma = -1 the rows overlap, so nothing is applied; a later redefinition
    (T_\\sigma(v) = \\sigma v) replaces it."""
    a = audit((DOCS / "shrink.md").read_text(encoding="utf-8"), "shrink.md", timeout=4)
    got = {(r.line, r.link.replace(" ", "")): r.verdict for r in a.results if r.kind == "claim"}
    for link in ("T_1(3)=2", "T_1(-1/2)=0", "T_2(-5)=-3"):
        assert got[(9, link)] == "proved", link
    assert got[(13, "T_1(3)=3")] == "refuted"
    assert got[(13, "T_2(-1)=-1")] == "refuted"
    assert got[(17, "T_{-1}(0)=1")] == "undecided"
    assert got[(27, "T_1(3)=3")] == "proved"
    assert got[(27, "T_2(-1)=-2")] == "proved"


@pytest.mark.slow
def test_a_model_defined_again_replaces_the_old_body() -> None:
    """q(s) = c + d^T s + s^T H s / 2, then in the next section q(s) = s^T s: q(0) - q(s) = -|s|^2 is proved with the
    new body, and the old model's decrease -d^T s - s^T H s / 2 is no longer proved (false for q = s^T s)."""
    v = _verdicts("redefined.md")
    assert _get(v, r"q(0) - q(s) = -\|s\|^2") == "proved"
    assert _get(v, r"q(0) - q(s) = -d^\top s - \tfrac{1}{2} s^\top H s") != "proved"
    assert _get(v, "u(3) = 9") == "proved"
    assert _get(v, "u(2) = 4") == "undecided"  # u defined again in a form not read: never u(x) = x^2 here


@pytest.mark.slow
def test_a_restatement_in_the_same_section_keeps_the_first_definition() -> None:
    """f(w) = |Xw - y|^2 / 2, then in the same section a multiplied-out restatement with a sign slip (+ w^T X^T y):
    the gradient X^T(Xw - y) of the first definition is proved, never refuted through the slipped restatement."""
    v = _verdicts("restated.md")
    assert _get(v, r"\nabla f(w) = X^\top (Xw - y)") == "proved"
