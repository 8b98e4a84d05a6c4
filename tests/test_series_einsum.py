"""Index sums read by symgd against numpy's einsum (an independent oracle): random products of vector and matrix
entries with summed and free indices are parsed, the matrix expression symgd builds is evaluated on explicit
3 x 3 integer matrices, and compared with einsum over the same index pattern."""

from __future__ import annotations

import random

import numpy as np
import pytest
import sympy as sp

from symgd.latex.notation import DIM
from symgd.latex.problem import parse_problem

MATS, VECS = ("A", "B", "C"), ("x", "y")
N = 3


def _term(rng: random.Random, free: str) -> tuple[str, str, list[str]]:
    """A random product whose summed letters occur twice and the free letters once, the free ones in a matrix
    entry (which makes them indices of the claim): (LaTeX, einsum spec, factor names)."""
    while True:
        factors = [rng.choice(MATS + VECS) for _ in range(rng.randint(1, 3))]
        extra = sum(2 if f in MATS else 1 for f in factors) - len(free)
        if extra < 0 or extra % 2 or extra // 2 > 3:
            continue
        letters = [*free, *"ijk"[: extra // 2] * 2]
        rng.shuffle(letters)
        subs, pos = [], 0
        for f in factors:
            w = 2 if f in MATS else 1
            subs.append("".join(letters[pos : pos + w]))
            pos += w
        if any(c in s for c in free for f, s in zip(factors, subs, strict=True) if f in MATS) or not free:
            if all(c in "".join(s for f, s in zip(factors, subs, strict=True) if f in MATS) for c in free):
                break
    sums = "".join(f"\\sum_{s} " for s in "ijk"[: extra // 2])
    latex = sums + " ".join(f"{f}_{{{s}}}" for f, s in zip(factors, subs, strict=True))
    return latex, ",".join(subs) + "->" + free, factors


@pytest.mark.parametrize("seed", range(30))
def test_index_sums_agree_with_einsum(seed):
    rng = random.Random(seed)
    free = rng.choice(["", "a", "ab"])
    latex, spec, factors = _term(rng, free)
    (_, claim), = parse_problem(f"{latex} = 0", vectors=list(VECS), matrices=list(MATS)).links
    arrays = {f: np.random.default_rng(seed + 100 * k).integers(-3, 4, size=(N, N) if f in MATS else (N, 1))
              for k, f in enumerate((*MATS, *VECS))}
    expr = claim.lhs.subs(DIM, N)
    values = {sp.MatrixSymbol(f, N, N if f in MATS else 1): sp.Matrix(arrays[f]) for f in (*MATS, *VECS)}
    got = expr.xreplace(values).doit()
    got = np.array(sp.Matrix(got) if hasattr(got, "shape") else [[got]], dtype=float)
    want = np.einsum(spec, *[arrays[f] if f in MATS else arrays[f].ravel() for f in factors])
    assert np.allclose(got.reshape(want.shape), want), (latex, spec, got, want)
