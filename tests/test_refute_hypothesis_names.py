"""Refutation when a hypothesis equation ties a name the claim does not use (r a root of r^2 - 3r + beta = 0 beside a
claim about beta alone): the name is solved for, exactly and real, and the completed point is verified exactly.

False claims are refuted with the solved name in the counterexample, re-checked here independently (the quadratic
formula, mpmath at 50 digits).  True claims are never refuted, in particular those that hold only because a real
solution must exist (beta <= 9/4) or because an inequality on the solved name excludes a root at the boundary;
inconsistent hypotheses (no real r) refute nothing.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.core.verdict import Status
from symgd.decide import refute
from symgd.decide import table as table_module
from symgd.decide.witness_names import Completer, holds_exactly, is_zero


@pytest.fixture(autouse=True)
def _sampler_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The solvers' point sources are switched off: the points measured here are the sampler's own."""
    monkeypatch.setattr(table_module, "POINT_SOURCES", [])


beta, r, s, r1, r2 = sp.symbols("beta r s r_1 r_2", real=True)
r_pos = sp.Symbol("r_p", positive=True)
ROOT = sp.Eq(r**2 - 3 * r + beta, 0)
UNIT = [beta > 0, beta < 1]


def _refuted(claim: Claim, hyps: list) -> bool:
    v = refute(claim, Context.make(hyps))
    return v is not None and v.status is Status.REFUTED


def test_the_example_is_refuted_with_the_solved_root() -> None:
    v = refute(Claim(1 + beta, "=", 2 * beta), Context.make([ROOT, *UNIT]))
    assert v is not None and v.status is Status.REFUTED
    assert set(v.counterexample) == {"beta", "r"}
    b = sp.Rational(v.counterexample["beta"])
    assert 0 < b < 1 and 1 + b != 2 * b
    roots = {str((3 + sign * sp.sqrt(9 - 4 * b)) / 2) for sign in (1, -1)}  # independent: the quadratic formula
    assert v.counterexample["r"] in roots


def test_a_completion_is_an_exact_real_root() -> None:
    done = Completer(Claim(1 + beta, "=", 2 * beta), Context.make([ROOT, *UNIT])).complete({beta: sp.Rational(1, 2),
                                                                                             r: sp.Integer(5)})
    assert done is not None and set(done) == {r}
    with mpmath.workdps(50):
        x = mpmath.mpmathify(sp.N(done[r], 60))
        assert abs(x**2 - 3 * x + mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -40
    assert sp.expand((done[r] - (3 + sp.sqrt(7)) / 2) * (done[r] - (3 - sp.sqrt(7)) / 2)) == 0


@pytest.mark.parametrize("hyp", [sp.Eq(r**2 + beta * r + 1, 0), sp.Eq(r**2 + beta, 0), sp.Eq(sp.sin(r), beta + 5)])
def test_no_real_solution_refutes_nothing(hyp: sp.Basic) -> None:
    assert not _refuted(Claim(1 + beta, "=", 2 * beta), [hyp, *UNIT])


@pytest.mark.parametrize(("claim", "hyps"), [
    (Claim(beta, "<=", sp.Rational(9, 4)), [ROOT]),  # a real root exists only for beta <= 9/4
    (Claim(beta, ">=", 0), [sp.Eq(r**2, beta)]),
    (Claim(beta, ">=", 1), [sp.Eq(r**2 + 1, beta)]),
    (Claim(beta, "<", 0), [sp.Eq(r_pos + beta, 0)]),  # r_p = -beta must fit r_p > 0
    (Claim(beta, "<", 2), [ROOT, r > 2]),  # at beta = 2 the roots are 1 and 2: r > 2 excludes both, exactly
    (Claim(beta, "<=", 4), [sp.Eq(s**2, r), sp.Eq(r**2 - 4 * r + beta, 0)]),  # a chain: r real, then s real
    (Claim(beta, "<=", sp.Rational(9, 4)), [sp.Eq(r1 + r2, 3), sp.Eq(r1 * r2, beta)]),  # solved together
])
def test_true_claims_are_never_refuted(claim: Claim, hyps: list) -> None:
    assert not _refuted(claim, hyps)


@pytest.mark.parametrize(("claim", "hyps"), [
    (Claim(beta, "<", 1), [ROOT, r > 2]),
    (Claim(beta, "=", 5), [sp.Eq(r**3 - 3 * r + beta, 0), beta > 0, beta < 2]),  # three real roots (CRootOf)
    (Claim(beta, "<", 1), [sp.Eq(s**2, r), sp.Eq(r**2 - 4 * r + beta, 0)]),
    (Claim(beta, "<", 1), [sp.Eq(r1 + r2, 3), sp.Eq(r1 * r2, beta)]),
])
def test_false_claims_are_refuted(claim: Claim, hyps: list) -> None:
    assert _refuted(claim, hyps)


def test_a_separate_group_is_completed_too() -> None:
    """A hypothesis sharing no name with the claim is satisfied by solving it (it was drawn at random)."""
    v = refute(Claim(1 + beta, "=", 2 * beta), Context.make([sp.Eq(r**2 - 3 * r + 1, 0), *UNIT]))
    assert v is not None and v.status is Status.REFUTED and "r" in v.counterexample
    assert refute(Claim(1 + beta, "=", 2 * beta), Context.make([sp.Eq(r**2 + 1, 0), *UNIT])) is None


def test_exact_checks() -> None:
    x = sp.Symbol("x", real=True)
    nested = sp.sqrt(5 + 2 * sp.sqrt(6))
    assert is_zero(sp.sqrt(2) + sp.sqrt(3) - nested) is True
    assert is_zero(sp.sqrt(2) + sp.sqrt(3) - nested + sp.Rational(1, 10**40)) is False
    assert is_zero(sp.pi - sp.Rational(355, 113)) is None  # transcendental: undecided, never a proof
    assert holds_exactly(sp.Eq(x, sp.sqrt(2) + sp.sqrt(3)), {x: nested})
    assert not holds_exactly(sp.Lt(x, sp.sqrt(2) + sp.sqrt(3)), {x: nested})
    assert holds_exactly(sp.Le(x, sp.sqrt(2) + sp.sqrt(3)), {x: nested})
    assert not holds_exactly(sp.Eq(x, sp.pi), {x: sp.Rational(355, 113)})
