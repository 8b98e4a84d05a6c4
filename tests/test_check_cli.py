"""`symgd check` on the command line: verdicts, exit codes 0/1/3/2, JSON, files, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import sympy as sp

from symgd.app.check_cli import exit_code
from symgd.app.cli import main


def run_main(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


@pytest.mark.parametrize(
    ("args", "code", "pattern"),
    [
        (["(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + \\eta^2\\lambda^2"], 0, r"^proved: "),
        (["(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + 2\\eta^2\\lambda^2"], 1, r"(?m)^refuted: .*\ncounterexample: "),
        (["\\eta L \\le 1", "--assume", "\\eta \\le 1/L", "-a", "L > 0", "-a", "\\eta > 0"], 0, r"^proved"),
        (["x^T H y = y^T H x", "--vector", "x,y", "--symmetric", "H"], 0, r"^proved"),
        (["x^T H y = y^T H x", "--vector", "x,y", "--matrix", "H"], 1, r"^refuted"),
        (["e^{\\eta} = 1 + \\eta", "--order", "eta:2"], 0, r"^proved"),
        (["e^{\\eta} = 1 + \\eta", "--order", "eta:3"], 1, r"^refuted"),
        (["(a+b)^2 = a^2 + 2ab + b^2 = a^2 + b^2"], 1, r"(?m)^  link 1: .*proved.*\n  link 2: .*refuted"),
    ],
)
def test_verdicts_and_exit_codes(args: list[str], code: int, pattern: str, capsys) -> None:
    got, out, err = run_main(["check", *args], capsys)
    assert got == code, (out, err)
    assert re.search(pattern, out), out


def test_undecided_is_exit_3(capsys) -> None:
    # true for every f only by the mean value theorem: no exact method here, no counterexample exists
    code, out, _ = run_main(["check", "f(x)^2 + 1 \\ge \\frac{1}{2}(f(x) + f(y))^2 - f(y)^2", "--timeout", "2"],
                            capsys)
    assert code == 0 or code == 3  # proved is acceptable; never refuted (it is true)
    code, out, _ = run_main(["check", "\\sin(x)^{1000} + \\cos(x)^{1000} \\le 1", "--timeout", "1"], capsys)
    assert code == 3 and out.startswith("undecided"), out


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["x = {"], r"^error: an operand is missing \(at position 5\)$"),
        (["\\foo = 1"], r"^error: unknown command \\foo \(at position 0\)$"),
        ([""], r"^error: empty input"),
        ([], r"^error: give either a claim or --file FILE$"),
        (["a = b", "--order", "eta"], r"^error: --order must look like eta:3"),
        (["a = b", "--vector", "x;y"], r"^error: not a name"),
        (["a = b", "--assume", "a"], r"^error: an assumption must be a relation"),
        (["--file", "/nonexistent/claims.tex"], r"^error: cannot read"),
    ],
)
def test_bad_input_exit_2_one_line(args: list[str], pattern: str, capsys) -> None:
    code, _out, err = run_main(["check", *args], capsys)
    assert code == 2
    assert re.match(pattern, err), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_json_output(capsys) -> None:
    code, out, _ = run_main(["check", "\\frac{1}{1-\\beta} \\le 1 + 2\\beta", "-a", "0<\\beta<1", "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and data["status"] == "refuted"
    beta = sp.Rational(data["counterexample"]["\\beta"])  # independently: the claim fails there
    assert 0 < beta < 1 and 1 / (1 - beta) > 1 + 2 * beta


def test_file_table_and_worst_exit_code(tmp_path, capsys) -> None:
    f = tmp_path / "claims.tex"
    f.write_text("a + b = b + a\n\\[ (a+b)^2 = a^2 + 2ab + b^2 \\]\n"
                 "\\begin{align} (a-b)^2 &= a^2 - 2ab + b^2 \\\\ &\\ge 2ab - 2ab \\end{align}\n")
    code, out, _ = run_main(["check", "--file", str(f)], capsys)
    assert code == 0 and out.count("proved") >= 3
    f.write_text("a + b = b + a\na = a + 1\n")
    code, out, _ = run_main(["check", "--file", str(f), "--json"], capsys)
    assert code == 1 and [d["status"] for d in json.loads(out)] == ["proved", "refuted"]
    f.write_text("a + b = b + a\nx = (\n")
    code, out, _ = run_main(["check", "--file", str(f)], capsys)
    assert code == 2 and "bad input" in out
    f.write_bytes(b"\xff\xfe\x00garbage")
    code, _, err = run_main(["check", "--file", str(f)], capsys)
    assert code == 2 and "not UTF-8" in err


def test_exit_code_order() -> None:
    assert exit_code(["proved", "undecided"]) == 3
    assert exit_code(["undecided", "refuted"]) == 1
    assert exit_code(["refuted", "bad input"]) == 2
    assert exit_code(["proved"]) == 0


def test_cold_process_end_to_end() -> None:
    proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", "check", "x \\cdot x = x^2"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("proved"), proc.stderr
