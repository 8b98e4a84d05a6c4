"""An inequality about a function known only by its class (L-smooth, convex, mu-strongly convex), proved by an
interpolation certificate in the manner of performance estimation (Taylor, Hendrickx and Glineur, "Smooth
strongly convex interpolation and exact worst-case performance of first-order methods", Math. Prog. 2017; PEPit).

The claim's gap (left minus right of ``<=``) is a function of the values f_i, gradients g_i and points x_i at
the points where the claim applies f (a point the text calls a minimizer has g = 0).  Every function of the class
satisfies, at each ordered pair (i, j), the inequalities ``c_ij <= 0`` below.  A certificate is multipliers
lambda >= 0 (rational functions of the parameters) with

    gap - sum lambda_ij c_ij  =  s  -  z^T M z      (no function value left; z the vectors, s a scalar)

and ``M`` positive semidefinite, ``s <= 0`` under the stated assumptions: then gap <= 0.  Vectors enter only
through inner products, so ``M`` is the matrix of the quadratic form with every vector replaced by a scalar (a
form sum M_kl <v_k, v_l> is <= 0 for all vectors iff M is, Gram).  Candidates come from exact linear algebra on
the function-value equations over small supports; one multiplier left free is fixed where an entry or the
determinant of ``M`` vanishes (the tight certificates of the textbook proofs).  Proved only when each multiplier
is >= 0, each denominator nonzero, each principal minor of ``M`` >= 0 and ``s <= 0`` are proved by
:func:`symgd.decide.decide` under the assumptions; a numeric screen at sample parameters only discards.

Inequalities (Delta = x_i - x_j, D = g_i - g_j), each valid for every function of the class:

    convex (mu-strongly convex, mu = 0 for convex):  f_j - f_i + <g_j, Delta> + mu/2 |Delta|^2 <= 0
    mu-strongly convex and L-smooth (times L - mu):  (L - mu)(f_j - f_i + <g_j, Delta> + mu/2 |Delta|^2)
                                                      + 1/2 |D - mu Delta|^2 <= 0
    L-smooth (no convexity: the same with mu = -L, f + L/2 |x|^2 being convex and 2L-smooth), and the
    quadratic bounds f_i - f_j - <g_j, Delta> -+ L/2 |Delta|^2 <= / >= 0;  a global minimizer * : f_* <= f_i.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel

__all__ = ["FunctionClass", "certify", "witness_gap"]

MAX_SUPPORT = 3  # inequalities in one certificate (3 only among few: the textbook steps use 1 or 2)
MAX_DIM = 4  # vectors left in the quadratic form (principal minors: 2^k - 1)


@dataclass(frozen=True)
class FunctionClass:
    """``name`` (as in the claim's symbols ``f(x)``, ``\\nabla f(x)``) is ``L``-smooth (None: not said) and
    ``mu``-strongly convex (0: convex; None: convexity not said).  ``stationary``: points (as written) where its
    gradient is zero; ``minimizers``: those where it also takes its least value.  ``G``: every (sub)gradient has
    norm at most G (the function is G-Lipschitz); ``pl``: the Polyak-Lojasiewicz inequality
    1/2 |g|^2 >= pl (f - f_*) with the least value f_* (used at the minimizers named)."""

    name: str
    L: sp.Expr | None = None
    mu: sp.Expr | None = None
    stationary: frozenset = field(default_factory=frozenset)
    minimizers: frozenset = field(default_factory=frozenset)
    G: sp.Expr | None = None
    pl: sp.Expr | None = None

    def implied(self) -> list:
        """What any function of the class has (an empty class makes every claim vacuous): L >= 0, mu <= L, G >= 0,
        pl > 0 (a PL constant is positive)."""
        out = [sp.Ge(self.L, 0)] if self.L is not None and not self.L.is_number else []
        if self.L is not None and self.mu is not None and not (self.L - self.mu).is_number:
            out.append(sp.Le(self.mu, self.L))
        out += [sp.Ge(self.G, 0)] if self.G is not None and not self.G.is_number else []
        out += [sp.Gt(self.pl, 0)] if self.pl is not None and not self.pl.is_number else []
        return out


class _Decline(Exception):
    """The claim has a form the certificate does not cover."""


def flat(text: str) -> str:
    """A point's or function's name without markup: ``\\mathbf{w}_{*}`` and ``w_*`` agree."""
    text = re.sub(r"\\(?:star|ast)(?![A-Za-z])", "*", text)
    text = re.sub(r"\\(?:mathbf|boldsymbol|bm|mathrm|mathcal|operatorname|vec|mathit)\s*", "", text)
    return re.sub(r"[{}\s\\]", "", text)


def _scalar(e, vecs: dict) -> sp.Expr:
    """``e`` (scalar or 1 x 1 matrix expression) with every column (row) vector a real scalar of the same name."""
    if not isinstance(e, MatrixExpr):
        if isinstance(e, sp.Basic) and e.atoms(sp.MatrixSymbol):
            raise _Decline("a vector inside a scalar function")
        return e
    if isinstance(e, sp.MatrixSymbol):
        r, c = e.shape
        if (r == 1) == (c == 1):  # a 1 x 1 symbol or a matrix
            raise _Decline(f"matrix {e.name}")
        return vecs.setdefault(e.name, sp.Symbol("vec:" + e.name, real=True))
    if isinstance(e, sp.Transpose):
        return _scalar(e.arg, vecs)
    if isinstance(e, sp.MatAdd):
        return sp.Add(*(_scalar(a, vecs) for a in e.args))
    if isinstance(e, sp.MatMul):
        if sum(1 for a in e.args if isinstance(a, MatrixExpr) and a.shape[0] != 1 and a.shape[1] != 1
               and not isinstance(a, sp.Identity)):
            raise _Decline("a matrix factor")
        return sp.Mul(*(_scalar(a, vecs) for a in e.args))
    if isinstance(e, sp.Identity):
        return sp.Integer(1)
    if isinstance(e, sp.ZeroMatrix):
        return sp.Integer(0)
    if isinstance(e, sp.MatPow) and e.shape == (1, 1):
        return _scalar(e.base, vecs) ** e.exp
    raise _Decline(type(e).__name__)


def _applied(e, out: dict):
    """``e`` with each function applied to a vector expression, f(x - t g), a value symbol named after the point
    (``out``: the point's name -> its vector)."""
    def value(a: AppliedUndef) -> sp.Symbol:
        name = sp.sstr(a.args[0])
        out[name] = a.args[0]
        return sp.Symbol(f"{a.func.__name__}({name})", real=True)

    return e.replace(lambda a: isinstance(a, AppliedUndef) and len(a.args) == 1 and isinstance(a.args[0], MatrixExpr)
                     and a.args[0].shape[1] == 1, value)


def _named(e: sp.Expr, functions: set, out: dict) -> sp.Expr:
    """A scalar claim's f(x), f'(x) (a Derivative) and |.|^2 as the names a vector claim has: f(x), \\nabla f(x),
    a square (``out``: a point written out -> its value)."""
    def name(a: AppliedUndef) -> str:
        return f"{a.func.__name__}({a.args[0]})"

    def mine(a) -> bool:
        return isinstance(a, AppliedUndef) and flat(a.func.__name__) in functions and len(a.args) == 1 and isinstance(
            a.args[0], sp.Symbol)

    e = e.replace(lambda x: isinstance(x, sp.Pow) and isinstance(x.base, sp.Abs) and x.exp.is_even,
                  lambda x: x.base.args[0] ** x.exp)
    e = e.replace(lambda x: isinstance(x, sp.Derivative) and mine(x.expr) and x.variables == x.expr.args,
                  lambda x: sp.Symbol("\\nabla " + name(x.expr), real=True))
    e = e.replace(mine, lambda x: sp.Symbol(name(x), real=True))

    def at(a: AppliedUndef) -> sp.Symbol:  # f(x - t f'(x)): a point the claim writes out
        out[sp.sstr(a.args[0])] = a.args[0]
        return sp.Symbol(f"{a.func.__name__}({sp.sstr(a.args[0])})", real=True)

    e = e.replace(lambda x: isinstance(x, AppliedUndef) and flat(x.func.__name__) in functions and len(x.args) == 1
                  and not x.args[0].has(AppliedUndef, sp.Derivative), at)
    if e.has(AppliedUndef, sp.Derivative, sp.Subs):
        raise _Decline("a function applied in another way")
    return e


@dataclass
class _Point:
    name: str
    x: sp.Expr
    g: sp.Expr
    f: sp.Expr
    gsym: sp.Expr | None = None  # the claim's own gradient symbol at the point (replaced by 0 at a minimizer)


def _points(gap: sp.Expr, vecs: dict, fc: FunctionClass, defs: dict) -> list[_Point] | None:
    """The points where the gap applies ``fc`` (its value or gradient), in order; None if one is not a name
    (``defs``: a name's vector, x_{k+1} = x_k - t g_k, in the vectors' scalars)."""
    fn = flat(fc.name)
    found: dict[str, dict] = {}
    for s in sorted(gap.free_symbols, key=str):
        m = re.fullmatch(r"(.+?)\((.+)\)", s.name)
        if m and s not in vecs.values() and flat(m.group(1)) == fn:
            found.setdefault(m.group(2), {})["f"] = s
    for a in sorted(gap.atoms(AppliedUndef), key=str):
        if flat(a.func.__name__) == fn and len(a.args) == 1 and isinstance(a.args[0], sp.Symbol):
            found.setdefault(a.args[0].name, {})["f"] = a
    for name, s in vecs.items():
        m = re.fullmatch(r"\\nabla\s*(.+?)\s*\((.+)\)", name)
        if m and flat(m.group(1)) == fn:
            found.setdefault(m.group(2), {})["g"] = s
    for p in fc.stationary | fc.minimizers:  # a minimizer the claim names by its point only (|x - x^*|^2)
        if p in vecs and p not in found:
            found[p] = {}
    out = []
    for p, have in found.items():
        if p not in defs and not re.fullmatch(r"\\?[A-Za-z]+(?:_\{[^{}()]+\}|_\\?\w+)?(?:\^\{[^{}()]+\}|\^\\?[\w*]+)?", p.strip()):
            return None  # f(x - t g): a point the certificate would have to express
        x = defs[p] if p in defs else vecs.setdefault(p, sp.Symbol("vec:" + p, real=True))
        g = sp.Integer(0) if p in fc.stationary | fc.minimizers else have.get("g") or vecs.setdefault(
            f"\\nabla {fc.name}({p})", sp.Symbol(f"vec:\\nabla {fc.name}({p})", real=True))
        f = have.get("f") or sp.Symbol(f"{fc.name}({p})", real=True)
        out.append(_Point(p, x, g, f, have.get("g")))
    return out


def _inequalities(fc: FunctionClass, pts: list[_Point]) -> list[tuple[str, sp.Expr]]:
    """(label, c) with c <= 0 for every function of the class, at each ordered pair of points."""
    out: list[tuple[str, sp.Expr]] = []
    L, mu = fc.L, fc.mu
    for i, j in itertools.permutations(range(len(pts)), 2):
        pi, pj = pts[i], pts[j]
        d, dg = pi.x - pj.x, pi.g - pj.g
        first = pj.f - pi.f + pj.g * d  # f_j - f_i + <g_j, x_i - x_j>
        at = f"({pi.name}, {pj.name})"
        if mu is not None:
            out.append((f"{'strong ' if mu != 0 else ''}convexity {at}", first + mu / 2 * d**2))
        if L is not None and mu is not None:
            out.append((f"interpolation {at}", (L - mu) * (first + mu / 2 * d**2) + (dg - mu * d) ** 2 / 2))
            if mu != 0:
                out.append((f"convex smooth interpolation {at}", L * first + dg**2 / 2))
        if L is not None:
            out.append((f"smoothness {at}", -first - L / 2 * d**2))
        if L is not None and mu is None:
            out.append((f"smooth interpolation {at}", 2 * L * (first - L / 2 * d**2) + (dg + L * d) ** 2 / 2))
            out.append((f"smoothness from below {at}", first - L / 2 * d**2))
        if pj.name in fc.minimizers and mu is None:
            out.append((f"minimum {at}", pj.f - pi.f))
        if pj.name in fc.minimizers and fc.pl is not None and pi.g != 0:  # PL at x_i: pl (f_i - f_*) <= |g_i|^2 / 2
            out.append((f"PL inequality {at}", fc.pl * (pi.f - pj.f) - pi.g**2 / 2))
    if fc.G is not None:  # |g_i|^2 <= G^2 at each point with a (sub)gradient
        out += [(f"bounded gradient ({p.name})", p.g**2 - fc.G**2) for p in pts if p.g != 0]
    # the textbook inequalities first: a gradient step's own pair (x_i = x_j - t g_j: the descent lemma), then the
    # others, the interpolation forms last
    stepped = {f"({pi.name}, {pj.name})" for pi in pts for pj in pts if pi is not pj and isinstance(pj.g, sp.Symbol)
               and pi.x.has(pj.g)}
    return sorted(out, key=lambda lc: ("interpolation" in lc[0], not any(lc[0].endswith(s) for s in stepped)))  # the textbook inequalities first


def _split(r: sp.Expr, zs: list[sp.Symbol]) -> tuple[sp.Expr, sp.Matrix] | None:
    """(scalar part, M) with r = s - z^T M z, or None when r has terms of degree 1 or > 2 in the vectors."""
    poly = sp.Poly(sp.expand(r), *zs) if zs else None
    if poly is None:
        return sp.expand(r), sp.zeros(0, 0)
    s, m = sp.Integer(0), sp.zeros(len(zs), len(zs))
    for mon, c in poly.terms():
        deg = sum(mon)
        if deg == 0:
            s += c
        elif deg != 2:
            return None
        else:
            idx = [k for k, e in enumerate(mon) for _ in range(e)]
            a, b = idx
            if a == b:
                m[a, a] -= c
            else:
                m[a, b] -= c / 2
                m[b, a] -= c / 2
    return s, m


def _samples(exprs: list, ctx: Context, n: int = 3) -> list[dict]:
    """Up to ``n`` rational values of the parameters that satisfy their assumptions and the hypotheses."""
    syms = sorted(set().union(*(sp.sympify(e).free_symbols for e in exprs)) | set().union(
        *(h.free_symbols for h in ctx.hypotheses)), key=str)
    rng, out = random.Random(7), []
    pool = [sp.Rational(p, q) for p in range(-6, 13) for q in (1, 2, 3, 5, 10)]
    for _ in range(400):
        pt = {}
        for s in syms:
            for _ in range(30):
                v = rng.choice(pool)
                if (s.is_positive and v <= 0) or (s.is_nonnegative and v < 0) or (s.is_negative and v >= 0) or (
                        s.is_integer and not v.is_integer):
                    continue
                pt[s] = v
                break
        if len(pt) != len(syms):
            continue
        try:
            if all(bool(h.xreplace(pt)) for h in ctx.hypotheses):
                out.append(pt)
        except TypeError:
            return out
        if len(out) >= n:
            break
    return out


def _screen(lams: list, m: sp.Matrix, s: sp.Expr, pts: list[dict]) -> bool:
    """False when the candidate fails at a sample point (a negative multiplier, M not PSD, s > 0)."""
    import numpy as np

    for pt in pts:
        try:
            if any(sp.N(x.xreplace(pt)) < -1e-12 for x in lams) or sp.N(s.xreplace(pt)) > 1e-12:
                return False
            if m.shape[0] and np.linalg.eigvalsh(np.array(m.xreplace(pt).evalf(), dtype=float)).min() < -1e-9:
                return False
        except (TypeError, ValueError, ZeroDivisionError):
            return False
    return True


def _minors(m: sp.Matrix) -> list[sp.Expr]:
    k = m.shape[0]
    return [sp.factor(sp.cancel(m.extract(list(idx), list(idx)).det()))
            for size in range(1, k + 1) for idx in itertools.combinations(range(k), size)]


def _proved(expr: sp.Expr, rel: Rel, ctx: Context, deadline: float) -> bool:
    from symgd.decide import decide

    left = deadline - time.monotonic()
    if left < 0.3:
        return False
    expr = sp.factor(sp.cancel(expr))
    if {Rel.GE: expr.is_nonnegative, Rel.GT: expr.is_positive, Rel.LT: expr.is_negative}[rel]:
        return True  # the symbols' own signs settle it (eta * mu, 2 L)
    if expr.is_number:
        return bool({Rel.GE: expr >= 0, Rel.GT: expr > 0, Rel.LT: expr < 0}[rel])
    return decide(Claim(expr, rel, 0), ctx, timeout=min(left, 2.0)).proved


def _nonzero(expr: sp.Expr, ctx: Context, deadline: float) -> bool:
    return _proved(expr, Rel.GT, ctx, deadline) or _proved(expr, Rel.LT, ctx, deadline)


def _presupposed(gap: sp.Expr) -> dict:
    """A nonnegative symbol the claim divides by (x - g/L, c/L) is nonzero wherever the claim means anything: as a
    positive symbol of the same name for the check."""
    den = sp.fraction(sp.together(gap))[1]
    return {x: sp.Symbol(x.name, positive=True) for x, _ in sp.factor_list(den)[1]
            if isinstance(x, sp.Symbol) and x.is_nonnegative and not x.is_positive}


def _check(lams: list, m: sp.Matrix, s: sp.Expr, ctx: Context, deadline: float, presupposed: dict | None = None) -> bool:
    """The exact check: every multiplier >= 0, every denominator nonzero, M's principal minors >= 0, s <= 0
    (``presupposed``: symbols the claim divides by, as positive ones)."""
    if presupposed:
        lams, m, s = [x.xreplace(presupposed) for x in lams], m.xreplace(presupposed), s.xreplace(presupposed)
        ctx = Context(tuple(h.xreplace(presupposed) for h in ctx.hypotheses), ctx.symmetric, ctx.positive_definite)
    exprs = [*lams, *_minors(m), -s]
    dens = {sp.fraction(sp.together(e))[1] for e in [*lams, *m, s]}
    return all(_nonzero(d, ctx, deadline) for d in dens if not d.is_number) and all(
        _proved(e, Rel.GE, ctx, deadline) for e in exprs)


def _reduced(gap: sp.Expr, pts: list[_Point], ineqs: list, zs: list[sp.Symbol]) -> tuple:
    """With translation invariance (the gap depends on differences of points only), one point is the origin."""
    xs = [p.x for p in pts if p.x in zs]
    if not xs:
        return gap, ineqs, zs
    s = sp.Dummy("s")
    if sp.expand(gap.xreplace({x: x + s for x in xs}) - gap) != 0:
        return gap, ineqs, zs
    origin = next((p.x for p in pts if p.g == 0 and p.x in zs), xs[0])
    return (gap.xreplace({origin: 0}), [(lab, c.xreplace({origin: 0})) for lab, c in ineqs],
            [z for z in zs if z != origin])


def certify(claim: Claim, classes: list[FunctionClass], ctx: Context = Context(), timeout: float = 6.0,
            points: dict | None = None) -> str | None:
    """The method (multipliers and what was checked) when ``claim`` follows from the classes' interpolation
    inequalities, else None.  Only ``<=``/``>=`` claims (a certificate gives no strictness).  ``points``: the
    vector (a matrix expression) of a point the claim names, as the text defines it (x_{k+1} = x_k - t g_k)."""
    try:
        return _certify(claim, classes, ctx, timeout, points)
    except Exception:  # a form SymPy cannot take apart (E[f(x)], a generator inside another) is no proof
        return None


def _prepared(claim: Claim, classes: list[FunctionClass], points: dict | None) -> tuple | None:
    """(gap, vecs, defs): the claim's left minus right side (``<=``) in the values f(x), gradients and points of
    the classes' functions, vectors as scalars (``vecs``: name -> scalar), the defined points substituted; None
    when the claim has a form the certificate does not take."""
    c = claim.normalized()
    if c.rel is not Rel.LE or not classes:
        return None
    vecs: dict = {}
    try:
        applied: dict = {}  # f(x - t g): the function at a point the claim writes out
        lhs, rhs = (_applied(side, applied) for side in (c.lhs, c.rhs))
        gap = sp.expand(_scalar(lhs, vecs) - _scalar(rhs, vecs))
        gap = sp.expand(_named(gap, {flat(fc.name) for fc in classes}, applied))
        defs = {name: sp.expand(_scalar(v, vecs)) for name, v in {**applied, **(points or {})}.items()}
    except _Decline:
        return None
    gap = sp.expand(gap.xreplace({vecs[n]: v for n, v in defs.items() if n in vecs}))
    inside = gap.free_symbols.union(*(v.free_symbols for v in defs.values()))
    for sym in sorted(inside, key=str):  # a scalar document: its gradients and points are numbers
        m = re.fullmatch(r"\\nabla\s*(.+?)\s*\((.+)\)", sym.name)
        if m and any(flat(m.group(1)) == flat(fc.name) for fc in classes):
            vecs.setdefault(sym.name, sym)
    for sym in sorted(gap.free_symbols, key=str):
        m = re.fullmatch(r"(.+?)\((.+)\)", sym.name)
        if m and any(flat(m.group(1)) == flat(fc.name) for fc in classes):
            point = next((x for x in inside if x.name == m.group(2)), None)
            if point is not None:
                vecs.setdefault(point.name, point)
    if any(not x.exp.is_number for x in gap.atoms(sp.Pow)):  # rho^k: a rate over k steps needs an induction
        return None
    known = set(vecs.values()).union(*(p.free_symbols for p in defs.values()))
    for sym in gap.free_symbols - known:  # E[f(x)], f(x)^+ ...: f used in a way the certificate has no value for
        m = re.fullmatch(r"(.+?)\((.+)\)", sym.name)
        inner = [fc for fc in classes if re.search(r"(?<![A-Za-z\\])" + re.escape(fc.name) + r"\s*\(", sym.name)]
        if inner and not (m and any(flat(m.group(1)) == flat(fc.name) for fc in classes)):
            return None
    return gap, vecs, defs


def _certify(claim: Claim, classes: list[FunctionClass], ctx: Context, timeout: float, points: dict | None) -> str | None:
    deadline = time.monotonic() + timeout
    prepared = _prepared(claim, classes, points)
    if prepared is None:
        return None
    gap, vecs, defs = prepared
    pts_all, ineqs, extra = [], [], []
    for fc in classes:
        pts = _points(gap, vecs, fc, defs)
        if pts is None:
            return None
        if not pts:
            continue
        gap = gap.xreplace({p.gsym: 0 for p in pts if p.g == 0 and p.gsym is not None})
        pts_all += pts
        ineqs += _inequalities(fc, pts)
        extra += _descended(fc, pts, vecs, pts_all)
    if not ineqs:
        return None
    zs = sorted(set().union(gap.free_symbols, *(ci.free_symbols for _, ci in ineqs + extra)) & set(vecs.values()) - {
        vecs[n] for n in defs if n in vecs}, key=str)
    gap, both, zs = _reduced(gap, pts_all, ineqs + extra, zs)
    ineqs, extra = both[: len(ineqs)], both[len(ineqs):]
    hyp = Context(tuple(ctx.hypotheses) + tuple(h for fc in classes for h in fc.implied()), ctx.symmetric,
                  ctx.positive_definite)
    params = set().union(*(ci.free_symbols for _, ci in ineqs), gap.free_symbols) - set(zs) - {p.f for p in pts_all}
    samples = _samples(sorted(params, key=str), hyp)
    search = _Search(gap, zs, hyp, samples, deadline)
    fvals = list(dict.fromkeys(p.f for p in pts_all))  # the gradient step x - g/L may be a point the claim names
    found = search.run(fvals, ineqs)
    if found is None and extra and len(pts_all) <= 3:  # two points and the gradient step to the least value
        found = search.run(fvals, ineqs + extra)
    return found


def _descended(fc: FunctionClass, pts: list[_Point], vecs: dict, every: list[_Point]) -> list[tuple[str, sp.Expr]]:
    """For an L-smooth function with a global minimizer: at each point with a gradient, the point x - g/L (a new
    point of the function, appended to ``every``), its inequalities with x, and f_* <= f(x - g/L)."""
    stars = [p for p in pts if p.name in fc.minimizers]
    if fc.L is None or not stars:
        return []
    out = []
    for p in [q for q in pts if q.g != 0]:
        name = f"{p.name} - \\nabla {fc.name}({p.name})/{fc.L}"
        g = vecs.setdefault(f"\\nabla {fc.name}({name})", sp.Symbol(f"vec:\\nabla {fc.name}({name})", real=True))
        q = _Point(name, p.x - p.g / fc.L, g, sp.Symbol(f"{fc.name}({name})", real=True))
        every.append(q)
        out += _inequalities(FunctionClass(fc.name, fc.L, fc.mu), [q, p])
        out += [(f"minimum ({q.name}, {s.name})", s.f - q.f) for s in stars]
    return out


@dataclass
class _Search:
    """Multipliers over small supports of the inequalities (see the module's docstring)."""

    gap: sp.Expr
    zs: list
    hyp: Context
    samples: list
    deadline: float
    tried: int = 0
    forms: list = field(default_factory=list)

    def run(self, fvals: list, ineqs: list) -> str | None:
        if fvals and sp.Poly(self.gap, *fvals).total_degree() > 1:
            return None

        def parts(e: sp.Expr) -> tuple[list, sp.Expr] | None:  # (coefficients of the values, the rest)
            e = sp.expand(e)
            co = [e.coeff(f) for f in fvals]
            return None if any(x.has(*fvals) for x in co) else (co, sp.expand(e - sum(
                x * f for x, f in zip(co, fvals, strict=True))))

        gp, ip = parts(self.gap), [parts(ci) for _, ci in ineqs]
        if gp is None or any(x is None for x in ip):
            return None
        forms = [_split(rest, self.zs) for _, rest in [gp, *ip]]  # each side's (scalar, matrix), once
        if any(x is None for x in forms):
            return None
        self.forms = forms
        need = {r for r, x in enumerate(gp[0]) if x != 0}
        has = [{r for r, x in enumerate(co) if x != 0} for co, _ in ip]
        for k in range(1, (MAX_SUPPORT if len(ineqs) <= 6 else 2) + 1):
            for support in itertools.combinations(range(len(ineqs)), k):
                if time.monotonic() > self.deadline - 0.5 or self.tried > 6:
                    return None
                seen = [r for b in support for r in has[b]]
                if not need <= set(seen) or any(seen.count(r) < 2 for r in set(seen) - need):
                    continue  # a value of the gap no member has, or a member's value nothing else cancels
                found = self._support(support, gp, ip, fvals, ineqs)
                if found:
                    return found
        return None

    def _hopeless(self, a: sp.Matrix, target: list) -> bool:
        """A quick numeric screen at one sample of the parameters: the values cannot cancel (no solution of the
        linear system there) or its only solution has a negative multiplier.  It only discards candidates."""
        import numpy as np

        if not self.samples:
            return False
        pt = self.samples[0]
        try:
            am = np.array(a.xreplace(pt).evalf(), dtype=float)
            bm = np.array([sp.sympify(t).xreplace(pt).evalf() for t in target], dtype=float)
        except (TypeError, ValueError):
            return False
        sol, _, rank, _ = np.linalg.lstsq(am, bm, rcond=None)
        if not np.all(np.isfinite(sol)):
            return False
        if np.abs(am @ sol - bm).max() > 1e-7 * (1 + np.abs(bm).max()):
            return True
        return bool(rank == a.cols and sol.min() < -1e-7)

    def _support(self, support: tuple, gp: tuple, ip: list, fvals: list, ineqs: list) -> str | None:
        k = len(support)
        lam = sp.symbols(f"lambda_0:{k}")
        if fvals:
            a = sp.Matrix([[ip[b][0][r] for b in support] for r in range(len(fvals))])
            rows = [r for r in range(a.rows) if any(x != 0 for x in a.row(r))]
            if any(gp[0][r] != 0 for r in range(a.rows) if r not in rows):
                return None  # a value of the gap no inequality of the support has
            if self._hopeless(a, gp[0]):
                return None
            sub = a.extract(rows, list(range(k)))  # rows independent at a generic point are so generically
            at = {x: sp.Rational(7 + 4 * i, 3 + i) for i, x in enumerate(sorted(sub.free_symbols, key=str))}
            _, independent = sub.xreplace(at).T.rref()
            rows = [rows[r] for r in independent]
            beta = sp.symbols(f"beta_0:{len(rows)}")  # the gap's coefficients (E[...], powers (1 - mu/L)^k) enter last
            sol = sp.linsolve((a.extract(rows, list(range(k))), sp.Matrix(beta)), *lam)
            if not sol:
                return None
            (vals,) = list(sol)[:1]
            vals = [sp.cancel(sp.sympify(v).xreplace({bb: gp[0][r] for bb, r in zip(beta, rows, strict=True)}))
                    for v in vals]
        elif k == 1:
            vals = [lam[0]]
        else:
            return None
        free = sorted(set().union(*(sp.sympify(v).free_symbols for v in vals)) & set(lam), key=str)
        if len(free) > 1:
            return None
        (s0, m), rows = self.forms[0], [self.forms[b + 1] for b in support]
        s0 = sp.expand(s0 - sum(v * sb for v, (sb, _) in zip(vals, rows, strict=True)))
        m = (m - sum((v * mb for v, (_, mb) in zip(vals, rows, strict=True)), sp.zeros(*m.shape))).applyfunc(sp.expand)
        cands: list[dict] = [{}]
        if free:
            (tau,) = free
            cands = []
            for e in [*{x for x in m if x.has(tau)}, *([m.det()] if m.shape[0] <= 3 else [])]:
                for root in sp.solve(sp.numer(sp.together(e)), tau):
                    if not root.has(sp.I) and all(a.exp.is_integer for a in root.atoms(sp.Pow)):
                        cands.append({tau: sp.factor(root)})
        for cand in cands:
            lams = [sp.factor(sp.sympify(v).xreplace(cand)) for v in vals]
            if any(sp.cancel(gp[0][r] - sum(x * ip[b][0][r] for x, b in zip(lams, support, strict=True))) != 0
                   for r in range(len(fvals))):  # the values cancel as rational functions, not only at pivots
                continue
            mm, ss = m.xreplace(cand).applyfunc(sp.cancel), sp.cancel(s0.xreplace(cand))
            keep = [a for a in range(mm.shape[0]) if any(x != 0 for x in mm.row(a))]
            mm = mm.extract(keep, keep)
            if mm.shape[0] > MAX_DIM or not _screen(lams, mm, ss, self.samples):
                continue
            self.tried += 1
            if _check(lams, mm, ss, self.hyp, self.deadline, _presupposed(self.gap)):
                used = ", ".join(f"{sp.sstr(x)} * [{ineqs[b][0]}]" for x, b in zip(lams, support, strict=True))
                return (f"interpolation certificate (performance estimation, Taylor-Hendrickx-Glineur): the gap is "
                        f"{used} minus a positive semidefinite form in the vectors; multipliers >= 0 and the "
                        f"form's principal minors >= 0 proved under the assumptions")
        return None


def witness_gap(claim: Claim, classes: list[FunctionClass], points: dict | None = None) -> tuple | None:
    """The claim written for one function of each class, ``f(z) = a/2 z^2`` in one dimension (a = L, else mu,
    else the PL constant, else 1; its minimizer 0 is the points the text calls minimizers or stationary):
    (gap, conditions the parameters must meet for the function to be in the class, what the function is,
    the class constants, the step parameters: scalars in a term with a gradient, the points' scalars), or None
    (a bounded gradient has no quadratic witness; a form the certificate does not take).  The claim fails for
    that function where gap > 0: a counterexample of the class in every dimension (the points on a line)."""
    prepared = _prepared(claim, classes, points)
    if prepared is None:
        return None
    gap, vecs, defs = prepared
    subs, conditions, what, constants, steps = {}, [], [], set(), set()
    pts_all = []
    for fc in classes:
        pts = _points(gap, vecs, fc, defs)
        if pts is None or (pts and fc.G is not None):
            return None
        if not pts:
            continue
        a = fc.L if fc.L is not None else fc.mu if fc.mu not in (None, 0) else fc.pl if fc.pl is not None else sp.Integer(1)
        constants |= {x for x in (fc.L, fc.mu, fc.pl) if x is not None and not x.is_number}
        if fc.pl is not None and fc.pl != a:
            conditions.append(sp.Le(fc.pl, a))  # a/2 z^2 is PL with constant a: any smaller constant too
        if fc.mu not in (None, 0) and fc.mu != a:
            conditions.append(sp.Le(fc.mu, a))
        what.append(f"{fc.name}(z) = {sp.sstr(a)}/2 |z|^2")
        for p in pts:
            if p.name in fc.minimizers | fc.stationary and isinstance(p.x, sp.Symbol):
                subs[p.x] = sp.Integer(0)
        for p in pts:
            if isinstance(p.g, sp.Symbol):
                subs[p.g] = a * p.x
            subs[p.f] = a / 2 * p.x**2
        pts_all += pts
    if not pts_all:
        return None
    grads = {p.g for p in pts_all if isinstance(p.g, sp.Symbol)}
    points = set(vecs.values())
    for e in [gap, *(p.x for p in pts_all)]:  # x_{k+1} = x_k - t g_k, t |g|^2: t a step parameter
        for term in sp.Add.make_args(sp.expand(e)):
            if term.has(*grads):
                steps |= term.free_symbols - grads - points - constants - {p.f for p in pts_all}
    out = gap
    for _ in range(6):  # a point defined through another point's gradient
        new = sp.expand(out.xreplace(subs))
        subs = {k: v.xreplace(subs) for k, v in subs.items()}
        if new == out:
            break
        out = new
    if out.has(*[p.g for p in pts_all if isinstance(p.g, sp.Symbol)], *[p.f for p in pts_all]):
        return None
    return out, conditions, "; ".join(what), constants, steps, points
