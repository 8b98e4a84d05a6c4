"""The soundness corpus of `symgd check`: true claims in the documents' notation, their mutants, and an
independent exact evaluator (it shares only the parser with the engine, not the decision code).

Every TRUE claim below is true under its assumptions by hand (the comment says why when it is not
plain algebra); they come from the seeds 000-003 and from the catalogue's derivations.  Mutants are
made programmatically (a coefficient, a sign, an exponent, a swapped symbol, a missing square); a
mutant counts as FALSE only when the independent evaluator finds a point that violates it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel
from symgd.core.errors import BadInput
from symgd.latex.notation import tokenize

V = {"vectors": ["x,y,z,g,u,w,v"]}
VH = {"vectors": ["x,y,z,g,u,w,v"], "matrices": ["H,R,A,B"]}
VHS = {"vectors": ["x,y,z,g,u,w,v"], "symmetric": ["H"]}
POS = {"assume": [r"\eta > 0", r"\lambda > 0", "L > 0", r"\mu > 0"]}


def _a(*items: str, **kw: Any) -> dict:
    return {"assume": list(items), **kw}


# (latex, keyword arguments of symgd.check)
TRUE: list[tuple[str, dict]] = [
    # --- 000: the local quadratic model (scalar and vector)
    (r"f_s + g(x - x_s) + \frac{1}{2\eta}(x - x_s)^2 = f_s - \frac{\eta}{2} g^2 + \frac{1}{2\eta}(x - x_s + \eta g)^2",
     _a(r"\eta > 0")),
    (r"g + \frac{1}{\eta}(x_s - \eta g - x_s) = 0", _a(r"\eta > 0")),
    (r"\frac{d}{dx}\left(g(x - x_s) + \frac{1}{2\eta}(x - x_s)^2\right) = g + \frac{1}{\eta}(x - x_s)", _a(r"\eta > 0")),
    (r"\langle g, x - x_s\rangle + \frac{1}{2\eta}\|x - x_s\|^2 = \frac{1}{2\eta}\|x - x_s + \eta g\|^2 - \frac{\eta}{2}\|g\|^2",
     _a(r"\eta > 0", **V)),
    (r"\langle g, -\eta g\rangle + \frac{1}{2\eta}\|-\eta g\|^2 = -\frac{\eta}{2}\|g\|^2", _a(r"\eta > 0", **V)),
    (r"x_s - \eta g - x_s = -\eta g", V),
    # --- 001: modified loss
    (r"\theta_0 - \eta(\lambda\theta_0) = (1 - \eta\lambda)\theta_0", {}),
    (r"e^{-\lambda\eta} = 1 - \lambda\eta + \frac{\lambda^2\eta^2}{2} + O(\eta^3)", {}),
    (r"e^{-\lambda\eta}\theta_0 = \left(1 - \lambda\eta + \frac{\lambda^2\eta^2}{2} + O(\eta^3)\right)\theta_0", {}),
    (r"\frac{1}{2}\left(\lambda+\frac{\eta}{2}\lambda^2\right)\theta^2 = \frac{1}{2}\lambda\theta^2 + \frac{\eta}{4}\lambda^2\theta^2",
     {}),
    (r"-\left(\lambda+\frac{\eta}{2}\lambda^2\right)\theta_0 = -\lambda\theta_0-\frac{\eta}{2}\lambda^2\theta_0", {}),
    (r"\left(\lambda+\frac{\eta}{2}\lambda^2\right)^2\theta_0 = \lambda^2\theta_0+O(\eta)", {}),
    (r"\theta_0 + \eta\left(-\lambda\theta_0-\frac{\eta}{2}\lambda^2\theta_0\right) + \frac{\eta^2}{2}\left(\lambda^2\theta_0+O(\eta)\right)"
     r" + O(\eta^3) = \theta_0-\eta\lambda\theta_0+O(\eta^3)", {}),
    (r"\frac{\eta}{4}\lambda^2\theta^2 = \frac{\eta}{4}(\lambda\theta)^2", {}),
    (r"e^{-(\lambda + \frac{\eta}{2}\lambda^2)\eta}\theta_0 = \theta_0 - \eta\lambda\theta_0 + O(\eta^3)", {}),
    (r"\theta_0 + \eta(-g) + \frac{\eta^2}{2}Hg = \theta_0 - \eta g + \frac{\eta^2}{2}Hg", {"vectors": ["theta,g"],
                                                                                         "matrices": ["H"]}),
    (r"\theta_0 - \eta g + \eta^2\left(\frac{1}{2}Hg - \frac{1}{2}Hg\right) = \theta_0 - \eta g",
     {"vectors": ["theta,g"], "matrices": ["H"]}),
    (r"\frac{d}{d\theta}\left(\frac{1}{4}(\lambda\theta)^2\right) = \frac{1}{2}\lambda(\lambda\theta)", {}),
    (r"\frac{d}{dt}\left(e^{-\lambda t}\theta_0\right) = -\lambda e^{-\lambda t}\theta_0", {}),
    (r"f(x - \eta f'(x)) = f(x) - \eta f'(x)^2 + O(\eta^2)", {}),
    (r"f(x - \eta f'(x)) = f(x) - \eta f'(x)^2 + \frac{\eta^2}{2} f''(x) f'(x)^2 + O(\eta^3)", {}),
    (r"\frac{1}{2}\left(\lambda + \frac{\eta}{2}\lambda^2\right)\theta^2 = \frac{\lambda}{2}\theta^2 + \frac{\eta}{4}(\lambda\theta)^2",
     {}),
    (r"\lambda\theta + \frac{\eta}{2}\lambda^2\theta = \left(\lambda + \frac{\eta}{2}\lambda^2\right)\theta", {}),
    (r"e^{-\eta\lambda(1 + \frac{\eta\lambda}{2})} = 1 - \eta\lambda + O(\eta^3)", {}),
    (r"\theta_{\mathrm{flow}} - \theta_{\mathrm{GD}} = \frac{\eta^2\lambda^2}{2}\theta_0 + O(\eta^3)",
     _a(r"\theta_{\mathrm{flow}} = e^{-\lambda\eta}\theta_0", r"\theta_{\mathrm{GD}} = (1 - \eta\lambda)\theta_0")),
    (r"\theta_2 = (1-\eta\lambda)^2\theta_0",
     _a(r"\theta_1 = (1-\eta\lambda)\theta_0", r"\theta_2 = (1-\eta\lambda)\theta_1")),
    (r"(1-\eta\lambda)^{k+1}\theta_0 = (1-\eta\lambda)(1-\eta\lambda)^k\theta_0", _a(r"k \in \mathbb{N}")),
    (r"(1 - \eta\lambda)^2 \theta_0 = (1 - \eta\lambda)((1-\eta\lambda)\theta_0)", {}),
    # --- 002: foundations and convergence
    (r"-\frac{1}{L} g^2 + \frac{1}{2L} g^2 = -\frac{g^2}{2L}", _a("L > 0")),
    (r"-\eta g^2 + \frac{1}{2}\eta^2 g^2 L \le -\frac{\eta}{2} g^2", _a(r"\eta > 0", "L > 0", r"\eta \le 1/L")),
    (r"\mathcal{L}(\theta_t) - \eta\|g_t\|^2 + \frac{1}{2}\eta^2\|g_t\|^2 L = \mathcal{L}(\theta_t) - \frac{\|g_t\|^2}{2L}",
     _a(r"\eta = 1/L", "L > 0", vectors=["g"])),
    (r"1 - \frac{2}{\mu + L}\mu = \frac{L - \mu}{L + \mu}", _a(r"\mu > 0", "L > 0")),
    (r"\frac{2}{\mu+L}L - 1 = \frac{L-\mu}{L+\mu}", _a(r"\mu > 0", "L > 0")),
    (r"\frac{\kappa - 1}{\kappa + 1} = \frac{L - \mu}{L + \mu}", _a(r"\kappa = L/\mu", r"\mu > 0", "L > 0")),
    (r"5^2 + 10 \cdot 5^2 = 275", {}),
    (r"4^2 + 10\cdot 3^2 = 106", {}),
    (r"3.2^2 + 10 \cdot 1.8^2 = 42.64", {}),
    (r"\frac{d}{dx}(x^4 - 3x^2 + 2) = 4x^3 - 6x", {}),
    (r"4x^3 - 6x = 2x(2x^2 - 3)", {}),
    (r"x^4 - 3x^2 + 2 = (x^2 - 1)(x^2 - 2)", {}),
    (r"\frac{d^2}{dx^2}(x^4 - 3x^2 + 2) = 12x^2 - 6", {}),
    (r"\langle g, -\eta g\rangle + \frac{1}{2}(-\eta g)^T H (-\eta g) = -\eta\|g\|^2 + \frac{\eta^2}{2} g^T H g", VH),
    (r"1 - \frac{\mu}{L} = \frac{\kappa - 1}{\kappa}", _a(r"\kappa = L/\mu", r"\mu > 0", "L > 0")),
    (r"1 - \frac{2\lambda_{\min}}{\lambda_{\min}+\lambda_{\max}} = \frac{\lambda_{\max}-\lambda_{\min}}{\lambda_{\max}+\lambda_{\min}}",
     _a(r"\lambda_{\min} > 0", r"\lambda_{\max} > 0")),
    (r"\frac{2\lambda_{\max}}{\lambda_{\min}+\lambda_{\max}} - 1 = \frac{\lambda_{\max}-\lambda_{\min}}{\lambda_{\max}+\lambda_{\min}}",
     _a(r"\lambda_{\min} > 0", r"\lambda_{\max} > 0")),
    (r"(1 - \eta\lambda)^2 \le 1", _a(r"\eta > 0", r"\lambda > 0", r"\eta \le 2/\lambda")),
    (r"1 - \eta\lambda \le 1", _a(r"\eta > 0", r"\lambda > 0")),
    (r"\frac{L - \mu}{L + \mu} < 1", _a(r"\mu > 0", "L > 0")),
    (r"\frac{L - \mu}{L + \mu} \ge 0", _a(r"\mu > 0", "L > 0", r"\mu \le L")),
    (r"1 - \frac{\mu}{L} < 1", _a(r"\mu > 0", "L > 0")),
    (r"\frac{g^2}{2L} \ge 0", _a("L > 0")),
    (r"\left(1 - \frac{1}{\kappa}\right)^{T} = \left(\frac{\kappa - 1}{\kappa}\right)^T", _a(r"\kappa > 1", r"T \in \mathbb{N}")),
    (r"\frac{\eta}{2}(2 - \eta L) \ge 0", _a(r"\eta > 0", "L > 0", r"\eta \le 1/L")),
    (r"\frac{1}{2}\eta^2 L g^2 - \eta g^2 = -\eta g^2\left(1 - \frac{L\eta}{2}\right)", {}),
    # --- 003: convexity, descent lemma, rates, conditioning, preconditioning, Newton
    (r"t x + (1-t) y - y = t(x - y)", {}),
    (r"t x^2 + (1-t)y^2 - (tx + (1-t)y)^2 = t(1-t)(x-y)^2", {}),
    (r"(tx + (1-t)y)^2 \le t x^2 + (1-t) y^2", _a(r"t \ge 0", r"t \le 1")),
    (r"g\left(-\frac{g}{L}\right) + \frac{L}{2}\left(\frac{g}{L}\right)^2 = -\frac{g^2}{2L}", _a("L > 0")),
    (r"\langle g, -\frac{1}{L} g\rangle + \frac{L}{2}\|\frac{1}{L} g\|^2 = -\frac{1}{2L}\|g\|^2", _a("L > 0", **V)),
    (r"\eta - \frac{L}{2}\eta^2 = \frac{1}{2L} - \frac{L}{2}\left(\eta - \frac{1}{L}\right)^2", _a("L > 0")),
    (r"\eta - \frac{L}{2}\eta^2 \le \frac{1}{2L}", _a("L > 0")),
    (r"\frac{d}{d\eta}\left(\eta - \frac{L}{2}\eta^2\right) = 1 - L\eta", {}),
    (r"\|x - t g - z\|^2 = \|x - z\|^2 - 2t\langle g, x - z\rangle + t^2\|g\|^2", V),
    (r"\langle g, x - z\rangle - \frac{t}{2}\|g\|^2 = \frac{1}{2t}\left(\|x - z\|^2 - \|x - t g - z\|^2\right)",
     _a("t > 0", **V)),
    (r"f(x) + g(y - x) + \frac{L}{2}(y - x)^2 \ge f(x) - \frac{g^2}{2L}", _a("L > 0")),
    (r"\frac{26}{10} = 2.6", {}),
    (r"\kappa = 2.6", _a(r"\kappa = \frac{\lambda_{\max}}{\lambda_{\min}}", r"\lambda_{\max} = 26", r"\lambda_{\min} = 10")),
    (r"\frac{\partial}{\partial x}(5x^2 + 13y^2) = 10x", {}),
    (r"\frac{\partial}{\partial y}(5x^2 + 13y^2) = 26y", {}),
    (r"\frac{\partial}{\partial x}(10x) = 10", {}),
    (r"\frac{\partial}{\partial y}(10x) = 0", {}),
    (r"R(u_t - \alpha R^T g) = R u_t - \alpha R R^T g", VH),
    (r"x^T R R^T x = \|R^T x\|^2", VH),
    (r"(R R^T)^T = R R^T", VH),
    (r"(A B)^T = B^T A^T", VH),
    (r"g + H(x_t - H^{-1} g - x_t) = 0", VH),
    (r"x_t - (x_t - H^{-1}g) = H^{-1} g", VH),
    (r"\langle g, -H^{-1}g\rangle + \frac{1}{2}\langle -H^{-1}g, H(-H^{-1}g)\rangle = -\frac{1}{2} g^T H^{-1} g", VHS),
    (r"x^T H x - (x - y)^T H (x - y) = 2 y^T H x - y^T H y", VHS),
    (r"x^T H y = y^T H x", VHS),
    (r"\langle g, y - x\rangle + \frac{\mu}{2}\|y - x\|^2 = \frac{\mu}{2}\|y - x + \frac{1}{\mu}g\|^2 - \frac{1}{2\mu}\|g\|^2",
     _a(r"\mu > 0", **V)),
    # --- momentum, AdaGrad, RMSProp, Adam (003 and the optimizer catalogue)
    (r"x_t - \alpha g_t + \mu(x_t - x_{t-1}) = (1 + \mu)x_t - \mu x_{t-1} - \alpha g_t", {}),
    (r"x_t - \alpha(\gamma m_t + (1-\gamma) g_t) = x_t - \alpha\gamma m_t - \alpha(1-\gamma)g_t", {}),
    (r"x_t + \mu(x_t - x_{t-1}) - x_{t-1} = (1+\mu)(x_t - x_{t-1})", {}),
    (r"\theta_{t+1} - \theta_t = \mu(\theta_t - \theta_{t-1}) - \eta g_t",
     _a(r"\theta_{t+1} = \theta_t - \eta g_t + \mu(\theta_t - \theta_{t-1})")),
    (r"(1-\beta_1)(1 + \beta_1 + \beta_1^2) = 1 - \beta_1^3", {}),
    (r"(1-\beta_2)(\beta_2^2 + \beta_2 + 1) = 1 - \beta_2^3", {}),
    (r"(1-\beta)(1 + \beta + \beta^2 + \beta^3) = 1 - \beta^4", {}),
    (r"\frac{(1-\beta_1^t)\mu}{1-\beta_1^t} = \mu", _a(r"0 < \beta_1 < 1", r"t \in \mathbb{N}")),
    (r"\frac{m_t}{1-\beta_1^t} = \mu", _a(r"m_t = (1-\beta_1^t)\mu", r"0 < \beta_1 < 1", r"t \in \mathbb{N}")),
    (r"\beta_1 m + (1-\beta_1) g = m + (1-\beta_1)(g - m)", {}),
    (r"\beta v + (1-\beta) g^2 - v = (1-\beta)(g^2 - v)", {}),
    (r"\beta(\beta m_0 + (1-\beta)g_1) + (1-\beta)g_2 = \beta^2 m_0 + \beta(1-\beta)g_1 + (1-\beta)g_2", {}),
    (r"\frac{\eta}{\sqrt{\epsilon + G}} g \cdot \sqrt{\epsilon + G} = \eta g", _a(r"\epsilon > 0", r"G \ge 0")),
    (r"\frac{\eta}{\sqrt{v}}g = \eta g v^{-1/2}", _a("v > 0")),
    (r"\frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}(\sqrt{\hat{v}_t} + \epsilon) = \hat{m}_t",
     _a(r"\hat{v}_t \ge 0", r"\epsilon > 0")),
    (r"\mathbb{E}[X] + \mathbb{E}[Y] = \mathbb{E}[Y] + \mathbb{E}[X]", {}),
    (r"(1-\beta_1)\sum_{j=1}^{t} \beta_1^{t-j} \mu = \mu(1 - \beta_1^t)", _a(r"0 < \beta_1 < 1", r"t \in \mathbb{N}")),
    (r"(1-\beta_2)\sum_{j=0}^{t-1} \beta_2^{j} = 1 - \beta_2^t", _a(r"0 < \beta_2 < 1", r"t \in \mathbb{N}")),
    (r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}", _a(r"n \in \mathbb{N}")),
    (r"h^2 \tau(1 - \tau) > 0", _a(r"h \ne 0", r"0 < \tau < 1")),
    (r"\frac{1}{1-\beta} = 1 + \beta + \frac{\beta^2}{1-\beta}", _a(r"0 < \beta < 1")),
    (r"\frac{1}{1-\beta} = 1 + \beta + O(\beta^2)", {}),
    (r"\frac{1}{1-\beta} \ge 1 + \beta", _a(r"0 < \beta < 1")),
    (r"1 - \beta_2^t \le 1", _a(r"0 < \beta_2 < 1", r"t \in \mathbb{N}")),
    (r"\eta L \le 1", _a(r"\eta \le 1/L", "L > 0", r"\eta > 0")),
    # --- Taylor expansions and elementary identities the derivations rely on
    (r"\sqrt{1 + \eta} = 1 + \frac{\eta}{2} - \frac{\eta^2}{8} + O(\eta^3)", {}),
    (r"\log(1 + \eta) = \eta - \frac{\eta^2}{2} + O(\eta^3)", {}),
    (r"\frac{1}{1 + \eta\lambda} = 1 - \eta\lambda + \eta^2\lambda^2 + O(\eta^3)", {}),
    (r"e^{\eta} = 1 + \eta + \frac{\eta^2}{2} + O(\eta^3)", {}),
    (r"\sqrt{x^2} = |x|", {}),
    (r"\log(e^{x}) = x", {}),
    (r"e^{a}e^{b} = e^{a+b}", {}),
    (r"\log(\beta^t) = t\log\beta", _a(r"\beta > 0")),
    (r"\log(x y) = \log x + \log y", _a("x > 0", "y > 0")),
    (r"(a+b)^2 = a^2 + 2ab + b^2 \ge 4ab", {}),
    (r"(a-b)^2 = a^2 - 2ab + b^2", {}),
    (r"a^2 + b^2 \ge 2ab", {}),
    (r"\langle x, y\rangle = \langle y, x\rangle", V),
    (r"\langle x + y, z\rangle = \langle x, z\rangle + \langle y, z\rangle", V),
    (r"\|2x\|^2 = 4\|x\|^2", V),
    (r"\|x + y\|^2 + \|x - y\|^2 = 2\|x\|^2 + 2\|y\|^2", V),
    (r"(x - y)^T (x - y) = \|x - y\|^2", V),
    (r"\|x - y\|^2 = \|x\|^2 - 2\langle x, y\rangle + \|y\|^2", V),
    (r"\frac{1}{2}\theta^T H \theta + \frac{1}{2}\theta^T H \theta = \theta^T H \theta", {"vectors": ["theta"],
                                                                                     "matrices": ["H"]}),
]

# --------------------------------------------------------------------------- mutants


def mutants(latex: str) -> Iterator[tuple[str, str]]:
    """(kind, mutated LaTeX): coefficient, sign, exponent, swap, square."""
    toks = tokenize(latex)
    letters = sorted({t.text for t in toks if t.kind == "letter" and t.text not in "deO"})

    def edit(pos: int, length: int, new: str) -> str:
        return latex[:pos] + new + latex[pos + length :]

    for k, t in enumerate(toks):
        prev = toks[k - 1] if k else None
        if t.kind == "num" and not (prev is not None and prev.is_op("_")):
            if "." in t.text:
                yield "coefficient", edit(t.pos, len(t.text), str(Fraction(t.text) + Fraction(1, 10)).replace("/", "/"))
            else:
                yield "coefficient", edit(t.pos, len(t.text), str(int(t.text) + 1))
        elif t.is_op("+", "-") and not (prev is not None and prev.is_op("^", "_", "{")):
            yield "sign", edit(t.pos, 1, "-" if t.text == "+" else "+")
        elif t.is_op("^") and k + 1 < len(toks):
            nxt = toks[k + 1]
            if nxt.kind == "num":
                yield "exponent", edit(nxt.pos, 1, str(int(nxt.text[0]) + 1))
                if nxt.text == "2":
                    yield "square", edit(t.pos, 2, "")
            elif nxt.is_op("{") and latex[nxt.pos : nxt.pos + 3] == "{2}":
                yield "square", edit(t.pos, 4, "")
        elif t.kind == "letter" and t.text in letters and not (prev is not None and prev.is_op("_", "^")) and not (
                prev is not None and prev.kind == "cmd"):
            others = [x for x in letters if x != t.text]
            if others:
                yield "swap", edit(t.pos, 1, others[k % len(others)])


def pick_mutants(per_claim: int = 5, seed: int = 0) -> list[tuple[str, dict, str, str]]:
    """(mutant, kwargs, kind, original) with at most ``per_claim`` per true claim, kinds spread out."""
    rng = random.Random(seed)
    out = []
    for latex, kw in TRUE:
        found = [km for km in dict.fromkeys(mutants(latex)) if km[1] != latex]
        rng.shuffle(found)
        pools = {k: [m for kind, m in found if kind == k] for k in ("square", "exponent", "swap", "sign", "coefficient")}
        chosen: list[tuple[str, dict, str, str]] = []
        while len(chosen) < per_claim and any(pools.values()):  # round robin over the kinds, rarest first
            for kind, pool in pools.items():
                if pool and len(chosen) < per_claim:
                    chosen.append((pool.pop(), kw, kind, latex))
        out.extend(chosen)
    return out


# --------------------------------------------------------------------------- independent evaluation


def _poly(nargs: int, rng: random.Random) -> sp.Lambda:
    xs = sp.symbols(f"p0:{nargs}", real=True)
    terms = [sp.Integer(1), *xs, *(a * b for a in xs for b in xs), *(a**3 for a in xs)]
    return sp.Lambda(xs, sum(sp.Rational(rng.randint(-5, 5), rng.randint(1, 3)) * t for t in terms))


def _value(s: sp.Symbol, rng: random.Random) -> sp.Rational:
    if s.is_integer:
        return sp.Integer(rng.randint(0 if s.is_nonnegative else -3, 5) + (1 if s.is_positive else 0))
    v = sp.Rational(rng.randint(1, 12), rng.randint(1, 5))
    if s.is_positive or s.is_nonnegative:
        return v
    if s.is_negative or s.is_nonpositive:
        return -v
    return v * rng.choice([1, -1])


def _explicit(expr: Any) -> Any:
    if isinstance(expr, sp.Basic):
        expr = expr.doit()
    if isinstance(expr, MatrixExpr):
        expr = expr.as_explicit()
    if isinstance(expr, sp.MatrixBase) and expr.shape == (1, 1):
        expr = expr[0, 0]
    return expr


def _close_to_zero(v: Any) -> bool | None:
    """True/False when ``v`` certainly is / is not zero, None when it cannot be evaluated."""
    if isinstance(v, sp.MatrixBase):
        parts = [_close_to_zero(e) for e in v]
        if any(p is False for p in parts):
            return False
        return None if any(p is None for p in parts) else True
    v = sp.nsimplify(v) if isinstance(v, sp.Float) else v
    if v.is_Rational:
        return v == 0
    n = sp.N(v, 60)
    if not n.is_number or n.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not n.is_real:
        return None
    return bool(abs(n) < sp.Float("1e-40"))


def violated(claim: Claim, ctx: Context, values: dict, funcs: dict) -> bool | None:
    """Does the claim fail at these values (True), hold there (False), or cannot tell (None)?"""

    def ev(e: Any) -> Any:
        for f, lam in funcs.items():
            e = e.replace(f, lam)
        e = e.doit() if isinstance(e, sp.Basic) else e
        return _explicit(e.xreplace(values) if isinstance(e, sp.Basic) else e)

    for h in ctx.hypotheses:
        holds = h.xreplace(values)
        if holds is not sp.true:
            return None
    try:
        c = claim.normalized()
        if c.rel is Rel.APPROX:
            var, k = c.order
            vals = {s: v for s, v in values.items() if s != var}
            d = c.lhs - c.rhs
            for f, lam in funcs.items():
                d = d.replace(f, lam)
            d = _explicit(d.doit().xreplace(vals))
            if isinstance(d, sp.MatrixBase):
                return None
            series = sp.series(d, var, 0, k).removeO()
            z = _close_to_zero(sp.expand(series)) if not series.free_symbols - {var} else None
            if z is None:
                coeffs = [sp.diff(d, var, j).subs(var, 0) for j in range(k)]
                zs = [_close_to_zero(x) for x in coeffs]
                if any(x is False for x in zs):
                    return True
                return None if any(x is None for x in zs) else False
            return not z if series.free_symbols <= {var} else None
        lhs, rhs = ev(c.lhs), ev(c.rhs)
        if c.rel is Rel.EQ:
            z = _close_to_zero(sp.expand(lhs - rhs) if not isinstance(lhs, sp.MatrixBase) else lhs - rhs)
            return None if z is None else not z
        gap = sp.N(rhs - lhs, 60)
        if not gap.is_number or not gap.is_real:
            return None
        if abs(gap) < sp.Float("1e-40"):
            return c.rel is Rel.LT and (sp.nsimplify(rhs - lhs) == 0 if (rhs - lhs).is_Rational else None)
        return bool(gap < 0)
    except (ZeroDivisionError, ValueError, TypeError, NotImplementedError, AttributeError):
        return None


def sample_violation(claim: Claim, ctx: Context, trials: int = 60, seed: int = 1) -> dict | None:
    """Independent search for a violating point (own sampler, own evaluation): the values, or None."""
    rng = random.Random(seed)
    exprs = [claim.lhs, claim.rhs, *ctx.hypotheses]
    syms = set().union(*(e.free_symbols for e in exprs))
    mats = set().union(*(e.atoms(sp.MatrixSymbol) for e in exprs if isinstance(e, sp.Basic)))
    funcs = {type(f) for e in exprs for f in e.atoms(AppliedUndef)}
    shape = {s for m in mats for d in m.shape for s in sp.sympify(d).free_symbols}
    order_var = claim.order[0] if claim.order else None
    for trial in range(trials):
        n = 2 + trial % 2
        values = {s: _value(s, rng) for s in syms - shape - mats if isinstance(s, sp.Symbol) and s != order_var}
        values.update({s: sp.Integer(n) for s in shape})
        for m in mats:
            a = sp.Matrix(n, n if m.shape[1] != 1 else 1, lambda i, j: sp.Rational(rng.randint(-4, 4), rng.randint(1, 2)))
            if m.shape[1] != 1 and m in ctx.symmetric:
                a = a + a.T
            values[m] = sp.ImmutableMatrix(a)
        fvals = {}
        for f in funcs:
            nargs = next(len(a.args) for e in exprs for a in e.atoms(AppliedUndef) if type(a) is f)
            fvals[f] = _poly(nargs, rng)
        if violated(claim, ctx, values, fvals):
            return {str(k): v for k, v in values.items()}
    return None


def parse_counterexample(claim: Claim, ctx: Context, shown: dict[str, str]) -> tuple[dict, bool]:
    """The engine's counterexample as exact values (no sympify: rationals and nested lists only).

    Returns (values, complete): complete is False when it holds a function (not re-evaluated here)."""
    exprs = [claim.lhs, claim.rhs, *ctx.hypotheses]
    by_name = {str(s): s for e in exprs for s in e.free_symbols}
    by_name.update({str(m): m for e in exprs if isinstance(e, sp.Basic) for m in e.atoms(sp.MatrixSymbol)})
    values: dict = {}
    complete = True
    for name, text in shown.items():
        obj = by_name.get(name)
        if obj is None:
            complete = False
            continue
        if isinstance(obj, sp.MatrixSymbol):
            rows = re.findall(r"\[([^\[\]]*)\]", text)
            values[obj] = sp.ImmutableMatrix([[sp.Rational(x.strip()) for x in r.split(",")] for r in rows])
            for d in obj.shape:
                for s in sp.sympify(d).free_symbols:
                    values[s] = sp.Integer(len(rows))
        elif re.fullmatch(r"-?\d+(/\d+)?", text):
            values[obj] = sp.Rational(text)
        else:
            complete = False
    return values, complete


_TERM = re.compile(r"(?P<num>\d+)?\*?(?P<var>_a0(\*\*(?P<pow>\d+))?)?(/(?P<den>\d+))?")


def parse_polynomial(text: str) -> sp.Lambda | None:
    """``(_a0) -> -3*_a0**3 + _a0/2 - 5/3`` as a Lambda, read term by term (no sympify); None otherwise."""
    m = re.fullmatch(r"\(_a0\) -> (.*)", text)
    if m is None:
        return None
    a = sp.Symbol("a0", real=True)
    total = sp.Integer(0)
    for sign, term in re.findall(r"(^-|[+-]|^)\s*([^+\s-][^+-]*?)\s*(?=[+-]|$)", m.group(1).strip()):
        t = _TERM.fullmatch(term.strip())
        if t is None or not (t.group("num") or t.group("var")):
            return None
        value = sp.Integer(t.group("num") or 1) / sp.Integer(t.group("den") or 1)
        if t.group("var"):
            value *= a ** int(t.group("pow") or 1)
        total += -value if sign == "-" else value
    return sp.Lambda((a,), total)


def confirm_refutation(claim: Claim, ctx: Context, shown: dict[str, str]) -> bool | None:
    """Does the engine's counterexample really violate the claim (None: it names a function)?"""
    values, complete = parse_counterexample(claim, ctx, shown)
    funcs = {}
    exprs = [claim.lhs, claim.rhs]
    for f in {type(a) for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(AppliedUndef)}:
        lam = parse_polynomial(shown.get(f.__name__, ""))
        if lam is None:
            return None
        funcs[f] = lam
    if not complete and not funcs:
        return None
    needed = {s for s in claim.free_symbols() if not (claim.order and s == claim.order[0])}
    needed |= {m for e in (claim.lhs, claim.rhs) if isinstance(e, sp.Basic) for m in e.atoms(sp.MatrixSymbol)}
    for h in ctx.hypotheses:
        needed |= h.free_symbols
    if any(isinstance(s, sp.Symbol) and s not in values for s in needed):
        return False
    for s, v in values.items():  # the point respects the sign assumptions of the symbols
        if isinstance(s, sp.Symbol) and not isinstance(v, sp.MatrixBase):
            if (s.is_positive and not v > 0) or (s.is_nonnegative and not v >= 0) or (s.is_integer and not v.is_integer):
                return False
    return bool(violated(claim, ctx, values, funcs))


__all__ = ["TRUE", "BadInput", "confirm_refutation", "mutants", "pick_mutants", "sample_violation", "violated"]
