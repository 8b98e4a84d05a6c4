"""symgd: symbolic derivation and verification engine for gradient-descent theory."""

from .budget import BudgetExceeded, run_with_budget
from .claims import Claim, Context, Premise, Rel
from .decide import decide, is_zero, prove_nonnegative, refute
from .derivation import Definition, Derivation, Erratum, NumericCheck, NumericOutcome, Report, Source, Step
from .errors import BadInput, DerivationError, NonFiniteError, StepRefuted, StepUndecided, SymgdError, VerificationError
from .latexcheck import check
from .verdict import Status, Verdict

__version__ = "0.1.0"

# The numeric optimizers load on first use (lambdify's printers cost ~0.3 s): symgd.from_rule etc.
_LAZY = {"from_rule": "optimizers", "optimizer": "optimizers", "minimize": "optimizers", "Optimizer": "optimizers",
         "UpdateRule": "rules", "RULES": "rules"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'symgd' has no attribute {name!r}")

__all__ = [
    "BadInput",
    "BudgetExceeded",
    "Claim",
    "Context",
    "Definition",
    "Derivation",
    "DerivationError",
    "Erratum",
    "NonFiniteError",
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
