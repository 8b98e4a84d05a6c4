"""`symgd modified-equation RULE --order K`: the modified equation of an update rule (backward error analysis).

Plain text by default; ``--latex`` (an aligned block), ``--markdown`` (a table with the number of trees and
terms per order) or ``--json``.  Exit 0, or 2 on bad input (unknown rule, order out of range, two formats)."""

from __future__ import annotations

import json

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``modified-equation`` to the symgd app."""

    @app.command("modified-equation")
    def modified_equation_cmd(
        rule: str = typer.Argument(..., help="an update rule: gd, heavy_ball, heavy_ball_ema, nesterov, rmsprop, adam"),
        order: int = typer.Option(2, "--order", "-k", help="highest power of eta kept (GD: up to 12)"),
        latex: bool = typer.Option(False, "--latex", help="LaTeX (aligned block)"),
        markdown: bool = typer.Option(False, "--markdown", help="Markdown table"),
        json_: bool = typer.Option(False, "--json", help="machine-readable output"),
    ) -> None:
        """The field f_0 + eta f_1 + ... + eta^K f_K whose flow for time eta is one step up to O(eta^(K+2))."""
        from symgd.bea import modified_equation
        from symgd.core.errors import BadInput

        if latex + markdown + json_ > 1:
            raise BadInput("choose one of --latex, --markdown, --json")
        me = modified_equation(rule, order)
        if json_:
            print(json.dumps(me.to_dict(), indent=1))
        elif latex:
            print(me.latex())
        elif markdown:
            print(me.markdown())
        else:
            print(me.text())
