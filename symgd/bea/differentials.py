"""Elementary differentials in gradient language, as names and as explicit SymPy vectors.

For f = -grad L every derivative of f is a derivative tensor of L with a minus sign:
f^(m)(v1..vm) = -D^(m+1)L[v1, ..., vm], the vector whose i-th entry is
sum_{j1..jm} d_i d_j1 ... d_jm L  v1_j1 ... vm_jm.  So F(t) = (-1)^|t| G(t), where G(•) = g = grad L and
G([t1..tm]) = D^(m+1)L[G(t1), ..., G(tm)]: G([•]) = H g, G([[•]]) = H^2 g, G([•,•]) = D^3L[g, g].
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from symgd.bea.trees import RootedTree, Tree

__all__ = ["DifferentialEvaluator", "differential_latex", "differential_name", "elementary_differential"]


def _chain(t: Tree) -> int:
    """k if t is the chain [[..[•]..]] with k + 1 nodes (G = H^k g), else -1."""
    k = 0
    while len(t) == 1:
        t = t[0]
        k += 1
    return k if not t else -1


def _render(t: Tree, hg: str, power: str, apply: str, contraction: str, sep: str) -> str:
    """G(t) in one notation: ``hg`` is Hg, ``power`` H^k (``{k}``), ``apply`` the space after H or H^k before a
    non-chain argument, ``contraction`` D^nL[...] (``{n}``, ``{args}``) with arguments joined by ``sep``."""
    if not t:
        return "g"
    k = _chain(t)
    if k > 0:
        return hg if k == 1 else power.format(k=k) + " g"
    if len(t) == 1:  # H applied to something that is not a chain
        inner, k = t[0], 1
        while len(inner) == 1:
            inner, k = inner[0], k + 1
        return ("H" if k == 1 else power.format(k=k)) + apply + _render(inner, hg, power, apply, contraction, sep)
    args = sep.join(_render(c, hg, power, apply, contraction, sep) for c in t)
    return contraction.format(n=len(t) + 1, args=args)


def differential_name(t: Tree) -> str:
    """Plain-text name of G(t): g, Hg, H^2 g, D^3L[g,g], H D^3L[g,g], D^4L[g,g,g] ..."""
    return _render(t, "Hg", "H^{k}", " ", "D^{n}L[{args}]", ",")


def differential_latex(t: Tree) -> str:
    """LaTeX of G(t): g, Hg, H^{2} g, \\nabla^{3} L[g, g] ..."""
    return _render(t, "H g", "H^{{{k}}}", "\\,", "\\nabla^{{{n}}} L[{args}]", ", ")


class DifferentialEvaluator:
    """G(t) for one loss L in coordinates x, memoised over subtrees and derivatives of L.

    A contraction D^(m+1)L[v1..vm] is built as a combination of partial derivatives of L indexed by
    multi-indices (so for d = 2 a bush with m leaves needs m + 2 derivatives, not 2^m)."""

    def __init__(self, loss: sp.Expr, coords: Sequence[sp.Symbol]):
        self.loss = loss
        self.coords = tuple(coords)
        self._derivs: dict[tuple[int, ...], sp.Expr] = {}
        self._memo: dict[Tree, sp.ImmutableMatrix] = {}

    def derivative(self, alpha: tuple[int, ...]) -> sp.Expr:
        """d^alpha L (alpha a multi-index), built one derivative at a time from a cached lower one."""
        if alpha not in self._derivs:
            if not any(alpha):
                self._derivs[alpha] = self.loss
            else:
                j = max(i for i, a in enumerate(alpha) if a)
                lower = (*alpha[:j], alpha[j] - 1, *alpha[j + 1:])
                self._derivs[alpha] = sp.diff(self.derivative(lower), self.coords[j])
        return self._derivs[alpha]

    def __call__(self, t: Tree) -> sp.ImmutableMatrix:
        if t not in self._memo:
            dim = len(self.coords)
            combo: dict[tuple[int, ...], sp.Expr] = {(0,) * dim: sp.Integer(1)}
            for child in t:
                v = self(child)
                new: dict[tuple[int, ...], sp.Expr] = {}
                for alpha, c in combo.items():
                    for j in range(dim):
                        if v[j] != 0:
                            beta = (*alpha[:j], alpha[j] + 1, *alpha[j + 1:])
                            new[beta] = new.get(beta, sp.Integer(0)) + c * v[j]
                combo = new
            rows = []
            for i in range(dim):
                rows.append(sp.Add(*(c * self.derivative((*alpha[:i], alpha[i] + 1, *alpha[i + 1:]))
                                     for alpha, c in combo.items())))
            self._memo[t] = sp.ImmutableMatrix(rows)
        return self._memo[t]


def elementary_differential(tree: RootedTree | Tree, loss: sp.Expr, coords: Sequence[sp.Symbol],
                            gradient_language: bool = True) -> sp.ImmutableMatrix:
    """The elementary differential of ``tree`` for the loss ``loss`` (any SymPy expression in ``coords``,
    e.g. an undefined ``L(x1, x2)``) as an explicit column vector.  ``gradient_language=True`` gives G(t)
    (g, Hg, D^3L[g,g] ...); ``False`` gives F(t) for f = -grad L, which is (-1)^|t| G(t)."""
    t = tree.nested if isinstance(tree, RootedTree) else tree
    out = DifferentialEvaluator(loss, coords)(t)
    if gradient_language:
        return out
    from symgd.bea.trees import order

    return out if order(t) % 2 == 0 else -out
