"""The exact helpers of ``tests/audit/truth_helpers.py``, shared by every held-out set's truth scripts."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from truth_helpers import *  # noqa: F403
