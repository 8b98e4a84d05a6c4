"""symgd: symbolic derivation and verification engine for gradient-descent theory."""

from .budget import BudgetExceeded, run_with_budget
from .claims import Claim, Context, Premise, Rel
from .decide import decide, is_zero, prove_nonnegative, refute
from .derivation import Definition, Derivation, Erratum, NumericCheck, NumericOutcome, Report, Source, Step
from .errors import BadInput, DerivationError, StepRefuted, StepUndecided, SymgdError, VerificationError
from .latexcheck import check
from .verdict import Status, Verdict

__version__ = "0.1.0"

__all__ = [
    "BadInput",
    "BudgetExceeded",
    "Claim",
    "Context",
    "Definition",
    "Derivation",
    "DerivationError",
    "Erratum",
    "NumericCheck",
    "NumericOutcome",
    "Premise",
    "Rel",
    "Report",
    "Source",
    "Status",
    "Step",
    "StepRefuted",
    "StepUndecided",
    "SymgdError",
    "Verdict",
    "VerificationError",
    "check",
    "decide",
    "is_zero",
    "prove_nonnegative",
    "refute",
    "run_with_budget",
]
