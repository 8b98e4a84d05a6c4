"""Entries of the phrased set written as the command line a user types (``symgd check ...``).

The command is split as a POSIX shell splits it (:func:`shlex.split`: single quotes keep backslashes), and kept
whole in ``decl["argv"]``: the runner passes exactly these arguments to symgd's CLI.  ``latex`` is the claim
argument.  The ground truth (``gt``, ``hyps``, ``cex``) is written by hand next to it, as in ``entry.py``; nothing
here imports symgd or parses the LaTeX."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from entry import Entry

__all__ = ["F", "M", "T", "claim_of"]

_TAKES_VALUE = {"--file", "-f", "--assume", "-a", "--vector", "--matrix", "--symmetric", "--positive-definite",
                "--pd", "--function", "--order", "--timeout"}


def _argv(cmd: str) -> list[str]:
    argv = shlex.split(cmd)
    assert argv[:2] == ["symgd", "check"], f"not a symgd check command: {cmd}"
    return argv[1:]


def claim_of(argv: list[str]) -> str:
    """The claim argument of ``check ...`` (the first positional argument, or the one after ``--``)."""
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return argv[i + 1] if i + 1 < len(argv) else ""
        if a in _TAKES_VALUE:
            i += 2
            continue
        if a.startswith("--") and "=" in a:
            i += 1
            continue
        if a.startswith("-") and len(a) > 1 and (a[1] == "-" or a[1].isalpha()) and not a.startswith("-\\"):
            i += 1
            continue
        return a
    return ""


def T(id: str, cmd: str, gt: Callable, vars: str, doc: str, kind: str, why: str = "",
      hyps: Callable | None = None, numeric: bool = False) -> Entry:
    """A true claim, typed as ``cmd``; ``doc`` names the document result it paraphrases."""
    argv = _argv(cmd)
    return Entry(id, claim_of(argv), True, doc, kind, {"argv": argv}, gt, vars, hyps, None, why, numeric)


def F(id: str, cmd: str, gt: Callable, vars: str, doc: str, kind: str, cex: dict,
      hyps: Callable | None = None, why: str = "") -> Entry:
    """A false claim with its counterexample (exact values that satisfy ``hyps`` and violate the claim)."""
    argv = _argv(cmd)
    return Entry(id, claim_of(argv), False, doc, kind, {"argv": argv}, gt, vars, hyps, cex, why)


def M(id: str, cmd: str, why: str) -> Entry:
    """A malformed or ambiguous command: symgd must refuse it (exit 2, one line on stderr)."""
    argv = _argv(cmd)
    return Entry(id, claim_of(argv), None, "malformed input", "malformed", {"argv": argv}, why=why)
