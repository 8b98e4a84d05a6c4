"""A claim about vectors and general matrices as a claim about real numbers: its 1 x 1 forms ``v^T M w`` as unknowns.

When the coordinates of :mod:`symgd.decide.coordinates` do not apply (a general or positive definite matrix next to
plain inner products, ``g^T g`` with ``g^T H g``), every 1 x 1 product of matrix symbols in the claim and its
hypotheses becomes a real unknown (``x^T y`` and ``y^T x`` one unknown: a 1 x 1 matrix is its own transpose), and
only facts true for every realization are added: ``M^T M`` and ``M^T P M`` forms are >= 0 (P provably positive
semidefinite); for a vector v and a positive definite P, ``v^T P v > 0`` exactly when ``v^T v > 0``;
Cauchy-Schwarz ``(v^T P w)^2 <= (v^T P v)(w^T P w)`` (P = I or positive definite) and, for every split of a form
into ``a^T b`` and every positive definite P, ``(a^T b)^2 <= (a^T P a)(b^T P^-1 b)`` (the dual norms).  Any realization of the matrices
gives values of the unknowns that satisfy these constraints and the hypotheses, so a claim that holds for all such
values holds: the route proves and never refutes (it is a relaxation: the unknowns may take values no matrices
realize).  A trace is a 1 x 1 form after a rotation that starts it at a row vector (tr(A x x^T) = x^T A x), else a
trace word, one unknown up to rotation and transposition (tr(AB) = tr(BA) = tr(B^T A^T)).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions import MatrixExpr

from symgd.core.claims import Claim, Context, Rel
from symgd.decide.context import use_symmetry
from symgd.decide.coordinates import Refused, is_euclidean_norm
from symgd.decide.gram import _factorize, _palindrome, _piece_key, _positive_definite, _real_matrix

__all__ = ["TestVectors", "as_unknowns"]


class _Forms:
    """The unknowns of one claim: a symbol per 1 x 1 product (up to transposition) and the facts about them."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.atoms: dict[tuple, sp.Symbol] = {}
        self.pieces: dict[tuple, list] = {}

    def atom(self, piece: list) -> sp.Symbol:
        piece = _normal(piece, self.ctx)
        if not all(_real_matrix(f) for f in piece):
            raise Refused("a form with non-real coefficients")
        key = _piece_key(piece, self.ctx)
        if key not in self.atoms:
            self.atoms[key] = sp.Symbol(f"[{sp.MatMul(*key)}]", real=True)
            self.pieces[key] = list(key)
        return self.atoms[key]

    def scalar(self, e: Any) -> Any:
        """A scalar or 1 x 1 expression as an expression in the unknowns (Refused when it is not one)."""
        if isinstance(e, MatrixExpr):
            if e.shape != (1, 1):
                raise Refused("a matrix that is not 1 x 1")
            return self._form(e)
        if not isinstance(e, sp.Basic) or not e.has(MatrixExpr):
            return e
        if isinstance(e, sp.Trace):
            return self.scalar(e.arg) if e.arg.shape == (1, 1) else self._trace(e.arg)
        if isinstance(e, sp.Function) and len(e.args) == 1 and isinstance(e.args[0], MatrixExpr):
            v = e.args[0]
            if not is_euclidean_norm(type(e)) or 1 not in v.shape:
                raise Refused(f"{type(e).__name__} of a matrix")
            return sp.sqrt(self.scalar(v.T * v if v.shape[1] == 1 else v * v.T))
        return e.func(*[self.scalar(a) for a in e.args])

    def _terms(self, e: MatrixExpr) -> list:
        """(coefficient, factors) of each term of the expanded matrix expression."""
        out = []
        for term in sp.MatAdd.make_args(use_symmetry(use_symmetry(e, self.ctx).doit().expand(), self.ctx)):
            if isinstance(term, sp.ZeroMatrix):
                continue
            split = _factorize(term)
            if split is None:
                raise Refused(f"a term {term}")
            out.append(split)
        return out

    def _form(self, e: MatrixExpr) -> Any:
        return sum((self.scalar(c) * self._product(fs) for c, fs in self._terms(e)), sp.S.Zero)

    def _product(self, factors: list) -> Any:
        """A 1 x 1 product of factors as a product of unknowns, cut where the product so far is 1 x 1."""
        value, start = sp.S.One, 0
        for j, f in enumerate(factors):
            if f.shape[1] != 1:
                continue
            piece = factors[start:j + 1]
            start = j + 1
            if piece[0].shape[0] != 1:
                raise Refused("a product that does not start with a row")
            if len(piece) == 1 and not isinstance(piece[0], sp.MatrixSymbol):
                one = piece[0]
                inv = isinstance(one, sp.Inverse) or (isinstance(one, sp.MatPow) and one.exp == -1)
                value *= 1 / self.scalar(one.args[0]) if inv else self._form(one)
            else:
                value *= self.atom(piece)
        if start != len(factors):
            raise Refused("a product that does not end with a column")
        return value

    def _trace(self, e: MatrixExpr) -> Any:
        """tr of a square matrix expression: tr(f_1 ... f_k) is a rotation starting at a row vector (a 1 x 1
        product), else a trace word up to rotation and transposition; tr(c I) = c n."""
        total = sp.S.Zero
        for coeff, factors in self._terms(e):
            rows = [j for j, f in enumerate(factors) if f.shape[0] == 1]
            if not factors:
                value = e.shape[0]
            elif rows:
                value = self._product(factors[rows[0]:] + factors[:rows[0]])
            else:
                value = self._word(factors)
            total += self.scalar(coeff) * value
        return total

    def _word(self, factors: list) -> sp.Symbol:
        if not all(_real_matrix(f) for f in factors):
            raise Refused("a trace with non-real coefficients")
        mirror = [use_symmetry(sp.Transpose(f).doit(), self.ctx) for f in reversed(factors)]
        rotations = [tuple(w[i:] + w[:i]) for w in (list(factors), mirror) for i in range(len(factors))]
        key = ("tr", min(rotations, key=lambda t: sp.default_sort_key(sp.Tuple(*t))))
        if key not in self.atoms:
            self.atoms[key] = sp.Symbol(f"[tr({sp.MatMul(*key[1])})]", real=True)
            self.pieces[key] = []
        return self.atoms[key]

    def facts(self) -> list:
        """Signs, positivity with v != 0 and Cauchy-Schwarz, for the unknowns met so far."""
        out: list = []
        for key in list(self.atoms):
            piece = self.pieces[key]
            if _palindrome(piece, self.ctx):
                out.append(sp.Ge(self.atoms[key], 0))
            v, mid, w = _bilinear(piece)
            if v is None or not (mid is None or _positive_definite(mid, self.ctx)):
                continue
            if v == w and mid is not None:  # v^T P v > 0 exactly when v != 0, that is when v^T v > 0
                plain, form = self.atom([v.T, v]), self.atoms[key]
                out += [sp.Ge(plain, 0), sp.Or(sp.And(form > 0, plain > 0), sp.And(sp.Eq(form, 0), sp.Eq(plain, 0)))]
            elif v != w:  # Cauchy-Schwarz in the inner product of P (or I)
                mids = [mid] if mid is not None else []
                vv, ww = self.atom([v.T, *mids, v]), self.atom([w.T, *mids, w])
                out += [sp.Ge(vv, 0), sp.Ge(ww, 0), sp.Le(self.atoms[key] ** 2, vv * ww)]
        return out + self._dual_cauchy_schwarz()

    def _dual_cauchy_schwarz(self, limit: int = 40, rounds: int = 2) -> list:
        """For each form a^T b (a split of its product): (a^T b)^2 <= (a^T a)(b^T b) and, for each positive definite P,
        (a^T b)^2 <= (a^T P a)(b^T P^-1 b) and with P, P^-1 exchanged (Cauchy-Schwarz for P^(1/2) a, P^(-1/2) b); the
        forms these facts bring in get theirs in a second round."""
        out: list = []
        seen: set = set()
        middles = [((), ())]
        for p in sorted(self.ctx.positive_definite, key=sp.default_sort_key):
            middles += [((p,), (sp.Inverse(p),)), ((sp.Inverse(p),), (p,))]
        todo = [k for k in self.atoms if len(self.pieces[k]) >= 2]
        for _ in range(rounds):
            before = set(self.atoms)
            for key in todo:
                piece = self.pieces[key]
                for i in range(1, len(piece)):
                    a, b = piece[:i], piece[i:]
                    for left, right in middles:
                        try:
                            aa = self.atom([*a, *left, *self._mirror(a)])
                            bb = self.atom([*self._mirror(b), *right, *b])
                        except Refused:
                            continue
                        fact = sp.Le(self.atoms[key] ** 2, aa * bb)
                        if key in (self._key_of(aa), self._key_of(bb)) or fact in seen:
                            continue  # (a^T b)^2 <= (a^T b)(...) says nothing new
                        seen.add(fact)
                        out += [sp.Ge(aa, 0), sp.Ge(bb, 0), fact]
                        if len(seen) >= limit:
                            return out
            todo = [k for k in self.atoms if k not in before and len(self.pieces[k]) >= 2]
        return out

    def _key_of(self, atom: sp.Symbol) -> tuple | None:
        return next((k for k, v in self.atoms.items() if v == atom), None)

    def _mirror(self, factors: list) -> list:
        return [use_symmetry(sp.Transpose(f).doit(), self.ctx) for f in reversed(factors)]


def _normal(piece: list, ctx: Context) -> list:
    """Factors in one spelling: P^k as k factors P, P^-k as k factors P^-1, (P^-1)^T as (P^T)^-1, identities dropped."""
    out: list = []
    for f in piece:
        f = use_symmetry(f.doit() if isinstance(f, sp.Transpose) else f, ctx)
        if isinstance(f, sp.Identity):
            continue
        if isinstance(f, sp.MatPow) and f.exp.is_Integer and abs(f.exp) > 1:
            base = f.base if f.exp > 0 else sp.Inverse(f.base)
            out += [base] * int(abs(f.exp))
        else:
            out.append(f)
        while len(out) >= 2 and (out[-1] == sp.Inverse(out[-2]) or out[-2] == sp.Inverse(out[-1])):
            del out[-2:]  # P P^-1 = I
    return out


def _bilinear(piece: list) -> tuple:
    """(v, P, w) for ``v^T P w`` ((v, None, w) for ``v^T w``) with vector symbols v, w; else (None, None, None)."""
    if len(piece) not in (2, 3) or not isinstance(piece[0], sp.Transpose):
        return None, None, None
    v, w = piece[0].arg, piece[-1]
    if not (isinstance(v, sp.MatrixSymbol) and isinstance(w, sp.MatrixSymbol) and v.shape[1] == w.shape[1] == 1):
        return None, None, None
    return v, (piece[1] if len(piece) == 3 else None), w


def as_unknowns(claim: Claim, ctx: Context) -> tuple[Claim, Context, str]:
    """The claim and its hypotheses in the 1 x 1 forms as real unknowns, with the facts about them as further
    hypotheses, and a note; raises Refused when a side is not a function of 1 x 1 forms.  Hypotheses that are not
    are dropped (a proof without them is still sound)."""
    forms = _Forms(ctx)
    lhs, rhs = forms.scalar(claim.lhs), forms.scalar(claim.rhs)
    if not forms.atoms:
        raise Refused("no 1 x 1 forms")
    hyps = []
    for h in ctx.hypotheses:
        h = sp.sympify(h)
        try:
            hyps.append(h.func(forms.scalar(h.lhs), forms.scalar(h.rhs)))
        except (Refused, AttributeError, TypeError):
            continue
    names = ", ".join(str(s)[1:-1] for s in forms.atoms.values())  # the claim's own forms, before the facts' ones
    hyps += forms.facts()
    if any(isinstance(e, sp.Basic) and e.has(MatrixExpr) for e in (lhs, rhs, *hyps)):
        raise Refused("matrices left")
    note = f"the 1x1 forms as real unknowns ({names}; their signs, Cauchy-Schwarz, also in P and P^-1), a relaxation"
    return Claim(lhs, claim.rel, rhs), Context(tuple(hyps)), note


def _fresh_vector(name: str, rows: Any, taken: set) -> sp.MatrixSymbol:
    while name in taken:
        name += "'"
    return sp.MatrixSymbol(name, rows, 1)


class TestVectors:
    """A matrix or vector identity ``E = 0`` through test vectors (a scalar one, with traces, directly): ``z^T E w = 0`` for fresh vectors z, w, with its
    1 x 1 forms as unknowns, is an identity of rational functions (``cancel``).  Sound: whatever values the forms take,
    the expression vanishes, so ``z^T E w = 0`` for every z, w, that is E = 0, wherever both sides are defined.
    ``A^{-1} = B`` (A square) is proved as ``A B = I``: B is then A's inverse (rank-one updates, Sherman-Morrison)."""

    name = "test vectors"

    def accepts(self, claim: Claim, ctx: Context, cited: Any) -> bool:
        if not cited.alone(claim, (Rel.EQ,)):
            return False
        sides = (claim.lhs, claim.rhs)
        if all(isinstance(s, MatrixExpr) for s in sides) and claim.lhs.shape == claim.rhs.shape != (1, 1):
            return True
        return (all(isinstance(s, sp.Basic) and (not isinstance(s, MatrixExpr) or s.shape == (1, 1)) for s in sides)
                and any(s.has(sp.MatrixSymbol) for s in sides))

    def prove(self, claim: Claim, ctx: Context, cited: Any) -> str | None:
        lhs, rhs = claim.lhs, claim.rhs
        if not isinstance(lhs, MatrixExpr) or lhs.shape == (1, 1):  # scalars: traces and 1 x 1 forms
            try:
                forms = _Forms(ctx)
                value = forms.scalar(lhs) - forms.scalar(rhs)
            except (Refused, TypeError, ValueError):
                return None
            if value.has(MatrixExpr) or sp.cancel(sp.together(value)) != 0:
                return None
            return "an identity of rational functions in the 1x1 forms and trace words (cancel)"
        note = ""
        if isinstance(rhs, sp.Inverse) and not isinstance(lhs, sp.Inverse):
            lhs, rhs = rhs, lhs
        if isinstance(lhs, sp.Inverse) and lhs.shape[0] == lhs.shape[1]:  # A^{-1} = B from A B = I
            diff = lhs.arg * rhs - sp.Identity(lhs.shape[0])
            note = f"A^-1 = B from A B = I (A = {lhs.arg}), "
        else:
            diff = lhs - rhs
        taken = {m.name for m in diff.atoms(sp.MatrixSymbol)}
        z = _fresh_vector("z", diff.shape[0], taken)
        form = z.T * diff
        tests = "z^T E with a test vector z"
        if diff.shape[1] != 1:
            w = _fresh_vector("w", diff.shape[1], taken | {z.name})
            form = form * w
            tests = "z^T E w with test vectors z, w"
        try:
            value = _Forms(ctx).scalar(form)
        except (Refused, TypeError, ValueError):
            return None
        if isinstance(value, sp.Basic) and value.has(MatrixExpr):
            return None
        if sp.cancel(sp.together(value)) != 0:
            return None
        return f"{note}{tests}: an identity of rational functions in the 1x1 forms (cancel)"
