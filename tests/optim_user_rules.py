"""Three update rules written as a user would write them (docs/optimizers_user_rules.md shows the same
code; a test keeps the two identical): AdamW, Lion and sign descent.  Shared by the torch and optax tests."""

from __future__ import annotations

import sympy as sp

from symgd.optim.rules import ADAM, Hyper, UpdateRule, b1, b2, eps, g, lr, m, m_hat, t, theta, v, v_hat

__all__ = ["ADAMW", "LION", "SIGN_DESCENT", "wd"]

# --- rule: adamw ---
wd = Hyper("wd", nonnegative=True)  # the weight decay, a new hyperparameter

ADAMW = UpdateRule(
    name="adamw",
    title="AdamW (decoupled weight decay)",
    param=theta, grad=g, hyper=(lr, b1, b2, eps, wd),
    defaults={"lr": 1e-3, "b1": 0.9, "b2": 0.999, "eps": 1e-8, "wd": 1e-2},
    state=ADAM.state,  # t, m, v, all starting at 0
    assignments=(
        (t, t + 1),
        (m, b1 * m + (1 - b1) * g),
        (v, b2 * v + (1 - b2) * g**2),
        (m_hat, m / (1 - b1**t)),
        (v_hat, v / (1 - b2**t)),
        # the decay acts on theta directly, outside the adaptive scaling (Loshchilov and Hutter 2019)
        (theta, theta - lr * wd * theta - lr * m_hat / (sp.sqrt(v_hat) + eps)),
    ),
    doc="Adam with decoupled weight decay: theta <- theta - lr wd theta - lr m_hat / (sqrt(v_hat) + eps).",
)
# --- end ---

# --- rule: lion ---
c = sp.Symbol("c", real=True)  # a temporary: the interpolation whose sign is the step

LION = UpdateRule(
    name="lion",
    title="Lion (evolved sign momentum)",
    param=theta, grad=g, hyper=(lr, b1, b2, wd),
    defaults={"lr": 1e-4, "b1": 0.9, "b2": 0.99, "wd": 0.0},
    state=((m, sp.Integer(0)),),
    assignments=(
        (c, b1 * m + (1 - b1) * g),
        (theta, theta - lr * (sp.sign(c) + wd * theta)),
        (m, b2 * m + (1 - b2) * g),  # after theta: the step used the old m
    ),
    doc="c = b1 m + (1 - b1) g; theta <- theta - lr (sign(c) + wd theta); m <- b2 m + (1 - b2) g (Chen et al. 2023).",
)
# --- end ---

# --- rule: sign_descent ---
SIGN_DESCENT = UpdateRule(
    name="sign_descent",
    title="Sign descent",
    param=theta, grad=g, hyper=(lr,), defaults={"lr": 1e-3}, state=(),
    assignments=((theta, theta - lr * sp.sign(g)),),
    doc="theta <- theta - lr sign(g).",
)
# --- end ---
