"""Functions a note defines, as ``symgd audit`` reads them later: a family ``S_\\tau(v)`` defined by cases applied
at ``S_1(3)`` (never the product S_1 * 3, never an arbitrary function), Euler's number beside a sequence named e,
derivatives of a defined function.  Answers decided by hand (the values in the comments)."""

from __future__ import annotations

from functools import cache

import pytest

from symgd.app.audit.run import audit

SOFT = (r"S_\tau(v) = \begin{cases} v - \tau & \text{if } v > \tau \\ 0 & \text{if } |v| \le \tau \\ "
        r"v + \tau & \text{if } v < -\tau \end{cases}")


@cache
def _verdicts(text: str) -> dict[str, tuple[str, str]]:
    """link -> (verdict, method) of the document's claim links (one audit per document)."""
    a = audit(text, "n.md", timeout=3.0)
    return {r.link: (r.verdict, r.method) for r in a.results if r.kind == "claim"}


def _doc(*displays: str, intro: str = "") -> str:
    body = "\n".join(f"and\n$$\n{d}\n$$" for d in displays)
    return f"# Note\n\n{intro}\n{body}\n"


# soft thresholding with tau > 0: S_1(3) = 3 - 1 = 2, S_1(1/2) = 0, S_{1/2}(-1) = -1 + 1/2, S_2(-5) = -3
FAMILY = [
    ("S_1(3) = 2", "proved"),
    ("S_1(3) = 5", "refuted"),  # the slip: 2, not 5
    ("S_{1/2}(-1) = -1/2", "proved"),
    ("S_2(-5) = -3", "proved"),
    ("S_1(1/2) = 1/2", "refuted"),  # inside the threshold: 0
]


@pytest.mark.parametrize(("claim", "verdict"), FAMILY)
def test_a_member_of_a_family_defined_by_cases_is_the_definition_at_its_parameter(claim, verdict) -> None:
    text = _doc(*(c for c, _ in FAMILY), intro=f"Let $\\tau > 0$. The soft-thresholding operator is\n$$\n{SOFT}\n$$")
    assert _verdicts(text)[claim][0] == verdict


def test_a_family_whose_definition_does_not_read_is_never_an_arbitrary_function() -> None:
    """Without tau > 0 the cases overlap with different values (tau = -1, v = 0): the definition is refused for
    every tau; a member at a number is the definition read with that number (families.members_from_text): S_1(3) = 2
    proved, S_1(3) = 5 refuted (read as a product or an arbitrary S_1, the correct S_1(3) = 2 was refuted); at
    tau = -1, where the rows overlap, it is undecided with that reason."""
    text = _doc("S_1(3) = 2", "S_1(3) = 5", "S_{-1}(3) = 2", intro=f"The soft-thresholding operator is\n$$\n{SOFT}\n$$")
    a = audit(text, "n.md", timeout=3.0)
    definition = next(r for r in a.results if r.kind == "definition")
    assert "disagree where both hold" in definition.note
    got = {r.link: r for r in a.results if r.kind == "claim"}
    assert got["S_1(3) = 2"].verdict == "proved"
    assert got["S_1(3) = 5"].verdict == "refuted"
    r = got["S_{-1}(3) = 2"]
    assert r.verdict == "undecided" and "member of the function family" in r.method, r


def test_a_function_defined_by_cases_without_words_is_applied() -> None:
    text = _doc("h(-2) = 2", "h(-2) = -2", intro="The function\n$$\nh(x) = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 "
                "\\end{cases}\n$$")
    assert [v for v, _ in _verdicts(text).values()] == ["proved", "refuted"]


def test_a_function_whose_display_does_not_read_at_all_is_still_a_function() -> None:
    """An environment symgd does not know (here a made-up one): M(2) later is neither M times 2 (refuted at M = -7
    before) nor an arbitrary function; a family member T_1(3) likewise."""
    text = _doc("M(2) = 2", "T_1(3) = 3", intro="The maps\n$$\nM(v) = \\begin{mycases} v \\end{mycases}\n$$\nand\n"
                "$$\nT_\\lambda(x) = \\begin{mycases} x \\end{mycases}\n$$\nso")
    a = audit(text, "n.md", timeout=3.0)
    notes = [r.note for r in a.results if r.verdict == "not checked"]
    assert notes == ["M is a function from here on (its definition was not read)",
                     "T_\\lambda is a function from here on (its definition was not read)"]
    assert [r.verdict for r in a.results if r.verdict != "not checked"] == ["undecided", "undecided"]


def test_a_function_defined_by_cases_with_a_gap_is_not_guessed() -> None:
    text = _doc("P(2) = 1", intro="The step function is\n$$\nP(v) = \\begin{cases} 1 & \\text{if } v > 0 \\\\ "
                "0 & \\text{if } v < 0 \\end{cases}\n$$")
    a = audit(text, "n.md", timeout=3.0)
    assert "do not cover every value (at v = 0)" in next(r for r in a.results if r.kind == "definition").note
    assert [r.verdict for r in a.results if r.kind == "claim"] == ["undecided"]


SIGMOID = r"\sigma(z) = \frac{1}{1+e^{-z}}"
# sigma' = e^{-z}/(1+e^{-z})^2 = sigma(1 - sigma); sigma'' = sigma'(1 - 2 sigma); sigma'(0) = 1/4.
# (written, as the audit reports the link, verdict)
DERIVATIVES = [
    (r"\sigma'(z) = \frac{e^{-z}}{(1+e^{-z})^2}", None, "proved"),
    (r"\sigma' = \sigma(1-\sigma)", r"\sigma'(z) = \sigma(z)(1-\sigma(z))", "proved"),  # point-free: at z; a product
    (r"\sigma' = 2\sigma(1+\sigma)", r"\sigma'(z) = 2\sigma(z)(1+\sigma(z))", "refuted"),
    (r"\sigma'(z) = \sigma(z)(1 + \sigma(z))", None, "refuted"),  # was undecided: "used without its arguments"
    (r"\sigma^{\prime\prime}(z) = \sigma'(z)(1 - 2\sigma(z))", r"\sigma''(z) = \sigma'(z)(1 - 2\sigma(z))", "proved"),
    (r"\sigma'(0) = \frac{1}{2}", None, "refuted"),  # 1/4
]


@pytest.mark.parametrize(("claim", "reported", "verdict"), DERIVATIVES)
def test_derivatives_of_a_defined_function_are_its_definition_differentiated(claim, reported, verdict) -> None:
    text = _doc(*(c for c, _, _ in DERIVATIVES), intro=f"The sigmoid is\n$$\n{SIGMOID}\n$$\nand its derivative satisfies")
    got = _verdicts(text)
    assert got[reported or claim][0] == verdict, got


def test_a_derivative_on_the_left_after_let_is_a_claim_not_a_new_definition() -> None:
    text = "# N\n\nLet\n$$\nf(x) = x^3 + 2x\n$$\nThen\n$$\nf^{\\prime}(x) = 3x^2 + 1\n$$\n"  # a slip: + 2
    a = audit(text, "n.md", timeout=3.0)
    assert [(r.kind, r.verdict) for r in a.results][1:] == [("claim", "refuted")]


def test_point_free_is_refused_for_two_arguments_or_beside_an_application() -> None:
    text = _doc("g' = g", intro="Also\n$$\ng(x, y) = x y\n$$\nso")
    assert [(v, m.split(":")[0]) for v, m in _verdicts(text).values()] == [("not checked", "not read")]
    assert "which derivative?" in next(iter(_verdicts(text).values()))[1]
    text = _doc("f' = f(2x)", intro="Also\n$$\nf(x) = x^2\n$$\nso")  # f'(x) = f(2x)? or f(x) times 2x?
    assert "an application or a product?" in next(iter(_verdicts(text).values()))[1]


# ---------------------------------------------------------------- Euler's number beside a sequence named e

@pytest.mark.parametrize(("claim", "declared", "value"), [
    (r"\int_0^1 e^{-t} dt = 1 - e^{-1}", ["e_k"], True),  # --vector e_k declares e_k, e_{k+1}; e stays Euler's
    (r"e_k^T e_k + e \ge 0", ["e_k"], True),
    (r"e_i^T e \ge 0", ["e"], False),  # e itself declared a vector: e_i^T e may be negative
])
def test_a_vector_family_e_k_leaves_e_to_euler(claim, declared, value) -> None:
    from symgd import check

    assert check(claim, vectors=declared).proved is value


def test_a_family_definition_leaves_the_membership_of_its_own_name_alone() -> None:
    """e_k = x_k - x^* defines every member; e_k \\in R^n declares e_k a vector (it was expanded into
    '{x_k - x^*} \\in ...' and refused: 'expected a name'), and e stays Euler's number."""
    from symgd import check

    vectors = [r"e_k \in \mathbb{R}^n", r"x_k \in \mathbb{R}^n", r"x^* \in \mathbb{R}^n", r"e_k = x_k - x^*"]
    assert check(r"e_3^T e_3 \ge 0", vectors).proved
    assert check(r"\int_0^1 e^{-t} dt = e - 1", vectors).refuted  # 1 - 1/e


def test_e_defined_as_a_name_is_refused_in_check_and_in_the_audit() -> None:
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    with pytest.raises(BadInput, match="e is Euler's number: give the quantity"):
        parse_problem(r"e^2 \ge 0", assume=["e = x - y"])  # read, it was the hypothesis 2.718... = x - y
    text = ("# N\n\nLet $e = x - x^*$ be the error. Then\n$$\ne^2 = x^2 - 2 x x^* + (x^*)^2\n$$\nand\n$$\n"
            "\\int_0^1 e^{-t} \\, dt = 1 - e^{-1}\n$$\n")
    got = _verdicts(text)
    assert [v for v, _ in got.values()] == ["not checked", "not checked"]
    assert all("e is defined as a name on line 3 and is also Euler's number" in m for _, m in got.values())


def test_a_claim_between_numbers_is_refuted_whatever_the_note_defines() -> None:
    """e_k a vector family, t a quantified variable elsewhere: \\int_0^1 e^{-t} dt = e - 1 is false (1 - 1/e)."""
    text = ("# N\n\nLet $x_k \\in \\mathbb{R}^n$ and $e_k = x_k - x^*$ the error, $e_k \\in \\mathbb{R}^n$. For "
            "$t \\ge 0$,\n$$\n\\|e_0\\|^2 e^{-t} \\le \\|e_0\\|^2\n$$\nand\n$$\n\\int_0^1 e^{-t} \\, dt = e - 1\n$$\n")
    assert _verdicts(text)[r"\int_0^1 e^{-t}   dt = e - 1"][0] == "refuted"


# ---------------------------------------------------------------- a proved identity used at a point


def test_a_proved_identity_of_a_function_is_used_at_a_point() -> None:
    """ell''(w) = 4 w^2 + c proved for every w: ell''(0) + ell''(2a) is c + 16 a^2 + 2c; an identity about another
    function, or one with the function on its right, is not kept."""
    import sympy as sp

    from symgd.app.audit.context import DocContext
    from symgd.app.audit.identities import at_points, record
    from symgd.latex.problem import parse_problem

    def claim(latex: str):
        return parse_problem(latex, allow_unused=True).links[0][1]

    ctx = DocContext()
    record(claim(r"\ell''(w) = 4 w^2 + c"), 5, ctx)
    record(claim(r"\ell'(w) = \ell(w) + 1"), 6, ctx)  # the function on the right: not an identity to evaluate
    assert len(ctx.identities) == 1
    got, how = at_points(claim(r"\ell''(0) + \ell''(2a) = c"), ctx, 7)
    a, c = sorted(got.lhs.free_symbols, key=lambda s: s.name)
    assert sp.expand(got.lhs - (16 * a**2 + 2 * c)) == 0 and got.rhs == c and "line 5" in how
    assert at_points(claim(r"f''(0) = 1"), ctx, 7) is None
    ctx.sections.append(8)  # another section: its definitions (and so its identities) stay behind
    assert at_points(claim(r"\ell''(0) = 1"), ctx, 7) is not None and at_points(claim(r"\ell''(0) = 1"), ctx, 9) is None
    ctx.defined_at[r"\ell"] = 6  # defined again below the identity: no longer used
    assert at_points(claim(r"\ell''(0) = 1"), ctx, 7) is None
