"""`symgd check` on hostile input: payloads are never executed, budgets hold on pathological claims,
and any string at all gives a result or a one-line BadInput -- never another exception."""

from __future__ import annotations

import builtins
import subprocess
import sys
import time

import pytest
import sympy as sp
from corpus_claims import TRUE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symgd import BadInput, check
from symgd.app.cli import main
from symgd.latex.check import check_file, parse_problem

# --------------------------------------------------------------------------- no code execution


def payloads(sentinel: str) -> list[str]:
    cmd = f"touch {sentinel}"
    return [
        f"__import__('os').system('{cmd}') = 0",
        f"x = __import__(\"os\").system(\"{cmd}\")",
        f"\\operatorname{{eval}}(\\text{{__import__('os').system('{cmd}')}}) = 1",
        f"\\mathrm{{exec}}(x) = \\text{{{cmd}}}",
        f"\\eval{{__import__('os').system('{cmd}')}} = 0",
        f"f(x) = \\text{{{cmd}}}",
        "os.system(1) = 0",
        f"x = 1 % ; __import__('os').system('{cmd}')",  # a LaTeX comment: ignored, not run
        f"\\begin{{align}} x &= y \\\\ &= __import__('os').system('{cmd}') \\end{{align}}",
        f"lambda: __import__('os').system('{cmd}') = 0",
        f"x = exec('import os; os.system(\"{cmd}\")')",
        f"x = \\mathcal{{L}}(__import__('os').system('{cmd}'))",
    ]


@pytest.fixture
def no_eval(monkeypatch):
    """Make the routes from a string to code fail loudly while a test runs (eval, parse_expr,
    sympify of a string; exec is left alone because imports use it, the sentinel file covers it)."""
    import sympy.parsing.sympy_parser as sympy_parser

    def refuse(*args, **kwargs):
        raise AssertionError("string evaluation was attempted")

    real_sympify = sp.sympify

    def sympify_guard(a, *args, **kwargs):
        if isinstance(a, str):
            raise AssertionError(f"sympify of a string: {a!r}")
        return real_sympify(a, *args, **kwargs)

    for latex, kw in TRUE:  # warm up first: imports run module code through exec, legitimately
        parse_problem(latex, **kw)
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(sympy_parser, "parse_expr", refuse)
    monkeypatch.setattr(sp, "sympify", sympify_guard)
    monkeypatch.setattr(sp, "parse_expr", refuse)


def test_payloads_are_bad_input_and_never_run(tmp_path, no_eval) -> None:
    sentinel = tmp_path / "pwned"
    for text in payloads(str(sentinel)):
        try:
            parse_problem(text, assume=[text.replace("= 0", "> 0")] if "=" in text else [])
        except BadInput as exc:
            assert "\n" not in str(exc)
        assert not sentinel.exists(), text
    for option in ({"vectors": ["__import__('os')"]}, {"order": "__import__('os').system('x'):3"},
                   {"assume": ["__import__('os').system('x') > 0"]}, {"functions": ["eval(1)"]}):
        with pytest.raises(BadInput):
            parse_problem("a = a", **option)


def test_parsing_uses_no_string_evaluation(no_eval) -> None:
    for latex, kw in TRUE:  # the whole corpus parses with eval, exec, parse_expr and sympify(str) disabled
        parse_problem(latex, **kw)


def test_payload_through_the_cli_is_exit_2_and_not_run(tmp_path) -> None:
    sentinel = tmp_path / "pwned"
    claims = tmp_path / "claims.tex"
    claims.write_text("\n".join(payloads(str(sentinel))) + "\n")
    proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", "check", "--file", str(claims), "--timeout", "1",
                           "--json"], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert not sentinel.exists()
    proc = subprocess.run([sys.executable, "-m", "symgd.app.cli", "check", payloads(str(sentinel))[0]],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert not sentinel.exists()


# --------------------------------------------------------------------------- budgets


@pytest.mark.parametrize(
    "latex",
    [
        r"2^{2^{2^{2^{100}}}} = 3",
        r"x^{10^{9}} = x^{10^{9}} + 1",
        r"e^{e^{e^{e^{e^{x}}}}} \le e^{e^{e^{e^{e^{x + 1}}}}} - 10^{-100}",
        r"(a+b+c+d+e_1+e_2)^{90} = (a+b+c+d+e_1+e_2)^{45}(a+b+c+d+e_1+e_2)^{45} + \sin(x)^{1000}",
        r"\sqrt{2}^{10^{8}} = 2^{5 \cdot 10^{7}}",
        r"\sum_{i=1}^{10^{12}} i^{i} = 7",
        r"\int_0^1 \int_0^1 \int_0^1 e^{x y z \sin(x y z)} \, dx \, dy \, dz = 1",
    ],
)
def test_pathological_claims_end_within_their_budget(latex: str) -> None:
    timeout = 2.0
    start = time.monotonic()
    v = check(latex, timeout=timeout)
    elapsed = time.monotonic() - start
    assert elapsed < timeout + 3.0, f"{elapsed:.1f} s for {latex}"
    assert not v.proved or latex.startswith(r"\sqrt{2}")  # the last one is true; none of the others is


def test_a_tower_is_undecided_by_timeout() -> None:
    v = check(r"2^{2^{2^{2^{100}}}} = 3", timeout=1.5)
    assert v.undecided and "timeout" in v.method


# --------------------------------------------------------------------------- any string at all

TOKENS = [r"\frac", r"\sqrt", r"\left(", r"\right)", r"\|", r"\langle", r"\rangle", r"\nabla", r"\mathbb{E}", "^", "_",
          "{", "}", "(", ")", "[", "]", "|", "=", "<", ">", r"\le", r"\ge", "+", "-", "/", r"\cdot", ",", "'", "&",
          r"\\", "x", "y", r"\eta", r"\lambda", r"\beta_2", "f", "e", "O", "T", r"\top", "2", "10", "0.5", r"\log",
          r"\exp", r"\sum", r"\int", r"\foo", r"\begin{align}", r"\end{align}", "$", "$$", r"\[", r"\]", " ",
          "\n", "%", "\x00", "é", "∇", "⟨", "η", r"\operatorname{eval}", "__import__", r"\text{a}", r"\hat{m}",
          r"\mathcal{L}", "d", r"\partial", "!", "*", ".", ":", ";", "~", "#"]


def _one_line_or_result(text: str) -> None:
    try:
        parse_problem(text)
    except BadInput as exc:
        message = str(exc)
        assert message and "\n" not in message


def _mutate(base: str, edits: list[tuple[int, int, str]]) -> str:
    s = base
    for kind, where, token in edits:
        i = where % (len(s) + 1)
        if kind == 0:
            s = s[:i] + token + s[i:]
        elif kind == 1:
            s = s[:i] + s[i + 1 :]
        else:
            s = s[:i] + s[i : i + 3] * 2 + s[i + 3 :]
    return s


token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
mutated_claims = st.tuples(
    st.sampled_from([t for t, _ in TRUE]),
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 400), st.sampled_from(TOKENS)), min_size=1, max_size=4),
).map(lambda p: _mutate(*p))
any_text = st.text(max_size=200)


@pytest.mark.slow
@settings(max_examples=1500, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(token_soup, mutated_claims, any_text))
def test_any_string_parses_or_is_one_line_bad_input(text: str) -> None:
    _one_line_or_result(text)


@settings(max_examples=300, deadline=2000)
@given(st.binary(max_size=300))
def test_binary_garbage_is_bad_input_or_harmless(data: bytes) -> None:
    _one_line_or_result(data.decode("utf-8", errors="replace"))
    _one_line_or_result(data.decode("latin-1"))


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.one_of(token_soup, mutated_claims))
def test_cli_exit_codes_on_random_input(text: str) -> None:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as exc:
        main(["check", "--timeout", "0.5", "--", text])
    try:
        parse_problem(text)
        readable = True
    except BadInput:
        readable = False
    if readable:
        assert exc.value.code in (0, 1, 3)
    else:
        assert exc.value.code == 2
        assert err.getvalue().startswith("error: ") and err.getvalue().count("\n") == 1


def test_big_inputs_are_refused_quickly(tmp_path) -> None:
    start = time.monotonic()
    with pytest.raises(BadInput, match="too long"):
        parse_problem("x + " * 250_000 + "x = 1")  # 1 MB
    with pytest.raises(BadInput, match="too long"):
        check_file("a = a\n" * 400_000)
    with pytest.raises(BadInput, match="too many claims"):
        check_file("a = a\n" * 1500)
    assert time.monotonic() - start < 5.0
    big = tmp_path / "big.tex"
    big.write_text("x = " + "(" * 100_000 + "\n")
    with pytest.raises(SystemExit) as exc:
        main(["check", "--file", str(big)])
    assert exc.value.code == 2  # one bad claim: reported in the table, exit 2
