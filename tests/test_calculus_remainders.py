"""Big-O algebra in claims (symgd.latex.remainders): products of remainders, remainders of vectors and matrices,
and the left-to-right reading (a remainder on the left is any function of its order; the right side's remainder
must absorb it)."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.check import parse_problem


def one(latex: str, **kw):
    p = parse_problem(latex, **kw)
    assert len(p.links) == 1
    return p.links[0][1]


def sym(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


H = r"\nabla^2\mathcal{L}(\theta_0)"
G = r"\nabla\mathcal{L}(\theta_0)"
PROD = rf"-\left({H}+O(\eta)\right)\left(-{G}+O(\eta)\right)"  # document 001's product of remainders
TH = {"vectors": ["theta_0"]}
SLOW = pytest.mark.slow


def test_right_remainders_give_the_order_left_ones_stay_arbitrary() -> None:
    h, a, b = sym("h"), sym("a"), sym("b")
    c = one(r"(a + O(h))(b + O(h)) = ab + O(h)")
    assert c.rel.value == "=+O" and c.order == (h, 1) and c.rhs == a * b
    c1, c2 = sorted(c.lhs.free_symbols - {h, a, b}, key=str)  # one arbitrary constant per remainder written
    assert sp.expand(c.lhs - (a + h * c1) * (b + h * c2)) == 0
    assert one(r"x = O(h)^2").order == (h, 2)  # O(h)^2 = O(h^2)
    assert one(r"x = 3 O(h) + O(h^3)").order == (h, 1)
    assert one(r"x = h^2 (a + O(h))").order == (h, 3)
    c = one(r"O(h) - O(h) = 0")  # two remainders: they do not cancel
    assert c.rel.value == "=" and len(c.lhs.free_symbols) == 3


def test_vector_and_matrix_remainders() -> None:
    c = one(rf"-\left({H}+O(\eta)\right)\left(-{G}+O(\eta)\right) = {H}{G} + O(\eta)", vectors=["theta_0"])
    assert c.order == (sym(r"\eta"), 1) and c.lhs.shape == c.rhs.shape
    dirs = sorted((m for m in c.lhs.atoms(sp.MatrixSymbol) if "direction" in m.name), key=lambda m: m.name)
    assert sorted(m.shape[1] == 1 for m in dirs) == [False, True]  # an n x n remainder and an n x 1 one
    c = one(r"x + O(\eta^2) = x + O(\eta)", vectors=["x"])
    assert c.order == (sym(r"\eta"), 1)


@pytest.mark.parametrize(
    ("latex", "decl", "status"),
    [
        (r"(a + O(h))(b + O(h)) = ab + O(h)", {}, Status.PROVED),
        (r"(a + O(h))(b + O(h)) = ab + O(h^2)", {}, Status.REFUTED),  # a O(h) + b O(h) is only O(h)
        (r"(a + O(h))(b + O(h)) = 2ab + O(h)", {}, Status.REFUTED),  # wrong leading term
        (r"O(h)^2 = O(h^2)", {}, Status.PROVED),
        (r"5 O(h) = O(h)", {}, Status.PROVED),
        (r"O(h^2) = O(h)", {}, Status.PROVED),  # O(h^2) is a subset of O(h) as h -> 0
        (r"O(h) = O(h^2)", {}, Status.REFUTED),  # ... not the converse
        (r"1 + O(h) = 1", {}, Status.REFUTED),  # a remainder on the left does not prove an exact right side
        (r"O(h) - O(h) = 0", {}, Status.REFUTED),
        (r"e^{h} + O(h^2) = 1 + h + O(h^2)", {}, Status.PROVED),
        (r"e^{h} + O(h) = 1 + h + O(h^2)", {}, Status.REFUTED),
        (rf"{PROD} = {H}{G} + O(\eta)", TH, Status.PROVED),
        pytest.param(rf"{PROD} = -{H}{G} + O(\eta)", TH, Status.REFUTED, marks=SLOW),  # the sign of the leading term
        pytest.param(rf"{PROD} = {H}{G} + O(\eta^2)", TH, Status.REFUTED, marks=SLOW),  # only O(eta) away
        pytest.param(rf"{PROD} = {H}{G}", TH, Status.REFUTED, marks=SLOW),  # a remainder left of an exact side
        (r"(I + \eta A)(x + O(\eta^2)) = x + \eta A x + O(\eta^2)", {"vectors": ["x"], "matrices": ["A"]},
         Status.PROVED),
        (r"e^{-\eta} x = x - \eta x + O(\eta^2)", {"vectors": ["x"]}, Status.PROVED),
        (r"e^{-\eta} x = x + \eta x + O(\eta^2)", {"vectors": ["x"]}, Status.REFUTED),
    ],
)
def test_big_o_verdicts(latex: str, decl: dict, status: Status) -> None:
    v = check(latex, timeout=20, **decl)
    assert v.status is status, (latex, v)
    if status is Status.REFUTED:
        assert v.counterexample


@pytest.mark.parametrize(
    ("latex", "message"),
    [
        (r"x = \frac{O(\eta^3)}{\eta}", "additive term"),
        (r"x = e^{O(\eta)}", "additive term"),
        (r"x = (A + O(\eta))^{-1} y", "additive term"),
        (r"a + O(h) \le b + O(h)", "'=' only"),
        (r"x = O(h) + O(\eta)", "different variables"),
    ],
)
def test_refused_remainders(latex: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, vectors=["x", "y"], matrices=["A"])


def _ground_truth(p: sp.Expr, q: sp.Expr, a: int, b: int, m: int, h: sp.Symbol) -> bool:
    """(p + O(h^a))(q + O(h^b)) = trunc_m(pq) + O(h^m) holds iff m <= the product's remainder order
    min(b + ord p, a + ord q, a + b) (ord: the lowest power of h; a remainder times an arbitrary bounded
    function is exactly of that order)."""
    def order(e: sp.Expr) -> int:
        return min(mono[0] for mono in sp.Poly(e, h).monoms())
    return m <= min(b + order(p), a + order(q), a + b)


@pytest.mark.parametrize("seed", range(4))
def test_products_of_remainders_against_an_independent_order_count(seed: int) -> None:
    import random

    from symgd.decide import decide

    rng = random.Random(seed)
    h = sym("h")
    p = sum(rng.choice([0, 1, -2, 3]) * h**k for k in range(3)) or h
    q = sum(rng.choice([0, 1, 2, -1]) * h**k for k in range(3)) or 1 + 0 * h
    a, b, m = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 4)
    trunc = sp.expand(sum(sp.expand(p * q).coeff(h, k) * h**k for k in range(m)))
    text = (rf"\left({sp.latex(p)} + O(h^{{{a}}})\right)\left({sp.latex(q)} + O(h^{{{b}}})\right) = "
            rf"{sp.latex(trunc)} + O(h^{{{m}}})")
    p_ = parse_problem(text)
    (_, claim), = p_.links
    v = decide(claim, p_.context, timeout=10)
    truth = _ground_truth(sp.Poly(p, h).as_expr(), sp.Poly(q, h).as_expr(), a, b, m, h)
    assert v.status is (Status.PROVED if truth else Status.REFUTED), (text, v)


TAYLOR_VEC = {"vectors": ["x", "x_t"]}
GRAD_T = r"\nabla f(x_t)^T (x - x_t)"
HESS_T = r"(x - x_t)^T \nabla^2 f(x_t) (x - x_t)"


def test_remainders_in_a_displacement_read_along_it() -> None:
    c = one(r"f(x) = f(a) + f'(a)(x - a) + O((x - a)^2)")
    s, k = c.order
    assert k == 2 and c.lhs == sp.Function("f")(sym("a") + s)  # x = a + s
    assert one(r"f(x) = f(a) + O(|x - a|^3)").order[1] == 3  # SymPy writes |x - a|^3 as (x - a)^2 |x - a|
    c = one(rf"f(x) = f(x_t) + {GRAD_T} + O(\|x - x_t\|^2)", **TAYLOR_VEC)
    assert c.order[1] == 2 and c.lhs.shape == (1, 1)  # along x = x_t + s d: f's Taylor polynomial in s


@pytest.mark.parametrize(
    ("latex", "decl", "status"),
    [
        (r"f(x) = f(a) + f'(a)(x - a) + O((x - a)^2)", {}, Status.PROVED),
        (r"f(x) = f(a) + f'(a)(x - a) + O((x - a)^3)", {}, Status.REFUTED),  # f'' is missing
        (r"f(x) = f(a) + f'(a)(x - a) + \frac{1}{2} f''(a)(x - a)^2 + O(|x - a|^3)", {}, Status.PROVED),
        (r"f(x) = f(a) + 2 f'(a)(x - a) + O((x - a)^2)", {}, Status.REFUTED),
        (r"e^{x} = e^{a} + e^{a}(x - a) + O((x - a)^2)", {}, Status.PROVED),
        (rf"f(x) = f(x_t) + {GRAD_T} + \frac{{1}}{{2}} {HESS_T} + O(\|x - x_t\|^3)", TAYLOR_VEC, Status.PROVED),
        pytest.param(rf"f(x) = f(x_t) + {GRAD_T} + {HESS_T} + O(\|x - x_t\|^3)", TAYLOR_VEC, Status.REFUTED,
                     marks=SLOW),  # the 1/2
        (rf"f(x) = f(x_t) + {GRAD_T} + O(\|x - x_t\|^2)", TAYLOR_VEC, Status.PROVED),
        (rf"f(x) = f(x_t) + {GRAD_T} + O(\|x - x_t\|^3)", TAYLOR_VEC, Status.REFUTED),  # the Hessian term
        (rf"f(x) = f(x_t) - {GRAD_T} + O(\|x - x_t\|^2)", TAYLOR_VEC, Status.REFUTED),
    ],
)
def test_displacement_remainder_verdicts(latex: str, decl: dict, status: Status) -> None:
    v = check(latex, timeout=20, **decl)
    assert v.status is status, (latex, v)


@pytest.mark.parametrize(
    ("latex", "decl", "message"),
    [
        (r"f(x) = f(x_t) + O(\|x - x_t\|^4)", TAYLOR_VEC, r"Taylor polynomial of an undefined f at one point"),
        (rf"f(x) = f(x_t) + {GRAD_T} + O(\|x - x_t\|^2) + O(\eta)", TAYLOR_VEC, r"different variables"),
        (rf"f(x) + O(\|x - x_t\|^2) = f(x_t) + {GRAD_T} + O(\|x - x_t\|^2)", TAYLOR_VEC, r"on the left of a"),
        (r"f(x) = f(a) + O((x - a)(x - b))", {}, r"power of one variable"),
    ],
)
def test_refused_displacement_remainders(latex: str, decl: dict, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_problem(latex, **decl)
