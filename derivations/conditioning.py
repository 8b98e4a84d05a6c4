"""Conditioning: the Hessian of 5x^2 + 13y^2 and the condition number (document 003, "Preconditioning").

Result.  f(x, y) = 5x^2 + 13y^2 has gradient (10x, 26y), Hessian diag(10, 26), eigenvalues 10 and 26
(the roots of (10 - lambda)(26 - lambda)) and condition number 26/10 = 13/5 = 2.6.  For a symmetric
positive definite A with eigenvalues 0 < lambda_min <= ... <= lambda_max, ||A||_2 = lambda_max,
min ||Ax||/||x|| = lambda_min = 1/||A^{-1}||_2, hence kappa(A) = ||A||_2 ||A^{-1}||_2 = lambda_max/lambda_min.
The eigenvalue ratio is NOT the condition number of a general matrix: [[1, 2], [0, 1]] has both
eigenvalues 1 but ||A||_2 ||A^{-1}||_2 = 3 + 2 sqrt(2).

Assumptions.  After the rotation y = Q^T x of the spectral theorem A = Q diag(lambda) Q^T (cited; Q
orthogonal preserves norms), the bounds are proved in coordinates for n = 3 with lambda_1 = lambda_min,
lambda_2 = lambda_min + u, lambda_3 = lambda_max = lambda_min + u + v (u, v >= 0); smaller n are the
special cases with zero coordinates.

Reference.  Document 003, "Preconditioning"; Trefethen and Bau, Numerical Linear Algebra (1997),
Lectures 3-5 and 12; Horn and Johnson, Matrix Analysis (2013), Sec. 5.6.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from symgd import Claim, Derivation, NumericOutcome, Source

__all__ = ["derive", "hessian_example", "kappa_example"]

x, y, lam = sp.symbols("x y lambda", real=True)
f_example = 5 * x**2 + 13 * y**2
hessian_example = sp.Matrix([[10, 0], [0, 26]])
kappa_example = sp.Rational(26, 10)


def derive() -> Derivation:
    d = Derivation(
        "conditioning",
        "The condition number: 5x^2 + 13y^2, and kappa(A) = ||A|| ||A^{-1}|| for symmetric positive definite A",
        Source("003", "Preconditioning", "kappa = lambda_max / lambda_min = 26/10 = 2.6"),
        summary="The Hessian of 5x^2 + 13y^2 is diag(10, 26), kappa = 2.6; for SPD matrices the spectral norm is the "
        "largest eigenvalue, so kappa = ||A|| ||A^{-1}|| = lambda_max/lambda_min (not so for general matrices).",
        reference="Document 003; Trefethen and Bau (1997), Lectures 3-5, 12; Horn and Johnson (2013), Sec. 5.6.",
    )
    d.assume([x, y, lam])
    f = sp.Function("f")
    d.define(f(x, y), f_example, "the document's example")

    # Step 2 of the document: partial derivatives, then the Hessian.
    d.claim(sp.Matrix([sp.Derivative(f(x, y), x), sp.Derivative(f(x, y), y)]), "=", sp.Matrix([10 * x, 26 * y]),
            "the gradient")
    d.claim(sp.Matrix([[sp.Derivative(f(x, y), x, x), sp.Derivative(f(x, y), x, y)],
                       [sp.Derivative(f(x, y), y, x), sp.Derivative(f(x, y), y, y)]]), "=", hessian_example,
            "the Hessian: no cross term, mixed partials vanish")
    d.conclude("the Hessian of 5x^2 + 13y^2 is diag(10, 26)")
    # Step 3: eigenvalues, the roots of the characteristic polynomial.
    char = (hessian_example - lam * sp.eye(2)).det()
    d.claim(char, "=", (lam - 10) * (lam - 26), "characteristic polynomial $\\det(H - \\lambda I)$")
    for root in (10, 26):
        d.claim(lam, ":=", root, f"an eigenvalue: ${root}$", equation=sp.Eq(char, 0))
    # Step 4: the condition number.
    with sp.evaluate(False):
        ratio = sp.Integer(26) / sp.Integer(10)
    d.claim(ratio, "=", sp.Rational(13, 5), "$\\kappa = \\lambda_{\\max}/\\lambda_{\\min} = 2.6$")
    d.conclude("kappa = 26/10 = 2.6, as the document says")

    # kappa(A) = ||A|| ||A^{-1}|| for SPD A: in the eigenbasis, A acts as diag(l1, l2, l3).
    lmin = sp.Symbol("lambda_min", positive=True)
    u, v = sp.symbols("u v", nonnegative=True)
    y1, y2, y3 = sp.symbols("y_1 y_2 y_3", real=True)
    d.assume([lmin, u, v, y1, y2, y3])
    lmax = lmin + u + v
    lams = (lmin, lmin + u, lmax)
    yv = sp.Matrix([y1, y2, y3])
    norm2 = (yv.T * yv)[0, 0]
    Lam = sp.diag(*lams)
    sq = (Lam * yv).T * (Lam * yv)
    d.claim(sq[0, 0], "<=", lmax**2 * norm2, "$\\|\\Lambda y\\|^2 \\le \\lambda_{\\max}^2 \\|y\\|^2$ termwise",
            certificate=(lmax**2 - lmin**2) * y1**2 + (lmax**2 - (lmin + u) ** 2) * y2**2)
    d.claim(sq[0, 0].subs({y1: 0, y2: 0, y3: 1}), "=", lmax**2, "equality at the top eigenvector: $\\|A\\|_2 = "
            "\\lambda_{\\max}$")
    d.claim(lmin**2 * norm2, "<=", sq[0, 0], "$\\|\\Lambda y\\|^2 \\ge \\lambda_{\\min}^2 \\|y\\|^2$ termwise",
            certificate=((lmin + u) ** 2 - lmin**2) * y2**2 + (lmax**2 - lmin**2) * y3**2)
    d.claim(sq[0, 0].subs({y1: 1, y2: 0, y3: 0}), "=", lmin**2, "equality at the bottom eigenvector: "
            "$\\min \\|Ax\\|/\\|x\\| = \\lambda_{\\min}$")
    Lam_inv = sp.diag(*(1 / e for e in lams))
    d.claim(Lam * Lam_inv, "=", sp.eye(3), "$A^{-1}$ has eigenvalues $1/\\lambda_i$ (same eigenvectors)")
    sq_inv = ((Lam_inv * yv).T * (Lam_inv * yv))[0, 0]
    d.claim(sq_inv, "<=", norm2 / lmin**2, "$\\|\\Lambda^{-1} y\\|^2 \\le \\|y\\|^2/\\lambda_{\\min}^2$",
            certificate=(1 / lmin**2 - 1 / (lmin + u) ** 2) * y2**2 + (1 / lmin**2 - 1 / lmax**2) * y3**2)
    d.claim(sq_inv.subs({y1: 1, y2: 0, y3: 0}), "=", 1 / lmin**2,
            "equality at the bottom eigenvector: $\\|A^{-1}\\|_2 = 1/\\lambda_{\\min}$")
    with sp.evaluate(False):
        product = lmax * (1 / lmin)
    d.claim(product, "=", lmax / lmin, "$\\kappa(A) = \\|A\\|_2 \\|A^{-1}\\|_2 = \\lambda_{\\max}/\\lambda_{\\min}$")
    d.conclude("kappa(A) = ||A||_2 ||A^{-1}||_2 = lambda_max/lambda_min for SPD A")
    d.claim(lmin, "=", 1 / (1 / lmin), "$\\min \\|Ax\\|/\\|x\\| = 1/\\|A^{-1}\\|_2$")
    d.claim(lmax / lmin, ">=", 1, "$\\kappa \\ge 1$, with equality iff all eigenvalues are equal")

    # The eigenvalue ratio is not ||A|| ||A^{-1}|| for a non-symmetric matrix.
    A = sp.Matrix([[1, 2], [0, 1]])
    d.claim((A - lam * sp.eye(2)).det(), "=", (lam - 1) ** 2, "$A = [[1, 2], [0, 1]]$: both eigenvalues are 1")
    ata = A.T * A
    d.claim(lam, ":=", 3 + 2 * sp.sqrt(2), "largest eigenvalue of $A^T A$: $\\|A\\|_2 = \\sqrt{3 + 2\\sqrt2} = 1 + \\sqrt 2$",
            equation=sp.Eq((ata - lam * sp.eye(2)).det(), 0))
    d.claim(sp.sqrt(3 + 2 * sp.sqrt(2)), "=", 1 + sp.sqrt(2), "denest")
    d.claim(A.inv(), "=", sp.Matrix([[1, -2], [0, 1]]), "$A^{-1}$: the same singular values, $\\|A^{-1}\\|_2 = 1 + \\sqrt 2$")
    d.claim((1 + sp.sqrt(2)) ** 2, "=", 3 + 2 * sp.sqrt(2), "$\\|A\\|_2 \\|A^{-1}\\|_2$")
    d.conclude("for A = [[1, 2], [0, 1]], ||A|| ||A^{-1}|| = 3 + 2 sqrt 2 while the eigenvalue ratio is 1")
    d.erratum(
        "003", "calculate the condition number of the matrix (the ratio of the largest eigenvalue to the smallest eigenvalue)",
        "The condition number of a matrix is the ratio of its largest to its smallest eigenvalue.",
        "kappa = ||A||_2 ||A^{-1}||_2 = sigma_max/sigma_min (singular values); it equals lambda_max/lambda_min only for "
        "symmetric positive definite A (|lambda|_max/|lambda|_min for symmetric/normal A). A Hessian of a C^2 function is "
        "symmetric, so the ratio is right for the example, but not as a definition for matrices.",
        evidence="A = [[1, 2], [0, 1]]: eigenvalue ratio 1, ||A|| ||A^{-1}|| = 3 + 2 sqrt 2 (proved above)",
        claim=Claim((1 + sp.sqrt(2)) * (1 + sp.sqrt(2)), "=", sp.Integer(1) / sp.Integer(1)),
    )

    # Definition 1.3: "x^T A x > 0" cannot hold at x = 0.
    a = sp.Symbol("a", positive=True)
    xr = sp.Symbol("x_1", real=True)
    d.erratum(
        "003", "Similarly, A is positive definite if and only if x^T A x > 0.",
        "A is positive definite iff x^T A x > 0 (for any x, as for semidefinite).",
        "x^T A x > 0 for every x != 0 (at x = 0 it is 0), usually with A symmetric; as stated no matrix is positive "
        "definite, not even A = [a], a > 0.",
        evidence="x^T [a] x > 0 is refuted at x = 0",
        claim=Claim(a * xr**2, ">", 0),
    )

    @d.numeric("spectral_norms", "numpy 2-norms: ||H|| ||H^{-1}|| for diag(10, 26), random SPD and a shear")
    def _norms() -> NumericOutcome:
        H = np.diag([10.0, 26.0])
        k_doc = np.linalg.norm(H, 2) * np.linalg.norm(np.linalg.inv(H), 2)
        rng = np.random.default_rng(11)
        worst = 0.0
        for _ in range(100):
            M = rng.normal(size=(5, 5))
            S = M @ M.T + 0.1 * np.eye(5)
            ev = np.linalg.eigvalsh(S)
            kn = np.linalg.norm(S, 2) * np.linalg.norm(np.linalg.inv(S), 2)
            # min ||Sx||/||x|| over many random directions vs 1/||S^{-1}||
            X = rng.normal(size=(5, 20000))
            ratio_min = (np.linalg.norm(S @ X, axis=0) / np.linalg.norm(X, axis=0)).min()
            worst = max(worst, abs(kn / (ev[-1] / ev[0]) - 1))
            if ratio_min < 1 / np.linalg.norm(np.linalg.inv(S), 2) * (1 - 1e-12):
                worst = np.inf
        shear = np.array([[1.0, 2.0], [0.0, 1.0]])
        k_shear = np.linalg.cond(shear, 2)
        ok = abs(k_doc - 2.6) < 1e-12 and worst < 1e-9 and abs(k_shear - (3 + 2 * np.sqrt(2))) < 1e-9
        return NumericOutcome(ok, f"kappa(diag(10, 26)) = {k_doc:.12g}; SPD: max |norm product / eigen ratio - 1| = "
                              f"{worst:.1e}; shear: cond = {k_shear:.6f} vs eigen ratio 1",
                              {"kappa_doc": k_doc, "worst_rel": worst, "kappa_shear": k_shear})

    return d
