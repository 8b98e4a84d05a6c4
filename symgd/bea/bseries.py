"""B-series coefficients, exact in rationals: the exact flow, explicit Euler, and the modified field.

Normalisation (Hairer, Lubich, Wanner, GNI, III.1 and IX.9).  For y' = f(y) a B-series is
B(a, y) = a(∅) y + sum_t h^|t| / sigma(t) a(t) F(t)(y), with the elementary differentials F(•) = f,
F([t1..tm]) = f^(m)(F(t1), ..., F(tm)).  The exact flow has e(t) = 1/gamma(t); one explicit Euler step
y + h f(y) has a(∅) = a(•) = 1 and a(t) = 0 otherwise.  A modified field is written the same way,
h f~(y) = sum_t h^|t| / sigma(t) b(t) F(t)(y), b(∅) = 0, so its h^k coefficient is
f_k = sum_{|t| = k+1} b(t)/sigma(t) F(t).

The condition "the flow of f~ for time h is the method" reads a = exp(∂_b) δ_∅ = δ_∅ + sum_j ∂_b^(j-1) b / j!,
where ∂_b is the Lie derivative along h f~ acting on B-series coefficients:
(∂_b c)(t) = c(∅) b(t) + sum over edges of t of c(s) b(u), u the subtree below the edge and s the rest.
The j >= 2 terms at a tree of order n only involve b on smaller trees, which gives b order by order
(this is the log of the Butcher group element; for Euler it gives Murua's coefficients ω(•) = 1,
ω([•]) = -1/2, ω([•,•]) = 1/6, ω([[•]]) = 1/3).  :func:`substitute` is the substitution law of
Chartier, Hairer and Vilmart, an independent route used to check the result: (b ⋆ e)(t) = a(t).

Reference.  Hairer, Lubich, Wanner, Geometric Numerical Integration (2006), IX.9; Chartier, Hairer,
Vilmart, Algebraic structures of B-series, Found. Comput. Math. 10 (2010); Murua, The Hopf algebra of
rooted trees, free Lie algebras, and Lie series, Found. Comput. Math. 6 (2006); BSeries.jl
(``modified_equation``), Ketcheson and Ranocha.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import product

from symgd.bea.trees import Tree, density, edge_splits, level_sequence, trees

__all__ = ["euler", "exact_flow", "modified_coefficients", "substitute"]

Coefficients = Callable[[Tree], Fraction]


def exact_flow(t: Tree) -> Fraction:
    """e(t) = 1/gamma(t): the B-series of the exact flow."""
    return Fraction(1, density(t))


def euler(t: Tree) -> Fraction:
    """Explicit Euler (one GD step on f = -grad L): a(•) = 1, every other tree 0."""
    return Fraction(1 if t == () else 0)


def modified_coefficients(a: Coefficients, max_order: int) -> dict[Tree, Fraction]:
    """b(t) for every tree with at most ``max_order`` nodes: the modified field of the B-series method a
    (a(∅) = 1, a(•) = 1 for a consistent method).  Exact rationals; the work per tree is (edges x order)."""
    if a(()) != 1:
        raise ValueError("the method is not consistent (a(•) != 1): no modified field starts with f")
    b: dict[Tree, Fraction] = {(): Fraction(1)}
    # powers[j][t] = (∂_b^(j-1) b)(t) for j >= 2; zero on trees with fewer than j nodes
    powers: list[dict[Tree, Fraction]] = [{}, b]
    for n in range(2, max_order + 1):
        while len(powers) <= n:
            powers.append({})
        for t in trees(n):
            splits = edge_splits(t)
            total = Fraction(0)
            fact = 1
            for j in range(2, n + 1):
                fact *= j
                prev = powers[j - 1]
                cj = Fraction(0)
                for s, u in splits:
                    cs = prev.get(s)
                    if cs:
                        cj += cs * b[u]
                if cj:
                    powers[j][t] = cj
                    total += cj / fact
            b[t] = a(t) - total
            powers[1] = b
    return b


def substitute(b: Coefficients, a: Coefficients, t: Tree) -> Fraction:
    """(b ⋆ a)(t) = sum over the partitions of t (subsets of its edges to keep) of a(skeleton) prod b(parts):
    the B-series coefficient at t of the method a applied to the field h f~ = B(b).  Exponential in the
    number of edges: for checks on small trees."""
    levels = level_sequence(t)
    n = len(levels)
    parent = [-1] * n
    stack: list[int] = []
    for i, lv in enumerate(levels):
        del stack[lv:]
        if stack:
            parent[i] = stack[-1]
        stack.append(i)
    edges = list(range(1, n))  # edge i joins node i to parent[i]
    total = Fraction(0)
    for keep in product((False, True), repeat=len(edges)):
        comp = list(range(n))  # component representative: the topmost node (nodes come in preorder)
        for i, k in zip(edges, keep, strict=True):
            if k:
                comp[i] = comp[parent[i]]
        roots = sorted(set(comp))
        part_of = {r: [i for i in range(n) if comp[i] == r] for r in roots}
        value = a(_skeleton(roots, parent, comp))
        for r in roots:
            value *= b(_induced(part_of[r], parent))
        total += value
    return total


def _induced(nodes: list[int], parent: list[int]) -> Tree:
    """The tree spanned by ``nodes`` (a connected set, its first node the top) with the parent links."""
    inside = set(nodes)

    def build(v: int) -> Tree:
        return tuple(sorted((build(w) for w in nodes if w != v and parent[w] == v and w in inside), reverse=True))

    return build(nodes[0])


def _skeleton(roots: list[int], parent: list[int], comp: list[int]) -> Tree:
    """The skeleton: one node per part, a part's parent is the part holding its top node's parent."""
    up = {r: comp[parent[r]] for r in roots if parent[r] >= 0}

    def build(r: int) -> Tree:
        return tuple(sorted((build(w) for w in roots if up.get(w) == r), reverse=True))

    return build(next(r for r in roots if parent[r] < 0))
