"""The outside corpus's data type and its ground-truth machinery, independent of symgd.

Every entry holds a claim in the LaTeX its source writes, the declarations a user would pass to
``symgd.check`` and, separately, the SAME mathematics as a small Python function ``gt(m, **vars)`` that
returns ``(lhs, rel, rhs)`` (or a list of them for a chain) built with a math namespace ``m``: SymPy for
exact work, mpmath for high-precision sampling.  Nothing here imports symgd; the LaTeX is never parsed
here -- the ground truth is written by hand next to it.

Ground truth (see :func:`ground_truth`):
* a false claim carries a counterexample: exact rational values (lists for vectors, nested lists for
  matrices) at which every hypothesis holds and the claim fails, checked by SymPy (rationals exactly,
  algebraic / transcendental values to 60 digits with a margin);
* a true identity is proved by SymPy (cancel / simplify of lhs - rhs with vectors and matrices as
  symbolic 3-dimensional coordinates); when SymPy cannot (sums up to a symbolic T, special functions)
  the entry says why it holds and it is checked exactly at 15 admissible integer/rational points
  (``numeric=True``: at 60 points in 40-digit arithmetic, for a sum SymPy is too slow to evaluate);
* a true inequality has a proof sketch or reference (``why``) and is checked at 60 admissible
  points (boundary values included: the value pool makes bounds like mu = L or eta = 1/L occur)
  in 40-digit arithmetic, with a relative tolerance of 1e-30 (so a strict inequality that fails only
  at a boundary is caught by its counterexample, not by sampling).
Every false claim of the corpus is also violated at some point the sampler draws (a test checks it, except for the
two whose only violations are at the boundary of a strict inequality), so the sampler has the power to see slips.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath as mp
import sympy as sp

__all__ = ["MP", "SYM", "Entry", "F", "M", "T", "ground_truth", "parse_vars"]

DIM = 3  # symbolic coordinates for vector / matrix identities


@dataclass(frozen=True)
class Entry:
    """One claim of the outside corpus (``truth`` None: a malformed input that must be refused)."""

    id: str
    latex: str
    truth: bool | None
    cite: str
    kind: str
    decl: dict = field(default_factory=dict)
    gt: Callable | None = None
    vars: str = ""
    hyps: Callable | None = None
    cex: dict | None = None
    why: str = ""
    numeric: bool = False  # a true identity SymPy is too slow to prove: checked at sampled points (40 digits)

    @property
    def source(self) -> str:
        return self.id.split("-")[0]


def T(id: str, latex: str, gt: Callable, vars: str, cite: str, kind: str, why: str = "",
      hyps: Callable | None = None, **decl: Any) -> Entry:
    """A true claim."""
    numeric = decl.pop("numeric", False)
    return Entry(id, latex, True, cite, kind, _decl(decl), gt, vars, hyps, None, why, numeric)


def F(id: str, latex: str, gt: Callable, vars: str, cite: str, kind: str, cex: dict,
      hyps: Callable | None = None, why: str = "", **decl: Any) -> Entry:
    """A false claim with its counterexample."""
    return Entry(id, latex, False, cite, kind, _decl(decl), gt, vars, hyps, cex, why)


def M(id: str, latex: str, why: str, **decl: Any) -> Entry:
    """A malformed or ambiguous input: symgd must refuse it (BadInput / exit 2)."""
    return Entry(id, latex, None, "malformed input", "malformed", _decl(decl), why=why)


def _decl(decl: dict) -> dict:
    return {k: (v if isinstance(v, list) else [v]) for k, v in decl.items()}


# --------------------------------------------------------------------------- math namespaces


class _Sym:
    """SymPy: exact values and symbolic coordinates."""

    sqrt, log, exp, Abs = staticmethod(sp.sqrt), staticmethod(sp.log), staticmethod(sp.exp), staticmethod(sp.Abs)
    sin, cos, atan, pi, E, oo = staticmethod(sp.sin), staticmethod(sp.cos), staticmethod(sp.atan), sp.pi, sp.E, sp.oo
    max, min, sign = staticmethod(sp.Max), staticmethod(sp.Min), staticmethod(sp.sign)

    @staticmethod
    def R(p: int, q: int = 1) -> Any:
        return sp.Rational(p, q)

    @staticmethod
    def dot(x: Any, y: Any) -> Any:
        return (x.T * y)[0, 0]

    @classmethod
    def nsq(cls, x: Any) -> Any:
        return cls.dot(x, x)

    @classmethod
    def norm(cls, x: Any) -> Any:
        return sp.sqrt(cls.dot(x, x))

    @staticmethod
    def Tr(a: Any) -> Any:
        return a.T

    @staticmethod
    def eye(n: int) -> Any:
        return sp.eye(n)

    @staticmethod
    def trace(a: Any) -> Any:
        return a.trace()

    @staticmethod
    def det(a: Any) -> Any:
        return a.det()

    @staticmethod
    def expm(a: Any) -> Any:
        return a.exp()

    @staticmethod
    def inv(a: Any) -> Any:
        return a.inv()

    @staticmethod
    def Sum(f: Callable, a: Any, b: Any) -> Any:
        if isinstance(a, int | sp.Integer) and isinstance(b, int | sp.Integer):
            return sp.Add(*[f(sp.Integer(i)) for i in range(int(a), int(b) + 1)])
        i = sp.Dummy("i", integer=True)
        return sp.summation(f(i), (i, a, b))

    @staticmethod
    def factorial(n: Any) -> Any:
        return sp.factorial(n)

    @staticmethod
    def integral(f: Callable, a: Any, b: Any) -> Any:
        s = sp.Dummy("s", real=True)
        return sp.integrate(f(s), (s, a, b))

    @staticmethod
    def diff(f: Callable, x: Any, k: int = 1) -> Any:
        s = sp.Dummy("s", real=True)
        return sp.diff(f(s), s, k).subs(s, x)

    @staticmethod
    def grad(f: Callable, x: Any) -> Any:
        """The gradient of a scalar function of a vector, at x (differentiated in coordinates)."""
        s = sp.Matrix(x.rows, 1, lambda i, _: sp.Dummy(f"s{i}", real=True))
        val = sp.sympify(_scalar(f(s)))
        return sp.Matrix([sp.diff(val, si) for si in s]).subs(dict(zip(s, x, strict=True)), simultaneous=True)

    @staticmethod
    def taylor(f: Callable, x: Any, n: int) -> Any:
        """The Taylor polynomial of f at 0 below degree n, at x (an O(x^n) claim compares these)."""
        s = sp.Dummy("s", real=True)
        return sp.series(f(s), s, 0, n).removeO().subs(s, x)


class _Mp:
    """mpmath at 40 digits: sampling."""

    sqrt, log, exp, Abs = staticmethod(mp.sqrt), staticmethod(mp.log), staticmethod(mp.exp), staticmethod(abs)
    sin, cos, atan = staticmethod(mp.sin), staticmethod(mp.cos), staticmethod(mp.atan)
    max, min = staticmethod(max), staticmethod(min)
    pi = property(lambda self: mp.pi)

    @property
    def E(self) -> Any:
        return mp.e

    @staticmethod
    def sign(x: Any) -> Any:
        return mp.sign(x)

    @staticmethod
    def R(p: int, q: int = 1) -> Any:
        return mp.mpf(p) / q

    @staticmethod
    def dot(x: Any, y: Any) -> Any:
        return mp.fsum(x[i] * y[i] for i in range(x.rows))

    @classmethod
    def nsq(cls, x: Any) -> Any:
        return cls.dot(x, x)

    @classmethod
    def norm(cls, x: Any) -> Any:
        return mp.sqrt(cls.dot(x, x))

    @staticmethod
    def Tr(a: Any) -> Any:
        return a.T

    @staticmethod
    def eye(n: int) -> Any:
        return mp.eye(n)

    @staticmethod
    def trace(a: Any) -> Any:
        return mp.fsum(a[i, i] for i in range(a.rows))

    @staticmethod
    def det(a: Any) -> Any:
        return mp.det(a)

    @staticmethod
    def expm(a: Any) -> Any:
        return mp.expm(a)

    @staticmethod
    def inv(a: Any) -> Any:
        return a ** -1

    @staticmethod
    def Sum(f: Callable, a: Any, b: Any) -> Any:
        if b == mp.inf:  # direct summation until the terms are negligible (nsum's extrapolation is not)
            total, i, small, prev = mp.mpf(0), int(a), 0, mp.inf
            while small < 20 and i < 40000:
                term = f(mp.mpf(i))
                total += term
                tiny = abs(term) < mp.mpf(10) ** -45 * (1 + abs(total)) and abs(term) <= prev  # tiny and falling
                small, prev, i = (small + 1 if tiny else 0), abs(term), i + 1
            assert small >= 20, "the series did not converge in 40000 terms"
            return total
        return mp.fsum(f(mp.mpf(i)) for i in range(int(a), int(b) + 1))

    @staticmethod
    def factorial(n: Any) -> Any:
        return mp.factorial(n)

    oo = mp.inf

    @staticmethod
    def integral(f: Callable, a: Any, b: Any) -> Any:
        return mp.quad(f, [a, b])

    @staticmethod
    def diff(f: Callable, x: Any, k: int = 1) -> Any:
        return mp.diff(f, x, k)

    @staticmethod
    def grad(f: Callable, x: Any) -> Any:
        def part(i: int) -> Any:
            def along(t: Any) -> Any:
                y = x.copy()
                y[i] = t
                return _scalar(f(y))
            return mp.diff(along, x[i])
        return mp.matrix([part(i) for i in range(x.rows)])

    @staticmethod
    def taylor(f: Callable, x: Any, n: int) -> Any:
        c = mp.taylor(f, 0, n - 1)
        return mp.fsum(c[i] * x ** i for i in range(n))


SYM, MP = _Sym(), _Mp()

# --------------------------------------------------------------------------- variables

# domain -> description; scalars: R real, pos > 0, nn >= 0, neg < 0, unit (0, 1), unitc [0, 1],
# int1 integer >= 1, nat integer >= 0; vec vector, mat matrix, sym symmetric, spd positive definite.
SCALAR = {"R", "pos", "nn", "neg", "unit", "unitc", "int1", "nat"}
ARRAY = {"vec", "mat", "sym", "spd"}


def parse_vars(spec: str) -> dict[str, str]:
    out = {}
    for item in spec.split():
        name, _, dom = item.partition(":")
        dom = dom or "R"
        if dom not in SCALAR | ARRAY:
            raise ValueError(f"unknown domain {dom!r} in {spec!r}")
        out[name] = dom
    return out


def _sym_value(name: str, dom: str) -> Any:
    flags = {"R": {}, "pos": {"positive": True}, "nn": {"nonnegative": True}, "neg": {"negative": True},
             "unit": {"positive": True}, "unitc": {"nonnegative": True}, "int1": {"integer": True, "positive": True},
             "nat": {"integer": True, "nonnegative": True}}
    if dom in flags:
        return sp.Symbol(name, real=True, **flags[dom])
    if dom == "vec":
        return sp.Matrix(DIM, 1, lambda i, _: sp.Symbol(f"{name}{i}", real=True))
    if dom == "mat":
        return sp.Matrix(DIM, DIM, lambda i, j: sp.Symbol(f"{name}{i}{j}", real=True))
    return sp.Matrix(DIM, DIM, lambda i, j: sp.Symbol(f"{name}{min(i, j)}{max(i, j)}", real=True))


_POOL = [Fraction(p, q) for p, q in [(1, 1), (2, 1), (1, 2), (3, 1), (1, 3), (1, 10), (1, 100), (10, 1), (100, 1),
                                     (3, 2), (2, 3), (5, 4), (4, 5), (7, 1), (1, 7), (9, 10), (99, 100), (5, 1)]]


def _draw_scalar(rng: random.Random, dom: str) -> Fraction:
    if dom in ("int1", "nat"):
        return Fraction(rng.choice([1, 2, 3, 4, 5, 7, 10, 12, 20, 37]) if dom == "int1" or rng.random() < .9 else 0)
    if rng.random() < 0.6:
        v = rng.choice(_POOL)
    else:
        v = Fraction(rng.randint(1, 400), rng.randint(1, 60))
    if dom == "unit":
        v = v / (1 + v)
    elif dom == "unitc":
        v = rng.choice([Fraction(0), Fraction(1), v / (1 + v)])
    elif dom == "nn" and rng.random() < 0.15:
        v = Fraction(0)
    elif dom == "neg":
        v = -v
    elif dom == "R":
        v = rng.choice([v, -v, -v, Fraction(0)]) if rng.random() < 0.3 else rng.choice([v, -v])
    return v


def _draw(rng: random.Random, doms: dict[str, str], n: int) -> dict[str, Any]:
    vals: dict[str, Any] = {}
    for name, dom in doms.items():
        if dom in SCALAR:
            vals[name] = _draw_scalar(rng, dom)
        elif dom == "vec":
            vals[name] = [_draw_scalar(rng, "R") if rng.random() < .8 else Fraction(0) for _ in range(n)]
        else:
            a = [[_draw_scalar(rng, "R") for _ in range(n)] for _ in range(n)]
            if dom == "sym":
                a = [[a[min(i, j)][max(i, j)] for j in range(n)] for i in range(n)]
            elif dom == "spd":
                a = [[sum(a[k][i] * a[k][j] for k in range(n)) + (Fraction(1, 10) if i == j else 0)
                      for j in range(n)] for i in range(n)]
            vals[name] = a
    return vals


def _convert(vals: dict[str, Any], to: str) -> dict[str, Any]:
    def one(v: Any) -> Any:
        if isinstance(v, list):
            rows = v if isinstance(v[0], list) else [[c] for c in v]
            rows = [[Fraction(c) for c in r] for r in rows]
            if to == "sym":
                return sp.Matrix([[sp.Rational(c.numerator, c.denominator) for c in r] for r in rows])
            return mp.matrix([[mp.mpf(c.numerator) / c.denominator for c in r] for r in rows])
        v = Fraction(v)
        if to == "sym":
            return sp.Rational(v.numerator, v.denominator)
        return mp.mpf(v.numerator) / v.denominator

    return {k: one(v) for k, v in vals.items()}


# --------------------------------------------------------------------------- evaluation


def _links(out: Any) -> list[tuple[Any, str, Any]]:
    return out if isinstance(out, list) else [out]


def _scalar(x: Any) -> Any:
    if isinstance(x, sp.MatrixBase) and x.shape == (1, 1):
        return x[0, 0]
    if isinstance(x, mp.matrix) and x.rows == x.cols == 1:
        return x[0, 0]
    return x


def _holds_mp(lhs: Any, rel: str, rhs: Any, tol: Any) -> bool:
    lhs, rhs = _scalar(lhs), _scalar(rhs)
    if isinstance(lhs, mp.matrix) or isinstance(rhs, mp.matrix):
        d = lhs - rhs
        return rel == "=" and all(abs(d[i, j]) <= tol for i in range(d.rows) for j in range(d.cols))
    scale = tol * (1 + abs(lhs) + abs(rhs))
    d = lhs - rhs
    return {"=": abs(d) <= scale, "<=": d <= scale, ">=": d >= -scale, "<": d < scale, ">": d > -scale}[rel]


def _sign_exact(d: Any) -> int:
    """The sign of an exact SymPy number (rational exactly; otherwise 60 digits with a margin)."""
    d = sp.nsimplify(d) if isinstance(d, sp.Float) else d
    if d.is_Rational:
        return int(bool(d > 0)) - int(bool(d < 0))
    v = sp.N(d, 60)
    if not v.is_real:
        raise AssertionError(f"not a real number: {d}")
    if abs(v) < sp.Float(10) ** -45:
        s = sp.simplify(d)
        if s == 0:
            return 0
        raise AssertionError(f"cannot decide the sign of {d}")
    return 1 if v > 0 else -1


def _holds_exact(lhs: Any, rel: str, rhs: Any) -> bool:
    lhs, rhs = _scalar(lhs), _scalar(rhs)
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        d = sp.Matrix(lhs - rhs)
        return rel == "=" and all(_sign_exact(c) == 0 for c in d)
    s = _sign_exact(sp.sympify(lhs - rhs))
    return {"=": s == 0, "<=": s <= 0, ">=": s >= 0, "<": s < 0, ">": s > 0}[rel]


def _hyps_ok(e: Entry, vals: dict[str, Any], exact: bool) -> bool:
    if e.hyps is None:
        return True
    m = SYM if exact else MP
    for h in e.hyps(m, **vals):
        ok = h if isinstance(h, bool) else (_rel_true(h) if exact else bool(h))
        if not ok:
            return False
    return True


def _exact_cex(e: Entry) -> str:
    assert e.cex is not None, f"{e.id}: a false claim needs a counterexample"
    doms = parse_vars(e.vars)
    assert set(e.cex) == set(doms), f"{e.id}: counterexample names {sorted(e.cex)} vs variables {sorted(doms)}"
    vals = _convert(e.cex, "sym")
    for k, v in vals.items():
        _check_domain(e, k, doms[k], v)
    if e.hyps is not None:
        for h in e.hyps(SYM, **vals):
            ok = h if isinstance(h, bool) else _rel_true(h)
            assert ok, f"{e.id}: the counterexample violates a hypothesis {h}"
    assert e.gt is not None
    links = _links(e.gt(SYM, **vals))
    assert not all(_holds_exact(*lk) for lk in links), f"{e.id}: the counterexample does not violate the claim"
    return "counterexample"


def _rel_true(h: Any) -> bool:
    if isinstance(h, sp.logic.boolalg.BooleanAtom):
        return bool(h)
    d = sp.sympify(h.lhs - h.rhs)
    s = _sign_exact(d)
    return {sp.StrictLessThan: s < 0, sp.LessThan: s <= 0, sp.StrictGreaterThan: s > 0,
            sp.GreaterThan: s >= 0, sp.Equality: s == 0}[type(h)]


def _check_domain(e: Entry, name: str, dom: str, v: Any) -> None:
    ok = {"R": True, "pos": lambda: v > 0, "nn": lambda: v >= 0, "neg": lambda: v < 0, "unit": lambda: 0 < v < 1,
          "unitc": lambda: 0 <= v <= 1, "int1": lambda: v.is_integer and v >= 1,
          "nat": lambda: v.is_integer and v >= 0, "vec": lambda: v.shape[1] == 1, "mat": True,
          "sym": lambda: v == v.T, "spd": lambda: v == v.T and all(ev > 0 for ev in v.eigenvals())}[dom]
    assert ok is True or ok(), f"{e.id}: counterexample {name} = {v} is not in its domain {dom}"


def _symbolic_identity(e: Entry) -> bool:
    doms = parse_vars(e.vars)
    vals = {k: _sym_value(k, d) for k, d in doms.items()}
    assert e.gt is not None
    for lhs, rel, rhs in _links(e.gt(SYM, **vals)):
        if rel != "=":
            return False
        d = _scalar(lhs) - _scalar(rhs)
        cells = list(d) if isinstance(d, sp.MatrixBase) else [d]
        for c in cells:
            if sp.cancel(sp.expand(c)) == 0:
                continue
            if sp.simplify(c) != 0:
                return False
    return True


def _sampled(e: Entry, need: int, seed: int, exact: bool) -> int:
    rng = random.Random(seed)
    doms = parse_vars(e.vars)
    good = tries = 0
    assert e.gt is not None
    with mp.workdps(40):
        tol = mp.mpf(10) ** -30
        while good < need and tries < 40 * need:
            tries += 1
            raw = _draw(rng, doms, rng.choice([1, 2, 3]))
            vals = _convert(raw, "sym" if exact else "mp")
            try:
                if not _hyps_ok(e, vals, exact):
                    continue
                links = _links(e.gt(SYM if exact else MP, **vals))
            except (ZeroDivisionError, ValueError):
                continue  # outside the claim's domain (a pole of both sides, a log of 0)
            if exact:
                ok = all(_holds_exact(*lk) for lk in links)
            else:
                ok = all(_holds_mp(*lk, tol) for lk in links)
            assert ok, f"{e.id}: the TRUE claim fails at {raw}"
            good += 1
    assert good >= need, f"{e.id}: only {good} admissible points in {tries} draws"
    return good


def ground_truth(e: Entry) -> str:
    """Check one entry's ground truth; returns how it was established (raises AssertionError if it is not)."""
    if e.truth is None:
        assert e.why, f"{e.id}: a malformed input needs the reason it must be refused"
        return "malformed"
    assert e.cite and e.kind and e.gt is not None, f"{e.id}: incomplete entry"
    if e.truth is False:
        return _exact_cex(e)
    links = _links(e.gt(SYM, **{k: _sym_value(k, d) for k, d in parse_vars(e.vars).items()})) \
        if "int" not in e.vars and "nat" not in e.vars and not e.numeric else None
    if links is not None and all(r == "=" for _, r, _ in links) and _symbolic_identity(e):
        return "sympy identity"
    assert e.why, f"{e.id}: a true claim that SymPy does not prove needs a proof sketch or reference (why)"
    if all(r == "=" for _, r, _ in _links(_probe(e))) and not e.numeric:
        _sampled(e, 15, 1, exact=True)
        return "exact at sampled points + why"
    _sampled(e, 60, 2, exact=False)
    return "sampled (40 digits) + why"


def _probe(e: Entry) -> Any:
    """The links of an entry at some admissible point (only the relations are used)."""
    rng = random.Random(0)
    doms = parse_vars(e.vars)
    for _ in range(2000):
        vals = _convert(_draw(rng, doms, 2), "mp")
        try:
            if _hyps_ok(e, vals, False):
                return e.gt(MP, **vals)
        except (ZeroDivisionError, ValueError):
            continue
    raise AssertionError(f"{e.id}: no admissible point")
