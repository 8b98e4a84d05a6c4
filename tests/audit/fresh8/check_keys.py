"""Check that every key row's text occurs, exactly once, on the line the key gives, and that the
wrong/correct/assumptions lists agree with the rows. `python check_keys.py` exits 1 on any mismatch."""
import pathlib
import sys

from _truth import check_keys

DOCS = ["jacobi_precond.md", "sgd_harmonic.tex", "wolfe_se.md", "adagrad_norm.txt", "modified_loss.md", "admm_hw.md"]
sys.exit(check_keys(pathlib.Path(__file__).resolve().parent, DOCS))
