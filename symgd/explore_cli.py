"""`symgd explore`: the interactive local-model page (issue 6; being written)."""

from __future__ import annotations

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to the symgd app."""
