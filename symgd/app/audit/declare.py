"""Declarations a document cannot state in prose: front matter or a side file (``--declare FILE``).

A small YAML subset (PyYAML is not a dependency of symgd), or JSON (``.json``) or TOML (``.toml``).  The
keys are those of :class:`symgd.core.declarations.Declarations` (``assume``, ``vectors``, ``matrices``,
``symmetric``, ``positive_definite``, ``functions``); each value is a list or one item::

    assume:
      - \\eta > 0
      - 0 < \\beta < 1
    vectors: [x, g]
    positive_definite: H
    rename:                 # text pasted from a PDF lost its subscripts: say what each spelling stands for
      xs+1: x_{s+1}
      xs: x_s

``random`` names the random quantities (``random: [xi_k, g_k]``, as ``symgd check --random``): an expectation takes
every other name out as a constant (:mod:`symgd.app.audit.stochastic`).

``defined_in_prose`` names what the document defines in words, a figure or a fragment of a formula, never in
one formula (a local model ``m_s``): a counterexample that treats it as arbitrary is not a refutation (such a
link is undecided).  ``rename`` maps a spelling in the document to the LaTeX it stands for (``{xs: x_s}`` in the inline form).  It
is applied to every formula before anything else reads it, where the spelling stands alone (not inside a
longer name: ``xs`` is not renamed in ``xsq``), longest spelling first.  It is never guessed: a lost subscript
the document does not declare stays the name it reads as.
"""

from __future__ import annotations

import json
import tomllib

from symgd.core.errors import BadInput
from symgd.latex.assumptions import top_level_commas

__all__ = ["KEYS", "parse_declarations"]

KEYS = ("assume", "vectors", "matrices", "symmetric", "positive_definite", "functions", "defined_in_prose", "rename",
        "random")


def parse_declarations(text: str, name: str = "") -> dict:
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
    out: dict = {}
    for key, value in data.items():
        if key not in KEYS:
            raise BadInput(f"{name or 'declarations'}: unknown key {key!r} (keys: {', '.join(KEYS)})")
        if key == "rename":
            out[key] = _renames(value, name)
            continue
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in items):
            raise BadInput(f"{name or 'declarations'}: the values of {key!r} must be text")
        out[key] = [v.strip() for v in items if v.strip()]
    return out


def _renames(value, name: str) -> dict[str, str]:
    """``rename``: a mapping of non-empty spellings to non-empty LaTeX."""
    where = name or "declarations"
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
                                              for k, v in value.items()):
        raise BadInput(f"{where}: 'rename' maps spellings to LaTeX, e.g. rename: {{xs: x_s}}")
    return {k.strip(): v.strip() for k, v in value.items()}


def _mapping(text: str, name: str, no: int) -> dict[str, str]:
    """``{a: b, c: d}`` (the inline form of a mapping)."""
    out = {}
    for item in top_level_commas(text):
        if not item.strip():
            continue
        k, sep, v = item.partition(": ")
        if not sep:
            raise BadInput(f"{name or 'declarations'} line {no}: expected 'spelling: LaTeX' in {{...}}")
        out[_scalar(k)] = _scalar(v)
    return out


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _yaml_subset(text: str, name: str) -> dict:
    """``key: value``, ``key: [a, b]``, ``key: {a: b}``, ``key:`` followed by ``- item`` lines or (a mapping)
    by indented ``a: b`` lines; ``#`` comments."""
    out: dict = {}
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
        if line[0].isspace() and key is not None and (out.get(key) == [] or isinstance(out.get(key), dict)):
            k, sep, v = stripped.partition(": ")
            if not sep:
                raise BadInput(f"{name or 'declarations'} line {no}: expected 'spelling: LaTeX' under {key!r}")
            if not isinstance(out[key], dict):
                out[key] = {}
            out[key][_scalar(k)] = _scalar(v)  # type: ignore[index]
            continue
        if line[0].isspace() or ":" not in line:
            raise BadInput(f"{name or 'declarations'} line {no}: expected 'key: value' or '- item'")
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not value:
            out[key] = []
        elif value.startswith("{") and value.endswith("}"):
            out[key] = _mapping(value[1:-1], name, no)
        elif value.startswith("[") and value.endswith("]"):
            out[key] = [_scalar(v) for v in top_level_commas(value[1:-1]) if v.strip()]
        else:
            out[key] = _scalar(value)
    return out

