"""Run symgd over the outside corpus and tabulate the outcomes (the only file of the corpus that imports symgd).

An outcome is one of: proved, refuted, undecided, refused (BadInput), error (any other exception: a bug).
"""

from __future__ import annotations

import multiprocessing as mp
import re
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from entry import Entry

__all__ = ["Outcome", "cpu_seconds", "refusal_cause", "refusals", "run", "summary", "table", "unsound"]


@dataclass(frozen=True)
class Outcome:
    id: str
    status: str  # proved | refuted | undecided | refused | error
    detail: str
    seconds: float
    cpu: float = 0.0  # CPU seconds of the check where it ran, its budgeted workers included


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _one(id: str, latex: str, decl: dict, timeout: float) -> Outcome:
    import symgd
    from symgd.core.errors import BadInput

    t0, c0 = time.monotonic(), _cpu()
    try:
        v = symgd.check(latex, timeout=timeout, **decl)
        status = v.status.value
        detail = v.method + (f" | counterexample {v.counterexample}" if v.counterexample else "")
    except BadInput as exc:
        status, detail = "refused", str(exc)
    except Exception as exc:  # a traceback instead of a verdict or a one-line refusal is a bug of its own
        status, detail = "error", f"{type(exc).__name__}: {exc}"
        if type(exc).__name__ == "BadInput":  # an older layout's BadInput (measuring a past commit)
            status, detail = "refused", str(exc)
    return Outcome(id, status, detail, time.monotonic() - t0, _cpu() - c0)


def _work(args: tuple[str, str, dict, float]) -> Outcome:
    return _one(*args)


def run(entries: Sequence[Entry], timeout: float, jobs: int = 2) -> list[Outcome]:
    """Every entry checked by symgd with ``timeout`` seconds per link, ``jobs`` claims at a time."""
    items = [(e.id, e.latex, e.decl, timeout) for e in entries]  # lambdas do not pickle
    try:  # lean workers (symgd.app.pool): the caller may hold torch and JAX, which makes every budgeted fork dear
        from symgd.app.pool import worker_pool
    except ImportError:  # measuring an older commit
        if jobs <= 1:
            return [_work(it) for it in items]
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(_work, items, chunksize=2))
    with worker_pool(jobs, lean=True) as pool:
        return list(pool.map(_work, items, chunksize=2))


def cpu_seconds(outcomes: Sequence[Outcome]) -> float:
    """CPU time (user + system) of the checks, measured in the processes that ran them (lean workers started from a
    fork server are no children of this process, so its own rusage would miss them): on a machine shared with other
    jobs, cpu / cores bounds what the wall time would be on dedicated cores."""
    return sum(o.cpu for o in outcomes)


def refusal_cause(detail: str) -> str:
    """A refusal message without positions and quoted fragments, so that equal causes group."""
    s = re.sub(r"\(at position \d+\)", "", detail)
    s = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[:110]


def _kind(e: Entry) -> str:
    return "malformed" if e.truth is None else ("true" if e.truth else "false")


def table(entries: Sequence[Entry], outcomes: Sequence[Outcome], by: str = "source") -> str:
    """The README table: per group, false proved, true refuted, true proved %, false refuted %, refused %."""
    groups: dict[str, list[tuple[Entry, Outcome]]] = defaultdict(list)
    for e, o in zip(entries, outcomes, strict=True):
        if e.truth is None:
            continue
        groups[e.source if by == "source" else e.kind].append((e, o))
    groups["all"] = [(e, o) for e, o in zip(entries, outcomes, strict=True) if e.truth is not None]
    rows = [f"| {by} | claims (true/false) | false proved | true refuted | true proved | false refuted | refused |",
            "|---|---|---|---|---|---|---|"]
    for name, items in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        c = Counter((_kind(e), o.status) for e, o in items)
        nt = sum(v for (k, _), v in c.items() if k == "true")
        nf = sum(v for (k, _), v in c.items() if k == "false")
        refused = c[("true", "refused")] + c[("false", "refused")] + c[("true", "error")] + c[("false", "error")]
        rows.append(f"| {name} | {nt + nf} ({nt}/{nf}) | {c[('false', 'proved')]} | {c[('true', 'refuted')]} | "
                    f"{_pct(c[('true', 'proved')], nt)} | {_pct(c[('false', 'refuted')], nf)} | "
                    f"{_pct(refused, nt + nf)} |")
    return "\n".join(rows)


def _pct(k: int, n: int) -> str:
    return f"{100 * k / n:.0f}% ({k}/{n})" if n else "-"


def summary(entries: Sequence[Entry], outcomes: Sequence[Outcome]) -> dict[str, int]:
    """Counts: true/false claims by outcome, malformed inputs refused, errors."""
    c = Counter((_kind(e), o.status) for e, o in zip(entries, outcomes, strict=True))
    return {
        "true": sum(v for (k, _), v in c.items() if k == "true"),
        "false": sum(v for (k, _), v in c.items() if k == "false"),
        "malformed": sum(v for (k, _), v in c.items() if k == "malformed"),
        "true_proved": c[("true", "proved")], "true_refuted": c[("true", "refuted")],
        "false_refuted": c[("false", "refuted")], "false_proved": c[("false", "proved")],
        "refused": c[("true", "refused")] + c[("false", "refused")],
        "malformed_refused": c[("malformed", "refused")],
        "errors": sum(v for (_, s), v in c.items() if s == "error"),
    }


def unsound(entries: Sequence[Entry], outcomes: Sequence[Outcome]) -> list[tuple[Entry, Outcome]]:
    """A false claim proved, a true claim refuted, or a traceback."""
    return [(e, o) for e, o in zip(entries, outcomes, strict=True)
            if (e.truth is True and o.status == "refuted") or (e.truth is False and o.status == "proved")
            or o.status == "error"]


def refusals(entries: Sequence[Entry], outcomes: Sequence[Outcome]) -> list[tuple[str, list[str]]]:
    """Refusals of valid claims grouped by cause, most frequent first: (cause, [entry ids])."""
    groups: dict[str, list[str]] = defaultdict(list)
    for e, o in zip(entries, outcomes, strict=True):
        if e.truth is not None and o.status in ("refused", "error"):
            groups[refusal_cause(o.detail)].append(e.id)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
