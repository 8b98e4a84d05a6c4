"""A module a test file names at its top but imports at its first use, inside a test, not at collection.

Under pytest-xdist every worker collects every test file, so a module-level ``import torch`` (or JAX, cvxpy, PEPit,
numba, matplotlib) is paid by both workers before any test runs (about 6 s of CPU each for all of them), and it keeps
the worker big for the whole run: every budgeted check forks the worker, and a fork copies its page tables (measured:
~1.5 ms of system time per fork from a worker holding SymPy and symgd, ~25 ms once torch, JAX, cvxpy and PEPit are
loaded).  tests/conftest.py runs the files that load these libraries at the end of each worker's queue.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest

__all__ = ["LazyModule"]


class LazyModule:
    """``torch = LazyModule("torch", peer=True)``: ``torch.tensor`` imports torch at its first use.

    ``peer=True`` (a third-party library the dev extra installs): a missing one skips the test, as a module-level
    ``pytest.importorskip`` did.  symgd's own modules are imported plainly, so that their ImportError fails.
    Public attributes only (``torch._C`` raises AttributeError: import such a name in the test), and reads only:
    monkeypatch a lazily named module by its dotted path (``monkeypatch.setattr("a.b.c", v)``).
    """

    def __init__(self, name: str, *, peer: bool = False) -> None:
        self._name = name
        self._peer = peer
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):  # pytest's collection probes __test__, __wrapped__, _mock_name...: no import for them
            raise AttributeError(attr)
        if self._module is None:
            self._module = pytest.importorskip(self._name) if self._peer else importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __setattr__(self, attr: str, value: Any) -> None:
        if not attr.startswith("_"):
            raise AttributeError(f"{self._name} is named lazily here: set {attr} on the module itself")
        object.__setattr__(self, attr, value)

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"
