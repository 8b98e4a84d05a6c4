"""The registry lists every derivation module explicitly."""

from __future__ import annotations

from pathlib import Path

import derivations
from symgd import Derivation


def test_every_module_is_registered() -> None:
    folder = Path(derivations.__file__).parent
    on_disk = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}  # _common: shared helpers
    registered = set(derivations.by_name())
    assert on_disk == registered, f"missing from derivations/__init__.py: {sorted(on_disk - registered)}"


def test_every_module_derives_a_derivation_named_after_it() -> None:
    for name, mod in derivations.by_name().items():
        d = mod.derive()
        assert isinstance(d, Derivation)
        assert d.name == name
        assert d.steps, name
        assert d.results, name
        assert mod.__doc__ and "Result" in mod.__doc__, f"{name}: docstring must state the result"
