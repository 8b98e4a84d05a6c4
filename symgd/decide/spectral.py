"""Claims about spectral norms, smallest singular values and extreme eigenvalues, decided with each an unknown real.

The notation builds these as functions of a matrix whose class carries ``spectral_kind`` (``norm``, ``smin``,
``lmax``, ``lmin``: :mod:`symgd.latex.opnorm`; recognised by that attribute, since decide does not import latex).
Every such value of the claim becomes a fresh real symbol with facts that hold for every real square matrix:
``0 <= sigma_min(M) <= \\|M\\|_2``; ``lambda_min(A) <= lambda_max(A)`` and ``|lambda| <= \\|A\\|_2`` (A symmetric);
``\\|M_1 M_2 ... \\|_2 <= \\|M_1\\|_2 \\|M_2\\|_2 ...`` (submultiplicative) and ``\\|M_1 + M_2 + ...\\|_2 <= \\|M_1\\|_2 +
\\|M_2\\|_2 + ...`` (triangle inequality); for A declared positive definite ``lambda_min(A) > 0``,
``\\|A\\|_2 = lambda_max(A)`` and ``sigma_min(A) = lambda_min(A)``.  A claim that follows for every real value of the
symbols meeting the facts holds for the actual values, which meet them: the proof is sound and the verdict names the
facts.  A failure proves nothing (so this method never refutes; refutation samples explicit 2 x 2 matrices, where
the notation evaluates these functions exactly).

A second pass (when the first proves nothing) also makes unknowns of what ties these values to vectors, each with
facts true for every real matrix M and vector v: ``tr(M^T M)`` (the squared Frobenius norm, as the notation writes
``\\|M\\|_F``) with ``\\|M\\|_2^2 <= tr(M^T M)``; a Euclidean norm ``\\|c M w\\|`` with ``|c| sigma_min(M) \\|w\\| <=
\\|c M w\\| <= |c| \\|M\\|_2 \\|w\\|``; ``v^T v = \\|v\\|^2``; a 1 x 1 form ``v^T M v`` with ``|v^T M v| <= \\|M\\|_2
\\|v\\|^2`` and, M symmetric, ``lambda_min(M) \\|v\\|^2 <= v^T M v <= lambda_max(M) \\|v\\|^2`` (Rayleigh); ``v^T M^T M v =
\\|M v\\|^2``.  Every other 1 x 1 product is an unknown with no fact.  These are statements for every size n (no
coordinates, no sampling), so a proof holds in every dimension; the verdict lists the facts used.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import Claim, Context, Rel, is_matrix
from symgd.decide import nra, sign, zero
from symgd.decide.context import Cited, Method, scalar_sides
from symgd.decide.coordinates import is_euclidean_norm

__all__ = ["SpectralValues"]

_RELS = (Rel.EQ, Rel.LE, Rel.LT)
_MAX_ATOMS = 12


def _kind(e: Any) -> str:
    return getattr(type(e), "spectral_kind", "") if isinstance(e, sp.Function) else ""


def _atoms(exprs: list[Any]) -> set[Any]:
    return {a for e in exprs if isinstance(e, sp.Basic) for a in e.atoms(sp.Function) if _kind(a)}


class SpectralValues:
    """Spectral norms, singular values and extreme eigenvalues as unknowns with the facts above, then the zero
    test, sign certificates and real arithmetic (z3)."""

    name = "spectral values"

    def accepts(self, claim: Claim, ctx: Context, cited: Cited) -> bool:
        sides = scalar_sides(claim, cited, _RELS)
        if sides is not None and _atoms(sides):
            return True
        if claim.rel not in _RELS or cited.premise is not None or cited.certificate is not None:
            return False
        sides = [s for s in (claim.lhs, claim.rhs) if isinstance(s, sp.Basic)]
        if any(is_matrix(s) and s.shape != (1, 1) for s in sides):
            return False
        if _atoms(sides) or any(_frobenius(t) is not None for s in sides for t in s.atoms(sp.Trace)):
            return True
        about = {m for a in _atoms(list(ctx.hypotheses)) for m in a.args[0].atoms(sp.MatrixSymbol)}
        return bool(about & {m for s in sides for m in s.atoms(sp.MatrixSymbol)})  # H of mu I <= H <= L I

    def prove(self, claim: Claim, ctx: Context, cited: Cited) -> Method:
        if scalar_sides(claim, cited, _RELS) is not None and _atoms([claim.lhs, claim.rhs]):
            got = _first_pass(claim, ctx)
            if got:
                return got
        return _Lift(ctx).prove(claim)


def _first_pass(claim: Claim, ctx: Context) -> Method:
    """The spectral values alone become unknowns (the rest of the claim is decided as it stands)."""
    atoms = set(_atoms([claim.lhs, claim.rhs, *ctx.hypotheses]))
    norm_class = next((type(a) for a in atoms if _kind(a) == "norm"), None)
    facts: list[Any] = []
    used: set[str] = set()
    for a in list(atoms):  # submultiplicative and triangle: the factors' norms join the atoms
        m = a.args[0]
        if _kind(a) == "norm" and isinstance(m, (sp.MatMul, sp.MatAdd)) and len(atoms) < _MAX_ATOMS:
            parts = [type(a)(x) for x in m.args if hasattr(x, "shape")]
            if len(parts) == len(m.args):
                atoms |= {p for part in parts for p in _atoms([part])}
                facts.append((a, sp.Mul(*parts) if isinstance(m, sp.MatMul) else sp.Add(*parts)))
                used.add("submultiplicative" if isinstance(m, sp.MatMul) else "triangle inequality")
    subs = {a: sp.Symbol(f"s_{k}", real=True, nonnegative=True if _kind(a) in ("norm", "smin") else None)
            for k, a in enumerate(sorted(atoms, key=sp.default_sort_key))}
    hyps = [sp.Le(subs[a], bound.xreplace(subs)) for a, bound in facts]
    by_matrix: dict[Any, dict[str, Any]] = {}
    for a in atoms:
        by_matrix.setdefault(a.args[0], {})[_kind(a)] = subs[a]
    for m, kinds in by_matrix.items():
        hyps += _matrix_facts(m, kinds, ctx, used)
    if norm_class is None and not by_matrix:
        return None
    new = Claim(sp.sympify(claim.lhs).xreplace(subs), claim.rel, sp.sympify(claim.rhs).xreplace(subs))
    old = tuple(h for h in (sp.sympify(h).xreplace(subs) for h in ctx.hypotheses) if h is not sp.true)
    if sp.false in old or _atoms([new.lhs, new.rhs, *old]):
        return None
    return _decide(new, Context((*old, *hyps), ctx.symmetric, ctx.positive_definite), used)


def _matrix_facts(m: Any, kinds: dict[str, Any], ctx: Context, used: set[str]) -> list[Any]:
    """The facts among the spectral unknowns of one matrix (``kinds``: kind -> its unknown)."""
    hyps: list[Any] = []
    if "smin" in kinds and "norm" in kinds:
        hyps.append(sp.Le(kinds["smin"], kinds["norm"]))
    if "lmin" in kinds and "lmax" in kinds:
        hyps.append(sp.Le(kinds["lmin"], kinds["lmax"]))
        used.add("lambda_min <= lambda_max")
    for lam in ("lmin", "lmax"):
        if lam in kinds and "norm" in kinds:
            hyps += [sp.Le(kinds[lam], kinds["norm"]), sp.Le(-kinds["norm"], kinds[lam])]
            used.add("|lambda| <= norm")
    if "frob2" in kinds and "norm" in kinds:
        hyps.append(sp.Le(kinds["norm"] ** 2, kinds["frob2"]))
        used.add("\\|M\\|_2^2 <= tr(M^T M)")
    if (m in ctx.symmetric or m in ctx.positive_definite) and {"norm", "lmax", "lmin"} <= set(kinds):
        hyps.append(sp.Eq(kinds["norm"], sp.Max(kinds["lmax"], -kinds["lmin"])))  # A symmetric: |eigenvalues|
        used.add("\\|A\\|_2 = max(lambda_max, -lambda_min) (A symmetric)")
    if m in ctx.positive_definite:
        for lam in ("lmin", "lmax"):
            if lam in kinds:
                hyps.append(sp.Gt(kinds[lam], 0))
        if "lmax" in kinds and "norm" in kinds:
            hyps.append(sp.Eq(kinds["norm"], kinds["lmax"]))
        if "lmin" in kinds and "smin" in kinds:
            hyps.append(sp.Eq(kinds["smin"], kinds["lmin"]))
        used.add("A positive definite")
    return hyps


def _decide(new: Claim, new_ctx: Context, used: set[str]) -> Method:
    for method in (zero.ZeroTest(), sign.Sign(), nra.Quick(), nra.RealArithmetic()):
        if method.accepts(new, new_ctx, Cited()):
            got = method.prove(new, new_ctx, Cited())
            if got:
                facts_text = f"; facts: {', '.join(sorted(used))}" if used else ""
                return f"{got}, each spectral value an unknown{facts_text}"
    return None


def _square(m: Any) -> bool:
    return is_matrix(m) and m.shape[0] == m.shape[1] and m.shape[0] != 1


def _vector(v: Any) -> bool:
    return is_matrix(v) and v.shape[1] == 1 and v.shape[0] != 1


def _frobenius(t: Any) -> Any:
    """M for ``tr(M^T M)`` or ``tr(M M^T)`` of a square M (the squared Frobenius norm), else None."""
    x = t.arg if isinstance(t, sp.Trace) else None
    if isinstance(x, sp.MatMul) and len(x.args) == 2 and _square(x.args[0]):
        a, b = x.args
        if a == b.T:
            return b if isinstance(a, sp.Transpose) else a
    return None


def _affine_in(p: Any) -> tuple[Any, Any, Any] | None:
    """(c, d, H) with ``p = c I + d H`` (c, d scalars, d != 0, H one matrix symbol), else None."""
    c, d, h = sp.Integer(0), sp.Integer(0), None
    for t in (p.args if isinstance(p, sp.MatAdd) else (p,)):
        scalars = [a for a in (t.args if isinstance(t, sp.MatMul) else (t,)) if not is_matrix(a)]
        mats = [a for a in (t.args if isinstance(t, sp.MatMul) else (t,)) if is_matrix(a)]
        if len(mats) != 1:
            return None
        if isinstance(mats[0], sp.Identity):
            c += sp.Mul(*scalars)
        elif isinstance(mats[0], sp.MatrixSymbol) and h in (None, mats[0]):
            h, d = mats[0], d + sp.Mul(*scalars)
        else:
            return None
    return (c, d, h) if h is not None and d != 0 and c != 0 else None


class _Lift:
    """The second pass: every spectral value, Frobenius trace, Euclidean norm and 1 x 1 product of the claim an
    unknown, with the facts of the module docstring."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.unknowns: dict[tuple[str, Any], Any] = {}
        self.hyps: list[Any] = []
        self.used: set[str] = set()
        self.forms: dict[Any, dict[Any, Any]] = {}  # vector -> matrix -> the unknown v^T M v

    def unknown(self, kind: str, obj: Any) -> Any:
        key = (kind, obj)
        if key not in self.unknowns:
            nonneg = kind in ("norm", "smin", "frob2", "vnorm")
            self.unknowns[key] = sp.Symbol(f"u_{len(self.unknowns)}", real=True, nonnegative=nonneg or None)
            if kind == "vnorm":
                self._vector_facts(obj, self.unknowns[key])
        return self.unknowns[key]

    def _vector_facts(self, v: Any, r: Any) -> None:
        """|c| sigma_min(M) \\|w\\| <= \\|c M w\\| <= |c| \\|M\\|_2 \\|w\\| for v = c M w."""
        if not isinstance(v, sp.MatMul):
            return
        coeff, rest = v.as_coeff_mmul()
        factors = list(rest.args) if isinstance(rest, sp.MatMul) else [rest]
        if len(factors) < 2 or not _vector(factors[-1]):
            return
        head = sp.MatMul(*factors[:-1]).doit() if len(factors) > 2 else factors[0]
        if not _square(head):
            return
        w = self.unknown("vnorm", factors[-1])
        c = sp.Abs(sp.sympify(coeff))
        self.hyps += [sp.Le(r, c * self.unknown("norm", head) * w), sp.Le(c * self.unknown("smin", head) * w, r)]
        self.used.add("sigma_min(M)\\|w\\| <= \\|M w\\| <= \\|M\\|_2 \\|w\\|")

    def scalar(self, e: Any) -> Any:
        """``e`` with every object above an unknown; None if a matrix or an unknown kind of node remains."""
        if not isinstance(e, sp.Basic):
            return e
        if is_matrix(e):
            return self.one_by_one(e) if e.shape == (1, 1) else None
        kind = _kind(e)
        if kind:
            return self.unknown(kind, e.args[0])
        if isinstance(e, sp.Trace):
            m = _frobenius(e)
            if m is not None:
                return self.unknown("frob2", m)
            return self.one_by_one(e.arg) if e.arg.shape == (1, 1) else None
        if isinstance(e, sp.Function) and len(e.args) == 1 and _vector(e.args[0]) and is_euclidean_norm(type(e)):
            return self.unknown("vnorm", e.args[0])
        if not e.args:
            return e
        args = [self.scalar(a) for a in e.args]
        if any(a is None for a in args):
            return None
        return e.func(*args)

    def one_by_one(self, e: Any) -> Any:
        """A 1 x 1 matrix expression as a scalar in the unknowns."""
        if isinstance(e, sp.MatAdd):
            parts = [self.one_by_one(a) for a in e.args]
            return None if any(p is None for p in parts) else sp.Add(*parts)
        if isinstance(e, sp.ZeroMatrix):
            return sp.Integer(0)
        if isinstance(e, sp.Identity):
            return sp.Integer(1)
        if isinstance(e, sp.MatrixBase):
            return self.scalar(e[0, 0])
        if not isinstance(e, sp.MatMul):
            return None
        c = self.scalar(sp.Mul(*[a for a in e.args if not is_matrix(a)]))  # the scalar factors
        factors = [a for a in e.args if is_matrix(a) and not isinstance(a, sp.Identity)]
        if c is None or not factors:  # a scalar times the 1 x 1 identity
            return c
        if len(factors) < 2 or factors[0].shape[0] != 1:
            return None
        u, v, mid = sp.Transpose(factors[0]).doit(), factors[-1], factors[1:-1]
        if not (_vector(u) and _vector(v)) or any(not _square(m) for m in mid):
            return None
        if u != v:
            return c * self.unknown("product", sp.MatMul(*factors))
        if not mid:
            return c * self.unknown("vnorm", v) ** 2
        if len(mid) == 2 and mid[0] == mid[1].T:  # v^T N^T N v = \\|N v\\|^2 with N = mid[1] (M^T M or M M^T)
            return c * self.unknown("vnorm", sp.MatMul(mid[1], v)) ** 2
        m = sp.MatMul(*mid).doit() if len(mid) > 1 else mid[0]
        q = self.unknown("form", sp.MatMul(*factors))
        self.forms.setdefault(v, {})[m] = q
        r2 = self.unknown("vnorm", v) ** 2
        self.hyps += [sp.Le(q, self.unknown("norm", m) * r2), sp.Le(-self.unknown("norm", m) * r2, q)]
        self.used.add("|v^T M v| <= \\|M\\|_2 \\|v\\|^2")
        if m in self.ctx.symmetric or m in self.ctx.positive_definite:
            self.hyps += [sp.Le(self.unknown("lmin", m) * r2, q), sp.Le(q, self.unknown("lmax", m) * r2)]
            self.used.add("Rayleigh: lambda_min(M)\\|v\\|^2 <= v^T M v <= lambda_max(M)\\|v\\|^2")
        return c * q

    def _symmetric(self, m: Any) -> bool:
        return m in self.ctx.symmetric or m in self.ctx.positive_definite

    def _affine(self, by_matrix: dict[Any, dict[str, Any]]) -> None:
        """For P = c I + d H with H symmetric (c, d scalars of any sign): the eigenvalues of P are c + d lambda_i(H),
        so lambda_max(P) = max(c + d lambda_max(H), c + d lambda_min(H)), lambda_min(P) the min, and \\|P\\|_2 the
        larger of |c + d lambda_max(H)|, |c + d lambda_min(H)| (|.| of an affine function peaks at an end)."""
        for p, kinds in list(by_matrix.items()):
            split = _affine_in(p)
            if split is None or not self._symmetric(split[2]):
                continue
            c, d, h = split
            hi, lo = c + d * self.unknown("lmax", h), c + d * self.unknown("lmin", h)
            self.hyps.append(sp.Le(self.unknown("lmin", h), self.unknown("lmax", h)))
            if "norm" in kinds:
                self.hyps.append(sp.Eq(kinds["norm"], sp.Max(sp.Abs(hi), sp.Abs(lo))))
            if "lmax" in kinds:
                self.hyps.append(sp.Eq(kinds["lmax"], sp.Max(hi, lo)))
            if "lmin" in kinds:
                self.hyps.append(sp.Eq(kinds["lmin"], sp.Min(hi, lo)))
            self.used.add("eigenvalues of c I + d H are c + d lambda_i(H) (H symmetric)")

    def _weyl(self, by_matrix: dict[Any, dict[str, Any]]) -> None:
        """For symmetric P = Q + R among the matrices with an extreme eigenvalue: Weyl's inequalities
        lambda_max(P) <= lambda_max(Q) + lambda_max(R), lambda_min(P) >= lambda_min(Q) + lambda_min(R), and for forms
        of one vector v: lambda_min(R)\\|v\\|^2 <= v^T P v - v^T Q v <= lambda_max(R)\\|v\\|^2."""
        lam = [m for m, k in by_matrix.items() if "lmax" in k or "lmin" in k]
        for p in lam:
            for q in lam:
                if p == q or (r := sp.MatAdd(p, -q).doit()) not in by_matrix or r not in lam:
                    continue
                self.hyps += [sp.Le(self.unknown("lmax", p), self.unknown("lmax", q) + self.unknown("lmax", r)),
                              sp.Le(self.unknown("lmin", q) + self.unknown("lmin", r), self.unknown("lmin", p))]
                self.used.add("Weyl: lambda_max(Q + R) <= lambda_max(Q) + lambda_max(R)")
        for v, by_m in self.forms.items():
            for p, qp in by_m.items():
                for q, qq in by_m.items():
                    r = sp.MatAdd(p, -q).doit() if p != q else None
                    if r is None or r not in lam:
                        continue
                    r2 = self.unknown("vnorm", v) ** 2
                    self.hyps += [sp.Le(qp - qq, self.unknown("lmax", r) * r2),
                                  sp.Le(self.unknown("lmin", r) * r2, qp - qq)]
                    self.used.add("v^T (Q - R) v between lambda_min and lambda_max of Q - R")

    def prove(self, claim: Claim) -> Method:
        lhs, rhs = self.scalar(claim.lhs), self.scalar(claim.rhs)
        hyps = []
        for h in self.ctx.hypotheses:
            got = self.scalar(sp.sympify(h))
            if got is not None:  # a hypothesis that cannot be written in the unknowns is left out (weaker, sound)
                hyps.append(got)
        if lhs is None or rhs is None or any(isinstance(x, sp.Basic) and x.atoms(sp.MatrixSymbol)
                                             for x in (lhs, rhs, *hyps)):
            return None
        by_matrix: dict[Any, dict[str, Any]] = {}
        for (kind, obj), u in self.unknowns.items():
            if kind in ("norm", "smin", "lmax", "lmin", "frob2"):
                by_matrix.setdefault(obj, {})[kind] = u
        self._weyl(by_matrix)
        self._affine(by_matrix)
        for m, kinds in by_matrix.items():
            if "frob2" in kinds or "lmax" in kinds or "lmin" in kinds:
                kinds.setdefault("norm", self.unknown("norm", m))
            if ("lmax" in kinds or "lmin" in kinds) and (m in self.ctx.symmetric or m in self.ctx.positive_definite):
                kinds.setdefault("lmax", self.unknown("lmax", m))
                kinds.setdefault("lmin", self.unknown("lmin", m))
            self.hyps += _matrix_facts(m, kinds, self.ctx, self.used)
        if not by_matrix:
            return None
        new = Claim(lhs, claim.rel, rhs)
        old = tuple(h for h in hyps if h is not sp.true)
        if sp.false in old:
            return None
        return _decide(new, Context((*old, *self.hyps), frozenset(), frozenset()), self.used)
