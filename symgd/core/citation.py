"""References of any kind: a :class:`Citation` (authors, title, year, venue, section, DOI/URL, quote).

A derivation cites where its result comes from (``Derivation(..., source=Citation(...))``), an erratum the
work it corrects, and ``reference=`` may add further works.  The renderers turn each into a bibliography
entry (LaTeX ``thebibliography``, Markdown, text); ``key`` is its label there.  The catalogue's four
documents are citations like any other (:class:`symgd.core.derivation.Source` builds them).

    Citation("Introductory Lectures on Convex Optimization", authors=("Yurii Nesterov",), year=2004,
             venue="Springer", section="Theorem 2.1.15", doi="10.1007/978-1-4419-8853-9")
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields

__all__ = ["Citation", "citations"]

_KEY_CHARS = re.compile(r"[^A-Za-z0-9:.-]+")


@dataclass(frozen=True)
class Citation:
    """A cited work and the place in it.

    ``authors`` is a tuple of names as they should print ("Yurii Nesterov"); ``section`` and ``quote`` say
    where in the work (they are not part of the bibliography entry, which is the work itself).  ``key`` is
    the label in the bibliography; by default the first author's surname and the year (``Nesterov2004``).
    """

    title: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str = ""
    section: str = ""
    doi: str = ""
    url: str = ""
    quote: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.authors, str):  # Citation("T", authors="A. Smith"): one author, not its letters
            object.__setattr__(self, "authors", (self.authors,))
        else:
            object.__setattr__(self, "authors", tuple(self.authors))
        if not str(self.title).strip():
            raise ValueError("a citation needs a title")

    # ----------------------------------------------------------------- names
    @property
    def cite_key(self) -> str:
        """The bibliography key: ``key`` if given, else surname + year (``Nesterov2004``), else the title's first word;
        only letters, digits and ``:.-`` (safe in LaTeX ``\\cite``)."""
        raw = self.key or (_surname(self.authors[0]) + (str(self.year) if self.year else "") if self.authors
                           else self.title.split()[0] + (str(self.year) if self.year else ""))
        return _KEY_CHARS.sub("", raw) or "ref"

    @property
    def label(self) -> str:
        """A short name for tables: ``key`` if given, else "Nesterov 2004", "Smith and Jones 2020", "Smith et al. 2020"."""
        if self.key:
            return self.key
        names = [_surname(a) for a in self.authors]
        who = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
               else f"{names[0]} et al." if names else self.title)
        return f"{who} {self.year}" if self.year else who

    @property
    def link(self) -> str:
        """``https://doi.org/<doi>`` when there is a DOI, else the URL (may be empty)."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    def at(self, section: str = "", quote: str = "") -> Citation:
        """The same work, another place in it (a plain Citation, whatever built this one)."""
        return Citation(**{f.name: getattr(self, f.name) for f in fields(Citation)} | {"section": section, "quote": quote})

    def work(self) -> Citation:
        """The cited work without the place in it (what a bibliography lists)."""
        return self.at()

    def entry(self) -> str:
        """The bibliography entry as plain text: ``Authors. Title. Venue, year. doi:...``"""
        parts = [_authors(self.authors), self.title, ", ".join(p for p in (self.venue, str(self.year or "")) if p)]
        text = ". ".join(p.rstrip(".") for p in parts if p) + "."
        if self.doi:
            text += f" doi:{self.doi}"
        elif self.url:
            text += f" {self.url}"
        return text

    def __str__(self) -> str:
        """The short label and the place: ``Nesterov 2004, Theorem 2.1.15``."""
        return f"{self.label}, {self.section}" if self.section else self.label


def _surname(name: str) -> str:
    name = name.strip()
    if "," in name:  # "Nesterov, Yurii"
        return name.split(",", 1)[0].strip()
    return name.split()[-1] if name else name


def _authors(authors: tuple[str, ...]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + ", and " + authors[-1]


def citations(items: Iterable[object]) -> dict[Citation, str]:
    """The distinct works among ``items`` (citations; anything else is skipped) in order of first mention, each
    with its unique bibliography key: two places in one work are one entry; two works with the same key
    (Smith 2020 twice) get ``Smith2020a``, ``Smith2020b``."""
    works: dict[Citation, str] = {}
    for c in items:
        if isinstance(c, Citation):
            works.setdefault(c.work(), c.cite_key)
    counts: dict[str, int] = {}
    for key in works.values():
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    for work, key in works.items():
        if counts[key] > 1:
            seen[key] = seen.get(key, 0) + 1
            works[work] = key + "abcdefghijklmnopqrstuvwxyz"[(seen[key] - 1) % 26]
    return works
