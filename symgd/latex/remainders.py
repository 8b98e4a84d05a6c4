"""Remainders ``O(v^k)`` in a claim, read as big-O equations are read: from left to right.

``lhs = rhs`` with remainders says: whatever functions the remainders of the left side stand for, the left side
is the right side up to its remainders.  So

* each remainder of the **left** side is kept as ``v^k c`` with ``c`` an arbitrary constant (a scalar remainder)
  or ``v^k c U`` with ``U`` an arbitrary matrix of the shape it is added to (``\\nabla f(x) + O(\\eta)``);
  a claim about every ``c`` and ``U`` is needed, and the Taylor coefficients below the right side's order must
  vanish identically in them: ``(A + O(h))(B + O(h)) = AB + O(h)`` is proved, ``1 + O(h) = 1`` and
  ``O(h) = O(h^2)`` are not (a constant ``c`` is a remainder, so a counterexample with one is genuine);
* the remainders of the **right** side are dropped and give the order ``m``: the smallest order of a term
  holding one (``O(h)^2`` is of order 2, ``c O(h)`` of order 1, ``\\eta^2 (a + O(\\eta))`` of order 3).

Soundness of the proof with constants for functions: a remainder must enter polynomially, multiplied by factors
that are polynomials in ``v`` after ``v^k`` is taken out (no ``1/v``, no ``e^{O(v)}``) and by vectors and
matrices independent of ``v``; then every term holding a remainder is ``O(v^j)`` with ``j`` read off its
coefficient, for bounded remainders as for constant ones.  Anything else is refused rather than guessed.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from symgd.core.claims import is_matrix
from symgd.core.errors import BadInput
from symgd.latex.shapes import BigO, Norm

__all__ = ["displacement_remainder", "remove_remainders"]

_ADDITIVE = ("an O(...) remainder must be an additive term (times factors without 1/{v} or {v} inside), "
             "like a + O({v}^k)")


def remove_remainders(lhs: Any, rhs: Any, pos: int = 0) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """``(lhs', rhs', order)``: the left side with its remainders as arbitrary constants (and directions), the
    right side without its remainders, and ``(v, m)`` when the right side had some (``m`` their smallest
    order); None when it had none (then ``lhs' = rhs'`` is claimed exactly)."""
    marks = [m for side in (lhs, rhs) if isinstance(side, sp.Basic) for m in side.atoms(BigO)]
    if not marks:
        return lhs, rhs, None
    if all(isinstance(side, sp.MatrixBase) for side in (lhs, rhs)) and lhs.shape == rhs.shape:
        return _entrywise(lhs, rhs, pos)
    var = {m.args[0] for m in marks}
    if len(var) != 1:
        raise BadInput("remainders O(...) in different variables", pos)
    v = var.pop()
    if not isinstance(v, sp.Symbol):  # O((x - a)^k), O(\\|x - x_t\\|^k): in the displacement
        return _displaced(lhs, rhs, v, pos)
    names = _Names(v)
    left, _ = _split(lhs, v, names, pos, keep=True)
    right, orders = _split(rhs, v, names, pos, keep=False)
    return left, right, (v, min(orders)) if orders else None


class _Names:
    """Deterministic names for the constants and directions that stand for remainders (a parse twice gives the
    same claim); they contain a space and parentheses, which no name the parser reads has."""

    def __init__(self, v: sp.Symbol) -> None:
        self.v, self.count, self.dirs = v, 0, 0

    def constant(self, k: Any) -> sp.Symbol:
        self.count += 1
        return sp.Symbol(f"O({sp.latex(self.v ** k)}) coefficient {self.count}", real=True)

    def direction(self, shape: tuple[Any, Any]) -> sp.MatrixSymbol:
        self.dirs += 1
        return sp.MatrixSymbol(f"O({self.v}) direction {self.dirs}", *shape)


def _split(side: Any, v: sp.Symbol, names: _Names, pos: int, keep: bool) -> tuple[Any, list[int]]:
    """The side with each remainder ``O(v^k)`` replaced by ``v^k c`` (``keep``) or dropped, and the orders of the
    terms that held one."""
    if not isinstance(side, sp.Basic) or not side.has(BigO):
        return side, []
    found = [d for d in side.atoms(sp.MatrixSymbol) if d.name.startswith("O direction ")]
    dirs = {d: names.direction(d.shape) for d in sorted(found, key=lambda d: int(d.name.split()[-1]))}
    side = side.xreplace(dirs)
    marks = sorted(side.atoms(BigO), key=lambda m: int(m.args[2]))
    consts = {m: names.constant(m.args[1]) for m in marks}
    expanded = sp.expand(side.doit() if is_matrix(side) else side)
    kept, orders = [], []
    pieces = [(c, mat) for term in sp.Add.make_args(expanded) for coeff, mat in [_coeff_matrix(term)]
              for c in sp.Add.make_args(sp.expand(coeff))]  # (D + O(s^3)) I: a scalar sum times a matrix
    for coeff, mat in pieces:
        term = coeff if mat is None else coeff * mat
        if not coeff.has(BigO) and not _has_direction(mat, dirs):
            if mat is not None and mat.has(BigO):  # a remainder inside a trace, an inverse, ...
                raise BadInput(_ADDITIVE.format(v=v), pos)
            kept.append(term)
            continue
        if mat is not None and (mat.has(BigO) or v in mat.free_symbols or not _directions_are_factors(mat, dirs)):
            raise BadInput(_ADDITIVE.format(v=v), pos)
        rest, power = sp.Integer(1), 0
        for f in sp.Mul.make_args(coeff):
            base, e = f.as_base_exp()
            if isinstance(base, BigO) and e.is_Integer and e > 0:
                power += int(base.args[1]) * int(e)
            else:
                rest *= f
        if rest.has(BigO) or not rest.is_polynomial(v) or (power == 0 and mat is not None):
            raise BadInput(_ADDITIVE.format(v=v), pos)
        if sp.expand(rest) == 0:
            continue
        orders.append(power + min(m[0] for m in sp.Poly(sp.expand(rest), v).monoms()))
        if keep:
            kept.append(term.xreplace({m: v ** m.args[1] * c for m, c in consts.items()}))
    if not kept:
        return (sp.ZeroMatrix(*side.shape) if is_matrix(side) else sp.Integer(0)), orders
    return (sp.MatAdd(*kept).doit() if is_matrix(side) else sp.Add(*kept)), orders


def _coeff_matrix(term: Any) -> tuple[Any, Any]:
    """A term of an expanded side as (scalar coefficient, matrix part or None)."""
    if not is_matrix(term):
        return term, None
    if isinstance(term, sp.MatMul):
        coeff, mat = term.as_coeff_mmul()
        if isinstance(mat, sp.MatMul) and len(mat.args) == 1:  # MatMul(I): the factor itself
            mat = mat.args[0]
        return sp.sympify(coeff), mat
    return sp.Integer(1), term


def _has_direction(mat: Any, dirs: dict) -> bool:
    return mat is not None and any(mat.has(d) for d in dirs.values())


def _directions_are_factors(mat: Any, dirs: dict) -> bool:
    """Does each direction ``U`` enter as a factor of the product (``A U B``, ``U^T``), not inside an inverse?"""
    factors = mat.args if isinstance(mat, sp.MatMul) else (mat,)
    for f in factors:
        inner = f.arg if isinstance(f, sp.Transpose) else f
        if inner in dirs.values():
            continue
        if any(f.has(d) for d in dirs.values()):
            return False
    return True


def _entrywise(lhs: sp.MatrixBase, rhs: sp.MatrixBase, pos: int) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """Concrete vectors or matrices with remainders: each entry read as a scalar claim; one order for all."""
    pairs = [remove_remainders(a, b, pos) for a, b in zip(lhs, rhs, strict=True)]
    found = {f for _, _, f in pairs}
    if len({f[0] for f in found if f is not None}) > 1:
        raise BadInput("remainders O(...) in different variables", pos)
    if len(found) > 1:  # one entry exact and another up to O(v^k): one claim cannot say both
        raise BadInput("the entries have remainders of different orders: write one O(...) for the whole vector",
                       pos)
    shape = lhs.shape
    return (sp.ImmutableMatrix(*shape, [a for a, _, _ in pairs]), sp.ImmutableMatrix(*shape, [b for _, b, _ in pairs]),
            found.pop())


def displacement_remainder(a: Any) -> Any:
    """``O((x - a)^k)``, ``O(|x - a|^k)`` (x a scalar) or ``O(\\|x - x_t\\|^k)`` (x a vector): a remainder in the
    displacement D = x - a (a free of x), as ``BigO(D, k)`` (``BigO(\\|D\\|, k)`` for a vector); None for any other
    argument."""
    if isinstance(a, sp.MatPow) and a.args[1].is_Integer and a.args[1] > 0 and (d := _gram(a.args[0])) is not None:
        return BigO(Norm(d), 2 * a.args[1]) if _variable(d) is not None else None  # \\|h\\|^4 = (h^T h)^2
    if (d := _gram(a)) is not None:  # \\|h\\|^2 = h^T h
        return BigO(Norm(d), 2) if _variable(d) is not None else None
    if isinstance(a, Norm) or (isinstance(a, sp.Pow) and isinstance(a.base, Norm)):
        base, k = (a, sp.Integer(1)) if isinstance(a, Norm) else (a.base, a.exp)
        d = base.args[0]
        ok = k.is_Integer and k > 0 and _variable(d) is not None
        return BigO(Norm(d), k) if ok else None
    d, k = None, 0  # a scalar: a product of powers of D and |D| (SymPy writes |D|^3 as D^2 |D|)
    for f in sp.Mul.make_args(a):
        base, e = f.as_base_exp()
        base = base.args[0] if isinstance(base, sp.Abs) else base
        if not (e.is_Integer and e > 0) or (d is not None and base != d and base != -d):
            return None
        d, k = (base if d is None else d), k + int(e)
    if d is None or _variable(d) is None:
        return None
    return BigO(d, sp.Integer(k))


def _gram(m: Any) -> Any:
    """h for ``h^T h`` (a 1x1 product of a vector's transpose and itself), else None."""
    if isinstance(m, sp.MatMul) and len(m.args) == 2 and m.shape == (1, 1) and m.args[1].shape[1] == 1 and (
            m.args[0] == m.args[1].T or m.args[0] == m.args[1].T.doit()):
        return m.args[1]
    return None


def _variable(d: Any) -> Any:
    """x for a displacement ``d = x - a`` (x a scalar symbol or a vector, a free of x), else None."""
    if not isinstance(d, (sp.Add, sp.MatAdd)):
        return None
    names = [t for t in d.args if isinstance(t, (sp.Symbol, sp.MatrixSymbol))]
    out = [x for x in names if x not in (d - x).free_symbols and not (is_matrix(x) and x.shape[1] != 1)]
    return out[0] if len(out) == 1 else None


def _displaced(lhs: Any, rhs: Any, d: Any, pos: int) -> tuple[Any, Any, tuple[sp.Symbol, int] | None]:
    """A claim with remainders in the displacement d = x - a, read along x = a + s (a vector x: x = a + s u for
    every direction u, with f(x) on the left the Taylor polynomial of an undefined f, symgd.latex.taylor_model)."""
    from symgd.latex.taylor_model import vector_line_claim  # it builds on this module's sibling, not the reverse

    d = d.args[0] if isinstance(d, Norm) else d
    x = _variable(d)
    if x is None:  # O(1/L) after the definition \eta = 1/L: neither a variable nor a displacement x - a
        raise BadInput(f"a remainder O(...) in {sp.latex(d)}: write it in a variable or a displacement x - a", pos)
    point = x - d
    s = sp.Symbol(f"({sp.latex(d)})", real=True)
    relabel = {m: BigO(s, m.args[1], m.args[2]) for side in (lhs, rhs) if isinstance(side, sp.Basic)
               for m in side.atoms(BigO)}
    if not is_matrix(x):
        moved = [side.xreplace(relabel).subs(x, point + s) if isinstance(side, sp.Basic) else side
                 for side in (lhs, rhs)]
        if any(isinstance(side, sp.Basic) and x in side.free_symbols for side in moved):
            raise BadInput(f"{x} is left after reading the claim along {x} = {sp.latex(point)} + s", pos)
        return remove_remainders(moved[0], moved[1], pos)
    if isinstance(lhs, sp.Basic) and lhs.has(BigO):
        raise BadInput(f"O(\\|{sp.latex(d)}\\|^k) on the left of a claim about vectors is not understood", pos)
    kept, ks = [], []
    for term in sp.Add.make_args(sp.expand(rhs.doit())) if not isinstance(rhs, sp.MatAdd) else rhs.args:
        coeff, mat = _coeff_matrix(term)
        for c in sp.Add.make_args(sp.expand(coeff)):
            if c.has(BigO):
                f, e = c.as_base_exp()
                if not (isinstance(f, BigO) and e == 1) or (mat is not None and not isinstance(mat, sp.Identity)):
                    raise BadInput(f"O(\\|{sp.latex(d)}\\|^k) must be an additive term", pos)
                ks.append(int(f.args[1]))
            else:
                kept.append(c if mat is None else c * mat)
    if not ks or not kept:
        raise BadInput(f"O(\\|{sp.latex(d)}\\|^k) must be an additive term", pos)
    new_rhs = sp.MatAdd(*[t if is_matrix(t) else t * sp.Identity(1) for t in kept]).doit()
    line = vector_line_claim(lhs, new_rhs, x, point, min(ks))
    if line is None:
        raise BadInput(f"a remainder in \\|{sp.latex(d)}\\| is understood in f(x) = (a Taylor polynomial of an "
                       "undefined f at one point, to order 2) + O(...)", pos)
    phi, model, s = line
    return phi, model, (s, min(ks))
