"""The optimizer base shared by every numpy-array backend: the :class:`Optimizer` pair of pure
functions, hyperparameter validation, the NamedTuple state type of a rule and the parameter checks.
The backends (:mod:`symgd.optim.numpy_backend`, :mod:`symgd.optim.fused`) build on it and
:mod:`symgd.optim.optimizers` chooses between them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import sympy as sp

from symgd.core.errors import BadInput
from symgd.optim.rules import UpdateRule

__all__ = ["BACKENDS", "ON_NONFINITE", "Optimizer", "as_params", "check_nonfinite", "state_type", "validate_hyper"]

BACKENDS = ("numpy", "fused")
ON_NONFINITE = ("raise", "stop")
# Hyperparameters that are EMA/momentum factors: they must lie in [0, 1).
_FACTORS = frozenset({"b1", "b2", "beta", "gamma", "mu"})


class Optimizer(NamedTuple):
    """An optimizer: ``init(params) -> state`` and ``update(grads, state, params) -> (params, state)``."""

    init: Callable[[np.ndarray], Any]
    update: Callable[[np.ndarray, Any, np.ndarray], tuple[np.ndarray, Any]]
    name: str = ""
    hyper: dict[str, Any] | None = None
    backend: str = "numpy"


# --- hyperparameters and state ------------------------------------------------------------------

def validate_hyper(rule: UpdateRule, hyper: dict[str, Any]) -> dict[str, Any]:
    """The rule's defaults updated with ``hyper``, checked: lr > 0, factors (b1, b2, beta, gamma, mu)
    in [0, 1), eps >= 0, all finite; matrix hyperparameters (P, H) are required and are square
    arrays or callables of the parameters.  Anything else raises :class:`BadInput`."""
    names = rule.hyper_names
    unknown = sorted(set(hyper) - set(names))
    if unknown:
        raise BadInput(f"{rule.name} has no hyperparameter {', '.join(map(repr, unknown))} (it has {', '.join(names)})")
    out: dict[str, Any] = {}
    for h in rule.hyper:
        name = h.name
        value = hyper.get(name, rule.defaults.get(name))
        if isinstance(h, sp.MatrixSymbol):
            if value is None:
                raise BadInput(f"{rule.name} needs the matrix {name} (an array, or a function of the parameters)")
            if not callable(value):
                value = np.asarray(value)
                if value.ndim != 2 or value.shape[0] != value.shape[1] or not np.issubdtype(value.dtype, np.number):
                    raise BadInput(f"{rule.name}: {name} must be a square matrix, got shape {value.shape}")
                if not np.isfinite(value).all():
                    raise BadInput(f"{rule.name}: {name} has non-finite entries")
            out[name] = value
            continue
        if value is None:
            raise BadInput(f"{rule.name} needs the hyperparameter {name}")
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise BadInput(f"{rule.name}: {name} must be a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise BadInput(f"{rule.name}: {name} must be finite, got {value}")
        if name == "lr" and value <= 0:
            raise BadInput(f"{rule.name}: learning rate lr must be positive, got {value:g}")
        if name in _FACTORS and not 0 <= value < 1:
            raise BadInput(f"{rule.name}: {name} must lie in [0, 1), got {value:g}")
        if name == "eps" and value < 0:
            raise BadInput(f"{rule.name}: eps must be nonnegative, got {value:g}")
        out[name] = value
    return out


_STATE_TYPES: dict[tuple[str, tuple[str, ...]], type] = {}


def state_type(rule: UpdateRule) -> type:
    """The NamedTuple class of a rule's optimizer state: the rule's state names, then ``count`` and
    ``diverged``."""
    key = (rule.name, rule.state_names)
    if key not in _STATE_TYPES:
        words = re.split(r"[^0-9A-Za-z]+", rule.name)
        cls_name = "".join(w.capitalize() for w in words) + "State"
        if not cls_name.isidentifier():  # a name starting with a digit
            cls_name = "Rule" + cls_name
        fields = [(n, Any) for n in rule.state_names] + [("count", int), ("diverged", Any)]
        cls = NamedTuple(cls_name, fields)
        cls.__new__.__defaults__ = (0, None)  # count, diverged
        _STATE_TYPES[key] = cls
    return _STATE_TYPES[key]


def check_nonfinite(on_nonfinite: str) -> None:
    if on_nonfinite not in ON_NONFINITE:
        raise BadInput(f"on_nonfinite must be one of {', '.join(ON_NONFINITE)}, got {on_nonfinite!r}")


def as_params(params: Any, who: str, dtypes: tuple[type, ...] | None = None) -> np.ndarray:
    """``params`` as an array, refused with :class:`BadInput` unless floating point (or, given ``dtypes``,
    one of them: the fused backend compiles float32 and float64 only)."""
    params = np.asarray(params)
    if dtypes is not None and params.dtype not in dtypes:
        names = " or ".join(np.dtype(t).name for t in dtypes)
        raise BadInput(f"{who}: the parameters must be {names}, got dtype {params.dtype}")
    if not np.issubdtype(params.dtype, np.floating):
        raise BadInput(f"{who}: parameters must be a floating-point array, got dtype {params.dtype}")
    return params


