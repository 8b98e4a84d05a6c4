"""Document 003, "Momentum", "AdaGrad", "RMSProp", "ADAM": the derivations momentum and adaptive.

Expected results are computed here independently: exact fractions, numpy eigenvalues of hand-built
iteration matrices, hand-written recursions and torch.optim as a peer."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from derivation_tools import mutate, result, step_index, step_verdict

from symgd import Rel
from symgd.optim import rules as R

NAMES = ("momentum", "adaptive")


@pytest.fixture(scope="module")
def verified(catalogue) -> dict:
    return {name: catalogue[name] for name in NAMES}


def _erratum(d, fragment: str):
    return next(e for e in d.errata if fragment in e.quote)


@pytest.mark.parametrize("name", NAMES)
def test_errata_with_claims(verified, name) -> None:
    """Every step proved etc.: tests/test_catalogue.py."""
    d, r = verified[name]
    assert len([e for e in d.errata if e.claim is not None]) >= 2
    assert all(e.verdict.counterexample for e in r.errata if e.claim is not None)

# ------------------------------------------------------------------------------------------ momentum
def _ema_iterates(alpha: Fraction, gamma: Fraction, grads: list[Fraction], x0: Fraction) -> list[Fraction]:
    """The document's EMA form in exact arithmetic, gradients given in advance (any sequence)."""
    x, m, out = x0, Fraction(0), [x0]
    for g in grads:
        m = gamma * m + (1 - gamma) * g
        x = x - alpha * m
        out.append(x)
    return out


def test_ema_is_heavy_ball_with_step_alpha_one_minus_gamma(verified) -> None:
    d, r = verified["momentum"]
    res = result(d, "$x_{t+1}$ (EMA)")
    alpha, gamma = Fraction(3, 10), Fraction(4, 5)
    grads = [Fraction(k * k - 7, k + 2) for k in range(12)]
    xs = _ema_iterates(alpha, gamma, grads, Fraction(2))
    # independently: x_{t+1} = x_t - alpha (1 - gamma) g_t + gamma (x_t - x_{t-1}), x_{-1} = x_0
    prev = xs[0]
    for t in range(len(grads)):
        assert xs[t + 1] == xs[t] - alpha * (1 - gamma) * grads[t] + gamma * (xs[t] - prev)
        prev = xs[t]
    # the derived result says the same, evaluated at the same numbers
    x_t, x_p, g_t = sp.symbols("x_{t} x_{t-1} g_{t}", real=True)
    vals = {x_t: sp.Rational(3), x_p: sp.Rational(-1), g_t: sp.Rational(5), sp.Symbol("alpha", positive=True):
            sp.Rational(3, 10), R.gamma: sp.Rational(4, 5)}
    assert res.rhs.xreplace(vals) == 3 - sp.Rational(3, 10) * sp.Rational(1, 5) * 5 + sp.Rational(4, 5) * 4
    # the document's version (same alpha) disagrees with the EMA iterates
    e = _erratum(r, "rewritten")
    ce = {k: Fraction(v) for k, v in e.verdict.counterexample.items()}
    assert ce["alpha"] * ce["gamma"] * ce["g_{t}"] != 0  # exactly where alpha (1 - gamma) g != alpha g


def _charpoly_numeric(T: np.ndarray) -> np.ndarray:
    return np.poly(T)


def test_characteristic_polynomials_against_numpy(verified) -> None:
    d, _ = verified["momentum"]
    hb, nes = result(d, "heavy ball: $\\det"), result(d, "Nesterov: $\\det")
    z, lam, a = sp.Symbol("z"), sp.Symbol("lambda", positive=True), sp.Symbol("a", positive=True)
    rng = np.random.default_rng(0)
    for _ in range(5):
        av, mv, lv = rng.uniform(0.01, 1), rng.uniform(0, 0.99), rng.uniform(0.1, 10)
        # hand-built iteration matrices: heavy ball on (x_t, x_{t-1}), Nesterov on (x_t, x_{t-1})
        T = np.array([[1 + mv - av * lv, -mv], [1.0, 0.0]])
        N = np.array([[(1 + mv) * (1 - av * lv), -mv * (1 - av * lv)], [1.0, 0.0]])
        for claim, M in ((hb, T), (nes, N)):
            poly = sp.Poly(claim.rhs.xreplace({a: av, R.mu: mv, lam: lv}), z)
            assert np.allclose([float(c) for c in poly.all_coeffs()], _charpoly_numeric(M), atol=1e-12)


def test_block_reduction_spectrum(verified) -> None:
    """The 2n x 2n heavy-ball matrix's eigenvalues are the roots of the per-eigenvalue polynomials."""
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    eigs = np.array([0.3, 1.0, 4.0, 9.0])
    H = Q @ np.diag(eigs) @ Q.T
    av, mv = 0.07, 0.55
    I4 = np.eye(4)
    T = np.block([[(1 + mv) * I4 - av * H, -mv * I4], [I4, np.zeros((4, 4))]])
    got = np.sort_complex(np.linalg.eigvals(T))
    want = np.sort_complex(np.concatenate([np.roots([1, -(1 + mv - av * e), mv]) for e in eigs]))
    assert np.allclose(got, want, atol=1e-9)


def test_tuned_rates_kappa_100(verified) -> None:
    d, r = verified["momentum"]
    q = sp.Symbol(r"\sqrt{\kappa}", positive=True)
    faster = d.expand_definitions(result(d, "heavy ball $(\\sqrt{\\kappa}"))
    chain = d.expand_definitions(result(d, "$(\\sqrt{\\kappa} - 1)/(\\sqrt{\\kappa} + 1) < (\\kappa"))
    assert faster.rel is Rel.LT and chain.rel is Rel.LT
    lo, hi = 1.0, 100.0
    a_hb, mu_hb = 4 / (np.sqrt(hi) + np.sqrt(lo)) ** 2, ((10 - 1) / (10 + 1)) ** 2
    a_n, mu_n = 1 / hi, (10 - 1) / (10 + 1)
    lams = np.linspace(lo, hi, 200)
    rho_hb = max(np.abs(np.roots([1, -(1 + mu_hb - a_hb * lv), mu_hb])).max() for lv in lams)
    rho_n = max(np.abs(np.roots([1, -(1 + mu_n) * (1 - a_n * lv), mu_n * (1 - a_n * lv)])).max() for lv in lams)
    assert abs(rho_hb - 9 / 11) < 1e-6 and abs(rho_n - 0.9) < 1e-6
    assert float(faster.lhs.xreplace({q: 10})) == pytest.approx(rho_hb, abs=1e-6)
    assert float(faster.rhs.xreplace({q: 10})) == pytest.approx(rho_n, abs=1e-6)
    assert float(chain.lhs.xreplace({q: 10})) == pytest.approx(rho_hb, abs=1e-6)
    assert float(chain.rhs.xreplace({q: 10})) == pytest.approx(99 / 101)  # GD's best (kappa - 1)/(kappa + 1)
    # the erratum: Nesterov is not faster; its counterexample really violates 1 - 1/q <= (q-1)/(q+1)
    e = _erratum(r, "significantly faster")
    qv = float(Fraction(e.verdict.counterexample[r"\sqrt{\kappa}"]))
    assert qv > 1 and 1 - 1 / qv > (qv - 1) / (qv + 1)


def test_steady_state_steps(verified) -> None:
    d, _ = verified["momentum"]
    const, alt = result(d, "consistent gradients"), result(d, "oscillating gradients")
    av, mv, gv = 0.1, 0.9, 2.0
    x, xp = 0.0, 0.0
    for _ in range(400):  # hand-written heavy ball with a constant gradient, then an alternating one
        x, xp = x - av * gv + mv * (x - xp), x
    steady_const = x - xp
    x, xp = 0.0, 0.0
    for t in range(400):
        x, xp = x - av * gv * (-1) ** t + mv * (x - xp), x
    steady_alt = abs(x - xp)
    a, g_t = sp.Symbol("a", positive=True), sp.Symbol("g_{t}", real=True)
    vals = {a: av, R.mu: mv, g_t: gv}
    assert steady_const == pytest.approx(float(const.rhs.xreplace(vals)), rel=1e-9) == -2.0
    assert steady_alt == pytest.approx(float(alt.rhs.xreplace(vals)), rel=1e-9)
    assert steady_alt == pytest.approx(av * gv / (1 + mv), rel=1e-9)


def test_constant_momentum_nesterov_is_not_one_over_t_squared() -> None:
    """Independently of the derivation: sup over lambda of f(x_t) on (lambda/2) x^2, constant mu vs mu_t."""
    lams = np.logspace(-6, 0, 800)

    def worst(schedule, T: int) -> float:
        x, xp = np.ones_like(lams), np.ones_like(lams)
        for t in range(1, T + 1):
            y = x + schedule(t) * (x - xp)
            x, xp = y - lams * y, x
        return float(np.max(0.5 * lams * x**2))

    const = [worst(lambda t: 0.9, T) for T in (250, 1000)]
    acc = [worst(lambda t: (t - 1) / (t + 2), T) for T in (250, 1000)]
    assert 3.0 < const[0] / const[1] < 5.0  # x4 the steps: gap / 4, i.e. 1/t
    assert 12.0 < acc[0] / acc[1] < 20.0  # gap / 16, i.e. 1/t^2


# ------------------------------------------------------------------------------------------ adaptive
def _compiled(rule, hyper):
    from derivations.adaptive import compile_rule

    return compile_rule(rule, hyper)


def _torch_final(make, grads: np.ndarray) -> np.ndarray:
    """The peer: torch.optim's parameters (float64, from 0) after one ``step()`` per row of ``grads``;
    ``make(params)`` builds the torch optimizer."""
    import torch

    p = torch.zeros(grads.shape[1], dtype=torch.float64, requires_grad=True)
    opt = make([p])
    for gr in grads:
        p.grad = torch.tensor(gr)
        opt.step()
    return p.detach().numpy()


def test_adam_matches_torch_and_rmsprop_is_adam_beta1_zero() -> None:
    torch = pytest.importorskip("torch")
    from derivations.adaptive import _no_bias_correction

    rng = np.random.default_rng(3)
    grads = rng.normal(size=(60, 4))
    # Adam vs torch.optim.Adam on the same gradient stream
    peer = _torch_final(lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.8, 0.95), eps=1e-6), grads)
    step = _compiled(R.ADAM, {R.lr: 1e-2, R.b1: 0.8, R.b2: 0.95, R.eps: 1e-6})
    x, t, m, v = np.zeros(4), 0, np.zeros(4), np.zeros(4)
    for gr in grads:
        x, t, m, v = step(x, t, m, v, gr)
    assert np.allclose(x, peer, rtol=1e-10, atol=1e-14)
    # torch.optim.RMSprop (eps outside the root) is Adam with beta_1 = 0 and no bias correction
    peer = _torch_final(lambda ps: torch.optim.RMSprop(ps, lr=1e-2, alpha=0.9, eps=1e-3), grads)
    step = _compiled(_no_bias_correction(R.ADAM), {R.lr: 1e-2, R.b1: 0.0, R.b2: 0.9, R.eps: 1e-3})
    doc = _compiled(R.RMSPROP, {R.lr: 1e-2, R.beta: 0.9, R.eps: 1e-3})
    x, t, m, v = np.zeros(4), 0, np.zeros(4), np.zeros(4)
    xd, vd = np.zeros(4), np.zeros(4)
    for gr in grads:
        x, t, m, v = step(x, t, m, v, gr)
        xd, vd = doc(xd, vd, gr)
    assert np.allclose(x, peer, rtol=1e-10, atol=1e-14)
    assert np.abs(xd - x).max() > 1e-4  # the document's eps-inside RMSProp is a different method


def test_adagrad_matches_torch_at_eps_zero() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(4)
    grads = rng.normal(size=(40, 3))
    peer = _torch_final(lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=0.0), grads)
    step = _compiled(R.ADAGRAD, {R.lr: 0.1, R.eps: 0.0})
    x, G = np.zeros(3), np.zeros(3)
    for gr in grads:
        x, G = step(x, G, gr)
    assert np.allclose(x, peer, rtol=1e-10, atol=1e-14)
    assert np.allclose(G, (grads**2).sum(axis=0))


def test_adam_first_step_and_constant_gradient(verified) -> None:
    d, _ = verified["adaptive"]
    first = result(d, "the first Adam step")
    g, theta, lr, eps = R.g, R.theta, R.lr, R.eps
    # independent: m_1 = (1 - b1) g, v_1 = (1 - b2) g^2, corrected by 1 - b1, 1 - b2
    b1v, b2v, gv = Fraction(9, 10), Fraction(999, 1000), Fraction(-3, 7)
    m1, v1 = (1 - b1v) * gv / (1 - b1v), (1 - b2v) * gv**2 / (1 - b2v)
    assert m1 == gv and v1 == gv**2
    vals = {g: sp.Rational(-3, 7), theta: 1, lr: sp.Rational(1, 10), eps: sp.Rational(1, 100)}
    assert first.rhs.xreplace(vals) == 1 - sp.Rational(1, 10) * sp.Rational(-3, 7) / (sp.Rational(3, 7) + sp.Rational(1, 100))
    ratio = result(d, "uncorrected first step")
    assert ratio.rel is Rel.EQ
    assert abs(float((1 - 0.9) / np.sqrt(1 - 0.999)) - 3.1622776601683795) < 1e-12


def test_full_adagrad_singular_and_rmsprop_bounded(verified) -> None:
    _, r = verified["adaptive"]
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=3), rng.normal(size=3)
    assert np.linalg.matrix_rank(np.outer(a, a) + np.outer(b, b)) == 2
    e = _erratum(r, "G_t^{-1/2} g_t")
    ce = e.verdict.counterexample
    av = np.array([float(Fraction(ce[f"a_{i}"])) for i in (1, 2, 3)])
    bv = np.array([float(Fraction(ce[f"b_{i}"])) for i in (1, 2, 3)])
    assert abs(np.linalg.det(np.outer(av, av) + np.outer(bv, bv))) < 1e-9  # really singular there
    # RMSProp's EMA of squares never exceeds the largest square seen (hand-written recursion)
    gs = rng.uniform(-2, 2, size=500)
    v, vmax = 0.0, 0.0
    for x in gs:
        v = 0.99 * v + 0.01 * x * x
        vmax = max(vmax, v)
    assert vmax <= (gs**2).max()
    eps_err = _erratum(r, "basically the same thing as RMSProp")
    ce = {k: Fraction(v) for k, v in eps_err.verdict.counterexample.items()}
    vv, ee = float(ce["v"]), float(ce["eps"])
    assert abs(1 / (np.sqrt(vv) + ee) - 1 / np.sqrt(vv + ee)) > 1e-9


# ------------------------------------------------------------------------------------------ mutations
def test_mutated_key_steps_are_refuted(monkeypatch) -> None:
    from derivations import adaptive, momentum

    d = momentum.derive()
    x_t, x_p, g_t = sp.symbols("x_{t} x_{t-1} g_{t}", real=True)
    alpha = sp.Symbol("alpha", positive=True)
    i = mutate(d, "the rule HEAVY_BALL with", x_t - alpha * g_t + R.gamma * (x_t - x_p))  # the document's "same alpha"
    k = mutate(d, "their product", R.mu**2)
    for j in (i, k):  # the mutated steps alone, decided as verify() decides them
        v = step_verdict(d, j)
        assert v.refuted and v.counterexample, str(v)

    # a rule that lost Adam's first-moment bias correction breaks the derivation
    monkeypatch.setattr(R, "ADAM", R.ADAM.with_assignment(R.m_hat, R.m, name="adam_mutant"))
    d = adaptive.derive()
    v = step_verdict(d, step_index(d, "Adam's first step"))
    assert v.refuted, str(v)


def test_leibniz_parity_helper() -> None:
    from derivations.adaptive import _parity

    M = sp.Matrix(3, 3, sp.symbols("m0:9"))
    leib = sum(_parity(p) * sp.Mul(*(M[i, p[i]] for i in range(3))) for p in itertools.permutations(range(3)))
    assert sp.expand(leib - M.det()) == 0
