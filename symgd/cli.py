"""The ``symgd`` command line.  Exit codes: 0 success, 1 a check failed (refuted or undecided),
2 bad usage or input (one line on stderr, never a traceback); ``symgd check`` adds 3 = undecided."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .budget import DEFAULT_TIMEOUT
from .errors import BadInput, SymgdError

__all__ = ["app", "main"]

app = typer.Typer(
    name="symgd",
    help="Derive, render, run and check gradient-descent theory, every step machine-checked.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Derivation text is full of brackets (E[v_t]) that rich would read as markup: everything from a
# derivation goes through _short(), which escapes it.  Piped output gets 140 columns, not 80.
console = Console(width=shutil.get_terminal_size((140, 40)).columns)
DEFAULT_OUT = Path("build")


def _short(text: str, width: int = 70) -> str:
    """Shortened and escaped for rich."""
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def _style(status: str) -> str:
    return {"proved": "green", "refuted": "red", "undecided": "yellow"}.get(status, "")


@app.command("list")
def list_(out: Path = typer.Option(DEFAULT_OUT, help="where `derive` / `verify` left verify.json")) -> None:
    """Every derivation with its source and status (from the last verification, if it is current)."""
    from .catalogue import build, fingerprint

    status_file = out / "verify.json"
    cache = json.loads(status_file.read_text()) if status_file.exists() else {}
    table = Table("derivation", "source", "steps", "errata", "status")
    for d in build():
        rec = cache.get(d.name)
        if rec is None:
            status = "[dim]not verified yet[/]"
        elif rec.get("fingerprint") != fingerprint(d):
            status = "[dim]changed since last verify[/]"
        else:
            status = "[green]verified[/]" if rec["ok"] else "[red]FAILED[/]"
        table.add_row(d.name, f"{d.source.seed}: {_short(d.source.section, 40)}", str(len(d.steps)), str(len(d.errata)), status)
    console.print(table)


@app.command()
def verify(
    names: list[str] = typer.Argument(None, help="derivations to verify (default: all)"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed for each step"),
    json_: bool = typer.Option(False, "--json", help="machine-readable output"),
    jobs: int = typer.Option(0, min=0, help="parallel workers (0: one per core)"),
    out: Path = typer.Option(DEFAULT_OUT, help="where to record the status for `symgd list`"),
) -> None:
    """Check every step; exit 0 only when every step is proved, every erratum refuted, every numeric check passed."""
    from .catalogue import verify_all, write_status

    verified = verify_all(names or None, timeout, jobs or None)
    write_status(verified, out)
    ok = all(v.report.ok for v in verified)
    if json_:
        print(json.dumps([v.report.to_dict() for v in verified], indent=1))
        raise typer.Exit(0 if ok else 1)
    table = Table("derivation", "#", "step", "verdict", "how", show_lines=False)
    for v in verified:
        r = v.report
        for i, s in enumerate(r.steps, 1):
            st = s.verdict.status.value
            how = s.verdict.method + (f" at {s.verdict.counterexample}" if s.verdict.counterexample else "")
            table.add_row(r.name, str(i), _short(s.why, 50), f"[{_style(st)}]{st}[/]", _short(how, 60))
        for nc, o, secs in r.numeric:
            table.add_row(r.name, "num", _short(nc.description, 50), "[green]passed[/]" if o.passed else "[red]FAILED[/]",
                          _short(f"{o.detail} ({secs:.2f} s)", 60))
        for e in r.errata:
            if e.claim is not None:
                st = "[green]erratum confirmed[/]" if e.confirmed else "[red]erratum NOT confirmed[/]"
                table.add_row(r.name, "err", _short(e.says, 50), st, _short(str(e.verdict), 60))
    console.print(table)
    total = sum(len(v.report.steps) for v in verified)
    proved = sum(s.verdict.proved for v in verified for s in v.report.steps)
    console.print(f"{proved}/{total} steps proved in {len(verified)} derivations; "
                  + ("all checks passed" if ok else "[red]some checks failed[/]"))
    raise typer.Exit(0 if ok else 1)


@app.command()
def derive(
    names: list[str] = typer.Argument(None, help="derivations to write"),
    all_: bool = typer.Option(False, "--all", help="every derivation of the catalogue"),
    fmt: str = typer.Option("latex", "--format", help="latex, markdown or text"),
    out: Path = typer.Option(DEFAULT_OUT, help="output directory"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed for each step"),
    figures: bool = typer.Option(True, help="draw the figures (LaTeX format with --all)"),
    pdf: bool = typer.Option(True, help="compile the PDF when pdflatex is present"),
) -> None:
    """Verify derivations and write them as a document (LaTeX + PDF, Markdown or text) to OUT."""
    from .catalogue import verify_all, write_outputs

    if fmt not in ("latex", "markdown", "text"):
        raise BadInput(f"unknown format {fmt!r}; use latex, markdown or text")
    if not names and not all_:
        raise BadInput("name a derivation or pass --all (see `symgd list`)")
    verified = verify_all(None if all_ else names, timeout)
    figs: list[tuple[str, str]] = []
    if figures and all_ and fmt == "latex":
        figs = _figures(out)
    written = write_outputs(verified, out, fmt, figs, pdf)
    ok = all(v.report.ok for v in verified)
    for v in verified:
        r = v.report
        proved = sum(s.verdict.proved for s in r.steps)
        mark = "[green]ok[/]" if r.ok else "[red]FAILED[/]"
        console.print(f"{mark} {escape(r.name)}: {proved}/{len(r.steps)} steps proved, {len(r.numeric)} numeric checks, "
                      f"{len(r.errata)} errata ({r.seconds:.2f} s)")
    for p in written:
        console.print(f"wrote {escape(str(p))}")
    if fmt == "latex" and pdf and not any(p.suffix == ".pdf" for p in written):
        from .catalogue import compile_pdf

        console.print(f"[yellow]{escape(compile_pdf(out / 'symgd.tex')[1])}[/]")
    raise typer.Exit(0 if ok else 1)


def _figures(out: Path) -> list[tuple[str, str]]:
    try:
        from . import figures
    except ImportError:  # the figures module is optional until it lands
        return []
    return figures.write_all(out / "figures")


@app.command()
def errata(json_: bool = typer.Option(False, "--json", help="machine-readable output"),
           timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed per check")) -> None:
    """Every place where a document is wrong, with the correction and the evidence (each claim re-checked)."""
    from .catalogue import build
    from .decide import decide

    items = []
    for d in build():
        for e in d.errata:
            if e.claim is not None:
                e.verdict = decide(d.expand_definitions(e.claim), e.context or d.context(), timeout=timeout)
            items.append(e)
    if json_:
        print(json.dumps([e.to_dict() for e in items], indent=1))
    else:
        for n, e in enumerate(items, 1):
            console.print(f"[bold]{n}. document {e.seed}[/] ({e.derivation}): \"{_short(e.quote, 100)}\"")
            console.print(f"   says:  {_short(e.says, 10_000)}")
            console.print(f"   true:  {_short(e.truth, 10_000)}")
            if e.verdict is not None:
                console.print(f"   check: {_short(str(e.claim), 10_000)}  ->  {_short(str(e.verdict), 10_000)}")
            if e.evidence:
                console.print(f"   evidence: {_short(e.evidence, 10_000)}")
    bad = [e for e in items if e.claim is not None and not e.confirmed]
    raise typer.Exit(1 if bad else 0)


# Commands that live beside their machinery: each module adds its own command(s) to the app.
from . import check_cli, explore_cli, run_cli  # noqa: E402  (after app exists; they import nothing from here)

for _module in (run_cli, check_cli, explore_cli):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: typer in non-standalone mode so every error becomes one line and an exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        code = app(args=argv or ["--help"], prog_name="symgd", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("error: aborted", file=sys.stderr)
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors: unknown option, bad value, missing argument
        print(f"error: {exc.format_message()}", file=sys.stderr)
        sys.exit(2)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except SymgdError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:  # an output path that cannot be written (--out, --plot): the user's input
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
