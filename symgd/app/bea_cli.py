"""`symgd modified-equation RULE --order K`: the modified equation of an update rule (backward error analysis).

Plain text by default; ``--latex`` (an aligned block), ``--markdown`` (a table with the number of trees and
terms per order) or ``--json``.  Exit 0, or 2 on bad input (unknown rule, order out of range, two formats)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

__all__ = ["plot_gd", "register"]


def plot_gd(path: Path, order: int) -> list[float]:
    """Two panels for GD on a non-quadratic 2-D loss: the GD iterates against gradient flow and the flows of the
    modified equations truncated at orders 1..K (K = min(order, 3)); and the local error |flow(eta) - GD step|
    against eta on log-log axes with the fitted slopes (expected K + 2).  Returns the fitted slopes.  The data and
    the drawing are ``symgd.bea.plots`` (the same pair draws the figure ``bea-modified-flows``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from symgd.bea.plots import data_modified_flows, plot_modified_flows

    d = data_modified_flows(order)
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    plot_modified_flows(fig, d)
    fig.savefig(path, dpi=110)
    return list(d["slopes"])


def register(app: typer.Typer) -> None:
    """Add ``modified-equation`` to the symgd app."""

    @app.command("modified-equation")
    def modified_equation_cmd(
        rule: str = typer.Argument(..., help="an update rule: gd, heavy_ball, heavy_ball_ema, nesterov, rmsprop, adam"),
        order: int = typer.Option(2, "--order", "-k", help="highest power of eta kept (GD: up to 12)"),
        latex: bool = typer.Option(False, "--latex", help="LaTeX (aligned block)"),
        markdown: bool = typer.Option(False, "--markdown", help="Markdown table"),
        json_: bool = typer.Option(False, "--json", help="machine-readable output"),
        plot: Path = typer.Option(None, "--plot", help="GD only: write a PNG (trajectories, local error vs eta)"),
        structure: bool = typer.Option(False, "--structure", help="GD only, order <= 4: is each f_k a gradient? "
                                       "(the potential, or a polynomial loss and point where its Jacobian is not symmetric)"),
    ) -> None:
        """The field f_0 + eta f_1 + ... + eta^K f_K whose flow for time eta is one step up to O(eta^(K+2))."""
        from symgd.bea import modified_equation
        from symgd.core.errors import BadInput

        if latex + markdown + json_ > 1:
            raise BadInput("choose one of --latex, --markdown, --json")
        if structure and (rule != "gd" or order > 4):  # refused before any work
            raise BadInput("--structure is available for gd up to order 4")
        if plot is not None and rule != "gd":
            raise BadInput("--plot is available for gd only")
        me = modified_equation(rule, order)
        if plot is not None:
            slopes = plot_gd(plot, order)
            typer.echo(f"wrote {plot} (fitted local-error orders: {', '.join(f'{p:.2f}' for p in slopes)})", err=True)
        lines, records = [], []
        if structure:
            from symgd.bea.gradient import gradient_structure

            for k in range(order + 1):
                gs = gradient_structure(k, me)
                if gs.is_gradient:
                    lines.append(f"f_{k} = -grad P_{k},  P_{k} = {gs.potential_text()}")
                    records.append({"k": k, "gradient": True, "potential": gs.potential_text()})
                else:
                    x, y = gs.witness_point
                    lines.append(f"f_{k} is not a gradient: at L = {gs.witness_loss}, (x1, x2) = ({x}, {y}), "
                                 f"(d2 f_{k},1 - d1 f_{k},2)/2 = {gs.witness_value}")
                    records.append({"k": k, "gradient": False, "witness_loss": str(gs.witness_loss),
                                    "witness_point": [str(x), str(y)], "antisymmetric_part": str(gs.witness_value)})
        if json_:
            out = me.to_dict()
            if structure:
                out["structure"] = records
            print(json.dumps(out, indent=1))
            return
        print(me.latex() if latex else me.markdown() if markdown else me.text())
        for line in lines:
            print(line)
