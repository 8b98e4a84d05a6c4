"""Intervals propagated along linear hypotheses: where each symbol not drawn yet can lie, given those drawn.

In 1 < s1 <= s2 < s3 <= s4 <= 3/2 every s_i lies in [1, 3/2] (s2 and s1 strictly below 3/2, s3 and s4 strictly
above 1); drawing s4 and then s3 from their own hypotheses alone would often leave no room for s1.  Each linear
hypothesis sum a_v v + c >= 0 (> 0, = 0) with rational coefficients bounds each of its symbols by the others'
interval ends, and the rounds repeat until a chain is covered.  Other hypotheses are ignored.  The result only
guides :mod:`symgd.decide.bounds`: nothing is concluded from it, every point is re-checked exactly.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

__all__ = ["End", "Linear", "linear_form", "propagate", "sign_box"]

Linear = tuple[dict, Fraction]  # ({symbol: a_v}, c) for sum a_v v + c
End = tuple[Fraction, bool] | None  # (value, strict) or None for unbounded


def linear_form(gap: sp.Expr, free: set) -> Linear | None:
    """``gap`` as sum a_v v + c with rational a_v and c, or None (1/L, products, matrices, functions)."""
    gens = sorted(free, key=sp.default_sort_key)
    try:
        p = sp.Poly(gap, *gens) if gens else None
    except (sp.PolynomialError, TypeError, ValueError, NotImplementedError):
        return None
    if p is None or p.total_degree() > 1:
        return None
    coeffs, const = {}, Fraction(0)
    for monom, a in p.terms():
        if not a.is_Rational:
            return None
        if sum(monom) == 0:
            const = Fraction(int(a.p), int(a.q))
        else:
            coeffs[gens[monom.index(1)]] = Fraction(int(a.p), int(a.q))
    return coeffs, const


def sign_box(v: sp.Symbol) -> list[End]:
    lo = (Fraction(0), bool(v.is_positive)) if v.is_nonnegative else None
    hi = (Fraction(0), bool(v.is_negative)) if v.is_nonpositive else None
    return [lo, hi]


def propagate(hypotheses: list[tuple[Linear, str]], left: list, values: dict) -> dict[sp.Symbol, list[End]]:
    """[lower end, upper end] of each symbol in ``left`` from ``hypotheses`` ((linear form, kind) with kind "le",
    "lt" or "eq"), with the symbols in ``values`` at their (rational) values."""
    box = {v: sign_box(v) for v in left}
    forms = []  # (coefficients of the symbols left, constant, strict): sum a_v v + c >= 0, or > 0
    for (coeffs, const), kind in hypotheses:
        rest = {}
        for v, a in coeffs.items():
            x = values.get(v)
            if v in box:
                rest[v] = a
            elif x is not None and sp.sympify(x).is_Rational:
                const += a * Fraction(int(x.p), int(x.q))
            else:
                break
        else:
            if rest:
                forms.append((rest, const, kind == "lt"))
                if kind == "eq":
                    forms.append(({v: -a for v, a in rest.items()}, -const, False))
    for _ in range(len(left) + 1):  # a chain of k links needs k rounds
        for rest, const, strict in forms:
            for v, a in rest.items():
                total, st = -const, strict  # a v >= -c - sum_{w != v} a_w w >= -c - sum sup(a_w w)
                for w, b in ((w, b) for w, b in rest.items() if w != v):
                    end = box[w][1] if b > 0 else box[w][0]
                    if end is None:
                        break
                    total, st = total - b * end[0], st or end[1]
                else:
                    side = 0 if a > 0 else 1
                    new, old = (total / a, st), box[v][side]
                    if old is None or (new[0] > old[0] if side == 0 else new[0] < old[0]) or (
                            new[0] == old[0] and st and not old[1]):
                        box[v][side] = new
    return box
