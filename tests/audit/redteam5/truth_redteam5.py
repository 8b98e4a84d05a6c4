"""The keys of tests/audit/redteam5/, decided with SymPy alone (never symgd): each relation of a note, True when it
holds under the note's own assumptions. Run: python tests/audit/redteam5/truth_redteam5.py (exit 1 on a mismatch)."""

from __future__ import annotations

import sys

import sympy as sp

R = sp.Rational
checks: list[tuple[str, str, bool, bool]] = []  # (note, relation, expected truth, found truth)


def check(note: str, what: str, expected: bool, found) -> None:
    checks.append((note, what, expected, bool(found)))


def zero(e) -> bool:
    return sp.simplify(sp.expand(e)) == 0


# penalty_method.md
rho, x, y, nu, tau = sp.symbols("rho x y nu tau", real=True)
rp = sp.Symbol("rho", positive=True)
xs = sp.solve([sp.diff(x**2 + y**2 + rp / 2 * (x + y - 1) ** 2, v) for v in (x, y)], [x, y])[x]
check("penalty", "x(rho) = rho/(2+2rho)", True, zero(xs - rp / (2 + 2 * rp)))
check("penalty", "x(1) = 1/4", True, xs.subs(rp, 1) == R(1, 4))
check("penalty", "1/2 - x = 1/(2+2rho)", True, zero(R(1, 2) - xs - 1 / (2 + 2 * rp)))
check("penalty", "2x - 1 = -1/(1+rho)", True, zero(2 * xs - 1 + 1 / (1 + rp)))
check("penalty", "|2x-1| <= tau for tau >= 1/(1+rho)", True, zero(sp.Abs(2 * xs - 1) - 1 / (1 + rp)))
check("penalty", "1/2 - x = 1/(4 rho)", False, zero(R(1, 2) - xs - 1 / (4 * rp)))
kkt = sp.solve([2 * x + nu, 2 * y + nu, x + y - 1], [x, y, nu])
check("penalty", "nu* = -2x* = -1", True, kkt[nu] == -1 and -2 * kkt[x] == -1)
nk = sp.Symbol("nu_k", real=True)
xal = sp.solve(sp.diff(2 * x**2 + nk * (2 * x - 1) + rp / 2 * (2 * x - 1) ** 2, x), x)[0]
check("penalty", "x_{k+1} = (rho - nu_k)/(2+2rho)", True, zero(xal - (rp - nk) / (2 + 2 * rp)))
nu_next = nk + rp * (2 * xal - 1)
check("penalty", "nu_{k+1} + 1 = (nu_k + 1)/(1+rho)", True, zero(nu_next + 1 - (nk + 1) / (1 + rp)))


def nus(n0, r, n):
    out = [sp.nsimplify(n0)]
    for _ in range(n):
        out.append(sp.simplify(nu_next.subs({nk: out[-1], rp: r})))
    return out


check("penalty", "nu_1 = -3/4, nu_2 = -15/16", True, nus(0, 3, 2)[1:] == [R(-3, 4), R(-15, 16)])
check("penalty", "nu_1 = -3/2 (second start)", True, nus(-3, 3, 1)[1] == R(-3, 2))
check("penalty", "nu_2 = -7/8 (second start)", False, nus(-3, 3, 2)[2] == R(-7, 8))
check("penalty", "ratio = 1/(1+rho) < 1", True, zero((nu_next + 1) / (nk + 1) - 1 / (1 + rp)) and 1 / (1 + rp) < 1)

# gda_bilinear.md
eta, mu = sp.symbols("eta mu", positive=True)
xk, yk = sp.symbols("x_k y_k", real=True)
x1, y1 = xk - eta * yk, yk + eta * xk
z = xk + sp.I * yk
check("gda", "z_{k+1} = (1 + i eta) z_k", True, zero(x1 + sp.I * y1 - (1 + sp.I * eta) * z))
check("gda", "|1 + i eta|^2 = 1 + eta^2", True, zero(sp.Abs(1 + sp.I * eta) ** 2 - 1 - eta**2))
k = sp.Symbol("k", integer=True, nonnegative=True)
check("gda", "|z_k|^2 = (1+eta^2)^k |z_0|^2", True, zero(sp.Abs((1 + sp.I * eta) ** k) ** 2 - (1 + eta**2) ** k))
check("gda", "x_{k+1}^2 + y_{k+1}^2 = (1+eta^2)(x_k^2+y_k^2)", True, zero(x1**2 + y1**2 - (1 + eta**2) * (xk**2 + yk**2)))
M = sp.Matrix([[1, -eta], [eta, 1]])
check("gda", "det M = 1 + eta^2", True, zero(M.det() - 1 - eta**2))
check("gda", "eigenvalues 1 +- i eta", True, set(M.eigenvals()) == {1 + sp.I * eta, 1 - sp.I * eta})
check("gda", "|z_1|^2 = 5/4 |z_0|^2 at eta = 1/2", True, (1 + eta**2).subs(eta, R(1, 2)) == R(5, 4))
check("gda", "|z_2|^2 = 5/2 |z_0|^2 at eta = 1/2", False, ((1 + eta**2) ** 2).subs(eta, R(1, 2)) == R(5, 2))
xa, ya = xk - eta * yk, yk + eta * (xk - eta * yk)
Ma = sp.Matrix([[1, -eta], [eta, 1 - eta**2]])
check("gda", "M_a is the alternating map", True, zero((Ma * sp.Matrix([xk, yk]) - sp.Matrix([xa, ya])).norm() ** 2))
check("gda", "det M_a = 1, tr M_a = 2 - eta^2", True, zero(Ma.det() - 1) and zero(Ma.trace() - 2 + eta**2))
ev = list(Ma.eigenvals())
check("gda", "lambda_1 lambda_2 = 1", True, zero(ev[0] * ev[1] - 1))
check("gda", "lambda_1 + lambda_2 = 2 + eta^2", False, zero(ev[0] + ev[1] - 2 - eta**2))
Q = lambda a, b: a**2 + b**2 - eta * a * b  # noqa: E731
check("gda", "x^2 + y^2 - eta x y conserved", True, zero(Q(xa, ya) - Q(xk, yk)))
xr, yr = xk - eta * (yk + mu * xk), yk + eta * (xk - mu * yk)
c = 1 - eta * mu + sp.I * eta
check("gda", "regularized: z multiplied by 1 - eta mu + i eta", True, zero(xr + sp.I * yr - c * z))
check("gda", "|1 - eta mu + i eta|^2 = (1 - eta mu)^2 + eta^2", True, zero(sp.Abs(c) ** 2 - (1 - eta * mu) ** 2 - eta**2))
rate = (1 - eta * mu) ** 2 + eta**2
check("gda", "below one iff eta < 2mu/(1+mu^2)", True,  # rate - 1 = eta (1 + mu^2)(eta - 2mu/(1+mu^2)), eta > 0
      zero(rate - 1 - eta * (1 + mu**2) * (eta - 2 * mu / (1 + mu**2))))
es = sp.solve(sp.diff(rate, eta), eta)
check("gda", "eta* = mu/(1+mu^2)", True, es == [mu / (1 + mu**2)])
check("gda", "rate at eta* = mu^2/(1+mu^2)", False, zero(rate.subs(eta, es[0]) - mu**2 / (1 + mu**2)))

# newton_schulz.txt
a, xk = sp.symbols("a x_k", positive=True)
step = lambda v, aa: v * (2 - aa * v)  # noqa: E731
check("newton_schulz", "e_{k+1} = e_k^2", True, zero(1 - a * step(xk, a) - (1 - a * xk) ** 2))
x0 = sp.Symbol("x_0", positive=True)
e0 = 1 - a * x0
check("newton_schulz", "e_k = e_0^(2^k) (k = 0..4)", True, all(
    zero(1 - a * sp.Function("X")(0) - 0) or True for _ in [0]) and all(
    zero((1 - a * sp.nsimplify(v)) - e0 ** (2**n)) for n, v in enumerate(
        [x0, step(x0, a), step(step(x0, a), a), step(step(step(x0, a), a), a)])))
big = 3 / a  # x_0 > 2/a: e_0 < -1, e_1 > 1, x_1 < 0
check("newton_schulz", "x_0 > 2/a => e_0 < -1 and x_1 = (1-e_1)/a < 0", True,
      (1 - a * big) < -1 and step(big, a) < 0 and zero(step(x0, a) - (1 - (1 - a * x0) ** 2) / a))


def run(v0, n):
    out = [sp.nsimplify(v0)]
    for _ in range(n):
        out.append(step(out[-1], 4))
    return out


r1 = run("0.2", 2)
check("newton_schulz", "a=4, x0=0.2: e0=.2 x1=.24 e1=.04 x2=.2496 e2=.0016", True,
      [1 - 4 * v for v in r1] == [R(1, 5), R(1, 25), R(16, 10000)] and r1[1:] == [R(24, 100), R(2496, 10000)])
r2 = run("0.4", 2)
check("newton_schulz", "x0=0.4: e0=-0.6, x1=0.16", True, 1 - 4 * r2[0] == R(-3, 5) and r2[1] == R(16, 100))
check("newton_schulz", "x0=0.4: x2 = 0.2196", False, r2[2] == R(2196, 10000))
check("newton_schulz", "x0=0.6: x1=-0.24, 2/a = 0.5", True, run("0.6", 1)[1] == R(-24, 100) and R(2, 4) == R(1, 2))
A = sp.Matrix(2, 2, sp.symbols("a11 a12 a21 a22"))
X = sp.Matrix(2, 2, sp.symbols("x11 x12 x21 x22"))
II = sp.eye(2)
check("newton_schulz", "I - AX(2I - AX) = (I - AX)^2", True, (II - A * X * (2 * II - A * X) - (II - A * X) ** 2).expand() == sp.zeros(2))
Lq, muq = 3, 1
check("newton_schulz", "q = 1/2, q^8 = 1/256", True, R(Lq - muq, Lq + muq) == R(1, 2) and R(1, 2) ** 8 == R(1, 256))
ls = sp.Symbol("lambda", positive=True)
check("newton_schulz", "|1 - 2 lambda/(mu+L)| <= (L-mu)/(L+mu) on [mu, L] (ends)", True,
      all(abs(1 - R(2, Lq + muq) * v) <= R(1, 2) for v in (muq, Lq, 2)))
check("newton_schulz", "alpha = 1/a: e0 = 0", True, zero(1 - a * (1 / a)))

# spectral_filter.tex
s, b, lam = sp.symbols("s b lambda", positive=True)
c = [sp.Integer(0)]
for _ in range(5):
    c.append(sp.expand((1 - eta * s) * c[-1] + eta * b))
check("spectral", "c_k = (1 - (1 - eta s)^k) b / s (k = 0..5)", True, all(zero(c[n] - (1 - (1 - eta * s) ** n) * b / s)
                                                                        for n in range(6)))
phi = lambda n: 1 - (1 - eta * s) ** n  # noqa: E731
check("spectral", "phi_1 = eta s, phi_2 = 2 eta s - eta^2 s^2", True, zero(phi(1) - eta * s) and zero(phi(2) - 2 * eta * s + eta**2 * s**2))
t = sp.Symbol("t", positive=True)  # t = 1 - eta s in (0, 1)
check("spectral", "0 <= phi_k <= 1 when 0 < eta s < 1, k >= 0", True, all(
    sp.ask(sp.Q.nonnegative(1 - t**n), sp.Q.positive(1 - t)) is not False for n in range(6)))
kk = sp.Symbol("k", positive=True)
ser = sp.series(s / (s + 1 / (kk * eta)), s, 0, 3).removeO()
check("spectral", "s/(s + 1/(k eta)) = k eta s - (k eta s)^2 + O(s^3)", True, zero(ser - kk * eta * s + (kk * eta * s) ** 2))
check("spectral", "first order agrees with phi_k", True, zero(sp.series(1 - (1 - eta * s) ** 4, s, 0, 2).removeO() - 4 * eta * s))
Am = sp.diag(1, 4)
check("spectral", "kappa(A) = 4", True, max(Am.eigenvals()) / min(Am.eigenvals()) == 4)
B = sp.eye(2) - R(1, 4) * Am
check("spectral", "B eigenvalues 3/4, 0, ||B||_2 = 3/4", True, set(B.eigenvals()) == {R(3, 4), 0})
ev2 = list((Am + 2 * sp.eye(2)).eigenvals())
check("spectral", "kappa(A + 2I) = 2", True, max(ev2) / min(ev2) == 2 and set(ev2) == {3, 6})
check("spectral", "kappa(A + lam I) = (4 + lam)/(1 + lam)", True, zero((4 + lam) / (1 + lam) - max(4 + lam, 1 + lam) / (1 + lam)))
check("spectral", "lambda_min(A + lam I) = 1", False, zero(min((Am + lam * sp.eye(2)).eigenvals(), key=lambda e: e.subs(lam, 1)) - 1))

# averaging_answer.md
q, K = sp.symbols("q K")
x0 = sp.Symbol("x_0", real=True)
avg = lambda n, qq, v0: sum(qq**j * v0 for j in range(n)) / n  # noqa: E731
check("averaging", "q = 1 - eta a step", True, zero(xk - eta * a * xk - (1 - eta * a) * xk))
check("averaging", "xbar_K closed form (K = 1..6)", True, all(zero(avg(n, q, x0) - (1 - q**n) / (n * (1 - q)) * x0)
                                                              for n in range(1, 7)))
check("averaging", "xbar_2 = (1+q)/2 x0", True, zero(avg(2, q, x0) - (1 + q) / 2 * x0))
check("averaging", "q=1/2, x0=1: x1 = 1/2, xbar_2 = 3/4", True, avg(2, R(1, 2), 1) == R(3, 4))
check("averaging", "x0=-2: x1 = -1, xbar_2 = -3/2", True, avg(2, R(1, 2), -2) == R(-3, 2) and R(1, 2) * -2 == -1)
check("averaging", "x0=-2: xbar_3 = -7/4", False, avg(3, R(1, 2), -2) == R(-7, 4))
check("averaging", "q=-1: xbar_2 = 0, xbar_3 = x0/3", True, zero(avg(2, -1, x0)) and zero(avg(3, -1, x0) - x0 / 3))
check("averaging", "q=-1: xbar_4 = x0/4", False, zero(avg(4, -1, x0) - x0 / 4))
qq = sp.Symbol("q", nonnegative=True)
check("averaging", "f(xbar) <= f(x0)/(K eta a)^2 for 0 <= q < 1", True, all(
    (1 - v**n) ** 2 <= 1 for n in range(1, 8) for v in (0, R(1, 3), R(9, 10))))
check("averaging", "K eta a >= 1 - q^K", True, all(n * (1 - v) >= 1 - v**n for n in range(1, 8)
                                                    for v in (R(-1, 2), 0, R(1, 2), R(99, 100), 1)))
small = R(1, 100)  # eta a = 1/100, K = 2: f(xbar)/f(x0) = ((1-q^2)/(2 eta a))^2 > 1/4
check("averaging", "f(xbar_K) <= f(x0)/K^2", False, ((1 - (1 - small) ** 2) / (2 * small)) ** 2 <= R(1, 4))
check("averaging", "eta a = 1: x1 = 0, xbar_K = x0/K", True, all(zero(avg(n, 0, x0) - x0 / n) for n in range(1, 6)))

bad = [c for c in checks if c[2] != c[3]]
for note, what, expected, found in checks:
    print(f"{'ok ' if expected == found else 'BAD'} {note:14s} {'true ' if expected else 'false'} {what}")
print(f"{len(checks)} relations checked, {len(bad)} mismatches")
sys.exit(1 if bad else 0)
