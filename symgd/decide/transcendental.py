"""Signs of expressions with exp, log, sin and cos: exact equivalences, then a relaxation to real arithmetic.

``E >= 0`` (``> 0``) for an expression E outside real arithmetic, by rules that each keep the sign exactly or
relax soundly (a proof of the relaxed claim is a proof of E's):

* a quotient: the sign of the numerator when the denominator is proved > 0; a product: every factor >= 0;
* *log elimination*: ``R + c log A`` (c free of the log and proved > 0 or < 0, A proved > 0) has the sign of
  ``A - exp(-R/c)`` (c > 0) or of ``exp(R/|c|) - A`` (c < 0): log is the increasing inverse of exp on A > 0;
* *exp comparison*: ``P (exp(A) - exp(B))`` with P proved >= 0 has the sign of ``P (A - B)`` (exp is increasing);
  a constant term k counts as ``k exp(0)``;
* *relaxation*: each ``exp(A)`` becomes a variable v > 0 and ``sin(A)``, ``cos(A)`` variables s, c in [-1, 1] with
  ``s^2 + c^2 = 1``; if the result is real arithmetic, z3 proves it for every such value (``1 - cos x >= 0``);
  failing that, once the engine has proved the lemma e^x >= 1 + x (:mod:`symgd.decide.lemmas`, never while a
  lemma is being proved), ``v >= 1 + A`` joins the facts (the harmonic step ``T e^(-1/T) >= T - 1``).

Used by :func:`symgd.decide.monotone.nonnegative` for the derivative-sign argument and by the methods after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel

__all__ = ["nonnegative", "relaxed", "tangent_lemma"]

_DEPTH = 2
_REWRITE_OPS = 30
_FUNCS = (sp.exp, sp.log, sp.sin, sp.cos)


def relaxed(expr: Any, tangent: bool = False) -> tuple[Any, list] | None:
    """expr with exp, sin, cos replaced by bounded variables and the facts they satisfy, or None (a log left, or no
    such function).  With ``tangent``, ``exp(B) >= 1 + B`` joins the facts (the lemma the engine proved)."""
    expr = sp.sympify(expr)
    if expr.has(sp.log):
        return None
    table, facts = {}, []
    for a in sorted(expr.atoms(sp.exp, sp.sin, sp.cos), key=sp.default_sort_key):
        k, base = a.args[0].as_coeff_Mul() if isinstance(a, sp.exp) else (sp.S.One, a.args[0])
        if not (k.is_Integer and k != 0):  # exp(2y) = exp(y)^2, exp(-y) = exp(y)^-1: one variable for exp(y)
            k, base = sp.S.One, a.args[0]
        if base.is_real is not True and not all(s.is_real for s in base.free_symbols):
            return None
        key = type(a)(base, evaluate=False)
        if key not in table:
            table[key] = sp.Dummy(type(a).__name__, real=True)
            facts += [table[key] > 0] if isinstance(a, sp.exp) else [table[key] >= -1, table[key] <= 1]
        table[a] = table[key] ** k
        if tangent and isinstance(a, sp.exp):
            facts.append(table[a] >= 1 + a.args[0])
    if not table:
        return None
    atoms = [a for a in table if isinstance(a, (sp.sin, sp.cos))]
    for a in atoms:  # sin^2 + cos^2 = 1 for a shared argument
        if isinstance(a, sp.sin) and sp.cos(a.args[0]) in table:
            facts.append(sp.Eq(table[a] ** 2 + table[sp.cos(a.args[0])] ** 2, 1))
    out = expr.xreplace(table)
    if out.has(*_FUNCS):
        return None  # nested: exp(exp(x)) keeps an exp inside
    return out, facts


def _facts_text(expr: Any, tangent: bool = False) -> str:
    parts = []
    if expr.has(sp.exp):
        parts.append("exp(B) >= 1 + B (a lemma proved by the engine)" if tangent else "exp > 0")
    if expr.has(sp.sin, sp.cos):
        parts.append("|sin|, |cos| <= 1")
    return ", ".join(parts)


# May the tangent e^x >= 1 + x be used here?  symgd.decide.lemmas sets this to "proved by the engine in this process,
# and no lemma is being proved" (a hook rather than an import: lemmas already imports the monotonicity method).
tangent_lemma: Callable[[], bool] = lambda: False  # noqa: E731


def _tangent_proved() -> bool:
    return tangent_lemma()


_ASKED: dict = {}  # z3's answers in this process (the rules ask the same sign again and again)


def _nra(expr: Any, ctx: Context, strict: bool) -> str | None:
    from symgd.decide import nra

    if not nra._real_arithmetic(expr):
        return None
    key = (expr, ctx.hypotheses, strict)
    if key not in _ASKED:
        if len(_ASKED) > 2000:
            _ASKED.clear()
        _ASKED[key] = nra.prove(Claim(0, Rel.LT if strict else Rel.LE, expr), ctx, timeout=nra.Z3_TIMEOUT)
    return _ASKED[key]


def _real_valued(expr: Any, ctx: Context) -> bool:
    """Is expr real wherever the hypotheses hold?  Real symbols only, every log's argument proved > 0 and every
    root's base proved >= 0 (sin(sqrt(x)) at x < 0 is sinh times i, not a number in [-1, 1])."""
    if not all(s.is_real for s in expr.free_symbols):
        return False
    for e in expr.atoms(sp.log, sp.Pow):
        if isinstance(e, sp.log):
            if not nonnegative(e.args[0], ctx, True):
                return False
        elif not e.exp.is_Integer and e.base.is_positive is not True and not (
                e.exp.is_Rational and nonnegative(e.base, ctx, False)):
            if e.base != sp.E:
                return False
    return not expr.atoms(sp.Function) - expr.atoms(*_FUNCS)


def nonnegative(expr: Any, ctx: Context, strict: bool = False, depth: int = _DEPTH) -> str | None:
    """How ``expr >= 0`` (> 0) follows by the rules above, or None."""
    expr = sp.sympify(expr)
    if (expr.is_positive if strict else expr.is_nonnegative) is True:
        return "sign from the assumptions"
    if not expr.has(*_FUNCS):
        return _nra(expr, ctx, strict)
    if depth == _DEPTH and not _real_valued(expr, ctx):
        return None
    if depth < 0 or sp.count_ops(expr) > 60:
        return None
    r = relaxed(expr)
    if r is not None:
        m = _nra(r[0], Context((*ctx.hypotheses, *r[1])), strict)
        if m:
            return f"{_facts_text(expr)}: {m}"
        if expr.has(sp.exp) and _tangent_proved():
            r = relaxed(expr, tangent=True)
            m = _nra(r[0], Context((*ctx.hypotheses, *r[1])), strict) if r else None
            if m:
                return f"{_facts_text(expr, tangent=True)}: {m}"
    if sp.count_ops(expr) > _REWRITE_OPS:
        return None  # the rewrites below cost seconds on long expressions (the derivative argument may still work)
    num, den = sp.fraction(sp.together(expr))
    if den != 1:
        if not nonnegative(den, ctx, True, depth - 1):
            return None
        m = nonnegative(num, ctx, strict, depth)
        return f"positive denominator, numerator: {m}" if m else None
    coeff, factors = sp.factor_terms(num).as_coeff_mul()
    if coeff < 0 or (strict and coeff == 0):
        return None
    if len(factors) > 1:
        found = [nonnegative(f, ctx, strict, depth - 1) for f in factors]
        return "factors: " + "; ".join(found) if all(found) else None  # type: ignore[arg-type]
    (f,) = factors or (sp.S.One,)
    for rewrite in (_log_eliminated, _exp_compared):
        for new, why in rewrite(f, ctx, depth):
            m = nonnegative(new, ctx, strict, depth - 1)
            if m:
                return f"{why}: {m}"
    return None


def _expand(e: Any) -> Any:
    """Products expanded, exp(a + b) kept whole."""
    return sp.expand(e, power_exp=False, log=False)


def _log_eliminated(f: Any, ctx: Context, depth: int) -> list[tuple[Any, str]]:
    out = []
    for L in sorted(f.atoms(sp.log), key=sp.default_sort_key):
        A = L.args[0]
        if not A.free_symbols:
            continue
        mark = sp.Dummy("L")
        g = f.xreplace({L: mark})
        c = sp.diff(g, mark)
        if c.has(mark, sp.log, sp.exp) or c == 0 or c.is_real is False:
            continue
        positive = c.is_positive or (not c.is_number and nonnegative(c, ctx, True, depth - 1) is not None)
        if not positive and not (c.is_negative or (not c.is_number and nonnegative(-c, ctx, True, depth - 1))):
            continue
        R = sp.sympify(g.xreplace({mark: sp.S.Zero}))
        if R.has(L) or not nonnegative(A, ctx, True, depth - 1):
            continue
        if not all(nonnegative(o.args[0], ctx, True, depth - 1) for o in R.atoms(sp.log)):
            continue  # every other log real: R is real
        new = A - sp.exp(sp.expand(-R / c)) if positive else sp.exp(sp.expand(R / -c)) - A
        out.append((_expand(new), f"log is increasing (log({A}) eliminated)"))
    return out


def _exp_compared(f: Any, ctx: Context, depth: int) -> list[tuple[Any, str]]:
    terms = sp.Add.make_args(_expand(f))
    if len(terms) != 2:
        return []
    parts = []
    for term in terms:
        exps = [a for a in sp.Mul.make_args(term) if isinstance(a, sp.exp)]
        arg = sp.Add(*[a.args[0] for a in exps])  # exp(a) exp(b) = exp(a + b)
        coeff = sp.Mul(*[a for a in sp.Mul.make_args(term) if not isinstance(a, sp.exp)])
        if coeff.has(sp.exp, sp.log):
            return []
        parts.append((coeff, arg))
    (c1, a1), (c2, a2) = parts
    if sp.simplify(c1 + c2) != 0:
        return []
    if nonnegative(c1, ctx, False, depth - 1):
        return [(c1 * (a1 - a2), "exp is increasing")]
    if nonnegative(c2, ctx, False, depth - 1):
        return [(c2 * (a2 - a1), "exp is increasing")]
    return []
