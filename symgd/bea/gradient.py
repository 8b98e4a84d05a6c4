"""Is the order-k term of GD's modified field a gradient?  Decided per order, with the evidence.

Scalar invariants.  For a rooted tree t = [t1..tm] let S(t) = D^mL[G(t1), ..., G(tm)], the full contraction
of the derivative tensors of L along the edges of t (S(•) = L, S([•]) = ||g||^2, S([[•]]) = S([•,•]) = <g, Hg>);
it depends only on t as an unrooted (free) tree.  Differentiating a full contraction adds one index to one
factor at a time, and the tensors are symmetric, so (the re-rooting lemma)
    grad S(T) = sum over the nodes v of T of G(T rooted at v).
So f_k = sum_t c(t) G(t) (trees of k + 1 nodes) is minus the gradient of an invariant P_k = sum_T p_T S(T) iff
the rational linear system c = -sum_T p_T reroot(T) has a solution: this is exact, dimension-free, and
gives the modified loss L + eta P_1 + eta^2 P_2 + ... as far as it exists.  At order 1, P_1 = (1/4)||g||^2.

When the system has no solution the field is shown not to be a gradient directly: the antisymmetric part
of its Jacobian for an undefined L in d = 2 is a nonzero differential polynomial, and a concrete polynomial
loss with a rational point where it is nonzero is exhibited (exact arithmetic).  A d = 2 counterexample is
one in every d >= 2 (a loss that ignores the other coordinates).  Order 2:
    f_2 = -(1/3) H^2 g - (1/12) D^3L[g,g] = -grad((1/12) <g, Hg>) - (1/6) H^2 g,
    antisymmetric part of its Jacobian = -(1/12) [H, D^3L[g]]   (D^3L[g] the matrix D^3L[g, ., .]),
so f_2 is a gradient exactly where H and D^3L[g] commute: d = 1, quadratics (D^3L = 0), separable losses
(both diagonal).

Reference.  Hairer, Lubich, Wanner (2006), IX.3 and IX.9 (modified equations of non-symmetric methods on
gradient systems need not be gradients); Barrett and Dherin (ICLR 2021) for order 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

import sympy as sp

from symgd.bea.differentials import DifferentialEvaluator, differential_name
from symgd.bea.modified import ModifiedEquation, gd_modified_equation
from symgd.bea.trees import Tree, level_sequence, trees

__all__ = ["GradientStructure", "antisymmetric_part", "commutator_obstruction", "gradient_structure", "invariant",
           "invariant_name", "reroot_gradient"]


@cache
def _reroot(t: Tree, v: int) -> Tree:
    """t as an unrooted tree, rooted at its v-th node (preorder of the canonical level sequence)."""
    levels = level_sequence(t)
    adj: dict[int, list[int]] = {i: [] for i in range(len(levels))}
    stack: list[int] = []
    for i, lv in enumerate(levels):
        del stack[lv:]
        if stack:
            adj[i].append(stack[-1])
            adj[stack[-1]].append(i)
        stack.append(i)

    def build(u: int, parent: int) -> Tree:
        return tuple(sorted((build(w, u) for w in adj[u] if w != parent), reverse=True))

    return build(v, -1)


@cache
def free_form(t: Tree) -> Tree:
    """A canonical representative of t's free tree: the largest of its re-rootings."""
    return max(_reroot(t, v) for v in range(len(level_sequence(t))))


@cache
def reroot_gradient(t: Tree) -> dict[Tree, int]:
    """grad S(t) = sum_v G(t rooted at v), as multiplicities of rooted trees."""
    out: dict[Tree, int] = {}
    for v in range(len(level_sequence(t))):
        r = _reroot(t, v)
        out[r] = out.get(r, 0) + 1
    return out


def invariant(t: Tree, loss: sp.Expr, coords: Sequence[sp.Symbol], ev: DifferentialEvaluator | None = None) -> sp.Expr:
    """S(t) = D^mL[G(t1), ..., G(tm)] for an explicit loss."""
    ev = ev or DifferentialEvaluator(loss, coords)
    dim = len(coords)
    combo: dict[tuple[int, ...], sp.Expr] = {(0,) * dim: sp.Integer(1)}
    for child in t:
        v = ev(child)
        new: dict[tuple[int, ...], sp.Expr] = {}
        for alpha, c in combo.items():
            for j in range(dim):
                beta = (*alpha[:j], alpha[j] + 1, *alpha[j + 1:])
                new[beta] = new.get(beta, sp.Integer(0)) + c * v[j]
        combo = new
    return sp.Add(*(c * ev.derivative(alpha) for alpha, c in combo.items()))


def invariant_name(t: Tree) -> str:
    """L, ||g||^2, <g, Hg>, D^3L[g,g,g] ... for S(t)."""
    if not t:
        return "L"
    names = [differential_name(c) for c in t]
    if len(t) == 1:
        return "||g||^2" if names[0] == "g" else f"<g, {names[0]}>"
    if len(t) == 2 and names[1] == "g":
        return f"<{names[0]}, Hg>" if names[0] != "g" else "<g, Hg>"
    return f"D^{len(t)}L[" + ",".join(names) + "]"


@dataclass(frozen=True)
class GradientStructure:
    """The verdict for f_k: a gradient (with P_k, f_k = -grad P_k) or not (with the d = 2 evidence)."""

    order: int
    is_gradient: bool
    potential: tuple[tuple[Fraction, Tree], ...] = ()  # P_k = sum p * S(T)
    curl_generic: sp.Expr | None = None  # antisymmetric part A_12 for an undefined L(x1, x2)
    witness_loss: sp.Expr | None = None
    witness_point: tuple[sp.Rational, sp.Rational] | None = None
    witness_value: sp.Expr | None = None
    detail: str = field(default="")

    def potential_text(self) -> str:
        if not self.potential:
            return "0"
        return " + ".join(f"({p}) {invariant_name(t)}" for p, t in self.potential).replace("+ (-", "- (")

    def potential_expr(self, loss: sp.Expr, coords: Sequence[sp.Symbol]) -> sp.Expr:
        ev = DifferentialEvaluator(loss, coords)
        return sp.Add(*(sp.Rational(p.numerator, p.denominator) * invariant(t, loss, coords, ev)
                        for p, t in self.potential))


def antisymmetric_part(vec: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """(J - J^T)/2, J_ij = d vec_i / d x_j."""
    J = sp.Matrix(vec).jacobian(list(coords))
    return sp.ImmutableMatrix((J - J.T) / 2)


def commutator_obstruction(loss: sp.Expr, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """-(1/12) [H, D^3L[g]]: the claimed antisymmetric part of the Jacobian of f_2."""
    x = list(coords)
    g = [sp.diff(loss, xi) for xi in x]
    H = sp.hessian(loss, x)
    M = sp.Matrix(len(x), len(x), lambda i, j: sum(sp.diff(loss, x[i], x[j], x[q]) * g[q] for q in range(len(x))))
    return sp.ImmutableMatrix(-(H * M - M * H) / 12)


def _solve_potential(me: ModifiedEquation, k: int) -> tuple[tuple[Fraction, Tree], ...] | None:
    """Rational p_T with f_k = -sum p_T grad S(T), or None."""
    rooted = list(trees(k + 1))
    frees = sorted({free_form(t) for t in rooted})
    row = {t: i for i, t in enumerate(rooted)}
    A = sp.zeros(len(rooted), len(frees))
    for j, T in enumerate(frees):
        for r, mult in reroot_gradient(T).items():
            A[row[r], j] -= mult
    c = sp.zeros(len(rooted), 1)
    for term in me.terms[k]:
        c[row[term.tree.nested]] = sp.Rational(term.coefficient.numerator, term.coefficient.denominator)
    try:
        sol, params = A.gauss_jordan_solve(c)
    except ValueError:  # inconsistent: not a gradient of an invariant
        return None
    sol = sol.subs(dict.fromkeys(params, 0))
    return tuple((Fraction(int(sp.fraction(p)[0]), int(sp.fraction(p)[1])), T) for p, T in zip(sol, frees, strict=True)
                 if p != 0)


def _witness_losses(k: int, x: sp.Symbol, y: sp.Symbol) -> list[sp.Expr]:
    """Small cubics first (readable witnesses), then deterministic polynomials of degree k + 3."""
    out = [x**2 * y, x**2 * y + y**3, x**3 * y + x * y**2]
    for shift in range(4):
        out.append(sum((((3 * i + 5 * j + shift) % 7) - 3) * x**i * y**j
                       for i in range(k + 4) for j in range(k + 4 - i) if i + j >= 2))
    return out


def gradient_structure(order: int, me: ModifiedEquation | None = None) -> GradientStructure:
    """Decide whether f_order of GD's modified field is a gradient for a generic loss (see the module docstring)."""
    me = me or gd_modified_equation(order)
    pot = _solve_potential(me, order)
    if pot is not None:
        return GradientStructure(order, True, pot, detail="f_k = -grad P_k (re-rooting lemma, exact rationals)")
    x1, x2 = sp.symbols("x1 x2", real=True)
    L = sp.Function("L")(x1, x2)
    fk = me.field(L, (x1, x2))[order]
    curl = sp.expand(antisymmetric_part(fk, (x1, x2))[0, 1])
    if curl == 0:  # cannot happen when the trees' differentials are independent; never claim either way
        return GradientStructure(order, False, curl_generic=curl,
                                 detail="no invariant potential, but the d = 2 curl vanishes: undecided beyond invariants")
    points = [(sp.Integer(1), sp.Integer(1)), (sp.Rational(1, 2), sp.Rational(-1, 3))]
    for loss in _witness_losses(order, x1, x2):
        entry = antisymmetric_part(me.field(loss, (x1, x2))[order], (x1, x2))[0, 1]
        for point in points:
            val = entry.subs({x1: point[0], x2: point[1]})
            if val != 0:
                return GradientStructure(order, False, curl_generic=curl, witness_loss=loss, witness_point=point,
                                         witness_value=val, detail="antisymmetric Jacobian part nonzero at an exact point")
    return GradientStructure(order, False, curl_generic=curl, detail="generic d = 2 curl nonzero; no witness found")
