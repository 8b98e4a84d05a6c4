"""Sums, minima and maxima over a symbolic number of iterates: ``\\sum_{k=0}^{K-1} (f(x_k) - f^\\star)``,
``\\min_{0 \\le k < K} \\|\\nabla f(x_k)\\|^2``, and the minimum of an explicit expression over a half-line.

The parser reads a sum over members of a family (``x_k``, ``f(x_k)``, ``\\eta_k``: names whose subscript holds the
index) to a symbolic bound as a :class:`FamilySum` atom, a minimum or maximum over an index range as a
:class:`FamilyExtremum` and ``\\min_{\\eta > 0} g(\\eta)`` as a :class:`MinOver`.  The members keep their names
(``f(x_{k})``); :func:`at_index` reads a member at another index by rewriting the index in its subscript, so the
member ``x_{k+1}`` at ``k = K - 1`` is the ``x_{K}`` of the formula around the sum.  Everything here is exact:

* :func:`gap_terms` writes ``outside + sum_i c_i \\sum_{m \\in R_i} K_i(m)`` with each summand split into kernels
  normalized by their smallest index shift, so ``\\sum_{k=0}^{K-1} a_{k+1} = \\sum_{m=1}^{K} a_m``; sums of one
  kernel over ranges that differ by a few indices are combined with the end terms written out (linearity,
  index shifts and telescoping ``\\sum (a_k - a_{k+1}) = a_0 - a_K`` in one step);
* :func:`summed_premise`: a per-step inequality ``a(k) \\le b(k)`` summed over a range with a multiplier
  ``\\lambda > 0`` chosen so that every sum cancels; what is left is decided as a claim without sums;
* :func:`extremum_reductions`: ``\\min \\le`` the average (``(1/|R|)\\sum``) and ``\\le`` the first and last
  member; ``\\min \\ge B`` from every member ``\\ge B`` (a generic index in the range); maxima alike;
* :func:`minimum_value`: ``\\min_{\\eta > 0} g`` by calculus: a critical point in the domain and ``g'' \\ge 0`` there.

A member whose subscript holds the index in a form that is not an integer shift (``x_{2k}``) is not read: no
rule applies.  None of these atoms is ever sampled (a refutation of a claim that holds one is not trusted).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from symgd.core.claims import Claim, Context, Rel, is_matrix

__all__ = ["FamilyExtremum", "FamilySum", "MinOver", "OverIterates", "at_index", "extremum_reductions", "gap_terms",
           "has_iterates", "minima_replaced", "minimum_value", "prove_alone", "scalar", "signs", "summed_premise", "unscalar",
           "without_iterates"]

_CANON = "ι"  # the canonical index letter of normalized kernels
_GROUP = re.compile(r"_\{([^{}]*)\}|\^\{\(([^()]*)\)\}")
_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-zι]\w*'*)|([+-]))")
_MAX_SHIFT = 4


class FamilySum(sp.Function):
    """``\\sum_{j=lo}^{hi} body`` over members of a family: args (body, j, lo, hi); the members in ``body`` are
    named with j's letter in their subscript.  An opaque real to every other method."""

    is_real = True
    nargs = 4

    @property
    def free_symbols(self) -> set:  # j is bound
        body, j, lo, hi = self.args
        return (body.free_symbols - {j}) | lo.free_symbols | hi.free_symbols

    def _latex(self, printer: Any) -> str:
        body, j, lo, hi = self.args
        return rf"\sum_{{{printer._print(j)}={printer._print(lo)}}}^{{{printer._print(hi)}}} {printer._print(body)}"


class FamilyExtremum(sp.Function):
    """``\\min_{lo \\le j \\le hi} body`` (``kind`` 0) or ``\\max`` (``kind`` 1): args (body, j, lo, hi, kind)."""

    is_real = True
    nargs = 5

    @property
    def free_symbols(self) -> set:
        body, j, lo, hi, _ = self.args
        return (body.free_symbols - {j}) | lo.free_symbols | hi.free_symbols


class MinOver(sp.Function):
    """``\\min_{v > a} body`` (strict lower bound ``a``) of an explicit expression: args (body, v, a)."""

    is_real = True
    nargs = 3

    @property
    def free_symbols(self) -> set:
        body, v, a = self.args
        return (body.free_symbols - {v}) | a.free_symbols


_ATOMS = (FamilySum, FamilyExtremum, MinOver)


def has_iterates(*exprs: Any) -> bool:
    return any(isinstance(e, sp.Basic) and e.has(*_ATOMS) for e in exprs)


def without_iterates(claim: Claim, ctx: Context) -> Context:
    """The hypotheses without those that hold a sum or extremum over iterates, for a claim without one (no
    method reads them there, and they stop the solvers): as if the definition had not been read."""
    if not any(has_iterates(h) for h in ctx.hypotheses) or has_iterates(claim.lhs, claim.rhs):
        return ctx
    return Context(tuple(h for h in ctx.hypotheses if not has_iterates(h)), ctx.symmetric, ctx.positive_definite)


# --- members read at another index -------------------------------------------------------------------------------

def _linear(content: str) -> dict[str, int] | None:
    """``k+1`` as {"k": 1, "": 1}; None unless letters and integers joined by + and -."""
    out: dict[str, int] = {}
    pos, sign, expect = 0, 1, True
    content = content.strip()
    if not content:
        return None
    while pos < len(content):
        m = _TOKEN.match(content, pos)
        if m is None:
            return None
        pos = m.end()
        if m.group(3):
            if not expect and m.group(3) in "+-":
                sign, expect = (1 if m.group(3) == "+" else -1), True
                continue
            if expect and m.group(3) == "-":
                sign = -sign
                continue
            return None
        if not expect:
            return None
        key = "" if m.group(1) else m.group(2)
        out[key] = out.get(key, 0) + sign * (int(m.group(1)) if m.group(1) else 1)
        sign, expect = 1, False
    return None if expect else out


def _mentions(content: str, letter: str) -> bool:
    return re.search(rf"(?<![A-Za-zι\\]){re.escape(letter)}(?![A-Za-zι])", content) is not None


def _spelt(value: Any) -> str:
    return sp.sstr(value).replace(" ", "")


class Unreadable(Exception):
    """A member names the index in a form that is not an integer shift."""


def _renamed(name: str, letter: str, value: Any) -> str | None:
    """``name`` with the index ``letter`` in its subscripts replaced by ``value``; None when no subscript holds it."""
    hit = False

    def sub(m: re.Match) -> str:
        nonlocal hit
        content = m.group(1) if m.group(1) is not None else m.group(2)
        if not _mentions(content, letter):
            return m.group(0)
        lin = _linear(content)
        if lin is None or any(k not in ("", letter) and _mentions(k, letter) for k in lin):
            raise Unreadable(name)
        hit = True
        rest = sum((sp.Symbol(k) * c for k, c in lin.items() if k not in ("", letter)), sp.Integer(0))
        new = _spelt(lin.get(letter, 0) * value + lin.get("", 0) + rest)
        return f"_{{{new}}}" if m.group(1) is not None else f"^{{({new})}}"

    out = _GROUP.sub(sub, name)
    return out if hit else None


def offset_of(name: str, letter: str) -> int | None:
    """The shift c of a member named with ``letter + c`` in its subscripts (the smallest); None if none."""
    found = []
    for m in _GROUP.finditer(name):
        content = m.group(1) if m.group(1) is not None else m.group(2)
        if not _mentions(content, letter):
            continue
        lin = _linear(content)
        if lin is None or lin.get(letter) != 1 or len(lin) > 2 + (0 if "" in lin else -1):
            raise Unreadable(name)
        found.append(lin.get("", 0))
    return min(found) if found else None


class Scalars:
    """1x1 matrix expressions as scalars: ``u^T v`` of two vectors is one real atom ``<u,v>`` (symmetric), so
    that sums of norms and inner products combine as polynomials; :meth:`back` restores the matrices."""

    def __init__(self, facts: Callable[[Any], list] | None = None) -> None:
        self.inner: dict[sp.Symbol, tuple[Any, Any]] = {}
        self.traces: dict[sp.Symbol, Any] = {}
        self.facts = facts  # hypotheses about the atoms of an expression (f(x_K) >= f^*), from the caller

    def ip(self, u: Any, v: Any) -> sp.Symbol:
        a, b = sorted((u, v), key=lambda w: w.name)
        s = sp.Symbol(f"<{a.name},{b.name}>", real=True)
        self.inner[s] = (a, b)
        return s

    def opaque(self, m: Any) -> sp.Symbol:
        s = sp.Symbol(f"[{sp.sstr(m)}]", real=True)
        self.traces[s] = m
        return s


def members_as_names(e: Any) -> Any:
    """A family read as a function of its index (``\\eta(k)``, symgd.latex.symbolic_families) written back as its
    members' names (``\\eta_{k}``, ``\\eta_{K-1}``), as a step without a sum reads them."""
    if not isinstance(e, sp.Basic):
        return e
    names = set()
    for s in e.atoms(sp.Sum, FamilySum):
        var = s.limits[0][0] if isinstance(s, sp.Sum) else s.args[1]
        body = s.function if isinstance(s, sp.Sum) else s.args[0]
        for a in body.atoms(AppliedUndef):
            if len(a.args) == 1 and any(getattr(x, "name", "") == var.name for x in a.args[0].free_symbols):
                names.add(a.func)
    reps = {}
    for a in e.atoms(AppliedUndef):  # f(x_k) of a scalar x_k: the value f(x_{k}), as of a vector
        if a.func not in names and len(a.args) == 1 and isinstance(a.args[0], sp.Symbol) and re.search(
                r"[_^]", a.args[0].name) and re.fullmatch(r"\\?[A-Za-z]+", a.func.__name__):
            reps[a] = sp.Symbol(f"{a.func.__name__}({a.args[0].name})", real=True)
    for a in e.atoms(AppliedUndef):
        if a.func in names and len(a.args) == 1 and _linear(_spelt(a.args[0])) is not None:
            reps[a] = sp.Symbol(f"{a.func.__name__}_{{{_spelt(a.args[0])}}}", **{
                k: v for k, v in a.assumptions0.items() if k in ("real", "positive", "nonnegative")})
    return e.xreplace(reps) if reps else e


def unified(*exprs: Any) -> list:
    """The expressions with one symbol per name (the one with the most assumptions: ``\\eta_{k}`` positive in one
    reading and only real in another is one member)."""
    best: dict[str, Any] = {}
    for e in exprs:
        for a in e.atoms(sp.Symbol) if isinstance(e, sp.Basic) else ():
            if not isinstance(a, sp.Dummy):
                if a.name not in best or len(a.assumptions0) > len(best[a.name].assumptions0):
                    best[a.name] = a
    out = []
    for e in exprs:
        reps = {a: best[a.name] for a in (e.atoms(sp.Symbol) if isinstance(e, sp.Basic) else ())
                if a.name in best and best[a.name] is not a}
        out.append(e.xreplace(reps) if reps else e)
    return out


def scalar(e: Any, sc: Scalars) -> Any:
    """``e`` (a scalar, a 1x1 matrix expression or a trace of one) as a scalar in inner-product atoms."""
    if isinstance(e, _ATOMS):
        return e
    if is_matrix(e):
        if e.shape != (1, 1):
            raise Unreadable("a matrix")
        ex = sp.expand(e)
        terms = ex.args if isinstance(ex, sp.MatAdd) else (ex,)
        return sp.Add(*[_matrix_term(t, sc) for t in terms])
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, sp.Trace):
        return scalar(e.arg, sc)
    if isinstance(e, MatrixElement) and e.parent.shape == (1, 1):
        return scalar(e.parent, sc)
    if e.has(sp.MatrixSymbol) or e.has(sp.Trace):
        return e.func(*[scalar(a, sc) for a in e.args])
    return e


def _matrix_term(t: Any, sc: Scalars) -> Any:
    if isinstance(t, sp.MatMul):
        coeff = sp.Mul(*[a for a in t.args if not is_matrix(a)])
        mats = [a for a in t.args if is_matrix(a)]
    elif isinstance(t, sp.MatrixExpr) and not isinstance(t, sp.MatMul):
        coeff, mats = sp.Integer(1), [t]
    else:
        return t
    if len(mats) == 1 and isinstance(mats[0], sp.Identity):
        return coeff
    if len(mats) == 1 and isinstance(mats[0], sp.ZeroMatrix):
        return sp.Integer(0)
    if len(mats) == 2 and isinstance(mats[0], sp.Transpose) and isinstance(mats[0].arg, sp.MatrixSymbol) \
            and isinstance(mats[1], sp.MatrixSymbol):
        return coeff * sc.ip(mats[0].arg, mats[1])
    if len(mats) == 1 and isinstance(mats[0], sp.MatrixSymbol) and mats[0].shape == (1, 1):
        return coeff * sc.opaque(mats[0])
    return coeff * sc.opaque(sp.MatMul(*mats))


def unscalar(e: Any, sc: Scalars) -> Any:
    """A scalar in inner-product atoms back as a 1x1 matrix expression (the parser's form of a vector claim)
    when it has any, else as it is."""
    atoms = [s for s in e.free_symbols if s in sc.inner or s in sc.traces] if isinstance(e, sp.Basic) else []
    if not atoms:
        return e
    mats = {s: (sc.inner[s][0].T * sc.inner[s][1] if s in sc.inner else sc.traces[s]) for s in atoms}
    poly = sp.Poly(sp.expand(e), *atoms)
    out = sp.ZeroMatrix(1, 1)
    for monom, coeff in poly.terms():
        term: Any = coeff * sp.Identity(1)
        for s, k in zip(atoms, monom, strict=True):
            for _ in range(k):
                term = term * mats[s]
        out = out + term
    return out


def at_index(e: Any, letter: str, value: Any, sc: Scalars) -> Any:
    """``e`` with every member named with the index ``letter`` read at ``value`` (``x_{k+1}`` at k = K - 1 is
    ``x_{K}``), and the letter itself (``1/k``) replaced by ``value``."""
    if not isinstance(e, sp.Basic):
        return e
    reps: dict = {}
    for a in e.atoms(sp.Symbol, sp.MatrixSymbol):
        if a in sc.inner:
            u, v = sc.inner[a]
            reps[a] = sc.ip(at_index(u, letter, value, sc), at_index(v, letter, value, sc))
        elif a in sc.traces:
            reps[a] = sc.opaque(at_index(sc.traces[a], letter, value, sc))
        elif isinstance(a, sp.Symbol) and a.name == letter:
            reps[a] = value
        else:
            new = _renamed(a.name, letter, value)
            if new is None:
                continue
            reps[a] = sp.MatrixSymbol(new, *a.shape) if isinstance(a, sp.MatrixSymbol) else a.func(
                new, **a.assumptions0)
    return e.xreplace(reps)


def _depends(t: Any, letter: str, sc: Scalars) -> bool:
    for a in t.atoms(sp.Symbol, sp.MatrixSymbol):
        if isinstance(a, sp.Symbol) and a.name == letter:
            return True
        names = [w.name for w in sc.inner[a]] if a in sc.inner else (
            [w.name for w in sc.traces[a].atoms(sp.MatrixSymbol)] if a in sc.traces else [a.name])
        if any(_GROUP.search(n) and any(_mentions(m.group(1) or m.group(2) or "", letter) for m in
                                        _GROUP.finditer(n)) for n in names):
            return True
    return False


def _shift(t: Any, letter: str, sc: Scalars) -> int:
    """The smallest index shift of the members in ``t`` (0 when only the letter itself occurs)."""
    found = []
    for a in t.atoms(sp.Symbol, sp.MatrixSymbol):
        names = [w.name for w in sc.inner[a]] if a in sc.inner else (
            [w.name for w in sc.traces[a].atoms(sp.MatrixSymbol)] if a in sc.traces else [a.name])
        for n in names:
            c = offset_of(n, letter)
            if c is not None:
                found.append(c)
    return min(found) if found else 0


# --- linear combinations of sums -----------------------------------------------------------------------------

class Gap:
    """``outside + sum of coeff * \\sum_{m=lo}^{hi} kernel(m)`` (kernels in the canonical index)."""

    def __init__(self, outside: Any, sums: list[tuple[Any, Any, Any, Any]]) -> None:
        self.outside, self.sums = outside, sums  # (coeff, kernel, lo, hi)


def gap_terms(e: Any, sc: Scalars) -> Gap:
    """``e`` (a scalar with :class:`FamilySum` atoms entering linearly) as a :class:`Gap` with every sum of one
    kernel combined over one range (the end terms written out).  Raises :class:`Unreadable`."""
    e = sp.expand(e)
    outside: Any = sp.Integer(0)
    raw: list[tuple[Any, Any, Any, Any]] = []
    for term in sp.Add.make_args(e):
        sums = [a for a in term.atoms(FamilySum)]
        if not sums:
            outside += term
            continue
        if len(sums) != 1:
            raise Unreadable("a product of sums")
        s = sums[0]
        coeff = sp.cancel(term / s)
        if coeff.has(FamilySum):
            raise Unreadable("a sum not entering linearly")
        body, j, lo, hi = s.args
        body = sp.expand(scalar(body, sc))
        if body.has(FamilyExtremum, MinOver, FamilySum):
            raise Unreadable("a nested sum or extremum")
        canon = sp.Symbol(_CANON, integer=True)
        for t in sp.Add.make_args(body):
            if not _depends(t, j.name, sc):
                raw.append((coeff * t, sp.Integer(1), lo, hi))  # a constant summand: counted below
                continue
            c = _shift(t, j.name, sc)
            for piece in sp.Add.make_args(sp.expand(at_index(t, j.name, canon - c, sc))):  # (i - 1) a_i: two kernels
                k_coeff, k_rest = _split(piece, sc)
                raw.append((coeff * k_coeff, k_rest, lo + c, hi + c))
    table: dict[Any, list] = {}
    for coeff, kernel, lo, hi in raw:
        table.setdefault(kernel, []).append((coeff, lo, hi))
    combined = []
    canon = sp.Symbol(_CANON, integer=True)
    for kernel, parts in table.items():
        _, lo0, hi0 = parts[0]
        total: Any = sp.Integer(0)
        for coeff, lo, hi in parts:
            dl, dh = sp.simplify(lo - lo0), sp.simplify(hi - hi0)
            if not (dl.is_Integer and dh.is_Integer) or abs(int(dl)) > _MAX_SHIFT or abs(int(dh)) > _MAX_SHIFT:
                raise Unreadable("sums of one kernel over ranges that differ by more than a few indices")
            total += coeff

            def at(m: Any, kernel: Any = kernel) -> Any:
                return kernel if kernel == 1 else at_index(kernel, _CANON, m, sc)
            for m in range(int(dl)):  # lo > lo0: the first terms are not in this sum
                outside -= coeff * at(lo0 + m)
            for m in range(-int(dl)):
                outside += coeff * at(lo + m)
            for m in range(int(dh)):
                outside += coeff * at(hi0 + 1 + m)
            for m in range(-int(dh)):
                outside -= coeff * at(hi + 1 + m)
        total = sp.expand(total)
        if total == 0:
            continue
        if kernel == 1:
            outside += total * (hi0 - lo0 + 1)
            continue
        combined.append((total, kernel, lo0, hi0))
    del canon
    return Gap(sp.expand(outside), combined)


def _split(kernel: Any, sc: Scalars) -> tuple[Any, Any]:
    """A product kernel as (factor free of the index, rest)."""
    coeff, rest = sp.Integer(1), sp.Integer(1)
    for f in sp.Mul.make_args(kernel):
        if _depends(f, _CANON, sc):
            rest *= f
        else:
            coeff *= f
    return coeff, rest


def counts(e: Any) -> list:
    """``hi - lo + 1 >= 0`` for each sum of ``e`` (a sum runs over zero or more terms)."""
    out = []
    for s in e.atoms(FamilySum):
        _, _, lo, hi = s.args
        c = sp.Ge(hi - lo + 1, 0)
        if c is not sp.true and c not in out:
            out.append(c)
    return out


Decider = Callable[[Claim, Context, float], Any]  # decide(claim, ctx, timeout) -> Verdict


def settle_gap(g: Gap, sc: Scalars, ctx: Context, decide: Decider, timeout: float) -> str | None:
    """``g >= 0`` proved: sums left over must have summands of proved sign (>= 0 with their coefficient,
    over ranges of zero or more terms), then the rest without sums is decided.  The method or None."""
    canon = sp.Symbol(_CANON, integer=True)
    used = []
    if not all(_plausibly_signed(kernel, sc) for _, kernel, _, _ in g.sums):
        return None  # a sum of terms of no fixed sign is left: no solver time spent on it
    for coeff, kernel, lo, hi in g.sums:
        member = unscalar(sp.expand(coeff * kernel), sc)
        hyps = (*ctx.hypotheses, canon >= lo, canon <= hi, sp.Ge(hi - lo + 1, 0))
        zero = sp.ZeroMatrix(1, 1) if is_matrix(member) else sp.Integer(0)
        v = decide(Claim(zero, Rel.LE, member), Context(hyps, ctx.symmetric, ctx.positive_definite),
                   min(timeout / 3, 1.0))  # a term's sign: quick when it holds
        if not v.proved:
            return None
        used.append(f"each term {sp.sstr(sp.expand(coeff * kernel))} >= 0 ({v.method})")
    rest = unscalar(g.outside, sc)
    zero = sp.ZeroMatrix(1, 1) if is_matrix(rest) else sp.Integer(0)
    if rest == 0 or rest == zero:
        return "; ".join([*used, "nothing is left"])
    v = decide(Claim(zero, Rel.LE, rest), ctx, timeout)
    said = ""
    if not v.proved and sc.facts is not None:
        extra = sc.facts(g.outside)
        if extra:
            v = decide(Claim(zero, Rel.LE, rest), Context((*ctx.hypotheses, *extra), ctx.symmetric,
                                                          ctx.positive_definite), timeout)
            said = "; with " + ", ".join(sp.sstr(h) for h in extra)
    if not v.proved:
        return None
    return "; ".join([*used, f"what is left, {sp.sstr(g.outside)} >= 0 ({v.method}{said})"])


def _plausibly_signed(kernel: Any, sc: Scalars) -> bool:
    """Whether a kernel is a product of factors of known sign: squares, |v|^2 (<v,v>), the index, a symbol declared
    positive or nonnegative (a cheap filter before the solvers: it decides nothing)."""
    for f in sp.Mul.make_args(kernel):
        base, exp = f.as_base_exp()
        if exp.is_Integer and int(exp) % 2 == 0:
            continue
        if isinstance(base, sp.Symbol) and (base.name == _CANON or base.is_nonnegative or (
                base in sc.inner and sc.inner[base][0] == sc.inner[base][1])):
            continue
        return False
    return True


# --- minima and maxima ---------------------------------------------------------------------------------------

def extremum_reductions(gap: Any, sc: Scalars, sign: Callable[[Any, list], int] | None = None
                        ) -> list[tuple[Any, str, list]]:
    """Stronger claims ``gap' >= 0`` that imply ``gap >= 0`` with every :class:`FamilyExtremum` replaced:
    (new gap, how, extra hypotheses).  A minimum on the small side (negative coefficient) by the average, the
    first or the last member (the minimum is at most each); on the large side by a generic member in the range
    (the minimum is one of them).  Maxima alike, with the signs reversed.  A range is nonempty (what a minimum
    over it presupposes)."""
    ext = sorted(gap.atoms(FamilyExtremum), key=sp.default_sort_key)
    if not ext:
        return [(gap, "", [])]
    if len(ext) > 1:
        return []
    x = ext[0]
    body, j, lo, hi, kind = x.args
    d = sp.Dummy("m")
    lin = sp.expand(gap.xreplace({x: d}))
    coeff = sp.expand(sp.diff(lin, d))
    nonempty = [sp.Ge(hi - lo + 1, 1)]
    if coeff.has(d) or coeff == 0 or coeff.has(*_ATOMS):
        return []
    if coeff.is_number:
        negative = bool(coeff < 0)
    else:  # the sign proved (K in K \min_k a_k, with K >= 1 from the nonempty range)
        got = sign(coeff, nonempty) if sign is not None else 0
        if not got:
            return []
        negative = got < 0
    small = negative == (kind == 0)  # min on the small side, or max on the large side
    what = "minimum" if kind == 0 else "maximum"
    out = []
    if small:
        count = hi - lo + 1
        avg = FamilySum(body, j, lo, hi) / count
        out.append((lin.xreplace({d: avg}), f"the {what} is at most the average over {j} = {lo}..{hi}" if kind == 0
                    else f"the {what} is at least the average over {j} = {lo}..{hi}", nonempty))
        for end in (hi, lo):
            out.append((lin.xreplace({d: scalar(at_index(body, j.name, end, sc), sc)}),
                        f"the {what} over {j} = {lo}..{hi} is {'at most' if kind == 0 else 'at least'} the member "
                        f"at {j} = {end}", nonempty))
    else:
        canon = sp.Symbol(_CANON, integer=True)
        out.append((lin.xreplace({d: scalar(at_index(body, j.name, canon, sc), sc)}),
                    f"the {what} over {j} = {lo}..{hi} is one of the members: each member ({_CANON} in the range)",
                    [*nonempty, canon >= lo, canon <= hi]))
    return out


def minima_replaced(gap: Any, ctx: Context, decide: Decider, timeout: float) -> tuple[Any, list[str]] | None:
    """``gap`` with each minimum over a half-line replaced by its value (:func:`minimum_value`), and the methods that
    found them; None when one has no value."""
    notes = []
    for m in sorted(gap.atoms(MinOver), key=sp.default_sort_key):
        value = minimum_value(m, ctx, decide, timeout)
        if value is None:
            return None
        gap = gap.xreplace({m: value[0]})
        notes.append(value[1])
    return gap, notes


def minimum_value(m: MinOver, ctx: Context, decide: Decider, timeout: float) -> tuple[Any, str] | None:
    """``\\min_{v > a} g(v)`` as a value: a critical point r > a of g, with g'' >= 0 for every v > a (g convex
    on the half-line: the critical point is a global minimizer there).  (value, method) or None."""
    body, v, a = m.args
    x = sp.Dummy("v", real=True)
    g = body.xreplace({v: x})
    if g.has(*_ATOMS) or is_matrix(g):
        return None
    d1 = sp.together(sp.diff(g, x))
    try:
        roots = sp.solve(sp.numer(d1), x)
    except Exception:  # no closed form for the critical point
        return None
    sub = Context((*ctx.hypotheses, x > a), ctx.symmetric, ctx.positive_definite)
    conv = decide(Claim(sp.Integer(0), Rel.LE, sp.diff(g, x, 2)), sub, timeout / 3)
    if not conv.proved:
        return None
    for r in roots:
        if r.has(x) or (isinstance(r, sp.Basic) and r.is_real is False):
            continue
        inside = decide(Claim(a, Rel.LT, r), ctx, timeout / 3)
        if not inside.proved:
            continue
        if sp.simplify(d1.xreplace({x: r})) != 0:
            continue
        value = sp.simplify(g.xreplace({x: r}))
        return value, (f"the minimum over {v} > {a} is at the critical point {v} = {sp.sstr(r)} (in the domain: "
                       f"{inside.method}), g'' >= 0 there ({conv.method}): value {sp.sstr(value)}")
    return None


# --- a per-step inequality summed ----------------------------------------------------------------------------

def summed_premise(gap: Any, step: Any, letter: str, sc: Scalars, ctx: Context, decide: Decider,
                   timeout: float, start: int = 0, summed: bool = True, weights: tuple = (False, True)) -> str | None:
    """``gap >= 0`` (a scalar with sums) from ``step >= 0`` (b(k) - a(k) of a per-step inequality in the index
    ``letter``, which holds for every k >= ``start``): the step summed over a range of the claim's sums (shifted
    by -1, 0, 1) with a multiplier lambda > 0 that leaves no sum the decider cannot settle.  The method or None."""
    lam = sp.Dummy("lambda")
    if not summed:  # a bound that holds once (it has sums of its own): a multiple of it
        return _with_multiple(gap, step, lam, sc, ctx, decide, timeout, [], "the bound")
    ranges = []
    for s in sorted(gap.atoms(FamilySum), key=sp.default_sort_key):
        _, _, lo, hi = s.args
        for a, b in ((0, 0), (-1, -1), (1, 1), (0, -1), (1, 0)):
            if (lo + a, hi + b) not in ranges:
                ranges.append((lo + a, hi + b))
    j = sp.Symbol(letter, integer=True)
    for weighted in weights:  # a constant multiplier, then one linear in the index (Abel summation)
        for lo, hi in ranges:
            if not (lo.is_Integer and int(lo) >= start):
                continue  # the step holds from its start on
            slope = sp.Dummy("slope") if weighted else sp.Integer(0)
            weight = 1 + slope * (j - lo)
            m = _with_multiple(gap, FamilySum(sp.expand(weight * step), j, lo, hi), lam, sc, ctx, decide, timeout,
                               [sp.Ge(hi - lo + 1, 0)], f"the step summed over {letter} = {sp.sstr(lo)}..{sp.sstr(hi)}",
                               slope=slope if weighted else None, weight=weight, j=j, rng=(lo, hi))
            if m:
                return m
    return None


def _with_multiple(gap: Any, premise: Any, lam: Any, sc: Scalars, ctx: Context, decide: Decider, timeout: float,
                   extra: list, what: str, slope: Any = None, weight: Any = 1, j: Any = None,
                   rng: tuple = ()) -> str | None:
    """``gap >= 0`` from ``premise >= 0``: gap - lambda premise >= 0 for a lambda > 0 that cancels some sum.  With
    a ``slope``, the premise is a sum of steps weighted by ``1 + slope (j - lo)``: the weight must be >= 0 at both
    ends of the range (it is linear in j), and lambda and the slope are solved together."""
    gap, premise = unified(gap, premise)
    try:
        g = gap_terms(gap - lam * premise, sc)
    except Unreadable:
        return None
    unknowns = [lam] if slope is None else [lam, slope]
    nonzero = [sp.Ne(b, 0) for b in gap.atoms(sp.Pow) if b.exp.is_negative and isinstance(b.base, sp.Symbol)
               for b in [b.base] if b.is_real is not False]  # the claim divides by K: where it is defined
    ctx = Context((*ctx.hypotheses, *counts(gap), *nonzero), ctx.symmetric, ctx.positive_definite)
    for values in _multipliers(g, unknowns):
        value = values[lam]
        if value.is_number and not value > 0:
            continue
        if not (value.is_number and value > 0):
            pos = decide(Claim(sp.Integer(0), Rel.LT, value), ctx, min(timeout / 6, 0.5))
            if not pos.proved:
                continue
        hyps = Context((*ctx.hypotheses, *extra, *counts(gap)), ctx.symmetric, ctx.positive_definite)
        if slope is not None:
            w = weight.xreplace({slope: values[slope]})
            if w == 1 or not all(decide(Claim(sp.Integer(0), Rel.LE, w.xreplace({j: end})), hyps,
                                        min(timeout / 6, 0.5)).proved for end in rng):
                continue  # a constant weight was tried already; a negative weight sums no inequality
        fixed = Gap(sp.expand(g.outside.xreplace(values)),
                    [(sp.expand(c.xreplace(values)), k, a, b) for c, k, a, b in g.sums])
        fixed.sums = [x for x in fixed.sums if x[0] != 0]
        if any(c.has(*unknowns) for c, *_ in fixed.sums) or fixed.outside.has(*unknowns):
            continue
        m = settle_gap(fixed, sc, hyps, decide, min(timeout / 2, 2.0))
        if m:
            times = "" if value == 1 else f"{sp.sstr(value)} times "
            weighted = "" if slope is None else f", each step weighted by {sp.sstr(weight.xreplace(values))} >= 0"
            return f"{times}{what}{weighted}: {m}"
    return None


def _multipliers(g: Gap, unknowns: list) -> list[dict]:
    """Values of the unknowns (lambda, a slope) that cancel the sums: all of them, else those of the claim's own
    sums (the others keep a sign); for lambda alone each coefficient in turn."""
    if len(unknowns) == 1:
        return [{unknowns[0]: v} for v in _multiplier(g, unknowns[0])]
    coeffs = [c for c, *_ in g.sums if c.has(*unknowns)]
    own = [c for c in coeffs if c.xreplace({u: 0 for u in unknowns}) != 0]
    ends = []  # the end terms written out (f(x_1), f(x_K)) cancel too
    for a in sorted(g.outside.free_symbols - set(unknowns), key=sp.default_sort_key):
        if not re.search(r"[({<]", a.name):  # members and values at them, not parameters (K, L)
            continue
        c = sp.expand(sp.diff(g.outside, a))
        if c.has(*unknowns) and not c.has(a):
            ends.append(c)
    out = []
    for eqs in (coeffs + ends, own + ends, coeffs, own):
        try:
            sols = sp.solve(eqs, unknowns, dict=True) if eqs else []
        except Exception:  # no linear solution
            sols = []
        for sol in sols:
            if all(u in sol and not sol[u].has(*unknowns) for u in unknowns) and sol not in out:
                out.append({u: sp.simplify(sol[u]) for u in unknowns})
    return out[:2]


def _multiplier(g: Gap, lam: Any) -> list:
    """Values of lambda that cancel the coefficient of some sum (those that vanish identically need none)."""
    out = []
    for c, *_ in g.sums:
        if c.has(lam):
            sol = sp.solve(c, lam)
            for s in sol:
                s = sp.simplify(s)
                if s not in out and not s.has(lam):
                    out.append(s)
    if not out:
        out.append(sp.Integer(1))
    return out[:3]


# --- the row of the decision table ---------------------------------------------------------------------------

def signs(ctx: Context, decide: Decider, timeout: float) -> Callable[[Any, list], int]:
    """The sign of an expression proved under the hypotheses and ``extra``: 1, -1 or 0 (not proved)."""
    def sign(e: Any, extra: list) -> int:
        cx = Context((*ctx.hypotheses, *extra), ctx.symmetric, ctx.positive_definite)
        if decide(Claim(sp.Integer(0), Rel.LT, e), cx, timeout / 4).proved:
            return 1
        if decide(Claim(e, Rel.LT, sp.Integer(0)), cx, timeout / 4).proved:
            return -1
        return 0
    return sign


def prove_alone(claim: Claim, ctx: Context, decide: Decider, timeout: float) -> str | None:
    """A claim with sums or extrema over iterates proved from itself: minima over a half-line by calculus, extrema
    replaced by the average or a member, the sums combined (linearity, index shifts, telescoping).  None if not."""
    c = claim.normalized()
    if c.rel not in (Rel.LE, Rel.LT, Rel.EQ) or c.order is not None:
        return None
    sc = Scalars()
    try:
        gap = scalar((c.rhs - c.lhs) if c.rel is not Rel.EQ else (c.lhs - c.rhs), sc)
    except Unreadable:
        return None
    replaced = minima_replaced(gap, ctx, decide, timeout)
    if replaced is None:
        return None
    gap, notes = replaced
    if c.rel is Rel.EQ:
        if gap.has(FamilyExtremum):
            return None
        try:
            g = gap_terms(gap, sc)
        except Unreadable:
            return None
        if g.sums:
            return None
        rest = unscalar(g.outside, sc)
        zero = sp.ZeroMatrix(1, 1) if is_matrix(rest) else sp.Integer(0)
        v = decide(Claim(rest, Rel.EQ, zero), ctx, timeout)
        return "; ".join([*notes, "the sums combined (linearity, index shifts, telescoping)", v.method]) \
            if v.proved else None
    for strong, how, extra in extremum_reductions(gap, sc, signs(ctx, decide, timeout)):
        cx = Context((*ctx.hypotheses, *extra), ctx.symmetric, ctx.positive_definite)
        try:
            g = gap_terms(strong, sc)
        except Unreadable:
            continue
        hyps = Context((*cx.hypotheses, *counts(strong)), cx.symmetric, cx.positive_definite)
        m = settle_gap(g, sc, hyps, decide, timeout)
        if m:
            return "; ".join([*notes, *([how] if how else []), f"the sums combined (linearity, index shifts, "
                                                               f"telescoping): {m}"])
    return None


DECIDE: Callable[..., Any] | None = None  # symgd.decide.decide, set by the package as it loads (importing it here
# would close a cycle: the package imports the table, which lists this row)


class OverIterates:
    """Sums over members of a family to a symbolic bound, extrema over an index range, a minimum over a half-line:
    the claim decided from itself (:func:`prove_alone`); such a claim is never sampled (refutation.py)."""

    name = "sums and extrema over iterates"

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        return cited.premise is None and cited.certificate is None and has_iterates(claim.lhs, claim.rhs)

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        if DECIDE is None:
            return None
        try:
            return prove_alone(claim, ctx, lambda c, cx, t: DECIDE(c, cx, timeout=t), 3.0)
        except Exception:  # a SymPy failure is no proof
            return None
