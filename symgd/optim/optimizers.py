"""Numeric optimizers compiled from the symbolic update rules of :mod:`symgd.optim.rules` (optax style).

``from_rule(rule, **hyper)`` returns an :class:`Optimizer`, a pair of pure functions:

* ``init(params) -> state``: a NamedTuple with the rule's state names (``adam``: ``t, m, v``) plus
  ``count`` (steps taken) and ``diverged`` (``None``, or the step at which NaN/Inf appeared when the
  optimizer was built with ``on_nonfinite="stop"``);
* ``update(grads, state, params) -> (new_params, new_state)``.  Unlike optax, which returns
  *updates* to be added by ``optax.apply_updates``, the new parameters are returned directly: they
  are exactly the rule's expression for the new parameter (no rounding from ``params + (new - params)``).

Neither function mutates its arguments.  The numpy backend lambdifies (with common subexpression
elimination) the expressions of :meth:`UpdateRule.step`, so the numbers come from the very
expressions the derivations prove.  Elementwise rules accept arrays of any shape; full-matrix rules
(preconditioned GD, Newton, full-matrix AdaGrad) treat the parameters as one flattened column.
The dtype of the parameters is kept: float32 parameters, gradients and states stay float32.

Precision of the scalar work.  Sub-expressions of the hyperparameters and scalar states alone (Adam's
bias corrections 1 - b1^t and 1 - b2^t, the EMA weights 1 - b1, 1 - b2) are computed in float64 from
the hyperparameters as given, and rounded to the arrays' dtype only where they meet the arrays, on both
backends, as torch does (Python floats).  In float32 this is the more accurate choice: b2 = 0.999
rounded to float32 and 1 - b2^t computed in float32 put tens of float32 ulps of error into each Adam
step; in float64 the float32 steps agree with float64 Adam and with torch's float32 Adam to a few ulps.

NaN or Inf in the parameters, the gradient, the new parameters or the new state raises
:class:`~symgd.core.errors.NonFiniteError` naming the optimizer and the step; with
``on_nonfinite="stop"`` the update instead returns the last finite parameters, records the step in
``state.diverged`` and does nothing from then on (:func:`minimize` stops there and reports it).

``backend="fused"`` compiles the assignments of one step into one numba kernel (:mod:`symgd.optim.fused`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from symgd.core.errors import BadInput
from symgd.optim.base import BACKENDS, Optimizer, check_nonfinite, state_type, validate_hyper
from symgd.optim.numpy_backend import from_rule_numpy
from symgd.optim.rules import (
    ADAGRAD,
    ADAGRAD_FULL,
    ADAM,
    GD,
    HEAVY_BALL,
    HEAVY_BALL_EMA,
    NESTEROV,
    NEWTON,
    PRECONDITIONED_GD,
    RMSPROP,
    RULES,
    UpdateRule,
)

__all__ = [
    "BACKENDS",
    "Optimizer",
    "RunResult",
    "adagrad",
    "adagrad_full",
    "adam",
    "from_rule",
    "gd",
    "heavy_ball",
    "heavy_ball_ema",
    "minimize",
    "nesterov",
    "newton",
    "optimizer",
    "preconditioned_gd",
    "rmsprop",
    "sgd",
    "state_type",
    "validate_hyper",
]


# --- public constructors ------------------------------------------------------------------------

def from_rule(rule: UpdateRule, backend: str = "numpy", *, on_nonfinite: str = "raise", **hyper: Any) -> Optimizer:
    """An optimizer ``(init, update)`` compiled from ``rule`` with hyperparameters ``hyper`` (the
    rule's defaults for the others).  ``backend``: ``"numpy"`` (lambdify, always available) or
    ``"fused"`` (one numba kernel per step).  Bad hyperparameters raise :class:`BadInput`."""
    check_nonfinite(on_nonfinite)
    values = validate_hyper(rule, hyper)
    if backend == "numpy":
        return from_rule_numpy(rule, values, on_nonfinite)
    if backend == "fused":
        from symgd.optim.fused import from_rule_fused  # numba loads only when the fused backend is asked for

        return from_rule_fused(rule, on_nonfinite=on_nonfinite, **values)
    raise BadInput(f"unknown backend {backend!r}; use {' or '.join(BACKENDS)}")


def optimizer(name: str, backend: str = "numpy", *, on_nonfinite: str = "raise", **hyper: Any) -> Optimizer:
    """The optimizer of the rule called ``name`` (a key of :data:`symgd.optim.rules.RULES`, or ``sgd``)."""
    rule = RULES.get("gd" if name == "sgd" else name)
    if rule is None:
        raise BadInput(f"unknown optimizer {name!r}; known: {', '.join(sorted(RULES))}")
    return from_rule(rule, backend, on_nonfinite=on_nonfinite, **hyper)


def _given(**kw: Any) -> dict[str, Any]:
    """Keyword arguments actually passed (None means: the rule's default)."""
    return {k: v for k, v in kw.items() if v is not None}


def gd(lr: float | None = None, *, backend: str = "numpy", on_nonfinite: str = "raise") -> Optimizer:
    r"""Gradient descent: :math:`\theta \leftarrow \theta - \eta g` (default lr = 0.1).

    Same as ``torch.optim.SGD(lr=lr)``.

    >>> import numpy as np
    >>> opt = gd(lr=0.25)
    >>> x = np.array([1.0, -2.0]); state = opt.init(x)
    >>> x, state = opt.update(2 * x, state, x)  # gradient of ||x||^2
    >>> x
    array([ 0.5, -1. ])
    """
    return from_rule(GD, backend, on_nonfinite=on_nonfinite, **_given(lr=lr))


sgd = gd


def preconditioned_gd(P: Any, lr: float | None = None, *, backend: str = "numpy",
                      on_nonfinite: str = "raise") -> Optimizer:
    r"""Preconditioned gradient descent with a fixed matrix P:
    :math:`\theta \leftarrow \theta - \eta P g` (default lr = 1; the parameters are flattened to a column).

    >>> import numpy as np
    >>> A = np.diag([1.0, 100.0])           # f(x) = x^T A x / 2
    >>> opt = preconditioned_gd(P=np.linalg.inv(A))
    >>> x = np.array([1.0, 1.0]); state = opt.init(x)
    >>> x, state = opt.update(A @ x, state, x)
    >>> x
    array([0., 0.])
    """
    return from_rule(PRECONDITIONED_GD, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, P=P))


def newton(H: Any, lr: float | None = None, *, backend: str = "numpy", on_nonfinite: str = "raise") -> Optimizer:
    r"""Newton's method: :math:`\theta \leftarrow \theta - \eta H^{-1} g` (default lr = 1).

    ``H`` is the Hessian: a callback ``H(params) -> (n, n) array`` called at every step (or a fixed array).

    >>> import numpy as np
    >>> opt = newton(H=lambda x: np.diag(12 * x**2))   # f(x) = sum x^4
    >>> x = np.array([1.0, 2.0]); state = opt.init(x)
    >>> x, state = opt.update(4 * x**3, state, x)
    >>> x                                            # x - x/3
    array([0.66666667, 1.33333333])
    """
    return from_rule(NEWTON, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, H=H))


def heavy_ball(lr: float | None = None, mu: float | None = None, *, backend: str = "numpy",
               on_nonfinite: str = "raise") -> Optimizer:
    r"""Polyak's heavy ball, classic form:
    :math:`x_{t+1} = x_t - \alpha \nabla f(x_t) + \mu (x_t - x_{t-1})`, :math:`x_{-1} = x_0`
    (defaults lr = alpha = 0.01, mu = 0.9).

    torch: ``SGD(lr=alpha, momentum=mu)`` (dampening = 0, its default) gives the same iterates: its buffer
    b <- mu b + g, started at b = g on the first step, is -(x_{t+1} - x_t) / alpha after each step.

    >>> import numpy as np
    >>> opt = heavy_ball(lr=0.1, mu=0.5)
    >>> x = np.array([1.0]); state = opt.init(x)
    >>> x, state = opt.update(2 * x, state, x)    # 1 - 0.2
    >>> x, state = opt.update(2 * x, state, x)    # 0.8 - 0.16 + 0.5 * (0.8 - 1)
    >>> x
    array([0.54])
    """
    return from_rule(HEAVY_BALL, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, mu=mu))


def heavy_ball_ema(lr: float | None = None, gamma: float | None = None, *, backend: str = "numpy",
                   on_nonfinite: str = "raise") -> Optimizer:
    r"""Polyak momentum as document 003 writes it, an EMA of gradients:
    :math:`m \leftarrow \gamma m + (1 - \gamma) g,\ \theta \leftarrow \theta - \eta m`, m_0 = 0
    (defaults lr = 0.1, gamma = 0.9).

    Same iterates as :func:`heavy_ball` with alpha = lr (1 - gamma), mu = gamma.  torch's
    ``SGD(momentum=gamma, dampening=1 - gamma)`` is *not* the same method: torch skips the dampening on
    its first step (b_1 = g_1, not (1 - gamma) g_1); the equivalent torch call is
    ``SGD(lr=lr * (1 - gamma), momentum=gamma)``.

    >>> import numpy as np
    >>> opt = heavy_ball_ema(lr=1.0, gamma=0.5)
    >>> x = np.array([1.0]); state = opt.init(x)
    >>> x, state = opt.update(np.array([2.0]), state, x)   # m = 1
    >>> x
    array([0.])
    """
    return from_rule(HEAVY_BALL_EMA, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, gamma=gamma))


def nesterov(lr: float | None = None, mu: float | None = None, *, backend: str = "numpy",
             on_nonfinite: str = "raise") -> Optimizer:
    r"""Nesterov's momentum, :math:`x_{t+1} = x_t + \mu (x_t - x_{t-1}) - \gamma \nabla f(x_t + \mu (x_t - x_{t-1}))`
    (document 003), in the look-ahead variable :math:`y_t = x_t + \mu (x_t - x_{t-1})` where the
    gradient is taken: :math:`v \leftarrow \mu v - \gamma g(y),\ y \leftarrow y - \gamma g(y) + \mu v`
    (defaults lr = gamma = 0.01, mu = 0.9).  The parameters are y; the document's iterate is y - mu v.

    torch: ``SGD(lr=gamma, momentum=mu, nesterov=True)`` gives the same iterates (its buffer is -v / gamma).

    >>> import numpy as np
    >>> opt = nesterov(lr=0.1, mu=0.5)
    >>> y = np.array([1.0]); state = opt.init(y)
    >>> y, state = opt.update(2 * y, state, y)    # v = -0.2, y = 1 - 0.2 - 0.1
    >>> y
    array([0.7])
    """
    return from_rule(NESTEROV, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, mu=mu))


def adagrad(lr: float | None = None, eps: float | None = None, *, backend: str = "numpy",
            on_nonfinite: str = "raise") -> Optimizer:
    r"""Diagonal AdaGrad as document 003 writes it, eps inside the square root:
    :math:`G \leftarrow G + g^2,\ \theta \leftarrow \theta - \eta g / \sqrt{\epsilon + G}`
    (defaults lr = 0.1, eps = 1e-8).

    torch's Adagrad puts eps outside, g / (sqrt(G) + eps), and starts its accumulator at
    ``initial_accumulator_value`` (default 0): the same method in torch is
    ``Adagrad(lr=lr, eps=0, initial_accumulator_value=eps)`` (lr_decay = 0).  torch's defaults
    (eps = 1e-10 outside the root, accumulator 0) give a different method.

    >>> import numpy as np
    >>> opt = adagrad(lr=1.0, eps=0.0)
    >>> x = np.array([1.0, -3.0]); state = opt.init(x)
    >>> x, state = opt.update(np.array([3.0, 4.0]), state, x)   # step lr * sign(g)
    >>> x
    array([ 0., -4.])
    """
    return from_rule(ADAGRAD, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, eps=eps))


def adagrad_full(lr: float | None = None, eps: float | None = None, *, backend: str = "numpy",
                 on_nonfinite: str = "raise") -> Optimizer:
    r"""Full-matrix AdaGrad: :math:`G \leftarrow G + g g^T,\ \theta \leftarrow \theta - \eta (\epsilon I + G)^{-1/2} g`
    (defaults lr = 0.1, eps = 1e-8).  O(n^2) memory and an eigendecomposition per step: small n only;
    numpy backend only (not elementwise).  torch.optim has no full-matrix AdaGrad.

    >>> import numpy as np
    >>> opt = adagrad_full(lr=1.0)
    >>> x = np.array([0.0, 0.0]); state = opt.init(x)
    >>> x, state = opt.update(np.array([3.0, 4.0]), state, x)   # first step: about -lr g / ||g||
    >>> x
    array([-0.6, -0.8])
    """
    return from_rule(ADAGRAD_FULL, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, eps=eps))


def rmsprop(lr: float | None = None, beta: float | None = None, eps: float | None = None, *,
            backend: str = "numpy", on_nonfinite: str = "raise") -> Optimizer:
    r"""RMSProp as document 003 writes it, eps inside the square root:
    :math:`v \leftarrow \beta v + (1 - \beta) g^2,\ \theta \leftarrow \theta - \eta g / \sqrt{v + \epsilon}`
    (defaults lr = 0.01, beta = 0.99, eps = 1e-8).

    torch's RMSprop calls beta ``alpha`` and puts eps outside: g / (sqrt(v) + eps); the two agree
    exactly when eps = 0 (``RMSprop(lr=lr, alpha=beta, eps=0)``, with torch's defaults momentum = 0,
    centered = False), otherwise only approximately (no mapping of eps makes them equal: sqrt(v + eps) is
    not sqrt(v) + eps' for all v).

    >>> import numpy as np
    >>> opt = rmsprop(lr=0.1, beta=0.75, eps=0.0)
    >>> x = np.array([1.0]); state = opt.init(x)
    >>> x, state = opt.update(np.array([2.0]), state, x)   # v = 1, step 0.1 * 2 / 1
    >>> x
    array([0.8])
    """
    return from_rule(RMSPROP, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, beta=beta, eps=eps))


def adam(lr: float | None = None, b1: float | None = None, b2: float | None = None, eps: float | None = None, *,
         backend: str = "numpy", on_nonfinite: str = "raise") -> Optimizer:
    r"""Adam with bias correction (document 003; Kingma and Ba 2015):
    :math:`m \leftarrow \beta_1 m + (1 - \beta_1) g,\ v \leftarrow \beta_2 v + (1 - \beta_2) g^2,\
    \theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)` with
    :math:`\hat m = m / (1 - \beta_1^t),\ \hat v = v / (1 - \beta_2^t)` at the new t
    (defaults lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8).

    Same method as ``torch.optim.Adam(lr=lr, betas=(b1, b2), eps=eps)`` (eps outside the root in both;
    torch's defaults weight_decay = 0, amsgrad = False).  The bias corrections 1 - b1^t, 1 - b2^t are
    computed in float64 and rounded once to the parameters' dtype, as in torch (see the module docstring).

    >>> import numpy as np
    >>> opt = adam(lr=0.1)
    >>> x = np.array([1.0, -2.0]); state = opt.init(x)
    >>> x, state = opt.update(2 * x, state, x)    # first step: about lr * sign(g)
    >>> x
    array([ 0.9, -1.9])
    """
    return from_rule(ADAM, backend, on_nonfinite=on_nonfinite, **_given(lr=lr, b1=b1, b2=b2, eps=eps))


# --- running ------------------------------------------------------------------------------------

@dataclass
class RunResult:
    """What :func:`minimize` did: final parameters and state, the loss and gradient norm at every
    iterate (index 0 is the start), the iterates when recorded, wall time, and the step at which the
    run diverged (None if it did not)."""

    params: np.ndarray
    state: Any
    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)
    trajectory: list[np.ndarray] | None = None
    steps: int = 0
    seconds: float = 0.0
    diverged_at: int | None = None


def minimize(opt: Optimizer, grad: Callable[[np.ndarray], np.ndarray], x0: Any, steps: int,
             loss: Callable[[np.ndarray], float] | None = None, record: bool = False,
             callback: Callable[[int, np.ndarray], None] | None = None) -> RunResult:
    """Run ``steps`` updates from ``x0`` with gradients ``grad(x)``; stop early if the optimizer
    reports divergence (``on_nonfinite="stop"``).  ``callback(k, x)`` is called after each step."""
    if steps < 0:
        raise BadInput(f"steps must be nonnegative, got {steps}")
    x = np.array(x0, copy=True)
    state = opt.init(x)
    res = RunResult(x, state, trajectory=[x.copy()] if record else None)
    start = time.perf_counter()
    g = np.asarray(grad(x))
    for k in range(1, steps + 1):
        if loss is not None:
            res.losses.append(float(loss(x)))
        res.grad_norms.append(float(np.linalg.norm(g)))
        x, state = opt.update(g, state, x)
        if state.diverged is not None:
            res.diverged_at = state.diverged
            break
        res.steps = k
        if record:
            res.trajectory.append(np.array(x, copy=True))
        if callback is not None:
            callback(k, x)
        g = np.asarray(grad(x))
    else:
        if loss is not None:
            res.losses.append(float(loss(x)))
        res.grad_norms.append(float(np.linalg.norm(g)))
    res.params, res.state, res.seconds = x, state, time.perf_counter() - start
    return res
