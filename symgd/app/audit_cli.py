"""`symgd audit FILE`: every displayed equation of a document checked link by link in the context the
document sets up (exit 0 all proved, 1 something refuted or a notation finding -- a name in two roles --, 3
undecided or unchecked links remain, 2 unreadable file).  The machinery is imported only when the command runs."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

__all__ = ["register"]

FORMATS = ("table", "json", "markdown", "html")


def register(app: typer.Typer) -> None:
    """Add ``symgd audit`` to the symgd app."""

    @app.command()
    def audit(
        file: Path = typer.Argument(..., help="a Markdown, LaTeX or plain-text document"),
        format_: str = typer.Option("table", "--format", help="table, json, markdown or html"),
        out: Path = typer.Option(None, "--out", "-o", help="write the report to this file (html needs it or stdout)"),
        declare: Path = typer.Option(None, "--declare",
                                     help="declarations the prose cannot give (YAML subset, .json or .toml)"),
        timeout: float = typer.Option(4.0, min=0.1, max=600, help="seconds for each proof attempt on a link; a link's attempts end within 5 times this"),
        progress: bool = typer.Option(True, help="a progress bar on stderr for long documents"),
    ) -> None:
        """Audit a document: definitions, assumptions and claims told apart, each claim's links decided."""
        from symgd.app.audit import audit as run_audit
        from symgd.app.audit.declare import parse_declarations
        from symgd.app.check_cli import _read
        from symgd.core.errors import BadInput

        if format_ not in FORMATS:
            raise BadInput(f"unknown format {format_!r} (choose from {', '.join(FORMATS)})")
        text = _read(file)
        decl = parse_declarations(_read(declare), declare.name) if declare is not None else None
        displays_hint = text.count("$$") // 2 + text.count("\\[") + text.count("\\begin{")
        if progress and displays_hint >= 10 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            with Progress(console=Console(stderr=True), transient=True) as bar:
                task = bar.add_task("auditing", total=None)
                result = run_audit(text, file.name, declare=decl, timeout=timeout,
                                   progress=lambda done, total: bar.update(task, completed=done, total=total))
        else:
            result = run_audit(text, file.name, declare=decl, timeout=timeout)
        _emit(result, format_, out)
        raise typer.Exit(result.exit_code())


def _emit(result, format_: str, out: Path | None) -> None:
    from symgd.app.audit.html import to_html
    from symgd.app.audit.report import to_json, to_markdown, to_table

    if format_ == "table":
        if out is None:
            from symgd.app.console import console

            to_table(result, console)
            return
        from rich.console import Console

        with out.open("w", encoding="utf-8") as fh:
            to_table(result, Console(file=fh, width=200))
        typer.echo(f"wrote {out}")
        return
    text = {"json": to_json, "markdown": to_markdown, "html": to_html}[format_](result)
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=format_ == "json")
