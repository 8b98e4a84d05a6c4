"""Timing shared by the benchmarks: the candidates run interleaved, so a change of machine load hits all alike."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["interleaved"]


def interleaved(fns: dict[str, Callable[[], object]], repeats: int, warmup: int = 3) -> dict[str, list[float]]:
    """Seconds of each call of each function, ``repeats`` rounds after ``warmup`` untimed ones (compilation or
    cache load, first-touch page faults, state allocation)."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for key, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - start)
    return times
