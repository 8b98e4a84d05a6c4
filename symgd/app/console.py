"""What every command prints with: one rich console and the escaping of derivation text."""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console
from rich.markup import escape

__all__ = ["DEFAULT_OUT", "console", "short", "style"]

# Derivation text is full of brackets (E[v_t]) that rich would read as markup: everything from a
# derivation goes through short(), which escapes it.  Piped output gets 140 columns, not 80.
console = Console(width=shutil.get_terminal_size((140, 40)).columns)
DEFAULT_OUT = Path("build")


def short(text: str, width: int = 70) -> str:
    """Shortened and escaped for rich."""
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def style(status: str) -> str:
    return {"proved": "green", "refuted": "red", "undecided": "yellow"}.get(status, "")
