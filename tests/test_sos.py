"""Sum-of-squares certificates (symgd/decide/sos.py): found by an SDP, rounded, checked in exact arithmetic.
True polynomial inequalities get a certificate; false ones never do (each shown false here); the exact PSD check
is what stands between a rounded solver output and a proof (mutation test)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from symgd.core.claims import Claim, Context
from symgd.decide import sos

pytest.importorskip("clarabel")

a, b, c, t, L, mu = sp.symbols("a b c t L mu", real=True)
x, y, eps = sp.symbols("x y epsilon", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
u, v = (sp.MatrixSymbol(s, n, 1) for s in "uv")
P = sp.MatrixSymbol("P", n, n)

TRUE = [
    (Claim(2 * a * b, "<=", a**2 + b**2), []),
    (Claim((a + b + c) ** 2, "<=", 3 * (a**2 + b**2 + c**2)), []),
    (Claim((t * a + (1 - t) * b) ** 2, "<=", t * a**2 + (1 - t) * b**2), [t >= 0, t <= 1]),  # Jensen, a multiplier
    (Claim(2 * a * b, "<=", eps * a**2 + b**2 / eps), []),  # Young: the denominator eps > 0 cleared
    (Claim(x / y + y / x, ">=", 2), []),
    (Claim(mu * L / (mu + L), "<=", (mu + L) / 4), [mu > 0, L > 0]),
    (Claim(a**4 + b**4, ">=", a**3 * b + a * b**3), []),
    (Claim((a - b) ** 2 * (a + b) ** 2, ">=", 0), []),
]

FALSE = [  # (claim, hypotheses, a point where it fails)
    (Claim(2 * a * b, "<=", a**2 + b**2 / 2), [], {a: 1, b: 1}),
    (Claim((a + b + c) ** 2, "<=", 2 * (a**2 + b**2 + c**2)), [], {a: 1, b: 1, c: 1}),
    (Claim((t * a + (1 - t) * b) ** 2, "<=", t * a**2 + (1 - t) * b**2), [t >= 0], {t: 2, a: 0, b: 1}),
    (Claim(2 * a * b, "<=", eps * a**2 + b**2), [], {eps: sp.Rational(1, 2), a: 2, b: 1}),
    (Claim(a**4 + b**4, ">=", 2 * a**3 * b + a * b**3), [], {a: 1, b: 1}),
    (Claim(a**3, ">=", 0), [], {a: -1}),
]


def ctx_of(hyps: list) -> Context:
    return Context.make(hyps)


@pytest.mark.parametrize("claim,hyps", TRUE, ids=[str(cl) for cl, _ in TRUE])
def test_true_polynomial_inequalities_certified(claim: Claim, hyps: list) -> None:
    method = sos.certificate(claim, ctx_of(hyps))
    assert method is not None and method.startswith(sos.METHOD)


@pytest.mark.parametrize("claim,hyps,point", FALSE, ids=[str(cl) for cl, _, _ in FALSE])
def test_false_look_alikes_never_certified(claim: Claim, hyps: list, point: dict) -> None:
    assert all(h.xreplace(point) for h in hyps)
    cn = claim.normalized()
    assert (cn.rhs - cn.lhs).xreplace(point) < 0  # false, shown without symgd
    assert sos.certificate(claim, ctx_of(hyps)) is None


def test_vector_inequalities_certified_in_coordinates() -> None:
    assert "rotation invariance" in sos.certificate(Claim((u.T * v) ** 2, "<=", (u.T * u) * (v.T * v)), Context())
    pd = Context.make(positive_definite=[P])
    assert "P-inner product" in sos.certificate(Claim((u.T * P * v) ** 2, "<=", (u.T * P * u) * (v.T * P * v)), pd)
    assert sos.certificate(Claim((u.T * v) ** 2, ">=", (u.T * u) * (v.T * v)), Context()) is None


def test_not_every_nonnegative_polynomial_is_a_sum_of_squares() -> None:
    """Motzkin's polynomial is >= 0 but no SOS: no certificate (z3 decides it instead)."""
    from symgd.decide import nra

    motzkin = Claim(a**2 * b**2 * (a**2 + b**2 - 3) + 1, ">=", 0)
    assert sos.certificate(motzkin, Context()) is None
    assert nra.prove(motzkin) is not None


def test_exact_psd_check() -> None:
    f = Fraction
    assert sos.psd_exact([[f(1), f(1)], [f(1), f(1)]])  # singular, PSD
    assert not sos.psd_exact([[f(1), f(2)], [f(2), f(1)]])
    assert not sos.psd_exact([[f(0), f(1)], [f(1), f(5)]])  # a zero pivot with a nonzero column
    assert not sos.psd_exact([[f(1), f(0)], [f(0), f(-1, 10**9)]])
    assert sos.psd_exact([[f(2), f(-1), f(0)], [f(-1), f(2), f(-1)], [f(0), f(-1), f(2)]])


def test_mutation_without_the_psd_check_false_claims_get_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact projection makes the identity hold for any claim, whatever the solver returned; only the exact PSD
    check separates a certificate from a false claim.  Disabled, a^2 + b^2/2 - 2ab >= 0 gets one."""
    import numpy as np

    gens = [a, b]
    p = a**2 + b**2 / 2 - 2 * a * b
    blocks = [(sp.Integer(1), {(0, 0): Fraction(1)}, sos._monomials(2, 1))]
    garbage = [np.zeros((3, 3))]  # any solver output
    assert sos._exact(sos._poly(p, gens), blocks, garbage, 1) is None
    monkeypatch.setattr(sos, "psd_exact", lambda m: True)
    exact = sos._exact(sos._poly(p, gens), blocks, garbage, 1)
    assert exact is not None and sos._identity_holds(p, gens, blocks, exact)


def test_strict_and_non_polynomial_claims_are_left_to_other_methods() -> None:
    assert sos.certificate(Claim(2 * a * b, "<", a**2 + b**2 + 1), Context()) is None
    assert sos.certificate(Claim(sp.sqrt(x * y), "<=", (x + y) / 2), Context()) is None
    assert sos.certificate(Claim(sp.Abs(a), ">=", 0), Context()) is None


def test_a_denominator_of_unknown_sign_is_not_cleared() -> None:
    """a^2/b >= 0 is false for b < 0; multiplying by b would "prove" it."""
    assert sos.certificate(Claim(a**2 / b, ">=", 0), Context()) is None
