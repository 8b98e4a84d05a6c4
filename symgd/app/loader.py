"""Finding derivations by reference: catalogue names, files, modules, ``module:attribute``.

A *reference* on the command line (``symgd verify|derive|list REF...``) is exactly one of:

* ``path/to/file.py`` (ends in ``.py``, or names an existing file): that file, run as a module;
  ``path/to/file.py:attr`` picks an attribute of it;
* ``pkg.mod:attr`` (a colon): ``attr`` (dotted attributes allowed) of the importable module ``pkg.mod``;
* ``pkg.mod`` (a dot, no colon, no ``.py``): the importable module;
* ``name`` (a plain identifier): a derivation of a registered catalogue (``symgd list`` shows them).

What it names must *give* derivations:

* a :class:`~symgd.core.derivation.Derivation`: itself;
* a function (no arguments) returning a Derivation or a list of them, e.g. ``derive``;
* a list or tuple of those;
* a module: its ``derive`` function, or its ``DERIVATION`` (a Derivation), or its ``DERIVATIONS`` (a list);
  exactly one of the three, so a module is never read two ways.

A *catalogue* is registered in the entry-point group ``symgd.derivations`` (``[project.entry-points."symgd.derivations"]``
in a package's pyproject.toml); the entry point loads a mapping ``{name: target}`` or a function returning one, each
target anything above (usually a module).  symgd's own documents are the catalogue ``documents``
(``derivations:by_name``).  A name found in two catalogues is refused: name its module instead.

Loading a file or module runs the user's own code: that is what they asked for.  Every reference that does not
resolve is a :class:`~symgd.core.errors.BadInput` of one line (exit 2 on the CLI).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from symgd.core.derivation import Derivation
from symgd.core.errors import BadInput

__all__ = ["GROUP", "Loaded", "catalogue_names", "catalogues", "load", "load_all"]

GROUP = "symgd.derivations"
_MODULE_ATTRS = ("derive", "DERIVATION", "DERIVATIONS")
_IDENT = re.compile(r"[A-Za-z_]\w*$")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
USAGE = "a catalogue name, a file (notes/result.py), a module (pkg.mod) or module:attribute"


@dataclass(frozen=True)
class Loaded:
    """A derivation with the reference that rebuilds it (``load(ref)[index]``), e.g. in a worker process."""

    ref: str
    index: int
    derivation: Derivation


# ---------------------------------------------------------------------------- catalogues


def _documents() -> Mapping[str, Any]:
    from derivations import by_name

    return by_name()


def catalogues() -> dict[str, Callable[[], Mapping[str, Any]]]:
    """The registered catalogues by entry-point name, each a function giving ``{derivation name: target}``.
    symgd's documents are always there (as ``documents``), also when symgd runs from a checkout never installed."""
    found: dict[str, Callable[[], Mapping[str, Any]]] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, _entry(ep))
    found.setdefault("documents", _documents)
    return found


def _entry(ep: Any) -> Callable[[], Mapping[str, Any]]:
    def read() -> Mapping[str, Any]:
        try:
            obj = ep.load()
        except Exception as exc:  # an installed package whose catalogue does not import
            raise BadInput(f"catalogue {ep.name!r} ({ep.value}) does not load: {type(exc).__name__}: {exc}") from None
        table = obj() if callable(obj) and not isinstance(obj, Mapping) else obj
        if not isinstance(table, Mapping):
            raise BadInput(f"catalogue {ep.name!r} ({ep.value}) gives a {type(table).__name__}, not a mapping of names")
        return table

    return read


def _tables() -> list[tuple[str, Mapping[str, Any]]]:
    return [(name, read()) for name, read in catalogues().items()]


def catalogue_names() -> list[str]:
    """Every derivation name of every catalogue, in registration order (documents first)."""
    tables = _tables()
    docs = [t for t in tables if t[0] == "documents"]
    return list(dict.fromkeys(n for _, table in docs + [t for t in tables if t[0] != "documents"] for n in table))


def _by_name(name: str) -> Any:
    hits = [(cat, table[name]) for cat, table in _tables() if name in table]
    if not hits:
        known = ", ".join(catalogue_names())
        raise BadInput(f"unknown derivation {name!r}; known: {known} (or give {USAGE})")
    if len(hits) > 1:
        raise BadInput(f"derivation {name!r} is in catalogues {', '.join(c for c, _ in hits)}: name it by its module")
    return hits[0][1]


# ---------------------------------------------------------------------------- references


def _module_from_file(path: Path) -> ModuleType:
    """Run a user's file as a module (once per process; named by its path, so two notes/result.py never clash)."""
    path = path.resolve()
    stem = re.sub(r"\W", "_", path.stem)
    name = f"symgd_user_{stem}_{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BadInput(f"cannot load {path} as Python")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[name]
        raise BadInput(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    except Exception as exc:
        del sys.modules[name]
        raise _user_error(str(path), exc) from None
    return module


_OURS = (str(Path(__file__).resolve().parents[1]), sys.prefix, sys.base_prefix)


def _user_error(ref: str, exc: BaseException) -> BadInput:
    """An exception raised by the user's code, as one line that says where in their code it happened (the
    innermost frame outside symgd and the Python installation)."""
    frames = traceback.extract_tb(exc.__traceback__)
    theirs = [f for f in frames if not f.filename.startswith(_OURS) and not f.filename.startswith("<")]
    where = f"{theirs[-1].filename}:{theirs[-1].lineno} in {theirs[-1].name}: " if theirs else f"{ref!r} raised "
    return BadInput(f"{where}{type(exc).__name__}: {exc}".replace("\n", " "))


def _import(name: str, ref: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
            raise BadInput(f"{ref!r}: no module named {exc.name!r} (a file? give its path: notes/result.py)") from None
        raise _user_error(ref, exc) from None
    except Exception as exc:
        raise _user_error(ref, exc) from None


def _attribute(obj: Any, attrs: str, ref: str) -> Any:
    for part in attrs.split("."):
        if not _IDENT.match(part):
            raise BadInput(f"{ref!r}: {attrs!r} is not an attribute name")
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise BadInput(f"{ref!r}: no attribute {part!r}") from None
    return obj


def _target(ref: str) -> Any:
    """The object ``ref`` names (see the module docstring for the four forms)."""
    path_part, colon, attr = ref.partition(":")
    if colon and not attr:
        raise BadInput(f"{ref!r}: nothing after ':' (module:attribute)")
    looks_like_file = path_part.endswith(".py") or "/" in path_part or "\\" in path_part or Path(path_part).is_file()
    if looks_like_file:
        path = Path(path_part)
        if not path.is_file():
            raise BadInput(f"{ref!r}: no such file {path_part}")
        if path.suffix != ".py":
            raise BadInput(f"{ref!r}: {path_part} is not a Python file (.py)")
        obj: Any = _module_from_file(path)
    elif colon or "." in path_part:
        if not _DOTTED.match(path_part):
            raise BadInput(f"{ref!r}: {path_part!r} is not a module name; give {USAGE}")
        obj = _import(path_part, ref)
    elif _IDENT.match(ref):
        return _by_name(ref)
    else:
        raise BadInput(f"{ref!r} is not a reference; give {USAGE}")
    return _attribute(obj, attr, ref) if attr else obj


def _derivations(obj: Any, ref: str, depth: int = 0) -> list[Derivation]:
    """The derivations ``obj`` gives (see the module docstring)."""
    if isinstance(obj, Derivation):
        return [obj]
    if depth > 2:
        raise BadInput(f"{ref!r}: too deeply nested to give derivations")
    if isinstance(obj, ModuleType):
        present = [a for a in _MODULE_ATTRS if hasattr(obj, a)]
        if not present:
            raise BadInput(f"{ref!r}: module {obj.__name__} has no derive(), DERIVATION or DERIVATIONS")
        if len(present) > 1:
            raise BadInput(f"{ref!r}: module {obj.__name__} has both {present[0]} and {present[1]}; "
                           f"say which: {ref}:{present[0]}")
        return _derivations(getattr(obj, present[0]), ref, depth + 1)
    if isinstance(obj, (list, tuple)):
        out = [d for item in obj for d in _derivations(item, ref, depth + 1)]
        if not out:
            raise BadInput(f"{ref!r}: an empty list of derivations")
        return out
    if callable(obj) and not isinstance(obj, type):
        try:
            made = obj()
        except BadInput:
            raise
        except Exception as exc:  # the user's derive() failed: where, in one line
            raise _user_error(ref, exc) from None
        return _derivations(made, ref, depth + 1)
    raise BadInput(f"{ref!r} gives a {type(obj).__name__}, not a Derivation (nor a function or list giving one)")


def load(ref: str) -> list[Derivation]:
    """The derivations that ``ref`` gives, freshly built (a user's file runs once per process; its ``derive()``
    runs every time)."""
    ref = ref.strip()
    if not ref:
        raise BadInput(f"an empty reference; give {USAGE}")
    return _derivations(_target(ref), ref)


def load_all(refs: list[str] | None = None) -> list[Loaded]:
    """Each derivation of ``refs`` (every catalogue's when None or empty) with the reference that rebuilds it.
    A file's reference is made absolute, so a worker in another directory rebuilds the same file."""
    if not refs:
        refs = catalogue_names()
    out = []
    for ref in refs:
        out += [Loaded(_absolute(ref), i, d) for i, d in enumerate(load(ref))]
    return out


def _absolute(ref: str) -> str:
    path_part, colon, attr = ref.strip().partition(":")
    if (path_part.endswith(".py") or "/" in path_part) and Path(path_part).is_file():
        return str(Path(path_part).resolve()) + (colon + attr)
    return ref.strip()
