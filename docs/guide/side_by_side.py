"""Regenerate the page images of the side-by-side page: ``python docs/guide/side_by_side.py`` (needs pdflatex and
pdftoppm from poppler-utils).  Each derivation is verified and rendered alone (``symgd derive NAME``), and the
pages of its section are written as PNGs to docs/guide/images/NAME-N.png."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

NAMES = ("modified_quadratic", "gd_vs_flow_general", "adam_bias", "fisher_kl")
HERE = Path(__file__).resolve().parent


def main() -> None:
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
