"""The gradient of a scalar expression in a vector (symgd/latex/matrix_gradient.py), found by the phrased set
(issue 11, tests/outside/phrased/, batch C): SymPy's matrix calculus differentiates a function of a matrix expression
(the norm, exp, log, |.|, sin) and a power other than a positive integer as a constant, and a scalar sum holding a
trace as 0, so ``\\nabla_x \\|x\\| = 0`` and ``\\nabla_x (\\operatorname{tr}(x x^\\top) + 1) = 0`` were *proved* and the true
``\\nabla_x \\|x\\| = x/\\|x\\|`` was *refuted*.  And ``\\nabla_x (a^\\top x)(b^\\top x)`` took the gradient of the first
factor only (the true product rule was refuted): it is refused as ambiguous."""

from __future__ import annotations

import pytest
import sympy as sp

from symgd import BadInput, Status, check
from symgd.latex.matrix_gradient import matrix_gradient
from symgd.latex.shapes import Norm

N = sp.Symbol("n", integer=True, positive=True)
X, A_, B_ = (sp.MatrixSymbol(s, N, 1) for s in "xab")
M = sp.MatrixSymbol("M", N, N)
TR = sp.Trace


@pytest.mark.parametrize("expr", [Norm(X), 3 * Norm(X - A_), sp.exp(TR(X.T * X)), 1 / TR(X.T * X), sp.log(TR(X.T * X)),
                                  sp.Abs(TR(A_.T * X)), sp.sin(TR(A_.T * X)), TR(X.T * X) ** sp.Rational(1, 2),
                                  (X.T * X)[0, 0], sp.Function("h")(TR(X.T * X)) + TR(A_.T * X)],
                         ids=lambda e: str(e)[:40])
def test_untrusted_gradients_are_refused(expr) -> None:
    assert matrix_gradient(expr, X) is None


@pytest.mark.parametrize(("expr", "grad"), [
    (TR(A_.T * X) + 1, A_),  # SymPy alone: 0
    (3 * TR(X.T * X) + 5, 6 * X),  # SymPy alone: 0
    (TR(X.T * X) * TR(A_.T * X) + TR(B_.T * X), 2 * X * TR(A_.T * X) + A_ * TR(X.T * X) + B_),
    ((TR(A_.T * X) + 1) ** 2, 2 * (TR(A_.T * X) + 1) * A_),
    (X.T * M * X, M * X + M.T * X),
    (A_.T * X * B_.T * X, A_ * B_.T * X + B_ * A_.T * X),
    (TR(A_.T * A_), sp.ZeroMatrix(N, 1)),
])
def test_trusted_gradients(expr, grad) -> None:
    got = matrix_gradient(expr, X)
    assert got is not None
    n = 3  # compare in explicit coordinates (independent of SymPy's matrix calculus)
    sub = {N: n}
    vals = {s: sp.Matrix(n, 1, lambda i, _, s=s: sp.Symbol(f"{s.name}{i}")) for s in (X, A_, B_)}
    vals[M] = sp.Matrix(n, n, lambda i, j: sp.Symbol(f"m{i}{j}"))
    def explicit(e):
        e = e.subs(sub)
        for s, v in vals.items():
            e = e.subs(s.subs(sub), v)
        return sp.Matrix(e.doit()) if getattr(e, "is_Matrix", False) or isinstance(e, sp.MatrixExpr) else e.doit()
    scalar = explicit(expr)
    scalar = scalar[0, 0] if isinstance(scalar, sp.MatrixBase) else scalar
    by_coordinates = sp.Matrix([sp.diff(scalar, c) for c in vals[X]])
    assert sp.simplify(explicit(got) - by_coordinates) == sp.zeros(n, 1)
    assert sp.simplify(explicit(grad) - by_coordinates) == sp.zeros(n, 1)


FALSE = [r"\nabla_x \|x\| = 0", r"\nabla_x e^{x^\top x} = 0", r"\nabla_x \frac{1}{x^\top x} = 0",
         r"\nabla_x \left(\|x\|^2 + \|x\|\right) = 2x", r"\nabla_x \left(\operatorname{tr}(x x^\top) + 1\right) = 0",
         r"\nabla_x |a^\top x| = 0",
         # the chain rule through f(Rx) differentiated the other terms the same way (symgd/latex/linear_maps.py)
         r"\nabla_x \left(f(Rx) + \|x\|\right) = R^\top \nabla f(Rx)",
         r"\nabla_x \left(f(Rx) + e^{x^\top x}\right) = R^\top \nabla f(Rx)"]


@pytest.mark.parametrize("latex", FALSE)
def test_false_gradients_not_proved(latex: str) -> None:
    try:
        v = check(latex, vectors="x,a", matrices="R", timeout=5)
    except BadInput as exc:  # refused for this reason, not another
        assert "cannot differentiate" in str(exc)
        return
    assert v.status is not Status.PROVED, (latex, v.method)


@pytest.mark.parametrize("latex", [r"\nabla_x \|x\| = \frac{x}{\|x\|}",
                                   r"\nabla_x (a^\top x)(b^\top x) = a b^\top x + b a^\top x"])
def test_true_gradients_not_refuted(latex: str) -> None:
    try:
        v = check(latex, vectors="x,a,b", assume=r"x \ne 0", timeout=5)
    except BadInput as exc:
        assert "cannot differentiate" in str(exc) or "ambiguous" in str(exc)
        return
    assert v.status is not Status.REFUTED, (latex, v.counterexample)


def test_gradient_of_a_product_of_groups_is_ambiguous() -> None:
    with pytest.raises(BadInput, match=r"nabla_x \(u\)\(v\) is ambiguous"):
        check(r"\nabla_x (a^\top x)(b^\top x) = 0", vectors="x,a,b")


@pytest.mark.parametrize("latex", [r"\nabla_x \left(\operatorname{tr}(x x^\top) + 1\right) = 2x",
                                   r"\nabla_x \left((a^\top x)(b^\top x) + x^\top x\right) = a b^\top x + b a^\top x + 2x"])
def test_true_gradients_still_proved(latex: str) -> None:
    assert check(latex, vectors="x,a,b", timeout=10).status is Status.PROVED
