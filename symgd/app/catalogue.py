"""Running derivations: build them by reference (a catalogue name, a file, a module: see :mod:`symgd.app.loader`),
verify them in parallel, write the document."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from symgd.app.loader import catalogue_names, load, load_all
from symgd.app.pool import worker_pool
from symgd.core.budget import DEFAULT_TIMEOUT
from symgd.core.derivation import Derivation, NumericOutcome
from symgd.core.errors import BadInput
from symgd.core.report import ErratumOutcome, NumericRun, Report, StepOutcome
from symgd.decide.verify import verify
from symgd.latex.render import derivation_markdown, derivation_text, document, first_latex_error

__all__ = ["Verified", "build", "compile_pdf", "fingerprint", "names", "verify_all", "write_outputs", "write_status"]


def names() -> list[str]:
    """Every derivation name of every registered catalogue (symgd's documents first)."""
    return catalogue_names()


def build(selection: Iterable[str] | None = None) -> list[Derivation]:
    """Derivations for the given references (every catalogue's when None), in order; a bad reference -> BadInput."""
    return [entry.derivation for entry in load_all(list(selection) if selection else None)]


def fingerprint(d: Derivation) -> str:
    """A hash of what a derivation states (claims, justifications, premises, errata; no verdicts)."""
    stated = [(str(s.claim), s.why, s.premise and s.premise.name) for s in d.steps]
    stated += [(str(e.claim), e.says) for e in d.errata] + [str(h) for h, _ in d.hypotheses]
    return hashlib.sha256(repr(stated).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Verified:
    derivation: Derivation
    report: Report


def _verify_one(ref: str, index: int, timeout: float, numeric: bool) -> tuple:
    """Worker: rebuild one derivation by its reference, verify it and return what is picklable of its report (the
    verdicts, the numeric outcomes by name); the parent pairs them with its own build (closures stay behind)."""
    return _parts(verify(load(ref)[index], timeout, numeric=numeric))


def _parts(r: Report) -> tuple:
    return (
        [s.verdict for s in r.steps],
        [e.verdict for e in r.errata],
        [(run.check.name, run.outcome, run.seconds) for run in r.numeric],
        r.seconds,
    )


def verify_all(selection: Sequence[str] | None = None, timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
               numeric: bool = True, lean: bool = False) -> list[Verified]:
    """Verify the derivations of ``selection`` (references: see :mod:`symgd.app.loader`; every catalogue's when
    None), ``jobs`` at a time in forked workers (default: one per core) that rebuild each by its reference; one job
    runs in this process unless ``lean`` asks for workers from a fork server (:func:`symgd.app.pool.worker_pool`)."""
    loaded = load_all(list(selection) if selection else None)
    ds = [entry.derivation for entry in loaded]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(ds)))
    if jobs == 1 and not lean:
        results = [_parts(verify(d, timeout, numeric=numeric)) for d in ds]
    else:
        n = len(loaded)
        with worker_pool(jobs, lean) as pool:
            results = list(pool.map(_verify_one, [e.ref for e in loaded], [e.index for e in loaded], [timeout] * n,
                                    [numeric] * n))
    out = []
    for d, (steps, errata, runs, secs) in zip(ds, results, strict=True):
        checks = {nc.name: nc for nc in d.numeric_checks}
        report = Report(
            d.name,
            tuple(StepOutcome(s, v) for s, v in zip(d.steps, steps, strict=True)),
            tuple(ErratumOutcome(e, v) for e, v in zip(d.errata, errata, strict=True)),
            tuple(NumericRun(checks[n], o if isinstance(o, NumericOutcome) else NumericOutcome(False, str(o)), t)
                  for n, o, t in runs),
            secs,
            d.title,
            d.source,
        )
        out.append(Verified(d, report))
    return out


def compile_pdf(tex_path: Path, timeout: float = 180.0) -> tuple[Path | None, str]:
    """Compile with pdflatex (twice, for the table of contents); (pdf, message)."""
    exe = shutil.which("pdflatex")
    if exe is None:
        return None, "pdflatex not found: PDF not built (install texlive-latex-base)"
    cmd = [exe, "-interaction=nonstopmode", "-halt-on-error", tex_path.name]
    for _ in range(2):
        proc = subprocess.run(cmd, cwd=tex_path.parent, capture_output=True, text=True, timeout=timeout, check=False)
        if proc.returncode != 0:
            err = first_latex_error(proc.stdout) or f"pdflatex exited {proc.returncode}"
            return None, f"pdflatex failed: {err} (see {tex_path.with_suffix('.log')})"
    return tex_path.with_suffix(".pdf"), "ok"


def write_outputs(verified: Sequence[Verified], out: Path, fmt: str = "latex", figures: Sequence[tuple[str, str]] = (),
                  pdf: bool = True) -> list[Path]:
    """Write the document (``symgd.tex`` + PDF, or ``symgd.md`` / ``symgd.txt``) and ``verify.json``."""
    out.mkdir(parents=True, exist_ok=True)
    ds = [v.derivation for v in verified]
    written = []
    if fmt == "latex":
        tex = out / "symgd.tex"
        tex.write_text(document(ds, [v.report for v in verified], figures))
        written.append(tex)
        if pdf:
            made, _ = compile_pdf(tex)
            if made:
                written.append(made)
    elif fmt == "markdown":
        md = out / "symgd.md"
        md.write_text("\n".join(derivation_markdown(v.derivation, v.report) for v in verified))
        written.append(md)
    elif fmt == "text":
        txt = out / "symgd.txt"
        txt.write_text("\n".join(derivation_text(v.derivation, v.report) for v in verified))
        written.append(txt)
    else:
        raise BadInput(f"unknown format {fmt!r}; use latex, markdown or text")
    written.append(write_status(verified, out))
    return written


def write_status(verified: Sequence[Verified], out: Path) -> Path:
    """Merge these reports into ``out/verify.json`` (read by ``symgd list``), keyed by fingerprint."""
    out.mkdir(parents=True, exist_ok=True)
    status = out / "verify.json"
    old = json.loads(status.read_text()) if status.exists() else {}
    for v in verified:
        old[v.derivation.name] = {"fingerprint": fingerprint(v.derivation), **v.report.to_dict()}
    status.write_text(json.dumps(old, indent=1))
    return status
