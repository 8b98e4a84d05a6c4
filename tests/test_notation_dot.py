"""``a \\cdot b`` of two column vectors of one shape is their inner product a^T b (the dot product); other products
are unchanged, and ``\\times`` of two vectors (a cross product) is still refused."""

from __future__ import annotations

import pytest

import symgd
from symgd.core.errors import BadInput
from symgd.latex.check import parse_problem


def _claim(latex: str, **kw):
    return parse_problem(latex, **kw).links[0][1]


def test_cdot_of_two_vectors_is_the_inner_product() -> None:
    dot = _claim(r"x \cdot y = 0", vectors=["x,y"])
    inner = _claim(r"\langle x, y \rangle = 0", vectors=["x,y"])
    assert dot.lhs == inner.lhs  # the same x^T y, so every route decides it alike


@pytest.mark.parametrize(("latex", "status"), [
    (r"x \cdot y = \langle x, y \rangle", "proved"),
    (r"x \cdot y = y \cdot x", "proved"),
    (r"(x \cdot y)^2 \le (x \cdot x)(y \cdot y)", "proved"),
    (r"x \cdot y = \|x\|^2", "refuted"),                      # false: only for y = x
    (r"(x \cdot y)^2 \le (x \cdot x)", "refuted"),            # false: a dropped factor
    (r"x \cdot (y + z) = x \cdot y + x \cdot z", "proved"),
])
def test_dot_products_are_decided(latex: str, status: str) -> None:
    assert symgd.check(latex, vectors=["x,y,z"], timeout=10).status.value == status


def test_other_products_are_unchanged() -> None:
    assert symgd.check(r"2 \cdot a = a + a", timeout=10).status.value == "proved"
    assert symgd.check(r"x^T \cdot y = \langle x, y \rangle", vectors=["x,y"], timeout=10).status.value == "proved"
    with pytest.raises(BadInput, match="cannot multiply"):
        parse_problem(r"x \times y = 0", vectors=["x,y"])
