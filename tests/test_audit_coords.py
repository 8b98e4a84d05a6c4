"""Worked examples in coordinates (symgd/app/audit/coords.py): a function defined in the coordinates x_1, x_2 of its
argument x, points given as tuples, and claims about values, gradients, steps and norms at those points, decided
exactly.  Every value below was computed by hand (comments); each true document has a false twin."""

from __future__ import annotations

from symgd.app.audit import audit

# f(x) = 2(x_1 - 3)^2 + 1/2 (x_2 + 1)^2: grad f(x) = (4(x_1 - 3), x_2 + 1); at x_0 = (0, 1): (-12, 2), f(x_0) = 18 + 2
# = 20; x_0 - 1/4 grad = (0 + 3, 1 - 1/2) = (3, 1/2); f(3, 1/2) = 1/2 (3/2)^2 = 9/8; |(3, 1/2)|^2 = 9 + 1/4 = 37/4.
STEP = """# One step by hand

Take $f(x) = 2(x_1 - 3)^2 + \\tfrac12 (x_2 + 1)^2$ and start at $x_0 = (0, 1)$ with $\\eta = 1/4$. The gradient is

$$\\nabla f(x) = \\bigl(4(x_1 - 3),\\; x_2 {g2} 1\\bigr),$$

so $\\nabla f(x_0) = (-12, {d2})$ and

$$x^{{(1)}} = x_0 - \\eta \\nabla f(x_0) = (3, {x2}).$$

Then $f(x^{{(1)}}) = {f1}$, $\\|x^{{(1)}}\\|^2 = \\tfrac{{37}}{{4}}$ and $f(x_0) \\le {bound}$.
"""

TRUE = {"g2": "+", "d2": "2", "x2": "\\tfrac12", "f1": "\\tfrac98", "bound": "20"}
FALSE = {"g2": "-", "d2": "1", "x2": "0", "f1": "\\tfrac94", "bound": "19"}


def _verdicts(text: str) -> dict[str, str]:
    return {r.link: r.verdict for r in audit(text, "note.md", timeout=2.0).results}


def test_a_worked_step_in_coordinates_is_proved_link_by_link() -> None:
    v = _verdicts(STEP.format(**TRUE))
    claims = {k: x for k, x in v.items() if x not in ("definition", "assumption")}
    assert claims and set(claims.values()) == {"proved"}, v
    assert len(claims) == 6, v  # the gradient, its value, the step, f there, the norm, the bound
    assert v["x_0 = (0, 1)"] == "definition"


def test_each_wrong_coordinate_is_refuted_with_its_exact_value() -> None:
    results = [r for r in audit(STEP.format(**FALSE), "note.md", timeout=2.0).results if r.kind == "claim"]
    by_link = {r.link: r for r in results}
    assert all(r.verdict == "refuted" for r in results if "37" not in r.link), [(r.link, r.verdict) for r in results]
    assert by_link["\\nabla f(x_0) = (-12, 1)"].detail.startswith("entry 2: 2 vs 1")
    assert "1/2 vs 0" in next(r.detail for r in results if "(3, 0)" in r.link)  # x_0 - 1/4 grad = (3, 1/2)
    assert "9/8 vs 9/4" in next(r.detail for r in results if "94" in r.link or "9}{4}" in r.link)
    assert next(r.verdict for r in results if "37" in r.link) == "proved"  # |(3, 0)|^2 = 9 is not 37/4: the
    # value of x^{(1)} is the one the text defines (x_0 - eta grad = (3, 1/2)), not the slip written after it


# |2/5| + 2|-1/5| = 4/5 and |(2/5, -1/5)|^2 = 4/25 + 1/25 = 1/5.
ABS = """# A subgradient step

Let $f(x) = |x_1| + 2|x_2|$. After one step we reach ${point} = (2/5, -1/5)$, and

$$f({point}) = {value}, \\qquad \\|{point}\\|^2 = \\frac15 .$$
"""


def test_iterate_written_apart_from_the_coordinates_is_evaluated() -> None:
    assert set(_verdicts(ABS.format(point="x^{(1)}", value="\\frac45")).values()) == {"definition", "proved"}
    v = _verdicts(ABS.format(point="x^{(1)}", value="\\frac35"))
    assert v["f(x^{(1)}) = \\frac{3}{5}"] == "refuted"


def test_x1_as_coordinate_and_as_iterate_is_refused_not_guessed() -> None:
    # written only as a point beside the definition (a vector value, f(x_1), \|x_1\|): the iterate (shapes2)
    v = _verdicts(ABS.format(point="x_1", value="\\frac35"))
    assert v["f(x_1) = \\frac{3}{5}"] == "refuted" and v["\\|x_1\\|^2 = \\frac{1}{5}"] == "proved", v
    both = ABS + "\nOn the line $x_1 + x_2 = 1$ the bound is tight.\n"  # x_1 a coordinate outside the definition too
    for value in ("\\frac45", "\\frac35"):
        results = audit(both.format(point="x_1", value=value), "note.md", timeout=2.0).results
        used = [r for r in results if "x_1 = " in r.link or "(x_1)" in r.link or "x_1\\|" in r.link]
        assert used and all(r.verdict == "not checked" for r in used), [(r.link, r.verdict) for r in results]
        assert any("both a coordinate" in r.method and "x^{(1)}" in r.method for r in used)


def test_a_new_start_in_the_section_is_a_definition_and_a_gradient_of_abs_is_not_taken() -> None:
    text = ("# Two starts\n\nTake $f(x) = (x_1 - 1)^2 + |x_2|$ and $x_0 = (0, 1)$, so $f(x_0) = 2$.\n\n"
            "Now take $x_0 = (1, 1)$ instead, so $f(x_0) = 1$ and $\\nabla f(x_0) = (0, 1)$.\n")
    results = audit(text, "note.md", timeout=2.0).results
    v = {(r.link, r.line): r.verdict for r in results}
    assert v[("f(x_0) = 2", 3)] == "proved" and v[("f(x_0) = 1", 5)] == "proved", v
    assert v[("x_0 = (1, 1)", 5)] == "definition", v
    assert v[("\\nabla f(x_0) = (0, 1)", 5)] == "not checked", v  # |x_2| has no gradient everywhere


def test_a_scalar_function_of_a_scalar_is_untouched() -> None:
    text = ("# Scalar\n\nTake $f(x) = (x - 3)^2$ and $x_0 = 1$. Then\n\n$$f(x_0) = 4, \\qquad f(x_0) = 5 .$$\n")
    results = audit(text, "note.md", timeout=2.0).results
    assert not any("coordinates" in r.method for r in results)


# f = x_1^2 + 3x_2^2 - x_1 x_2 + x_1: grad = (2x_1 - x_2 + 1, 6x_2 - x_1), (2, 5) at (1, 1); Hessian [[2, -1], [-1, 6]]
# (det 11, inverse [[6, 1], [1, 2]]/11); the Newton step: (1, 1) - (17, 12)/11 = (-6/11, -1/11), where the gradient is
# (-12/11 + 1/11 + 1, -6/11 + 6/11) = 0 and f = (36 + 3 - 6)/121 - 6/11 = -3/11.
NEWTON = """# Newton in the plane

Let $f(x) = x_1^2 + 3x_2^2 - x_1 x_2 + x_1$ and $x_0 = (1, 1)$. Then

$$\\nabla^2 f(x) = \\begin{{pmatrix}} 2 & -1 \\\\ -1 & {h22} \\end{{pmatrix}}$$

and

$$x^{{(1)}} = x_0 - \\left[\\nabla^2 f(x_0)\\right]^{{-1}} \\nabla f(x_0) = \\left(-\\tfrac{{6}}{{11}}, {x2}\\right),$$

so $\\nabla f(x^{{(1)}}) = 0$ and $f(x^{{(1)}}) = {f1}$. Clearly $f'(x_0) = 3$.
"""


def test_newton_step_with_the_hessian_in_coordinates() -> None:
    v = _verdicts(NEWTON.format(h22="6", x2="-\\tfrac{1}{11}", f1="-\\tfrac{3}{11}"))
    assert [x for k, x in v.items() if x not in ("definition", "assumption") and "f'" not in k] == ["proved"] * 4, v
    assert v["f'(x_0) = 3"] == "not checked"  # f' of a function of a vector: not read as a gradient
    w = _verdicts(NEWTON.format(h22="5", x2="\\tfrac{1}{11}", f1="\\tfrac{3}{11}"))
    assert [x for k, x in w.items() if x not in ("definition", "assumption") and "f'" not in k] == \
        ["refuted", "refuted", "proved", "refuted"], w  # the gradient at the text's step (-6/11, -1/11) is 0


# f(x_1, x_2) = x_1^2 + 2x_2^2: f(1, 2) = 1 + 8 = 9; grad = (2x_1, 4x_2); at x_0 = (a, 1): (2a, 4), f = a^2 + 2.
TWO_ARGUMENTS = """# Two arguments

Let $f(x_1, x_2) = x_1^2 + 2 x_2^2$ and $x_0 = (a, 1)$ with $a > 0$. Then $f(1, 2) = {f12}$,

$$\\nabla f(x_1, x_2) = (2x_1, {g2}), \\qquad \\nabla f(x_0) = (2a, 4), \\qquad f(x_0) = a^2 + {c} .$$
"""


def test_a_function_of_the_coordinates_listed_and_a_point_with_a_name_in_it() -> None:
    v = _verdicts(TWO_ARGUMENTS.format(f12="9", g2="4x_2", c="2"))
    assert [x for x in v.values() if x not in ("definition", "assumption")] == ["proved"] * 4, v
    w = _verdicts(TWO_ARGUMENTS.format(f12="8", g2="2x_2", c="1"))
    assert [x for x in w.values() if x not in ("definition", "assumption")] == ["refuted", "undecided", "proved",
                                                                                 "refuted"], w


# grad f(x*) = (4(1 - 3), 0 + 1) = (-8, 1) at x* = (1, 0); <(-8, 1), y - (1, 0)> = -8(y_1 - 1) + y_2 = 8(1 - y_1) + y_2.
BOX = """# Box

Let $f(x) = 2(x_1 - 3)^2 + \\frac12 (x_2 + 1)^2$. At $x^\\star = (1, 0)$ we have $\\nabla f(x^\\star) = (-8, 1)$, and

$$\\langle \\nabla f(x^\\star), y - x^\\star \\rangle = {rhs} .$$
{extra}"""


def test_a_vector_beside_its_coordinates_in_one_formula() -> None:
    v = _verdicts(BOX.format(rhs="8(1 - y_1) + y_2", extra=""))
    assert v["\\langle \\nabla f(x^\\star), y - x^\\star \\rangle = 8(1 - y_1) + y_2"] == "proved", v
    w = _verdicts(BOX.format(rhs="8(1 - y_1) + y_2 + 1", extra=""))
    assert w["\\langle \\nabla f(x^\\star), y - x^\\star \\rangle = 8(1 - y_1) + y_2 + 1"] == "refuted", w
    # y_1 is also a point of the text (its norm): y is not read as the vector of y_1, y_2
    u = _verdicts(BOX.format(rhs="8(1 - y_1) + y_2", extra="\nThen $\\|y_1\\|^2 = 2$.\n"))
    assert u["\\langle \\nabla f(x^\\star), y - x^\\star \\rangle = 8(1 - y_1) + y_2"] == "not checked", u


def test_any_letter_defines_a_function_of_the_coordinates() -> None:
    # h, not f: the definition is read with h declared a function (h(x) is not h times x)
    text = STEP.format(**TRUE).replace("f(", "h(").replace("\\nabla f", "\\nabla h")
    claims = {k: x for k, x in _verdicts(text).items() if x not in ("definition", "assumption")}
    assert len(claims) == 6 and set(claims.values()) == {"proved"}, claims
