"""Document 003, "Natural Gradient Descent" and "Fisher information approximates the KL divergence": the proximal
form of GD / preconditioned GD / natural gradient, and KL = (1/2) d^T F d.  Expected results are computed here
independently: Fisher matrices written by hand, torch autograd Hessians, numerical quadrature, a numerical minimizer."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from derivation_tools import mutated_verdict, result, step, step_index
from lazy_modules import LazyModule

from symgd import Rel

torch = LazyModule("torch")  # imported at its first use in a test, not at collection

NAMES = ("natural_gradient", "fisher_kl")
n = sp.Symbol("n", integer=True, positive=True)


@pytest.fixture(scope="module")
def verified(catalogue) -> dict:
    return {name: catalogue[name] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_errata_have_claims_and_counterexamples(verified, name) -> None:
    """Every step proved etc.: tests/test_catalogue.py."""
    d, r = verified[name]
    assert len(d.errata) >= 3
    assert all(e.claim is not None and e.verdict.counterexample for e in r.errata)

# ------------------------------------------------------------------------------------------ natural_gradient


def _spd(rng: np.random.Generator, k: int) -> np.ndarray:
    m = rng.normal(size=(k, k))
    return m @ m.T + 0.5 * np.eye(k)


def _torch_argmin(gv: np.ndarray, xt: np.ndarray, Pm: np.ndarray, lr: float) -> np.ndarray:
    """Minimize g^T (x - x_t) + (1/(2 lr)) (x - x_t)^T P (x - x_t) with torch's L-BFGS (no closed form used)."""
    g_, xt_, P_ = (torch.tensor(a, dtype=torch.float64) for a in (gv, xt, Pm))
    z = torch.zeros_like(xt_, requires_grad=True)
    opt = torch.optim.LBFGS([z], lr=1, max_iter=500, tolerance_grad=1e-14, tolerance_change=1e-16,
                            line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        u = z - xt_
        loss = g_ @ u + u @ P_ @ u / (2 * lr)
        loss.backward()
        return loss

    opt.step(closure)
    return z.detach().numpy()


def _evaluate(expr, values: dict) -> np.ndarray:
    return np.array(expr.xreplace(values).doit().as_explicit(), dtype=float).ravel()


def test_natural_gradient_results_against_a_numerical_minimizer(verified) -> None:
    d, _ = verified["natural_gradient"]
    eta, gamma = sp.symbols("eta gamma", positive=True)
    x_t, g = sp.MatrixSymbol("x_{t}", n, 1), sp.MatrixSymbol("g", n, 1)
    P, F, A = (sp.MatrixSymbol(s, n, n) for s in ("P", "F", "A"))
    pre = result(d, "the unique minimizer")
    gd = result(d, "$D = \\frac{1}{2\\eta}\\|x - x_t\\|^2")
    nat = result(d, "the natural gradient step")
    origin = result(d, "with $D = \\frac12 x^T A x")
    assert pre.rel is gd.rel is nat.rel is origin.rel is Rel.SOLVES
    rng = np.random.default_rng(5)
    for k in (2, 3):
        Pm, Fm, Am = _spd(rng, k), _spd(rng, k), _spd(rng, k)
        gv, xt = rng.normal(size=k), rng.normal(size=k)
        lr = 0.7
        vals = {n: k, eta: sp.Rational(7, 10), gamma: sp.Rational(7, 10), x_t: sp.Matrix(xt), g: sp.Matrix(gv),
                P: sp.Matrix(Pm), F: sp.Matrix(Fm), A: sp.Matrix(Am)}
        assert np.allclose(_evaluate(pre.rhs, vals), _torch_argmin(gv, xt, Pm, lr), atol=1e-8)
        assert np.allclose(_evaluate(gd.rhs, vals), _torch_argmin(gv, xt, np.eye(k), lr), atol=1e-8)
        assert np.allclose(_evaluate(nat.rhs, vals), _torch_argmin(gv, xt, Fm, lr), atol=1e-8)
        # the uncentered term (1/2) x^T A x: g^T (x - x_t) + (1/2) x^T A x is minimized at -A^{-1} g whatever x_t
        shifted = _torch_argmin(gv + Am @ xt, xt, Am, 1.0)  # (1/2) x^T A x = (1/2) u^T A u + (A x_t)^T u + const
        assert np.allclose(_evaluate(origin.rhs, vals), shifted, atol=1e-8)
        assert np.allclose(shifted, -np.linalg.solve(Am, gv), atol=1e-8)


def test_natural_gradient_errata_counterexamples_are_valid(verified) -> None:
    _, r = verified["natural_gradient"]
    unsq = next(e for e in r.errata if "\\frac{1}{2} * ||x - x_t||" in e.quote)
    ce = {k: float(sp.Rational(v)) for k, v in unsq.verdict.counterexample.items()}

    def objective(z: float) -> float:  # the document's 1-D objective without f(x_t), by hand
        return ce["g"] * (z - ce["x_t"]) + abs(z - ce["x_t"]) / 2

    assert objective(ce["x_t"] - ce["g"]) > objective(ce["y"])  # the claimed minimizer is beaten
    maha = next(e for e in r.errata if "Mahalanobis" in e.quote)
    ce = maha.verdict.counterexample
    Am = np.array(sp.Matrix(sp.sympify(ce["A"])).tolist(), dtype=float)
    gv = np.array(sp.Matrix(sp.sympify(ce["g"])).tolist(), dtype=float).ravel()
    xt = np.array(sp.Matrix(sp.sympify(ce["x_{t}"])).tolist(), dtype=float).ravel()
    assert np.linalg.eigvalsh(Am).min() > 0 and np.abs(xt).max() > 0  # a valid SPD A, a nonzero x_t
    assert np.abs(gv + Am @ (xt - np.linalg.solve(Am, gv))).max() > 1e-9  # not stationary for the uncentered D
    step = next(e for e in r.errata if "gamma F^{-1}" in e.quote)
    assert sp.Rational(step.verdict.counterexample["gamma"]) != 1


# ------------------------------------------------------------------------------------------ fisher_kl


def test_bernoulli_fisher_by_hand(verified) -> None:
    d, _ = verified["fisher_kl"]
    p, pt = sp.symbols("p p_t", positive=True)
    s, delta = sp.symbols("s delta", real=True)
    # independently: KL written out by hand, differentiated by sympy; F = 1/(p(1-p)) by hand
    kl = p * sp.log(p) - p * sp.log(pt) + (1 - p) * sp.log(1 - p) - (1 - p) * sp.log(1 - pt)
    hand = 1 / (pt * (1 - pt))
    assert sp.simplify(sp.diff(kl, p, 2).subs(p, pt) - hand) == 0
    assert sp.simplify(sp.diff(kl, p).subs(p, pt)) == 0
    res = result(d, "Bernoulli")
    assert res.rel is Rel.APPROX and res.order == (s, 3)
    assert sp.simplify(res.rhs - s**2 * delta**2 * hand / 2) == 0
    assert sp.simplify(step(d, "its second derivative").claim.rhs - hand) == 0
    # numerically: KL(0.3 + h || 0.3)/h^2 -> F/2 = 1/(2 * 0.21)
    q, h = 0.3, 1e-4
    val = (q + h) * np.log((q + h) / q) + (1 - q - h) * np.log((1 - q - h) / (1 - q))
    assert abs(val / h**2 - 1 / (2 * 0.21)) < 1e-3


def test_gaussian_fisher_by_hand(verified) -> None:
    d, _ = verified["fisher_kl"]
    mu, mu_t = sp.symbols("mu mu_t", real=True)
    v, v_t = sp.symbols("sigma^2 sigma_t^2", positive=True)
    # the textbook KL between normals, log(sigma_t/sigma) + (sigma^2 + (mu - mu_t)^2)/(2 sigma_t^2) - 1/2
    textbook = sp.log(sp.sqrt(v_t) / sp.sqrt(v)) + (v + (mu - mu_t) ** 2) / (2 * v_t) - sp.Rational(1, 2)
    kl_chain = result(d, r"$\mathrm{KL}(N(\mu, s_2)")
    assert sp.simplify(sp.expand_log(d.expand_definitions(kl_chain).rhs - textbook, force=True)) == 0
    # F in (mu, sigma^2) by hand: diag(1/sigma^2, 1/(2 sigma^4)); the module's Hessian step and Fisher entries agree
    hand = sp.diag(1 / v_t, 1 / (2 * v_t**2))
    hess = step(d, "its Hessian there").claim.rhs
    assert sp.simplify(hess - hand) == sp.zeros(2, 2)
    at = step_index(d, "the score in $(\\mu")
    assert d.steps[at + 1].claim.rhs == sp.zeros(2, 1)  # the score has mean zero
    fish = [st.claim.rhs for st in d.steps[at + 2:at + 5]]  # then the Fisher entries (1,1), (1,2), (2,2)
    assert [sp.simplify(f.subs(v, v_t) - e) for f, e in zip(fish, (hand[0, 0], 0, hand[1, 1]), strict=True)] == [0] * 3
    # torch: the autograd Hessian of the textbook KL at (mu_t, var_t) = (0.4, 1.3)
    m0, var0 = 0.4, 1.3

    def kl_t(th: torch.Tensor) -> torch.Tensor:
        m, var = th[0], th[1]
        return 0.5 * torch.log(torch.tensor(var0) / var) + (var + (m - m0) ** 2) / (2 * var0) - 0.5

    H = torch.autograd.functional.hessian(kl_t, torch.tensor([m0, var0], dtype=torch.float64))
    assert np.allclose(H.numpy(), np.diag([1 / var0, 1 / (2 * var0**2)]), atol=1e-12)


def test_softmax_fisher_by_hand(verified) -> None:
    d, _ = verified["fisher_kl"]
    from derivations.fisher_kl import fisher_categorical

    # by hand for K = 3 probabilities (a, b, c): diag(p) - p p^T
    a, b, c = sp.symbols("a b c", positive=True)
    hand = sp.Matrix([[a - a**2, -a * b, -a * c], [-a * b, b - b**2, -b * c], [-a * c, -b * c, c - c**2]])
    assert fisher_categorical([a, b, c]) == hand
    pt = sp.symbols("p_t1 p_t2 p_t3", positive=True)
    entries = [s for s in d.steps if s.why.startswith(("Hessian: $\\mathrm{diag}", "entry $("))]
    assert any(s.claim.rhs == pt[0] - pt[0] ** 2 for s in entries)
    assert any(s.claim.rhs == -pt[0] * pt[2] for s in entries)
    # torch: the autograd Hessian of KL(softmax(z) || softmax(z_t)) at z_t, K = 4, vs diag(p) - p p^T
    rng = np.random.default_rng(2)
    zt = torch.tensor(rng.normal(size=4), dtype=torch.float64)
    qt = torch.softmax(zt, 0)

    def kl(z: torch.Tensor) -> torch.Tensor:
        q = torch.softmax(z, 0)
        return torch.sum(q * (torch.log(q) - torch.log(qt)))

    H = torch.autograd.functional.hessian(kl, zt).numpy()
    pv = qt.numpy()
    assert np.allclose(H, np.diag(pv) - np.outer(pv, pv), atol=1e-12)
    assert np.allclose(H @ np.ones(4), 0, atol=1e-12)  # singular: shifting all logits changes nothing


def test_generic_hessian_identity_on_a_concrete_family(verified) -> None:
    """The generic entry (i, j) and (i, i) results, with p replaced by the normal density in (mu, var) and the
    integrals done by quadrature: both sides agree, and equal the hand Fisher entries 0 and 1/var."""
    d, _ = verified["fisher_kl"]
    x = sp.Symbol("x", real=True)
    a, b, a_t, b_t = sp.symbols("theta_i theta_j theta_ti theta_tj", real=True)
    p = sp.Function("p", positive=True)
    normal = sp.Lambda((x, a, b), sp.exp(-((x - a) ** 2) / (2 * b)) / sp.sqrt(2 * sp.pi * b))
    grid = np.linspace(-30, 30, 200_001)
    at = {a_t: sp.Rational(3, 10), b_t: sp.Rational(17, 10)}

    def quad(side, point: dict) -> float:
        e = side.replace(p, normal)
        # differentiate inside the integrals first, then evaluate at theta_t (Subs), then integrate numerically
        e = e.replace(lambda u: isinstance(u, sp.Integral), lambda u: sp.Integral(u.function.doit(), *u.limits))
        e = e.replace(lambda u: isinstance(u, sp.Subs), lambda u: u.expr.xreplace(dict(zip(u.variables, u.point, strict=True))))
        e = e.xreplace(point)
        total = 0.0
        for term in sp.Add.make_args(e):
            assert isinstance(term, sp.Integral) and term.free_symbols <= set(), term
            f = sp.lambdify(x, term.function, "numpy")
            total += float(np.trapezoid(f(grid) * np.ones_like(grid), grid))
        return total

    for start, expected in ((r"$\partial_j \partial_i D(\theta_t)", 0.0), (r"$\partial_i \partial_i D(\theta_t)", 1 / 1.7)):
        res = result(d, start)
        assert res.rel is Rel.EQ
        lhs, rhs = quad(res.lhs, at), quad(res.rhs, at)
        assert abs(lhs - expected) < 1e-9 and abs(rhs - expected) < 1e-9, (start, lhs, rhs)
    # the gradient for every theta is E[(d_i log p) log(p/p_t)]: nonzero away from theta_t (a = 0.8, b = 1.7)
    grad = result(d, r"$\partial_i D(\theta)")
    value = quad(grad.rhs, {**at, a: sp.Rational(4, 5), b: sp.Rational(17, 10)})
    assert abs(value - (0.8 - 0.3) / 1.7) < 1e-9  # d/dmu KL(N(mu, v) || N(mu_t, v)) = (mu - mu_t)/v


def test_taylor_result_and_errata_counterexamples(verified) -> None:
    d, r = verified["fisher_kl"]
    s = sp.Symbol("s", real=True)
    dv, F = sp.MatrixSymbol("d", n, 1), sp.MatrixSymbol("F", n, n)
    taylor = result(d, r"$\mathrm{KL}(p_{\theta_t + s d}")
    assert taylor.rel is Rel.APPROX and taylor.order == (s, 3)
    assert (taylor.rhs - s**2 / 2 * dv.T * F * dv).doit() == sp.ZeroMatrix(1, 1)
    for e in r.errata:
        ce = {k: sp.Rational(v) for k, v in e.verdict.counterexample.items()}
        assert 0 < ce["p_t"] < 1 and ("p" not in ce or 0 < ce["p"] < 1)
    swap = next(e for e in r.errata if "Swap" in e.quote)
    ce = {k: float(sp.Rational(v)) for k, v in swap.verdict.counterexample.items()}
    p, q, h = ce["p"], ce["p_t"], 1e-6

    def kl(r: float) -> float:
        return r * np.log(r / q) + (1 - r) * np.log((1 - r) / (1 - q))

    slope = (kl(p + h) - kl(p - h)) / (2 * h)  # the swapped form claims 0
    assert p != q and abs(slope - np.log(p * (1 - q) / (q * (1 - p)))) < 1e-6 and abs(slope) > 1e-3


def test_mutated_key_steps_are_refuted(verified) -> None:
    d, _ = verified["fisher_kl"]

    def refuted(why: str, new_rhs) -> bool:
        v = mutated_verdict(d, why, new_rhs)
        return v.refuted and bool(v.counterexample)

    p_t, s, delta = sp.Symbol("p_t", positive=True), *sp.symbols("s delta", real=True)
    # the 1/2 dropped from the Bernoulli expansion
    assert refuted("Taylor in $s$", s**2 * delta**2 / (p_t * (1 - p_t)))
    # the Gaussian Fisher entry for sigma^2 without its 1/2
    v_t = sp.Symbol("sigma_t^2", positive=True)
    assert refuted("its Hessian there", sp.diag(1 / v_t, 1 / v_t**2))
    # the softmax Hessian as diag(p_t) (the p p^T term dropped)
    pt1 = sp.Symbol("p_t1", positive=True)
    assert refuted("Hessian: $\\mathrm{diag}", pt1)
    # natural_gradient: eta on the wrong side of the preconditioner
    g, x_t = sp.MatrixSymbol("g", n, 1), sp.MatrixSymbol("x_{t}", n, 1)
    P, eta = sp.MatrixSymbol("P", n, n), sp.Symbol("eta", positive=True)
    dn, _ = verified["natural_gradient"]
    v = mutated_verdict(dn, "gradient $= 0$", x_t - P.I * g / eta)
    assert v.refuted
    # the library rule with the Mahalanobis matrix itself as the preconditioner (P instead of P^{-1}) is not the step
    from symgd.optim import rules

    wrong = rules.PRECONDITIONED_GD.step()[rules.Theta].xreplace({rules.Theta: x_t, rules.Gvec: g, rules.P: P,
                                                                   rules.lr: eta})
    assert mutated_verdict(dn, "gradient $= 0$", wrong).refuted
