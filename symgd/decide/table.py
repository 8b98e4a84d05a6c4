"""The proof methods in the order :func:`symgd.decide.decide` tries them, cheap to expensive, and the sources of
points that refutation asks when its own draws found no counterexample.

Adding a proof method is one module (an object with ``name``, ``accepts`` and ``prove``, see
:class:`symgd.decide.context.ProofMethod`) and one row of ``METHODS``.  The first method that accepts the claim
and proves it names the verdict's method; a method that accepts and fails leaves the claim to the next rows.
``POINT_SOURCES`` lists where refutation asks for further points (a solver's models) when its own draws failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from symgd.core.claims import Claim, Context
from symgd.decide import (
    domain,
    forms,
    geometric,
    gram,
    interval,
    iterates,
    lemmas,
    monotone,
    nra,
    powerbound,
    powers,
    premise,
    radicals,
    sign,
    solves,
    sos,
    sums,
    taylor,
    telescope,
    zero,
)
from symgd.decide.context import ProofMethod
from symgd.decide.expectations import AsValues, point_masses
from symgd.decide.spectral import SpectralValues

__all__ = ["METHODS", "POINT_SOURCES"]

METHODS: tuple[ProofMethod, ...] = (
    premise.ByPremise(),    # a step citing a premise: decided by that premise alone
    iterates.OverIterates(),  # sums and extrema over iterates (members of a family): combined exactly, never sampled
    geometric.GeometricSums(),  # geometric sums to a symbolic limit in closed form, then the rows below
    domain.Domain(),        # identities with sums and denominators: proved where both sides are defined (said so)
    telescope.Telescoping(),  # sums of A(k) - A(k+d) to a symbolic limit in closed form, then the rows below
    radicals.Radicals(),    # roots of symbols s >= 0 removed (s = u^2), then cancel or z3
    nra.Kinked(),           # |.|, max, roots, norms: z3 briefly (the zero test and the slacks are slow on them)
    zero.ZeroTest(),        # lhs = rhs: lhs - rhs down the ladder of rungs
    forms.TestVectors(),    # matrix lhs = rhs: z^T (lhs - rhs) w in the 1x1 forms, cancel (A^-1 = B: A B = I)
    solves.Solves(),        # x := v: substitution into the equation
    premise.Certificate(),  # lhs <= rhs with a certificate equal to rhs - lhs
    interval.Intervals(),   # lhs <= rhs between constants: an mpmath interval enclosure of rhs - lhs >= 0
    sign.Sign(),            # scalar lhs <= rhs: sign certificate of rhs - lhs (slacks for the hypotheses)
    AsValues(),             # expectations as unknown values (E[u] >= 0 for u >= 0, E[u^2] >= E[u]^2), then the above
    SpectralValues(),       # spectral norms, sigma_min, lambda_max/min as unknowns with the facts of every matrix
    gram.Gram(),            # 1 x 1 matrix lhs <= rhs: Gram forms
    nra.Quick(),            # lhs <= rhs: z3 briefly, before the SDP solver loads
    sos.SumOfSquares(),     # polynomial lhs <= rhs: a sum-of-squares certificate (SDP, rounded, checked exactly)
    nra.RealArithmetic(),   # real arithmetic (roots, |.|, max, denominators; vectors by rotation invariance): z3
    powerbound.PowerOfBound(),  # c a^E <= c b^E from 0 <= a <= b, E >= 0 (the base bound by the rows here)
    powers.IntegerPowers(),  # powers b^t of a natural number t: bounds on b^t, then induction on t
    lemmas.ByLemmas(),      # log/exp terms removed with instances of lemmas the engine proved itself
    monotone.Monotonicity(),  # one-variable transcendental inequalities: f(a) >= 0 and the sign of f'
    sums.Induction(),       # sums up to a variable limit T: induction on T
    taylor.Taylor(),        # lhs = rhs + O(var^k): Taylor coefficients of a smooth difference
)

powerbound.ROWS[:] = METHODS  # the rows PowerOfBound proves its sub-claims by
sums.BY_LEMMAS[:] = [lemmas.unless_proving_a_lemma]  # the induction step may use the lemma library

# Where refutation looks for points when its random and admissible draws found no counterexample: each source is
# called as source(claim, ctx, seconds) with the normalized claim and the hypotheses that share its symbols, and
# yields points (symbol or name -> exact value; a solver's model, say).  Every point is re-checked exactly.
POINT_SOURCES: list[Callable[[Claim, Context, float], Iterable[Mapping]]] = [nra.points]  # z3's model, made exact
POINT_SOURCES.append(point_masses)  # z3's model with expectations under point masses (symgd.decide.expectations)
