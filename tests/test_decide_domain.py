"""Issue 11's routes, method by method: identities read where both sides are defined (the side condition said),
geometric sums without assumptions (a case split on the ratio), sums counted over integer limits when refuting, the
power of a bound, and log quotients in the lemma steps of an integral comparison.  Each with false look-alikes."""

from __future__ import annotations

import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.decide import refute
from symgd.decide.context import Cited
from symgd.decide.domain import Domain, side_conditions
from symgd.decide.geometric import GeometricSums
from symgd.decide.powerbound import PowerOfBound
from symgd.decide.sums import counted_terms, prove_by_induction

b, x = sp.symbols("beta x", real=True)
t = sp.Symbol("t", integer=True)
k, i = sp.symbols("k i", integer=True)
g, s = sp.symbols("gamma s", real=True)
a = sp.Symbol("a", positive=True)
T = sp.Symbol("T", integer=True, positive=True)
GEO = sp.Sum(b**k, (k, 0, t - 1))


def _domain(claim: Claim, ctx: Context = Context()) -> str | None:
    return Domain().prove(claim, ctx, Cited()) if Domain().accepts(claim, ctx, Cited()) else None


def test_an_identity_with_a_denominator_is_proved_where_it_is_defined_and_says_so() -> None:
    m = _domain(Claim(GEO, "=", (1 - b**t) / (1 - b)))
    assert m and m.startswith("where 1 - beta != 0")
    assert side_conditions(Claim(GEO, "=", (1 - b**t) / (1 - b)), Context.make([b < 1])) == []  # nothing to say


def test_identities_false_on_their_domain_are_not_proved() -> None:
    for rhs in [(1 - b ** (t + 1)) / (1 - b), (1 - b**t) / (1 - b**2), (b - b**t) / (1 - b)]:
        assert not _domain(Claim(GEO, "=", rhs))  # the geometric row with 1 - beta != 0, and more


def test_a_point_where_a_side_is_undefined_refutes_nothing() -> None:
    # true where defined; x = 1 (0/0) and the pole of the false look-alike are no counterexamples
    assert refute(Claim((x**2 - 1) / (x - 1), "=", x + 1), candidates=[{x: 1}]) is None
    v = refute(Claim(GEO, "=", (1 - b ** (t + 1)) / (1 - b)), candidates=[{b: 1, t: 2}])
    assert v is not None and v.counterexample["beta"] != "1"


def test_geometric_sums_without_assumptions_by_cases_on_the_ratio() -> None:
    reindexed = Claim(sp.Sum(b ** (t - i), (i, 1, t)), "=", GEO)
    m = GeometricSums().prove(reindexed, Context(), Cited())
    assert m and m.startswith("cases beta = 1")
    adam = Claim((1 - b) * sp.Sum(b ** (t - i), (i, 1, t)), "=", 1 - b**t)
    assert GeometricSums().prove(adam, Context(), Cited())
    for wrong in [Claim(sp.Sum(b ** (t - i), (i, 1, t)), "=", sp.Sum(b**k, (k, 1, t))),
                  Claim((1 - b) * sp.Sum(b ** (t - i), (i, 1, t)), "=", 1 - b ** (t - 1)),
                  Claim(sp.Sum(b ** (t - i), (i, 1, t)), "=", t)]:  # true at beta = 1 only
        assert not GeometricSums().prove(wrong, Context(), Cited())


def test_refutation_reads_sum_limits_as_integers_counting_zero_or_more_terms() -> None:
    claim, ctx = counted_terms(Claim(GEO, "=", 0), Context())
    (limit,) = claim.lhs.free_symbols - {b}
    assert limit.is_integer and sp.Ge(t - 1 - 0 + 1, 0) in ctx.hypotheses
    # t = 1/2 made SymPy's Sum.doit recurse without end; t = -3 would "refute" this true claim by Karr's convention
    s_ = sp.Symbol("t", real=True)
    assert refute(Claim(sp.Sum(k**2, (k, 1, s_)), ">=", 0)) is None
    assert refute(Claim(sp.Sum(b**k, (k, 0, s_ - 1)), "=", (1 - b ** (s_ + 1)) / (1 - b))).refuted


def _power(claim: Claim, *hyps: object) -> str | None:
    ctx = Context.make(list(hyps))
    return PowerOfBound().prove(claim, ctx, Cited()) if PowerOfBound().accepts(claim, ctx, Cited()) else None


def test_a_power_of_a_bound() -> None:
    assert _power(Claim((1 - g) ** s, "<=", sp.exp(-g * s)), g >= 0, g <= 1, s >= 0)
    assert _power(Claim((1 + 1 / T) ** T, "<=", sp.E))
    assert _power(Claim(3 * (1 - g) ** s, "<=", 3 * sp.exp(-g * s)), g >= 0, g <= 1, s >= 0)


def test_a_power_of_a_bound_needs_every_condition() -> None:
    assert not _power(Claim((1 - g) ** s, "<=", sp.exp(-g * s)), g >= 0, g <= 2, s >= 0)  # base < 0: (-1)^2 = 1
    assert not _power(Claim((1 - g) ** s, "<=", sp.exp(-g * s)), g >= 0, g <= 1, s >= -1)  # E < 0 flips it
    assert not _power(Claim((1 - g) ** s, "<", sp.exp(-g * s)), g >= 0, g <= 1, s >= 0)  # s = 0: 1 < 1
    assert not _power(Claim((1 - g) ** s, "<=", sp.exp(-2 * g * s)), g >= 0, g <= 1, s >= 0)
    assert not _power(Claim((1 + 1 / T) ** (T + 1), "<=", sp.E))
    assert not _power(Claim(-(1 - g) ** s, "<=", -sp.exp(-g * s)), g >= 0, g <= 1, s >= 0)  # c = -1 < 0


def test_integral_comparison_with_a_shifted_harmonic_sum() -> None:
    true = Claim(sp.Sum(1 / (k + a), (k, 1, T)), "<=", sp.log((T + a) / a))
    assert prove_by_induction(true, Context())
    assert not prove_by_induction(Claim(true.lhs, "<=", sp.log((T + a) / (a + 1))), Context())
    assert not prove_by_induction(Claim(true.lhs, "<=", sp.log((T + a) / (2 * a))), Context())


def test_monotonicity_at_a_transcendental_critical_point_and_up_to_a_root_s_zero() -> None:
    from symgd.decide.monotone import prove_by_monotonicity

    p = sp.Symbol("p", positive=True)
    u = sp.Symbol("u", nonnegative=True)
    assert prove_by_monotonicity(Claim(-1 / sp.E, "<=", p * sp.log(p)), Context())  # minimum at 1/e
    assert not prove_by_monotonicity(Claim(-sp.Rational(1, 3), "<=", p * sp.log(p)), Context())
    assert prove_by_monotonicity(Claim(sp.log(u + 1), "<=", sp.sqrt(u)), Context())  # sqrt continuous at 0
    assert not prove_by_monotonicity(Claim(sp.log(u + 1), "<=", sp.sqrt(u) / 2), Context())
    assert not prove_by_monotonicity(Claim(u, "<=", sp.sqrt(u)), Context.make([u <= 2]))  # fails at u = 2


def test_an_upper_bound_of_an_exponential_from_a_lower_bound_of_its_inverse() -> None:
    from symgd.decide.lemmas import prove_by_lemmas

    below1 = Context.make([x < 1])
    assert prove_by_lemmas(Claim(sp.exp(x), "<=", 1 / (1 - x)), below1)
    assert not prove_by_lemmas(Claim(sp.exp(x), "<", 1 / (1 - x)), below1)  # x = 0
    assert not prove_by_lemmas(Claim(sp.exp(x), "<=", 1 / (1 - x / 2)), below1)
    assert not prove_by_lemmas(Claim(sp.exp(x), "<=", 1 / (1 - x)), Context.make([x < 2]))  # 1 - x < 0


def test_the_zero_test_names_the_denominators_it_divided_by() -> None:
    from symgd.decide.zero import ZeroTest

    def how(claim: Claim, ctx: Context = Context()) -> str | None:
        return ZeroTest().prove(claim, ctx, Cited())

    assert how(Claim((x**2 - 1) / (x - 1), "=", x + 1)) == "cancel (where x - 1 != 0)"
    pos = sp.Symbol("p", positive=True)
    assert how(Claim((pos**2 - 1) / (pos + 1), "=", pos - 1)) == "cancel"  # p + 1 > 0: nothing to say
    assert how(Claim(sp.Subs((1 - b ** (t + 1)) / (1 - b), t, 0), "=", 1)) in ("evaluate (doit)", "identical")
    assert how(Claim((x**2 - 1) / (x - 1), "=", x - 1)) is None


def test_telescoping_sums_and_their_look_alikes() -> None:
    from symgd.decide.telescope import Telescoping, telescoped

    def proved(claim: Claim) -> str | None:
        return Telescoping().prove(claim, Context(), Cited())

    assert telescoped(sp.Sum(sp.log((k + 1) / k), (k, 1, T)))[0] == sp.log(T + 1)
    assert proved(Claim(sp.Sum(1 / (sp.sqrt(k + 1) + sp.sqrt(k)), (k, 1, T)), "=", sp.sqrt(T + 1) - 1))
    assert not proved(Claim(sp.Sum(1 / (sp.sqrt(k + 1) + sp.sqrt(k)), (k, 1, T)), "=", sp.sqrt(T) - 1))
    bound = proved(Claim(sp.Sum(1 / (k * (k + 2)), (k, 1, t)), "<=", sp.Rational(3, 4)))
    assert bound and "t >= 0 (a sum runs over zero or more terms)" in bound
    assert not proved(Claim(sp.Sum(1 / (k * (k + 2)), (k, 1, t)), "<=", sp.Rational(1, 2)))  # T = 4: 17/30
    assert not proved(Claim(sp.Sum(1 / (k * (k + 1)), (k, 1, t)), "<", 1 - 1 / (t + 1)))  # equality
    assert telescoped(sp.Sum(1 / k**2, (k, 1, T))) is None  # not a difference


def test_constants_by_interval_arithmetic() -> None:
    from symgd.decide.interval import Intervals

    def proved(claim: Claim) -> str | None:
        rows = Intervals()
        return rows.prove(claim, Context(), Cited()) if rows.accepts(claim, Context(), Cited()) else None

    assert proved(Claim(sp.Rational(69, 100), "<=", sp.log(2)))
    assert proved(Claim(sp.E, "<=", sp.Rational(272, 100)))
    assert proved(Claim(sp.pi**sp.E, "<", sp.E**sp.pi))
    assert not proved(Claim(sp.Rational(7, 10), "<=", sp.log(2)))  # log 2 = 0.6931...
    assert not proved(Claim(sp.sqrt(2), "<=", sp.Rational(1414, 1000)))  # 1.41421...
    assert not proved(Claim(sp.E, "<=", sp.Rational(271828, 100000)))  # 2.718281...: tight, still false
    assert not proved(Claim(sp.sqrt(2) * sp.sqrt(3), "<", sp.sqrt(6)))  # equal
    assert not proved(Claim(sp.Float(0.69), "<=", sp.log(2)))  # floats are never proved


def test_a_power_of_a_bound_that_divides_by_the_exponent_needs_it_positive() -> None:
    E_ = sp.Symbol("E_", nonnegative=True)
    assert not _power(Claim(sp.Rational(1, 2) ** E_, "<=", sp.Rational(1, 2)))  # E = 0: 1 <= 1/2
    assert not _power(Claim(sp.S.Zero**E_ * 1, "<=", sp.Rational(1, 2)))
    assert _power(Claim(sp.Rational(1, 2) ** E_, "<=", sp.Rational(1, 2)), E_ >= 1)


def test_an_average_of_a_sum_by_induction_after_dividing_by_a_positive_factor() -> None:
    average = sp.Sum(1 / sp.sqrt(k), (k, 1, T)) / T
    assert prove_by_induction(Claim(average, "<=", 2 / sp.sqrt(T)), Context())
    assert not prove_by_induction(Claim(average, "<=", 1 / sp.sqrt(T)), Context())  # T = 2
    assert not prove_by_induction(Claim(-average, "<=", -2 / sp.sqrt(T)), Context())  # the factor -1/T < 0


def test_a_power_with_a_negative_exponent_as_a_power_of_the_inverse() -> None:
    hyps = (g >= 0, s >= 0)
    assert _power(Claim(sp.exp(-g * s), "<=", (1 + g) ** (-s)), *hyps)  # (1 + g)^t <= e^(g t)
    assert not _power(Claim((1 + g) ** (-s), "<=", sp.exp(-g * s)), *hyps)
    assert not _power(Claim(sp.exp(-g * s), "<=", (g - 1) ** (-s)), *hyps)  # base < 0 for g < 1


def test_a_product_to_a_symbolic_limit_is_sampled_at_integers() -> None:
    s_ = sp.Symbol("T", real=True)
    v = refute(Claim(sp.Product(1 - 1 / (k + 1), (k, 1, s_)), "=", 1 / s_))  # RecursionError at T = 1/2 before
    assert v is not None and v.refuted and sp.Rational(v.counterexample["T"]).is_integer


def test_a_linear_rate_reaches_eps_after_kappa_log_steps() -> None:
    mu, L_, eps, R = sp.symbols("mu L epsilon R", positive=True)
    kk = sp.Symbol("k", nonnegative=True)
    steps = kk >= L_ / mu * sp.log(R**2 / eps)
    rate = Claim((1 - mu / L_) ** kk * R**2, "<=", eps)
    assert _power(rate, mu <= L_, steps)  # (1 - mu/L)^k <= e^(-k mu/L), then monotonicity in k
    assert not _power(rate, mu <= L_, kk >= L_ / (2 * mu) * sp.log(R**2 / eps))  # half the steps: false
    assert _power(Claim((1 - mu / L_) ** kk, "<=", L_ / (kk * mu)), mu <= L_, kk >= 1)


def test_an_interval_without_the_symbol_s_own_sign_is_over_a_plain_real_variable() -> None:
    from symgd.decide.monotone import intervals_of

    a_ = sp.Symbol("a", real=True)
    u = sp.Symbol("u", nonnegative=True)
    (iv,) = intervals_of(u, Context.make([u >= a_]))  # 0 and a: neither is provably the larger
    assert iv.x != u and iv.x.is_nonnegative is None and iv.lo == a_


def test_monotonicity_split_at_a_maximum_of_the_derivative() -> None:
    from symgd.decide.monotone import prove_by_monotonicity

    unit = Context.make([x >= 0, x <= 1])
    assert prove_by_monotonicity(Claim(sp.exp(x), "<=", 1 + x + x**2), unit)  # g' = 1 + 2x - e^x peaks at log 2
    assert not prove_by_monotonicity(Claim(sp.exp(x), "<=", 1 + x + x**2 / 2), unit)
    assert not prove_by_monotonicity(Claim(sp.exp(x), "<=", 1 + x + x**2), Context.make([x >= 0, x <= 2]))
