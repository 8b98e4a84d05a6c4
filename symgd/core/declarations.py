"""What a claim declares, as one value: its assumptions and the kinds of its names.

Built once -- by the CLI from its options, or by the Python API from keyword arguments -- and passed
down unchanged to everything that reads or decides the claim (``symgd.check``, ``symgd.testing``,
``symgd check``).  Plain data: the LaTeX in it is read by :mod:`symgd.latex`, never here.

    Declarations.of(assume=[r"\\eta > 0"], vectors=["x, y"], positive_definite=["P"])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any, TypedDict

__all__ = ["KEYWORDS", "DeclarationKeywords", "Declarations"]


class DeclarationKeywords(TypedDict, total=False):
    """The keyword arguments that make a :class:`Declarations` (the same for every public entry point)."""

    assume: Iterable[str] | str
    vectors: Iterable[str] | str
    matrices: Iterable[str] | str
    symmetric: Iterable[Any] | str
    positive_definite: Iterable[Any] | str
    functions: Iterable[str] | str
    order: Any
    random: Iterable[str] | str


@dataclass(frozen=True)
class Declarations:
    """Assumptions (LaTeX relations such as ``\\eta > 0``, ``t \\in \\mathbb{N}``) and the names declared
    as vectors, square matrices, symmetric matrices, symmetric positive definite matrices and functions;
    ``order`` (``"eta:3"``) asks for ``=`` up to ``O(eta^3)``.  A name list may hold comma-separated
    names (``"x, y"``), as the CLI options do."""

    assume: tuple[str, ...] = ()
    vectors: tuple[str, ...] = ()
    matrices: tuple[str, ...] = ()
    symmetric: tuple[Any, ...] = ()
    positive_definite: tuple[Any, ...] = ()
    functions: tuple[str, ...] = ()
    order: Any = None
    random: tuple[str, ...] = ()  # random names: \mathbb{E}[...] pulls every other name out (symgd.latex.expectation)

    @classmethod
    def of(cls, declarations: Declarations | None = None, **keywords: Any) -> Declarations:
        """From keyword arguments (a single string counts as a one-item list), or ``declarations`` as it
        is; both at once is refused, and so is an unknown keyword (TypeError, as for any function)."""
        unknown = sorted(set(keywords) - set(KEYWORDS))
        if unknown:
            raise TypeError(f"unexpected keyword argument {unknown[0]!r} (declarations: {', '.join(KEYWORDS)})")
        given = {k: v for k, v in keywords.items() if v is not None and not (_is_empty(v) and k != "order")}
        if declarations is not None:
            if not isinstance(declarations, Declarations):
                raise TypeError(f"declarations= must be a Declarations, got {type(declarations).__name__}")
            if given:
                raise TypeError(f"give declarations= or the keywords ({', '.join(sorted(given))}), not both")
            return declarations
        values = {k: (v if k == "order" else _items(v)) for k, v in given.items()}
        return cls(**values)

    def keywords(self) -> dict[str, Any]:
        """The keyword arguments that build this value again."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _is_empty(value: Any) -> bool:
    return isinstance(value, (tuple, list, set, frozenset, str)) and len(value) == 0


def _items(value: Any) -> tuple:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(value)
    raise TypeError(f"expected a list of names or LaTeX strings, got {type(value).__name__}")


KEYWORDS = tuple(f.name for f in fields(Declarations))
