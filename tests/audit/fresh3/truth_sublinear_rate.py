"""Ground truth for sublinear_rate.tex, decided by hand and checked exactly with SymPy (symgd is not used).

Vector statements are checked in R^2 with symbols for every coordinate (the identities are polynomial in them, the
same algebra in any dimension). The descent lemma's integral form is checked on a generic cubic in two variables
(symbolic coefficients); the inequalities by exact certificates: the difference written as a sum of terms whose signs
the stated assumptions fix (Cauchy-Schwarz through Lagrange's identity). Telescoping sums with a symbolic length by
index shifts. The slips get exact counterexamples: quadratics f = (mu/2) z^2 with 0 < mu <= L, which are convex with
an L-Lipschitz gradient.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import sympy as sp
from _truth import false_at, identical

L, eta, t = sp.symbols("L eta t", positive=True)
X = sp.Matrix(sp.symbols("x1:3", real=True))
Y = sp.Matrix(sp.symbols("y1:3", real=True))
G = sp.Matrix(sp.symbols("g1:3", real=True))  # the gradient at x_k
XS = sp.Matrix(sp.symbols("s1:3", real=True))  # x*
fk, fk1, fs = sp.symbols("f_k f_k1 f_s", real=True)


def _dot(a: sp.Matrix, b: sp.Matrix) -> sp.Expr:
    return (a.T * b)[0]


def _cubic() -> tuple[sp.Expr, tuple[sp.Symbol, sp.Symbol]]:
    z1, z2 = sp.symbols("z1 z2", real=True)
    monos = [z1**i * z2**j for i, j in itertools.product(range(4), repeat=2) if i + j <= 3]
    coeffs = sp.symbols(f"c0:{len(monos)}", real=True)
    return sum(c * m for c, m in zip(coeffs, monos, strict=True)), (z1, z2)


def _grad_at(f: sp.Expr, zs: tuple, p: sp.Matrix) -> sp.Matrix:
    return sp.Matrix([sp.diff(f, z) for z in zs]).subs(dict(zip(zs, p, strict=True)), simultaneous=True)


def _lemma_chain() -> tuple[bool, bool, bool, bool]:
    f, zs = _cubic()
    at = lambda p: f.subs(dict(zip(zs, p, strict=True)), simultaneous=True)  # noqa: E731
    zt = X + t * (Y - X)
    phi = at(zt)
    dphi = sp.diff(phi, t)
    chain = identical(dphi, _dot(_grad_at(f, zs, zt), Y - X))
    integrand = _dot(_grad_at(f, zs, zt) - _grad_at(f, zs, X), Y - X)
    ftc = identical(at(Y) - at(X) - _dot(_grad_at(f, zs, X), Y - X), sp.integrate(integrand, (t, 0, 1)))
    # <a, b> <= ||a|| ||b|| (Lagrange: ||a||^2||b||^2 - <a,b>^2 is a square) and ||grad(z_t) - grad(x)|| <= L||z_t - x||
    # with ||z_t - x|| = t ||y - x||: the integrand is at most L t ||y - x||^2 for each t in [0, 1]
    A = sp.Matrix(sp.symbols("a1:3", real=True))
    B = Y - X
    lagrange = identical(_dot(A, A) * _dot(B, B) - _dot(A, B) ** 2, (A[0] * B[1] - A[1] * B[0]) ** 2)
    scale = identical(_dot(zt - X, zt - X), t**2 * _dot(B, B))
    n2 = sp.Symbol("n2", nonnegative=True)
    integral = identical(sp.integrate(L * t * n2, (t, 0, 1)), L / 2 * n2)
    return chain, ftc, lagrange and scale, integral


def _tele() -> bool:
    k = sp.Symbol("k", integer=True, nonnegative=True)
    n = sp.Symbol("n", integer=True, positive=True)
    K = sp.Symbol("K", integer=True, positive=True)
    D = sp.Function("D")
    closed = lambda m: D(0) - D(m)  # noqa: E731
    # induction on the number of terms of sum_{k=0}^{n-1} (D(k) - D(k+1)): one term, then one more term
    base = identical(D(0) - D(1), closed(1))
    step = identical(closed(n) + (D(n) - D(n + 1)), closed(n + 1))
    a = sp.Function("a")
    shift = sp.Sum(a(k + 1), (k, 0, K - 1)).change_index(k, k + 1) == sp.Sum(a(k), (k, 1, K))
    return base and step and shift


def _average() -> bool:
    # f(x_K) - f* <= (1/K) sum_{k=1}^K (f(x_k) - f*) since f(x_k) >= f(x_K) for k <= K: check the identity
    # (1/K) sum (a_k - c) - (a_K - c) = (1/K) sum (a_k - a_K) for K = 1..6 with symbols (a sum of K nonnegative terms)
    ok = True
    for K in range(1, 7):
        a = sp.symbols(f"a1:{K + 1}", real=True)
        c = sp.Symbol("c", real=True)
        ok &= identical(sum(ai - c for ai in a) / K - (a[-1] - c), sum(ai - a[-1] for ai in a) / K)
    return ok


def verdicts() -> dict[str, bool]:
    v: dict[str, bool] = {}
    chain, ftc, le, integral = _lemma_chain()
    v[r"\phi'(t) = \ip{\nabla f(x + t(y-x))}{y - x}"] = chain
    v[r"f(y) - f(x) - \ip{\nabla f(x)}{y - x} &= \int_0^1"] = ftc
    v[r"&\le \int_0^1 L t \norm{y - x}^2 \, dt"] = le
    v[r"&= \frac{L}{2}\norm{y - x}^2"] = integral
    v[r"f(y) \le f(x) + \ip{\nabla f(x)}{y - x} + \frac{L}{2}\norm{y - x}^2"] = ftc and le and integral
    xk = X
    xk1 = xk - eta * G
    v[r"y - x = -\eta\nabla f(x_k)"] = identical(_dot(xk1 - xk + eta * G, xk1 - xk + eta * G), 0)
    # the descent lemma at x = x_k, y = x_{k+1}
    rhs = fk + _dot(G, xk1 - xk) + L / 2 * _dot(xk1 - xk, xk1 - xk)
    g2 = _dot(G, G)
    v[r"f(x_{k+1}) &\le f(x_k) - \eta \norm{\nabla f(x_k)}^2 + \frac{L\eta^2}{2}\norm{\nabla f(x_k)}^2"] = identical(
        rhs, fk - eta * g2 + L * eta**2 / 2 * g2
    )
    v[r"&= f(x_k) - \eta\left(1 - \frac{L\eta}{2}\right)\norm{\nabla f(x_k)}^2"] = identical(
        fk - eta * g2 + L * eta**2 / 2 * g2, fk - eta * (1 - L * eta / 2) * g2
    )
    assert identical((eta * (1 - L * eta / 2)).subs(eta, 1 / L), 1 / (2 * L))  # the decrease at eta = 1/L
    # slip: f = z^2/2 (L = 1), x_k = 1, eta = 1: x_{k+1} = 0
    z = sp.Symbol("z", real=True)
    fq = z**2 / 2
    v[r"f(x_{k+1}) \le f(x_k) - \frac{1}{L}\norm{\nabla f(x_k)}^2"] = not false_at(
        "<=", fq.subs(z, 0), fq.subs(z, 1) - 1 * sp.diff(fq, z).subs(z, 1) ** 2, {}
    )
    # nonconvex bound: f_0 - f_K >= S/(2L) (S = sum of ||g_k||^2) and S >= K m (m = the min), f_K >= f*
    f0, fK, Ssum, m, Kp = sp.symbols("f_0 f_K S m K", positive=True)
    gap = 2 * L * (f0 - fs) / Kp - m
    cert = 2 * L / Kp * ((f0 - fK - Ssum / (2 * L)) + (Ssum - Kp * m) / (2 * L) + (fK - fs))
    v[r"\min_{0 \le k < K} \norm{\nabla f(x_k)}^2 \le \frac{2L\,(f(x_0) - f^\star)}{K}"] = identical(gap, cert)
    # slip: f = (mu/2) z^2, mu = 1/10 <= L = 1, x0 = 1, eta = 1: x_K = (1 - mu)^K, K = 10
    mu = sp.Rational(1, 10)
    fK10 = mu / 2 * ((1 - mu) ** 10) ** 2
    v[r"f(x_K) - f^\star \le \frac{L\norm{x_0 - \xs}^2}{2K^2}"] = not false_at(
        "<=", fK10, sp.Rational(1, 2 * 10**2), {}
    )
    assert true_bound(fK10)
    # convexity at x*: f* + <g, x_k - x*> - f(x_k) = f(x*) - f(x_k) - <g, x* - x_k>, >= 0 by first-order convexity
    v[r"f(x_k) \le f^\star + \ip{\nabla f(x_k)}{x_k - \xs}"] = identical(
        fs + _dot(G, xk - XS) - fk, fs - fk - _dot(G, XS - xk)
    )
    # the correct one-step bound f_{k+1} <= f_k - ||g||^2/(2L) plus convexity
    lhs13 = fs + _dot(G, xk - XS) - g2 / (2 * L)
    v[r"f(x_{k+1}) &\le f^\star + \ip{g_k}{d_k} - \frac{1}{2L}\norm{g_k}^2"] = identical(
        lhs13 - fk1, (fk - g2 / (2 * L) - fk1) + (fs + _dot(G, xk - XS) - fk)
    )
    d = xk - XS
    sq = fs + L / 2 * (_dot(d, d) - _dot(d - G / L, d - G / L))
    v[r"&= f^\star + \frac{L}{2}\left(\norm{d_k}^2 - \norm{d_k - \tfrac{1}{L} g_k}^2\right)"] = identical(lhs13, sq)
    xk1L = xk - G / L
    v[r"&= f^\star + \frac{L}{2}\left(\norm{x_k - \xs}^2 - \norm{x_{k+1} - \xs}^2\right)"] = identical(
        sq, fs + L / 2 * (_dot(xk - XS, xk - XS) - _dot(xk1L - XS, xk1L - XS))
    )
    v[
        r"\sum_{k=1}^{K} \bigl(f(x_k) - f^\star\bigr) \le \frac{L}{2}\left(\norm{x_0 - \xs}^2 - \norm{x_K - \xs}^2\right)"
    ] = _tele()
    DK = _dot(xk1L - XS, xk1L - XS)
    v[r"\le \frac{L}{2}\norm{x_0 - \xs}^2"] = identical(L / 2 * DK, L / 2 * ((xk1L - XS)[0] ** 2 + (xk1L - XS)[1] ** 2))
    v[r"f(x_K) - f^\star &\le \frac{1}{K}\sum_{k=1}^{K}"] = _average()
    R2 = sp.Symbol("R2", nonnegative=True)
    v[r"&\le \frac{L\norm{x_0 - \xs}^2}{2K}"] = identical(L / 2 * R2 / Kp, L * R2 / (2 * Kp))
    ex = {L: 2}
    val = (L * 9 / (2 * sp.Rational(1, 1000))).subs(ex)
    v[r"\frac{L\norm{x_0 - \xs}^2}{2\varepsilon} = \frac{2 \cdot 9}{2 \cdot 10^{-3}}"] = val == sp.Integer(2 * 9) / (
        2 * sp.Rational(1, 10**3)
    )
    v[r"= 900"] = sp.Integer(2 * 9) / (2 * sp.Rational(1, 10**3)) == 900  # it is 9000
    return v


def true_bound(fK10: sp.Expr) -> bool:
    """The correct rate L||x0 - x*||^2/(2K) = 1/20 holds at the counterexample (it is the K^2 that fails)."""
    return bool(fK10 <= sp.Rational(1, 20))


def main() -> int:
    key = json.loads(Path(__file__).with_name("sublinear_rate.key.json").read_text(encoding="utf-8"))
    v = verdicts()
    bad = 0
    for link in key["links"]:
        if link["truth"] not in ("correct", "slip"):
            continue
        ok = v.get(link["text"])
        agree = ok is not None and ok == (link["truth"] == "correct")
        bad += not agree
        print("correct" if ok else "SLIP   ", "" if agree else "<-- DISAGREES WITH THE KEY", link["text"])
    extra = set(v) - {link["text"] for link in key["links"]}
    bad += len(extra)
    for e in extra:
        print("not in the key:", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
