"""Exercise 5 of document 002: linear regression by gradient descent against the closed form (X^T X)^{-1} X^T y.

Result.  For L(w) = (1/2)||X w - y||^2 (X in R^{m x n}): grad L = X^T (X w - y); the stationary point solves the
normal equations X^T X w = X^T y, so w* = (X^T X)^{-1} X^T y when X has full column rank.  GD satisfies
w_{k+1} - w* = (I - eta X^T X)(w_k - w*) exactly, so it is GD on the quadratic with H = X^T X (derivation
quadratic_rates): it converges to w* for every w_0 iff 0 < eta < 2/lambda_max(X^T X), fastest at
eta = 2/(lambda_min + lambda_max).  (With the mean loss (1/(2m))||X w - y||^2, H = X^T X/m.)  When X is rank
deficient (X^T X)^{-1} does not exist; GD from w_0 = 0 then converges to the minimum-norm solution X^+ y.

Assumptions.  X^T X invertible for the closed form (full column rank); dimension-free matrix algebra.

Reference.  Document 002, "Exercises" (5); Hastie, Tibshirani and Friedman, The Elements of Statistical Learning
(2009), Sec. 3.2; Golub and Van Loan, Matrix Computations (2013), Sec. 5.5 (minimum-norm least squares).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from derivations._common import eta
from symgd import Derivation, NumericOutcome, Source

__all__ = ["closed_form", "derive", "gd_regression", "gradient"]

m, n = sp.symbols("m n", integer=True, positive=True)
X = sp.MatrixSymbol("X", m, n)
w = sp.MatrixSymbol("w", n, 1)
y = sp.MatrixSymbol("y", m, 1)
# The derived expressions, in one place.
gradient = X.T * (X * w - y)
closed_form = (X.T * X).I * X.T * y


def gd_regression(Xn: np.ndarray, yn: np.ndarray, lr: float, steps: int, w0: np.ndarray | None = None) -> np.ndarray:
    """GD on (1/2)||X w - y||^2: the final w after ``steps`` steps (w_0 = 0 unless given)."""
    wv = np.zeros(Xn.shape[1]) if w0 is None else np.array(w0, dtype=float)
    for _ in range(steps):
        wv = wv - lr * (Xn.T @ (Xn @ wv - yn))
    return wv


def derive() -> Derivation:
    d = Derivation(
        "linear_regression",
        "Exercise: linear regression by gradient descent vs the closed form $(X^T X)^{-1} X^T y$",
        Source("002", "Exercises (5)", "For linear regression, compare gradient descent solution to the closed-form "
               r"solution $(X^TX)^{-1}X^Ty$."),
        summary=r"The gradient $X^T(Xw - y)$ vanishes at the normal-equation solution $(X^T X)^{-1} X^T y$; the GD "
        r"error evolves by $I - \eta X^T X$, so GD reaches the closed form iff $0 < \eta < 2/\lambda_{\max}(X^T X)$.",
        reference="Document 002; Hastie et al. (2009), Sec. 3.2; Golub and Van Loan (2013), Sec. 5.5.",
    )
    d.assume(eta)
    for s in (X, w, y):
        d.matrix(s)
    d.claim(sp.Derivative((X * w - y).T * (X * w - y) / 2, w, evaluate=False), "=", gradient,
            "the gradient of $\\frac12\\|Xw - y\\|^2$")
    star = d.claim(w, ":=", closed_form, "normal equations $X^T X w = X^T y$ ($X^T X$ invertible)",
                   equation=sp.Eq(gradient, sp.ZeroMatrix(n, 1)))
    d.conclude(r"the stationary point is the closed form $(X^T X)^{-1} X^T y$", step=star)
    d.claim(w - eta * gradient - closed_form, "=", (sp.Identity(n) - eta * X.T * X) * (w - closed_form),
            "the GD error: $w_{k+1} - w^* = (I - \\eta X^T X)(w_k - w^*)$")
    d.conclude(r"GD on least squares is GD on the quadratic with $H = X^T X$: it converges to $w^*$ iff "
               r"$0 < \eta < 2/\lambda_{\max}(X^T X)$ (quadratic_rates)")

    @d.numeric("gd_vs_closed_form_vs_lstsq", r"random full-rank problems: GD ($\eta = 1/\lambda_{\max}$, and the "
               r"optimal step) against the solution of $X^T X w = X^T y$ and numpy's lstsq; a rank-deficient $X$: GD from "
               r"0 reaches $X^+ y$; $\eta = 2.05/\lambda_{\max}$ diverges")
    def _regression() -> NumericOutcome:
        rng = np.random.default_rng(60)
        worst_gd, worst_peer = 0.0, 0.0
        for _ in range(10):
            Xn = rng.normal(size=(50, 4))
            yn = Xn @ rng.normal(size=4) + 0.1 * rng.normal(size=50)
            ev = np.linalg.eigvalsh(Xn.T @ Xn)
            closed = np.linalg.solve(Xn.T @ Xn, Xn.T @ yn)
            peer = np.linalg.lstsq(Xn, yn, rcond=None)[0]
            worst_peer = max(worst_peer, np.abs(closed - peer).max())
            for lr in (1 / ev[-1], 2 / (ev[0] + ev[-1])):
                worst_gd = max(worst_gd, np.abs(gd_regression(Xn, yn, lr, 3000) - peer).max())
        Xd = rng.normal(size=(30, 3)) @ rng.normal(size=(3, 5))  # rank 3 < 5 columns
        yd = rng.normal(size=30)
        lr_d = 1 / np.linalg.eigvalsh(Xd.T @ Xd).max()
        min_norm = np.linalg.pinv(Xd) @ yd
        gap_d = np.abs(gd_regression(Xd, yd, lr_d, 20000) - min_norm).max()
        Xn = rng.normal(size=(50, 4))
        yn = rng.normal(size=50)
        lr_big = 2.05 / np.linalg.eigvalsh(Xn.T @ Xn).max()
        diverged = np.linalg.norm(gd_regression(Xn, yn, lr_big, 2000)) > 1e6
        ok = worst_gd < 1e-9 and worst_peer < 1e-10 and gap_d < 1e-8 and diverged
        return NumericOutcome(ok, f"max |GD - lstsq| = {worst_gd:.1e}, |closed form - lstsq| = {worst_peer:.1e}; rank "
                              f"deficient: |GD from 0 - pinv y| = {gap_d:.1e}; " + r"$2.05/\lambda_{\max}$" + f" diverges: {diverged}",
                              {"worst_gd": worst_gd, "worst_peer": worst_peer, "gap_min_norm": gap_d})

    return d
