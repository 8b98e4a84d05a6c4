"""Three-valued verdicts: proved, refuted (with a counterexample), undecided (with a reason).

A fourth status, *vacuous*, is given to a derivation step that checks nothing (its two sides are the
same expression as built, or it states a hypothesis back): like undecided it is never a success."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Status", "Verdict"]


class Status(StrEnum):
    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    VACUOUS = "vacuous"


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one claim.

    ``method`` says how it was proved or refuted, or why it is undecided.  A refutation carries
    ``counterexample``: concrete values (as exact strings) of the free symbols, all satisfying the
    assumptions, at which the claim fails; ``detail`` shows what the two sides evaluate to there.
    A verdict is deliberately not a bool: ``if verdict:`` raises, as undecided is neither.
    """

    status: Status
    method: str
    counterexample: dict[str, str] | None = None
    detail: str = ""
    seconds: float = field(default=0.0, compare=False)

    @property
    def proved(self) -> bool:
        return self.status is Status.PROVED

    @property
    def refuted(self) -> bool:
        return self.status is Status.REFUTED

    @property
    def undecided(self) -> bool:
        return self.status is Status.UNDECIDED

    @property
    def vacuous(self) -> bool:
        """The step checks nothing (see :mod:`symgd.decide.verify`); neither proved nor refuted."""
        return self.status is Status.VACUOUS

    def __bool__(self) -> bool:
        raise TypeError("a Verdict is three-valued; test .proved, .refuted, .undecided or .vacuous")

    def __str__(self) -> str:
        text = f"{self.status.value} ({self.method})"
        if self.counterexample:
            at = ", ".join(f"{k}={v}" for k, v in self.counterexample.items())
            text += f" at {at}"
        if self.detail:
            text += f": {self.detail}"
        return text

    def to_dict(self) -> dict:
        return {
            "status": self.status.value,
            "method": self.method,
            "counterexample": self.counterexample,
            "detail": self.detail,
            "seconds": round(self.seconds, 4),
        }
