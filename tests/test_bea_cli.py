"""`symgd modified-equation`: the four output forms, and bad input as one line with exit 2."""

from __future__ import annotations

import json

import pytest

from symgd.app.cli import main


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(["modified-equation", *args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_text_output(capsys):
    code, out, _ = run(["gd", "--order", "2"], capsys)
    assert code == 0
    assert out.splitlines()[1:] == ["f_0 = -g", "f_1 = -1/2 Hg", "f_2 = -1/3 H^2 g - 1/12 D^3L[g,g]"]


def test_json_output(capsys):
    code, out, _ = run(["gd", "-k", "4", "--json"], capsys)
    assert code == 0
    rec = json.loads(out)
    assert rec["rule"] == "gd" and rec["order"] == 4
    assert [o["trees"] for o in rec["orders"]] == [1, 1, 2, 4, 9]  # rooted trees with k + 1 nodes
    # f_3 has no D^4L[g,g,g] term: 3 of the 4 trees carry a nonzero coefficient
    assert [len(o["terms"]) for o in rec["orders"]] == [1, 1, 2, 3, 9]
    f3 = {t["differential"]: t["coefficient"] for t in rec["orders"][3]["terms"]}
    assert f3 == {"H^3 g": "-1/4", "H D^3L[g,g]": "-1/12", "D^3L[Hg,g]": "-1/12"}


def test_latex_and_markdown(capsys):
    code, out, _ = run(["gd", "--order", "1", "--latex"], capsys)
    assert code == 0 and out.startswith("\\begin{aligned}") and "f_{1} &= -\\frac{1}{2} H g" in out
    code, out, _ = run(["gd", "--order", "1", "--markdown"], capsys)
    assert code == 0 and "| 1 | 1 | 1 | $-\\frac{1}{2} H g$ |" in out


def test_a_rule_with_state(capsys):
    code, out, _ = run(["heavy_ball_ema", "--order", "1"], capsys)
    assert code == 0 and "f_0 = -g" in out and "gamma" in out
    code, out, _ = run(["adam", "--order", "1", "--json"], capsys)
    assert code == 0 and json.loads(out)["per_coordinate"] is True
    code, out, _ = run(["adam", "--order", "2"], capsys)
    assert code == 0 and "f_2 = d_3 - (1/2)(f_0' f_1 + f_1' f_0)" in out and "Q = (g, g^2) (states m, v)" in out


@pytest.mark.parametrize(("args", "message"), [
    (["sgdx"], r"^error: unknown rule 'sgdx'; known: "),
    (["gd", "--order", "13"], r"^error: order must be an integer from 0 to 12, got 13$"),
    (["gd", "--order", "-1"], r"^error: order must be an integer from 0 to 12, got -1$"),
    (["gd", "--order", "two"], r"^error: Invalid value for '--order'"),
    (["gd", "--latex", "--json"], r"^error: choose one of --latex, --markdown, --json$"),
    (["adagrad"], r"^error: no modified equation for adagrad yet"),
    (["adam", "--order", "3"], r"^error: adam: order 3 is not available \(up to 2\)$"),
])
def test_bad_input_is_one_line_and_exit_2(args, message, capsys):
    import re

    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and re.search(message, err.strip()), err


def test_plot(tmp_path, capsys):
    out_png = tmp_path / "bea.png"
    code, _, err = run(["gd", "--order", "2", "--plot", str(out_png)], capsys)
    assert code == 0 and out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    slopes = [float(p) for p in err.split("orders: ")[1].strip(")\n").split(", ")]
    assert [round(p) for p in slopes] == [2, 3, 4]
    code, _, err = run(["heavy_ball", "--order", "1", "--plot", str(out_png)], capsys)
    assert code == 2 and err.strip() == "error: --plot is available for gd only"


def test_structure(capsys):
    code, out, _ = run(["gd", "--order", "2", "--structure"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert "f_1 = -grad P_1,  P_1 = (1/4) ||g||^2" in lines
    # the witness value is the commutator -(1/12)[H, D^3L[g]]_12 of x1^2 x2 at (1, 1), computed by hand:
    # g = (2, 1), H = [[2, 2], [2, 0]], D^3L[g] = [[2, 4], [4, 0]], [H, M]_12 = (HM - MH)_12 = 4, so -4/12
    assert lines[-1] == "f_2 is not a gradient: at L = x1**2*x2, (x1, x2) = (1, 1), (d2 f_2,1 - d1 f_2,2)/2 = -1/3"
    code, _, err = run(["heavy_ball", "--structure"], capsys)
    assert code == 2 and err.strip() == "error: --structure is available for gd up to order 4"


def test_structure_in_json(capsys):
    code, out, _ = run(["gd", "--order", "2", "--structure", "--json"], capsys)
    rec = json.loads(out)
    assert code == 0 and [s["gradient"] for s in rec["structure"]] == [True, True, False]
    assert rec["structure"][2]["antisymmetric_part"] == "-1/3"
