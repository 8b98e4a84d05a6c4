"""The modified equation of gradient descent to any order, dimension-free, with exact rational coefficients.

Result.  One GD step theta - eta g is explicit Euler with step h = eta on f = -grad L.  Its modified field
f~ = f_0 + eta f_1 + ... + eta^K f_K (whose exact flow for time eta reproduces the step up to
O(eta^(K+2))) has, by :func:`symgd.bea.bseries.modified_coefficients`,
f_k = sum_{|t| = k+1} b(t)/sigma(t) F(t) = sum_{|t| = k+1} (-1)^(k+1) b(t)/sigma(t) G(t),
where G(t) are the elementary differentials of L in gradient language (g, Hg, D^3L[g,g], ...).  The first ones:
  f_0 = -g,  f_1 = -(1/2) Hg,  f_2 = -(1/3) H^2 g - (1/12) D^3L[g,g],
  f_3 = -(1/4) H^3 g - (1/12) H D^3L[g,g] - (1/12) D^3L[Hg,g].

Assumptions.  L smooth (analytic for the series to make sense beyond a truncation); eta the step.

Reference.  Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), IX.1 and IX.9; Barrett and
Dherin, Implicit Gradient Regularization (ICLR 2021) for the first order; document 001.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from symgd.bea.bseries import euler, modified_coefficients
from symgd.bea.differentials import DifferentialEvaluator, differential_latex, differential_name
from symgd.bea.trees import RootedTree, Tree, order, symmetry, trees

__all__ = ["MAX_ORDER", "ModifiedEquation", "Term", "gd_modified_equation"]

MAX_ORDER = 12  # f_12: 12486 trees, ~10 s on the 2-core machine (f_10: ~1 s); refuse beyond


@dataclass(frozen=True)
class Term:
    """coefficient * G(tree): one term of f_k in gradient language."""

    coefficient: Fraction | sp.Expr  # a SymPy expression in the hyperparameters for rules with state
    tree: RootedTree

    @property
    def name(self) -> str:
        return differential_name(self.tree.nested)

    @property
    def latex_name(self) -> str:
        return differential_latex(self.tree.nested)


@dataclass(frozen=True)
class ModifiedEquation:
    """f~ = sum_k eta^k f_k with f_k = sum of its terms (coefficients exact; trees of k + 1 nodes).

    ``terms[k]`` lists the nonzero terms of f_k; ``trees_per_order[k]`` is how many trees of order k + 1
    there are (the terms with coefficient zero are left out)."""

    rule: str
    order: int
    terms: tuple[tuple[Term, ...], ...]
    trees_per_order: tuple[int, ...]
    convention: str = "f~ = sum_k eta^k f_k, f_k in gradient language (g = grad L, H = grad^2 L, D^kL)"

    def field(self, loss: sp.Expr, coords: Sequence[sp.Symbol], upto: int | None = None) -> list[sp.ImmutableMatrix]:
        """f_0, ..., f_upto as explicit column vectors for ``loss`` (concrete, or undefined like L(x1, x2))."""
        ev = DifferentialEvaluator(loss, coords)
        out = []
        for k in range(min(self.order, self.order if upto is None else upto) + 1):
            v = sp.ImmutableMatrix.zeros(len(coords), 1)
            for term in self.terms[k]:
                c = term.coefficient
                c = sp.Rational(c.numerator, c.denominator) if isinstance(c, Fraction) else c
                v = v + c * ev(term.tree.nested)
            out.append(v)
        return out

    def total_field(self, loss: sp.Expr, coords: Sequence[sp.Symbol], eta: sp.Symbol) -> sp.ImmutableMatrix:
        """f_0 + eta f_1 + ... + eta^K f_K for ``loss``."""
        fs = self.field(loss, coords)
        return sp.ImmutableMatrix(sum((eta**k * f for k, f in enumerate(fs)), sp.ImmutableMatrix.zeros(len(coords), 1)))

    # --- plain renderings (strings; the app formats them) ---------------------------------------------
    def order_text(self, k: int) -> str:
        return _join([(t.coefficient, t.name) for t in self.terms[k]], _frac_text)

    def order_latex(self, k: int) -> str:
        return _join([(t.coefficient, t.latex_name) for t in self.terms[k]], _frac_latex)

    def text(self) -> str:
        lines = [f"modified equation of {self.rule} to order {self.order}: theta' = f_0 + eta f_1 + ... "
                 f"+ eta^{self.order} f_{self.order}"]
        lines += [f"f_{k} = {self.order_text(k)}" for k in range(self.order + 1)]
        return "\n".join(lines)

    def latex(self) -> str:
        body = " \\\\\n".join(f"f_{{{k}}} &= {self.order_latex(k)}" for k in range(self.order + 1))
        return "\\begin{aligned}\n" + body + "\n\\end{aligned}"

    def markdown(self) -> str:
        rows = ["| order | trees | terms | f_k |", "|---|---|---|---|"]
        rows += [f"| {k} | {self.trees_per_order[k]} | {len(self.terms[k])} | ${self.order_latex(k)}$ |"
                 for k in range(self.order + 1)]
        return (f"Modified equation of `{self.rule}`: $\\dot\\theta = \\sum_k \\eta^k f_k$ (gradient language: "
                "$g = \\nabla L$, $H = \\nabla^2 L$).\n\n" + "\n".join(rows))

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "order": self.order,
            "convention": self.convention,
            "orders": [
                {"k": k, "trees": self.trees_per_order[k],
                 "terms": [{"coefficient": str(t.coefficient) if isinstance(t.coefficient, Fraction) else sp.sstr(t.coefficient), "tree": list(t.tree.levels), "bracket": str(t.tree),
                            "differential": t.name, "latex": t.latex_name} for t in self.terms[k]]}
                for k in range(self.order + 1)
            ],
        }


def _frac_text(c) -> str:
    if isinstance(c, Fraction):
        return str(c)
    num, den = sp.Integer(1), None
    if isinstance(c, sp.Pow) and c.exp == -1:
        den = c.base
    elif isinstance(c, sp.Mul) and len(c.args) == 2 and isinstance(c.args[1], sp.Pow) and c.args[1].exp == -1:
        num, den = c.args[0], c.args[1].base
    if den is None:
        return f"({sp.sstr(c)})"
    wrap = lambda e: sp.sstr(e) if e.is_Atom else f"({sp.sstr(e)})"  # noqa: E731
    return f"({wrap(num)}/{wrap(den)})"


def _frac_latex(c) -> str:
    if not isinstance(c, Fraction):
        return f"\\left({sp.latex(c)}\\right)"
    return str(c.numerator) if c.denominator == 1 else f"\\frac{{{c.numerator}}}{{{c.denominator}}}"


def _sign_and_magnitude(c) -> tuple[int, object]:
    """(sign, |c|) for a Fraction; for a SymPy coefficient in hyperparameters in [0, 1), the sign it has near 0
    with denominators written as (1 - x)^k (so -1/(1 - mu) rather than 1/(mu - 1))."""
    if isinstance(c, Fraction):
        return (-1 if c < 0 else 1), abs(c)
    coeff, rest = sp.factor(c).as_coeff_Mul()
    sign = -1 if coeff < 0 else 1
    num, den = sp.fraction(rest)
    factors = []
    for f in sp.Mul.make_args(den):
        base, e = f.as_base_exp()
        if isinstance(base, sp.Add) and base.subs(dict.fromkeys(base.free_symbols, 0)) < 0:
            base, sign = -base, sign * (-1) ** int(e)
        factors.append(sp.Pow(base, e, evaluate=False) if e != 1 else base)
    if num.could_extract_minus_sign():
        num, sign = -num, -sign
    content, prim = num.as_content_primitive()  # keep (mu + 1)/(2 (1 - mu)^3), not (mu/2 + 1/2)/(1 - mu)^3
    r = abs(coeff) * content
    top = prim if r.p == 1 else sp.Mul(r.p, prim, evaluate=False)
    bottom = sp.Mul(*([r.q] if r.q != 1 else []), *factors, evaluate=False)
    if bottom == 1:
        return sign, top
    if top == 1:
        return sign, sp.Pow(bottom, -1, evaluate=False)
    return sign, sp.Mul(top, sp.Pow(bottom, -1, evaluate=False), evaluate=False)


def _join(pairs: list[tuple[object, str]], fmt) -> str:
    if not pairs:
        return "0"
    out = ""
    for i, (c, name) in enumerate(pairs):
        sgn, mag = _sign_and_magnitude(c)
        sign = "-" if sgn < 0 else ("" if i == 0 else "+")
        coef = "" if mag == 1 else fmt(mag) + " "
        out += (f" {sign} " if i else sign) + coef + name
    return out.strip()


def gd_modified_equation(order: int, rule_name: str = "gd") -> ModifiedEquation:
    """The modified equation of GD (explicit Euler on -grad L) through eta^order, from the B-series."""
    b = modified_coefficients(euler, order + 1)
    per_order: list[tuple[Term, ...]] = []
    counts = []
    for k in range(order + 1):
        ts = trees(k + 1)
        counts.append(len(ts))
        terms = []
        for t in ts:
            c = _gradient_coefficient(t, b[t])
            if c:
                terms.append(Term(c, RootedTree(t)))
        per_order.append(tuple(terms))
    return ModifiedEquation(rule_name, order, tuple(per_order), tuple(counts))


def _gradient_coefficient(t: Tree, b: Fraction) -> Fraction:
    """From b(t)/sigma(t) F(t) to gradient language: F(t) = (-1)^|t| G(t)."""
    c = b / symmetry(t)
    return c if order(t) % 2 == 0 else -c
