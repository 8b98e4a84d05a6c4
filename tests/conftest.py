"""Shared fixtures: derivations are verified once per session (verification is the slow part)."""

from __future__ import annotations

import pytest

from symgd import Derivation, Report


@pytest.fixture(scope="session")
def verified() -> dict[str, tuple[Derivation, Report]]:
    """name -> (derivation, report) for the three founding derivations."""
    from derivations import adam_bias, local_model, modified_quadratic

    out = {}
    for mod in (local_model, modified_quadratic, adam_bias):
        d = mod.derive()
        out[d.name] = (d, d.verify())
    return out


@pytest.fixture(scope="session")
def require_tool():
    """``require_tool(name, why)``: see :func:`_require_tool`."""
    return _require_tool


def _require_tool(name: str, why: str) -> str:
    """The path of an external program a test needs.

    Locally a missing program skips the test with the reason; under CI (SYMGD_CI=1, set by .ci/run,
    which installs the programs) it fails, so a skipped check can never pass as a green CI run.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed: {why}"
        if os.environ.get("SYMGD_CI") == "1":
            pytest.fail(f"{message} (CI must have it: .ci/run installs it)")
        pytest.skip(message)
    return path
