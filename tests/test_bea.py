"""symgd.bea: rooted trees, the B-series modified field of GD, and its cross-checks.

Independent numbers: the tree counts (OEIS A000081), the substitution law of Chartier–Hairer–Vilmart
(a different formula from the Lie-derivative recursion the code uses), the closed form log(1 - eta lambda)/eta
on a quadratic, HLW's published f_1, f_2, and a brute-force coordinate computation (Lie series of the
truncated field matched with one step, no trees) with an undefined loss in d = 1, 2, 3 through order 4 and 5
(its jets as independent symbols, exact rationals: symgd.bea.jets).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from symgd.bea import elementary_differential, modified_equation
from symgd.bea.bseries import euler, exact_flow, modified_coefficients, substitute
from symgd.bea.jets import from_sympy, gd_field_by_coordinates, vector_from_sympy
from symgd.bea.maps import lie_series, modified_field_of_map
from symgd.bea.modified import ModifiedEquation, Term
from symgd.bea.trees import RootedTree, density, edge_splits, from_levels, level_sequence, symmetry, trees
from symgd.core.errors import BadInput

A000081 = [1, 1, 2, 4, 9, 20, 48, 115, 286, 719, 1842]


def test_tree_counts_and_canonical_forms():
    assert [len(trees(n)) for n in range(1, 12)] == A000081
    for n in range(1, 9):
        ts = trees(n)
        assert len(set(ts)) == len(ts)
        for t in ts:  # level sequences round-trip, and any drawing gives the same tree
            assert from_levels(level_sequence(t)) == t
    assert from_levels([0, 1, 1, 2]) == from_levels([0, 1, 2, 1]) == RootedTree.from_levels((0, 1, 2, 1)).nested
    with pytest.raises(ValueError):
        from_levels([0, 2])
    with pytest.raises(ValueError):
        from_levels([0, 1, 0])


def test_symmetry_and_density_by_hand():
    bush = lambda m: tuple(() for _ in range(m))  # noqa: E731
    chain = from_levels(range(5))
    assert [symmetry(bush(m)) for m in range(1, 6)] == [1, 2, 6, 24, 120]
    assert symmetry(chain) == 1 and density(chain) == 120  # 5!
    assert density(bush(4)) == 5
    # [[•,•],[•,•]]: two identical cherries, each of symmetry 2: 2! * 2 * 2
    assert symmetry(from_levels([0, 1, 2, 2, 1, 2, 2])) == 8
    # sum over trees of order n of n!/(sigma gamma) = number of labelled monotone trees = (n-1)!
    for n in range(1, 9):
        assert sum(Fraction(1, symmetry(t) * density(t)) for t in trees(n)) == Fraction(1, n)
    # the edges of a drawing: n - 1 of them
    assert all(len(edge_splits(t)) == n - 1 for n in range(1, 8) for t in trees(n))


def test_modified_coefficients_satisfy_the_substitution_law():
    """(b ⋆ e)(t) = a(t) for explicit Euler, every tree up to 7 nodes (a formula the code does not use)."""
    b = modified_coefficients(euler, 7)
    for n in range(1, 8):
        for t in trees(n):
            assert substitute(b.__getitem__, exact_flow, t) == euler(t)
    # the exact flow's own modified field is f itself
    e = modified_coefficients(exact_flow, 6)
    assert all(e[t] == (1 if t == () else 0) for n in range(1, 7) for t in trees(n))


def test_known_euler_coefficients():
    me = modified_equation("gd", 3)
    # HLW IX.1: f~ = f - h/2 f'f + h^2 (1/3 f'f'f + 1/12 f''(f,f)) + ...; with f = -grad L: F(t) = (-1)^|t| G(t)
    terms = {k: {t.name: t.coefficient for t in me.terms[k]} for k in range(4)}
    assert terms[0] == {"g": -1}
    assert terms[1] == {"Hg": Fraction(-1, 2)}
    assert terms[2] == {"H^2 g": Fraction(-1, 3), "D^3L[g,g]": Fraction(-1, 12)}
    # h^3: the Euler coefficients -(1/4) f'f'f'f - (1/12) f'f''(f,f) - (1/12) f''(f'f,f), f'''(f,f,f) absent
    assert terms[3] == {"H^3 g": Fraction(-1, 4), "H D^3L[g,g]": Fraction(-1, 12), "D^3L[Hg,g]": Fraction(-1, 12)}
    assert me.trees_per_order == (1, 1, 2, 4)


def test_chain_coefficients_match_the_logarithm():
    """On L = lambda theta^2/2 only chains survive; the modified field is log(1 - eta lambda)/eta theta."""
    lam, eta, th = sp.symbols("lambda eta theta")
    K = 8
    me = modified_equation("gd", K)
    field = me.total_field(lam * th**2 / 2, [th], eta)[0]
    exact = -sum((eta * lam) ** n / n for n in range(1, K + 2)) / eta * th  # log(1 - z) = -sum z^n / n
    assert sp.expand(field - exact) == 0


@pytest.mark.parametrize("dim, K", [(1, 5), (2, 5), (3, 4)])
def test_bseries_matches_coordinates(dim, K):
    """Brute force, no trees: the Lie series of the unknown field matched with one Euler step, with the jets of an
    undefined L(x_1..x_d) as independent symbols and exact rational arithmetic, against the public .field()."""
    xs = sp.symbols(f"x1:{dim + 1}", real=True)
    L = sp.Function("L")(*xs)
    brute = gd_field_by_coordinates(dim, K)
    tree_fields = modified_equation("gd", K).field(L, xs)
    for k in range(K + 1):
        assert brute[k] == vector_from_sympy(tree_fields[k], L, xs), (dim, k)
    assert brute[K].scale(2) != brute[K]  # not vacuous: f_K has terms


@pytest.mark.slow
def test_bseries_matches_coordinates_order_5_in_3d():
    test_bseries_matches_coordinates(3, 5)


def test_coordinate_check_can_fail():
    """One wrong coefficient (D^3L[g,g] at -1/6 instead of -1/12) is seen by the jet comparison in every d."""
    me = modified_equation("gd", 2)
    bad = tuple(Term(Fraction(-1, 6), t.tree) if t.name == "D^3L[g,g]" else t for t in me.terms[2])
    wrong = ModifiedEquation("gd_wrong", 2, (*me.terms[:2], bad), me.trees_per_order)
    for dim in (1, 2, 3):
        xs = sp.symbols(f"x1:{dim + 1}", real=True)
        L = sp.Function("L")(*xs)
        assert gd_field_by_coordinates(dim, 2)[2] != vector_from_sympy(wrong.field(L, xs)[2], L, xs)


def test_sympy_coordinate_route_agrees():
    """The SymPy route (modified_field_of_map, used for rules with state) on GD in d = 2 through order 2."""
    xs = sp.symbols("x1 x2", real=True)
    L = sp.Function("L")(*xs)
    g = sp.ImmutableMatrix([sp.diff(L, x) for x in xs])
    brute = modified_field_of_map([-g], xs, 2)
    tree_fields = modified_equation("gd", 2).field(L, xs)
    for k in range(3):
        assert sp.expand(brute[k] - tree_fields[k]) == sp.zeros(2, 1), k


def test_jets_refuse_what_is_not_a_differential_polynomial():
    x = sp.Symbol("x")
    L = sp.Function("L")(x)
    assert from_sympy(sp.Derivative(L, x) ** 2 * 3 / 2, L, [x]).terms == {((1,), (1,)): Fraction(3, 2)}
    for bad in (L, sp.sqrt(sp.Derivative(L, x)), sp.Derivative(L, x) / sp.Derivative(L, x, 2), sp.pi):
        with pytest.raises(ValueError):
            from_sympy(bad, L, [x])


def test_flow_of_the_truncated_field_is_one_step_to_order():
    """Lie series of f_0 + ... + eta^K f_K on a concrete quartic: equals theta - eta g up to eta^(K+1)."""
    x, y, eta = sp.symbols("x y eta")
    loss = x**4 / 4 + x * y**2 + y**2 / 2 - x / 3
    K = 2
    fields = modified_equation("gd", K).field(loss, [x, y])
    flow = lie_series(fields, [x, y], eta, K + 1)
    step = sp.Matrix([x, y]) - eta * sp.Matrix([sp.diff(loss, x), sp.diff(loss, y)])
    assert sp.expand(flow - step) == sp.zeros(2, 1)
    # and the truncation one order lower leaves an eta^(K+1) residue
    flow_low = lie_series(fields[:K], [x, y], eta, K + 1)
    assert sp.expand(flow_low - step) != sp.zeros(2, 1)


def test_elementary_differentials_in_coordinates():
    x, y = sp.symbols("x y")
    loss = x**3 * y + y**2
    g = sp.Matrix([sp.diff(loss, v) for v in (x, y)])
    H = sp.hessian(loss, (x, y))
    assert elementary_differential(RootedTree(()), loss, [x, y]) == g
    assert sp.expand(elementary_differential(from_levels([0, 1, 2]), loss, [x, y]) - H * H * g) == sp.zeros(2, 1)
    d3 = sp.Matrix([sum(sp.diff(loss, v, a, b) * g[i] * g[j] for i, a in enumerate((x, y)) for j, b in enumerate((x, y)))
                    for v in (x, y)])
    assert sp.expand(elementary_differential(from_levels([0, 1, 1]), loss, [x, y]) - d3) == sp.zeros(2, 1)
    # F(t) for f = -grad L carries (-1)^|t|: F(•) = f = -g, F([•]) = f'f = (-H)(-g) = Hg
    assert elementary_differential(RootedTree(()), loss, [x, y], gradient_language=False) == -g
    assert sp.expand(elementary_differential(from_levels([0, 1]), loss, [x, y], gradient_language=False) - H * g) \
        == sp.zeros(2, 1)


def test_renderings_and_bad_input():
    me = modified_equation("gd", 2)
    assert me.order_text(2) == "-1/3 H^2 g - 1/12 D^3L[g,g]"
    assert "\\frac{1}{12} \\nabla^{3} L[g, g]" in me.latex()
    d = me.to_dict()
    assert d["orders"][2]["terms"][1] == {"coefficient": "-1/12", "tree": [0, 1, 1], "bracket": "[•,•]",
                                          "differential": "D^3L[g,g]", "latex": "\\nabla^{3} L[g, g]"}
    for bad in (-1, 13, 2.0, True):
        with pytest.raises(BadInput, match="order must be an integer"):
            modified_equation("gd", bad)
    with pytest.raises(BadInput, match="unknown rule 'sgdx'"):
        modified_equation("sgdx", 1)
