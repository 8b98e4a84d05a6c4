"""The routines behind a Derivation's convenience methods, registered by the rooms that own them.

``Derivation.verify()``, ``.latex()``, ``.markdown()``, ``.text()`` and ``_repr_latex_`` are
conveniences: verifying is the decide room's work (:mod:`symgd.decide.verify`) and rendering the
latex room's (:mod:`symgd.latex.render`), and core may not import either, not even inside a function,
since imports only go down.  So each of those modules registers its routine here when it is imported
(``provide("verify", verify)``), and the methods look the routine up by name.  ``symgd/__init__.py``
imports both modules, and Python runs it before any ``symgd.*`` submodule, so the registry is filled
whenever a Derivation exists.

Why a registry: a lazy import would point core upward (and hide the dependency from the layering
test), and attaching methods to Derivation from another room would hide where a method comes from.
Here the dependency is one explicit table of four names, and the routines themselves are plain
functions of ``(derivation, ...)`` that callers may use directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from symgd.core.errors import SymgdError

__all__ = ["NAMES", "provide", "routine"]

NAMES = ("verify", "latex", "markdown", "text", "view")  # view(fmt, derivation, report): a notebook display
_ROUTINES: dict[str, Callable[..., Any]] = {}


def provide(name: str, fn: Callable[..., Any]) -> None:
    """Register the routine for ``name`` (one of :data:`NAMES`)."""
    if name not in NAMES:
        raise ValueError(f"unknown routine {name!r}; known: {', '.join(NAMES)}")
    _ROUTINES[name] = fn


def routine(name: str) -> Callable[..., Any]:
    """The registered routine for ``name``."""
    try:
        return _ROUTINES[name]
    except KeyError:
        raise SymgdError(f"no {name!r} routine registered: import symgd (it loads symgd.decide.verify and "
                         "symgd.latex.render)") from None
