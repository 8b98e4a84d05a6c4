"""SymPy's equality of Subs is unsound (variables sent to equal points become indistinguishable):
the engine must neither prove nor evaluate through it."""

from __future__ import annotations

import sympy as sp

from symgd import Claim, Derivation, Source, Status, decide
from symgd.core.subs import guard, replace_functions

x, y, t = sp.symbols("x y t", real=True)
L = sp.Function("L")
dx = sp.Subs(sp.Derivative(L(x, y), x), (x, y), (5, 5))  # dL/dx at (5, 5)
dy = sp.Subs(sp.Derivative(L(x, y), y), (x, y), (5, 5))  # dL/dy at (5, 5)
bowl = sp.Lambda((x, y), x**2 + 10 * y**2)


def test_the_sympy_defect_is_still_there() -> None:
    """The reason this module exists; when SymPy fixes it this test says so (and the guard stays harmless)."""
    assert dx == dy and dx - dy == 0


def test_different_partials_at_a_point_are_not_proved_equal() -> None:
    v = decide(Claim(dx, "=", dy), timeout=5)
    assert v.status is Status.REFUTED, v  # L(x, y) = random polynomial: the partials differ
    assert decide(Claim(dx, "=", dx), timeout=5).status is Status.PROVED


def test_mixed_and_pure_second_partials_at_a_diagonal_point_stay_apart() -> None:
    mixed = sp.Subs(sp.Derivative(L(x, y), x, y), (x, y), (t, t))
    pure = sp.Subs(sp.Derivative(L(x, y), x, x), (x, y), (t, t))
    assert mixed == pure  # SymPy again
    table: dict = {}
    assert guard(mixed, table) != guard(pure, table)
    assert decide(Claim(mixed, "=", pure), timeout=5).status is not Status.PROVED


def test_substituting_a_function_keeps_each_partial_its_own() -> None:
    g = sp.Matrix([dx, dy])
    assert list(replace_functions(g, {L: bowl}, evaluate=True)) == [10, 100]
    assert list(g.replace(L, bowl).doit()) == [100, 100]  # what SymPy's cached replace gives


def test_a_defined_function_evaluates_each_partial_in_a_derivation() -> None:
    d = Derivation("bowl", "the gradient of a defined bowl", Source("002", "test"))
    d.assume([x, y])
    d.define(L(x, y), x**2 + 10 * y**2, "the bowl")
    d.claim(sp.Matrix([dx, dy]), "=", sp.Matrix([10, 100]), "differentiate at (5, 5)")
    d.claim(sp.Matrix([dx, dy]), "=", sp.Matrix([100, 100]), "the value SymPy's cache would give")
    r = d.verify(numeric=False)
    assert r.steps[0].verdict.status is Status.PROVED
    assert r.steps[1].verdict.status is Status.REFUTED


def test_a_premise_instance_keeps_each_partial_its_own() -> None:
    from symgd import Premise

    F = sp.Function("F")
    p = Premise("pair", Claim(sp.Matrix([sp.Subs(sp.Derivative(F(x, y), x), (x, y), (5, 5)),
                                         sp.Subs(sp.Derivative(F(x, y), y), (x, y), (5, 5))]), "=", sp.Matrix([0, 0])),
                variables=(F,))
    claim, _ = p.instantiate({F: bowl})
    assert [e.doit() for e in claim.lhs] == [10, 100]  # entry by entry: Matrix.doit caches by ==


def test_hypotheses_are_sympy_objects_never_parsed_text() -> None:
    import pytest

    from symgd import Context

    with pytest.raises(sp.SympifyError):
        Context.make(["__import__('os').getcwd() > 0"])
