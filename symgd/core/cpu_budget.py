"""Run a computation in a forked child under a CPU-time budget that holds inside C code too.

A SIGVTALRM handler (:func:`symgd.latex.check.cpu_limit`) runs only between Python bytecodes: SymPy multiplying
integers of millions of digits, or CPython converting one to text, holds it off for as long as that C call lasts.
Here the computation runs in a forked child: ``inside(cpu)`` interrupts it where Python can (the caller's clean
answer), while the parent watches the child's CPU time (Linux ``/proc``) and kills it at ``cpu + GRACE`` wherever
it is, and at ``wall`` seconds of wall time in any case; the kernel's RLIMIT_CPU is the last backstop.  The result
travels back pickled, like :func:`symgd.core.budget.run_with_budget`'s (which budgets wall time).
"""

from __future__ import annotations

import math
import os
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from symgd.core.budget import BudgetExceeded, answer, compute_and_send, fork_worker

__all__ = ["GRACE", "CpuBudgetExceeded", "child_cpu", "run_with_cpu_budget"]

GRACE = 0.25  # CPU seconds past the budget before the child is killed (the polling interval is far shorter)
POLL = 0.02  # seconds between looks at the child's CPU time
T = TypeVar("T")


class CpuBudgetExceeded(BudgetExceeded):
    """The child used more CPU time than its budget (plus GRACE), or ran past its wall-clock cap, and was killed."""


def child_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a running process (``/proc/PID/stat``), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2 :].split()  # after "pid (comm) ": field 3 (state) is index 0
    try:
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # fields 14, 15: utime, stime
    except (IndexError, ValueError):
        return None


def _in_child(write_fd: int, cpu: float, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = math.ceil(cpu + GRACE) + 1  # whole seconds: the kernel's backstop where /proc is missing
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_CPU, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    compute_and_send(write_fd, fn, args, kwargs)


def run_with_cpu_budget(fn: Callable[..., T], *args: Any, cpu: float, wall: float | None = None,
                        **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` computed in a forked child that may use ``cpu`` seconds of CPU time (plus GRACE)
    and ``wall`` seconds of wall time (default: ``max(30, 20 * cpu)``, for a machine shared by many processes).
    Raises :class:`CpuBudgetExceeded` when the child is killed, and re-raises any exception it raised."""
    wall = max(30.0, 20.0 * cpu) if wall is None else wall
    deadline = time.monotonic() + wall
    pid, read_fd = fork_worker(lambda write_fd: _in_child(write_fd, cpu, fn, args, kwargs))
    chunks: list[bytes] = []
    try:
        while True:
            if select.select([read_fd], [], [], POLL)[0]:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            used = child_cpu(pid)
            if (used is not None and used > cpu + GRACE) or time.monotonic() > deadline:
                raise CpuBudgetExceeded(cpu)
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if not chunks:  # killed by the kernel's RLIMIT_CPU (SIGXCPU), or died
        raise CpuBudgetExceeded(cpu)
    return answer(chunks)
