"""Real arithmetic decided by z3's nlsat: polynomial, rational and root claims, with exact counterexamples.

The claim, the sign assumptions of its symbols and the context's hypotheses are translated into
nonlinear real arithmetic (QF_NRA).  What is not polynomial is lifted with auxiliary variables and
constraints that define it uniquely: ``1/b`` is q with ``b q = 1`` (so b != 0), ``b**(p/q)`` is ``r**p`` with
``r >= 0, r**q = b`` (SymPy's principal root is real only for b >= 0), ``|e|``, ``max``, ``min`` and
``Piecewise`` become if-then-else terms.  Anything else (transcendental functions, symbolic exponents,
undefined functions, matrices, sums, floats) is refused: the module answers None.

Domain convention: an inequality is checked where both sides (and the hypotheses) are real and defined —
the domain conditions (b != 0, b >= 0 under a root) join the hypotheses, and the method text says so.  An
equality is checked where both sides are defined (b != 0, as the engine's ladder does), but a root of a base
that may be negative is a complex value in SymPy, not an undefined one (sqrt(x y) = sqrt(x) sqrt(y) fails at
x = y = -1), so such an equality is proved only when z3 shows every radicand >= 0 wherever the hypotheses hold and
both sides are defined (asked with the roots as free unknowns).  A claim whose hypotheses and domain are
inconsistent is not proved (vacuous truth is not reported).

Vectors and matrices: a claim about vectors (norms, inner products, a positive definite P) is decided in
coordinates (:mod:`symgd.decide.coordinates`, exact by rotation invariance); otherwise its 1 x 1 forms become
real unknowns (:mod:`symgd.decide.forms`, a relaxation that proves and never refutes).  The table has three rows
of this module: :class:`Kinked` (|.|, max, roots, norms; z3 briefly before the zero test and the sign
certificates, which are slow on them), :class:`Quick` (inequalities, z3 briefly before the SDP of sums of squares)
and :class:`RealArithmetic` (the full budget).

Integer symbols are relaxed to reals (a positive integer to a real >= 1): a proof for every real is a
proof for every integer; a model is only a candidate.  A counterexample is reported only after SymPy has
re-checked, independently of the translation, that its exact rational values satisfy every assumption and
hypothesis and violate the claim.  z3 is imported lazily (``import symgd`` stays fast).
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide.coordinates import Refused, has_vectors, in_coordinates
from symgd.decide.forms import as_unknowns

__all__ = ["METHOD", "Kinked", "Quick", "RealArithmetic", "Refused", "counterexample", "in_coordinates", "known_false",
           "points", "prove", "recheck", "remember_false", "translate"]

METHOD = "real arithmetic decision (z3 nlsat)"
DOMAIN_NOTE = "on the domain where both sides are real and defined"
_FLAGS = ("positive", "nonnegative", "negative", "nonpositive", "nonzero", "zero", "integer", "even", "odd",
          "prime", "composite", "rational", "noninteger", "irrational")
_TOL = sp.Float("1e-30", 60)


class _Translation:
    """The z3 image of a claim: variables for its symbols, premises (assumptions, hypotheses, domain and
    definitions of auxiliary variables) and the negated claim."""

    def __init__(self, z3: Any, free_roots: bool = False, free_inverses: bool = False):
        self.z3 = z3
        self.vars: dict[sp.Symbol, Any] = {}
        self.premises: list = []
        self.domain = False  # did a denominator or a Piecewise restrict the domain?
        self.real_domain = False  # did a root (real only for a base >= 0) restrict it?
        self.radicands: list = []  # the bases of those roots
        self.free_roots = free_roots  # roots as unconstrained unknowns (to ask where a radicand can be < 0)
        self.free_inverses = free_inverses  # likewise 1/d (to ask where a denominator can vanish)
        self.denominators: list = []  # the denominators not known to be nonzero
        self.cases = False  # did a Piecewise restrict the domain?
        self._cache: dict = {}
        self._aux = 0

    def fresh(self) -> Any:
        self._aux += 1
        return self.z3.Real(f"_aux{self._aux}")

    def symbol(self, s: sp.Symbol) -> Any:
        if s in self.vars:
            return self.vars[s]
        if s.is_real is not True:  # an inequality between complex numbers means nothing; x**2 >= 0 fails at i
            raise Refused(f"{s} is not known to be real")
        v = self.z3.Real(f"{s.name}#{len(self.vars)}")  # unique: x and a positive x are different symbols
        self.vars[s] = v
        lo = 1 if s.is_integer else 0  # a positive integer is >= 1 (sound relaxation of integrality)
        if s.is_positive:
            self.premises.append(v >= lo if s.is_integer else v > 0)
        elif s.is_nonnegative:
            self.premises.append(v >= 0)
        if s.is_negative:
            self.premises.append(v <= -lo if s.is_integer else v < 0)
        elif s.is_nonpositive:
            self.premises.append(v <= 0)
        if s.is_zero:
            self.premises.append(v == 0)
        elif s.is_nonzero:
            self.premises.append(v != 0)
        return v

    def expr(self, e: Any) -> Any:
        key = e
        if key in self._cache:
            return self._cache[key]
        out = self._expr(e)
        self._cache[key] = out
        return out

    def _expr(self, e: Any) -> Any:
        z3 = self.z3
        if not isinstance(e, sp.Expr) or is_matrix(e):
            raise Refused(f"not a real expression: {type(e).__name__}")
        if isinstance(e, sp.Symbol):
            return self.symbol(e)
        if e.is_Rational:
            return z3.RealVal(f"{e.p}/{e.q}")
        if isinstance(e, sp.Add):
            return z3.Sum([self.expr(a) for a in e.args])
        if isinstance(e, sp.Mul):
            return z3.Product([self.expr(a) for a in e.args])
        if isinstance(e, sp.Pow):
            return self._pow(e.base, e.exp)
        if isinstance(e, sp.Abs):
            a = self.expr(e.args[0])
            return z3.If(a >= 0, a, -a)
        if isinstance(e, (sp.Max, sp.Min)):
            args = [self.expr(a) for a in e.args]
            out = args[0]
            for a in args[1:]:
                out = z3.If(a > out, a, out) if isinstance(e, sp.Max) else z3.If(a < out, a, out)
            return out
        if isinstance(e, sp.Piecewise):
            for s in sorted(e.free_symbols, key=sp.default_sort_key):  # their signs hold everywhere, not per branch
                self.symbol(s)
            before = len(self.premises)
            conds = [self.boolean(c) for _, c in e.args]
            out = None
            for (val, _), c in reversed(list(zip(e.args, conds, strict=True))):
                v = self.expr(val)
                out = v if out is None else z3.If(c, v, out)
            if len(self.premises) > before:
                # a root or a denominator in a branch is defined only where its branch is taken; its definition
                # as a global constraint would drop the other branches' points (Piecewise((sqrt(x), x >= 0), (-1,
                # True)) >= 0 would be "proved")
                raise Refused("roots or denominators inside a Piecewise")
            if e.args[-1][1] is not sp.true:  # undefined where no condition holds
                self.premises.append(z3.Or(*conds))
                self.domain = self.cases = True
            return out
        if isinstance(e, sp.sign):
            a = self.expr(e.args[0])
            return z3.If(a > 0, z3.RealVal(1), z3.If(a < 0, z3.RealVal(-1), z3.RealVal(0)))
        raise Refused(f"outside real arithmetic: {type(e).__name__}")

    def _power(self, b: Any, n: int) -> Any:
        """b**n for an integer n >= 1 by repeated squaring (z3 shares the common subterms)."""
        out, sq = None, b
        while n:
            if n & 1:
                out = sq if out is None else out * sq
            n >>= 1
            if n:
                sq = sq * sq
        return out

    def _inverse(self, d: Any, base: sp.Expr) -> Any:
        q = self.fresh()
        if not self.free_inverses:
            self.premises.append(d * q == 1)  # defines q = 1/d and puts d != 0 in the domain
        if base.is_nonzero is not True:
            self.domain = True
            self.denominators.append(d)
        return q

    def _pow(self, base: sp.Expr, exp: sp.Expr) -> Any:
        if not exp.is_Rational:
            raise Refused(f"symbolic or irrational exponent {exp}")
        if exp.q > 200 or abs(exp.p) > 200:
            raise Refused(f"exponent {exp} too large")
        b = self.expr(base)
        if exp.q != 1:  # principal root: real only for base >= 0
            r = self.fresh()
            if not self.free_roots:
                self.premises += [r >= 0, self._power(r, exp.q) == b]
            if base.is_nonnegative is not True:
                self.real_domain = True
                self.radicands.append(b)
            b, p = r, exp.p
        else:
            p = exp.p
        if p == 0:
            return self.z3.RealVal(1)
        power = self._power(b, abs(p))
        return power if p > 0 else self._inverse(power, base)

    def boolean(self, r: Any) -> Any:
        z3 = self.z3
        if r is sp.true:
            return z3.BoolVal(True)
        if r is sp.false:
            return z3.BoolVal(False)
        if isinstance(r, sp.And):
            return z3.And(*[self.boolean(a) for a in r.args])
        if isinstance(r, sp.Or):
            return z3.Or(*[self.boolean(a) for a in r.args])
        if isinstance(r, sp.Not):
            return z3.Not(self.boolean(r.args[0]))
        ops = {sp.Eq: lambda a, b: a == b, sp.Ne: lambda a, b: a != b, sp.Le: lambda a, b: a <= b,
               sp.Lt: lambda a, b: a < b, sp.Ge: lambda a, b: a >= b, sp.Gt: lambda a, b: a > b}
        for kind, op in ops.items():
            if isinstance(r, kind):
                return op(self.expr(_scalar(r.lhs)), self.expr(_scalar(r.rhs)))
        raise Refused(f"not a relation: {r}")


def _scalar(e: Any) -> Any:
    if isinstance(e, sp.MatrixBase) and e.shape == (1, 1):
        return e[0, 0]
    return e


def _ready(e: Any) -> Any:
    """Derivatives of explicit expressions evaluated; sums, integrals and undefined functions refused."""
    if is_matrix(e) or isinstance(e, MatrixExpr):
        raise Refused("matrix expression")
    e = sp.sympify(e)
    if e.has(sp.Sum, sp.Product, sp.Integral, sp.Subs, sp.Limit) or e.atoms(AppliedUndef):
        raise Refused("sums, integrals and undefined functions are not real arithmetic")
    if e.has(sp.Float):
        raise Refused("floats are never proved")
    if e.has(sp.Derivative):
        e = e.doit()
    return e


def translate(claim: Claim, ctx: Context = Context(), free_roots: bool = False,
              free_inverses: bool = False) -> tuple[_Translation, Any, list]:
    """The translation, the negated claim and the hypotheses kept (raises :class:`Refused`); with ``free_roots``
    the roots are unknowns without their definitions (see :func:`_roots_real`)."""
    import z3

    claim = claim.normalized()
    if claim.rel not in (Rel.LE, Rel.LT, Rel.EQ):
        raise Refused(f"relation {claim.rel.value}")
    tr = _Translation(z3, free_roots, free_inverses)
    lhs, rhs = tr.expr(_ready(claim.lhs)), tr.expr(_ready(claim.rhs))
    negated = {Rel.LE: lhs > rhs, Rel.LT: lhs >= rhs, Rel.EQ: lhs != rhs}[claim.rel]
    kept = []
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        snapshot = (len(tr.premises), dict(tr.vars), tr.domain, tr.real_domain, dict(tr._cache), len(tr.radicands),
                    len(tr.denominators), tr.cases)
        try:
            if h.has(sp.Derivative, sp.Sum, sp.Integral, sp.Float) or h.atoms(AppliedUndef, sp.MatrixSymbol):
                raise Refused("hypothesis outside real arithmetic")
            tr.premises.append(tr.boolean(h))
            kept.append(h)
        except Refused:  # dropping a hypothesis weakens the premises: a proof stays sound
            del tr.premises[snapshot[0]:]
            tr.vars, tr.domain, tr.real_domain, tr._cache = snapshot[1], snapshot[2], snapshot[3], snapshot[4]
            del tr.radicands[snapshot[5]:]
            del tr.denominators[snapshot[6]:]
            tr.cases = snapshot[7]
    return tr, negated, kept


def _solver(z3: Any, timeout: float) -> Any:
    s = z3.SolverFor("QF_NRA")
    s.set("timeout", max(1, int(1000 * timeout)))
    return s


def _defined(claim: Claim, ctx: Context, z3: Any, timeout: float) -> bool:
    """Is every denominator nonzero and every radicand >= 0 wherever the hypotheses hold?  (Then the proof holds on
    the whole region of the hypotheses, and the verdict need not restrict it.)  Asked with roots and inverses as
    unconstrained unknowns, which only widens the points considered."""
    try:
        free, _, _ = translate(claim, ctx, free_roots=True, free_inverses=True)
    except Refused:
        return False
    if free.cases:
        return False
    s = _solver(z3, timeout)
    s.add(*free.premises)
    s.add(z3.Or(*[d == 0 for d in free.denominators], *[b < 0 for b in free.radicands]))
    return s.check() == z3.unsat


def _roots_real(claim: Claim, ctx: Context, z3: Any, timeout: float) -> bool:
    """Is every radicand of the claim and the hypotheses >= 0 wherever the hypotheses hold and the denominators are
    nonzero?  Asked with the roots as unconstrained unknowns (their definitions would force the radicands >= 0);
    that only widens the points considered, so a yes is sound."""
    try:
        free, _, _ = translate(claim, ctx, free_roots=True)
    except Refused:
        return False
    s = _solver(z3, timeout)
    s.add(*free.premises)
    s.add(z3.Or(*[b < 0 for b in free.radicands]))
    return s.check() == z3.unsat


def _lifts(claim: Claim, ctx: Context) -> list:
    """The scalar versions of a claim with vectors or matrices (in its sides or its hypotheses), each a function
    returning (claim, context, note): in coordinates (exact), then with the 1 x 1 forms as unknowns (a relaxation,
    sound for proofs; tried too when the coordinates had to drop a hypothesis); a scalar claim whose matrix
    hypotheses neither reads keeps them for :func:`translate` to drop."""
    if not any(isinstance(e, sp.Basic) and e.has(MatrixExpr) for e in (claim.lhs, claim.rhs, *ctx.hypotheses)):
        return [lambda: (claim, ctx, "")]
    out = [lambda: in_coordinates(claim, ctx), lambda: as_unknowns(claim, ctx)]
    if not any(isinstance(e, sp.Basic) and e.has(MatrixExpr) for e in (claim.lhs, claim.rhs)):
        out.append(lambda: (claim, ctx, ""))
    return out


def prove(claim: Claim, ctx: Context = Context(), timeout: float = 2.0) -> str | None:
    """The method text when z3 shows the negated claim unsatisfiable under the premises (for one of the claim's
    lifts, see :func:`_lifts`), else None."""
    import z3

    start = time.monotonic()
    key = (claim, ctx)
    if key in _FALSE:
        return None
    for lift in _lifts(claim, ctx):
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            return None
        try:
            scalar, scalar_ctx, note = lift()
        except Refused:
            continue
        method = _prove_scalar(z3, scalar, scalar_ctx, left)
        exact = (not note or "coordinates" in note) and len(scalar_ctx.hypotheses) >= len(ctx.hypotheses)
        if method is _SAT and exact:
            _FALSE.add(key)  # the later rows of this module need not ask again
            return None
        if method and method is not _SAT:
            return f"{method}, {note}" if note else method
        if exact and note:
            return None  # the coordinates are exact: with every hypothesis kept, nothing else can prove it
    return None


def remember_false(claim: Claim, ctx: Context) -> None:
    """Record that a claim is false (a proof method that reduced it exactly to one z3 found false)."""
    _FALSE.add((claim, ctx))


def known_false(claim: Claim, ctx: Context) -> bool:
    """Has z3 already found, in this process, a point where the exactly translated claim fails?  (Later rows, such
    as the sum-of-squares certificates, then need not search for a proof.)"""
    return (claim, ctx) in _FALSE


_SAT = "the negation is satisfiable"  # a marker: z3 found a point where the exactly translated claim fails
_FALSE: set = set()  # claims (with their contexts) found false that way in this process


def _prove_scalar(z3: Any, claim: Claim, ctx: Context, timeout: float) -> str | None:
    """The method text, :data:`_SAT` when the translation is exact (every hypothesis kept, no integer relaxed) and z3
    finds a point where the claim fails, or None."""
    start = time.monotonic()
    try:
        tr, negated, kept = translate(claim, ctx)
    except Refused:
        return None
    if claim.normalized().rel is Rel.EQ and tr.real_domain:
        # SymPy's roots of negative numbers are complex values, not undefined: sqrt(x y) = sqrt(x) sqrt(y) fails at
        # x = y = -1.  An inequality means nothing there, an equality does: it is not proved on the real part only,
        # only when every radicand is >= 0 wherever the hypotheses hold and both sides are defined.
        if not _roots_real(claim, ctx, z3, timeout):
            return None
        tr.real_domain = False
    s = _solver(z3, max(timeout - (time.monotonic() - start), 0.05))
    s.add(*tr.premises)
    s.add(negated)
    result = s.check()
    if result == z3.sat and len(kept) == len(ctx.hypotheses) and not any(v.is_rational for v in tr.vars):
        return _SAT
    if result != z3.unsat:
        return None
    left = timeout - (time.monotonic() - start)
    vac = _solver(z3, max(left, 0.05))  # consistent premises: no vacuous proof under impossible hypotheses
    vac.add(*tr.premises)
    if vac.check() != z3.sat:
        return None
    if (tr.domain or tr.real_domain) and _defined(claim, ctx, z3, max(timeout - (time.monotonic() - start), 0.05)):
        return METHOD  # defined on the whole region of the hypotheses: no restriction to state
    return f"{METHOD}, {DOMAIN_NOTE}" if tr.domain or tr.real_domain else METHOD


# --------------------------------------------------------------------------- counterexamples


def _fraction(v: Any) -> Fraction:
    import z3

    if isinstance(v, z3.RatNumRef):
        return Fraction(v.numerator_as_long(), v.denominator_as_long())
    if isinstance(v, z3.IntNumRef):
        return Fraction(v.as_long())
    if isinstance(v, z3.AlgebraicNumRef):
        a = v.approx(30)
        return Fraction(a.numerator_as_long(), a.denominator_as_long())
    raise Refused(f"model value {v}")


def _nice(value: Fraction, integer: bool) -> list[Fraction]:
    """Simple rationals near ``value``, simplest first (the last is the value itself)."""
    if integer:  # the integers around the value (the model may lie strictly between two of them)
        lo = value.numerator // value.denominator
        return [Fraction(m) for m in dict.fromkeys((round(value), lo, lo + 1, lo - 1, lo + 2))]
    out = [Fraction(round(value))]
    out += [value.limit_denominator(d) for d in (2, 4, 10, 100, 10**4, 10**8)]
    out.append(value)
    seen: list[Fraction] = []
    for c in out:
        if c not in seen:
            seen.append(c)
    return seen


def counterexample(claim: Claim, ctx: Context = Context(), timeout: float = 2.0) -> tuple[dict, str] | None:
    """Exact rational values of the symbols at which the claim fails, re-checked by :func:`recheck`,
    with a description; None when z3 finds no model in time or none survives the re-check."""
    import z3

    deadline = time.monotonic() + timeout
    try:
        tr, negated, kept = translate(claim, ctx)
    except Refused:
        return None
    if len(kept) != len(ctx.hypotheses):
        return None  # a point must satisfy every hypothesis; the dropped ones cannot be searched
    s = _solver(z3, timeout)
    s.add(*tr.premises)
    s.add(negated)
    if s.check() != z3.sat:
        return None
    model = s.model()
    point: dict[sp.Symbol, sp.Rational] = {}
    # Fix the symbols one at a time to simple rationals near the model, keeping the rest satisfiable.
    for sym in sorted(tr.vars, key=sp.default_sort_key):
        var = tr.vars[sym]
        try:
            value = _fraction(model.eval(var, model_completion=True))
        except Refused:
            return None
        for cand in _nice(value, bool(sym.is_integer)):
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            s.push()
            s.add(var == z3.RealVal(f"{cand.numerator}/{cand.denominator}"))
            if s.check() == z3.sat:
                model = s.model()
                point[sym] = sp.Rational(cand.numerator, cand.denominator)
                break
            s.pop()
        else:
            return None
    detail = recheck(claim, ctx, point)
    return (point, detail) if detail else None


# --------------------------------------------------------------------------- the independent re-check


def _number(v: Any) -> sp.Expr | None:
    """An exact rational, or a 60-digit value of a real number; None when not a finite real."""
    v = sp.nsimplify(v) if isinstance(v, sp.Float) else v
    if v.is_Rational:
        return v
    if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or v.is_real is False:
        return None
    try:
        n = sp.N(v, 60, strict=True)
    except (sp.core.evalf.PrecisionExhausted, ValueError, TypeError):
        return None
    return n if n.is_number and n.is_real and not n.has(sp.nan, sp.zoo, sp.oo, -sp.oo) else None


def _gap(a: Any, b: Any) -> sp.Expr | None:
    """b - a as an exact rational or a certified 60-digit real; None when undefined or not real."""
    va, vb = _number(sp.sympify(a)), _number(sp.sympify(b))
    if va is None or vb is None:
        return None
    return _number(sp.sympify(b) - sp.sympify(a))


def _holds(rel: Any, values: dict) -> bool:
    """Does the relation hold at ``values``, exactly (rationals) or by far more than 60-digit rounding?"""
    try:
        r = sp.sympify(rel).xreplace(values)
    except TypeError:  # a comparison with an undefined value (1/0)
        return False
    if r is sp.true:
        return True
    if r is sp.false or not isinstance(r, sp.core.relational.Relational):
        return False
    gap = _gap(r.lhs, r.rhs)
    if gap is None:
        return False
    exact = gap.is_Rational
    if isinstance(r, sp.Eq):
        return exact and gap == 0
    if isinstance(r, sp.Ne):
        return gap != 0 if exact else abs(gap) > _TOL
    sign = 1 if isinstance(r, (sp.Le, sp.Lt)) else -1
    g = sign * gap
    if isinstance(r, (sp.Le, sp.Ge)):
        return g >= 0 if exact else g > _TOL
    return g > 0 if exact else g > _TOL


def recheck(claim: Claim, ctx: Context, point: dict) -> str | None:
    """A description of how the claim fails at ``point`` when SymPy confirms that every value has its
    symbol's assumptions, every hypothesis holds, both sides are real and defined, and the claim fails;
    else None."""
    syms = claim.free_symbols() | set().union(*(sp.sympify(h).free_symbols for h in ctx.hypotheses))
    if set(point) != syms:
        return None
    for sym, v in point.items():
        if not v.is_Rational:
            return None
        if any(getattr(sym, f"is_{f}") is True and getattr(v, f"is_{f}") is not True for f in _FLAGS):
            return None
    if not all(_holds(h, point) for h in ctx.hypotheses):
        return None
    c = claim.normalized()
    lhs, rhs = sp.sympify(c.lhs).xreplace(point).doit(), sp.sympify(c.rhs).xreplace(point).doit()
    gap = _gap(lhs, rhs)
    if gap is None:
        return None
    exact = gap.is_Rational
    if c.rel is Rel.EQ:
        fails = gap != 0 if exact else abs(gap) > _TOL
    elif c.rel is Rel.LE:
        fails = gap < 0 if exact else gap < -_TOL
    elif c.rel is Rel.LT:
        fails = gap <= 0 if exact else gap < -_TOL
    else:
        return None
    if not fails:
        return None
    show = [sp.N(v, 12) if not _number(v).is_Rational else v for v in (lhs, rhs)]  # type: ignore[union-attr]
    return f"{show[0]} {c.rel.value} {show[1]} is false"


# --------------------------------------------------------------------------- the table row

Z3_TIMEOUT = 2.0  # seconds for one z3 call; the whole proof also runs under the claim's budget
_ALLOWED = (sp.Symbol, sp.Add, sp.Mul, sp.Pow, sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.sign, sp.Rational)


def _real_arithmetic(e: Any) -> bool:
    """A cheap look (no z3) at whether a scalar expression is in the translated class."""
    if isinstance(e, (sp.Rational, sp.Symbol)):
        return True
    if isinstance(e, sp.Pow) and not e.exp.is_Rational:
        return False
    if isinstance(e, sp.Piecewise):
        return all(_real_arithmetic(v) for v, _ in e.args)
    if isinstance(e, sp.Derivative):
        return _real_arithmetic(e.expr)
    return isinstance(e, _ALLOWED) and all(_real_arithmetic(a) for a in e.args)


class RealArithmetic:
    """``lhs <= rhs``, ``<`` or ``=`` in real arithmetic (polynomials, rational functions, roots, |.|, max, min),
    and vector inequalities through rotation invariance, decided by z3's nlsat."""

    name = METHOD

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if not cited.alone(claim, (Rel.LE, Rel.LT, Rel.EQ)):
            return False
        sides = (claim.lhs, claim.rhs)
        if any(isinstance(s, MatrixExpr) or has_vectors(s) for s in sides):  # vectors: in coordinates
            return all((isinstance(s, MatrixExpr) and s.shape == (1, 1)) or not is_matrix(s) for s in sides)
        return all(isinstance(s, sp.Expr) and not is_matrix(s) and _real_arithmetic(s) for s in sides)

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove(claim, ctx, timeout=Z3_TIMEOUT)
        except Exception:  # a translation or solver failure is no proof; the later rows still get the claim
            return None


QUICK_TIMEOUT = 0.4  # seconds for the early rows: z3 decides most textbook claims in a fraction of that
_KINKS = (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Piecewise)


def _kinked(e: Any) -> bool:
    """|.|, max, min, sign, cases, a fractional power or a norm of vectors: what the zero test's rungs are slow on."""
    if not isinstance(e, sp.Basic):
        return False
    if e.has(*_KINKS) or any(not p.exp.is_Integer for p in e.atoms(sp.Pow)):
        return True
    return has_vectors(e) and any(not isinstance(f, AppliedUndef) for f in e.atoms(sp.Function))


class Kinked(RealArithmetic):
    """``lhs = rhs``, ``<=``, ``<`` with |.|, max, min, sign, cases, roots or norms of vectors, by z3 for a short
    while before the zero test and the sign certificates (their rewriting rungs and slacks can take the whole budget
    on such claims, and decide few of them)."""

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        return (_kinked(claim.lhs) or _kinked(claim.rhs)) and super().accepts(claim, ctx, cited)

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove(claim, ctx, timeout=QUICK_TIMEOUT)
        except Exception:  # no proof; the later rows still get the claim
            return None


class Quick(RealArithmetic):
    """``lhs <= rhs`` and ``<`` by z3 for a short while before the sum-of-squares row (whose SDP solver is slow to
    load and to run); the full real-arithmetic row after it gets the claims z3 needs longer for."""

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        return claim.rel in (Rel.LE, Rel.LT) and super().accepts(claim, ctx, cited)

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        try:
            return prove(claim, ctx, timeout=QUICK_TIMEOUT)
        except Exception:
            return None


def points(claim: Claim, ctx: Context, seconds: float) -> list[dict]:
    """A point source for refutation (:data:`symgd.decide.table.POINT_SOURCES`): z3's model, made exact and
    re-checked here, as the only candidate ([] when there is none); refutation re-checks it once more."""
    found = counterexample(claim, ctx, timeout=max(min(seconds, Z3_TIMEOUT), 0.05))
    return [found[0]] if found else []
