"""The command line: exit codes and one-line messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from symgd.app.cli import main


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", *args], capture_output=True, text=True, timeout=300, check=False)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "no_such_derivation"], r"^error: unknown derivation 'no_such_derivation'"),
        (["verify", "--timeout", "-1"], r"^error: Invalid value for '--timeout'"),
        (["derive"], r"^error: name a derivation or pass --all"),
        (["derive", "local_model", "--format", "docx"], r"^error: unknown format 'docx'"),
        (["frobnicate"], r"^error: No such command 'frobnicate'"),
        # an output path under a regular file: the OS error, one line
        (["explore", "--out", "{file}/x.html"], r"^error: (File exists|Not a directory): "),
        (["derive", "local_model", "--out", "{file}/b"], r"^error: (File exists|Not a directory): "),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(args: list[str], message: str, capsys, tmp_path) -> None:
    import re

    a_file = tmp_path / "a_file"
    a_file.write_text("")
    with pytest.raises(SystemExit) as exc:
        main([a.format(file=a_file) for a in args])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert re.match(message, err), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_verify_json_and_exit_code(tmp_path) -> None:
    code, out, err = run("verify", "local_model", "modified_quadratic", "--json", "--out", str(tmp_path))
    assert code == 0, err
    reports = json.loads(out)
    assert [r["name"] for r in reports] == ["local_model", "modified_quadratic"]
    assert all(s["status"] == "proved" for r in reports for s in r["steps"])
    assert all(r["seconds"] >= 0 for r in reports)


def test_derive_writes_markdown(tmp_path) -> None:
    code, out, err = run("derive", "adam_bias", "--format", "markdown", "--out", str(tmp_path))
    assert code == 0, err
    text = (tmp_path / "symgd.md").read_text()
    assert "Adam's bias correction" in text and "✔ proved" in text
    code, out, _ = run("list", "--out", str(tmp_path))
    assert code == 0 and "verified" in out


def test_no_arguments_prints_help() -> None:
    code, out, _ = run()
    assert code == 0 and "verify" in out and "derive" in out


def test_errata_lists_with_brackets_intact() -> None:
    code, out, err = run("errata")
    assert code == 0, err
    assert r"\mathbb{E}[m_t] = \mu (1 - \beta_1^t)" in out  # rich must not eat [m_t] as markup
    assert "refuted" in out
