"""Optimization steps proved from a stated function class with the text's own definitions (symgd.app.audit.classes,
symgd.decide.interpolation), and their slips refuted by a quadratic of the class.

Each expected verdict was decided by hand.  The true steps: the descent lemma at a step 1/b and its sum with the PL
inequality, q(w+) - q* <= (1 - a/b)(q(w) - q*) (Karimi, Nutini and Schmidt, 2016, Thm 1); the descent lemma plus
convexity at a minimizer, phi(v+) <= phi* + <r, c> - |r|^2/(2M) for r = grad phi(v), c = v - v* and the step 1/M
(the usual O(1/k) proof).  Their look-alikes fail on the quadratic b/2 |z|^2 (PL with constant b >= a, minimizer 0):
the doubled PL rate (take a > b/2), the decrease |grad|^2/b without the 1/2, and the doubled -2/M |r|^2.  A step
that holds only for a step at most 1/L stated in words (h/2 |grad|^2) must not be refuted: the quadratic witness is
tried only at steps of at most 1/(4L), where the bound holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.core.declarations import Declarations
from symgd.decide.interpolation import FunctionClass, certify, witness_gap
from symgd.latex.problem import parse_problem

DOCS = Path(__file__).parent / "audit" / "lemmas"
b, a = sp.Symbol("b", positive=True), sp.Symbol("a", positive=True)


def _read(latex: str, vectors: tuple[str, ...]) -> tuple[Claim, Context]:
    p = parse_problem(latex, declarations=Declarations(assume=("a > 0", "b > 0"), vectors=vectors,
                                                                 functions=("q",)), allow_unused=True)
    return p.links[0][1], p.context


def _step() -> dict:
    rule, _ = _read(r"w_{1} = w_0 - \frac{1}{b}\nabla q(w_0)", ("w_{1}", "w_0"))
    return {"w_{1}": rule.rhs}


_PL = [FunctionClass("q", L=b, stationary=frozenset({"z"}), minimizers=frozenset({"z"}), pl=a)]


def test_pl_rate_of_a_defined_step_in_values_only() -> None:
    """A claim in function values only names no vector: its points are the rule's (w_1 = w_0 - grad q(w_0)/b)."""
    true, ctx = _read(r"q(w_{1}) - q(z) \le (1 - \frac{a}{b})(q(w_0) - q(z))", ())
    method = certify(true, _PL, ctx, timeout=6, points=_step())
    assert method is not None and "PL inequality" in method and "smoothness" in method
    slip, ctx = _read(r"q(w_{1}) - q(z) \le (1 - \frac{2a}{b})(q(w_0) - q(z))", ())
    assert certify(slip, _PL, ctx, timeout=6, points=_step()) is None


def test_the_quadratic_witness_of_the_class() -> None:
    """b/2 z^2 at the minimizer 0 and at w_0, w_1 = 0: the doubled rate fails exactly where a > b/2; the true rate
    holds wherever the witness is in the class (a <= b, the condition the witness states)."""
    x = sp.Symbol("w_0", real=True)
    slip, _ = _read(r"q(w_{1}) - q(z) \le (1 - \frac{2a}{b})(q(w_0) - q(z))", ())
    gap, conditions, what, constants, steps, _ = witness_gap(slip, _PL, _step())
    gap = gap.xreplace({s: x for s in gap.free_symbols if s.name.startswith("vec:w")})
    assert sp.simplify(gap - (2 * a / b - 1) * b / 2 * x**2) == 0
    assert conditions == [sp.Le(a, b)] and what == "q(z) = b/2 |z|^2" and constants == {a, b} and not steps
    true, _ = _read(r"q(w_{1}) - q(z) \le (1 - \frac{a}{b})(q(w_0) - q(z))", ())
    gap = witness_gap(true, _PL, _step())[0]
    gap = gap.xreplace({s: x for s in gap.free_symbols if s.name.startswith("vec:w")})
    assert sp.simplify(gap - (a / b - 1) * b / 2 * x**2) == 0  # <= 0 for a <= b


def test_a_bounded_gradient_has_no_quadratic_witness() -> None:
    slip, _ = _read(r"q(w_{1}) \le q(w_0) - \frac{1}{b}\|\nabla q(w_0)\|^2", ("w_0",))
    bounded = [FunctionClass("q", L=b, G=sp.Symbol("G", positive=True))]
    assert witness_gap(slip, bounded, _step()) is None


def _audit(name: str) -> dict[int, tuple[str, str]]:
    from symgd.app.audit import audit

    res = audit((DOCS / name).read_text(), name, timeout=4)
    return {r.line: (r.verdict, r.method) for r in res.results if r.kind == "claim"}


@pytest.mark.slow
def test_pl_step_twins() -> None:
    got = _audit("pl_step.tex")
    assert got[8][0] == "proved" and got[12][0] == "proved", got
    assert "PL inequality" in got[12][1] and "line 6" in got[12][1]  # the rule the text states inline, cited
    assert got[16][0] == "refuted" and got[20][0] == "refuted", got  # doubled rate, dropped 1/2
    assert "b/2" not in got[16][1] and "\\beta/2 |z|^2" in got[16][1]


@pytest.mark.slow
def test_convex_step_with_abbreviations() -> None:
    got = _audit("convex_step.md")
    assert got[14][0] == "proved" and "c_{i} = -v^{*} + v_{i}" in got[14][1], got  # abbreviations substituted
    assert got[18][0] == "refuted", got
    assert got[24][0] != "refuted", got  # true (L|x_0 - x*|^2/(2K) at K = 2): v_2 and v_0 are tied by the rule


@pytest.mark.slow
def test_a_point_defined_in_a_let_sentence() -> None:
    """u^+ = u - s d in the sentence that states the class: the descent lemma along d proved from it; halving the
    curvature term refuted (M s^2/2 |d|^2 <= M s^2/4 |d|^2 fails for d != 0); without that definition u^+ would be
    a free point, and the true bound must then never be refuted."""
    got = _audit("direction_step.md")
    assert got[4][0] == "proved" and "u^{+} = (-s)*d + u" in got[4][1], got
    assert got[10][0] == "refuted", got


@pytest.mark.slow
def test_if_then_leads_to_a_claim() -> None:
    """"If $h \\le 1/\\lambda$, then $$B$$": B is claimed under the condition (proved: half a step of decrease);
    with h <= 2/lambda the full step -h |grad|^2 fails for lambda/2 z^2 even at small steps; "we call psi ... if
    $$B$$" defines a property and is not checked."""
    got = _audit("if_then.md")
    assert got[7][0] == "proved" and got[11][0] == "refuted", got
    assert 15 not in got  # an assumption, not a claim


@pytest.mark.slow
def test_a_step_value_in_force() -> None:
    """"largest at $s = 1/\\beta$, where": the witness takes the step's value in force (recorded, never ignored):
    the bound without the one half fails there (z_{t+1} = 0: 0 <= -beta/2 z_t^2); the true bound is never refuted
    (it is not proved either: an inline value is not substituted in proofs)."""
    got = _audit("step_value.md")
    assert got[6][0] != "refuted", got
    assert got[10][0] == "refuted" and "s = 1/\\beta (the value in force)" in got[10][1], got


@pytest.mark.slow
def test_a_step_condition_in_words_is_never_refuted() -> None:
    got = _audit("step_condition.md")
    assert got[8][0] == "proved", got
    assert got[12][0] != "refuted", got  # true for h <= 1/lambda, said in words only


def test_a_property_is_bound_to_its_own_subject() -> None:
    """One sentence about two functions: each property goes to the function its clause speaks of."""
    from symgd.app.audit.facts import read_facts

    def said(prose: str) -> set:
        return {(f.function, f.kind, f.constant) for f in read_facts(prose, 1)[0]}

    # the composite problem's nonsmooth part is not L-smooth (the clause before it speaks of f)
    assert said(r"with an $L$-Lipschitz gradient, and $g$ is convex but possibly nonsmooth.") == {("g", "convex", "")}
    assert ("f", "smooth", "L") not in said(r"Assume a $\mu$-strongly convex $f$ and an $L$-smooth $g$.")
    assert ("f", "smooth", "L") in said(r"Consider an $L$-smooth, $\mu$-strongly convex function $f$.")
    assert ("f", "smooth", "L") in said(r"The gradient of $f$ is $L$-Lipschitz.")
    assert ("h", "smooth", r"\beta") in said(r"Let $h$ be differentiable with a gradient that is $\beta$-Lipschitz.")
    assert ("h", "smooth", r"\beta") not in said(r"Let $h$ be differentiable with a gradient that is not $\beta$-Lipschitz.")
