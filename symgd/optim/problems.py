"""Test problems for the numeric optimizers: loss, gradient, Hessian, starting point, and the
optimum and smoothness constant where they are known.

The two-variable problems (the ill-conditioned quadratic, Rosenbrock) are SymPy expressions whose
gradient and Hessian are derived symbolically and lambdified; the data problems (logistic
regression, linear least squares) use closed-form numpy (a SymPy sum over hundreds of data points
would only be slow).  Data are synthetic with a fixed seed, so every run sees the same problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from symgd.core.errors import BadInput

__all__ = ["PROBLEMS", "Problem", "linear_regression", "logistic", "make", "quadratic", "rosenbrock"]


@dataclass(frozen=True)
class Problem:
    """A differentiable test problem.  ``x_star``/``f_star``: the minimizer and minimum when known;
    ``L``: a Lipschitz constant of the gradient when known (the step 1/L of the theory)."""

    name: str
    loss: Callable[[np.ndarray], float]
    grad: Callable[[np.ndarray], np.ndarray]
    hessian: Callable[[np.ndarray], np.ndarray]
    x0: np.ndarray
    x_star: np.ndarray | None = None
    f_star: float | None = None
    L: float | None = None
    expr: sp.Expr | None = None  # the symbolic loss, when the problem has one
    stable_lr: float | None = None  # a step size under which plain GD is stable from x0 (1/L when L is known)

    @property
    def lr_hint(self) -> float | None:
        """A step size for gradient methods: ``stable_lr``, else 1/L (the theory's step), else None."""
        if self.stable_lr is not None:
            return self.stable_lr
        return 1.0 / self.L if self.L else None

    @property
    def dim(self) -> int:
        return int(self.x0.size)


def _from_sympy(name: str, f: sp.Expr, xs: list[sp.Symbol], x0: list[float], **known: object) -> Problem:
    """A problem whose gradient and Hessian are derived from the SymPy loss ``f``."""
    grad_e = [sp.diff(f, x) for x in xs]
    hess_e = [[sp.diff(gi, x) for x in xs] for gi in grad_e]
    f_n = sp.lambdify([xs], f, "numpy")
    g_n = sp.lambdify([xs], grad_e, "numpy")
    h_n = sp.lambdify([xs], hess_e, "numpy")

    def loss(x: np.ndarray) -> float:
        return float(f_n(np.asarray(x)))

    def grad(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return np.asarray(g_n(x), dtype=x.dtype)

    def hessian(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return np.asarray(h_n(x), dtype=x.dtype)

    return Problem(name, loss, grad, hessian, np.array(x0, dtype=float), expr=f, **known)  # type: ignore[arg-type]


def quadratic(A: np.ndarray | None = None, b: np.ndarray | None = None, x0: np.ndarray | None = None) -> Problem:
    """f(x) = x^T A x / 2 - b^T x.  Default: the ill-conditioned 2-D quadratic with
    A = [[13, 12], [12, 13]] (eigenvalues 25 and 1, condition number 25), b = 0, from x0 = (-3, 2),
    built symbolically.  With ``A`` (symmetric positive semidefinite, b in its range): closed-form numpy."""
    if A is None:
        x, y = sp.symbols("x y", real=True)
        Am = sp.Matrix([[13, 12], [12, 13]])
        v = sp.Matrix([x, y])
        f = sp.expand((v.T * Am * v)[0, 0] / 2)
        return _from_sympy("quadratic", f, [x, y], [-3.0, 2.0], x_star=np.zeros(2), f_star=0.0, L=25.0)
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise BadInput("quadratic: A must be a symmetric square matrix")
    n = A.shape[0]
    b = np.zeros(n) if b is None else np.asarray(b, dtype=float)
    x_star = np.linalg.lstsq(A, b, rcond=None)[0]
    f_star = float(-b @ x_star / 2)
    return Problem(
        "quadratic",
        loss=lambda x: float(np.asarray(x) @ A @ np.asarray(x) / 2 - b @ np.asarray(x)),
        grad=lambda x: (A @ np.asarray(x) - b).astype(np.asarray(x).dtype),
        hessian=lambda x: A.astype(np.asarray(x).dtype),
        x0=np.ones(n) if x0 is None else np.asarray(x0, dtype=float),
        x_star=x_star, f_star=f_star, L=float(np.linalg.eigvalsh(A).max()),
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Problem:
    """Rosenbrock's banana, f(x, y) = (a - x)^2 + b (y - x^2)^2: minimum 0 at (a, a^2), from (-1.2, 1).
    Not convex and not globally L-smooth (no L)."""
    x, y = sp.symbols("x y", real=True)
    f = (a - x) ** 2 + b * (y - x**2) ** 2
    return _from_sympy("rosenbrock", f, [x, y], [-1.2, 1.0], x_star=np.array([a, a * a]), f_star=0.0,
                       stable_lr=1e-3)


def _data(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    return X, w, rng.normal(size=n)


def _newton_solve(grad: Callable, hessian: Callable, x: np.ndarray, iters: int = 50) -> np.ndarray:
    """The minimizer of a smooth strongly convex function by Newton's method (to rounding)."""
    for _ in range(iters):
        step = np.linalg.solve(hessian(x), grad(x))
        x = x - step
        if np.linalg.norm(step) <= 1e-15 * (1 + np.linalg.norm(x)):
            break
    return x


def logistic(n: int = 200, d: int = 2, lam: float = 1e-2, seed: int = 0) -> Problem:
    """L2-regularized logistic regression on synthetic data (fixed seed):
    f(w) = mean_i log(1 + exp(-y_i x_i^T w)) + lam ||w||^2 / 2, labels y_i = ±1 from a noisy linear model.
    L = ||X||_2^2 / (4 n) + lam (the logistic loss has curvature at most 1/4); the minimizer is
    computed by Newton's method."""
    X, w_true, noise = _data(n, d, seed)
    y = np.where(X @ w_true + 0.5 * noise > 0, 1.0, -1.0)

    def loss(w: np.ndarray) -> float:
        z = -y * (X @ np.asarray(w, dtype=float))
        return float(np.mean(np.logaddexp(0.0, z)) + lam * np.dot(w, w) / 2)

    def grad(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w)
        z = -y * (X @ w.astype(float))
        s = 0.5 * (1 + np.tanh(z / 2))  # sigmoid(z), overflow-free
        return (X.T @ (-y * s) / n + lam * w).astype(w.dtype)

    def hessian(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w)
        z = -y * (X @ w.astype(float))
        s = 0.5 * (1 + np.tanh(z / 2))
        return ((X.T * (s * (1 - s))) @ X / n + lam * np.eye(d)).astype(w.dtype)

    L = float(np.linalg.norm(X, 2) ** 2 / (4 * n) + lam)
    x_star = _newton_solve(grad, hessian, np.zeros(d))
    return Problem("logistic", loss, grad, hessian, x0=np.full(d, 2.0), x_star=x_star, f_star=loss(x_star), L=L)


def linear_regression(n: int = 100, d: int = 10, seed: int = 1) -> Problem:
    """Least squares on synthetic data (fixed seed): f(w) = ||X w - y||^2 / (2 n), y = X w_true + noise.
    Minimizer by least squares; L = ||X||_2^2 / n."""
    X, w_true, noise = _data(n, d, seed)
    y = X @ w_true + 0.1 * noise

    def loss(w: np.ndarray) -> float:
        r = X @ np.asarray(w, dtype=float) - y
        return float(r @ r / (2 * n))

    def grad(w: np.ndarray) -> np.ndarray:
        w = np.asarray(w)
        return (X.T @ (X @ w.astype(float) - y) / n).astype(w.dtype)

    def hessian(w: np.ndarray) -> np.ndarray:
        return (X.T @ X / n).astype(np.asarray(w).dtype)

    x_star = np.linalg.lstsq(X, y, rcond=None)[0]
    return Problem("linear-regression", loss, grad, hessian, x0=np.zeros(d), x_star=x_star, f_star=loss(x_star),
                   L=float(np.linalg.norm(X, 2) ** 2 / n))


PROBLEMS: dict[str, Callable[[], Problem]] = {
    "quadratic": quadratic,
    "rosenbrock": rosenbrock,
    "logistic": logistic,
    "linear-regression": linear_regression,
}


def make(name: str) -> Problem:
    """The named problem with its default settings."""
    if name not in PROBLEMS:
        raise BadInput(f"unknown problem {name!r}; known: {', '.join(PROBLEMS)}")
    return PROBLEMS[name]()
