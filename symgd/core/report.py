"""The outcome of verifying a derivation: an immutable :class:`Report`.

A report pairs each step of the derivation with its verdict (:class:`StepOutcome`), each erratum with the
verdict on the document's claim (:class:`ErratumOutcome`), each numeric check with what it found
(:class:`NumericRun`), and the time taken.  It is built by one routine, :func:`symgd.decide.verify.verify`,
and read by the CLI, the JSON status file and the renderers; nothing writes verdicts back into a derivation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from symgd.core.routines import routine
from symgd.core.verdict import Verdict

if TYPE_CHECKING:  # annotations only: the description does not depend on its outcome
    from symgd.core.citation import Citation
    from symgd.core.claims import Claim
    from symgd.core.derivation import Erratum, NumericCheck, NumericOutcome, Step

__all__ = ["ErratumOutcome", "NumericRun", "Report", "StepOutcome", "summary", "table"]


@dataclass(frozen=True)
class StepOutcome:
    """One step and its verdict."""

    step: Step
    verdict: Verdict

    @property
    def claim(self) -> Claim:
        return self.step.claim

    @property
    def why(self) -> str:
        return self.step.why

    @property
    def chained(self) -> bool:
        return self.step.chained


@dataclass(frozen=True)
class ErratumOutcome:
    """One erratum and the verdict on the document's claim (None when the erratum has no claim)."""

    erratum: Erratum
    verdict: Verdict | None

    # The erratum's fields, read through (a report is read where the derivation is not at hand).
    claim = property(lambda self: self.erratum.claim)
    seed = property(lambda self: self.erratum.seed)
    quote = property(lambda self: self.erratum.quote)
    says = property(lambda self: self.erratum.says)
    truth = property(lambda self: self.erratum.truth)
    evidence = property(lambda self: self.erratum.evidence)
    derivation = property(lambda self: self.erratum.derivation)
    citation = property(lambda self: self.erratum.citation)

    @property
    def confirmed(self) -> bool | None:
        """True when the document's claim is refuted, False when it is proved (the erratum is
        wrong), None when undecided or when there is no claim (evidence is numeric/textual)."""
        if self.claim is None or self.verdict is None:
            return None
        if self.verdict.refuted:
            return True
        return False if self.verdict.proved else None

    def to_dict(self) -> dict:
        e = self.erratum
        return {
            "derivation": e.derivation,
            "seed": e.seed,
            "quote": e.quote,
            "says": e.says,
            "truth": e.truth,
            "evidence": e.evidence,
            "claim": str(e.claim) if e.claim is not None else None,
            "verdict": self.verdict.to_dict() if self.verdict is not None else None,
        }


class NumericRun(NamedTuple):
    """One numeric check, what it found, and its seconds (unpacks as ``check, outcome, seconds``)."""

    check: NumericCheck
    outcome: NumericOutcome
    seconds: float


@dataclass(frozen=True)
class Report:
    """The verdicts of one derivation: steps, errata claims, numeric checks, and timing."""

    name: str
    steps: tuple[StepOutcome, ...]
    errata: tuple[ErratumOutcome, ...]
    numeric: tuple[NumericRun, ...]
    seconds: float
    title: str = ""  # the derivation's title and source, for displays that have only the report (a notebook)
    source: Citation | None = None

    @property
    def ok(self) -> bool:
        """Every step proved, every erratum claim refuted, every numeric check passed."""
        return (
            all(s.verdict.proved for s in self.steps)
            and all(e.claim is None or e.confirmed for e in self.errata)
            and all(run.outcome.passed for run in self.numeric)
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "steps": [{"index": i, "claim": str(s.claim), "why": s.why, **s.verdict.to_dict()}
                      for i, s in enumerate(self.steps, 1)],
            "errata": [e.to_dict() for e in self.errata],
            "numeric": [
                {"name": c.name, "description": c.description, "passed": o.passed, "detail": o.detail,
                 "values": {k: _jsonable(v) for k, v in o.values.items()}, "seconds": round(t, 3)}
                for c, o, t in self.numeric
            ],
        }

    def rows(self) -> list[tuple[str, str, str, str]]:
        """``(#, what, status, how)`` for each step, numeric check and erratum claim: what ``symgd verify`` lists."""
        out = []
        for i, s in enumerate(self.steps, 1):
            v = s.verdict
            at = ", ".join(f"{k}={val}" for k, val in (v.counterexample or {}).items())
            out.append((str(i), s.why, v.status.value, v.method + (f" at {at}" if at else "")))
        for c, o, t in self.numeric:
            out.append(("num", c.description, "passed" if o.passed else "FAILED", f"{o.detail} ({t:.2f} s)"))
        for e in self.errata:
            if e.claim is not None:
                status = "erratum confirmed" if e.confirmed else "erratum NOT confirmed"
                out.append(("err", e.says, status, str(e.verdict)))
        return out

    def __str__(self) -> str:
        return table([self])

    def __repr__(self) -> str:
        proved = sum(s.verdict.proved for s in self.steps)
        return f"<Report {self.name}: {proved}/{len(self.steps)} steps proved, {'ok' if self.ok else 'FAILED'}>"

    # Jupyter: title, source, each step with its verdict mark, counterexamples, numeric checks, errata
    # (rendered by the latex room: see symgd.core.routines).
    def _repr_html_(self) -> str:
        return routine("view")("html", None, self)

    def _repr_markdown_(self) -> str:
        return routine("view")("markdown", None, self)

    def _repr_latex_(self) -> str:
        return routine("view")("latex", None, self)


def summary(reports: Sequence[Report]) -> str:
    """The last line of ``symgd verify``."""
    total = sum(len(r.steps) for r in reports)
    proved = sum(s.verdict.proved for r in reports for s in r.steps)
    ok = all(r.ok for r in reports)
    return (f"{proved}/{total} steps proved in {len(reports)} derivations; "
            + ("all checks passed" if ok else "some checks failed"))


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(reports: Sequence[Report]) -> str:
    """The reports as plain text, row for row what ``symgd verify`` prints, then its summary line."""
    rows = [("derivation", "#", "step", "verdict", "how")]
    rows += [(r.name, n, _short(what, 50), status, _short(how, 60)) for r in reports for n, what, status, how in r.rows()]
    widths = [max(len(row[k]) for row in rows) for k in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n" + summary(reports)


def _jsonable(v: Any) -> Any:
    if isinstance(v, (bool, int, str, float)) or v is None:
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)
