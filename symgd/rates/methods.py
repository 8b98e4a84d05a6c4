"""First-order methods with fixed step coefficients, written as straight-line code (as in PEPit).

A method is a function ``run(N, L, mu, grad, x0) -> output`` that takes N steps from ``x0`` and returns the
point whose performance is measured.  ``grad(x)`` records an evaluation of the gradient at ``x`` and
returns the new gradient vector.  Points are :class:`Vec`: exact coefficients on the basis
``x_0 - x_*, g_0, g_1, ...`` (x_* = 0), so every iterate is ``x_0 - (1/L) sum_j h_j g_j`` with exact
(Fraction) coefficients, or rational enclosures (:mod:`symgd.rates.numbers`) for square roots.

Methods.  Gradient descent with step h/L; Nesterov's fast gradient method (lambda_k schedule, Beck and
Teboulle's FISTA form, as PEPit's ``wc_accelerated_gradient_convex``); the optimized gradient method
(Kim and Fessler 2016, theta_k schedule with the last step's factor 8); :func:`fixed_steps` for any
method given by its coefficients h_{k,j}: x_k = x_0 - (1/L) sum_{j<k} h_{k,j} g_j; :func:`from_rule` for an
``UpdateRule`` of symgd.optim whose step is a fixed linear combination (GD, heavy ball, Nesterov's momentum).

References.  Drori and Teboulle, Math. Program. 145 (2014); Nesterov (1983); Beck and Teboulle (2009);
Kim and Fessler, Math. Program. 159 (2016).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from symgd.core.errors import BadInput
from symgd.optim.rules import UpdateRule
from symgd.rates.numbers import Num, sqrt

__all__ = ["METHODS", "Method", "Vec", "fixed_steps", "from_rule", "gd", "method", "nesterov_fgm", "ogm"]


class Vec:
    """A vector as exact coefficients: key 0 for x_0 - x_*, key 1 + j for the gradient g_j."""

    __slots__ = ("c",)

    def __init__(self, c: dict[int, Num]):
        self.c = {k: v for k, v in c.items() if v != 0}

    def __add__(self, o: Vec) -> Vec:
        return Vec({k: self.c.get(k, 0) + o.c.get(k, 0) for k in self.c.keys() | o.c.keys()})

    def __sub__(self, o: Vec) -> Vec:
        return self + (-1) * o

    def __mul__(self, a: Num | int) -> Vec:
        return Vec({k: a * v for k, v in self.c.items()})

    def __rmul__(self, a: Num | int) -> Vec:
        return Vec({k: a * v for k, v in self.c.items()})

    def __truediv__(self, a: Num | int) -> Vec:
        return Vec({k: v / a for k, v in self.c.items()})


Grad = Callable[[Vec], Vec]


@dataclass(frozen=True)
class Method:
    """A named method: ``run(N, L, mu, grad, x0)``.  The points may be :class:`Vec` (posing the PEP) or plain
    numbers (running the method exactly on a function of one variable, :mod:`symgd.rates.worst`)."""

    name: str
    title: str
    run: Callable[[int, Fraction, Fraction, Grad, Any], Any]
    reference: str = ""


def gd(h: Fraction | int = 1) -> Method:
    """x_{k+1} = x_k - (h/L) grad f(x_k); output x_N."""
    h = Fraction(h)

    def run(N: int, L: Fraction, mu: Fraction, grad: Grad, x0: Any) -> Any:
        x = x0
        for _ in range(N):
            x = x - (h / L) * grad(x)
        return x

    name = "gd" if h == 1 else f"gd(h={h})"
    return Method(name, "gradient descent, step 1/L" if h == 1 else f"gradient descent, step h/L with h = {h}", run, "Drori and Teboulle (2014): L R^2/(4Nh + 2), h <= 1")


def _nesterov_run(N: int, L: Fraction, mu: Fraction, grad: Grad, x0: Any) -> Any:
    """lambda_1 = 1, lambda_{k+1} = (1 + sqrt(4 lambda_k^2 + 1))/2; x_k = y_k - grad f(y_k)/L;
    y_{k+1} = x_k + (lambda_k - 1)/lambda_{k+1} (x_k - x_{k-1}); output x_N."""
    x = y = x0
    lam: Num = Fraction(1)
    for _ in range(N):
        lam_old, lam = lam, (1 + sqrt(4 * lam * lam + 1)) / 2
        x_old, x = x, y - (1 / L) * grad(y)
        y = x + ((lam_old - 1) / lam) * (x - x_old)
    return x


def _ogm_run(N: int, L: Fraction, mu: Fraction, grad: Grad, x0: Any) -> Any:
    """theta_0 = 1, theta_k = (1 + sqrt(4 theta_{k-1}^2 + 1))/2 (k < N), theta_N = (1 + sqrt(8 theta_{N-1}^2 + 1))/2;
    x_{k+1} = y_k - grad f(y_k)/L;
    y_{k+1} = x_{k+1} + (theta_k - 1)/theta_{k+1} (x_{k+1} - x_k) + theta_k/theta_{k+1} (x_{k+1} - y_k); output y_N."""
    x = y = x0
    theta: Num = Fraction(1)
    for k in range(N):
        x_old, x = x, y - (1 / L) * grad(y)
        theta_old = theta
        theta = (1 + sqrt((4 if k < N - 1 else 8) * theta * theta + 1)) / 2
        y = x + ((theta_old - 1) / theta) * (x - x_old) + (theta_old / theta) * (x - y)
    return y


nesterov_fgm = Method("nesterov", "Nesterov's fast gradient method", _nesterov_run,
                      "Beck and Teboulle (2009), Thm 4.4: L R^2 / (2 lambda_N^2)")
ogm = Method("ogm", "optimized gradient method", _ogm_run, "Kim and Fessler (2016): L R^2 / (2 theta_N^2), tight")


def fixed_steps(h: Sequence[Sequence[Fraction | int]], name: str = "fixed") -> Method:
    """The method x_k = x_0 - (1/L) sum_{j<k} h[k-1][j] g_j, g_j the gradient at x_j (k = 1..N, h[k-1] has k
    entries); output x_N.  N must equal len(h)."""
    rows = [tuple(Fraction(v) for v in row) for row in h]
    for k, row in enumerate(rows, 1):
        if len(row) != k:
            raise BadInput(f"fixed steps: row {k} has {len(row)} coefficients, expected {k}")

    def run(N: int, L: Fraction, mu: Fraction, grad: Grad, x0: Any) -> Any:
        if N != len(rows):
            raise BadInput(f"{name}: {len(rows)} steps given, {N} asked")
        x, gs = x0, []
        for row in rows:
            gs.append(grad(x))
            x = x0
            for coeff, g in zip(row, gs, strict=True):
                x = x - (coeff / L) * g
        return x

    return Method(name, "fixed step coefficients", run)


def from_rule(rule: UpdateRule, **hyper: object) -> Method:
    """An elementwise :class:`~symgd.optim.rules.UpdateRule` whose step is a fixed linear combination of the parameter,
    its state and the gradient (GD, heavy ball, Nesterov) as a PEP method: the gradient is evaluated at the parameter
    each step and the output is the parameter after N steps.  Hyperparameters are exact numbers, or SymPy expressions
    in ``L`` (``lr=1/L``) evaluated with the class's L.  Rules that are not linear (Adam, AdaGrad) are refused."""
    import sympy as sp

    if not rule.elementwise:
        raise BadInput(f"{rule.name}: only elementwise rules can be posed (a fixed scalar step per gradient)")
    L_sym = sp.Symbol("L", positive=True)
    missing = [h.name for h in rule.hyper if h.name not in hyper]
    if missing:
        raise BadInput(f"{rule.name}: give {', '.join(missing)} (exact numbers or expressions in L, e.g. lr=1/L)")
    unknown = sorted(set(hyper) - {h.name for h in rule.hyper})
    if unknown:
        raise BadInput(f"{rule.name} has no hyperparameter {unknown[0]!r}")
    step = rule.step()
    inputs = (rule.param, *rule.state_symbols, rule.grad)
    for target, expr in [*step.items(), *rule.state]:
        e = sp.expand(expr)
        if any(sp.diff(e, a).free_symbols & set(inputs) for a in inputs) or e.subs({a: 0 for a in inputs}) != 0:
            raise BadInput(f"{rule.name}: {target} <- {expr} is not a fixed linear combination of the parameter, "
                           "its state and the gradient")

    def value(expr: sp.Expr, L: Fraction) -> Fraction:
        values = {h: sp.sympify(hyper[h.name], strict=True).subs(L_sym, sp.Rational(L.numerator, L.denominator))
                  for h in rule.hyper}
        v = sp.nsimplify(expr.subs(values))
        if not v.is_Rational:
            raise BadInput(f"{rule.name}: the coefficient {expr} = {v} is not an exact rational")
        return Fraction(int(v.p), int(v.q))

    def combine(expr: sp.Expr, env: dict, L: Fraction) -> Any:
        out = 0 * next(iter(env.values()))
        for a in inputs:
            if a in env:
                c = value(sp.diff(sp.expand(expr), a), L)
                if c:
                    out = out + c * env[a]
        return out

    def run(N: int, L: Fraction, mu: Fraction, grad: Grad, x0: Any) -> Any:
        x = x0
        env = {rule.param: x}
        env.update({s: combine(init, {rule.param: x}, L) for s, init in rule.state})
        for _ in range(N):
            env[rule.grad] = grad(env[rule.param])
            env = {t: combine(e, env, L) for t, e in step.items()}
        return env[rule.param]

    return Method(f"rule:{rule.name}", rule.title or rule.name, run)


METHODS: dict[str, Callable[[], Method]] = {"gd": gd, "nesterov": lambda: nesterov_fgm, "ogm": lambda: ogm}


def method(name: str) -> Method:
    """A method by name (``gd``, ``nesterov``, ``ogm``); bad names are one-line errors."""
    try:
        return METHODS[name]()
    except KeyError:
        raise BadInput(f"unknown method {name!r}; choose one of {', '.join(sorted(METHODS))} "
                       "(heavy_ball is a spectral rate: symgd.rates.heavy_ball_rate)") from None
