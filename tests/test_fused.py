"""The fused backend (symgd.optim.fused): same numbers as the numpy backend and as hand-written updates,
dtype and shape preserved, pure update vs in-place step_, NaN/Inf errors, generated code, on-disk cache.

Arrays are small so the numba compilation (once per rule and dtype per session, or a cache load)
dominates; the cross-process cache test runs two fresh interpreters and is marked slow."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
import sympy as sp
from lazy_modules import LazyModule

from symgd.core.errors import BadInput, NonFiniteError
from symgd.optim import optimizers
from symgd.optim.rules import RULES, UpdateRule

fused = LazyModule("symgd.optim.fused")  # numba: imported at the first use in a test, not at collection

ELEMENTWISE = sorted(name for name, rule in RULES.items() if rule.elementwise)
SHAPES = [(), (7,), (3, 5), (2, 3, 4)]
STEPS = 50
# Hyperparameters away from the defaults where the defaults hide mistakes (b1 = b2 would mix up m and v).
HYPER = {
    "gd": {"lr": 0.1},
    "heavy_ball_ema": {"lr": 0.1, "gamma": 0.8},
    "heavy_ball": {"lr": 0.05, "mu": 0.7},
    "nesterov": {"lr": 0.05, "mu": 0.6},
    "adagrad": {"lr": 0.2, "eps": 1e-3},
    "rmsprop": {"lr": 0.02, "beta": 0.9, "eps": 1e-4},
    "adam": {"lr": 0.03, "b1": 0.8, "b2": 0.95, "eps": 1e-6},
}


def _problem(shape: tuple[int, ...], dtype: type, seed: int = 0):
    """x0 and a noisy elementwise gradient g_k(x) = a x + b + noise_k (a > 0), the same for every backend."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.5, 2.0, shape)
    b = rng.standard_normal(shape)
    x0 = rng.standard_normal(shape).astype(dtype)
    noise = rng.standard_normal((STEPS, *shape)) * 0.1

    def grad(x: np.ndarray, k: int) -> np.ndarray:
        return (a * x + b + noise[k]).astype(dtype)

    return x0, grad


def _run(opt, x0, grad, in_place: bool = False):
    x = x0.copy()
    state = opt.init(x)
    for k in range(STEPS):
        if in_place:
            state = opt.step_(grad(x, k), state, x)
        else:
            x, state = opt.update(grad(x, k), state, x)
    return x, state


def _tol(dtype: type, scale: float) -> float:
    # Both backends compute the scalar work (bias corrections, 1 - b1) in float64 and round it once; what is
    # left is the order of the per-coordinate operations (Adam: lr / (1 - b1^t) is one hoisted constant in
    # the kernel, two numpy operations): measured <= 1.7 ulps after 50 steps.
    return 4 * float(np.finfo(dtype).eps) * max(1.0, scale)


@pytest.fixture(scope="session")
def fused_opts() -> dict[str, optimizers.Optimizer]:
    return {name: optimizers.optimizer(name, "fused", **HYPER[name]) for name in ELEMENTWISE}


def test_every_elementwise_rule_has_test_hyperparameters():
    assert set(HYPER) == set(ELEMENTWISE)


@pytest.mark.parametrize("kernel", ["serial", "parallel"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_fused_equals_numpy_backend(fused_opts, name, dtype, kernel, monkeypatch):
    # small arrays run the serial twin of the loop; a threshold of 0 sends them to the parallel one
    monkeypatch.setattr("symgd.optim.fused.PARALLEL_MIN_SIZE", 0 if kernel == "parallel" else 1 << 30)
    numpy_opt = optimizers.optimizer(name, "numpy", **HYPER[name])
    for shape in SHAPES:
        x0, grad = _problem(shape, dtype, seed=len(shape))
        xf, sf = _run(fused_opts[name], x0, grad)
        xn, sn = _run(numpy_opt, x0, grad)
        assert xf.shape == shape and xf.dtype == dtype
        scale = float(np.max(np.abs(xn)))
        assert np.max(np.abs(xf - xn)) <= _tol(dtype, scale), (name, shape)
        assert sf.count == sn.count == STEPS
        for field in sn._fields:
            a, b = getattr(sf, field), getattr(sn, field)
            if isinstance(b, np.ndarray):
                assert a.dtype == dtype and a.shape == shape
                assert np.max(np.abs(a - b), initial=0.0) <= _tol(dtype, float(np.max(np.abs(b), initial=1.0)))
            else:
                assert type(a) is type(b) and a == b, (name, field)
        # and the iterates actually moved (a comparison of two unchanged arrays proves nothing)
        assert np.max(np.abs(xf - x0)) > 1e-3


def test_fused_adam_equals_hand_written_adam(fused_opts):
    """Independent of SymPy: the textbook Adam loop, written out here."""
    lr, b1, b2, eps = (HYPER["adam"][k] for k in ("lr", "b1", "b2", "eps"))
    x0, grad = _problem((4, 6), np.float64, seed=3)
    x, m, v = x0.copy(), np.zeros_like(x0), np.zeros_like(x0)
    for k in range(STEPS):
        g = grad(x, k)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        t = k + 1
        x = x - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    xf, sf = _run(fused_opts["adam"], x0, grad)
    assert np.allclose(xf, x, rtol=1e-12, atol=1e-12)
    assert np.allclose(sf.m, m, rtol=1e-12, atol=1e-14) and np.allclose(sf.v, v, rtol=1e-12, atol=1e-14)
    assert sf.t == STEPS


def _adam_steps(dtype: type, bias_dtype: type, grads: np.ndarray, lr: float, b1: float, b2: float,
                eps: float) -> np.ndarray:
    """The textbook Adam step -lr m_hat / (sqrt(v_hat) + eps) at every t, written out here: the moments in
    ``dtype``, the coefficients and the bias corrections 1 - b^t in ``bias_dtype`` (then rounded to dtype)."""
    c = {k: bias_dtype(v) for k, v in (("b1", b1), ("b2", b2), ("one", 1.0))}
    m = np.zeros(grads.shape[1], dtype)
    v = np.zeros(grads.shape[1], dtype)
    out = []
    for t, g in enumerate(grads.astype(dtype), start=1):
        m = dtype(c["b1"]) * m + dtype(c["one"] - c["b1"]) * g
        v = dtype(c["b2"]) * v + dtype(c["one"] - c["b2"]) * (g * g)
        bc1, bc2 = dtype(c["one"] - c["b1"] ** t), dtype(c["one"] - c["b2"] ** t)
        out.append(-dtype(lr) * (m / bc1) / (np.sqrt(v / bc2) + dtype(eps)))
    return np.array(out)


def test_float32_bias_corrections_are_computed_in_float64():
    """Both backends compute 1 - b1^t, 1 - b2^t (and 1 - b1, 1 - b2) in float64 from the hyperparameters
    as given, like torch, and round them once to float32.  Measured on the steps themselves (the update
    is pure: fed zero parameters, it returns the step), against Adam in float64, in units of lr * eps32."""
    lr, b1, b2, eps, T = 1e-3, 0.9, 0.999, 1e-8, 30
    rng = np.random.default_rng(11)
    grads = rng.standard_normal((T, 64)) * rng.uniform(0.1, 10, 64)
    unit = lr * float(np.finfo(np.float32).eps)
    truth = _adam_steps(np.float64, np.float64, grads, lr, b1, b2, eps)
    # the test can tell the two choices apart: float32 bias corrections (and float32-rounded betas) are off
    # by tens of units
    f32 = _adam_steps(np.float32, np.float32, grads, lr, b1, b2, eps)
    assert np.max(np.abs(f32 - truth)) > 10 * unit
    ref = _adam_steps(np.float32, np.float64, grads, lr, b1, b2, eps)
    assert np.max(np.abs(ref - truth)) < 3 * unit
    steps = {}
    for backend in ("numpy", "fused"):
        opt = optimizers.adam(lr=lr, b1=b1, b2=b2, eps=eps, backend=backend)
        zero = np.zeros(64, np.float32)
        state = opt.init(zero)
        out = []
        for g in grads.astype(np.float32):
            step, state = opt.update(g, state, zero)
            out.append(step)
        steps[backend] = np.array(out)
        assert steps[backend].dtype == np.float32
        assert np.max(np.abs(steps[backend] - ref)) < 3 * unit, backend
        assert np.max(np.abs(steps[backend] - truth)) < 3 * unit, backend
    assert np.max(np.abs(steps["numpy"] - steps["fused"])) < 3 * unit


def test_fused_heavy_ball_equals_hand_written_recursion(fused_opts):
    """x_{k+1} = x_k - lr g(x_k) + mu (x_k - x_{k-1}), x_{-1} = x_0, written out here."""
    lr, mu = HYPER["heavy_ball"]["lr"], HYPER["heavy_ball"]["mu"]
    x0, grad = _problem((5,), np.float64, seed=4)
    prev, x = x0.copy(), x0.copy()
    for k in range(STEPS):
        prev, x = x, x - lr * grad(x, k) + mu * (x - prev)
    xf, _ = _run(fused_opts["heavy_ball"], x0, grad)
    assert np.allclose(xf, x, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_step_in_place_equals_pure_update(fused_opts, name):
    opt = fused_opts[name]
    x0, grad = _problem((3, 4), np.float32, seed=5)
    x_pure, s_pure = _run(opt, x0, grad)
    x = x0.copy()
    state = opt.init(x)
    arrays = [getattr(state, f) for f in state._fields if isinstance(getattr(state, f), np.ndarray)]
    for k in range(STEPS):
        new_state = opt.step_(grad(x, k), state, x)
        # the very same arrays were updated (no new allocations)
        assert all(getattr(new_state, f) is getattr(state, f) for f in state._fields
                   if isinstance(getattr(state, f), np.ndarray))
        state = new_state
    assert np.array_equal(x, x_pure)
    assert all(np.array_equal(getattr(state, f), getattr(s_pure, f)) for f in state._fields
               if isinstance(getattr(state, f), np.ndarray))
    assert state.count == STEPS and len(arrays) == sum(isinstance(v, np.ndarray) for v in s_pure)


@pytest.mark.parametrize("name", ["adam", "heavy_ball"])
def test_pure_update_does_not_touch_its_arguments(fused_opts, name):
    opt = fused_opts[name]
    x = np.linspace(-1, 1, 6)
    state = opt.init(x)
    state = opt.update(x * 2, state, x)[1]  # non-trivial state
    before = (x.copy(), [np.copy(v) for v in state])
    g = x * 3
    new_x, new_state = opt.update(g, state, x)
    assert np.array_equal(x, before[0]) and not np.array_equal(new_x, x)
    for v_old, v in zip(before[1], state, strict=True):
        assert np.array_equal(np.asarray(v_old), np.asarray(v))
    assert new_state.count == state.count + 1


def test_non_contiguous_params_are_copied_with_a_warning_and_written_back(fused_opts):
    opt = fused_opts["adam"]
    base = np.arange(24, dtype=np.float64).reshape(4, 6) / 10
    x = base[:, ::2]  # a strided view
    assert not x.flags.c_contiguous
    expected, _ = opt.update(x * 1.0, opt.init(x), x)
    state = opt.init(x)
    with pytest.warns(fused.NonContiguousWarning):
        opt.step_(x * 1.0, state, x)
    assert np.array_equal(x, expected)
    assert np.array_equal(base[:, 1::2], (np.arange(24).reshape(4, 6) / 10)[:, 1::2])  # untouched columns


def test_gradient_overlapping_the_parameters_is_read_before_it_is_overwritten(fused_opts):
    """A gradient that is a shifted view of the parameter buffer: the step must use the old values."""
    opt = fused_opts["gd"]
    buf = np.arange(6, dtype=np.float64)
    x, g = buf[1:], buf[:5]  # writing x[i] overwrites g[i + 1]
    expected = x - 0.1 * g  # computed before the step, from the old values
    opt.step_(g, opt.init(x), x)
    assert np.array_equal(x, expected)


def test_float32_grads_of_another_dtype_are_cast(fused_opts):
    opt = fused_opts["gd"]
    x = np.ones(3, dtype=np.float32)
    new, _ = opt.update(np.full(3, 0.5, dtype=np.float64), opt.init(x), x)
    assert new.dtype == np.float32 and np.array_equal(new, np.full(3, 1 - 0.1 * 0.5, dtype=np.float32))


@pytest.mark.parametrize(
    ("where", "make"),
    [
        ("parameters", lambda: (np.array([1.0, np.nan, 2.0], np.float32), np.ones(3, np.float32))),
        ("gradient", lambda: (np.ones(3, np.float32), np.array([0.0, 0.0, -np.inf], np.float32))),
        # finite inputs whose new value overflows float32: x - lr g = 3e38 + 1 * 3e38
        ("new parameters", lambda: (np.array([3e38, 0, 0], np.float32), np.array([-3e38, 0, 0], np.float32))),
    ],
)
def test_nonfinite_raises_like_the_numpy_backend(where, make):
    x, g = make()
    errors = {}
    for backend in ("numpy", "fused"):
        opt = optimizers.gd(lr=1.0, backend=backend)
        state = opt.init(x)
        state = opt.update(np.zeros_like(x), state, np.nan_to_num(x))[1]  # one clean step first: count 1
        with pytest.raises(NonFiniteError) as info, np.errstate(over="ignore"):
            opt.update(g, state, x)
        errors[backend] = info.value
    f, n = errors["fused"], errors["numpy"]
    assert (f.optimizer, f.step, f.where) == (n.optimizer, n.step, n.where) == ("gd", 2, where)
    assert re.search(r"gd: non-finite .* in the " + where + " at step 2", str(f))


# One row per elementwise rule: float32 inputs that make the NEW value of a state (or, where a non-finite
# state forces it, the new parameters) non-finite, and where the error must point, reasoned out by hand:
#   adagrad/rmsprop/adam: g^2 = 1e40 overflows G or v to inf while the step g / sqrt(inf) (Adam:
#     m_hat / (sqrt(inf) + eps)) is 0, so the parameters stay finite: only the state check can see it;
#   heavy_ball_ema: m is an EMA of finite gradients (no overflow), so theta - lr m overflows instead;
#   heavy_ball: the state theta_prev is the old theta (checked as input); theta + 3e38 + 3e38 overflows;
#   nesterov: v = mu v - lr g = -0.9e38 - 3e38 overflows at step 2, and theta - lr g + mu v with it.
# (hyperparameters, parameters, gradients of the steps; the last step is the failing one, where)
_F32_MAX = 3e38
NONFINITE_CASES = {
    "gd": ({"lr": 1.0}, [-_F32_MAX, 1.0], [[_F32_MAX, 0.0]], "new parameters"),
    "adagrad": ({"lr": 0.1, "eps": 1e-8}, [1.0, 1.0], [[1.0, 2.0], [1e20, 1.0]], "state G"),
    "rmsprop": ({"lr": 0.1, "beta": 0.9, "eps": 1e-8}, [1.0, 1.0], [[1.0, 2.0], [1e20, 1.0]], "state v"),
    "adam": ({"lr": 0.1}, [1.0, 1.0], [[1.0, 2.0], [1e20, 1.0]], "state v"),
    "heavy_ball_ema": ({"lr": 1.0, "gamma": 0.0}, [-_F32_MAX, 0.0], [[0.0, 0.0], [_F32_MAX, 0.0]], "new parameters"),
    "heavy_ball": ({"lr": 1.0, "mu": 0.0}, [_F32_MAX, 0.0], [[-_F32_MAX, 0.0]], "new parameters"),
    "nesterov": ({"lr": 1.0, "mu": 0.9}, [0.0, 0.0], [[1e38, 0.0], [_F32_MAX, 0.0]], "new parameters"),
}


def test_every_elementwise_rule_has_a_nonfinite_case():
    assert set(NONFINITE_CASES) == set(ELEMENTWISE)


def _failing_step(opt, hyper_case, in_place: bool = False):
    """Run the case's steps on ``opt``; return (error or None, state before the last step, params)."""
    _, x0, grads, _ = hyper_case
    x = np.array(x0, dtype=np.float32)
    state = opt.init(x)
    with np.errstate(over="ignore", invalid="ignore"):
        for k, g in enumerate(grads):
            g = np.array(g, dtype=np.float32)
            if k == len(grads) - 1:
                try:
                    if in_place:
                        state = opt.step_(g, state, x)
                    else:
                        x, state = opt.update(g, state, x)
                except NonFiniteError as exc:
                    return exc, state, x
            elif in_place:
                state = opt.step_(g, state, x)
            else:
                x, state = opt.update(g, state, x)
    return None, state, x


@pytest.mark.parametrize("kernel", ["serial", "parallel"])
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_nonfinite_new_state_raises_the_same_error_on_both_backends(name, kernel, monkeypatch):
    monkeypatch.setattr("symgd.optim.fused.PARALLEL_MIN_SIZE", 0 if kernel == "parallel" else 1 << 30)
    hyper, _, grads, where = NONFINITE_CASES[name]
    step = len(grads)
    errors = {}
    for backend in ("numpy", "fused"):
        err, _, _ = _failing_step(optimizers.optimizer(name, backend, **hyper), NONFINITE_CASES[name])
        assert err is not None, (backend, name)
        errors[backend] = err
    errors["fused in place"], _, _ = _failing_step(optimizers.optimizer(name, "fused", **hyper),
                                                   NONFINITE_CASES[name], in_place=True)
    for backend, err in errors.items():
        assert (err.optimizer, err.step, err.where) == (name, step, where), backend
        assert str(err) == f"{name}: non-finite values (NaN or Inf) in the {where} at step {step}", backend
    # "stop": both freeze at the last finite parameters and report the same step
    for backend in ("numpy", "fused"):
        opt = optimizers.optimizer(name, backend, on_nonfinite="stop", **hyper)
        err, state, x = _failing_step(opt, NONFINITE_CASES[name])
        assert err is None and state.diverged == step and state.count == step - 1, backend
        assert np.isfinite(x).all()


def test_the_state_rows_leave_the_parameters_finite():
    """The rows pointing at a state really have finite new parameters (only the state check catches them):
    the kernel's own counts on the failing step; and the same numbers in float64 run through."""
    for name, (hyper, x0, grads, where) in NONFINITE_CASES.items():
        if not where.startswith("state"):
            continue
        opt = optimizers.optimizer(name, "fused", **hyper)
        x = np.array(x0, np.float32)
        state = opt.init(x)
        for g in grads[:-1]:
            state = opt.step_(np.array(g, np.float32), state, x)
        kernel = opt.update.kernel
        arrays = [getattr(state, n) for n in opt.update.array_names]
        scalars = [getattr(state, n) for n in opt.update.scalar_names]
        with np.errstate(over="ignore"):
            _, counts = kernel.step_(x, np.array(grads[-1], np.float32), arrays, scalars, opt.hyper)
        assert counts[:3] == (0, 0, 0) and sum(counts[3:]) == 1, (name, counts)  # one coordinate of one state
        assert np.isfinite(x).all()
        x = np.array(x0)
        for backend in ("numpy", "fused"):
            opt = optimizers.optimizer(name, backend, **hyper)
            state = opt.init(x)
            for g in grads:
                x, state = opt.update(np.array(g), state, x)
            assert np.isfinite(x).all() and state.count == len(grads)


_c = sp.Symbol("c", real=True)
_k = sp.Symbol("k", positive=True)


def test_nonfinite_scalar_state_raises_on_both_backends():
    """A float scalar state (c <- k c, one number per optimizer) that overflows float32 at step 2 (1e60),
    while the step theta - lr g / c stays finite: both backends name the state."""
    rule = UpdateRule(name="shrink", param=_theta, grad=_g, hyper=(_lr, _k), defaults={"lr": 0.1, "k": 1e30},
                      state=((_c, sp.Integer(1)),), assignments=((_c, _k * _c), (_theta, _theta - _lr * _g / _c)))
    assert rule.scalar_states() == (_c,)
    errors = {}
    for backend in ("numpy", "fused"):
        opt = optimizers.from_rule(rule, backend)
        x = np.ones(3, np.float32)
        state = opt.init(x)
        x, state = opt.update(np.ones(3, np.float32), state, x)  # c = 1e30: finite in float32
        assert state.c == np.float32(1e30) and np.isfinite(x).all()
        with np.errstate(over="ignore"), warnings.catch_warnings(), pytest.raises(NonFiniteError) as info:
            warnings.simplefilter("ignore", RuntimeWarning)
            opt.update(np.ones(3, np.float32), state, x)
        errors[backend] = info.value
    assert {(e.optimizer, e.step, e.where) for e in errors.values()} == {("shrink", 2, "state c")}


def test_nonfinite_in_place_and_stop():
    x = np.array([1.0, 2.0, 3.0])
    opt = optimizers.adam(backend="fused")
    state = opt.init(x)
    with pytest.raises(NonFiniteError, match=r"adam: .* gradient at step 1"):
        opt.step_(np.array([0.0, np.nan, 0.0]), state, x)
    stopper = optimizers.adam(backend="fused", on_nonfinite="stop")
    x = np.array([1.0, 2.0, 3.0])
    state = stopper.init(x)
    x1, state = stopper.update(np.ones(3), state, x)
    x2, state2 = stopper.update(np.array([np.inf, 0, 0]), state, x1)
    assert x2 is x1 and state2.diverged == 2 and state2.count == 1
    x3, state3 = stopper.update(np.ones(3), state2, x2)  # stopped: nothing more happens
    assert x3 is x2 and state3 is state2


def test_full_matrix_rules_are_rejected():
    for name, rule in RULES.items():
        if not rule.elementwise:
            with pytest.raises(BadInput, match="not elementwise"):
                fused.from_rule_fused(rule, **({"P": np.eye(2)} if name == "preconditioned_gd" else
                                              {"H": np.eye(2)} if name == "newton" else {}))


def test_integer_params_are_rejected(fused_opts):
    with pytest.raises(BadInput, match="float32 or float64"):
        fused_opts["gd"].update(np.ones(3), fused_opts["gd"].init(np.ones(3)), np.ones(3, dtype=np.int64))


# --- rules built here: functions in the kernel, and the whitelist --------------------------------

_theta, _g = sp.symbols("theta g", real=True)
_lr = sp.Symbol("lr", positive=True)


def _rule(name: str, new_theta: sp.Expr) -> UpdateRule:
    return UpdateRule(name=name, param=_theta, grad=_g, hyper=(_lr,), defaults={"lr": 0.1}, state=(),
                      assignments=((_theta, new_theta),))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_clipped_sign_rule_with_max_min_sign_abs(dtype):
    """theta - lr (clip(g, -1, 1) + sign(g) |g| / 4): Max, Min, sign and Abs through the kernel printer,
    against numpy written out here."""
    rule = _rule("clipsign", _theta - _lr * (sp.Max(sp.Min(_g, 1), -1) + sp.sign(_g) * sp.Abs(_g) / 4))
    opt = fused.from_rule_fused(rule, lr=0.25)
    x = np.array([0.5, -2.0, 3.0, 0.0], dtype=dtype)
    g = np.array([-3.0, 0.5, 2.0, 0.0], dtype=dtype)
    new, _ = opt.update(g, opt.init(x), x)
    expected = x - dtype(0.25) * (np.clip(g, -1, 1) + np.sign(g) * np.abs(g) / 4)
    assert new.dtype == dtype
    assert np.allclose(new, expected, rtol=4 * np.finfo(dtype).eps, atol=0)


def test_unsupported_function_is_rejected():
    with pytest.raises(BadInput, match="sin"):
        fused.kernel_source(_rule("sine", _theta - _lr * sp.sin(_g)))


def test_generated_loop_has_no_python_literals():
    """A Python literal in the loop body would promote float32 to float64 in numba: every number is
    hoisted into a constant cast to the array dtype."""
    for name in ELEMENTWISE:
        src = fused.kernel_source(RULES[name])
        loops = re.findall(r"    for i in (?:numba\.prange|range)\(a_p\.shape\[0\]\):\n((?:        .*\n)+)", src)
        assert len(loops) == 2, name  # the parallel kernel and its serial twin
        assert loops[0] == loops[1]
        for line in loops[0].splitlines():
            assert not re.search(r"(?<![\w.])\d", line), (name, line)
        assert "@numba.njit(parallel=True, error_model='numpy', fastmath={'reassoc'}, cache=True)\ndef kernel(" in src


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 instruction names")
@pytest.mark.parametrize("name", ["adam", "rmsprop"])
def test_sqrt_and_division_are_vectorized(name):
    """Issue 16: numba's default error model tests each divisor for zero (to raise ZeroDivisionError), and that
    branch kept every loop with a division scalar (vsqrtss/vdivss).  The serial float32 kernel's machine code
    has packed square roots and divisions."""
    src = fused.kernel_source(RULES[name]).replace("cache=True", "cache=False")  # numba cannot inspect cached code
    ns: dict = {}
    exec(compile(src, f"<fused {name}>", "exec"), ns)
    serial, x = ns["kernel_serial"], np.ones(8, np.float32)
    n_arrays = sum(1 for a in serial.py_func.__code__.co_varnames[:serial.py_func.__code__.co_argcount]
                   if a.startswith("a_"))
    n_consts = serial.py_func.__code__.co_argcount - n_arrays - 1
    serial(*(x.copy() for _ in range(n_arrays)), *[np.float32(0.5)] * n_consts, np.float32(3e38))
    asm = serial.inspect_asm(serial.signatures[0])
    assert re.search(r"\bv?sqrtps\b", asm) and re.search(r"\bv?divps\b", asm)


def test_division_by_zero_is_nan_as_in_the_numpy_backend():
    """RMSProp with eps = 0 and a zero gradient coordinate divides 0 by 0 at the first step: NaN in the new
    parameters for both backends (the fused one raised ZeroDivisionError under numba's Python error model)."""
    errors = []
    for backend in ("numpy", "fused"):
        opt = optimizers.optimizer("rmsprop", backend, lr=0.01, beta=0.9, eps=0.0)
        x = np.ones(4, np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy's own 0/0 warning
            with pytest.raises(NonFiniteError, match="new parameters at step 1") as info:
                opt.update(np.array([1, 0, 1, 1], np.float32), opt.init(x), x)
        errors.append(str(info.value))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("name", ["adam", "rmsprop", "adagrad", "heavy_ball"])
def test_reassoc_leaves_the_update_bit_for_bit(name):
    """The kernels' only fastmath flag, "reassoc", is there for the non-finite counters' vector sums; the
    update itself must be what the expressions say: the serial kernel gives bit for bit the values of the same
    source compiled without fastmath (float32, random inputs and constants, NaN/Inf counted alike)."""
    src = fused.kernel_source(RULES[name])
    strict = src.replace("fastmath={'reassoc'}, cache=True", "fastmath=False")
    assert strict != src
    spaces = []
    for code in (src.replace("cache=True", "cache=False"), strict):
        ns: dict = {}
        exec(compile(code, f"<fused {name}>", "exec"), ns)
        spaces.append(ns["kernel_serial"])
    n_arrays = spaces[0].py_func.__code__.co_argcount - 1  # the arrays and constants, then fmax
    n_states = sum(1 for a in spaces[0].py_func.__code__.co_varnames[:n_arrays] if a.startswith("a_"))
    rng = np.random.default_rng(7)
    arrays = [rng.standard_normal(1000).astype(np.float32) for _ in range(n_states)]
    arrays[0][:3] = [np.inf, np.nan, 0.0]
    for a in arrays[2:]:
        np.abs(a, out=a)  # second moments are nonnegative
    consts = [np.float32(c) for c in rng.uniform(0.05, 1.5, n_arrays - n_states)]
    outs = []
    for kernel in spaces:
        copies = [a.copy() for a in arrays]
        counts = kernel(*copies, *consts, np.float32(np.finfo(np.float32).max))
        outs.append((copies, [int(c) for c in counts]))
    assert outs[0][1] == outs[1][1] and outs[0][1][0] == 2
    for a, b in zip(outs[0][0], outs[1][0], strict=True):
        assert np.array_equal(a.view(np.int32), b.view(np.int32))  # bits, NaN payloads and signed zeros included


# --- the on-disk cache across processes ------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import json, numpy as np
    from symgd.optim import fused, optimizers
    opt = optimizers.rmsprop(backend="fused")
    xs = []
    for n in (5, fused.PARALLEL_MIN_SIZE):  # the serial and the parallel kernel
        x = np.ones(n, dtype=np.float32)
        opt.step_(np.ones(n, dtype=np.float32), opt.init(x), x)
        xs.append(x[:5].tolist())
    module = fused.compile_rule(opt.update.rule).module
    stats = [module.kernel_serial.stats, module.kernel.stats]
    print(json.dumps({"hits": [sum(s.cache_hits.values()) for s in stats],
                      "misses": [sum(s.cache_misses.values()) for s in stats], "x": xs}))
    """
)


@pytest.mark.slow
def test_kernels_are_cached_on_disk_across_processes(tmp_path):
    env = dict(os.environ, SYMGD_CACHE_DIR=str(tmp_path))
    runs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    cold, warm = runs
    assert (cold["hits"], cold["misses"]) == ([0, 0], [1, 1])
    assert (warm["hits"], warm["misses"]) == ([1, 1], [0, 0])
    assert cold["x"] == warm["x"]
    assert len(list((tmp_path / "fused").glob("symgd_fused_*.py"))) == 1
