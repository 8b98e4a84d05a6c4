"""The exception hierarchy of symgd.  Messages name the derivation, the step and the reason,
so that tests can match them with a regular expression."""

from __future__ import annotations

__all__ = [
    "INTERNAL_ERROR",
    "BadInput",
    "DerivationError",
    "NonFiniteError",
    "StepRefuted",
    "StepUndecided",
    "StepVacuous",
    "SymgdError",
    "VerificationError",
    "internal_error",
]

INTERNAL_ERROR = 4  # the CLI's exit code for a bug in symgd (0-3 are verdicts and bad input)


class SymgdError(Exception):
    """Base class of every error symgd raises on purpose."""


class BadInput(SymgdError, ValueError):
    """Input that symgd cannot accept (unparsable LaTeX, unknown name, bad option value).

    ``position`` is the 0-based character offset in the input when it is known.
    """

    def __init__(self, message: str, position: int | None = None):
        if position is not None:
            message = f"{message} (at position {position})"
        super().__init__(message)
        self.position = position


class DerivationError(SymgdError):
    """A derivation was built wrongly (a chain step with no chain, incompatible relations)."""


class VerificationError(SymgdError):
    """A step of a derivation did not come out as proved."""

    def __init__(self, derivation: str, index: int, why: str, verdict: object):
        self.derivation = derivation
        self.index = index
        self.why = why
        self.verdict = verdict
        super().__init__(f"{derivation}: step {index} ({why}) is {verdict}")


class StepRefuted(VerificationError):
    """A step is false: the verdict carries a counterexample."""


class StepUndecided(VerificationError):
    """A step could be neither proved nor refuted (including a timeout)."""


class StepVacuous(VerificationError):
    """A step checks nothing: its two sides are the same expression as built, or it states a hypothesis back."""


class NonFiniteError(SymgdError):
    """A numeric optimizer met NaN or Inf (in the parameters, the gradient, the new parameters or the new
    state) at step ``step``; nothing is propagated silently."""

    def __init__(self, optimizer: str, step: int, where: str):
        self.optimizer = optimizer
        self.step = step
        self.where = where
        super().__init__(f"{optimizer}: non-finite values (NaN or Inf) in the {where} at step {step}")


def internal_error(exc: BaseException) -> str:
    """One line for an exception that is a bug in symgd, not a property of the input or a verdict."""
    text = " ".join(str(exc).split())[:200]
    return f"internal error ({type(exc).__name__}{': ' + text if text else ''}); please report the input"
