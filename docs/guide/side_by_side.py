"""Regenerate the side-by-side page's material: ``python docs/guide/side_by_side.py`` (needs pdflatex and pdftoppm
from poppler-utils, and the seed documents in $SYMGD_SEEDS or ../shared/seeds).  Each derivation is verified and
rendered alone (``symgd derive NAME``) and its pages are written as PNGs to docs/guide/images/NAME-N.png; the
document's own text of the same result (the lines in EXCERPTS, verbatim) goes to docs/guide/documents/NAME.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NAMES = ("modified_quadratic", "gd_vs_flow_general", "adam_bias", "fisher_kl")
HERE = Path(__file__).resolve().parent
# derivation -> (seed document, first line, last line) of the document's own derivation of the result
EXCERPTS = {"modified_quadratic": ("001", 48, 128), "gd_vs_flow_general": ("001", 130, 142),
            "adam_bias": ("003", 247, 272), "fisher_kl": ("003", 312, 323)}


def excerpts() -> None:
    seeds = Path(os.environ.get("SYMGD_SEEDS", HERE.parents[2] / "shared" / "seeds"))
    out = HERE / "documents"
    out.mkdir(exist_ok=True)
    for name, (seed, first, last) in EXCERPTS.items():
        (path,) = seeds.glob(f"{seed}_*.txt")
        lines = path.read_text(encoding="utf-8").splitlines()[first - 1:last]
        body = "\n".join(lines).rstrip() + "\n"
        (out / f"{name}.md").write_text(f"<!-- document {seed}, lines {first}-{last}, verbatim -->\n{body}",
                                        encoding="utf-8")


def main() -> None:
    excerpts()
    out = HERE / "images"
    out.mkdir(exist_ok=True)
    for name in NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, "-m", "symgd.app.cli", "derive", name, "--out", tmp], check=True,
                           capture_output=True)
            for old in out.glob(f"{name}-*.png"):
                old.unlink()
            subprocess.run(["pdftoppm", "-png", "-r", "80", str(Path(tmp) / "symgd.pdf"), str(Path(tmp) / "page")],
                           check=True)
            pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
            for i, page in enumerate(pages, 1):
                shutil.copy(page, out / f"{name}-{i}.png")
            print(name, len(pages), "pages")


if __name__ == "__main__":
    main()
