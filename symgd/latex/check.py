"""Check a LaTeX claim: proved, refuted (with a counterexample) or undecided, within a budget.

``check(r"(1-\\eta\\lambda)^2 = 1 - 2\\eta\\lambda + \\eta^2\\lambda^2")`` reads the claim and its
declarations (:mod:`symgd.latex.problem`: one :class:`symgd.core.claims.Claim` per link of a chain
``a = b \\le c`` or of an ``align`` block) and decides each link with :func:`symgd.decide.decide`.
Assumptions are LaTeX too (``\\eta > 0``, ``0 < \\beta_2 < 1``, ``t \\in \\mathbb{N}``,
``x \\in \\mathbb{R}^d``, ``\\eta = 1/L``), read by :mod:`symgd.latex.assumptions`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Unpack

from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.claims import Claim
from symgd.core.cpu_budget import CpuBudgetExceeded, run_with_cpu_budget
from symgd.core.declarations import DeclarationKeywords, Declarations
from symgd.core.errors import BadInput
from symgd.core.verdict import Status, Verdict
from symgd.decide import decide
from symgd.latex.blocks import split_claims
from symgd.latex.problem import ParsedClaims, parse_problem

__all__ = ["CheckedLink", "FileItem", "ParsedClaims", "ReadingTimeout", "check", "check_file", "check_links",
           "combine", "cpu_limit", "parse_problem", "read_within", "split_claims"]

MAX_CLAIMS = 1000  # claims of a file


@dataclass(frozen=True)
class CheckedLink:
    """One link ``lhs rel rhs`` of a claim, its SymPy claim and its verdict."""

    text: str
    claim: Claim | None  # None: the claim could not be read within its budget
    verdict: Verdict

    def to_dict(self) -> dict:
        return {"link": self.text, "claim": None if self.claim is None else _text(self.claim),
                **self.verdict.to_dict()}


MAX_DIGITS = 100_000  # an integer this long prints in milliseconds; longer ones are not printed


def _text(obj: object) -> str:
    """``str(obj)``, also when it holds an integer longer than Python's default limit (4300 digits: ``2000!``,
    ``10^{5000}``), which raises ValueError; integers over MAX_DIGITS digits are not printed."""
    try:
        return str(obj)
    except ValueError:
        limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(MAX_DIGITS)
        try:
            return str(obj)
        except ValueError:
            return f"(not printed: an integer of more than {MAX_DIGITS} digits)"
        finally:
            sys.set_int_max_str_digits(limit)



def check_links(latex: str, assume: Any = (), *, timeout: float = DEFAULT_TIMEOUT,
                declarations: Declarations | None = None, **declared: Unpack[DeclarationKeywords]) -> list[CheckedLink]:
    """Every link of the claim(s) in ``latex``, each decided within ``timeout`` seconds."""
    try:
        problem = read_within(latex, Declarations.of(declarations, assume=assume, **declared), timeout)
    except (ReadingTimeout, CpuBudgetExceeded):
        return [_unread(latex, timeout)]
    return [CheckedLink(text, claim, decide(claim, problem.context, timeout=timeout))
            for text, claim in problem.links]


class ReadingTimeout(BaseException):  # not an Exception: no handler in the parser may swallow it
    """Raised by :func:`cpu_limit` when its CPU time runs out."""


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Interrupt reading a claim after ``seconds`` of CPU time (SymPy evaluates while it builds: the product
    in ``\\frac{b}{2^{2^{2^{2^{10}}}} L}`` never ends).  CPU time, not wall time, so that a loaded machine does
    not cut a normal claim short; only in the main thread (signals), and never inside an outer limit."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_VIRTUAL)[0]:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ReadingTimeout

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _unread(latex: str, timeout: float) -> CheckedLink:
    """The answer for a claim whose reading ran out of time: undecided, never a verdict about it."""
    why = f"timeout after {max(1.0, timeout):g} s of CPU while reading the claim (SymPy evaluating a huge number?)"
    return CheckedLink(latex, None, Verdict(Status.UNDECIDED, why))


def read_within(latex: str, declarations: Declarations, timeout: float, allow_unused: bool = False) -> ParsedClaims:
    """:func:`_read` in a forked child with ``max(1, timeout)`` s of CPU time: interrupted where Python can
    (ReadingTimeout), killed from outside where SymPy's C code holds the signal off (CpuBudgetExceeded, at most
    :data:`symgd.core.cpu_budget.GRACE` later).  In a thread other than the main one (no fork there) it reads
    in place under :func:`cpu_limit` alone."""
    seconds = max(1.0, timeout)
    if threading.current_thread() is not threading.main_thread():
        with cpu_limit(seconds):
            return _read(latex, declarations, allow_unused)
    return run_with_cpu_budget(_read_limited, latex, declarations, seconds, allow_unused, cpu=seconds)


def _read_limited(latex: str, declarations: Declarations, seconds: float, allow_unused: bool) -> ParsedClaims:
    with cpu_limit(seconds):
        return _read(latex, declarations, allow_unused)


def _read(latex: str, declarations: Declarations, allow_unused: bool = False) -> ParsedClaims:
    """:func:`parse_problem`, with SymPy's own failures while it builds the expressions (NotImplementedError
    "noncommutative scalars in MatMul" from ``Abs`` of a quadratic form, a RecursionError on deep nesting) as
    BadInput: input symgd cannot represent, said in one line.  A failure in symgd's own code stays an error."""
    try:
        return parse_problem(latex, declarations=declarations, allow_unused=allow_unused)
    except BadInput:
        raise
    except RecursionError:
        raise BadInput("the expression is nested too deeply for SymPy") from None
    except (NotImplementedError, TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
        frames = traceback.extract_tb(exc.__traceback__)
        if not frames or f"{os.sep}sympy{os.sep}" not in frames[-1].filename:
            raise
        text = " ".join(str(exc).split())[:120]
        raise BadInput(f"SymPy cannot build this expression ({type(exc).__name__}: {text})") from None


def combine(links: Sequence[CheckedLink]) -> Verdict:
    """One verdict for a chain: refuted if a link is, proved if every link is, else undecided."""
    if len(links) == 1:
        return links[0].verdict
    seconds = sum(lk.verdict.seconds for lk in links)
    for i, lk in enumerate(links, 1):
        if lk.verdict.refuted:
            v = lk.verdict
            return Verdict(Status.REFUTED, f"link {i} of {len(links)} ({lk.text}) is refuted: {v.method}",
                           v.counterexample, v.detail, seconds)
    if all(lk.verdict.proved for lk in links):
        how = "; ".join(f"link {i}: {lk.verdict.method}" for i, lk in enumerate(links, 1))
        return Verdict(Status.PROVED, f"every link proved ({how})", seconds=seconds)
    open_ = [f"link {i} ({lk.text}): {lk.verdict.method}" for i, lk in enumerate(links, 1) if lk.verdict.undecided]
    return Verdict(Status.UNDECIDED, "; ".join(open_), seconds=seconds)


def check(latex: str, assume: Any = (), *, timeout: float = DEFAULT_TIMEOUT, declarations: Declarations | None = None,
          **declared: Unpack[DeclarationKeywords]) -> Verdict:
    """Decide a LaTeX claim (a chain or an align block link by link): a :class:`Verdict`.

    Declarations come as ``declarations=`` or as its keywords (``assume``, ``vectors``, ``matrices``,
    ``symmetric``, ``positive_definite``, ``functions``, ``order``; see
    :class:`symgd.core.declarations.Declarations`).  Raises :class:`symgd.core.errors.BadInput` (one line,
    with the position when known) for input it cannot read.  ``order="eta:3"`` checks ``=`` up to
    O(eta^3).  Each link gets ``timeout`` s.
    """
    start = time.monotonic()
    links = check_links(latex, timeout=timeout, declarations=Declarations.of(declarations, assume=assume, **declared))
    v = combine(links)
    return Verdict(v.status, v.method, v.counterexample, v.detail, time.monotonic() - start)


@dataclass(frozen=True)
class FileItem:
    """One claim of a file: where it is, its text, and its links or the reason it could not be read."""

    index: int
    latex: str
    links: tuple[CheckedLink, ...] = ()
    error: str = ""

    @property
    def status(self) -> str:
        return "bad input" if self.error else combine(self.links).status.value

    def to_dict(self) -> dict:
        if self.error:
            return {"index": self.index, "latex": self.latex, "status": "bad input", "error": self.error}
        return {"index": self.index, "latex": self.latex, **combine(self.links).to_dict(),
                "links": [lk.to_dict() for lk in self.links]}


def check_file(text: str, assume: Any = (), *, timeout: float = DEFAULT_TIMEOUT,
               declarations: Declarations | None = None, **declared: Unpack[DeclarationKeywords]) -> list[FileItem]:
    """Every claim of a file (see :func:`split_claims`), each checked on its own; a claim that
    cannot be read is reported as such and the others are still checked."""
    decl = Declarations.of(declarations, assume=assume, **declared)
    claims = split_claims(text)
    if len(claims) > MAX_CLAIMS:
        raise BadInput(f"too many claims ({len(claims)}; the limit is {MAX_CLAIMS} per file)")
    parsed: list[ParsedClaims | CheckedLink | str] = []
    for claim in claims:
        try:
            parsed.append(read_within(claim, decl, timeout, allow_unused=True))
        except BadInput as exc:
            parsed.append(str(exc))
        except (ReadingTimeout, CpuBudgetExceeded):
            parsed.append(_unread(claim, timeout))
    read = [p for p in parsed if isinstance(p, ParsedClaims)]
    if read:  # an assumption is shared by the file's claims: refused only when no claim uses it
        never = [a for a in read[0].unused if all(a in p.unused for p in read)]
        if never:
            raise BadInput(f"the assumption '{never[0]}' shares no symbol with any claim of the file")
    items = []
    for i, (claim, p) in enumerate(zip(claims, parsed, strict=True), 1):
        if isinstance(p, str):
            items.append(FileItem(i, claim, error=p))
        elif isinstance(p, CheckedLink):
            items.append(FileItem(i, claim, (p,)))
        else:
            items.append(FileItem(i, claim, tuple(CheckedLink(text, c, decide(c, p.context, timeout=timeout))
                                                  for text, c in p.links)))
    return items
