"""Conditioning: the Hessian of 5x^2 + 13y^2 and the condition number (document 003, "Preconditioning").

Result.  f(x, y) = 5x^2 + 13y^2 has gradient (10x, 26y), Hessian diag(10, 26), eigenvalues 10 and 26
(the roots of (10 - lambda)(26 - lambda)) and condition number 26/10 = 13/5 = 2.6.  For a symmetric
positive definite A with eigenvalues 0 < lambda_min <= ... <= lambda_max, ||A||_2 = lambda_max,
min ||Ax||/||x|| = lambda_min = 1/||A^{-1}||_2, hence kappa(A) = ||A||_2 ||A^{-1}||_2 = lambda_max/lambda_min.
The eigenvalue ratio is NOT the condition number of a general matrix: [[1, 2], [0, 1]] has both
eigenvalues 1 but ||A||_2 ||A^{-1}||_2 = 3 + 2 sqrt(2); min ||Ax||/||x|| = 1/||A^{-1}||_2 still holds for it.
With the best fixed step 2/(lambda_min + lambda_max) GD multiplies the steep eigen-coordinate by
-(kappa - 1)/(kappa + 1) (a sign flip every step: the zig-zag) and the contraction grows with kappa.  The
eigenvalues are the extreme curvatures; their directions are the eigenvectors (coordinate axes only for a
diagonal Hessian: [[a, b], [b, a]] has curvature a along both axes, eigenvalues a +- b).

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
        r"The condition number: $5x^2 + 13y^2$, and $\kappa(A) = \|A\| \|A^{-1}\|$ for symmetric positive definite $A$",
        Source("003", "Preconditioning", r"$\kappa = \frac{\lambda_{\max}}{\lambda_{\min}} = \frac{26}{10} = 2.6$"),
        summary=r"The Hessian of $5x^2 + 13y^2$ is $\mathrm{diag}(10, 26)$, so $\kappa = 2.6$; for symmetric positive "
        r"definite matrices the spectral norm is the largest eigenvalue, so $\kappa = \|A\| \|A^{-1}\| = "
        r"\lambda_{\max}/\lambda_{\min}$ (not so for general matrices).",
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
    d.conclude(r"the Hessian of $5x^2 + 13y^2$ is $\mathrm{diag}(10, 26)$")
    # Step 3: eigenvalues, the roots of the characteristic polynomial.
    char = (hessian_example - lam * sp.eye(2)).det()
    d.claim(char, "=", (lam - 10) * (lam - 26), "characteristic polynomial $\\det(H - \\lambda I)$")
    for root in (10, 26):
        d.claim(lam, ":=", root, f"an eigenvalue: ${root}$", equation=sp.Eq(char, 0))
    # Step 4: the condition number.
    with sp.evaluate(False):
        ratio = sp.Integer(26) / sp.Integer(10)
    d.claim(ratio, "=", sp.Rational(13, 5), "$\\kappa = \\lambda_{\\max}/\\lambda_{\\min} = 2.6$")
    d.conclude(r"$\kappa = 26/10 = 2.6$, as the document says")
    ex, ey = sp.ImmutableMatrix([1, 0]), sp.ImmutableMatrix([0, 1])
    Hx = sp.ImmutableMatrix(hessian_example)

    def quad(v: sp.ImmutableMatrix, M: sp.ImmutableMatrix) -> sp.MatMul:  # v^T M v, left unevaluated for the check
        return sp.MatMul(v.T, M, v, evaluate=False)

    d.claim(quad(ex, Hx), "=", sp.Matrix([[10]]), "curvature along $x$: $e_x^T H e_x = 10$")
    d.claim(quad(ey, Hx), "=", sp.Matrix([[26]]), "curvature along $y$: $e_y^T H e_y = 26$")
    d.conclude(r"for this diagonal Hessian the eigenvalues are the curvatures along $x$ and $y$, as the document says")

    # Zig-zag: with the best fixed step 2/(lambda_min + lambda_max) the steep coordinate flips sign every step.
    l1, l2 = sp.symbols("lambda_1 lambda_2", positive=True)  # lambda_min, lambda_max
    kap = sp.Symbol("kappa", positive=True)
    d.assume([l1, l2, kap])
    best = 2 / (l1 + l2)
    d.claim(1 - best * l2, "=", -(l2 / l1 - 1) / (l2 / l1 + 1), "GD factor on the steep eigenvector, "
            "$\\eta = 2/(\\lambda_{\\min} + \\lambda_{\\max})$: $-(\\kappa - 1)/(\\kappa + 1) < 0$, a sign flip each step")
    d.claim(1 - best * l1, "=", (l2 / l1 - 1) / (l2 / l1 + 1), "on the flat eigenvector: $+(\\kappa - 1)/(\\kappa + 1)$")
    with sp.evaluate(False):
        flip = 1 - sp.Rational(2, 36) * 26
    d.claim(flip, "=", -sp.Rational(4, 9), "$5x^2 + 13y^2$, $\\eta = 2/36$: $y$ is multiplied by $-4/9$ (zig-zag), "
            "$x$ by $+4/9$")
    d.claim(sp.Derivative((kap - 1) / (kap + 1), kap), "=", 2 / (kap + 1) ** 2,
            "the contraction $(\\kappa - 1)/(\\kappa + 1)$ grows with $\\kappa$")
    d.then(">", 0, "worse and worse as $\\kappa$ grows")
    d.claim(sp.Subs((kap - 1) / (kap + 1), kap, 1), "=", 0, "$\\kappa = 1$: one step reaches the minimizer")
    d.conclude(r"$\kappa = 1$ is perfect (one step); the best GD contraction $(\kappa - 1)/(\kappa + 1)$ worsens as "
               r"$\kappa$ grows")

    # "the eigenvalues tell you the dimensions of highest and lowest curvature": not for a non-diagonal Hessian.
    aa, bb = sp.Symbol("a", positive=True), sp.Symbol("b", positive=True)
    d.assume([aa, bb])
    Hab = sp.ImmutableMatrix([[aa, bb], [bb, aa]])
    d.claim((Hab - lam * sp.eye(2)).det(), "=", (lam - aa - bb) * (lam - aa + bb),
            r"$H = \left[\begin{smallmatrix} a & b \\ b & a \end{smallmatrix}\right]$: eigenvalues $a \pm b$")
    d.claim(quad(ex, Hab), "=", sp.Matrix([[aa]]), "but the curvature along $x$ (and $y$) is $a$")
    u2 = sp.ImmutableMatrix([1, 1]) / sp.sqrt(2)
    d.claim(quad(u2, Hab), "=", sp.Matrix([[aa + bb]]), "the largest, $a + b$, is along the eigenvector $(1, 1)/\\sqrt 2$")
    d.conclude("eigenvalues are the extreme curvatures, attained along eigenvectors, not along coordinate dimensions")
    d.erratum(
        "003", "in a sense, the eigenvalues tell you the dimensions of highest curvature and lowest curvature",
        "The eigenvalues give the dimensions of highest and lowest curvature.",
        r"The eigenvalues are the highest and lowest curvatures (max and min of $v^T H v$ over unit $v$); the "
        r"directions are the eigenVECTORS, which are coordinate dimensions only when $H$ is diagonal. For "
        r"$H = \left[\begin{smallmatrix} a & b \\ b & a \end{smallmatrix}\right]$ the curvature along $x$ and along $y$ is $a$, while the "
        r"eigenvalues are $a + b$ and $a - b$, along $(1, 1)$ and $(1, -1)$.",
        evidence=r"'the curvature along $x$ is the largest eigenvalue $a + b$' is refuted (it is $a$; steps above)",
        claim=Claim(quad(ex, Hab), "=", sp.Matrix([[aa + bb]])),
    )

    # kappa(A) = ||A|| ||A^{-1}|| for SPD A: in the eigenbasis, A acts as diag(l1, l2, l3).
    lmin = sp.Symbol("lambda_min", positive=True)
    u, v = sp.symbols("u v", nonnegative=True)
    y1, y2, y3 = sp.symbols("y_1 y_2 y_3", real=True)
    d.assume([lmin, u, v, y1, y2, y3])
    lmax = lmin + u + v
    lams = (lmin, lmin + u, lmax)

    def at(e: sp.Expr, point: tuple) -> sp.Expr:  # e at an eigenvector, substituted but not yet simplified
        with sp.evaluate(False):
            return e.xreplace(dict(zip((y1, y2, y3), map(sp.Integer, point), strict=True)))

    yv = sp.Matrix([y1, y2, y3])
    norm2 = (yv.T * yv)[0, 0]
    Lam = sp.diag(*lams)
    sq = (Lam * yv).T * (Lam * yv)
    d.claim(sq[0, 0], "<=", lmax**2 * norm2, "$\\|\\Lambda y\\|^2 \\le \\lambda_{\\max}^2 \\|y\\|^2$ termwise",
            certificate=(lmax**2 - lmin**2) * y1**2 + (lmax**2 - (lmin + u) ** 2) * y2**2)
    d.claim(at(sq[0, 0], (0, 0, 1)), "=", lmax**2, "equality at the top eigenvector: $\\|A\\|_2 = "
            "\\lambda_{\\max}$")
    d.claim(lmin**2 * norm2, "<=", sq[0, 0], "$\\|\\Lambda y\\|^2 \\ge \\lambda_{\\min}^2 \\|y\\|^2$ termwise",
            certificate=((lmin + u) ** 2 - lmin**2) * y2**2 + (lmax**2 - lmin**2) * y3**2)
    d.claim(at(sq[0, 0], (1, 0, 0)), "=", lmin**2, "equality at the bottom eigenvector: "
            "$\\min \\|Ax\\|/\\|x\\| = \\lambda_{\\min}$")
    Lam_inv = sp.diag(*(1 / e for e in lams))
    d.claim(sp.MatMul(sp.ImmutableMatrix(Lam), sp.ImmutableMatrix(Lam_inv), evaluate=False), "=", sp.eye(3), "$A^{-1}$ has eigenvalues $1/\\lambda_i$ (same eigenvectors)")
    sq_inv = ((Lam_inv * yv).T * (Lam_inv * yv))[0, 0]
    d.claim(sq_inv, "<=", norm2 / lmin**2, "$\\|\\Lambda^{-1} y\\|^2 \\le \\|y\\|^2/\\lambda_{\\min}^2$",
            certificate=(1 / lmin**2 - 1 / (lmin + u) ** 2) * y2**2 + (1 / lmin**2 - 1 / lmax**2) * y3**2)
    d.claim(at(sq_inv, (1, 0, 0)), "=", 1 / lmin**2,
            "equality at the bottom eigenvector: $\\|A^{-1}\\|_2 = 1/\\lambda_{\\min}$")
    with sp.evaluate(False):
        product = lmax * (1 / lmin)
    d.claim(product, "=", lmax / lmin, "$\\kappa(A) = \\|A\\|_2 \\|A^{-1}\\|_2 = \\lambda_{\\max}/\\lambda_{\\min}$")
    d.conclude(r"$\kappa(A) = \|A\|_2 \|A^{-1}\|_2 = \lambda_{\max}/\lambda_{\min}$ for symmetric positive definite $A$")
    d.claim(lmin, "=", sp.Pow(sp.Pow(lmin, -1), -1, evaluate=False), "$\\min \\|Ax\\|/\\|x\\| = 1/\\|A^{-1}\\|_2$")
    d.claim(lmax / lmin, ">=", 1, "$\\kappa \\ge 1$, with equality iff all eigenvalues are equal")

    # The eigenvalue ratio is not ||A|| ||A^{-1}|| for a non-symmetric matrix.
    A = sp.Matrix([[1, 2], [0, 1]])
    d.claim((A - lam * sp.eye(2)).det(), "=", (lam - 1) ** 2, r"$A = \left[\begin{smallmatrix} 1 & 2 \\ 0 & 1 \end{smallmatrix}\right]$: both eigenvalues are $1$")
    ata = A.T * A
    d.claim(lam, ":=", 3 + 2 * sp.sqrt(2), "largest eigenvalue of $A^T A$: $\\|A\\|_2 = \\sqrt{3 + 2\\sqrt2} = 1 + \\sqrt 2$",
            equation=sp.Eq((ata - lam * sp.eye(2)).det(), 0))
    d.claim(sp.sqrt(3 + 2 * sp.sqrt(2)), "=", 1 + sp.sqrt(2), "denest")
    d.claim(sp.Inverse(sp.ImmutableMatrix(A)), "=", sp.Matrix([[1, -2], [0, 1]]), "$A^{-1}$: the same singular values, $\\|A^{-1}\\|_2 = 1 + \\sqrt 2$")
    d.claim((1 + sp.sqrt(2)) ** 2, "=", 3 + 2 * sp.sqrt(2), "$\\|A\\|_2 \\|A^{-1}\\|_2$")
    d.conclude(r"for $A = \left[\begin{smallmatrix} 1 & 2 \\ 0 & 1 \end{smallmatrix}\right]$, $\|A\| \|A^{-1}\| = 3 + 2\sqrt 2$ while the "
               r"eigenvalue ratio is $1$")
    # min ||Ax||/||x|| = 1/||A^{-1}|| holds for every invertible A (put y = Ax): here sigma_min = sqrt(2) - 1.
    d.claim(lam, ":=", 3 - 2 * sp.sqrt(2), "smallest eigenvalue of $A^T A$: $\\min \\|Ax\\|/\\|x\\| = "
            "\\sqrt{3 - 2\\sqrt2}$", equation=sp.Eq((ata - lam * sp.eye(2)).det(), 0))
    d.claim(sp.sqrt(3 - 2 * sp.sqrt(2)), "=", sp.sqrt(2) - 1, "denest")
    d.then("=", 1 / (1 + sp.sqrt(2)), "$= 1/\\|A^{-1}\\|_2$: the document's identity, for a non-symmetric $A$ too")
    d.conclude(r"$\min \|Ax\|/\|x\| = 1/\|A^{-1}\|_2$ for the (non-symmetric) shear as well")
    # A symmetric but indefinite Hessian (a saddle): the eigenvalue ratio is negative.
    S = sp.ImmutableMatrix(sp.diag(2, -2))
    d.claim(sp.MatMul(S.T, S, evaluate=False), "=", 4 * sp.eye(2), "saddle $x^2 - y^2$: $H = \\mathrm{diag}(2, -2)$, $H^T H = 4I$, "
            "$\\|H\\|_2 = 2$")
    d.claim(sp.Inverse(S), "=", sp.diag(sp.Rational(1, 2), -sp.Rational(1, 2)), "$\\|H^{-1}\\|_2 = 1/2$: "
            "$\\kappa = 1$, while $\\lambda_{\\max}/\\lambda_{\\min} = 2/(-2) = -1$")
    d.erratum(
        "003", "calculate the condition number of the matrix (the ratio of the largest eigenvalue to the smallest eigenvalue)",
        "The condition number of a matrix is the ratio of its largest to its smallest eigenvalue.",
        r"$\kappa = \|A\|_2 \|A^{-1}\|_2 = \sigma_{\max}/\sigma_{\min}$ (singular values); it equals "
        r"$\lambda_{\max}/\lambda_{\min}$ only for symmetric positive definite $A$ ($|\lambda|_{\max}/|\lambda|_{\min}$ "
        r"for symmetric or normal $A$), as the document's second definition $\|A\| \|A^{-1}\|$ shows. A Hessian of a "
        r"$C^2$ function is symmetric, so the ratio is right for the positive definite example, but not at a saddle "
        r"(Hessian $\mathrm{diag}(2, -2)$ of $x^2 - y^2$: ratio $-1$, $\kappa = 1$) nor as a definition for matrices.",
        evidence=r"$A = \left[\begin{smallmatrix} 1 & 2 \\ 0 & 1 \end{smallmatrix}\right]$: eigenvalue ratio $1$, $\|A\| \|A^{-1}\| = "
        r"3 + 2\sqrt 2$; $\mathrm{diag}(2, -2)$: ratio $-1$, $\|H\| \|H^{-1}\| = 1$ (proved above)",
        claim=Claim((1 + sp.sqrt(2)) * (1 + sp.sqrt(2)), "=", sp.Integer(1) / sp.Integer(1)),
    )

    # Definition 1.3: "x^T A x > 0" cannot hold at x = 0.
    a = sp.Symbol("a", positive=True)
    xr = sp.Symbol("x_1", real=True)
    d.erratum(
        "003", r"Similarly, $A$ is positive definite if and only if $x^T A x > 0$.",
        r"$A$ is positive definite iff $x^T A x > 0$ (for any $x$, as for semidefinite).",
        r"$x^T A x > 0$ for every $x \ne 0$ (at $x = 0$ it is $0$), usually with $A$ symmetric; as stated no matrix is "
        r"positive definite, not even $A = [a]$, $a > 0$.",
        evidence=r"$x^T [a] x > 0$ is refuted at $x = 0$",
        claim=Claim(a * xr**2, ">", 0),
    )

    @d.numeric("spectral_norms", r"numpy 2-norms: $\|H\| \|H^{-1}\|$ for $\mathrm{diag}(10, 26)$, random symmetric "
               "positive definite matrices and a shear")
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
        return NumericOutcome(ok, rf"$\kappa(\mathrm{{diag}}(10, 26)) = {k_doc:.12g}$; SPD: max $|$norm product / "
                              rf"eigenvalue ratio $- 1| = {worst:.1e}$; shear: $\kappa = {k_shear:.6f}$ vs eigenvalue "
                              "ratio $1$",
                              {"kappa_doc": k_doc, "worst_rel": worst, "kappa_shear": k_shear})

    @d.numeric("zigzag_and_min_stretch", r"GD on $5x^2 + 13y^2$ with $\eta = 1/18$: $y$ flips sign with factor "
               r"$-4/9$; random non-symmetric $A$: sampled $\min \|Ax\|/\|x\|$ vs $1/\|A^{-1}\|_2$ and the smallest "
               "singular value")
    def _zigzag() -> NumericOutcome:
        v = np.array([1.0, 1.0])
        ratios = []
        for _ in range(10):
            new = v - (1 / 18) * np.array([10 * v[0], 26 * v[1]])
            ratios.append(new / v)
            v = new
        r = np.array(ratios)
        zig = float(np.abs(r - np.array([4 / 9, -4 / 9])).max())
        rng = np.random.default_rng(12)
        worst = 0.0
        for _ in range(50):
            A = rng.normal(size=(4, 4))
            inv_norm = np.linalg.norm(np.linalg.inv(A), 2)
            X = rng.normal(size=(4, 20000))
            sampled = (np.linalg.norm(A @ X, axis=0) / np.linalg.norm(X, axis=0)).min()
            sigma_min = np.linalg.svd(A, compute_uv=False).min()
            if sampled < 1 / inv_norm * (1 - 1e-12):
                worst = np.inf
            worst = max(worst, abs(sigma_min * inv_norm - 1))
        ok = zig < 1e-12 and worst < 1e-9
        return NumericOutcome(ok, rf"$\max |$step ratio$ - (4/9, -4/9)| = {zig:.1e}$; non-symmetric $A$: sampled "
                              rf"minima $\ge 1/\|A^{{-1}}\|$, $|\sigma_{{\min}} \|A^{{-1}}\| - 1| \le {worst:.1e}$",
                              {"zigzag": zig, "worst": worst})

    return d
