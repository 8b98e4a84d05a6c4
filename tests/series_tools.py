"""Shared by the tests of sums, expectations and operator norms (tests/test_series_*.py, tests/test_expectation.py)."""

from __future__ import annotations

import pytest

__all__ = ["slow_after"]


def slow_after(k: int, rows: list) -> list:
    """The first k rows run in every test run; the others are marked slow (they still run in CI and make test)."""
    return [r if i < k or type(r) is not tuple else pytest.param(*r, marks=pytest.mark.slow)
            for i, r in enumerate(rows)]
