"""Shapes the document fixes, read from it (helper shapes2); each behaviour with a true and a false look-alike, and a
document that leaves the shape open still refused.  Twin documents in tests/audit/shapes2/.

* a rectangular membership ``X \\in \\mathbb{R}^{n\\times d}`` holds past the section of the noun beside it;
* a gradient has the shape of its point: ``g = \\nabla f(x_k)`` with g a vector makes x_k one;
* ``e_k = w_k - v`` with w, v vectors makes the family e a vector;
* a name a claim introduces as ``x^\\star`` is pinned (the key ``x^{*}`` is the text's ``x^\\star``), and a roman label
  ``p^{\\mathrm{C}}`` is a name, not a power;
* "for any $v$ ..., so $f$ is convex" states convexity of f, not of v;
* x_1 beside ``f(x) = 3|x_1| + |x_2|`` is the iterate when every other formula writes it as a point (a vector value,
  ``f(x_1)``, ``\\|x_1\\|``), and refused when one also writes it as a coordinate (``x_1 + x_2 = 1``);
* "Take $m = 1$" makes ``\\lambda \\in \\mathbb{R}^m`` a number to the end of its section;
* a display of a defined function after "Expanding the square," (a sentence that restates, no defining word in it)
  is a claim about the function, not its redefinition (a correct gradient was refuted through a slipped expansion);
* soundness guards met on the way: a witness counterexample may not set a point an earlier formula defines, and
  "$x^\\star$ its minimizer and $x \\in \\mathbb{R}^n$" does not make x a minimizer (a false bound was proved).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symgd.app.audit.context import DocContext
from symgd.app.audit.facts import read_facts
from symgd.app.audit.hypotheses import _defined_above
from symgd.app.audit.run import audit
from symgd.app.audit.shapes import gradient_partners
from symgd.app.audit.trust import _CONSTRAINT
from symgd.core.declarations import Declarations
from symgd.core.errors import BadInput
from symgd.latex.problem import parse_problem

TWINS = Path(__file__).parent / "audit" / "shapes2"


def _claims(name: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in audit((TWINS / name).read_text(), name, timeout=2).results:
        if r.kind == "claim":
            out.setdefault(r.line, []).append(r.verdict)
    return out


def test_a_gradient_has_the_shape_of_its_point() -> None:
    ctx = DocContext()
    ctx.assume += [r"g = \nabla f(x_k)", r"\eta > 0", r"u = \frac{1}{2}\eta\nabla q(z)",
                   r"v = \nabla f_i(x) - \nabla f_i(\tilde x) + \nabla F(\tilde x)", r"h = a\nabla q(y)"]
    assert gradient_partners(["g"], ctx) == ["x_k"]
    assert gradient_partners(["x_k"], ctx) == ["g"]
    assert gradient_partners(["z"], ctx) == ["u"]  # a positive coefficient times the gradient
    assert gradient_partners(["v"], ctx) == ["x", r"\tilde x"]  # every point of a sum of gradients
    assert gradient_partners(["h"], ctx) == []  # a h: a may be a vector times the number \nabla q(y)
    assert gradient_partners(["w"], ctx) == []


def test_an_assumption_equating_a_vector_to_gradients_makes_their_points_vectors() -> None:
    got = parse_problem(r"\|v\|^2 \ge 0", declarations=Declarations(assume=(
        r"v = \nabla f(x) - \nabla f(\tilde x)",)), allow_unused=True).links[0][1].lhs
    assert r"\nabla f(x)" in str(got) and "v" not in str(got)  # v, a vector by its norm, replaced by its definition
    with pytest.raises(BadInput, match="relate scalars"):  # a may be a vector times the number \nabla f(x)
        parse_problem(r"\|v\|^2 \ge 0", declarations=Declarations(assume=(r"v = a \nabla f(x)",)), allow_unused=True)


def test_min_of_norms_is_a_min_of_numbers() -> None:
    claim = parse_problem(r"\min(\|g\|^2, c\|g\|) \le \|g\|^2", declarations=Declarations(vectors=("g",)),
                          allow_unused=True).links[0][1]
    assert "Abs" in str(claim.lhs)  # min(a, b) = (a + b - |a - b|)/2 of the two numbers
    with pytest.raises(BadInput, match="of vectors or matrices"):
        parse_problem(r"\min(g, h) = g", declarations=Declarations(vectors=("g", "h")), allow_unused=True)


def test_a_witness_counterexample_never_sets_a_point_written_as_defined() -> None:
    ctx = DocContext()
    ctx.history += [r"x^+ = x - \eta \tilde g", r"\eta = 1/L"]
    cex = {"x^{+}": "[[1], [2]]", "x": "[[0], [1]]", r"\eta": "2"}
    assert _defined_above(cex, ctx) == ["x^{+}"]  # a number an earlier formula set is not looked at


def test_a_roman_letter_above_a_name_is_a_label_and_T_stays_a_transpose() -> None:
    claim = parse_problem(r"p^{\mathrm{C}} + 1 = 1 + p^{\mathrm{C}}", allow_unused=True).links[0][1]
    assert {str(s) for s in claim.lhs.free_symbols} == {"p^{C}"}
    with pytest.raises(BadInput, match="transpose of a scalar"):
        parse_problem(r"x^{\mathrm{T}} = x", allow_unused=True)


def test_the_subject_of_convex_is_the_function_not_the_first_name() -> None:
    got, _ = read_facts(r"For any direction $v$ we have $v^\top A v \ge 0$, so $f$ is convex.", 1, "")
    assert {f.function for f in got} == {"f"}
    got, _ = read_facts(r"Let $f$ be $L$-smooth and $h$ be convex.", 1, "")  # the first subject keeps them
    assert {f.function for f in got} == {"f"}


def test_a_constraint_that_reads_is_no_claim() -> None:
    assert _CONSTRAINT.search("since the step has length M the constraint reads ")
    assert not _CONSTRAINT.search("since the step has length M the bound reads ")


@pytest.mark.slow  # whole twin documents through the audit (about 12 s together)
def test_twin_documents() -> None:
    got = _claims("rect_scope.md")  # X stays a matrix in the next section
    assert got[11] == ["proved"] and got[15] == ["refuted"], got
    got = _claims("gradient_point.md")
    assert got[9] == ["proved"] and got[13] == ["refuted"], got
    assert "refuted" not in str(_claims("gradient_point_open.md"))  # g = a \nabla f(x_k): nothing inferred
    got = _claims("error_family.md")
    assert got[13] == ["proved"] and got[15] == ["proved"] and got[19] != ["proved"], got
    assert set(_claims("error_family_open.md")[15]) == {"not checked"}  # e_k = w_k - v, v of no shape
    assert _claims("starred_first_use.md")[9] == ["undecided"]  # A x^\star = b defines x^\star
    assert _claims("roman_label.md") == {9: ["undecided"], 13: ["undecided"]}  # p^C defined inline, never refuted
    got = _claims("coords_iterates.md")
    assert got == {5: ["proved", "proved"], 7: ["proved"], 9: ["refuted"]}, got
    assert {v for vs in _claims("coords_iterates_open.md").values() for v in vs} == {"not checked"}
    got = _claims("unit_dimension.md")
    assert got == {11: ["proved"], 15: ["refuted"], 19: ["proved"]}, got  # a vector again in the next section
    assert _claims("unit_dimension_open.md")[11] == ["not checked"]
    assert _claims("minimizer_and_point.md") == {4: ["refuted"]}  # '$x^\\star$ its minimizer and $x$': x is none
    assert _claims("minimizer_and_point_true.md") == {4: ["proved"]}
    assert _claims("expand_true.md") == {9: ["proved"]}  # "Expanding the square," then f(w) = ...: a claim
    assert _claims("expand_slip.md") == {9: ["refuted"]}
    assert _claims("expand_redefined.md") == {}  # "we define instead": a new definition
    got = _claims("convex_subject.md")  # f defined by a formula: no missing differentiability
    assert got == {9: ["proved"], 12: ["proved"]}, got
