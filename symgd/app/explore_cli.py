"""`symgd explore`: the interactive local-model page of document 000 (one self-contained HTML file)."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to the symgd app."""

    @app.command()
    def explore(
        function: str = typer.Option("convex", "--function", help="convex, double_well or quartic (diverges for large eta)"),
        out: Path = typer.Option(Path("build/explorer.html"), "--out", help="the HTML file to write"),
        open_: bool = typer.Option(False, "--open", help="open the page in a web browser"),
    ) -> None:
        """Write the interactive local-model explorer: f, its local quadratic model and the next iterate, with
        Step / Auto Run / Reset and a step-size slider.  Works offline (no network, no CDN)."""
        import webbrowser

        from symgd.app.explore import write_html

        path = write_html(out, function)  # an unknown function is BadInput: one line, exit 2
        typer.echo(f"wrote {path}")
        if open_ and not webbrowser.open(path.resolve().as_uri()):
            typer.echo("no web browser available: open the file above by hand", err=True)
