"""Preconditioned gradient descent from a change of variables (document 003, "Preconditioning").

Result.  For g(u) = f(Ru), grad g(u) = R^T grad f(Ru) (chain rule).  Gradient descent on g,
u+ = u - alpha R^T grad f(Ru), multiplied by R with w = Ru, is w+ = w - alpha R R^T grad f(w):
gradient descent preconditioned by P = R R^T, which is positive semidefinite since
x^T R R^T x = ||R^T x||^2 >= 0 (positive definite when R is invertible).  Conversely every positive
definite P is R R^T (Cholesky, proved for d = 2).

Assumptions.  R a fixed real matrix, f differentiable.  The chain rule is proved in coordinates for
d = 1, 2, 3 with f an undefined (arbitrary smooth) function, and dimension-free for a quadratic
f(w) = (1/2) w^T H w - b^T w with H symmetric.

Reference.  Document 003, "Preconditioning"; Nocedal and Wright, Numerical Optimization (2006),
Sec. 5.1 (change of variables) and 3.3; Boyd and Vandenberghe, Convex Optimization (2004), Sec. 9.4.4.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "preconditioned_step"]

n = sp.Symbol("n", integer=True, positive=True)
alpha = sp.Symbol("alpha", positive=True)


def preconditioned_step(w: sp.MatrixExpr, P: sp.MatrixExpr, grad: sp.MatrixExpr) -> sp.MatrixExpr:
    """The derived update w - alpha P grad f(w), in one place."""
    return w - alpha * P * grad


def _chain_rule_claim(dim: int) -> tuple[sp.Matrix, sp.Matrix]:
    """grad_u f(Ru) and R^T (grad f)(Ru) in coordinates, f undefined, R a generic dim x dim matrix."""
    f = sp.Function("f")
    u = sp.Matrix(sp.symbols(f"u_1:{dim + 1}", real=True))
    w = sp.symbols(f"w_1:{dim + 1}", real=True)
    R = sp.Matrix(dim, dim, lambda i, j: sp.Symbol(f"r_{i + 1}{j + 1}", real=True))
    Ru = R * u
    grad_g = sp.Matrix([sp.Derivative(f(*Ru), ui) for ui in u])
    grad_f = sp.Matrix([sp.Derivative(f(*w), wi) for wi in w]).subs(dict(zip(w, Ru, strict=True)), simultaneous=True)
    return grad_g, R.T * grad_f


def derive() -> Derivation:
    d = Derivation(
        "preconditioning",
        r"Preconditioning: GD on $g(u) = f(Ru)$ is GD on $f$ with the PSD preconditioner $R R^T$",
        Source("003", "Preconditioning",
               r"$w_{t+1} = Ru_{t+1} = Ru_t - \alpha RR^T \nabla f(Ru_t) = w_t - \alpha RR^T \nabla f(w_t)$"),
        summary=r"The chain rule gives $\nabla g(u) = R^T \nabla f(Ru)$; in the variable $w = Ru$ the GD step on $g$ "
        r"becomes $w - \alpha R R^T \nabla f(w)$, and $R R^T$ is positive semidefinite.",
        reference="Document 003; Nocedal and Wright (2006), Sec. 3.3, 5.1; Boyd and Vandenberghe (2004), Sec. 9.4.4.",
    )
    d.assume(alpha)

    # The chain rule in coordinates, f an arbitrary smooth function.
    for dim in (1, 2, 3):
        lhs, rhs = _chain_rule_claim(dim)
        d.claim(lhs, "=", rhs, f"chain rule, $d = {dim}$: $\\nabla g(u) = R^T \\nabla f(Ru)$")
    # Dimension-free for a quadratic f(w) = (1/2) w^T H w - b^T w, H symmetric.
    H = d.matrix(sp.MatrixSymbol("H", n, n), symmetric=True)
    R, u, b, w, G = (d.matrix(sp.MatrixSymbol(s, *shape)) for s, shape in
                     (("R", (n, n)), ("u", (n, 1)), ("b", (n, 1)), ("w", (n, 1)), (r"\nabla f(w)", (n, 1))))
    g_u = (R * u).T * H * (R * u) / 2 - b.T * R * u
    d.claim(sp.Derivative(g_u, u, evaluate=False), "=", R.T * (H * (R * u) - b),
            "quadratic $f$: $\\nabla g(u) = R^T (H R u - b) = R^T \\nabla f(Ru)$ (any dimension)")
    d.conclude(r"$\nabla g(u) = R^T \nabla f(Ru)$")

    # The GD step on g, multiplied by R; w = Ru, and grad f(Ru) = grad f(w).
    u_next = u - alpha * R.T * G
    d.claim(R * u_next, "=", R * u - alpha * R * R.T * G, "multiply the step on $g$ by $R$")
    d.define(w, R * u, "$w = Ru$")
    d.then("=", preconditioned_step(w, R * R.T, G), "$w = Ru$: preconditioned GD with $P = R R^T$")
    d.conclude(r"$w_{t+1} = w_t - \alpha R R^T \nabla f(w_t)$")

    # P = R R^T is positive semidefinite: x^T R R^T x = ||R^T x||^2.
    x = d.matrix(sp.MatrixSymbol("x", n, 1))
    d.claim(x.T * R * R.T * x, "=", sp.MatMul(sp.Transpose(R.T * x), R.T * x, evaluate=False), "$x^T R R^T x = (R^T x)^T (R^T x)$ (any dimension)")
    d.conclude(r"$x^T R R^T x = \|R^T x\|^2$")
    Rc = sp.Matrix(2, 2, sp.symbols("r_11 r_12 r_21 r_22", real=True))
    xc = sp.Matrix(sp.symbols("x_1 x_2", real=True))
    d.claim((xc.T * Rc * Rc.T * xc)[0, 0], ">=", 0, "a sum of squares ($d = 2$ coordinates)",
            certificate=sum(e**2 for e in Rc.T * xc))
    d.conclude(r"$R R^T$ is positive semidefinite")
    # Conversely every positive definite P is some R R^T (Cholesky), so any such P comes from a change of variables.
    pa, pc = sp.symbols("p_11 p_22", positive=True)
    pb = sp.Symbol("p_12", real=True)
    d.assume([pa, pb, pc])
    d.hypothesis(pb**2 < pa * pc, r"$P = \begin{bmatrix} p_{11} & p_{12} \\ p_{12} & p_{22} \end{bmatrix}$ positive definite")
    Pm = sp.Matrix([[pa, pb], [pb, pc]])
    Rchol = sp.ImmutableMatrix([[sp.sqrt(pa), 0], [pb / sp.sqrt(pa), sp.sqrt(pc - pb**2 / pa)]])
    d.claim(sp.MatMul(Rchol, Rchol.T, evaluate=False), "=", Pm, "Cholesky: $P = R R^T$ with $R$ lower triangular ($d = 2$)")
    d.conclude(r"every positive definite $P$ is $R R^T$ for an invertible $R$: preconditioning by $P$ is GD after "
               r"$u = R^{-1} w$")

    # Erratum: "take any positive semidefinite matrix" - a singular P may not move at all.
    p, a_ = sp.Symbol("p", nonnegative=True), sp.Symbol("alpha", positive=True)
    w1 = sp.Symbol("w", real=True, nonzero=True)
    d.erratum(
        "003", "Basically, you take any positive semidefinite matrix, and use it as a preconditioner.",
        r"Any positive semidefinite $P$ works as a preconditioner.",
        r"A singular PSD $P$ (e.g. $P = 0$, or $R$ not invertible) leaves the null-space directions untouched: "
        r"$w - \alpha P \nabla f(w)$ need not decrease $f$ nor converge to a minimizer. Take $P$ positive definite "
        r"($R$ invertible); then $-P \nabla f$ is a descent direction whenever $\nabla f \neq 0$.",
        evidence=r"on $f(w) = w^2/2$ with $0 \le \alpha p \le 1$ the step decreases $f$ strictly only if $p > 0$: refuted "
        r"at $p = 0$",
        claim=Claim(((1 - a_ * p) * w1) ** 2 / 2, "<", w1**2 / 2),
        hypotheses=[a_ * p <= 1],
    )

    @d.numeric("change_of_variables", r"GD on $g(u) = f(Ru)$ mapped by $R$ equals preconditioned GD on $f$ (logistic "
               "loss)")
    def _equivalence() -> NumericOutcome:
        rng = np.random.default_rng(5)
        X = rng.normal(size=(50, 3)) * np.array([1.0, 10.0, 0.1])
        yl = np.where(rng.normal(size=50) + X @ np.array([1.0, -0.2, 3.0]) > 0, 1.0, -1.0)

        def grad_f(v: np.ndarray) -> np.ndarray:
            return X.T @ (-yl / (1 + np.exp(yl * (X @ v))))

        Rm = rng.normal(size=(3, 3))
        lr = 1e-3
        uu = rng.normal(size=3)
        ww = Rm @ uu
        gap, eps = 0.0, 1e-6
        for _ in range(200):
            # grad g by central finite differences of g(u) = f(Ru), independent of the chain rule
            def g_fun(z: np.ndarray) -> float:
                return float(np.sum(np.logaddexp(0.0, -yl * (X @ (Rm @ z)))))

            fd = np.array([(g_fun(uu + eps * e) - g_fun(uu - eps * e)) / (2 * eps) for e in np.eye(3)])
            uu = uu - lr * fd
            ww = ww - lr * Rm @ Rm.T @ grad_f(ww)
            gap = max(gap, np.abs(Rm @ uu - ww).max() / (1 + np.abs(ww).max()))
        eig_min = np.linalg.eigvalsh(Rm @ Rm.T).min()
        ok = gap < 1e-6 and eig_min >= -1e-12
        return NumericOutcome(ok, f"largest relative $\\|R u_t - w_t\\|$ over 200 steps = {gap:.1e}; least eigenvalue "
                              f"of $R R^T$ = {eig_min:.3g} ($\\ge 0$)", {"gap": gap, "eig_min": eig_min})

    return d
