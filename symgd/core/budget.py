"""Run a computation under a wall-clock budget.

SymPy has no cancellation: a ``simplify`` that explodes cannot be interrupted from another
thread.  So each budgeted computation runs in a forked child process; on timeout the child is
killed and :class:`BudgetExceeded` is raised in the parent, which carries on.  Results travel
back pickled, so budgeted functions return plain data (strings, numbers, tuples).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["DEFAULT_TIMEOUT", "BudgetExceeded", "answer", "compute_and_send", "fork_worker", "run_with_budget", "within"]

DEFAULT_TIMEOUT = 10.0
T = TypeVar("T")
_IN_WORKER = False  # set in a worker: nested budgets stay in the outermost worker's process group
_DEADLINE: float | None = None  # time.monotonic() by which every budgeted computation must end (see within)


class BudgetExceeded(Exception):
    """The computation did not finish within its budget (the worker was killed)."""

    def __init__(self, seconds: float):
        super().__init__(f"timeout after {seconds:g} s")
        self.seconds = seconds


def compute_and_send(write_fd: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    """In a forked child: ``fn(*args, **kwargs)`` (or the exception it raised) pickled to ``write_fd``."""
    try:
        payload = ("ok", fn(*args, **kwargs))
    except BaseException as exc:  # symgd.latex.check's ReadingTimeout included: the caller's own clean answer
        payload = ("err", exc)
    try:
        data = pickle.dumps(payload)
        # Unpickling rebuilds SymPy objects through their constructors, which evaluate: an unevaluated tower
        # 2^{2^{2^{100}}} read here would be computed again in the parent, outside any budget.  The child does the
        # round trip first, under its own budget, so the parent only reads back what the child could.
        pickle.loads(data)
    except Exception as exc:  # an unpicklable result or exception travels as text
        data = pickle.dumps(("err", RuntimeError(f"{type(exc).__name__}: {exc}")))
    with os.fdopen(write_fd, "wb") as out:
        out.write(data)


def _enter_worker(own_group: bool) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    sys.set_int_max_str_digits(0)  # printing 2000! or 10^5000 only costs time here, which the budget bounds
    if own_group:
        os.setpgid(0, 0)


def _kill(pid: int, own_group: bool) -> None:
    if own_group:
        try:
            os.setpgid(pid, pid)  # in case the child has not run yet (fails harmlessly once it has)
        except OSError:
            pass
        try:
            os.killpg(pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Every :func:`run_with_budget` inside ends within ``seconds`` from now, whatever its own budget: a caller that
    makes several budgeted attempts (an audit link: the claim, then premises, classes, definitions) bounds their sum.
    Nested calls keep the earlier deadline; a forked worker inherits it."""
    global _DEADLINE
    before = _DEADLINE
    end = time.monotonic() + seconds
    _DEADLINE = end if before is None else min(before, end)
    try:
        yield
    finally:
        _DEADLINE = before


def run_with_budget(fn: Callable[..., T], *args: Any, timeout: float = DEFAULT_TIMEOUT, **kwargs: Any) -> T:
    """Return ``fn(*args, **kwargs)`` computed in a forked child within ``timeout`` seconds.

    Raises :class:`BudgetExceeded` when the budget runs out (the child is killed), and
    re-raises in the parent any exception the child raised.  ``fn`` and its arguments are
    inherited by fork, not pickled; only the result is.  Inside :func:`within`, the budget
    is cut to what is left of the enclosing deadline.
    """
    if _DEADLINE is not None:
        timeout = min(timeout, _DEADLINE - time.monotonic())
    if timeout <= 0:
        raise BudgetExceeded(0.0)
    deadline = time.monotonic() + timeout
    # The outermost worker leads a process group; killing the group also kills the workers of nested
    # budgets, which would otherwise outlive a timeout (orphaned, still computing).
    own_group = not _IN_WORKER

    def child(write_fd: int) -> None:
        _enter_worker(own_group)
        compute_and_send(write_fd, fn, args, kwargs)

    pid, read_fd = fork_worker(child)
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                raise BudgetExceeded(timeout)
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        _kill(pid, own_group)
        os.waitpid(pid, 0)
    if not chunks:
        raise RuntimeError("the worker process died without an answer")
    return answer(chunks)


def fork_worker(body: Callable[[int], None]) -> tuple[int, int]:
    """A forked child that runs ``body(write_fd)`` (Ctrl-C left to the parent) and leaves without running the
    parent's exit hooks: (its pid, the read end of its pipe)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            body(write_fd)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def answer(chunks: list[bytes]) -> Any:
    """The value a worker sent (see :func:`compute_and_send`), or the exception it raised, raised here."""
    try:
        status, value = pickle.loads(b"".join(chunks))
    except Exception as exc:  # an exception whose class cannot be rebuilt from its arguments
        raise RuntimeError(f"the worker's answer could not be read back ({type(exc).__name__}: {exc})") from None
    if status == "err":
        raise value
    return value
