"""A refutation in arbitrary values of a function the text calls convex / L-smooth / mu-strongly convex, realized by
an affine (or mu-quadratic) function with every stated property (symgd.app.audit.affine): true/false twins decided
by hand.  The documents put a definition g(u) = f(Ru) in an earlier section, as seed 003 does: it defines g only,
and must not keep a counterexample about f from standing in a later section."""

from __future__ import annotations

import pytest

from symgd.app.audit import audit
from symgd.app.audit.affine import affine_refutation
from symgd.app.audit.context import DocContext
from symgd.app.audit.facts import Fact
from symgd.latex.problem import parse_problem

_DOC = r"""# Notes

Let $f$ be {props}.

## Preconditioning

For an objective function $f$, let us minimize $g(u) = f(Ru)$ for some fixed matrix $R$.

## Natural gradient

To see why, take the gradient of  $f(x_t) + \nabla f(x_t) * (x - x_t) + {term}$

This is  $\nabla f(x_t) + x - x_t = 0$ .
"""


def _gradient_link(props: str, term: str):
    a = audit(_DOC.replace("{props}", props).replace("{term}", term), "t.md", timeout=4.0)
    (r,) = [r for r in a.results if r.kind == "claim" and r.link.startswith("gradient in x")]
    return r


def test_a_slip_in_values_at_one_point_is_refuted_by_an_affine_function() -> None:
    r = _gradient_link("convex and $L$-smooth", r"\frac{1}{2} ||x - x_t||")  # d/dx 1/2 |x - x_t| is not x - x_t
    assert r.verdict == "refuted", r.method
    assert "realized by the affine f(y) = " in r.method and "b_{f}" in r.counterexample


def test_its_correct_twin_is_not_refuted() -> None:  # the gradient of 1/2 (x - x_t)^2 is x - x_t
    assert _gradient_link("convex and $L$-smooth", r"\frac{1}{2} (x - x_t)^2").verdict == "proved"


@pytest.mark.parametrize("props", ["convex, $L$-smooth and Lipschitz", "convex, $L$-smooth and nonnegative"])
def test_a_property_no_affine_function_has_keeps_it_undecided(props) -> None:
    r = _gradient_link(props, r"\frac{1}{2} ||x - x_t||")
    assert r.verdict == "undecided", r.method


def _decide(link: str, facts: list[Fact], assume: tuple[str, ...] = (), prose: tuple[str, ...] = ()):
    ctx = DocContext(functions=["f"], stated=facts, assume=list(assume), prose=list(prose))
    p = parse_problem(link, declarations=ctx.declarations(), allow_unused=True)
    return affine_refutation(p.links[0][1], p.context, ctx, timeout=4.0)


SMOOTH = [Fact("f", "convex", "", 1), Fact("f", "smooth", "L", 1)]


def test_two_points_twins() -> None:
    # the descent lemma holds for every L-smooth f (an affine f needs L >= 0, which L-smooth implies) ...
    assert _decide(r"f(y) \le f(x) + \nabla f(x) (y - x) + \frac{L}{2} (y - x)^2", SMOOTH) is None
    # ... with the sign of the quadratic term flipped it fails already for an affine f (y != x, L > 0)
    found = _decide(r"f(y) \le f(x) + \nabla f(x) (y - x) - \frac{L}{2} (y - x)^2", SMOOTH)
    assert found is not None and "affine" in found[0]


def test_strong_convexity_is_realized_by_a_quadratic() -> None:
    strong = [Fact("f", "strongly convex", r"\mu", 1)]
    # mu-strong convexity gives mu/2 (y - x)^2 below f(y) - f(x) - f'(x)(y - x), not mu (y - x)^2: f = mu/2 y^2
    found = _decide(r"f(y) \ge f(x) + \nabla f(x) (y - x) + \mu (y - x)^2", strong)
    assert found is not None and "quadratic" in found[0]
    assert _decide(r"f(y) \ge f(x) + \nabla f(x) (y - x) + \frac{\mu}{2} (y - x)^2", strong) is None


def test_what_the_family_cannot_have_is_never_used() -> None:
    # a minimizer named x^*: no affine f has one (f(x) >= f(x^*) holds for the document's f)
    assert _decide(r"f(x) \ge f(x^*)", SMOOTH) is None
    assert _decide(r"f(x) \ge f(z)", SMOOTH, prose=["Let $z$ minimize $f$."]) is None
    assert _decide(r"f(x) \ge f(z)", SMOOTH) is not None  # z any point: false for an affine f
    # an assumption that says more of f than defining another name
    assert _decide(r"f(x) + \nabla f(x) = 3", SMOOTH, (r"f(x) \ge 0",)) is None
    # a property stated of f that is not convexity or smoothness
    assert _decide(r"f(x) + \nabla f(x) = 3", [*SMOOTH, Fact("f", "other property", "", 1)]) is None
