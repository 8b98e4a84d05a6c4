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
