"""Deciding claims: exact proofs, refutation by exact sampling, and undecided otherwise.

The soundness rule: a claim is *proved* only by exact reasoning — an expression ladder that
reduces ``lhs - rhs`` to zero, Taylor coefficients that vanish identically, a premise
instantiated exactly, or a sign certificate checked factor by factor.  Sampling can only
*refute*, and a refutation is reported only when the counterexample satisfies every assumption
and the two sides really differ there (exactly, or by far more than the evaluation error).
Everything runs under a time budget (:func:`symgd.core.budget.run_with_budget`).

:func:`decide` walks one ordered table of proof methods, cheap to expensive (:data:`symgd.decide.table.METHODS`,
which is authoritative; one module each, adding a method is one module and one row there).  The first method that
accepts the claim and proves it names the verdict; a step that cites a premise or a certificate is decided by it
alone.

=====================  ===============================================================  ==============
method                 proves                                                           module
=====================  ===============================================================  ==============
premise                a step that cites a premise (an exact instance, or rewriting)    premise.py
geometric sums         sums to a symbolic limit or to infinity in closed form, then     geometric.py
                       the rows below (ratio != 1, resp. |q| < 1, proved first, or
                       the cases r = 1 and r != 1 of a ratio r)
domain                 ``lhs = rhs`` with sums and denominators, where every            domain.py
                       denominator is nonzero (the verdict says "where d != 0")
telescoping sums       sum_{k=m}^{n} (A(k) - A(k+d)) in closed form (roots              telescope.py
                       rationalized, logs of quotients split), then the rows below
radicals               roots of symbols s >= 0 removed (s = u^2), then cancel or z3     radicals.py
kinked (z3, briefly)   claims with |.|, max, roots, norms                               nra.py
zero test              ``lhs = rhs``: lhs - rhs down a ladder of rungs                  zero.py
test vectors           matrix ``lhs = rhs``: z^T (lhs - rhs) w in the 1x1 forms         forms.py
substitution           ``x := v`` solves an equation                                    solves.py
certificate            ``lhs <= rhs`` given rhs - lhs as an expression of evident sign  premise.py
interval arithmetic    ``lhs <= rhs`` between constants (log 2 >= 0.69): rhs - lhs      interval.py
                       enclosed by mpmath's interval arithmetic, lower end >= 0
sign certificate       scalar ``lhs <= rhs`` (``<``): sign of rhs - lhs, with slacks    sign.py
expectations           ``lhs <= rhs`` with E[.]: each expectation an unknown value with  expectations.py
                       the facts of every distribution (E[u] >= 0 for u >= 0,
                       E[u^2] >= E[u]^2, Cauchy-Schwarz, |E u| <= E|u|), then sign
spectral values        spectral norms, sigma_min, lambda_max/min as unknowns with the   spectral.py
                       facts of every matrix (submultiplicative, triangle, ...)
Gram forms             1 x 1 matrix ``lhs <= rhs``: Gram forms plus a scalar part       gram.py
quick z3               ``lhs <= rhs`` briefly, before the SDP solver loads              nra.py
sum of squares         polynomial ``lhs <= rhs``: rounded SOS certificate, exact check  sos.py
real arithmetic        ``<=``, ``<``, ``=`` in real arithmetic (roots, abs, max): z3;   nra.py,
                       vectors in coordinates of k vectors in R^k (the Gram lift)       coordinates.py
power of a bound       ``c a^E <= c b^E`` from 0 <= a <= b, E >= 0, c >= 0 (exp(E x)   powerbound.py
                       is (e^x)^E); a <= b by the rows here: (1-g)^t <= e^(-g t);
                       else ``c a^E <= R`` from ``c e^(E(a-1)) <= R`` (rate to eps)
integer powers         b^t with t a natural number: bounds on b^t, induction on t       powers.py
lemma instances        scalar inequalities with log and exp terms, by proved lemmas     lemmas.py
                       (log A - log B merged into log(A/B) when A, B > 0 are proved)
monotonicity           one-variable inequalities by the sign of a derivative (exp,      monotone.py,
                       log, sin, cos by transcendental.py; |.|, max, min by cases.py)   transcendental.py
induction              ``lhs <= rhs`` with sums up to a variable limit T                sums.py
Taylor coefficients    ``lhs = rhs + O(var^k)``                                         taylor.py
=====================  ===============================================================  ==============

then, with the budget left, :func:`refute` (refutation.py; sample.py draws points, bounds.py draws them inside
interval hypotheses, boundary points included, exact.py evaluates them; table.py also lists the relation's test
of a point per relation is refutation.FAILS_AT; table.py lists the sources of further points, POINT_SOURCES,
such as a solver's models).
Shared pieces: context.py (the claim as methods see it, hypotheses that apply, assumption checks), definedness.py
(denominators and side conditions). powerbound.ROWS and sums.BY_LEMMAS are filled by table.py (registries: those rows
prove sub-claims by other rows without importing the table).

Conventions (see tests/test_soundness_engine.py, tests/test_decide_domain.py): an identity holds where both sides
are defined ((x^2-1)/(x-1) = x+1 is proved; with a sum, the domain row names the denominators it assumed nonzero),
and a point where a side is undefined refutes nothing; a symbol in a limit of a sum is an integer and refutation
samples only sums that run over zero or more terms (sums.counted_terms); but ``x := v`` must make no denominator
of the equation vanish;
``O(var**k)`` is proved from Taylor coefficients only for functions smooth at 0 (undefined functions
count as smooth); a matrix identity in a symbolic size n is proved in coordinates only as a matrix
polynomial of degree d checked for n = d + 1; floats are never proved; a step citing a premise about
other objects is never refuted by a random sample of them (the sample may violate the premise).
Matrix symbols stand for real matrices: an inequality between 1 x 1 matrix expressions is proved as a sum
of nonnegative coefficients times Gram forms M^T M or M^T P M (P declared positive definite) plus a scalar
part, and is strict only through the scalar part (x^T x > 0 fails at x = 0).  Sizes are sampled in 1..5,
independently for different size symbols.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, ParamSpec, TypeVar

from symgd.core.budget import DEFAULT_TIMEOUT, BudgetExceeded, run_with_budget
from symgd.core.claims import Claim, Context, Premise
from symgd.core.verdict import Status, Verdict
from symgd.decide import iterates, refutation, table
from symgd.decide.context import Cited, Method, prepared, without_absent_spectra
from symgd.decide.definedness import side_conditions
from symgd.decide.gram import prove_nonnegative
from symgd.decide.iterates import without_iterates
from symgd.decide.premise import premise_constrains
from symgd.decide.sample import draw_sizes as _sizes  # noqa: F401  (tests sample sizes directly)
from symgd.decide.zero import is_zero

__all__ = ["decide", "is_zero", "prove_nonnegative", "refute", "remembered"]

P = ParamSpec("P")
T = TypeVar("T")


def refute(claim: Claim, ctx: Context = Context(), trials: int = 40, seed: int = 0, deadline: float | None = None,
           candidates: Iterable[Mapping] = ()) -> Verdict | None:
    """A counterexample to ``claim`` re-checked exactly, or None: :func:`symgd.decide.refutation.refute` with the
    table's point sources (``candidates``: points to try first, symbol or name -> exact value)."""
    return refutation.refute(claim, ctx, trials, seed, deadline, candidates, table.POINT_SOURCES)


def _prove(claim: Claim, ctx: Context, premise: Premise | None, instance: Mapping | None, certificate: Any) -> Method:
    """The method of the first row of the table that accepts the claim and proves it, or None."""
    cited = Cited(premise, instance or {}, certificate)
    prepared_claim = prepared(claim, cited)
    if prepared_claim is None:
        return None
    failed: Exception | None = None
    for method in table.METHODS:
        try:
            if method.accepts(prepared_claim, ctx, cited):
                found = method.prove(prepared_claim, ctx, cited)
                if found:
                    return found
        except Exception as exc:  # one row's SymPy failure is no proof, and no reason to skip the rows after it
            failed = failed or exc
    if failed is not None:
        raise failed  # reported by decide() as the reason when no row proved the claim
    return None


DRAWS_FIRST = 4  # random draws (and as many inside the hypotheses' bounds) tried before any proof method: on the
# outside corpus they refute 152 of its 170 false claims (1 draw: 105, 40 draws: 167) for about 15 ms of CPU a claim
DRAWS_FIRST_SECONDS = 0.15, 0.5  # their budget: this share of the claim's, at most this many seconds


def _drawn_first(claim: Claim, ctx: Context, timeout: float) -> Verdict | None:
    """The counterexample among :func:`refute`'s first random draws (no solver's models), tried before the proof
    methods, or None: a false claim then costs no proof attempts, which fail on it anyway.  The draws are the first
    points the refutation after the proof attempts tries, in the same order (the same seed), so a claim they refute
    gets the verdict and counterexample it got before; the solvers' points (dear) still come last.  A child of its
    own, under a budget of its own: one draw can take seconds (an integral of a function), and the proof methods
    keep theirs."""
    share, most = DRAWS_FIRST_SECONDS
    seconds = min(share * timeout, most)
    try:
        return run_with_budget(_first_draws, claim, ctx, seconds, timeout=seconds)
    except Exception:  # BudgetExceeded or a sampling failure: the proof methods and the full refutation decide
        return None


def _first_draws(claim: Claim, ctx: Context, seconds: float) -> Verdict | None:
    """In the child: the first draws' counterexample, or None; none for a claim with a denominator that may vanish
    (a_i^T (b - a_i^T x) / (a_i^T a_i) a_i at a_i = 0 evaluates to 0, a point where the side is undefined): such a
    claim goes to the proof methods first, as before."""
    if side_conditions(claim, ctx) or _own_objects(claim):
        return None
    return refutation.refute(claim, ctx, trials=DRAWS_FIRST, deadline=time.monotonic() + seconds)


def _own_objects(claim: Claim) -> bool:
    """Whether the claim holds an object of symgd's own (a gradient of an undefined function at a matrix expression,
    ``GradientAt``): the draws evaluate it apart on each side, which refuted the identity R(u - a R^T grad f(Ru)) =
    Ru - a R R^T grad f(Ru); such a claim goes to the proof methods first, as before the first draws."""
    from sympy import preorder_traversal

    return any(not (type(e).__module__ or "sympy").startswith("sympy") for side in (claim.lhs, claim.rhs)
               for e in preorder_traversal(side))


_KNOWN: dict | None = None  # inside remembered(): (claim, context, citation) -> its proof or refutation


def remembered(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` with :func:`decide` remembering, for the length of each call, the claims it proved or refuted: an audit
    decides the same claim in the same context again (a link retried with the assumptions stated later, a chain read
    a second time with the rules at shifted indices), and a proof or a counterexample found once stands.  Undecided
    claims are decided again (their outcome may depend on the budget left).  Nested calls share the outer memory."""

    @functools.wraps(fn)
    def with_memory(*args: P.args, **kwargs: P.kwargs) -> T:
        global _KNOWN
        if _KNOWN is not None:
            return fn(*args, **kwargs)
        _KNOWN = {}
        try:
            return fn(*args, **kwargs)
        finally:
            _KNOWN = None

    return with_memory


def decide(
    claim: Claim,
    ctx: Context = Context(),
    *,
    premise: Premise | None = None,
    instance: Mapping | None = None,
    certificate: Any = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Decide ``claim``: proved, refuted (with a counterexample) or undecided, within ``timeout``.

    The first few random points of the search for a counterexample come first (a false claim then costs no proof
    attempts), with a share of the budget of their own; proving gets 70% of the budget; whatever is left goes to the
    rest of the search for a counterexample.
    """
    try:
        key = (claim, ctx, premise, tuple(sorted((instance or {}).items(), key=str)), certificate)  # any budget
        known = _KNOWN.get(key) if _KNOWN is not None else None
    except TypeError:  # an unhashable certificate or instance: not remembered
        key, known = None, None
    if known is not None:
        return known
    verdict = _decide(claim, ctx, premise, instance, certificate, timeout)
    if key is not None and _KNOWN is not None and verdict.status in (Status.PROVED, Status.REFUTED):
        _KNOWN[key] = verdict
    return verdict


def _decide(claim: Claim, ctx: Context, premise: Premise | None, instance: Mapping | None, certificate: Any,
            timeout: float) -> Verdict:
    first = time.monotonic()
    ctx = without_iterates(claim, ctx)  # f_best = min_k f(x_k) says nothing to a claim without such atoms
    ctx = without_absent_spectra(claim, ctx)  # mu I <= A <= L I of an A the claim does not use: mu <= L
    if premise is None or not premise_constrains(premise):  # (else a point refutes the bare claim only, see below)
        found = _drawn_first(claim, ctx, timeout)
        if found is not None:
            return replace(found, seconds=time.monotonic() - first)
    start = time.monotonic()  # the first draws had a budget of their own
    reason = "no exact method reduced the claim"
    try:
        method = run_with_budget(_prove, claim, ctx, premise, instance, certificate, timeout=0.7 * timeout)
        if method:
            return Verdict(Status.PROVED, method, seconds=time.monotonic() - first)
        if premise is not None:
            reason = f"not an exact instance of premise '{premise.name}' under the hypotheses"
    except BudgetExceeded:
        reason = f"timeout after {0.7 * timeout:g} s while proving"
    except Exception as exc:  # a SymPy failure is not a proof
        reason = f"SymPy failed: {type(exc).__name__}: {exc}"
    left = timeout - (time.monotonic() - start)
    try:
        found = run_with_budget(refute, claim, ctx, deadline=time.monotonic() + max(left, 0.5) - 0.2,
                                timeout=max(left, 0.5))
    except BudgetExceeded:
        found = None
        reason += "; no counterexample found before the timeout"
    except Exception as exc:
        found = None
        reason += f"; sampling failed: {type(exc).__name__}"
    else:
        if found is None:
            reason += "; no counterexample among the sampled points"
    if found is not None and premise is not None and premise_constrains(premise):
        # the sample drew the premise's objects (a function D, a symbol f*) at random: the point need
        # not satisfy the premise, so it refutes the bare claim, not the step that cites it
        reason += f"; the claim alone fails at {found.counterexample} ({found.detail}), a point that may violate the premise"
        found = None
    if found is not None:
        return Verdict(found.status, found.method, found.counterexample, found.detail, time.monotonic() - first)
    return Verdict(Status.UNDECIDED, reason, seconds=time.monotonic() - first)


iterates.DECIDE = decide  # the iterates row decides the gaps it leaves (it cannot import this package back)
