"""The catalogue's commands: ``symgd list``, ``verify``, ``derive`` and ``errata``.

Each takes references (:mod:`symgd.app.loader`): a catalogue name, a file, a module or ``module:attribute``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from symgd.app.console import DEFAULT_OUT, console, short
from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.errors import BadInput
from symgd.core.report import summary

__all__ = ["register"]

_STYLE = {"proved": "green", "passed": "green", "erratum confirmed": "green", "refuted": "red", "FAILED": "red",
          "erratum NOT confirmed": "red", "undecided": "yellow", "vacuous": "yellow"}


def _figures(out: Path) -> list[tuple[str, str]]:
    from symgd.app import figures

    return figures.write_all(out / "figures")


REFS_HELP = ("derivations: a catalogue name (see `symgd list`), a file (notes/result.py), a module (pkg.mod) or "
             "module:attribute; what it names must give a Derivation: a Derivation, a function returning one (or a "
             "list), or a module with derive(), DERIVATION or DERIVATIONS")
REFS_EPILOG = ("References: NAME (a catalogue's derivation) | path/to/file.py[:attr] | pkg.mod | pkg.mod:attr. A module "
               "must have exactly one of derive() (returning a Derivation or a list of them), DERIVATION or "
               "DERIVATIONS. Installed packages add catalogues through the entry-point group symgd.derivations "
               "(a mapping name -> module, or a function returning one). Loading a file runs it as Python.")


def register(app: typer.Typer) -> None:
    """Add the catalogue's commands to the symgd app."""

    @app.command("list", epilog=REFS_EPILOG)
    def list_(refs: list[str] = typer.Argument(None, help=REFS_HELP + " (default: every catalogue's)"),
              out: Path = typer.Option(DEFAULT_OUT, help="where `derive` / `verify` left verify.json")) -> None:
        """Every derivation (of every registered catalogue, or of REFS) with its source and status."""
        from symgd.app.catalogue import build, fingerprint

        status_file = out / "verify.json"
        cache = json.loads(status_file.read_text()) if status_file.exists() else {}
        table = Table("derivation", "source", "steps", "errata", "status")
        for d in build(refs or None):
            rec = cache.get(d.name)
            if rec is None:
                status = "[dim]not verified yet[/]"
            elif rec.get("fingerprint") != fingerprint(d):
                status = "[dim]changed since last verify[/]"
            else:
                status = "[green]verified[/]" if rec["ok"] else "[red]FAILED[/]"
            table.add_row(d.name, f"{short(d.source.label, 30)}: {short(d.source.section, 40)}", str(len(d.steps)), str(len(d.errata)), status)
        console.print(table)


    @app.command(epilog=REFS_EPILOG)
    def verify(
        names: list[str] = typer.Argument(None, help=REFS_HELP + " (default: every catalogue's)"),
        timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed for each step"),
        json_: bool = typer.Option(False, "--json", help="machine-readable output"),
        jobs: int = typer.Option(0, min=0, help="parallel workers (0: one per core)"),
        out: Path = typer.Option(DEFAULT_OUT, help="where to record the status for `symgd list`"),
    ) -> None:
        """Check every step; exit 0 only when every step is proved, every erratum refuted, every numeric check passed."""
        from symgd.app.catalogue import verify_all, write_status

        verified = verify_all(names or None, timeout, jobs or None)
        write_status(verified, out)
        ok = all(v.report.ok for v in verified)
        if json_:
            print(json.dumps([v.report.to_dict() for v in verified], indent=1))
            raise typer.Exit(0 if ok else 1)
        table = Table("derivation", "#", "step", "verdict", "how", show_lines=False)
        for v in verified:  # the rows of Report.rows(), as print(report) shows them
            for n, what, status, how in v.report.rows():
                table.add_row(v.report.name, n, short(what, 50), f"[{_STYLE[status]}]{escape(status)}[/]", short(how, 60))
        console.print(table)
        ok_text = summary([v.report for v in verified])
        console.print(ok_text if ok else ok_text.replace("some checks failed", "[red]some checks failed[/]"))
        raise typer.Exit(0 if ok else 1)


    @app.command(epilog=REFS_EPILOG)
    def derive(
        names: list[str] = typer.Argument(None, help=REFS_HELP),
        all_: bool = typer.Option(False, "--all", help="every derivation of every registered catalogue"),
        fmt: str = typer.Option("latex", "--format", help="latex, markdown or text"),
        out: Path = typer.Option(DEFAULT_OUT, help="output directory"),
        timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed for each step"),
        figures: bool = typer.Option(True, help="draw the figures (LaTeX format with --all)"),
        pdf: bool = typer.Option(True, help="compile the PDF when pdflatex is present"),
    ) -> None:
        """Verify derivations and write them as a document (LaTeX + PDF, Markdown or text) to OUT."""
        from symgd.app.catalogue import verify_all, write_outputs

        if fmt not in ("latex", "markdown", "text"):
            raise BadInput(f"unknown format {fmt!r}; use latex, markdown or text")
        if not names and not all_:
            raise BadInput("name a derivation or pass --all; a derivation is a catalogue name (see `symgd list`), a file or a module")
        if names and all_:
            raise BadInput("give derivations or --all, not both")
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
            from symgd.app.catalogue import compile_pdf

            console.print(f"[yellow]{escape(compile_pdf(out / 'symgd.tex')[1])}[/]")
        raise typer.Exit(0 if ok else 1)




    @app.command(epilog=REFS_EPILOG)
    def errata(refs: list[str] = typer.Argument(None, help=REFS_HELP + " (default: every catalogue's)"),
               json_: bool = typer.Option(False, "--json", help="machine-readable output"),
               timeout: float = typer.Option(DEFAULT_TIMEOUT, min=0.1, help="seconds allowed per check")) -> None:
        """Every place where a document is wrong, with the correction and the evidence (each claim re-checked)."""
        from symgd.app.catalogue import build
        from symgd.decide.verify import errata_outcomes

        items = [e for d in build(refs or None) for e in errata_outcomes(d, timeout)]  # decided as `symgd verify` decides them
        if json_:
            print(json.dumps([e.to_dict() for e in items], indent=1))
        else:
            for n, e in enumerate(items, 1):
                work = f"document {e.seed}" if e.erratum.cited is None else e.erratum.cited.label
                console.print(f"[bold]{n}. {short(work, 60)}[/] ({e.derivation}): \"{short(e.quote, 100)}\"")
                console.print(f"   says:  {short(e.says, 10_000)}")
                console.print(f"   true:  {short(e.truth, 10_000)}")
                if e.verdict is not None:
                    console.print(f"   check: {short(str(e.claim), 10_000)}  ->  {short(str(e.verdict), 10_000)}")
                if e.evidence:
                    console.print(f"   evidence: {short(e.evidence, 10_000)}")
        bad = [e for e in items if e.claim is not None and not e.confirmed]
        raise typer.Exit(1 if bad else 0)
