"""Symbols and operators shared by the derivations (notation for output, not a parser)."""

from __future__ import annotations

import sympy as sp

__all__ = ["Expectation", "norm2"]


class Expectation(sp.Function):
    """The expectation operator E[.], left unevaluated.

    It is deliberately *not* an undefined function: the sampler replaces undefined functions by
    random polynomials to look for counterexamples, which would be wrong for a linear operator.
    Facts about it (linearity, moments) enter derivations only as cited premises.
    """

    nargs = 1

    def _latex(self, printer: sp.printing.latex.LatexPrinter) -> str:
        return r"\mathbb{E}\left[" + printer._print(self.args[0]) + r"\right]"

    def _sympystr(self, printer: sp.printing.str.StrPrinter) -> str:
        return "E[" + printer._print(self.args[0]) + "]"


def norm2(v: sp.MatrixExpr) -> sp.MatrixExpr:
    """The squared Euclidean norm of a column vector as the 1x1 matrix expression v^T v."""
    return v.T * v
