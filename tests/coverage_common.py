"""The machinery shared by the coverage audits of the documents (tests/coverage_000_002.py, tests/coverage_003.py):
the row types, the quote matcher, the resolution of references to steps, numeric checks and errata, and the
rendering of the Markdown table.  Each audit module keeps its own rows and its own ``normalize`` (the documents
spell mathematics differently: 000-002 in Unicode, 003 in LaTeX) and builds an :class:`Audit` from them.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["HEADING", "PROSE", "ROOT", "Audit", "CoverageChecks", "E", "N", "P", "Ref", "Row", "S", "resolve",
           "rows"]

ROOT = Path(__file__).resolve().parents[1]

# ----------------------------------------------------------------------------- references and rows


@dataclass(frozen=True)
class Ref:
    """What covers a statement: kind "step" (module, justification or its start), "numeric" (module, check name),
    "erratum" (module, start of the erratum's quote) or "prose" (the reason there is nothing to check)."""

    kind: str
    module: str
    key: str


@dataclass(frozen=True)
class Row:
    seed: str
    line: int
    quote: str
    refs: tuple[Ref, ...]

    @property
    def kind(self) -> str:
        kinds = {r.kind for r in self.refs}
        for k in ("erratum", "step", "numeric"):
            if k in kinds:
                return k
        return "prose"


def S(module: str, *whys: str) -> list[Ref]:  # short names keep the tables readable
    return [Ref("step", module, w) for w in whys]


def N(module: str, name: str) -> list[Ref]:
    return [Ref("numeric", module, name)]


def E(module: str, quote_start: str) -> list[Ref]:
    return [Ref("erratum", module, quote_start)]


def P(reason: str) -> list[Ref]:
    return [Ref("prose", "", reason)]


HEADING = "heading"
PROSE = "motivation or narration, no mathematical claim"


def rows(seed: str, spec: Iterable[tuple]) -> tuple[Row, ...]:
    """Rows from ``(line, quote, *groups of refs)`` tuples."""
    return tuple(Row(seed, line, quote, tuple(ref for group in groups for ref in group)) for line, quote, *groups in spec)


# ----------------------------------------------------------------------------- resolution


def resolve(ref: Ref, derivations: dict) -> list[int] | str:
    """Step numbers (1-based, as in ``symgd verify``) for a step reference; the check's or erratum's description
    for the other kinds.  Raises LookupError when the reference does not resolve."""
    if ref.kind == "prose":
        if not ref.key:
            raise LookupError("a prose row needs its reason")
        return ref.key
    d = derivations[ref.module]
    if ref.kind == "step":
        exact = [i for i, s in enumerate(d.steps, 1) if s.why == ref.key]
        found = exact or [i for i, s in enumerate(d.steps, 1) if s.why.startswith(ref.key)]
        if not found:
            raise LookupError(f"{ref.module}: no step justified by {ref.key!r}")
        return found
    if ref.kind == "numeric":
        for c in d.numeric_checks:
            if c.name == ref.key:
                return c.description
        raise LookupError(f"{ref.module}: no numeric check {ref.key!r}")
    if ref.kind == "erratum":
        found = [e for e in d.errata if e.quote.startswith(ref.key)]
        if len(found) != 1:
            raise LookupError(f"{ref.module}: {len(found)} errata quote {ref.key!r}")
        return found[0].says
    raise LookupError(f"unknown kind {ref.kind!r}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ----------------------------------------------------------------------------- one audit


@dataclass(frozen=True)
class Audit:
    """The coverage table of one or more documents.

    ``name`` names the files (``tests/coverage_{name}.py`` renders ``docs/coverage_{name}.md``); ``normalize``
    spells a text the way the quotes spell it; ``separators`` is the pattern that cuts a quote into fragments
    that must occur in order; ``intro`` is the table's title and description (Markdown lines)."""

    name: str
    seeds: tuple[str, ...]
    modules: tuple[str, ...]  # the catalogue modules the table cites
    rows: tuple[Row, ...]
    normalize: Callable[[str], str]
    separators: str
    intro: tuple[str, ...]

    def occurs(self, quote: str, document: str) -> str | None:
        """None when every fragment of the quote occurs in the document, in order; else the first fragment that
        does not."""
        doc, pos = self.normalize(document), 0
        for fragment in re.split(self.separators, quote):
            frag = self.normalize(fragment)
            if not frag or set(frag) <= {"."}:
                continue
            at = doc.find(frag, pos)
            if at < 0:
                return fragment
            pos = at + len(frag)
        return None

    def build(self) -> dict:
        """name -> Derivation (built, not verified) for every module the table cites."""
        from derivations import by_name

        mods = by_name()
        return {name: mods[name].derive() for name in self.modules}

    def _covered_by(self, ref: Ref, derivations: dict) -> str:
        got = resolve(ref, derivations)
        if ref.kind == "step" and derivations[ref.module].source.seed not in self.seeds:
            # a shared module of another document: no numbers, so its authors' edits do not stale this table
            return f"`{ref.module}` ({_cell(ref.key.strip())})"
        if ref.kind == "step":
            nums = ", ".join(f"#{i}" for i in got)
            return f"`{ref.module}` {nums} ({_cell(ref.key.strip())})"
        if ref.kind == "numeric":
            return f"`{ref.module}` numeric `{ref.key}`"
        if ref.kind == "erratum":
            return f"`{ref.module}` erratum: {_cell(str(got))}"
        return _cell(str(got))

    def render(self, derivations: dict) -> str:
        """The Markdown table (deterministic: a function of the rows and the derivations' steps); one section a
        document when the audit covers several."""
        counts = {k: 0 for k in ("step", "erratum", "numeric", "prose")}
        for row in self.rows:
            counts[row.kind] += 1
        out = [
            *self.intro,
            "",
            f"Statements: {len(self.rows)}; covered by proved steps: {counts['step']}; by errata: {counts['erratum']}; "
            f"by numeric checks only: {counts['numeric']}; prose only: {counts['prose']}.",
            "",
            "A row is counted once, by its strongest kind (erratum, then step, then numeric).",
            "",
        ]
        for seed in self.seeds:
            if len(self.seeds) > 1:
                out += [f"## Document {seed}", ""]
            out += ["| line | statement | kind | covered by |", "|---|---|---|---|"]
            for row in (r for r in self.rows if r.seed == seed):
                where = "; ".join(self._covered_by(ref, derivations) for ref in row.refs)
                quote = row.quote if len(row.quote) <= 110 else row.quote[:107] + "..."
                out.append(f"| {row.line} | {_cell(quote)} | {row.kind} | {where} |")
            out.append("")
        return "\n".join(out)

    def main(self) -> None:
        """``python tests/coverage_NAME.py > docs/coverage_NAME.md``."""
        sys.path.insert(0, str(ROOT))
        sys.stdout.write(self.render(self.build()))


# ----------------------------------------------------------------------------- the checks


class CoverageChecks:
    """The checks every coverage table must pass.  A test file subclasses it (pytest collects the subclass, named
    ``Test...``, with these tests) and sets the audit and the floors below."""

    audit: Audit
    min_steps: int  # rows covered by steps, and by errata: the audit's scale, as a floor
    min_erratum_rows: int
    min_errata: int  # errata of these seeds in the whole catalogue
    errata_need_claims: bool  # every erratum carries a claim the engine refutes
    shared: frozenset[str] = frozenset()  # cited modules of another document (their Source quotes are not here)

    @pytest.fixture(scope="class")
    @classmethod
    def built(cls) -> dict:
        return cls.audit.build()

    @pytest.fixture(scope="class")
    @classmethod
    def everything(cls) -> dict:
        """Every registered derivation, built (not verified): an erratum of these seeds may live in any module."""
        from derivations import by_name

        return {name: mod.derive() for name, mod in by_name().items()}

    @pytest.fixture(scope="class")
    @classmethod
    def documents(cls) -> dict[str, str]:
        """seed -> text of each document (from $SYMGD_SEEDS, else ../shared/seeds); a missing one skips, or fails
        under CI (SYMGD_CI=1)."""
        where = Path(os.environ.get("SYMGD_SEEDS", ROOT.parent / "shared" / "seeds"))
        out = {}
        for seed in cls.audit.seeds:
            found = sorted(where.glob(f"{seed}_*.txt"))
            if not found:
                message = f"document {seed} not found in {where} (set SYMGD_SEEDS)"
                if os.environ.get("SYMGD_CI") == "1":
                    pytest.fail(message)
                pytest.skip(message)
            out[seed] = found[0].read_text(encoding="utf-8")
        return out

    def test_every_line_is_in_the_table_and_every_quote_is_on_its_line(self, documents) -> None:
        occurs = self.audit.occurs
        for row in self.audit.rows:
            lines = documents[row.seed].splitlines()
            assert 1 <= row.line <= len(lines), (row.seed, row.line)
            assert occurs(row.quote, lines[row.line - 1]) is None, (row.seed, row.line, row.quote)
        for seed, text in documents.items():
            listed = {r.line for r in self.audit.rows if r.seed == seed}
            missing = [i for i, line in enumerate(text.splitlines(), 1) if line.strip() and i not in listed]
            assert not missing, (seed, missing)

    def test_every_reference_resolves(self, built) -> None:
        for row in self.audit.rows:
            assert row.refs, (row.seed, row.line)
            for ref in row.refs:
                resolve(ref, built)  # raises LookupError when a step, check or erratum is not there
            for ref in row.refs:
                if ref.kind == "erratum":
                    e = next(e for e in built[ref.module].errata if e.quote.startswith(ref.key))
                    assert e.seed == row.seed, (row.line, e.quote)
        with pytest.raises(LookupError):
            resolve(Ref("step", self.audit.modules[0], "a justification no step has"), built)

    def test_the_rendered_table_is_up_to_date(self, built) -> None:
        name = self.audit.name
        path = ROOT / "docs" / f"coverage_{name}.md"
        assert path.read_text(encoding="utf-8") == self.audit.render(built), (
            f"regenerate: python tests/coverage_{name}.py > docs/coverage_{name}.md")
        kinds = [r.kind for r in self.audit.rows]
        assert kinds.count("step") >= self.min_steps and kinds.count("erratum") >= self.min_erratum_rows

    def test_every_erratum_of_these_seeds_quotes_its_document_and_is_in_the_table(self, documents, everything) -> None:
        occurs = self.audit.occurs
        cited = {(r.module, r.key) for row in self.audit.rows for r in row.refs if r.kind == "erratum"}
        errata = [(name, e) for name, d in everything.items() for e in d.errata if e.seed in self.audit.seeds]
        assert len(errata) >= self.min_errata
        for name, e in errata:
            assert occurs(e.quote, documents[e.seed]) is None, (name, e.quote, occurs(e.quote, documents[e.seed]))
            assert e.says and e.truth and e.evidence, (name, e.quote)
            if self.errata_need_claims:
                assert e.claim is not None, (name, e.quote)  # machine-confirmed (refuted) by `symgd verify`
            assert any(m == name and e.quote.startswith(k) for m, k in cited), ("not in the table", name, e.quote)

    def test_every_source_quote_of_these_seeds_occurs(self, documents, everything) -> None:
        occurs = self.audit.occurs
        sources = [(name, d.source) for name, d in everything.items() if d.source.seed in self.audit.seeds]
        assert {name for name, _ in sources} >= set(self.audit.modules) - self.shared
        for name, src in sources:
            assert src.quote, name
            assert occurs(src.quote, documents[src.seed]) is None, (name, src.quote, occurs(src.quote, documents[src.seed]))
