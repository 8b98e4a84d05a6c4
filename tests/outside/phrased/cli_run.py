"""Run phrased-set entries through symgd's real command line, in-process (``symgd.app.cli.main`` with the argv the
user typed: the same entry point as the installed ``symgd`` script, including the minus-sign protection), or as a
subprocess of the installed script.  The verdict comes from the exit code (0 proved, 1 refuted, 3 undecided, 2 bad
input) and is cross-checked against the printed verdict line; anything else (a traceback, a refusal that is not one
line, an exit code that disagrees with the output) is an ``error``."""

from __future__ import annotations

import contextlib
import io
import resource
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["EXIT_STATUS", "classify", "run_inprocess", "run_subprocess", "work"]

EXIT_STATUS = {0: "proved", 1: "refuted", 2: "refused", 3: "undecided"}
SYMGD = Path(sys.executable).with_name("symgd")


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def classify(code: int, out: str, err: str) -> tuple[str, str]:
    """(status, detail) from what the CLI printed and returned."""
    status = EXIT_STATUS.get(code)
    if "Traceback" in err or "Traceback" in out:
        return "error", "traceback: " + err.strip().splitlines()[-1][:200] if err.strip() else out[-200:]
    if status is None:
        return "error", f"exit {code}: {(err or out).strip()[:200]}"
    if status == "refused":
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        if len(lines) != 1 or not lines[0].startswith("error: "):
            return "error", f"exit 2 without a one-line error: {err.strip()[:200]!r}"
        return "refused", lines[0][len("error: "):]
    verdict = [ln for ln in out.splitlines() if ln.startswith(("proved:", "refuted:", "undecided:"))]
    if len(verdict) != 1 or not verdict[0].startswith(status + ":"):
        return "error", f"exit {code} but printed {out.strip()[:200]!r}"
    detail = verdict[0].split(":", 1)[1].strip()
    cex = [ln for ln in out.splitlines() if ln.startswith("counterexample:")]
    if cex:
        detail += " | " + cex[0]
    return status, detail


def run_inprocess(argv: list[str]) -> tuple[str, str, float, float]:
    """(status, detail, seconds, cpu seconds) of ``symgd <argv>`` run through ``symgd.app.cli.main``."""
    from symgd.app.cli import main

    out, err = io.StringIO(), io.StringIO()
    t0, c0 = time.monotonic(), _cpu()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException:
            import traceback

            traceback.print_exc(file=err)
            code = -1
    status, detail = classify(code, out.getvalue(), err.getvalue())
    return status, detail, time.monotonic() - t0, _cpu() - c0


def run_subprocess(argv: list[str], timeout: float = 600) -> tuple[str, str, float]:
    """(status, detail, seconds) of the installed ``symgd`` script with ``argv``."""
    t0 = time.monotonic()
    p = subprocess.run([str(SYMGD), *argv], capture_output=True, text=True, timeout=timeout)
    status, detail = classify(p.returncode, p.stdout, p.stderr)
    return status, detail, time.monotonic() - t0


def work(item: tuple[str, list[str]]):
    """One entry through the in-process CLI, as an ``Outcome`` of tests/outside/symgd_run.py (pool workers)."""
    from symgd_run import Outcome

    id_, argv = item
    status, detail, seconds, cpu = run_inprocess(argv)
    return Outcome(id_, status, detail, seconds, cpu)
