"""Beck, "First-Order Methods in Optimization" (SIAM 2017): proximal operators (Ch. 6), smoothness (Ch. 5),
FISTA (Ch. 10), projections; Nocedal & Wright, "Numerical Optimization" (2nd ed., Springer 2006): line search
(Ch. 3), Taylor's theorem (Ch. 2), quasi-Newton updates (Ch. 6)."""

from __future__ import annotations

from entry import F, T

__all__ = ["CLAIMS"]

BK = "Beck 2017"
NW = "Nocedal & Wright 2006"
FISTA = r"t_{k+1} = \frac{1 + \sqrt{1 + 4t_k^2}}{2}"
LAMPOS = {"assume": r"\lambda > 0"}


def _soft(m, x, lam):
    return m.sign(x) * m.max(m.Abs(x) - lam, 0)


def _tn(m, t):
    return (1 + m.sqrt(1 + 4 * t**2)) / 2


def _bfgs(m, H, s, y, swap):
    n = s.rows
    rho = 1 / m.dot(y, s)
    left = m.eye(n) - rho * (y * m.Tr(s) if swap else s * m.Tr(y))
    right = m.eye(n) - rho * (s * m.Tr(y) if swap else y * m.Tr(s))
    return left * H * right * y + rho * s * m.Tr(s) * y


CLAIMS = [
    # Beck Ch. 6: the prox of lambda|x| and of (lambda/2)x^2
    T("beck-soft-threshold", r"\operatorname{sign}(x)\max(|x| - \lambda, 0) = x - \max(\min(x, \lambda), -\lambda)",
      lambda m, x, lam: (_soft(m, x, lam), "=", x - m.max(m.min(x, lam), -lam)), "x lam:pos",
      f"{BK} §6.3 (soft thresholding)", "abs", "cases x > lambda, |x| <= lambda, x < -lambda", **LAMPOS),
    F("beck-soft-threshold-onesided", r"\operatorname{sign}(x)\max(|x| - \lambda, 0) = \max(x - \lambda, 0)",
      lambda m, x, lam: (_soft(m, x, lam), "=", m.max(x - lam, 0)), "x lam:pos",
      f"{BK} §6.3 (negative side forgotten)", "abs", {"x": -2, "lam": 1}, **LAMPOS),
    T("beck-huber-lower", r"\lambda|u| + \frac{1}{2}(u - x)^2 \ge \lambda|x| - \frac{\lambda^2}{2}",
      lambda m, u, x, lam: (lam * m.Abs(u) + (u - x) ** 2 / 2, ">=", lam * m.Abs(x) - lam**2 / 2), "u x lam:pos",
      f"{BK} §6.7 (Moreau envelope of lambda|.| is the Huber function)", "abs",
      "|x| <= |u| + |u - x| and lambda t <= t^2/2 + lambda^2/2", **LAMPOS),
    F("beck-huber-lower-drop", r"\lambda|u| + \frac{1}{2}(u - x)^2 \ge \lambda|x|",
      lambda m, u, x, lam: (lam * m.Abs(u) + (u - x) ** 2 / 2, ">=", lam * m.Abs(x)), "u x lam:pos",
      f"{BK} §6.7 (dropped -lambda^2/2)", "abs", {"u": 1, "x": 2, "lam": 1}, **LAMPOS),
    T("beck-prox-quad-opt", r"\lambda u + (u - x) = 0", lambda m, x, lam: (lam * (x / (1 + lam)) + (x / (1 + lam) - x), "=", 0),
      "x lam:pos", f"{BK} §6.2 (prox of (lambda/2)x^2 is x/(1+lambda))", "rational",
      assume=[r"u = \frac{x}{1 + \lambda}", r"\lambda > 0"]),
    T("beck-prox-quad-value", r"\frac{\lambda}{2}u^2 + \frac{1}{2}(u - x)^2 = \frac{\lambda x^2}{2(1 + \lambda)}",
      lambda m, x, lam: (lam / 2 * (x / (1 + lam)) ** 2 + (x / (1 + lam) - x) ** 2 / 2, "=", lam * x**2 / (2 * (1 + lam))),
      "x lam:pos", f"{BK} §6.7 (Moreau envelope of (1/2)x^2)", "rational",
      assume=[r"u = \frac{x}{1 + \lambda}", r"\lambda > 0"]),
    F("beck-prox-quad-value-sq", r"\frac{\lambda}{2}u^2 + \frac{1}{2}(u - x)^2 = \frac{\lambda x^2}{2(1 + \lambda)^2}",
      lambda m, x, lam: (lam / 2 * (x / (1 + lam)) ** 2 + (x / (1 + lam) - x) ** 2 / 2, "=",
                         lam * x**2 / (2 * (1 + lam) ** 2)), "x lam:pos", f"{BK} §6.7 (spurious square)", "rational",
      {"x": 1, "lam": 1}, assume=[r"u = \frac{x}{1 + \lambda}", r"\lambda > 0"]),
    T("beck-moreau-decomp", r"\operatorname{sign}(x)\max(|x| - \lambda, 0) + \lambda\max(-1, \min(1, x/\lambda)) = x",
      lambda m, x, lam: (_soft(m, x, lam) + lam * m.max(-1, m.min(1, x / lam)), "=", x), "x lam:pos",
      f"{BK} §6.6 (Moreau decomposition for lambda|.|)", "abs", "cases on x", **LAMPOS),
    # Beck Ch. 5: smoothness of the logistic function
    T("beck-logistic-smooth", r"\frac{e^x}{(1 + e^x)^2} \le \frac{1}{4}",
      lambda m, x: (m.exp(x) / (1 + m.exp(x)) ** 2, "<=", m.R(1, 4)), "x", f"{BK} §5.1 (the logistic loss is 1/4-smooth)",
      "transcendental", "(1 + u)^2 >= 4u for u = e^x > 0"),
    F("beck-logistic-smooth-const", r"\frac{e^x}{(1 + e^x)^2} \le \frac{1}{8}",
      lambda m, x: (m.exp(x) / (1 + m.exp(x)) ** 2, "<=", m.R(1, 8)), "x", f"{BK} §5.1 (wrong constant)",
      "transcendental", {"x": 0}),
    T("beck-descent-logistic",
      r"\log(1 + e^y) \le \log(1 + e^x) + \frac{e^x}{1 + e^x}(y - x) + \frac{1}{8}(y - x)^2",
      lambda m, x, y: (m.log(1 + m.exp(y)), "<=", m.log(1 + m.exp(x)) + m.exp(x) / (1 + m.exp(x)) * (y - x)
                       + (y - x) ** 2 / 8), "x y", f"{BK} §5.1 (descent lemma, L = 1/4)", "transcendental",
      "second derivative e^t/(1+e^t)^2 <= 1/4, Taylor with remainder"),
    F("beck-descent-logistic-const",
      r"\log(1 + e^y) \le \log(1 + e^x) + \frac{e^x}{1 + e^x}(y - x) + \frac{1}{16}(y - x)^2",
      lambda m, x, y: (m.log(1 + m.exp(y)), "<=", m.log(1 + m.exp(x)) + m.exp(x) / (1 + m.exp(x)) * (y - x)
                       + (y - x) ** 2 / 16), "x y", f"{BK} §5.1 (descent lemma with L/2 = 1/16)", "transcendental",
      {"x": 0, "y": "1/2"}),
    # Beck Ch. 10: FISTA's t_k
    T("beck-fista-induction", r"t_{k+1} \ge \frac{k + 3}{2}", lambda m, t, k: (_tn(m, t), ">=", (k + 3) / 2),
      "t:pos k:nat", f"{BK} §10.7 (t_k >= (k+2)/2, induction step)", "root",
      "sqrt(1 + 4t^2) >= 2t >= k + 2", hyps=lambda m, t, k: [t >= (k + 2) / 2],
      assume=[FISTA, r"t_k \ge \frac{k + 2}{2}", r"k \ge 0"]),
    F("beck-fista-induction-const", r"t_{k+1} \ge \frac{k + 4}{2}", lambda m, t, k: (_tn(m, t), ">=", (k + 4) / 2),
      "t:pos k:nat", f"{BK} §10.7 (one too many)", "root", {"t": 1, "k": 0},
      hyps=lambda m, t, k: [t >= (k + 2) / 2], assume=[FISTA, r"t_k \ge \frac{k + 2}{2}", r"k \ge 0"]),
    T("beck-fista-ineq", r"t_{k+1}^2 - t_{k+1} \le t_k^2", lambda m, t: (_tn(m, t) ** 2 - _tn(m, t), "<=", t**2),
      "t:pos", f"{BK} §10.7 (FISTA, t_{{k+1}}^2 - t_{{k+1}} <= t_k^2)", "root", "equality holds",
      assume=[FISTA, r"t_k > 0"]),
    # projections
    T("beck-proj-ball", r"\left\|\frac{r}{\|x\|}x\right\| = r", lambda m, r, x: (m.norm(r / m.norm(x) * x), "=", r),
      "r:pos x:vec", f"{BK} §6.4 (projection onto the ball of radius r)", "vector",
      "||c x|| = |c| ||x||", hyps=lambda m, r, x: [m.nsq(x) > 0], assume=[r"r > 0", r"x \ne 0"], vectors="x"),
    F("beck-proj-ball-sq", r"\left\|\frac{r}{\|x\|^2}x\right\| = r", lambda m, r, x: (m.norm(r / m.nsq(x) * x), "=", r),
      "r:pos x:vec", f"{BK} §6.4 (squared norm)", "vector", {"r": 1, "x": [2]},
      hyps=lambda m, r, x: [m.nsq(x) > 0], assume=[r"r > 0", r"x \ne 0"], vectors="x"),
    T("beck-block-soft", r"\left\|\left(1 - \frac{\lambda}{\|x\|}\right)x\right\| = \|x\| - \lambda",
      lambda m, lam, x: (m.norm((1 - lam / m.norm(x)) * x), "=", m.norm(x) - lam), "lam:pos x:vec",
      f"{BK} §6.3 (prox of lambda||.||_2)", "vector", "1 - lambda/||x|| >= 0",
      hyps=lambda m, lam, x: [m.norm(x) >= lam], assume=[r"\lambda > 0", r"\|x\| \ge \lambda"], vectors="x"),
    F("beck-block-soft-sq", r"\left\|\left(1 - \frac{\lambda}{\|x\|}\right)x\right\| = \|x\| - \lambda^2",
      lambda m, lam, x: (m.norm((1 - lam / m.norm(x)) * x), "=", m.norm(x) - lam**2), "lam:pos x:vec",
      f"{BK} §6.3 (spurious square)", "vector", {"lam": "1/2", "x": [2]},
      hyps=lambda m, lam, x: [m.norm(x) >= lam], assume=[r"\lambda > 0", r"\|x\| \ge \lambda"], vectors="x"),
    # Nocedal & Wright Ch. 3: line search on quadratics
    T("nw-armijo-quad", r"\frac{a}{2}(x - \alpha a x)^2 \le \frac{a}{2}x^2 - c\,\alpha a^2 x^2",
      lambda m, a, al, c, x: (a / 2 * (x - al * a * x) ** 2, "<=", a / 2 * x**2 - c * al * a**2 * x**2),
      "a:pos al:pos c:pos x", f"{NW} §3.1 (3.4) sufficient decrease on f = (a/2)x^2", "polynomial",
      "reduces to alpha a <= 2(1 - c)", hyps=lambda m, a, al, c, x: [al <= 1 / a, c <= m.R(1, 2)],
      assume=[r"a > 0", r"0 < \alpha \le 1/a", r"0 < c \le 1/2"]),
    F("nw-armijo-quad-c", r"\frac{a}{2}(x - \alpha a x)^2 \le \frac{a}{2}x^2 - c\,\alpha a^2 x^2",
      lambda m, a, al, c, x: (a / 2 * (x - al * a * x) ** 2, "<=", a / 2 * x**2 - c * al * a**2 * x**2),
      "a:pos al:pos c:pos x", f"{NW} §3.1 (only 0 < c < 1 assumed)", "polynomial",
      {"a": 1, "al": 1, "c": "3/4", "x": 1}, hyps=lambda m, a, al, c, x: [al <= 1 / a, c < 1],
      assume=[r"a > 0", r"0 < \alpha \le 1/a", r"0 < c < 1"]),
    T("nw-phi-prime", r"\frac{d}{d\alpha}\left(\frac{q}{2}(x - \alpha q x)^2\right) = -q^2 x(x - \alpha q x)",
      lambda m, q, x, al: (m.diff(lambda s: q / 2 * (x - s * q * x) ** 2, al), "=", -q**2 * x * (x - al * q * x)),
      "q x al", f"{NW} §3.1 (phi'(alpha) = grad f(x + alpha p)^T p)", "calculus"),
    F("nw-phi-prime-drop", r"\frac{d}{d\alpha}\left(\frac{q}{2}(x - \alpha q x)^2\right) = -q x(x - \alpha q x)",
      lambda m, q, x, al: (m.diff(lambda s: q / 2 * (x - s * q * x) ** 2, al), "=", -q * x * (x - al * q * x)),
      "q x al", f"{NW} §3.1 (chain rule factor dropped)", "calculus", {"q": 2, "x": 1, "al": 0}),
    T("nw-newton-quartic", r"x - \frac{4x^3}{12x^2} = \frac{2}{3}x",
      lambda m, x: (x - 4 * x**3 / (12 * x**2), "=", 2 * x / 3), "x:pos", f"{NW} §3.3 (Newton on x^4: linear rate 2/3)",
      "rational", assume=r"x \ne 0"),
    F("nw-newton-quartic-const", r"x - \frac{4x^3}{12x^2} = \frac{1}{3}x",
      lambda m, x: (x - 4 * x**3 / (12 * x**2), "=", x / 3), "x:pos", f"{NW} §3.3 (wrong rate)", "rational",
      {"x": 1}, assume=r"x \ne 0"),
    T("nw-interp", r"-\frac{b\alpha_0^2}{2\left(\frac{a}{2}\alpha_0^2\right)} = -\frac{b}{a}",
      lambda m, a, b, a0: (-b * a0**2 / (2 * (a / 2 * a0**2)), "=", -b / a), "a:pos b a0:pos",
      f"{NW} §3.5 (3.57) quadratic interpolation is exact on a quadratic", "rational",
      assume=[r"a > 0", r"\alpha_0 > 0"]),
    F("nw-interp-const", r"-\frac{b\alpha_0^2}{2\left(\frac{a}{2}\alpha_0^2\right)} = -\frac{b}{2a}",
      lambda m, a, b, a0: (-b * a0**2 / (2 * (a / 2 * a0**2)), "=", -b / (2 * a)), "a:pos b a0:pos",
      f"{NW} §3.5 (spurious 1/2)", "rational", {"a": 1, "b": 1, "a0": 1}, assume=[r"a > 0", r"\alpha_0 > 0"]),
    # Nocedal & Wright Ch. 2: Taylor's theorem is exact for quadratics
    T("nw-taylor-quad",
      r"\frac{1}{2}(x+p)^T A (x+p) + b^T(x+p) = \frac{1}{2}x^T A x + b^T x + (Ax + b)^T p + \frac{1}{2}p^T A p",
      lambda m, A, x, p, b: (m.dot(x + p, A * (x + p)) / 2 + m.dot(b, x + p), "=",
                             m.dot(x, A * x) / 2 + m.dot(b, x) + m.dot(A * x + b, p) + m.dot(p, A * p) / 2),
      "A:sym x:vec p:vec b:vec", f"{NW} §2.1 Thm 2.1", "matrix", symmetric="A", vectors="x,p,b"),
    F("nw-taylor-quad-half",
      r"\frac{1}{2}(x+p)^T A (x+p) + b^T(x+p) = \frac{1}{2}x^T A x + b^T x + (\frac{1}{2}Ax + b)^T p + \frac{1}{2}p^T A p",
      lambda m, A, x, p, b: (m.dot(x + p, A * (x + p)) / 2 + m.dot(b, x + p), "=",
                             m.dot(x, A * x) / 2 + m.dot(b, x) + m.dot(A * x / 2 + b, p) + m.dot(p, A * p) / 2),
      "A:sym x:vec p:vec b:vec", f"{NW} §2.1 (gradient of x^T A x / 2 halved)", "matrix",
      {"A": [[1]], "x": [1], "p": [1], "b": [0]}, symmetric="A", vectors="x,p,b"),
    F("nw-taylor-nonsym", r"\frac{1}{2}(x+p)^T A (x+p) = \frac{1}{2}x^T A x + x^T A p + \frac{1}{2}p^T A p",
      lambda m, A, x, p: (m.dot(x + p, A * (x + p)) / 2, "=", m.dot(x, A * x) / 2 + m.dot(x, A * p) + m.dot(p, A * p) / 2),
      "A:mat x:vec p:vec", f"{NW} §2.1 (A symmetric dropped)", "matrix",
      {"A": [[0, 1], [0, 0]], "x": [1, 0], "p": [0, 1]}, matrices="A", vectors="x,p"),
    T("nw-taylor-sym-ok", r"\frac{1}{2}(x+p)^T A (x+p) = \frac{1}{2}x^T A x + x^T A p + \frac{1}{2}p^T A p",
      lambda m, A, x, p: (m.dot(x + p, A * (x + p)) / 2, "=", m.dot(x, A * x) / 2 + m.dot(x, A * p) + m.dot(p, A * p) / 2),
      "A:sym x:vec p:vec", f"{NW} §2.1 (A symmetric)", "matrix", symmetric="A", vectors="x,p"),
    # Nocedal & Wright Ch. 6: BFGS satisfies the secant equation
    T("nw-bfgs-secant", r"\left(I - \rho s y^T\right)H\left(I - \rho y s^T\right)y + \rho s s^T y = s",
      lambda m, H, s, y: (_bfgs(m, H, s, y, False), "=", s), "H:sym s:vec y:vec", f"{NW} §6.1 (6.17) H_{{k+1}} y_k = s_k",
      "matrix", "(I - rho y s^T) y = 0 and rho s s^T y = s", hyps=lambda m, H, s, y: [m.dot(y, s) > 0],
      assume=[r"\rho = \frac{1}{y^T s}", r"y^T s > 0"], symmetric="H", vectors="s,y"),
    F("nw-bfgs-secant-swap", r"\left(I - \rho y s^T\right)H\left(I - \rho s y^T\right)y + \rho s s^T y = s",
      lambda m, H, s, y: (_bfgs(m, H, s, y, True), "=", s), "H:sym s:vec y:vec", f"{NW} §6.1 (factors swapped)",
      "matrix", {"H": [[1, 0], [0, 1]], "s": [1, 0], "y": [1, 1]}, hyps=lambda m, H, s, y: [m.dot(y, s) > 0],
      assume=[r"\rho = \frac{1}{y^T s}", r"y^T s > 0"], symmetric="H", vectors="s,y"),
]
