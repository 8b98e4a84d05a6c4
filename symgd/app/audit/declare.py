"""Declarations a document cannot state in prose: front matter or a side file (``--declare FILE``).

A small YAML subset (PyYAML is not a dependency of symgd), or JSON (``.json``) or TOML (``.toml``).  The
keys are those of :class:`symgd.core.declarations.Declarations` (``assume``, ``vectors``, ``matrices``,
``symmetric``, ``positive_definite``, ``functions``); each value is a list or one item::

    assume:
      - \\eta > 0
      - 0 < \\beta < 1
    vectors: [x, g]
    positive_definite: H
"""

from __future__ import annotations

import json
import tomllib

from symgd.core.errors import BadInput
from symgd.latex.assumptions import top_level_commas

__all__ = ["KEYS", "parse_declarations"]

KEYS = ("assume", "vectors", "matrices", "symmetric", "positive_definite", "functions")


def parse_declarations(text: str, name: str = "") -> dict[str, list[str]]:
    """``{key: [items]}`` from the text of a declarations file (BadInput with the line on anything else)."""
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name}: not JSON ({exc.msg}, line {exc.lineno})") from None
    elif name.endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BadInput(f"{name}: not TOML ({exc})") from None
    else:
        data = _yaml_subset(text, name)
    if not isinstance(data, dict):
        raise BadInput(f"{name or 'declarations'}: expected keys {', '.join(KEYS)}")
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise BadInput(f"{name or 'declarations'}: unknown key {key!r} (keys: {', '.join(KEYS)})")
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in items):
            raise BadInput(f"{name or 'declarations'}: the values of {key!r} must be text")
        out[key] = [v.strip() for v in items if v.strip()]
    return out


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _yaml_subset(text: str, name: str) -> dict[str, list[str] | str]:
    """``key: value``, ``key: [a, b]`` and ``key:`` followed by ``- item`` lines; ``#`` comments."""
    out: dict[str, list[str] | str] = {}
    key = None
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("- ") or stripped == "-":
            if key is None or not isinstance(out.get(key), list):
                raise BadInput(f"{name or 'declarations'} line {no}: a list item outside a key")
            out[key].append(_scalar(stripped[1:]))  # type: ignore[union-attr]
            continue
        if line[0].isspace() or ":" not in line:
            raise BadInput(f"{name or 'declarations'} line {no}: expected 'key: value' or '- item'")
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not value:
            out[key] = []
        elif value.startswith("[") and value.endswith("]"):
            out[key] = [_scalar(v) for v in top_level_commas(value[1:-1]) if v.strip()]
        else:
            out[key] = _scalar(value)
    return out

