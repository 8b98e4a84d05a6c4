"""symgd: symbolic derivation and verification engine for gradient-descent theory."""

# These two register the routines behind Derivation.verify() / .latex() / .markdown() / .text()
# (see symgd.core.routines); Python runs this file before any symgd submodule, so they are always there.
import symgd.decide.verify
import symgd.latex.render  # noqa: F401
from symgd.core.budget import BudgetExceeded, run_with_budget
from symgd.core.citation import Citation
from symgd.core.claims import Claim, Context, Premise, Rel
from symgd.core.derivation import Definition, Derivation, Erratum, NumericCheck, NumericOutcome, Report, Source, Step
from symgd.core.errors import (
    BadInput,
    DerivationError,
    NonFiniteError,
    StepRefuted,
    StepUndecided,
    StepVacuous,
    SymgdError,
    VerificationError,
)
from symgd.core.verdict import Status, Verdict
from symgd.decide import decide, is_zero, prove_nonnegative, refute
from symgd.latex.check import check

__version__ = "0.1.0"

# The numeric optimizers load on first use (lambdify's printers cost ~0.3 s): symgd.from_rule etc.
_LAZY = {"from_rule": "optim.optimizers", "optimizer": "optim.optimizers", "minimize": "optim.optimizers",
         "Optimizer": "optim.optimizers", "UpdateRule": "optim.rules", "RULES": "optim.rules"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'symgd' has no attribute {name!r}")

__all__ = [
    "BadInput",
    "BudgetExceeded",
    "Citation",
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
    "StepVacuous",
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
