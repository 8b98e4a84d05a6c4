"""The numeric optimizers against closed forms, iteration matrices, each other and the O(1/k) theorem.

Expected numbers come from independent numpy computations (matrix powers, iteration matrices, hand
unrolled recurrences), never from the optimizers' own output.  One table drives the generic checks.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
import sympy as sp

from symgd.core.errors import BadInput, NonFiniteError
from symgd.optim import numpy_backend
from symgd.optim import optimizers as O
from symgd.optim.problems import logistic, quadratic, rosenbrock
from symgd.optim.rules import ADAM, RMSPROP, RULES

# name -> hyperparameters used by the generic tests (matrix ones are callbacks of the parameters).
TABLE: dict[str, dict] = {
    "gd": {"lr": 0.05},
    "preconditioned_gd": {"lr": 0.5, "P": lambda x: np.eye(x.size) / 2},
    "newton": {"lr": 0.5, "H": lambda x: 2 * np.eye(x.size)},
    "heavy_ball_ema": {"lr": 0.1, "gamma": 0.8},
    "heavy_ball": {"lr": 0.05, "mu": 0.7},
    "nesterov": {"lr": 0.05, "mu": 0.7},
    "adagrad": {"lr": 0.1, "eps": 1e-8},
    "adagrad_full": {"lr": 0.1, "eps": 1e-8},
    "rmsprop": {"lr": 0.01, "beta": 0.9, "eps": 1e-8},
    "adam": {"lr": 0.01, "b1": 0.9, "b2": 0.999, "eps": 1e-8},
}


def test_table_covers_every_rule():
    assert set(TABLE) == set(RULES)


def run(opt: O.Optimizer, grad, x0, steps: int) -> list[np.ndarray]:
    """Iterates x_0 .. x_steps (x_0 included)."""
    x = np.array(x0, dtype=float)
    state = opt.init(x)
    xs = [x]
    for _ in range(steps):
        x, state = opt.update(grad(x), state, x)
        xs.append(x)
    return xs


def spd(rng: np.random.Generator, n: int, lo: float = 0.5, hi: float = 10.0) -> np.ndarray:
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    return (q * rng.uniform(lo, hi, n)) @ q.T


# --- closed forms ---------------------------------------------------------------------------------

def test_gd_on_quadratic_is_matrix_power():
    rng = np.random.default_rng(1)
    A = spd(rng, 4)
    x0 = rng.normal(size=4)
    eta = 1 / np.linalg.eigvalsh(A).max()
    xs = run(O.gd(lr=eta), lambda x: A @ x, x0, 40)
    M = np.eye(4) - eta * A
    for k in (1, 7, 40):
        np.testing.assert_allclose(xs[k], np.linalg.matrix_power(M, k) @ x0, rtol=1e-12, atol=1e-14)


def test_heavy_ball_follows_its_iteration_matrix():
    # x_{t+1} = ((1 + mu) I - alpha A) x_t - mu x_{t-1}, with x_{-1} = x_0.
    rng = np.random.default_rng(2)
    A, x0, alpha, mu = spd(rng, 3), rng.normal(size=3), 0.08, 0.6
    n = 3
    T = np.block([[(1 + mu) * np.eye(n) - alpha * A, -mu * np.eye(n)], [np.eye(n), np.zeros((n, n))]])
    xs = run(O.heavy_ball(lr=alpha, mu=mu), lambda x: A @ x, x0, 30)
    z0 = np.concatenate([x0, x0])
    for k in (1, 2, 10, 30):
        np.testing.assert_allclose(xs[k], (np.linalg.matrix_power(T, k) @ z0)[:n], rtol=1e-11, atol=1e-13)


def test_nesterov_follows_the_documents_iteration_matrix():
    # Document 003: x_{t+1} = (1 + mu)(I - gamma A) x_t - mu (I - gamma A) x_{t-1}; the optimizer's
    # parameters are the look-ahead points y_t = (1 + mu) x_t - mu x_{t-1} (where the gradient is taken).
    rng = np.random.default_rng(3)
    A, x0, gamma, mu = spd(rng, 3), rng.normal(size=3), 0.07, 0.8
    n = 3
    B = np.eye(n) - gamma * A
    T = np.block([[(1 + mu) * B, -mu * B], [np.eye(n), np.zeros((n, n))]])
    ys = run(O.nesterov(lr=gamma, mu=mu), lambda y: A @ y, x0, 30)
    z0 = np.concatenate([x0, x0])
    for k in (1, 2, 10, 30):
        z = np.linalg.matrix_power(T, k) @ z0
        np.testing.assert_allclose(ys[k], (1 + mu) * z[:n] - mu * z[n:], rtol=1e-11, atol=1e-13)


def test_heavy_ball_ema_and_classic_give_the_same_iterates():
    # m <- gamma m + (1 - gamma) g, x <- x - lr m   ==   classic with alpha = lr (1 - gamma), mu = gamma.
    p = rosenbrock()
    lr, gamma = 2e-3, 0.85
    a = run(O.heavy_ball_ema(lr=lr, gamma=gamma), p.grad, p.x0, 60)
    b = run(O.heavy_ball(lr=lr * (1 - gamma), mu=gamma), p.grad, p.x0, 60)
    np.testing.assert_allclose(np.array(a), np.array(b), rtol=1e-10, atol=1e-12)
    # and the mapping matters: with alpha = lr they differ
    c = run(O.heavy_ball(lr=lr, mu=gamma), p.grad, p.x0, 60)
    assert np.abs(np.array(a) - np.array(c)).max() > 1e-3


def test_rmsprop_is_adam_with_b1_zero_and_no_bias_correction():
    m, v, m_hat, v_hat = (ADAM.symbol(n) for n in ("m", "v", "m_hat", "v_hat"))
    plain = ADAM.with_assignment(m_hat, m).with_assignment(v_hat, v, name="adam_no_bias_correction")
    # Symbolically: the new parameter agrees once b1 = 0, beta = b2 and eps = 0 (the documents place eps
    # inside the root for RMSProp, outside for Adam, so the two agree only at eps = 0).
    b1, b2, eps = (ADAM.symbol(n) for n in ("b1", "b2", "eps"))
    beta = RMSPROP.symbol("beta")
    lhs = plain.step()[ADAM.param].xreplace({b1: 0, eps: 0})
    rhs = RMSPROP.step()[RMSPROP.param].xreplace({beta: b2, RMSPROP.symbol("eps"): 0, RMSPROP.symbol("v"): v})
    assert sp.simplify(lhs - rhs) == 0
    # with the bias correction kept they differ
    assert sp.simplify(ADAM.step()[ADAM.param].xreplace({b1: 0, eps: 0}) - rhs) != 0
    # Numerically, on a problem:
    p = logistic(d=3)
    a = run(O.from_rule(plain, lr=0.05, b1=0.0, b2=0.9, eps=0.0), p.grad, p.x0, 50)
    r = run(O.rmsprop(lr=0.05, beta=0.9, eps=0.0), p.grad, p.x0, 50)
    np.testing.assert_allclose(np.array(a), np.array(r), rtol=1e-12)


def test_adagrad_with_a_constant_gradient():
    # G_t = t g^2, so x_t = x_0 - lr g sum_{k=1}^t 1 / sqrt(eps + k g^2).
    g = np.array([0.5, -2.0, 3.0])
    lr, eps = 0.3, 1e-3
    xs = run(O.adagrad(lr=lr, eps=eps), lambda x: g, np.zeros(3), 25)
    expected = -lr * g * sum(1 / np.sqrt(eps + k * g**2) for k in range(1, 26))
    np.testing.assert_allclose(xs[25], expected, rtol=1e-13)


def test_full_adagrad_equals_diagonal_when_gradients_are_axis_aligned():
    # Gradients along coordinate axes keep G diagonal, where (eps I + G)^{-1/2} is elementwise.
    rng = np.random.default_rng(4)
    gs = [np.eye(3)[k % 3] * rng.uniform(0.5, 2) for k in range(20)]
    it = iter(gs)
    it2 = iter(gs)
    a = run(O.adagrad_full(lr=0.2, eps=1e-2), lambda x: next(it), np.ones(3), 20)
    b = run(O.adagrad(lr=0.2, eps=1e-2), lambda x: next(it2), np.ones(3), 20)
    np.testing.assert_allclose(np.array(a), np.array(b), rtol=1e-12)


def test_full_adagrad_is_rotation_equivariant():
    # (eps I + sum g g^T)^{-1/2} g transforms like a vector: rotating every gradient rotates every step.
    rng = np.random.default_rng(5)
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    A = spd(rng, 3)
    a = run(O.adagrad_full(lr=0.1, eps=1e-3), lambda x: A @ x, np.ones(3), 15)
    b = run(O.adagrad_full(lr=0.1, eps=1e-3), lambda y: Q @ A @ Q.T @ y, Q @ np.ones(3), 15)
    np.testing.assert_allclose(np.array(b), np.array(a) @ Q.T, rtol=1e-10, atol=1e-12)


def test_newton_and_ideal_preconditioner_solve_a_quadratic_in_one_step():
    rng = np.random.default_rng(6)
    A, bvec = spd(rng, 4), rng.normal(size=4)
    x_star = np.linalg.solve(A, bvec)
    grad = lambda x: A @ x - bvec  # noqa: E731
    np.testing.assert_allclose(run(O.newton(H=lambda x: A), grad, np.zeros(4), 1)[1], x_star, rtol=1e-12)
    np.testing.assert_allclose(run(O.preconditioned_gd(P=np.linalg.inv(A)), grad, np.zeros(4), 1)[1], x_star, rtol=1e-12)
    # a general P: x_k - x* = (I - eta P A)^k (x_0 - x*)
    P = spd(rng, 4, 0.1, 0.3)
    xs = run(O.preconditioned_gd(P=P, lr=0.5), grad, np.zeros(4), 12)
    np.testing.assert_allclose(xs[12] - x_star, np.linalg.matrix_power(np.eye(4) - 0.5 * P @ A, 12) @ -x_star,
                               rtol=1e-10, atol=1e-12)


def test_adam_first_steps_by_hand():
    # t = 1: m = (1-b1) g, v = (1-b2) g^2, m_hat = g, v_hat = g^2; t = 2 with a second gradient h.
    lr, b1, b2, eps = 0.1, 0.8, 0.9, 1e-3
    g, h = np.array([2.0, -1.0]), np.array([0.5, 4.0])
    seq = iter([g, h])
    xs = run(O.adam(lr=lr, b1=b1, b2=b2, eps=eps), lambda x: next(seq), np.zeros(2), 2)
    x1 = -lr * g / (np.abs(g) + eps)
    m2, v2 = b1 * (1 - b1) * g + (1 - b1) * h, b2 * (1 - b2) * g**2 + (1 - b2) * h**2
    x2 = x1 - lr * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    np.testing.assert_allclose(xs[1], x1, rtol=1e-14)
    np.testing.assert_allclose(xs[2], x2, rtol=1e-14)


# --- dtype, shape, purity -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(TABLE))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_kept(name, dtype):
    opt = O.optimizer(name, **TABLE[name])
    rng = np.random.default_rng(7)
    x = rng.normal(size=(2, 3, 2)).astype(dtype)
    x_in = x.copy()
    state = opt.init(x)
    for _ in range(3):
        g = (2 * x).astype(dtype)
        new_x, new_state = opt.update(g, state, x)
        np.testing.assert_array_equal(g, 2 * x)  # arguments not mutated
        x, state = new_x, new_state
        assert x.dtype == dtype and x.shape == (2, 3, 2)
        for value in state[: len(RULES[name].state)]:
            assert np.asarray(value).dtype == dtype or isinstance(value, int)
    assert state.count == 3
    assert np.abs(x - x_in).max() > 0  # it moved
    assert np.isfinite(x).all()


def test_float32_matches_float64_to_single_precision():
    p = quadratic()
    for name in ("adam", "rmsprop", "nesterov"):
        opt = O.optimizer(name, **TABLE[name])
        x32, x64 = p.x0.astype(np.float32), p.x0.copy()
        s32, s64 = opt.init(x32), opt.init(x64)
        for _ in range(20):
            x32, s32 = opt.update(p.grad(x32), s32, x32)
            x64, s64 = opt.update(p.grad(x64), s64, x64)
        assert x32.dtype == np.float32
        np.testing.assert_allclose(x32, x64, rtol=2e-5, atol=1e-5)


def test_state_names_follow_the_rule():
    assert O.adam().init(np.zeros(2))._fields == ("t", "m", "v", "count", "diverged")
    assert O.heavy_ball().init(np.zeros(2))._fields == ("theta_prev", "count", "diverged")
    st = O.adagrad_full().init(np.zeros((2, 2)))
    assert st.G.shape == (4, 4) and not st.G.any()


# --- NaN / Inf ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(TABLE))
def test_nan_gradient_raises_naming_step_and_optimizer(name):
    opt = O.optimizer(name, **TABLE[name])
    x = np.ones(3)
    state = opt.init(x)
    for _ in range(2):
        x, state = opt.update(2 * x, state, x)
    with pytest.raises(NonFiniteError, match=rf"^{name}: .*gradient at step 3$") as info:
        opt.update(np.array([1.0, np.nan, 0.0]), state, x)
    assert info.value.step == 3 and info.value.optimizer == name


def test_inf_parameters_and_overflow_raise():
    opt = O.gd(lr=0.1)
    with pytest.raises(NonFiniteError, match="parameters at step 1"):
        opt.update(np.zeros(2), opt.init(np.ones(2)), np.array([np.inf, 1.0]))
    huge = O.gd(lr=1e300)
    x = np.array([1e300])
    with np.errstate(over="ignore"), pytest.raises(NonFiniteError, match="new parameters at step 1"):
        huge.update(np.array([1e300]), huge.init(x), x)


def test_stop_mode_reports_divergence_and_freezes():
    p = quadratic()
    opt = O.gd(lr=3.0, on_nonfinite="stop")  # lr > 2/L = 0.08: diverges
    with np.errstate(over="ignore", invalid="ignore"):
        res = O.minimize(opt, p.grad, p.x0, 2000, p.loss)
    assert res.diverged_at is not None and res.steps == res.diverged_at - 1
    assert np.isfinite(res.params).all()
    # frozen: further updates change nothing
    x2, s2 = opt.update(np.ones(2), res.state, res.params)
    assert x2 is res.params and s2 == res.state
    # a stable step converges and reports no divergence
    ok = O.minimize(O.gd(lr=1 / p.L), p.grad, p.x0, 600, p.loss)
    assert ok.diverged_at is None and ok.steps == 600 and ok.losses[-1] < 1e-12 and len(ok.losses) == 601


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "hyper", "message"), [
    ("adam", {"lr": -0.1}, "lr must be positive"),
    ("gd", {"lr": 0.0}, "lr must be positive"),
    ("adam", {"b1": 1.0}, r"b1 must lie in \[0, 1\)"),
    ("adam", {"b2": -0.5}, r"b2 must lie in \[0, 1\)"),
    ("rmsprop", {"beta": 1.5}, "beta must lie"),
    ("heavy_ball", {"mu": 1.0}, "mu must lie"),
    ("heavy_ball_ema", {"gamma": -1e-9}, "gamma must lie"),
    ("adagrad", {"eps": -1e-8}, "eps must be nonnegative"),
    ("adam", {"lr": float("nan")}, "must be finite"),
    ("adam", {"lr": "0.1"}, "must be a number"),
    ("adam", {"momentum": 0.9}, "has no hyperparameter 'momentum'"),
    ("preconditioned_gd", {}, "needs the matrix P"),
    ("newton", {"H": np.ones((2, 3))}, "square matrix"),
])
def test_bad_hyperparameters(name, hyper, message):
    with pytest.raises(BadInput, match=message):
        O.optimizer(name, **hyper)


def test_other_bad_input():
    with pytest.raises(BadInput, match="unknown optimizer 'adamw'"):
        O.optimizer("adamw")
    with pytest.raises(BadInput, match="unknown backend"):
        O.adam(backend="cuda")
    with pytest.raises(BadInput, match="on_nonfinite"):
        O.adam(on_nonfinite="ignore")
    opt = O.adam()
    with pytest.raises(BadInput, match="gradient shape"):
        opt.update(np.ones(3), opt.init(np.ones(2)), np.ones(2))
    with pytest.raises(BadInput, match="floating-point"):
        opt.init(np.array([1, 2]))
    newton = O.newton(H=np.eye(3))
    with pytest.raises(BadInput, match="shape"):
        newton.update(np.ones(2), newton.init(np.ones(2)), np.ones(2))


# --- theory against numbers -----------------------------------------------------------------------

def gd_gaps(p, x_star, f_star, steps):
    eta = 1 / p.L
    res = O.minimize(O.gd(lr=eta), p.grad, p.x0, steps, p.loss)
    gaps = np.array(res.losses[1:]) - f_star
    k = np.arange(1, steps + 1)
    bound = np.linalg.norm(p.x0 - x_star) ** 2 / (2 * eta * k)
    return gaps, bound


def test_gd_rate_on_random_psd_quadratics():
    # Theorem (document 002/003): for convex L-smooth f and eta = 1/L, f(x_k) - f* <= ||x_0 - x*||^2 / (2 eta k).
    rng = np.random.default_rng(8)
    worst = 0.0
    for trial in range(30):
        n = int(rng.integers(2, 8))
        r = int(rng.integers(1, n + 1))  # rank r: singular PSD matrices too
        Bm = rng.normal(size=(n, r)) * rng.uniform(0.05, 3, r)
        A = Bm @ Bm.T
        b = A @ rng.normal(size=n)  # in the range, so a minimizer exists
        x0 = rng.normal(size=n) * 5
        p = quadratic(A, b, x0)
        # x* and f* independently: the minimizer nearest x0 (projection onto the solution set).
        x_star = x0 - np.linalg.pinv(A) @ (A @ x0 - b)
        f_star = float(x_star @ A @ x_star / 2 - b @ x_star)
        gaps, bound = gd_gaps(p, x_star, f_star, 150)
        assert (gaps <= bound * (1 + 1e-9) + 1e-12).all(), trial
        worst = max(worst, float((gaps / bound).max()))
    assert worst > 0.01  # the bound is not vacuous on these samples


def test_gd_rate_on_logistic_regression():
    for seed in range(4):
        p = logistic(n=60, d=4, lam=10.0 ** -(1 + seed), seed=seed)
        assert np.linalg.norm(p.grad(p.x_star)) < 1e-10  # Newton found the minimizer
        gaps, bound = gd_gaps(p, p.x_star, p.f_star, 200)
        assert (gaps <= bound * (1 + 1e-9) + 1e-12).all()


def test_gd_rate_bound_fails_when_eta_is_too_large():
    # The check can fail: with eta = 2.2/L on a quadratic, GD diverges and the bound is violated.
    A = np.diag([1.0, 10.0])
    p = quadratic(A, np.zeros(2), np.array([1.0, 1.0]))
    res = O.minimize(O.gd(lr=2.2 / p.L), p.grad, p.x0, 50, p.loss)
    k = np.arange(1, 51)
    bound = 2 / (2 * (2.2 / 10) * k)
    assert (np.array(res.losses[1:]) > bound).any()


# --- rules and docs -------------------------------------------------------------------------------

def test_rule_latex_and_step():
    tex = ADAM.latex()
    assert tex.startswith("\\begin{aligned}") and "\\leftarrow" in tex and "\\beta_{1}" in tex
    assert "\\hat{m}" in tex
    new = ADAM.step()
    t, m, g = ADAM.symbol("t"), ADAM.symbol("m"), ADAM.grad
    assert new[t] == t + 1
    # the bias correction uses the NEW t: at t = 0 the corrected first moment is g itself
    lr, v, eps = ADAM.symbol("lr"), ADAM.symbol("v"), ADAM.symbol("eps")
    first = new[ADAM.param].xreplace({t: 0, m: 0, v: 0})
    assert sp.simplify(first - (ADAM.param - lr * g / (sp.Abs(g) + eps))) == 0
    assert set(ADAM.scalar_states()) == {t}


def test_doc_examples_run():
    result = doctest.testmod(O, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 30 and result.failed == 0


def _examples(fn) -> doctest.DocTest:
    (test,) = doctest.DocTestFinder(recurse=False).find(fn, fn.__name__, globs={})
    return test


def _run_examples(test: doctest.DocTest) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda text: None, clear_globs=False)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_rule_has_an_alias_with_math_and_a_running_example(name):
    """Each rule's alias (symgd.optim.optimizers.<rule name>) states the update in math and has an example whose
    printed output is checked by doctest."""
    fn = getattr(O, name)
    doc = fn.__doc__ or ""
    assert ":math:" in doc and ">>>" in doc, name
    test = _examples(fn)
    test.globs.update(vars(O))
    result = _run_examples(test)
    assert result.attempted >= 4 and result.failed == 0, name


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.elementwise))
def test_alias_examples_give_the_same_output_on_the_fused_backend(name):
    """The documented outputs hold for the fused backend too: the example's ``opt = alias(...)`` line gets
    ``backend="fused"`` and must print the same numbers."""
    test = _examples(getattr(O, name))
    changed = 0
    for ex in test.examples:
        if ex.source.startswith(f"opt = {name}("):
            ex.source = ex.source.replace(f"opt = {name}(", f"opt = {name}(backend='fused', ", 1)
            changed += 1
    assert changed == 1, name
    test.globs.update(vars(O))
    result = _run_examples(test)
    assert result.attempted >= 4 and result.failed == 0, name
    # and the edit took effect: the optimizer the example built is a fused one
    assert test.globs["opt"].backend == "fused"


def test_a_wrong_documented_output_is_caught():
    test = _examples(O.adam)
    test.examples[-1].want = "array([ 0.8, -1.9])\n"  # the example's last line, altered
    test.globs.update(vars(O))
    assert _run_examples(test).failed == 1


@pytest.mark.tex
def test_rule_latex_compiles(tmp_path, require_tool):
    import subprocess

    pdflatex = require_tool("pdflatex", "the rules' LaTeX must compile")
    body = "\n".join(f"\\section*{{{r.title}}}\n\\[\n{r.latex()}\n\\]" for r in RULES.values())
    tex = tmp_path / "rules.tex"
    tex.write_text("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
                   + body + "\n\\end{document}\n")
    proc = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", tex.name], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert (tmp_path / "rules.pdf").stat().st_size > 1000


def test_overflow_in_the_state_is_not_silent():
    # float32: g^2 = 1e40 overflows v to inf while the step m_hat / sqrt(v_hat) would stay finite (0).
    opt = O.adam(lr=0.1)
    x = np.ones(2, dtype=np.float32)
    with np.errstate(over="ignore"), pytest.raises(NonFiniteError, match=r"adam: .* in the state v at step 1"):
        opt.update(np.array([1e20, 1.0], dtype=np.float32), opt.init(x), x)
    # the same gradient in float64 is fine
    x64, _ = opt.update(np.array([1e20, 1.0]), opt.init(np.ones(2)), np.ones(2))
    np.testing.assert_allclose(x64, [0.9, 0.9], rtol=1e-6)


def test_scalar_parameters():
    opt = O.adam(lr=0.5)
    x = np.float64(2.0) * np.ones(())
    state = opt.init(x)
    x, state = opt.update(2 * x, state, x)
    assert x.shape == () and x == pytest.approx(1.5)


def test_rules_are_hashable_values():
    assert len({r: r.name for r in RULES.values()}) == len(RULES)
    variant = ADAM.with_assignment(ADAM.symbol("m_hat"), ADAM.symbol("m"))
    assert variant != ADAM and variant.name == "adam_variant" and hash(ADAM) == hash(RULES["adam"])
    with pytest.raises(ValueError, match="before assigning"):  # a rule must not read a value before it exists
        ADAM.with_assignment(ADAM.symbol("m"), ADAM.symbol("v_hat"))


def test_scalar_functions_keep_float32_arrays_float32():
    # A function of hyperparameters alone (sqrt(1 + lr)) must not become a float64 numpy scalar, which would
    # promote float32 arrays to float64 (NEP 50); the printer routes it through a Python-float version.
    g, lr = sp.symbols("g lr")
    f = numpy_backend._lambdify([g, lr], [g / sp.sqrt(1 + lr) + sp.exp(lr) * sp.Abs(g) + sp.log(1 + lr) * g])
    out = f(np.ones(3, np.float32), 0.5)[0]
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, 1 / np.sqrt(1.5) + np.exp(0.5) + np.log(1.5), rtol=1e-6)
    # the plain numpy function would have promoted
    assert (np.ones(3, np.float32) / np.sqrt(1.5)).dtype == np.float64


def test_import_symgd_stays_cheap():
    """`import symgd` (and the optimizers, the numpy backend, the CLI) loads neither numba nor torch: the
    fused backend is imported on first use of backend="fused"; in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np, symgd\n"
        "heavy = ('numba', 'torch')\n"
        "assert not [m for m in heavy if m in sys.modules], 'import symgd'\n"
        "import symgd.app.cli, symgd.app.run_cli, symgd.optim.problems\n"
        "opt = symgd.optimizer('adam')\n"  # the lazy attribute loads symgd.optim.optimizers
        "opt.update(np.ones(2), opt.init(np.ones(2)), np.ones(2))\n"
        "assert 'symgd.optim.optimizers' in sys.modules\n"
        "assert not [m for m in heavy if m in sys.modules], 'numpy backend'\n"
        "symgd.optimizer('adam', backend='fused')\n"
        "assert 'numba' in sys.modules and 'torch' not in sys.modules, 'fused backend'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
