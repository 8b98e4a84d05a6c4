"""torch.optim as an independent peer: the same problems and gradients for 100 steps, float64,
agreeing to 1e-6 relative wherever both define the same method.  Where torch's conventions differ,
the hyperparameters are mapped here (and the mapping is documented in the aliases' docstrings);
the tests at the end show that the differences are real (unmapped, the two disagree)."""

from __future__ import annotations

import numpy as np
import pytest
from lazy_modules import LazyModule

from symgd.optim import optimizers as O
from symgd.optim.problems import PROBLEMS, Problem, make

torch = LazyModule("torch", peer=True)  # imported at its first use in a test, not at collection

STEPS = 100

# name -> (our optimizer, torch constructor taking the parameter list), per problem scale of lr.
# Each row is one method defined by both, with torch's hyperparameters mapped to ours.
CASES = {
    "gd": (lambda lr: O.gd(lr=lr), lambda ps, lr: torch.optim.SGD(ps, lr=lr)),
    "heavy_ball": (lambda lr: O.heavy_ball(lr=lr, mu=0.9),
                   lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9)),
    # EMA form: alpha = lr (1 - gamma) in torch's undampened SGD (torch's dampening skips step 1).
    "heavy_ball_ema": (lambda lr: O.heavy_ball_ema(lr=lr / 0.2, gamma=0.8),
                       lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.8)),
    "nesterov": (lambda lr: O.nesterov(lr=lr, mu=0.9),
                 lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9, nesterov=True)),
    # eps inside the root (document) = torch's initial accumulator, with torch's own eps at 0.
    "adagrad": (lambda lr: O.adagrad(lr=10 * lr, eps=1e-6),
                lambda ps, lr: torch.optim.Adagrad(ps, lr=10 * lr, eps=0.0, initial_accumulator_value=1e-6)),
    # beta is torch's alpha; eps inside vs outside the root agree only at eps = 0.
    "rmsprop": (lambda lr: O.rmsprop(lr=lr, beta=0.95, eps=0.0),
                lambda ps, lr: torch.optim.RMSprop(ps, lr=lr, alpha=0.95, eps=0.0)),
    "adam": (lambda lr: O.adam(lr=10 * lr, b1=0.85, b2=0.99, eps=1e-4),
             lambda ps, lr: torch.optim.Adam(ps, lr=10 * lr, betas=(0.85, 0.99), eps=1e-4)),
}
LR = {"quadratic": 0.02, "rosenbrock": 1e-4, "logistic": 0.5, "linear-regression": 0.1}


def ours(opt: O.Optimizer, p: Problem) -> np.ndarray:
    x = p.x0.copy()
    state = opt.init(x)
    xs = [x]
    for _ in range(STEPS):
        x, state = opt.update(p.grad(x), state, x)
        xs.append(x)
    return np.array(xs)


def theirs(make_opt, p: Problem, lr: float) -> np.ndarray:
    w = torch.tensor(p.x0.copy(), dtype=torch.float64, requires_grad=True)
    opt = make_opt([w], lr)
    xs = [w.detach().numpy().copy()]
    for _ in range(STEPS):
        opt.zero_grad()
        w.grad = torch.from_numpy(p.grad(w.detach().numpy().copy()))  # the same gradient function
        opt.step()
        xs.append(w.detach().numpy().copy())
    return np.array(xs)


def agree(a: np.ndarray, b: np.ndarray) -> float:
    """Largest relative difference of the iterates (relative to the iterate's norm, floored at 1)."""
    scale = np.maximum(np.linalg.norm(b, axis=1), 1.0)
    return float((np.linalg.norm(a - b, axis=1) / scale).max())


@pytest.fixture(scope="module")
def problems() -> dict[str, Problem]:
    return {name: make(name) for name in PROBLEMS}


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("name", sorted(CASES))
def test_agrees_with_torch(name, problem, problems):
    p = problems[problem]
    mine, torch_opt = CASES[name]
    a = ours(mine(LR[problem]), p)
    b = theirs(torch_opt, p, LR[problem])
    assert np.isfinite(a).all()
    assert np.abs(a[-1] - a[0]).max() > 1e-6  # the run moved, so agreement means something
    assert agree(a, b) < 1e-6


@pytest.mark.parametrize("backend", ["numpy", "fused"])
def test_float32_agrees_with_torch_float32(backend):
    # Both compute the bias corrections in float64 and the moments in float32: on a 50-step run the
    # iterates (of size 0.25 .. 1.3) agree to about one float32 ulp (measured 1.8e-7).
    p = make("logistic")
    x = p.x0.astype(np.float32)
    opt = O.adam(lr=0.05, backend=backend)
    state = opt.init(x)
    w = torch.tensor(x.copy(), requires_grad=True)
    topt = torch.optim.Adam([w], lr=0.05)
    for _ in range(50):
        x, state = opt.update(p.grad(x), state, x)
        w.grad = torch.from_numpy(p.grad(w.detach().numpy().copy()))
        topt.step()
    assert x.dtype == np.float32
    assert np.abs(x - p.x0).max() > 0.5  # it moved
    np.testing.assert_allclose(x, w.detach().numpy(), rtol=0, atol=8 * np.finfo(np.float32).eps)


@pytest.mark.parametrize("backend", ["numpy", "fused"])
def test_float32_adam_steps_agree_with_torch_fused_adam(backend):
    """The steps themselves (the pure update fed zero parameters returns the step; torch's parameter is
    zeroed before each step), float32, b2 = 0.999 where float32 bias corrections would be off by tens of
    units of lr * eps32: ours and torch's fused Adam agree to a few units (measured 2.9)."""
    lr, T, n = 1e-3, 30, 64
    rng = np.random.default_rng(0)
    grads = (rng.standard_normal((T, n)) * rng.uniform(0.1, 10, n)).astype(np.float32)
    opt = O.adam(lr=lr, b1=0.9, b2=0.999, eps=1e-8, backend=backend)
    zero = np.zeros(n, np.float32)
    state = opt.init(zero)
    w = torch.zeros(n, dtype=torch.float32, requires_grad=True)
    topt = torch.optim.Adam([w], lr=lr, betas=(0.9, 0.999), eps=1e-8, fused=True)
    worst = 0.0
    for g in grads:
        step, state = opt.update(g, state, zero)
        with torch.no_grad():
            w.zero_()
        w.grad = torch.from_numpy(g.copy())
        topt.step()
        worst = max(worst, float(np.abs(step - w.detach().numpy()).max()))
    assert worst < 4 * lr * np.finfo(np.float32).eps


# The documented differences are real: unmapped, torch's variants are different methods.

def test_torch_dampening_is_not_the_ema_form():
    # SGD(momentum=gamma, dampening=1-gamma) starts its buffer at g_1, not (1 - gamma) g_1.
    p = make("quadratic")
    a = ours(O.heavy_ball_ema(lr=0.1, gamma=0.8), p)
    b = theirs(lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.8, dampening=0.2), p, 0.1)
    assert agree(a[:2], b[:2]) > 1e-2


def test_torch_eps_placement_differs():
    p = make("logistic")
    a = ours(O.rmsprop(lr=0.01, beta=0.95, eps=1e-2), p)
    b = theirs(lambda ps, lr: torch.optim.RMSprop(ps, lr=lr, alpha=0.95, eps=1e-2), p, 0.01)
    assert agree(a, b) > 1e-6
    a = ours(O.adagrad(lr=0.1, eps=1e-2), p)
    b = theirs(lambda ps, lr: torch.optim.Adagrad(ps, lr=lr, eps=1e-2), p, 0.1)
    assert agree(a, b) > 1e-6


def test_torch_adagrad_needs_the_initial_accumulator():
    # eps inside the root is torch's initial accumulator: with torch's default accumulator 0 (and eps = 0) the
    # first step is lr * sign(g), ours lr g / sqrt(eps + g^2): different unless the accumulator is eps.
    p = make("logistic")
    a = ours(O.adagrad(lr=0.1, eps=1e-1), p)
    b = theirs(lambda ps, lr: torch.optim.Adagrad(ps, lr=lr, eps=0.0), p, 0.1)
    assert agree(a[:2], b[:2]) > 1e-3
    c = theirs(lambda ps, lr: torch.optim.Adagrad(ps, lr=lr, eps=0.0, initial_accumulator_value=1e-1), p, 0.1)
    assert agree(a, c) < 1e-6
