"""Check that every key row's text occurs, exactly once, on the line the key gives, and that the
wrong/correct/assumptions lists agree with the rows. `python check_keys.py` exits 1 on any mismatch."""
import pathlib
import sys

from _truth import check_keys

DOCS = ["newton_schulz.md", "log_barrier.tex", "finite_diff_se.md", "sign_descent.txt", "fisher_gaussian.md",
        "bfgs_hw.md"]
sys.exit(check_keys(pathlib.Path(__file__).resolve().parent, DOCS))
