"""symgd.rates: the PEP as an SDP, exact certificates, their soundness (closed forms from the literature, not
from symgd's own output)."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from symgd.core.errors import BadInput
from symgd.rates import STAR, build, certify, gd, pep, verify
from symgd.rates.certify import verify_sympy
from symgd.rates.exact import least_shift, psd
from symgd.rates.numbers import Interval, sqrt


@pytest.fixture(autouse=True, scope="module")
def _peers() -> None:
    """The peers, imported at the first test's setup, not at collection (see tests/lazy_modules.py)."""
    pytest.importorskip("cvxpy")


def drori_teboulle(N: int, h: Fraction = Fraction(1)) -> Fraction:
    """GD with step h/L on L-smooth convex functions: f(x_N) - f_* <= L R^2 / (4 N h + 2) for 0 < h <= 1, tight."""
    return 1 / (4 * N * h + 2)


def dt_multipliers(N: int) -> dict[tuple[int, int], Fraction]:
    """Drori and Teboulle's multipliers: lambda_i = i/(2N+1-i) on (i-1, i), their differences on (*, i)."""
    lam = [Fraction(0)] + [Fraction(i, 2 * N + 1 - i) for i in range(1, N + 1)] + [Fraction(1)]
    cert = {(k - 1, k): lam[k] for k in range(1, N + 1)}
    cert.update({(STAR, k): lam[k + 1] - lam[k] for k in range(N + 1)})
    return cert


@pytest.mark.parametrize("N", [1, 2, 3, 4, 5])
def test_gd_tight_rate_numeric_and_exact(N: int) -> None:
    rate = pep("gd", N)
    tau = drori_teboulle(N)
    assert abs(rate.value - float(tau)) < 1e-6
    assert rate.verdict.proved and rate.bound == tau and rate.tight
    assert verify(rate.problem, rate.multipliers, tau).proved
    assert verify_sympy(rate.problem, rate.multipliers, tau).proved
    assert all(v >= 0 for v in rate.multipliers.values())
    # rounded from the numeric duals on the chain support, the multipliers are exactly Drori and Teboulle's
    assert rate.multipliers == dt_multipliers(N)


@pytest.mark.parametrize("N", [1, 3, 6])
def test_closed_form_certificate_and_soundness(N: int) -> None:
    problem = build(gd(), N)
    tau, cert = drori_teboulle(N), dt_multipliers(N)
    assert verify(problem, cert, tau).proved
    # the same certificate built independently in SymPy from the interpolation formula
    assert verify_sympy(problem, cert, tau).proved
    assert verify_sympy(problem, cert, tau - Fraction(1, 10**9)).undecided
    # a bound too small by any amount fails the exact check, with these or with the solver's multipliers
    for smaller in (tau - Fraction(1, 10**9), tau * Fraction(99, 100)):
        v = verify(problem, cert, smaller)
        assert v.undecided and "pivot" in v.detail
        assert not verify(problem, pep("gd", N).multipliers, smaller).proved
    # a perturbed multiplier leaves a function value uncancelled
    bad = dict(cert)
    bad[(0, 1)] += Fraction(1, 10**6)
    assert "do not cancel" in verify(problem, bad, tau).detail
    # negative multipliers are refused outright
    neg = dict(cert)
    neg[(1, 0)] = Fraction(-1, 10)
    assert "negative" in verify(problem, neg, tau).detail


def test_scaling_in_L_and_step() -> None:
    assert pep("gd", 3, L=3).bound == 3 * drori_teboulle(3)
    for h in (Fraction(1, 2), Fraction(3, 4)):
        rate = pep(gd(h), 2)
        assert rate.verdict.proved and rate.bound == drori_teboulle(2, h)
    # 1 < h < 2: L/2 max(1/(2Nh + 1), (1 - h)^(2N)) (Taylor, Hendrickx, Glineur 2017, conjectured and tight)
    for N, h in ((2, Fraction(3, 2)), (1, Fraction(19, 10))):
        rate = pep(gd(h), N, L=2)
        assert rate.verdict.proved and rate.bound == max(1 / (2 * N * h + 1), (1 - h) ** (2 * N))


def test_strongly_convex_gd_distance() -> None:
    """GD with step 1/L on mu-strongly convex: ||x_N - x_*||^2 <= (1 - mu/L)^(2N) R^2, tight (the quadratic mu x^2/2)."""
    for N, mu, L in ((3, Fraction(1, 10), 1), (5, Fraction(1, 4), 1), (2, Fraction(1, 2), 3)):
        rate = pep("gd", N, L=L, mu=mu, metric="distance")
        exact = (1 - mu / L) ** (2 * N)
        assert abs(rate.value - float(exact)) < 1e-6
        assert rate.verdict.proved and rate.bound == exact and rate.tight


def test_ogm_and_nesterov_upper_bounds_with_square_roots() -> None:
    """OGM's tight rate L R^2/(2 theta_N^2) and FGM's (below L R^2/(2 lambda_N^2)); their coefficients are
    nested square roots, enclosed in rational intervals: the certified bound is just above the numeric value."""
    N = 4
    th = 1.0
    for k in range(N):
        th = (1 + np.sqrt((4 if k < N - 1 else 8) * th * th + 1)) / 2
    ogm = pep("ogm", N)
    assert abs(ogm.value - 1 / (2 * th * th)) < 1e-6
    assert ogm.verdict.proved and ogm.bound >= Fraction(1, 2) / Fraction(th * th) - Fraction(1, 10**7)
    assert float(ogm.bound) - ogm.value < 1e-5
    lam = 1.0  # lambda_N, with lambda_1 = 1
    for _ in range(N - 1):
        lam = (1 + np.sqrt(4 * lam * lam + 1)) / 2
    fgm = pep("nesterov", N)
    assert fgm.verdict.proved and fgm.value <= 1 / (2 * lam * lam) and float(fgm.bound) - fgm.value < 1e-5
    assert not fgm.problem.exact_steps


def test_other_metrics_and_initial_conditions() -> None:
    # ||g_N||^2 <= L^2 R^2 / (N + 1)^2 for GD h = 1 on convex functions (Taylor, Hendrickx, Glineur 2017)
    assert pep("gd", 3, metric="gradient").bound == Fraction(1, 16)
    # f(x_N) - f_* <= f(x_0) - f_*: GD is monotone, and the constant function case makes it tight
    rate = pep("gd", 2, initial="gap")
    assert rate.verdict.proved and rate.bound == 1


def test_worst_case_gram_is_feasible() -> None:
    rate = pep("gd", 3)
    assert np.linalg.eigvalsh(rate.gram).min() > -1e-7
    assert abs(rate.gram[0, 0] - 1) < 1e-6 and abs(rate.f[-1] - rate.value) < 1e-6


def test_bad_input_is_one_line() -> None:
    for kwargs, pattern in (({"N": 0}, "positive integer"), ({"N": 2, "mu": 2}, "mu < L"),
                            ({"N": 2, "metric": "loss"}, "unknown metric"), ({"N": 2, "L": 0.5}, "not a float"),
                            ({"N": 2, "initial": "x"}, "unknown initial")):
        with pytest.raises(BadInput, match=pattern):
            pep("gd", **kwargs)
    with pytest.raises(BadInput, match="unknown method"):
        pep("adam", 2)


def test_exact_ldl_against_eigenvalues() -> None:
    rng = np.random.default_rng(3)
    for trial in range(200):
        n = int(rng.integers(1, 6))
        B = rng.integers(-3, 4, size=(n, int(rng.integers(0, n + 1))))
        M = B @ B.T - (np.diag(rng.integers(0, 2, size=n)) if trial % 3 == 0 else 0)
        S = [[Fraction(int(v), 1 + trial % 4) for v in row] for row in M]
        assert psd(S).ok == (np.linalg.eigvalsh(M.astype(float)).min() > -1e-9)
        t = least_shift(S, 0)
        if t is not None:
            S[0][0] += t
            assert psd(S).ok
            S[0][0] -= Fraction(1, 10**9)
            assert not psd(S).ok


def test_square_root_enclosures() -> None:
    assert sqrt(Fraction(9, 4)) == Fraction(3, 2)
    for q in (Fraction(2), Fraction(5, 3), Fraction(10**6 + 1)):
        r = sqrt(q)
        assert isinstance(r, Interval) and r.lo**2 <= q <= r.hi**2 and r.hi - r.lo < Fraction(1, 10**40)
    x = (1 + sqrt(5)) / 2
    assert x.lo**2 - x.lo - 1 < 0 < x.hi**2 - x.hi - 1  # the golden ratio is enclosed


def test_import_symgd_does_not_load_cvxpy() -> None:
    code = "import sys, symgd, symgd.rates; print('cvxpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_certify_reuses_the_numeric_solution() -> None:
    rate = pep("gd", 2)
    again = certify(rate.problem, rate.numeric)
    assert again.bound == rate.bound and again.verdict.proved


def test_heavy_ball_spectral_rate() -> None:
    from symgd.rates import heavy_ball_rate

    for L, mu, rho in ((1, Fraction(1, 100), Fraction(9, 11)), (4, 1, Fraction(1, 3)), (9, 1, Fraction(1, 2))):
        r = heavy_ball_rate(L, mu)  # Polyak: (sqrt(kappa) - 1)/(sqrt(kappa) + 1)
        assert r.rho == rho
    r = heavy_ball_rate(1, Fraction(1, 10), Fraction(1, 2), Fraction(1, 4))  # real roots at mu: (b + sqrt(b^2 - 4 beta))/2
    b = 1 + 0.25 - 0.5 * 0.1
    assert abs(float(r.rho) - (b + np.sqrt(b * b - 1)) / 2) < 1e-15
    # the spectral radius of the iteration matrix, by numpy, over a grid of eigenvalues
    lams = np.linspace(0.1, 1, 1001)
    radii = [max(abs(np.linalg.eigvals(np.array([[1.25 - 0.5 * lam, -0.25], [1, 0]])))) for lam in lams]
    assert abs(max(radii) - float(r.rho)) < 1e-12


def test_update_rules_posed_from_symgd_optim() -> None:
    import sympy as sp

    from symgd.optim.rules import ADAM, GD, HEAVY_BALL
    from symgd.rates import fixed_steps, from_rule

    L = sp.Symbol("L", positive=True)
    assert pep(from_rule(GD, lr=1 / L), 3, L=2).bound == 2 * drori_teboulle(3)
    assert pep(from_rule(HEAVY_BALL, lr=1 / L, mu=0), 2).bound == drori_teboulle(2)
    assert pep(fixed_steps([[1], [1, 1]]), 2).bound == drori_teboulle(2)
    with pytest.raises(BadInput, match="not a fixed linear combination"):
        from_rule(ADAM, lr=1, b1=0, b2=0, eps=1)
    with pytest.raises(BadInput, match="give mu"):
        from_rule(HEAVY_BALL, lr=1 / L)
