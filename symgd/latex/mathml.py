"""LaTeX math to MathML, offline: the one converter behind the audit's HTML report and the user guide.

``latex2mathml`` (pure Python) does the conversion; browsers render MathML Core natively, so a page needs no
script and no CDN.  Around it: environments it lacks are mapped to ones it has (``aligned`` to ``align*``,
``gather`` to a centred array), labels and equation references are dropped or printed, and the tree is
tidied for MathML Core (``\\min_x`` with its limit below in display, ``\\operatorname{tr}`` as a name, fences
and arrows as operators, column alignment as CSS).  A command it does not know raises
:class:`MathMLError` instead of printing ``\\foo`` as a variable; :func:`math_html` then shows the escaped
source.  The output is built and serialised as an element tree, so text in ``\\text{..}`` is escaped.
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET

from symgd.core.errors import SymgdError

__all__ = ["MathMLError", "math_html", "to_mathml"]


class MathMLError(SymgdError):
    """A formula that cannot be converted to MathML (the message names the reason)."""


# environments latex2mathml lacks, as ones it has (aligned: pairs of right/left columns, like align*)
_ENVIRONMENTS = (
    (re.compile(r"\\begin\{alignedat\}\{\d+\}"), r"\\begin{align*}"),
    (re.compile(r"\\end\{alignedat\}"), r"\\end{align*}"),
    (re.compile(r"\\(begin|end)\{(aligned|align|eqnarray\*?)\}"), r"\\\1{align*}"),
    (re.compile(r"\\begin\{(gathered|gather\*?|multline\*?)\}"), r"\\begin{array}{c}"),
    (re.compile(r"\\end\{(gathered|gather\*?|multline\*?)\}"), r"\\end{array}"),
    (re.compile(r"\\(begin|end)\{(equation\*?|displaymath)\}"), ""),
)
_DROPPED = re.compile(r"\\label\{[^{}]*\}|\\nonumber\b|\\notag\b")
_EQREF = re.compile(r"\\eqref\{([^{}]*)\}")
_REF = re.compile(r"\\ref\{([^{}]*)\}")
_PRIMES_POWER = re.compile(r"('+)\^(?:\{([^{}]*)\}|(\\[A-Za-z]+|[^\s{]))")
_ARGMIN = re.compile(r"\\arg\s*\\(min|max)(?![A-Za-z])")
_ARG = re.compile(r"\\arg(?![A-Za-z])")
_OPNAME = re.compile(r"\\operatorname(\*?)\{([^{}]*)\}")

# an operator name written with a limit (\min_x): the limit goes below in display style
_LIMITS = {"min", "max", "sup", "inf", "lim", "liminf", "limsup", "argmin", "argmax", "arg min", "arg max"}
# characters latex2mathml emits as identifiers that are fences, relations or arrows (\\langle, \\succeq, \\iff);
# the ordinary symbols among Unicode's math symbols stay identifiers
_FENCES = set("⟨⟩‖∣|")
_ORDINARY = set("∂∞∅∇¬∀∃′")
_UNKNOWN = re.compile(r"^\\[A-Za-z]+$")


def _primes_power(m: re.Match) -> str:
    power = m.group(2) if m.group(2) is not None else m.group(3)
    return "^{" + r"\prime" * len(m.group(1)) + " " + power + "}"


def _prepare(latex: str) -> str:
    for pattern, repl in _ENVIRONMENTS:
        latex = pattern.sub(repl, latex)
    latex = _DROPPED.sub("", latex)
    # L''^2 is L^{\prime\prime 2} (latex2mathml reads it as two superscripts)
    latex = _PRIMES_POWER.sub(_primes_power, latex)
    latex = _EQREF.sub(lambda m: r"\text{(" + m.group(1) + ")}", latex)
    latex = _REF.sub(lambda m: r"\text{" + m.group(1) + "}", latex)
    latex = _OPNAME.sub(lambda m: r"\operatorname" + m.group(1) + "{" + re.sub(r"\\[,;:! ]|\s", "", m.group(2)) + "}",
                        latex)  # \operatorname*{arg\,min}: latex2mathml reads only letters there
    latex = _ARGMIN.sub(r"\\operatorname*{arg\1}", latex)
    return _ARG.sub(r"\\operatorname{arg}", latex)


def _tidy(root: ET.Element) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    for el in list(root.iter()):
        if el.text:
            el.text = html.unescape(el.text)  # latex2mathml writes characters as entity text (&#x0211D;)
        text = (el.text or "").strip()
        if el.tag in ("mi", "mo") and _UNKNOWN.match(text):
            raise MathMLError(f"unknown command {text}")
        if el.tag == "mi" and text == "&":  # an alignment mark outside any table
            parents[el].remove(el)
        elif el.tag == "mi" and len(text) == 1 and text not in _ORDINARY and (
                text in _FENCES or unicodedata.category(text) in ("Sm", "Ps", "Pe")):
            el.tag = "mo"
        elif el.tag in ("msub", "msubsup") and len(el) and el[0].tag == "mo" and (el[0].text or "") in _LIMITS:
            el.tag = "munder" if el.tag == "msub" else "munderover"
            el[0].set("movablelimits", "true")
            el[0].text = re.sub(r"^arg(?=m)", "arg\u2009", el[0].text or "")  # argmin: arg min, a thin space
        elif el.tag == "mo" and re.fullmatch(r"[A-Za-z]{2,}", text) and "movablelimits" not in el.attrib:
            el.tag = "mi"  # \operatorname{tr}, \max(a, b): an upright name, no operator spacing around it
        if el.tag == "mtd" and el.get("columnalign") in ("left", "right", "center"):
            side = el.get("columnalign")
            pad = {"right": "padding-right:0", "left": "padding-left:0", "center": ""}[side]
            el.set("style", ";".join(s for s in (f"text-align:{side}", pad) if s))


_OPEN = set("([{|‖⟨")


def _space_names(root: ET.Element) -> None:
    """A thin space around an operator name (x \\log x), none before an opening bracket (\\log(x)); MathML
    Core gives identifiers no spacing of their own."""
    for parent in list(root.iter()):
        if parent.tag not in ("mrow", "mstyle", "mtd", "math", "mpadded"):
            continue
        children = list(parent)
        out: list[ET.Element] = []
        for i, el in enumerate(children):
            name = el.tag == "mi" and re.fullmatch(r"[A-Za-z]{2,}", (el.text or "").strip())
            if name and out and out[-1].tag != "mo":
                out.append(ET.Element("mspace", width="0.167em"))
            out.append(el)
            nxt = children[i + 1] if i + 1 < len(children) else None
            if name and nxt is not None and not (nxt.tag == "mo" and (nxt.text or "").strip()[:1] in _OPEN):
                out.append(ET.Element("mspace", width="0.167em"))
        if len(out) != len(children):
            parent[:] = out


def to_mathml(latex: str, display: bool = False) -> str:
    """The MathML of one formula, for an HTML page (``display``: a display on its own line, else inline math); raises
    :class:`MathMLError` when latex2mathml refuses it or leaves a command it does not know."""
    from latex2mathml.converter import convert_to_element

    try:
        root = convert_to_element(_prepare(latex), display="block" if display else "inline")
    except Exception as e:  # latex2mathml raises many kinds (its own, IndexError, StopIteration, ...)
        raise MathMLError(f"latex2mathml: {type(e).__name__} {e}".strip()) from None
    _tidy(root)
    _space_names(root)
    del root.attrib["xmlns"]  # HTML puts <math> in the MathML namespace itself; no URL in an offline page
    return ET.tostring(root, encoding="unicode")


def math_html(latex: str, display: bool = False, source: str | None = None) -> str:
    """HTML for one formula: its MathML, or where the conversion fails the escaped ``source`` (default the
    LaTeX) in a ``<code class="math-source">`` box whose title says why it is not rendered."""
    try:
        return to_mathml(latex, display)
    except MathMLError as e:
        shown = html.escape(latex if source is None else source)
        return f'<code class="math-source" title="{html.escape("not rendered: " + str(e))}">{shown}</code>'
