"""Grammar-based fuzzing of ``symgd check`` and ``symgd audit`` through the real CLI, in process: whatever a user
writes (claims from a grammar of LaTeX as people type it, mutated, with random declarations), the command
answers with exit code 0/1/3 and a verdict, or 2 and ONE line starting with ``error:``; never a traceback,
never an internal error, and within the budget it was given."""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import signal
import time
import traceback
from pathlib import Path

import pytest
from fuzz_grammar import argv_for, claims, declarations, documents, identities, mutated
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import symgd.latex.check
from symgd.app.cli import main
from symgd.core.verdict import Status, Verdict

BUDGET = 0.3  # --timeout of each link
PER_LINK = BUDGET + 0.6  # the proof gets 70% of the budget, the counterexample search at least 0.5 s
HANG = 120  # wall seconds after which an answer is a hang, even on a loaded machine
MARGIN = 2.0  # CPU seconds for parsing, forking and printing
RELATIONS = ("=", r"\le", r"\ge", "<", ">", "≤", "≥", r"\ne", r"\approx")


def run(argv: list[str]) -> tuple[int, str, str, float]:
    """``symgd argv`` in this process: exit code, stdout, stderr and the CPU seconds it took, its budgeted workers
    included (wall time on a machine shared by many processes says little); any exception that escapes ``main``
    is reported as a traceback on stderr with exit code 99 (a failure)."""
    out, err = io.StringIO(), io.StringIO()
    start = _cpu()
    code = 0
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(HANG)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 99)
        except Hang:
            err.write(f"hang: no answer after {HANG} s\n")
            code = 98
        except BaseException:  # what the fuzzer is here to find
            err.write(traceback.format_exc())
            code = 99
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue(), _cpu() - start


class Hang(BaseException):  # not an Exception: main() would report it as an internal error
    pass


def _hang(signum, frame) -> None:
    raise Hang


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def links_bound(claim: str) -> int:
    """An upper bound on the number of links a claim can have (each gets the budget)."""
    return max(1, sum(claim.count(r) for r in RELATIONS) + claim.count(r"\\"))


def problem_with_check(argv: list[str], claim: str) -> str | None:
    """What is wrong with the answer of ``symgd check`` on this input, or None."""
    code, out, err, seconds = run(argv)  # CPU seconds
    text = out + err
    if "Traceback" in text or code == 99:
        return f"traceback:\n{err}"
    if "internal error" in text:
        return f"internal error: {text}"
    if code not in (0, 1, 2, 3):
        return f"exit code {code}: {text}"
    if code == 2 and not (err.startswith("error: ") and err.count("\n") == 1 and not out):
        return f"exit 2 without exactly one 'error:' line: out={out!r} err={err!r}"
    if code != 2 and not out.strip():
        return f"exit {code} without a verdict: err={err!r}"
    limit = PER_LINK * links_bound(claim) + MARGIN
    if seconds > limit:
        return f"{seconds:.1f} s of CPU past the budget ({limit:.1f} s)"
    return None


@st.composite
def check_inputs(draw) -> tuple[list[str], str]:
    claim = draw(claims)
    return argv_for(claim, draw(declarations(claim)), BUDGET), claim


def _instant(claim, ctx, timeout=0.0):
    return Verdict(Status.UNDECIDED, "not decided: the fuzzer tests reading and reporting")


@seed(20261207)
@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(check_inputs())
def test_check_reads_any_claim(case: tuple[list[str], str]) -> None:
    """Reading, declarations and the CLI's reporting on many inputs (the decision replaced by an instant
    answer so that this stays cheap; the tests below decide for real)."""
    argv, claim = case
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(symgd.latex.check, "decide", _instant)
        problem = problem_with_check(argv, claim)
    assert problem is None, f"symgd {argv!r}: {problem}"


@seed(20261207)
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(check_inputs())
def test_check_answers_any_claim(case: tuple[list[str], str]) -> None:
    argv, claim = case
    problem = problem_with_check(argv, claim)
    assert problem is None, f"symgd {argv!r}: {problem}"


# The slow tests run in CI with a few hundred examples in all (about 20 s); SYMGD_FUZZ_SCALE=100 runs a hundred
# times as many, for a long session (the numbers in the report of issue 11 came from such runs).
SCALE = float(os.environ.get("SYMGD_FUZZ_SCALE", "1"))


def _long(examples: int) -> settings:
    # derandomized like the fast tests, so that CI runs the same examples every time (a random draw once found a
    # reading that overran its CPU limit inside SymPy's C code and then passed on the re-run: a flaky CI, and the
    # input lost); SYMGD_FUZZ_SCALE > 1 draws new examples for long exploratory runs
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                    derandomize=SCALE <= 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.slow
@_long(400)
@given(check_inputs())
def test_check_reads_any_claim_long(case: tuple[list[str], str]) -> None:
    argv, claim = case
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(symgd.latex.check, "decide", _instant)
        problem = problem_with_check(argv, claim)
    assert problem is None, f"symgd {argv!r}: {problem}"


@pytest.mark.slow
@_long(40)
@given(check_inputs())
def test_check_answers_any_claim_long(case: tuple[list[str], str]) -> None:
    argv, claim = case
    problem = problem_with_check(argv, claim)
    assert problem is None, f"symgd {argv!r}: {problem}"


@pytest.mark.slow
@_long(40)
@given(identities())
def test_a_true_claim_in_any_spelling_is_never_refuted(claim: str) -> None:
    """X = X, X + 0 = X, 2(X) = (X) + (X), X \\le X for any X of the grammar, in any spacing and delimiters: a
    refutation can only be a misreading (\\text{for all} x was one)."""
    code, out, err, _ = run(["check", "--timeout", str(BUDGET), "--", claim])
    assert code in (0, 2, 3), f"{claim!r}: {out}{err}"


@pytest.mark.slow
@_long(20)
@given(st.lists(mutated(), min_size=1, max_size=6), declarations())
def test_check_file_answers_any_file(tmp_path_factory, lines: list[str], options: list[str]) -> None:
    path = Path(tmp_path_factory.mktemp("fuzz")) / "claims.tex"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err, _ = run(["check", "--timeout", str(BUDGET), *options, "--file", str(path)])
    assert code in (0, 1, 2, 3) and "Traceback" not in out + err and "internal error" not in out + err, (lines, err)
    if code == 2 and not out:
        assert err.startswith("error: ") and err.count("\n") == 1, err


def problem_with_audit(path: Path) -> str | None:
    code, out, err, _ = run(["audit", str(path), "--timeout", str(BUDGET), "--format", "json", "--no-progress"])
    text = out + err
    if "Traceback" in text or code == 99:
        return f"traceback:\n{err}"
    if "internal error" in text:
        return f"internal error: {text[:2000]}"
    if code not in (0, 1, 3):
        return f"exit code {code}: {err}"
    return None


@pytest.mark.slow
@_long(8)
@given(documents())
def test_audit_answers_any_document(tmp_path_factory, document: str) -> None:
    path = Path(tmp_path_factory.mktemp("fuzz")) / "notes.md"
    path.write_text(document, encoding="utf-8")
    problem = problem_with_audit(path)
    assert problem is None, f"audit of {document!r}: {problem}"


def test_an_unreadable_document_is_exit_2(tmp_path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"$$ x = \xff $$")
    code, _out, err, _ = run(["audit", str(path)])
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    code, _out, err, _ = run(["audit", str(tmp_path / "missing.md")])
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1


# --------------------------------------------------------------------------- what the fuzzer found

FOUND = [
    # SymPy cannot rebuild a 1x1 matrix power inside an infinite sum as a matrix (AttributeError in _claim)
    [r"|2| \leq \frac{2.5}{\exp(\pi)/1} ≤ \sum_{k=0}^{\infty} \langle \boldsymbol{\theta}, x \rangle^{10}^k"
     r" = \langle v, d \rangle"],
    # an integer over 4300 digits cannot be printed by default (ValueError in --json)
    ["--json", "2000! > x"],
    # d/dx of a 1x1 matrix expression was a non-commutative scalar (NotImplementedError in shapes.add)
    [r"\frac{d}{dx} (\|w\|^2) - e - \|\theta_0\|^2 = 1"],
    # SymPy's Abs of a scaled quadratic form (NotImplementedError inside SymPy, from \max)
    [r"\max(a, \sqrt{b \|x - v\|^2}) \ge 0"],
    # a definition eta = 1/L substituted into the variable of integration d\eta (ValueError: Invalid limits)
    ["--assume", r"\eta = 1/L", r"\int_0^1 \theta_0^T P v \, d\eta \ge 0"],
    ["--assume", "x = 1/L", r"\frac{d}{dx} x^2 = 2x"],  # ... and of differentiation (Can't calculate derivative)
    # O(\eta) after the definition \eta = 1/L is O(1/L): no variable for the displacement (TypeError: None - Pow)
    ["--assume", r"\eta = 1/L", r"\rho/\rho = \|x\| + O(\eta^1)"],
]


@pytest.mark.parametrize("args", FOUND)
def test_found_inputs_get_an_answer(args: list[str]) -> None:
    argv = ["check", "--timeout", str(BUDGET), *args[:-1], "--", args[-1]]
    assert problem_with_check(argv, args[-1]) is None


def test_a_huge_integer_does_not_stop_the_refutation() -> None:
    code, out, _, _ = run(["check", "--timeout", "2", "--", "x^{2} = 10^{5000} x"])  # was: sampling failed
    assert code == 1 and out.startswith("refuted"), out


def test_a_big_factorial_is_not_computed_while_parsing() -> None:
    from symgd.latex.check import parse_problem

    start = time.process_time()
    parse_problem("(10^{6})! > 1")  # 10^6! took 9 s before the budget started
    assert time.process_time() - start < 1.0


def test_an_internal_error_is_one_line_and_exit_4(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise TypeError("a bug\nover two lines")

    monkeypatch.setattr(symgd.latex.check, "check_links", broken)
    code, out, err, _ = run(["check", "x = x"])
    assert code == 4 and not out
    assert err == "error: internal error (TypeError: a bug over two lines); please report the input\n"


def test_a_derivative_of_a_quadratic_form() -> None:
    code, out, _, _ = run(["check", "--", r"\frac{d}{dt} (t\|w\|^2) = \|w\|^2"])  # matrix calculus in t
    assert code == 0 and out.startswith("proved"), out
    code, out, err, _ = run(["check", "--", r"\frac{d}{dx} (\|w\|^2) = 1"])  # w(x) or a constant w? refused
    assert code == 2 and err.startswith("error: a derivative of a vector or matrix expression in a variable it")


def test_reading_a_claim_has_a_budget() -> None:
    # SymPy evaluating 2^(-2^(2^1024)) while the claim was read: a hang before any budget started
    code, out, _, cpu = run(["check", "--timeout", "0.5", "--", r"x = \frac{1}{2^{2^{2^{2^{10}}}} y}"])
    assert code == 3 and out.startswith("undecided: timeout after 1 s of CPU while reading the claim"), out
    assert cpu < 3.0


def test_a_defined_name_that_is_also_bound_is_refused() -> None:
    for claim in (r"\int_0^1 \eta \, d\eta = \frac{1}{2}", r"\frac{d}{d\eta} \eta^2 = 2\eta"):
        code, _, err, _ = run(["check", "--assume", r"\eta = 1/L", "--", claim])
        assert code == 2 and "is defined by an assumption and is also a variable of" in err, (claim, err)


def test_a_root_of_the_variable_of_a_derivative_does_not_stop_the_proof() -> None:
    # decide/radicals replaced w by u_w^2 inside d/dw: SymPy raised and the claim was 'undecided: SymPy failed'
    import sympy as sp

    from symgd.core.claims import Claim, Context, Rel
    from symgd.decide.radicals import rationalized

    w = sp.Symbol("w", positive=True)
    f = sp.Function("f")
    claim = Claim(sp.sin(w), Rel.LE, sp.sqrt(sp.Derivative(f(w), w) * w) + sp.sqrt(w))
    assert rationalized(claim, Context()) is None  # w is the variable of d/dw: not rewritten (it raised)
    code, out, _, _ = run(["check", "--assume", "w > 0", "--", r"\sin(w) \le \sqrt{\nabla f(w) w}"])
    assert code == 1 and "SymPy failed" not in out, out


def test_a_failing_proof_method_does_not_skip_the_next(monkeypatch) -> None:
    import importlib

    import sympy as sp

    from symgd.core.claims import Claim, Context, Rel

    decide = importlib.import_module("symgd.decide")  # the package (symgd.decide is also the function)

    class Raises:
        def accepts(self, claim, ctx, cited):
            return True

        def prove(self, claim, ctx, cited):
            raise ValueError("Matrix with symbolic shape cannot be represented explicitly.")

    class Proves(Raises):
        def prove(self, claim, ctx, cited):
            return "the next row"

    claim = Claim(sp.Symbol("a"), Rel.EQ, sp.Symbol("b"))
    monkeypatch.setattr(decide.table, "METHODS", [Raises(), Proves()])
    assert decide._prove(claim, Context(), None, None, None) == "the next row"
    monkeypatch.setattr(decide.table, "METHODS", [Raises()])
    with pytest.raises(ValueError, match="symbolic shape"):  # reported as the reason when nothing proves
        decide._prove(claim, Context(), None, None, None)


@pytest.mark.parametrize("claim", [r"a = a \quad \text{for all } x", r"f(x) = 0 \text{ if } x = 1",
                                   r"a \le b, \text{ s.t. } b > a", r"x = x \mbox{ for every } x"])
def test_prose_in_a_claim_is_refused(claim: str) -> None:
    # \text{for all } x was the product f*o*r*a*l*l*x (symbol 'forall'): the true a = a was refuted
    code, out, err, _ = run(["check", "--", claim])
    assert code == 2 and not out and re.fullmatch(r"error: \\(text|mbox)\{[^}]*\} is prose, not part of the formula: "
                                                  r"give a condition as an assumption \(--assume\), or leave it "
                                                  r"out \(at position \d+\)\n", err), err


def test_a_single_word_in_text_is_still_read() -> None:
    assert run(["check", "--", r"\text{a} + 1 = a + 1"])[0] == 0
    assert "declare it as a function" in run(["check", "--", r"\text{softmax}(z) = 1"])[2]


@pytest.mark.slow
def test_reading_a_display_has_a_budget_in_the_audit(tmp_path) -> None:
    path = tmp_path / "tower.md"  # the audit read it for ever: parse_problem is called outside any budget there
    path.write_text("$$\\gamma_t = \\frac{b}{2^{2^{2^{2^{10}}}}L}$$\n$$(a+1)^2 = a^2 + 2a + 1$$\n", encoding="utf-8")
    code, out, _, cpu = run(["audit", str(path), "--timeout", "1", "--format", "json", "--no-progress"])
    assert code == 3 and "timeout after 5 s of CPU while reading the formula" in out and '"proved": 1' in out, out
    assert cpu < 15


def test_an_order_on_a_claim_without_its_variable() -> None:
    # the Taylor row needed explicit matrices ('Matrix with symbolic shape cannot be represented explicitly')
    args = ["check", "--matrix", "A", "--vector", "x", "--order", "eta:2", "--"]
    code, out, _, _ = run([*args, "A(x + x) = Ax + Ax"])
    assert code == 0 and "does not depend on" in out, out
    assert run([*args, "A(x + x) = Ax"])[0] == 1
