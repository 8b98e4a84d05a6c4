"""Reading a claim has a CPU budget that holds even where a SIGVTALRM handler cannot run (SymPy's C-level work, or
a handler's exception swallowed): `symgd check` reads in a forked child (symgd.core.cpu_budget) that the parent
kills at the budget plus GRACE, and answers 'undecided: timeout ... while reading the claim', exit 3."""

from __future__ import annotations

import contextlib
import io
import resource
import signal
import time

import pytest

import symgd.latex.check
from symgd.app.cli import main
from symgd.core.cpu_budget import GRACE, CpuBudgetExceeded, run_with_cpu_budget


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _deaf_reading(*args, **kwargs):
    """Reading that never lets the CPU-time signal through, as C code does while it runs."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGVTALRM})
    while True:
        pass


def test_a_reading_deaf_to_the_signal_ends_at_its_budget(monkeypatch) -> None:
    monkeypatch.setattr(symgd.latex.check, "_read", _deaf_reading)  # the forked child inherits it
    out, err = io.StringIO(), io.StringIO()
    start = _cpu()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        main(["check", "--timeout", "0.5", "--", "x = x"])
    used = _cpu() - start
    assert done.value.code == 3 and not err.getvalue()  # README "exit codes": 3, undecided
    assert out.getvalue() == ("undecided: timeout after 1 s of CPU while reading the claim "
                              "(SymPy evaluating a huge number?)\n")
    assert used < 1.0 + GRACE + 0.5, used  # the budget (max(1 s, --timeout)), the grace, forking and printing


def test_a_result_and_an_error_come_back_from_the_child() -> None:
    assert run_with_cpu_budget(sorted, [3, 1, 2], cpu=1.0) == [1, 2, 3]
    with pytest.raises(ZeroDivisionError):
        run_with_cpu_budget(lambda: 1 / 0, cpu=1.0)
    t0 = time.monotonic()
    with pytest.raises(CpuBudgetExceeded):
        run_with_cpu_budget(time.sleep, 5, cpu=1.0, wall=0.2)  # the wall-clock cap holds too
    assert time.monotonic() - t0 < 2.0
