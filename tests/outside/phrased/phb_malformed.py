"""Batch B malformed or ambiguous command lines (copy-paste damage and typing slips): each must be refused with one
line on stderr and exit code 2."""

from __future__ import annotations

from .cmd import M

__all__ = ["CLAIMS"]

CLAIMS = [
    # was 'x∗ = 0': nothing follows the star to multiply, so it is x^* (570f96a); a spaced star before an operand is not
    M("bad-b-star", r"""symgd check 'a∗ b = a b'""", "a∗ b: a superscript star that lost its height, or a product?"),
    M("bad-b-dash", r"""symgd check 'a – b = a + (–b)'""", "an en dash: a minus sign or a range?"),
    M("bad-b-root-ab", r"""symgd check -a 'a, b > 0' '√ab ≤ (a + b)/2'""", "√ab: the root of ab or √a times b?"),
    M("bad-b-flattened-power", r"""symgd check --vector x 'x2 = x_2'""", "x2: x^2 or x_2 after copying from a PDF?"),
    M("bad-b-slash-L", r"""symgd check -a 'eta > 0' -a 'L > 0' '\eta/2L \le 1'""", "eta/(2L) or (eta/2) L?"),
    M("bad-b-double-rel", r"""symgd check 'f(x) = = 0'""", "two relations with nothing between them"),
    M("bad-b-no-claim", r"""symgd check --assume '\eta > 0'""", "no claim and no --file"),
    M("bad-b-ragged-matrix", r"""symgd check '\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix} = 0'""", "a ragged matrix"),
    M("bad-b-vector-ineq", r"""symgd check --vector x,y 'x \le y'""", "an inequality between vectors"),
    M("bad-b-unclosed-left", r"""symgd check '\left( 1 - \eta\lambda = 0'""", "\\left( never closed"),
]
