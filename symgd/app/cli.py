"""The ``symgd`` command line.  Exit codes: 0 success, 1 a check failed (refuted or undecided),
2 bad usage or input (one line on stderr, never a traceback); ``symgd check`` adds 3 = undecided; 4 an internal
error (a bug in symgd, one line on stderr: never reported as a verdict).

Each command lives beside its machinery in a ``*_cli`` module with a ``register(app)`` function;
this module only assembles them and turns every error into one line and an exit code."""

from __future__ import annotations

import os
import sys

import typer

from symgd.app import audit_cli, bea_cli, catalogue_cli, check_cli, explore_cli, rate_cli, run_cli
from symgd.core.errors import INTERNAL_ERROR, BadInput, SymgdError, internal_error

__all__ = ["app", "main"]

app = typer.Typer(
    name="symgd",
    help="Derive, render, run and check gradient-descent theory, every step machine-checked.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
for _module in (catalogue_cli, run_cli, check_cli, explore_cli, bea_cli, rate_cli, audit_cli):
    _module.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: typer in non-standalone mode so every error becomes one line and an exit code."""
    argv = check_cli.protect_claim(sys.argv[1:] if argv is None else list(argv))
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
    except Exception as exc:  # a bug in symgd: one line, and never an exit code that is a verdict
        if os.environ.get("SYMGD_TRACEBACK"):  # for symgd's developers
            raise
        print(f"error: {internal_error(exc)}", file=sys.stderr)
        sys.exit(INTERNAL_ERROR)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
