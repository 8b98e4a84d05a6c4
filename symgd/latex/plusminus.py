"""``\\pm`` in a definition: ``z_{1,2} = \\frac{b \\pm \\sqrt{\\Delta}}{2}`` defines two names, ``z_1`` (with +)
and ``z_2`` (with -); ``\\mp`` takes the other sign.  Anywhere else ``\\pm`` is two claims in one and the parser
refuses it (:meth:`symgd.latex.parser.Parser.expr`)."""

from __future__ import annotations

from symgd.core.errors import BadInput
from symgd.latex.tokens import Side, Tok

__all__ = ["split_plus_minus"]

_SIGNS = {"pm": ("+", "-"), "mp": ("-", "+")}


def split_plus_minus(links: list[tuple[Side, str, Side]]) -> list[tuple[Side, str, Side]]:
    """Each definition ``name_{a,b} = ... \\pm ...`` as the two definitions ``name_a`` (+) and ``name_b`` (-);
    the other links as they are.  BadInput for a ``\\pm`` in a definition of one name."""
    out = []
    for lhs, rel, rhs in links:
        if not any(t.is_cmd(*_SIGNS) for t in rhs.toks):
            out.append((lhs, rel, rhs))
            continue
        names = _two_names(lhs) if rel == "=" else None
        if names is None:
            raise BadInput(f"{lhs.text} {rel} {rhs.text}: \\pm gives two values; define two names with it "
                           "(z_{1,2} = a \\pm b defines z_1 = a + b and z_2 = a - b)", lhs.pos)
        for k, name in enumerate(names):
            toks = tuple(Tok("op", _SIGNS[t.text][k], t.pos) if t.is_cmd(*_SIGNS) else t for t in rhs.toks)
            text = rhs.text.replace("\\pm", "\0").replace("\\mp", _SIGNS["mp"][k]).replace("\0", _SIGNS["pm"][k])
            out.append((name, rel, Side(toks, rhs.pos, text)))
    return out


def _two_names(lhs: Side) -> tuple[Side, Side] | None:
    """``z_{1,2}`` (any name, a subscript of two comma-separated parts): the sides ``z_{1}`` and ``z_{2}``."""
    toks = lhs.toks
    try:
        cut = next(k for k, t in enumerate(toks) if t.is_op("_"))
    except StopIteration:
        return None
    group = toks[cut + 1 :]
    if len(group) < 5 or not group[0].is_op("{") or not group[-1].is_op("}"):
        return None
    inner = group[1:-1]
    commas = [k for k, t in enumerate(inner) if t.is_op(",")]
    if len(commas) != 1 or any(t.is_op("{", "}", "_", "^") for t in inner):
        return None
    head = toks[: cut + 1]
    parts = (inner[: commas[0]], inner[commas[0] + 1 :])
    if not all(parts):
        return None
    base = "".join(("\\" if t.kind == "cmd" else "") + t.text for t in toks[:cut])
    sides = []
    for part in parts:
        written = "".join(("\\" if t.kind == "cmd" else "") + t.text for t in part)
        sides.append(Side((*head, Tok("op", "{", group[0].pos), *part, Tok("op", "}", group[-1].pos)), lhs.pos,
                          f"{base}_{{{written}}}"))
    return sides[0], sides[1]
