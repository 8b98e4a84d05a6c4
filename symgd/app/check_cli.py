"""`symgd check`: decide a LaTeX claim, or every claim of a file (exit 0 proved, 1 refuted,
3 undecided, 2 bad input).  The checking machinery is imported only when the command runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer

__all__ = ["exit_code", "protect_claim", "register"]

EXIT = {"proved": 0, "refuted": 1, "undecided": 3, "bad input": 2}
_WORST = ("bad input", "refuted", "undecided", "proved")  # a file's exit code is its worst claim's


_OPTION = re.compile(r"-[A-Za-z]|--[a-z][a-z-]*(=.*)?")
_TAKES_VALUE = {"--file", "-f", "--assume", "-a", "--vector", "--matrix", "--symmetric", "--positive-definite",
                "--pd", "--function", "--order", "--timeout"}


def protect_claim(argv: list[str]) -> list[str]:
    """``symgd check '-\\eta + \\eta = 0'``: a claim that starts with a minus sign is not an option; put
    ``--`` before it so that the command line parser reads it as the claim."""
    if not argv or argv[0] != "check" or "--" in argv:
        return argv
    for i in range(1, len(argv)):
        arg = argv[i]
        if arg.startswith("-") and not _OPTION.fullmatch(arg) and argv[i - 1] not in _TAKES_VALUE:
            return [*argv[:i], "--", *argv[i:]]
    return argv


def exit_code(statuses: list[str]) -> int:
    for status in _WORST:
        if status in statuses:
            return EXIT[status]
    return 0


def _read(path: Path) -> str:
    from symgd.core.errors import BadInput

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text", exc.start) from None


def register(app: typer.Typer) -> None:
    """Add this module's command(s) to the symgd app."""

    @app.command()
    def check(
        latex: str = typer.Argument(None, help="the claim, e.g. '(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + \\eta^2\\lambda^2'"),
        file: Path = typer.Option(None, "--file", "-f", help="check every claim of a file (one per line or display block)"),
        assume: list[str] = typer.Option([], "--assume", "-a", help="an assumption in LaTeX ('\\eta > 0'); repeatable"),
        vector: list[str] = typer.Option([], "--vector", help="names of vectors, comma separated"),
        matrix: list[str] = typer.Option([], "--matrix", help="names of square matrices"),
        symmetric: list[str] = typer.Option([], "--symmetric", help="names of symmetric matrices"),
        positive_definite: list[str] = typer.Option([], "--positive-definite", "--pd",
                                                    help="names of symmetric positive definite matrices"),
        function: list[str] = typer.Option([], "--function", help="extra function names (f, F, \\ell, \\phi, \\mathcal{L} are known)"),
        order: str = typer.Option(None, "--order", help="check '=' up to O(var^k): eta:3"),
        random: list[str] = typer.Option([], "--random", help="names of random variables: \\mathbb{E}[...] takes "
                                         "every other name out as a constant"),
        timeout: float = typer.Option(10.0, min=0.1, max=3600, help="seconds allowed for each link"),
        json_: bool = typer.Option(False, "--json", help="machine-readable output"),
    ) -> None:
        """Decide a claim: proved, refuted (with a counterexample) or undecided; chains link by link."""
        from symgd.core.errors import BadInput

        if (latex is None) == (file is None):
            raise BadInput("give either a claim or --file FILE")
        from symgd.core.declarations import Declarations

        decl = Declarations.of(assume=assume, vectors=vector, matrices=matrix, symmetric=symmetric,
                               positive_definite=positive_definite, functions=function, order=order, random=random)
        if file is not None:
            _check_file(_read(file), json_, decl, timeout)
        _check_one(latex, json_, decl, timeout)

    def _check_one(latex: str, json_: bool, decl: Any, timeout: float) -> None:
        from symgd.latex.check import check_links, combine

        links = check_links(latex, declarations=decl, timeout=timeout)
        verdict = combine(links)
        if json_:
            print(json.dumps({"latex": latex, **verdict.to_dict(), "links": [lk.to_dict() for lk in links]}, indent=1))
            raise typer.Exit(EXIT[verdict.status.value])
        if len(links) > 1:
            for i, lk in enumerate(links, 1):
                typer.echo(f"  link {i}: {lk.text}  ->  {lk.verdict.status.value} ({lk.verdict.method})")
        typer.echo(f"{verdict.status.value}: {verdict.method}")
        if verdict.counterexample:
            typer.echo("counterexample: " + ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items()))
        if verdict.detail:
            typer.echo(f"there: {verdict.detail}")
        raise typer.Exit(EXIT[verdict.status.value])

    def _check_file(text: str, json_: bool, decl: Any, timeout: float) -> None:
        from rich.markup import escape
        from rich.table import Table

        from symgd.app.console import console
        from symgd.core.errors import BadInput
        from symgd.latex.check import check_file, combine

        items = check_file(text, declarations=decl, timeout=timeout)
        if not items:
            raise BadInput("the file holds no claim")
        statuses = [item.status for item in items]
        if json_:
            print(json.dumps([item.to_dict() for item in items], indent=1))
            raise typer.Exit(exit_code(statuses))
        table = Table("#", "claim", "verdict", "how / counterexample")
        style = {"proved": "green", "refuted": "red", "undecided": "yellow", "bad input": "magenta"}
        for item in items:
            if item.error:
                how = item.error
            else:
                v = combine(item.links)
                how = v.method + (" at " + ", ".join(f"{k}={x}" for k, x in v.counterexample.items())
                                  if v.counterexample else "")
            short = item.latex if len(item.latex) <= 60 else item.latex[:59] + "…"
            how = how if len(how) <= 90 else how[:89] + "…"
            table.add_row(str(item.index), escape(short), f"[{style[item.status]}]{item.status}[/]", escape(how))
        console.print(table)
        counts = {s: statuses.count(s) for s in EXIT if statuses.count(s)}
        console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
        raise typer.Exit(exit_code(statuses))
