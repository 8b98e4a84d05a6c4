"""Whether a counterexample is one of the document's: the last guard before a link is reported refuted.

A counterexample gives values to names.  It refutes the document only if the document leaves those names free; a
value for a name the text determines, constrains in words symgd did not read, or uses under a condition it states
beside the claim is a counterexample to another text.  Such a refutation is reported undecided, with the reason.
The rules are about how documents are written, never about one document:

- **pinned in the sentence**: an inline relation whose sentence gives the name a value or a definition in another
  formula ("take $G = R = 1$", "For $K = 100$ the step is $\\eta = 1/\\sqrt{K}$");
- **stated, not claimed**: an inline relation in a sentence that sets something up ("Let $A$ have eigenvalues
  $0 < \\lambda_1 \\le \\dots$", "While $x_k > 0$ ..."): a hypothesis, whose names later counterexamples must not
  treat as free either;
- **a member of a defined family**: ``\\eta_0`` after ``\\eta_k = ...``, ``x_3`` after an update rule
  ``x_{k+1} = ...`` (the start ``x_0`` stays free), ``f^{100}_{best}`` after ``f^K_{best} = ...`` (not a power);
- **constrained in words symgd did not read**: a name in a formula of the section that was not read or whose
  assumption was not carried, or that belongs to a set symgd cannot describe (``y \\in C`` with ``C`` a box);
- **a function defined piecewise in words**: a function the section defines twice (``h(x) = x^2/2`` and, "if $x >
  1$", ``h(x) = x - 1/2``) or a claim followed by its own condition ("$h''(x) = 1$ on $|x| < 1$").
"""

from __future__ import annotations

import re
from dataclasses import replace

from symgd.app.audit.chain import LinkResult, norm
from symgd.app.audit.classify import is_name
from symgd.app.audit.context import case_condition, derived_range
from symgd.app.audit.described import described_in_words, described_subject, under_a_case
from symgd.app.audit.extract import MATH_SPANS as _MATH
from symgd.latex.matrix_notation import explicit_entries_of_free_matrix

__all__ = ["settle", "untrusted"]

_CMD_NOT_NAMES = {r"\frac", r"\tfrac", r"\dfrac", r"\sqrt", r"\le", r"\ge", r"\leq", r"\geq", r"\in", r"\dots",
                  r"\cdots", r"\ldots", r"\cdot", r"\left", r"\right", r"\mathbb", r"\mathcal", r"\text", r"\mathrm",
                  r"\operatorname", r"\nabla", r"\partial", r"\sum", r"\prod", r"\min", r"\max", r"\log", r"\ln",
                  r"\exp", r"\quad", r"\qquad", r"\bigl", r"\bigr", r"\Big", r"\big", r"\Bigl", r"\Bigr", r"\top",
                  r"\infty", r"\lim", r"\to", r"\langle", r"\rangle", r"\|", r"\sin", r"\cos", r"\mid", r"\lvert",
                  r"\rvert", r"\colon", r"\times", r"\star", r"\ast", r"\prime", r"\mathbf", r"\boldsymbol", r"\bm",
                  r"\hat", r"\bar", r"\tilde", r"\widehat", r"\overline", r"\lt", r"\gt", r"\neq", r"\ne", r"\approx",
                  r"\coloneqq", r"\equiv", r"\forall", r"\exists", r"\setminus", r"\subset", r"\subseteq", r"\det"}
_NAME = re.compile(r"(?<![A-Za-z\\])(?P<base>\\[A-Za-z]+|[A-Za-z])(?![A-Za-z])"
                   r"(?P<sub>\s*_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9]+))?"
                   r"(?P<sup>\s*\^\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z0-9*]+))?")
_REL = re.compile(r"<|>|\\le(?:q)?(?![a-z])|\\ge(?:q)?(?![a-z])|\\lt|\\gt|=|≤|≥|\\neq|\\ne(?![a-z])")
_SETUP = re.compile(r"\b(?:let|assum\w*|suppose[sd]?|if|when(?:ever)?|while|as long as|provided|unless|for all|case|"
                    r"for (?:any|every|each)|given|such that|fix|take|choose|consider|with|where)\b", re.I)
_CONSTRAINT = re.compile(r"\b(?:subject to|s\.\s?t\.|constrained to|constraint (?:reads|is|becomes)|on the (?:line|plane|set|ball|box|simplex|sphere|"
                         r"interval|hyperplane|segment)|over the (?:set|box|ball|simplex|interval))\b[^.;]{0,30}$", re.I)
_LOCAL = re.compile(r"if|when(?:ever)?|while|as long as|provided|unless|for .*|such that|case", re.I)  # its sentence only
_CONDITION_AFTER = re.compile(r"^[^.;:!?\w$]{0,3}\s*(?:on|for|when(?:ever)?|if|while|provided|as long as|whenever)\s*"
                              r"(?:\\\(|\$)([^$]*?)(?:\\\)|\$)", re.I)
_CONDITION_BEFORE = re.compile(r"\b(while|if|when(?:ever)?|as long as|provided)\b[^$]{0,40}\$([^$]*)\$", re.I)
_KNOWN_SET = re.compile(r"^\s*(?:\\mathbb\{[RNZQC]\}|\\R\b|\\N\b|ℝ|ℕ|\\mathbf\{R\}|[\[(]).*", re.S)
_SOLUTIONS = re.compile(r"\s*(?:\\arg\s*\\?(?:min|max)|\\operatorname\*?\{arg\s*(?:min|max)\}|\\argmin|\\argmax|"
                        r"\\mathrm\{arg\s*(?:min|max)\})")  # a solution set: its member is no free point
_UNREAD = re.compile(r"not carried|not understood|not read|cannot read|unknown environment|ambiguous")


def names(latex: str) -> set[str]:
    """The names a formula writes (normalized as counterexample keys are: no braces, no spaces)."""
    out = set()
    for m in _NAME.finditer(latex):
        if m.group("base") in _CMD_NOT_NAMES:
            continue
        sup = m.group("sup") or ""
        keep_sup = re.fullmatch(r"\s*\^\s*\{?\s*(?:\*|\\star|\\ast|\\circ|\\dagger|\\prime|\(\w+\))\s*\}?", sup)
        out.add(norm(m.group("base") + (m.group("sub") or "") + (sup if keep_sup else "")))  # x^\star is not x
    return out


_ENDED_DISPLAY = re.compile(r"\$\$(?:(?!\$\$).)*?[.!?]\s*\$\$|\\\[(?:(?!\\\]).)*?[.!?]\s*\\\]", re.S)  # a display that ends a sentence


def _sentence(before: str, after: str) -> tuple[str, str]:
    """The sentence around a formula: the prose since the last sentence end, and up to the next one."""
    def ends(text: str) -> list[int]:
        masked = _MATH.sub(lambda m: "x" * len(m.group(0)), text)
        shown = [m.end() for m in _ENDED_DISPLAY.finditer(text)]  # "$$ ... = \frac{4}{k+2}.$$ A hasty reader ..."
        return sorted({*shown, *(m.end() for m in re.finditer(r"[.!?:](?=\s|$)|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)",
                                                            masked))})

    cut = ends(before)
    head = before[cut[-1]:] if cut else before
    stop = ends(after)
    tail = after[: stop[0]] if stop else after
    return head, tail


def _sets_up(head: str) -> str:
    """The word that makes an inline relation a hypothesis: a setup word a few words before it ("Let $A$ have
    eigenvalues", "take", "While"), not an operation ("take the gradient of")."""
    words = _MATH.sub(" M ", head)
    hits = list(_SETUP.finditer(words))
    if not hits:
        return ""
    rest = words[hits[-1].end():]
    operation = hits[-1].group(0).lower() == "take" and re.match(r"\s*(?:the|a|an)\b", rest)  # take the gradient
    if len(re.findall(r"[A-Za-z]+", rest)) > 5 or operation or re.search(r"\bthen\b", rest, re.I):
        return ""  # "*Case $\|g\| > c$.* Then $\|\tilde g\| = c$": the claim under the case
    return hits[-1].group(0)


def _member_of_family(key: str, families: set[str]) -> str:
    """The defined family (``\\eta_k``, ``x_{k+1}``, ``f_best^K``) of which ``key`` is a numbered member, or ''."""
    m = re.fullmatch(r"(?P<base>.+?)_(?P<idx>-?\d+)(?P<rest>\^.*)?", key)
    for fam in families:
        f = re.fullmatch(r"(?P<base>.+?)_(?P<var>[a-z])(?P<shift>[+-]\d+)?(?P<rest>\^.*)?", fam)
        if m and f and f.group("base") == m.group("base") and (f.group("rest") or "") == (m.group("rest") or ""):
            start = int(f.group("shift") or 0) > 0  # x_{k+1} = F(x_k): a recursion, its start x_0 is free
            if not (start and int(m.group("idx")) == 0):
                return fam
        s = re.fullmatch(r"(?P<base>.+?)\^(?P<var>[A-Za-z])", fam)  # f_best^K: f_best^{100} is a member
        if s and key == s.group("base"):
            return fam
    return ""


_VALUE = re.compile(r"\s*(?P<name>\\?[A-Za-z]+(?:_\{?[\w\\]+\}?)?)\s*=\s*-?\s*(?:\d+(?:\.\d+)?|\\t?frac\{\d+\}\{\d+\}|"
                    r"\d+\s*/\s*\d+)\s*")


def _record_values(new: list[LinkResult], d, ctx) -> None:
    r"""Names the text gives a number (``a = 4``, "Start at $x_0 = 1$", ``\eta = \frac{1}{10}``), kept in
    ``ctx.section_values``; not a special case ("For $\lambda = 0$ this is the Gauss-Newton step")."""
    head, tail = _sentence(d.before, d.after)
    if re.search(r"\b(?:for|if|when|whenever|as|unless)\s*$", head, re.I):
        return
    listed = sum(bool(_VALUE.fullmatch(m.group(0).strip("$"))) for m in _MATH.finditer(head + " " + tail))
    imperative = re.match(r"\W*(?:take|set|let|start|fix|choose|pick|use|consider)\b", _MATH.sub(" ", head), re.I)
    leads = not re.sub(r"[\s,.:;]", "", _MATH.sub("", tail)) or re.search(r"\bexample\b|\be\.g\.", head, re.I)
    if not (listed >= 1 or imperative or leads):  # "With $t = 1$ this is the undamped step": a remark
        return
    for r in new:
        if r.kind in ("definition", "assumption") and (m := _VALUE.fullmatch(r.link)):
            ctx.section_values[norm(m.group("name"))] = r.line


_WORDED_HEAD = re.compile(r"\b(?:let|take|fix|choose|pick|consider)(?:\s+(?:now|also|then))?\s*$", re.I)
_WORDED_TAIL = re.compile(
    r"^\s*(?:,\s*)?(?:be|denote|stand for)\s+(?:any|some|a|an|the)?\s*(?:[A-Za-z-]+\s+){0,3}?(?P<words>(?:at (?:least|most)|no "
    r"(?:less|more|smaller|larger|greater|bigger) than|(?:larger|smaller|greater|less|bigger|more|not less|not more) than|"
    r"bounded|between|exceeding|above|below|within|such that|satisfying|that (?:is|are|satisf\w*|exceeds?|bounds?)|"
    r"(?:so|sufficiently) (?:large|small)|large enough|small enough)\b[^.;:]{0,40})", re.I)


def _record_worded(d, ctx) -> None:
    r"""A name a setup sentence constrains in words ("let $\rho$ be any number at least $\|y_0 - p\|$", "take $K$
    large enough that ..."): kept in ``ctx.worded`` for the rest of the text; a counterexample that sets it is not
    the document's (symgd did not read the constraint)."""
    if d.display or not _NAME.fullmatch(d.latex.strip()):
        return
    head, _ = _sentence(d.before, d.after)
    if _WORDED_HEAD.search(_MATH.sub(" M ", head)) and (m := _WORDED_TAIL.match(_MATH.sub(" M ", d.after))):
        ctx.worded.setdefault(norm(d.latex.strip()), (d.line, re.sub(r"\s+", " ", m.group("words").replace(" M ", " ... ")).strip()))


_DEFINITE = re.compile(r"\b(?:symmetric\s+)?positive[- ](?P<semi>semi-?)?definite\b|\bSPD\b|\bsymmetric\b", re.I)
_MATRIX_NAME = re.compile(r"\s*(?P<n>[A-Z](?:_\{?\w+\}?)?|\\(?:Sigma|Lambda))\s*(?:$|\\in\b|,)")


def _record_definite(d, ctx) -> None:
    r"""A matrix its sentence calls (symmetric) positive (semi)definite ("Let $A \in \mathbb{R}^{n \times n}$ be
    symmetric positive definite"): kept in ``ctx.definite``; a counterexample must give it such a value."""
    if d.display or not (m := _MATRIX_NAME.match(d.latex)):
        return
    _, tail = _sentence(d.before, d.after)
    words = _MATH.sub(" M ", tail)[:80]
    if (w := _DEFINITE.search(words)) and not re.search(r"\bnot\b", words[: w.start()], re.I):
        which = "symmetric" if w.group(0).lower() == "symmetric" else (
            "positive semidefinite" if w.group("semi") else "positive definite")
        ctx.definite.setdefault(norm(m.group("n")), (d.line, which))
        name = m.group("n")  # a matrix already (its sentence's R^{n x n}): declared so, the samples are such matrices
        square = re.search(r"\\in\s*\S*?R\S*?\^\s*\{\s*(\w+)\s*\\times\s*\1\s*\}", d.latex)
        if (name in ctx.matrices or square) and which != "positive semidefinite":  # a refuted slip stays refuted
            ctx.add_names("positive_definite" if which == "positive definite" else "symmetric", [name])


def _matrix_value(text: str):
    """The exact matrix a counterexample writes (``[[1, 2], [3/4, 0]]``), or None (not a matrix of rationals)."""
    import sympy as sp

    rows = re.findall(r"\[([^\[\]]*)\]", text)
    if not text.startswith("[[") or not rows:
        return None
    try:
        entries = [[sp.Rational(e.strip()) for e in row.split(",")] for row in rows]
    except (TypeError, ValueError):
        return None
    return sp.Matrix(entries) if len({len(r) for r in entries}) == 1 else None


def _not_definite(cex: dict, ctx) -> str:
    """Why a counterexample is not the document's: it gives a matrix the text calls positive definite (semidefinite,
    symmetric) a value that is not, or one symgd cannot check; ''."""
    for k, v in (cex or {}).items():
        if (key := norm(str(k))) not in ctx.definite:
            continue
        line, which = ctx.definite[key]
        m = _matrix_value(str(v))
        ok = m is not None and m.is_square and m == m.T and (
            which == "symmetric" or (m.is_positive_semidefinite if which == "positive semidefinite" else
                                     m.is_positive_definite))
        if not ok:
            return f"a counterexample sets {key} = {v}, which is not {which} as the text says it is (line {line})"
    return ""


def _tied_by_the_recursion(keys: set[str], ctx) -> str:
    r"""Why a counterexample that gives the generic member ``x_k`` and a numbered member ``x_0`` of a family defined by a
    recursion (``x_{k+1} = x_k(2 - a x_k)``) values of their own is not the document's: the rule determines ``x_k`` from
    ``x_0`` (a closed form such as ``e_k = e_0^{2^k}``, written in a name defined from ``x_k``, is proved by
    induction); ''."""
    flat = {norm(x) for x in keys}
    for k, link in ctx.defined.items():
        m = re.fullmatch(r"(?P<base>\\?[A-Za-z]+)_(?P<i>[a-z])\+1", norm(k))
        if not m or not re.search(re.escape(m.group("base")) + r"_\{?" + m.group("i") + r"\}?", link.split("=", 1)[-1]):
            continue
        base = re.escape(m.group("base"))
        generic = sorted(x for x in flat if re.fullmatch(base + r"_[a-z]", x))
        numbered = sorted(x for x in flat if re.fullmatch(base + r"_\d+", x))
        if generic and numbered:
            return (f"a counterexample gives {generic[0]} and {numbered[0]} values of their own, but the rule {link} "
                    f"(line {ctx.defined_at.get(k, 0)}) determines one from the other")
    return ""


def _tied_by_a_power(keys: set[str], ctx) -> str:
    r"""Why a counterexample that gives two members of one family values of their own (``b_{k+1}``, ``b_k``) is not the
    document's when a rule in force defines a power of the later one from the earlier (``b_{k+1}^2 = b_k^2 +
    \|g_k\|^2``: the update rule of b written for its square, which the shifted-rule reading does not take); ''."""
    flat = {norm(x) for x in keys}  # norm drops braces: b_{k+1} is b_k+1
    for k, link in ctx.defined.items():
        m = re.fullmatch(r"(?P<base>\\?[A-Za-z]+)_(?P<i>[a-z])\+1\^\d+", norm(k))
        if not m:
            continue
        base, i = m.group("base"), m.group("i")
        if f"{base}_{i}+1" in flat and f"{base}_{i}" in flat and re.search(
                re.escape(base) + r"_\{?" + i + r"\}?", link.split("=", 1)[-1]):
            return (f"a counterexample gives {base}_{{{i}+1}} and {base}_{i} values of their own, "
                    f"but the rule {link} (line {ctx.defined_at.get(k, 0)}) ties them")
    return ""


def _constant_family(key: str, link: str) -> bool:
    r"""``g_i = g`` ("if the gradient were constant, $g_i = g$"): a supposition about every member, not a formula of
    the index that determines each one (``\eta_k = ...`` in k, or a recursion ``x_{k+1} = ...``)."""
    m = re.fullmatch(r".+?_([a-z])", key)
    rhs = link.split("=", 1)[1] if "=" in link else ""
    return bool(m and rhs) and not re.search(r"(?<![A-Za-z\\])" + m.group(1) + r"(?![A-Za-z])", rhs)


def _constrains(link: str) -> bool:
    r"""A sign or range of names (``0 < \lambda_1 \le \dots \le \lambda_d``, ``x_k > 0``): what constrains them;
    an identity or a bound between functions' values constrains nothing a counterexample sets."""
    rels = re.findall(r"<|>|\\le(?:q)?(?![a-z])|\\ge(?:q)?(?![a-z])|≤|≥", link)
    return bool(rels) and "=" not in link.replace("\\le", "").replace("\\ge", "") and not re.search(r"\(|\\nabla", link)


def _unread_names(results: list[LinkResult], since: int, defined: set[str]) -> dict[str, int]:
    """Names constrained by something symgd did not read: signs and ranges in formulas of the section that were
    not read, whose assumption is not carried, or that their sentence only sets up; and memberships (anywhere
    before) in a set symgd cannot describe."""
    out: dict[str, int] = {}
    for r in results:
        if r.line >= since and _constrains(r.link) and (  # a local condition ("not carried") binds its sentence only
                r.verdict == "not checked" or (r.kind == "assumption" and _UNREAD.search(r.method + " " + r.note)
                                               and "not carried" not in r.method + r.note)
                or r.method.startswith("stated, not claimed")):
            for n in names(r.link):
                out.setdefault(n, r.line)
        m = re.fullmatch(r"\s*(.+?)\s*\\in\s*(.+?)\s*", r.link) if r.kind == "assumption" else None
        specific = m and norm(m.group(2)) in defined  # y \in C with C = [0, 1]^2: a set the text gives
        solution = m and _UNREAD.search(r.method + " " + r.note) and _SOLUTIONS.match(m.group(2))  # s_k \in \arg\min
        listed = m and re.match(r"\s*\\?\{", m.group(2))  # y \in \{-1, 1\} (plain text: {-1, +1}): a set written out
        if m and (specific or solution or listed or (_UNREAD.search(r.method + " " + r.note)
                                                     and not _KNOWN_SET.match(m.group(2)) and norm(m.group(2)) in defined)):
            for n in names(m.group(1)):
                out.setdefault(n, r.line)
    return out


_FUNCTION_LHS = re.compile(r"\s*(\\?[A-Za-z]+)(?:_\{?[^({]*?\}?)?\s*(?:\\left)?\(")


def _record_pieces(new: list[LinkResult], d, ctx) -> None:
    r"""A function defined inline in a sentence with a condition ("If $x > \mu$ ... $h(x) = x - \mu/2$"): one
    piece of a definition by cases written in words, kept in ``ctx.piecewise`` to the section's end."""
    head, _ = _sentence(d.before, d.after)
    cond = _CONDITION_BEFORE.search(head) or re.search(r"\b(for|on)\s+\$([^$]*)\$", head)
    if d.display or not cond or not _REL.search(cond.group(2)):
        return
    for r in new:
        if r.kind == "definition" and (m := _FUNCTION_LHS.match(r.link)):
            ctx.piecewise.setdefault(m.group(1), r.line)


_TITLE = re.compile(r"^\s*(?:>\s*)?(?:#{1,6}\s|\\(?:sub)*section\*?\{[^}]*$|\\(?:sub)*paragraph\*?\{[^}]*$|"
                    r"\\chapter\*?\{[^}]*$|\\textbf\{[^}]*$|\\item\[[^\]]*$)")
_CONDITION_LEAD = re.compile(r"\b(when|whenever|if|iff|if and only if|provided(?: that)?|as long as|until|unless)\s*"
                             r"(?:that\s*)?[:,]?\s*$", re.I)
_FOR_CLAUSE = re.compile(r"(?:^\W*|[,;]\s*(?:and\s+|but\s+|while\s+)?)(for|on|over)\s*$", re.I)


def _one_name_range(link: str, defined: dict | None = None) -> bool:
    """A sign or range of one name (``\\eta \\le 1/L``, ``0 < s < 1``), as the classifier reads an assumption."""
    from symgd.app.audit.classify import classify

    link = link.replace(">=", r"\ge ").replace("<=", r"\le ")  # links are written with >= and <=
    return classify(link, "", defined or {}).why == "sign or range of one name"  # not between defined names


def _introduced_by_the_display(r: LinkResult, keys: set[str], earlier: list[LinkResult]) -> str:
    """Names an earlier link of the same display introduces (left undecided because they first appear there, "the
    roots ... satisfy $$r_1 r_2 = b, \\quad r_1 + r_2 = s$$"): the display as a whole may define them, so its later
    links are not refuted by values of them either."""
    for x in earlier:
        m = re.match(r"a counterexample exists only if (.+?) (?:is|are) arbitrary, but it first appears in this formula",
                     x.method) if x.display == r.display and x.verdict == "undecided" else None
        hit = sorted(keys & {norm(n) for n in m.group(1).split(", ")}) if m else []
        if hit:
            return (f"a counterexample sets {', '.join(hit)}, which the link before it in this display introduces "
                    "(the display may define them)")
    return ""


def _named_by_the_chain(r: LinkResult, keys: set[str], display: list[LinkResult], earlier: list[LinkResult]) -> str:
    r"""Names a definition of the same display equates to another new name (``x^\star = y^\star = 1/2``: the chain
    gives both names the value, so ``y^\star = 1/2`` is no claim about a free ``y^\star``), or ''."""
    def star(n: str) -> str:  # y^\star as the counterexample's key y^{*} spells it
        return re.sub(r"\\(?:star|ast)(?![A-Za-z])", "*", norm(n))

    seen = {star(n) for x in earlier for n in names(x.link)}
    for x in display:
        if x.kind != "definition" or x.display != r.display or "=" not in x.link:
            continue
        rhs = x.link.split("=", 1)[1].strip()
        if _NAME.fullmatch(rhs) and (n := star(rhs)) in {star(k) for k in keys} and n not in seen:
            return (f"a counterexample exists only if {n} is arbitrary, but it first appears in this formula, which "
                    f"may define it (the chain {x.link} = ... gives both names one value)")
    return ""


def _with_exponents(latex: str) -> set[str]:
    """:func:`names`, and the names in exponents too (``r^k``: r and k)."""
    return names(latex) | {norm(m) for m in re.findall(r"\^\s*\{?\s*(\\?[A-Za-z]+)", latex) if m not in _CMD_NOT_NAMES}


def _reach(link: str, ctx, depth: int = 3) -> set[str]:
    """The names a link uses, with those of the definitions in force it uses, a few levels down (``c`` defined from
    ``\\alpha``, ``r`` and ``k``): a value the display's sentence gives one of them pins the others it gives too (one
    setting: "For $r = -1$ (that is, $\\eta = 2/a$) and $k$ odd"); a sentence whose values the link never reaches
    ("At the smallest eigenvalue $\\lambda = \\mu$ we have ... $$1 + \\beta = ...$$") pins nothing of it."""
    seen = _with_exponents(link)
    by_norm = {norm(k): v for k, v in ctx.defined.items()}
    frontier = set(seen)
    for _ in range(depth):
        new = set()
        for n in frontier:
            if (body := by_norm.get(n)) and "=" in body:
                new |= _with_exponents(body.split("=", 1)[1]) - seen
        seen |= new
        frontier = new
    return seen


def _pinned_before(head: str) -> set[str]:
    r"""Names an inline formula of a display's own sentence, before it, gives a value ("With the ridge parameter
    $\lambda = 2$ the matrix $A + \lambda I$ has eigenvalues $3$ and $6$, hence $$\kappa(A + \lambda I) = 2$$", "For
    $r = -1$ (that is, $\eta = 2/a$) ...") or a parity in words ("with $k$ odd"): the display is about that value,
    whether or not symgd carried it, so a counterexample that sets the name otherwise is not the document's."""
    out: set[str] = set()
    for m in _MATH.finditer(head):
        body = re.sub(r"^\$+|\$+$|^\\[(\[]|\\[)\]]$", "", m.group(0))
        sides = [s.strip() for s in re.split(r"(?<![<>!\\:])=", body)]
        if len(sides) > 1 and not re.search(r"[<>]|\\[lg]e", body):  # "(that is, $\eta = 2/a$)" pins eta too
            out |= {norm(s) for s in sides[:-1] if _NAME.fullmatch(s)}
    words = _MATH.sub(lambda m: f" {m.group(0)} ", head)
    for m in re.finditer(r"\$([^$]{1,20})\$\s+(?:is\s+|being\s+)?(?:odd|even)\b|\b(?:odd|even)\s+\$([^$]{1,20})\$", words):
        if _NAME.fullmatch((m.group(1) or m.group(2)).strip()):  # "with $k$ odd": a parity symgd does not read
            out.add(norm((m.group(1) or m.group(2)).strip()))
    return out


def _read_so_far(d, ctx) -> str:
    """The prose of the text up to the formula: the paragraphs read before (``ctx.prose``) and its own."""
    return "\n\n".join([*ctx.prose[-40:], d.before])


_EXPECTATION = re.compile(r"\\mathbb\s*\{?\s*[EP]\b|\\operatorname\*?\{(?:Var|Cov|E|Pr)\}|\\mathrm\{(?:Var|Cov|E|Pr)\}|"
                          r"\\(?:Var|Cov|Pr)\b|(?<![A-Za-z\\])(?:E|Var|Cov)\s*(?:_\{[^{}]*\}|_\w)?\s*(?:\\[Bb]ig+[lr]?|\\left)?\s*[\[(]")
_DISTRIBUTED = re.compile(r"(?P<names>[^$]{1,60}?)\\sim(?![a-z])")  # m_i \sim \mathrm{Bernoulli}(p), \xi, \zeta \sim N(0, 1)
_RANDOM_WORDS = re.compile(r"\brandom(?:\s+(?:variables?|vectors?|signs?|masks?|noise|draws?|samples?))?\s*\$([^$]{1,40})\$|"
                           r"\$([^$]{1,40})\$\s+(?:is|are)\s+(?:a\s+)?(?:random|drawn|sampled|i\.i\.d\.?)", re.I)


def _random_in_expectation(r: LinkResult, keys: set[str], before: str) -> str:
    r"""A counterexample that gives a random variable of the text a value of its own where the claim takes an
    expectation (or a variance) of it: "with independent masks $m_i \sim \mathrm{Bernoulli}(p)$ ...
    $$\mathbb{E}[m_i / p] = 1$$" was refuted at $m_i = -7$, the expectation read as that of a constant.  The names
    on the left of ``\sim`` in an inline formula before the claim, or that the prose calls random, are random."""
    if not _EXPECTATION.search(r.link):
        return ""
    rand: set[str] = set()
    for m in _MATH.finditer(before):
        body = m.group(0).strip("$")
        for dm in _DISTRIBUTED.finditer(body):
            rand |= {norm(n.strip()) for n in dm.group("names").split(",") if _NAME.fullmatch(n.strip())}
    for m in _RANDOM_WORDS.finditer(before):
        rand |= {norm(n.strip()) for n in (m.group(1) or m.group(2)).split(",") if _NAME.fullmatch(n.strip())}
    hit = sorted(k for k in keys if k in rand or re.sub(r"_\{?\w+\}?$", "", k) in rand)
    if hit:
        return (f"a counterexample gives {', '.join(hit)}, a random variable of the text, a value of its own inside an "
                "expectation (symgd read the expectation as that of a constant)")
    return ""


_STARRED = re.compile(r"(\\?[A-Za-z]+)(?:\^|_)\{?(?:\*|\\star|\\ast)\}?")
_SOLUTION_WORDS = re.compile(r"\b(?:minimi[sz]er|maximi[sz]er|minimum|maximum|optimum|optimal|optimi[sz]er|solution|"
                             r"saddle point|fixed point|stationary point|equilibrium)s?\b", re.I)


def _starred_solution(keys: set[str], before: str, ctx) -> str:
    r"""A counterexample that gives a starred point ($w^\star$, $x_*$) a value of its own where the text speaks of a
    minimizer, optimum, solution ... ("the minimizer satisfies $$\frac{\lambda}{2}\|w^\star\|^2 \le F(w^\star)$$,
    so $\|w^\star\|_2 \le \sqrt{2/\lambda}$" was refuted at $w^\star = 7$): the star names that point, which
    symgd did not solve for, so it is no free name.  A starred name the text defines is substituted before this."""
    held = {n for a in ctx.assume for n in names(re.sub(r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{([^{}]*)\}", r" \1 ", a))}  # "whose minimizer $x_\\star$ solves $A x_\\star = b$": respected
    hit = sorted(k for k in keys if _STARRED.fullmatch(k) and k not in {norm(x) for x in ctx.defined} and k not in held)
    if hit and (m := _SOLUTION_WORDS.search(_MATH.sub(" ", before))):
        return (f"a counterexample sets {', '.join(hit)}, the {m.group(0).lower()} the text names with a star, which "
                "symgd did not solve for: not a free point")
    return ""


_NUMBER = r"-?\s*(?:\d+(?:\.\d+)?|\\[td]?frac\{\d+\}\{\d+\}|\d+\s*/\s*\d+)"
_HEADING = re.compile(r"\n\s*#{1,6}\s|\\(?:sub)*section\*?\{|\\chapter\*?\{")


def _numbers_given(text: str) -> dict[str, str]:
    """Names the inline formulas of ``text`` give a number (``h = 3``, ``s = \\tfrac12``, ``G = R = 1``), the last
    value each; read formula by formula (a window that starts inside a formula pairs no dollars wrongly)."""
    out: dict[str, str] = {}
    for m in re.finditer(r"(?:\$|\\\()\s*((?:[^$=<>]{1,30}?=\s*)+)(" + _NUMBER + r")\s*(?:\$|\\\))", text):
        for x in m.group(1).split("=")[:-1]:
            if _NAME.fullmatch(x.strip()):
                out[norm(x.strip())] = re.sub(r"\s+", "", m.group(2))
    return out


def _since_full_stop(before: str) -> str:
    """The prose since the last full stop (a colon does not end it here: "With $s = 3$ instead, the trace changes
    sign: $\\operatorname{tr} M = -2$" is one statement)."""
    masked = _MATH.sub(lambda m: "x" * len(m.group(0)), before)
    cut = [m.end() for m in re.finditer(r"[.!?](?=\s|$)|\n\s*\n", masked)]
    return before[cut[-1]:] if cut else before


def _revalued(keys: set[str], head: str, ctx) -> str:
    r"""A refutation in a sentence that gives a name a new number ("With the larger step $h = 3$ instead, $s = 3$ and
    $\operatorname{tr} M = -7$" after "Take $h = 1$, so $s = 1$ and the matrix is $M = ...$"): what the section
    stated for the old value (an explicit matrix, a computed number) is stale, and the claim is about the new one.
    Not when the counterexample sets the name itself (another guard's case)."""
    now = _numbers_given(head)
    if not now:
        return ""
    seen: dict[str, set[str]] = {}
    for f in ctx.history[ctx.section_start:]:  # the section's formulas read so far, this sentence's included
        for n, v in _numbers_given(f"${f}$").items():
            seen.setdefault(n, set()).add(v)
    changed = sorted(n for n, v in now.items() if seen.get(n, set()) - {v} and n not in keys)
    if changed:
        n = changed[0]
        old = ", ".join(sorted(seen[n] - {now[n]}))
        return (f"its sentence gives {n} a new value ({now[n]}, after {old} earlier in the section): what the section "
                "stated for the old one may still be in force here")
    return ""


_UNIT = re.compile(r"\bunit(?:[- ]norm|[- ]length)?\s+(?:vectors?|directions?)\s+(?:\$([^$]{1,20})\$|\\\(([^$]{1,20}?)\\\)|"
                   r"([A-Za-z](?:_\{?\w{1,3}\}?)?)(?![\w$]))")


def _unit_in_words(keys: set[str], prose: str) -> str:
    r"""A counterexample that sets a vector the prose calls a unit vector ("some unit vector $u$ separates the data",
    plain text "unit vector u (‖u‖₂ = 1)"), whose norm symgd may not have read: not the document's."""
    unit = {norm((m.group(1) or m.group(2) or m.group(3)).strip()) for m in _UNIT.finditer(prose)}
    hit = sorted(keys & unit)
    return f"a counterexample sets {', '.join(hit)}, which the text calls a unit vector" if hit else ""


_WORDED_MATRIX = (r"(?:rows?|columns?|entries|entry|eigenvalues?|eigenvectors?|diagonal|singular values?|spectrum|"
                  r"trace|determinant|rank)")


def _matrix_in_words(r: LinkResult, keys: set[str], prose: str) -> str:
    r"""A counterexample that gives a matrix the text describes in words ("Take the matrix $B$ with rows $(2, 1)$ and
    $(1, 2)$", "$A$ has eigenvalues $1$ and $3$", "the diagonal of $D$ is ...") a value of its own: symgd did not read
    the description, so its matrix is another text's (``\|B\|_2 = 3`` was refuted at B = [[0, -2], [1/2, 0]])."""
    cex = r.counterexample or {}
    mats = {norm(str(k)) for k, v in cex.items() if str(v).lstrip().startswith("[[")} & names(r.link)
    words = _MATH.sub(lambda m: f" {m.group(0)} ", prose)
    hit = []
    for k in sorted(mats & keys):
        name = re.escape(k).replace(r"\{", r"\{?").replace(r"\}", r"\}?")
        if re.search(rf"\$\s*{name}\s*\$[^.;$]{{0,40}}\b{_WORDED_MATRIX}\b|\b{_WORDED_MATRIX}\s+(?:are\s+|is\s+)?(?:of|in)\s+"
                     rf"(?:the\s+matrix\s+)?\$\s*{name}\s*\$", words, re.I):
            hit.append(k)
    if hit:
        return f"a counterexample sets the matrix {', '.join(hit)}, which the text describes in words symgd did not read"
    return ""


_ROLE_NAME = re.compile(r"\b(?P<role>step(?:[- ]?size)?|learning rate|momentum|damping|decay(?: rate)?|regulari[sz]ation"
                        r"(?: (?:weight|strength|parameter))?|penalty(?: parameter)?|temperature|margin|radius|tolerance|"
                        r"threshold|batch size|horizon|dimension)\s+\$(?P<name>[^$]{1,20})\$", re.I)
_ROLE_BOUND = (r"\s+(?:is|be|are|stays|remains|must be|should be|was)?\s*(?:strictly\s+|chosen\s+|taken\s+|kept\s+)?"
               r"(?:smaller|less|larger|greater|bigger|at most|at least|below|above|bounded|under|over|no (?:more|less|"
               r"larger|smaller|greater|bigger))\b")


def _role_bounded_in_words(keys: set[str], prose: str) -> str:
    r"""A counterexample that sets a name the prose bounds in words through its role ("gradient descent with step
    $\\eta$ ... Assume the step is smaller than $1/L$"): symgd did not read the bound (``\\eta L < 1`` was refuted at
    $\\eta = 2/L$)."""
    words = _MATH.sub(lambda m: f" {m.group(0)} ", prose)
    roles = {m.group("role").lower(): norm(n) for m in _ROLE_NAME.finditer(words)  # "step $\\eta > 0$": eta
             if _NAME.fullmatch(n := re.split(r"\s*(?:[<>=,]|\\[lg]eq?(?![a-z])|\\in\b)", m.group("name"))[0].strip())}
    hit = sorted({name for role, name in roles.items() if name in keys and re.search(
        rf"\b(?:the|its|our|this)\s+{re.escape(role)}{_ROLE_BOUND}", words, re.I)})
    return f"a counterexample sets {', '.join(hit)}, which the text bounds in words through its role" if hit else ""


_EQUATION_HEAD = re.compile(r"\b(?:characteristic|quadratic|secular|cubic|indicial)\s+(?:polynomial|equation)\s*(?:is\s*|reads\s*)?$|"
                            r"\b(?:the|an?)\s+equation\s*$", re.I)
_EQUATION_TAIL = re.compile(r"^\s*,?\s*(?:has|have|with)\s+(?:the\s+|two\s+|its\s+|a\s+)?(?:roots?|solutions?|zeros?)\b|"
                            r"^\s*,?\s*(?:whose|with)\s+(?:roots?|solutions?|zeros?)\b", re.I)


def _named_equation(r: LinkResult, d) -> str:
    r"""An inline equation the prose names as one to solve ("The characteristic polynomial $\lambda^2 - \lambda + 1 =
    0$ has the roots ..."): a condition on its unknown, not an identity, so a counterexample that sets the unknown
    freely is not the document's."""
    if d.display or "=" not in r.link or re.search(r"<|>|\\[lg]e", r.link):
        return ""
    head, _ = _sentence(d.before, d.after)
    if _EQUATION_HEAD.search(_MATH.sub(" M ", head)) or _EQUATION_TAIL.match(_MATH.sub(" M ", d.after)):
        return "an equation the text names to solve (its roots or solutions), not an identity"
    return ""


def _condition_not_claim(d) -> str:
    r"""Why an inline relation is a condition its sentence or title states, never a claim: the condition that opens a
    case ("*Case $v > \lambda$.*", "\paragraph{Case 2: $w < 0$}"), a relation in a title (a heading, a bold run-in
    title "**When $\eta > 2/L$.**"), or one a clause opens with "For" ("For $\|g\| \le c$ nothing happens")."""
    if d.display:  # "the test accepts $t$ when $$f(x - tg) \le ...$$": the condition, not a claim
        m = _CONDITION_LEAD.search(_MATH.sub(" M ", _sentence(d.before, d.after)[0]))
        return f"a condition of its sentence ('{m.group(1)}' leads into it), not a claim" if m else ""
    if case_condition(d.before):
        return "a condition of its sentence (the case it opens, 'Case ...'), not a claim"
    line = _MATH.sub(" M ", d.before.rsplit("\n", 1)[-1])
    if _TITLE.match(line) or line.count("**") % 2 or line.count("__") % 2:
        return "a condition of its sentence (it stands in a title), not a claim"
    head, tail = _sentence(d.before, d.after)
    rest = _MATH.sub(" M ", tail)
    if (m := _FOR_CLAUSE.search(_MATH.sub(" M ", head))) and re.match(r"\s*,?\s*(?:M\s*,?\s*)*[A-Za-z]", rest):
        return f"a condition of its sentence ('{m.group(1)} ...' opens its clause), not a claim"
    return ""


def untrusted(r: LinkResult, d, ctx, earlier: list[LinkResult], display: list[LinkResult] | None = None) -> str:
    """Why the counterexample of the refuted link ``r`` is not one of the document's, or ''."""
    keys = {norm(str(k)) for k in (r.counterexample or {})}
    if not names(r.link):  # numbers only (2 \cdot 9 / (2 \cdot 10^{-3}) = 900): false whatever the names around it
        return ""
    if why := _not_definite(r.counterexample, ctx):  # A = [[0, 1], [1, 0]] where the text says A is positive definite
        return why
    if why := _condition_not_claim(d):  # "*Case $\|g\| \le c$.*", "For $\|g\| \le c$ nothing happens"
        return why
    if why := _revalued(keys, _since_full_stop(d.before), ctx):  # "$h = 3$ instead, $s = 3$ and $\operatorname{tr} M = -7$"
        return why
    if why := _random_in_expectation(r, keys, _read_so_far(d, ctx)):  # E[m_i / p] = 1 with m_i ~ Bernoulli(p) set to -7
        return why
    if why := _introduced_by_the_display(r, keys, earlier):  # "their product and sum are $$r_1 r_2 = b, r_1 + r_2 = s$$"
        return why
    if d.display and derived_range(d.before) and _one_name_range(r.link, ctx.defined):  # "so $$\eta \le 1/L$$"
        return ("a sign or range of one name its sentence derives ('so', 'we have'): the text may fix the name in "
                "words symgd did not read")
    head, tail = _sentence(d.before, d.after)
    since = ctx.heading_before(r.line)
    if not d.display and (c := _CONSTRAINT.search(_MATH.sub(" M ", head))):  # minimize ... on the line $x_1 + x_2 = 2$
        return f"a constraint of the problem its sentence states ('{c.group(0).split()[0]} ...'), not a claim"
    if d.display and (c := re.search(r"\\(?:text|mathrm|operatorname)\{\s*(subject to|s\.\s?t\.)\s*\}", d.latex)):
        if r.link.split("=")[0].strip() and r.link.replace(" ", "")[:12] in d.latex[c.end():].replace(" ", ""):
            return f"a constraint of the problem the display states ('{c.group(1)}'), not a claim"
    if not d.display and _one_name_range(r.link, ctx.defined) and (w := _SETUP.search(_MATH.sub(" M ", head))):
        return f"stated, not claimed: a sign or range of one name in a sentence that sets things up ('{w.group(0)}')"
    if not d.display and (word := _sets_up(head)):
        if _LOCAL.fullmatch(word):
            return f"a condition of its sentence ('{word}'), not a claim"
        return f"stated, not claimed: its sentence sets it up ('{word}')"
    cond = _CONDITION_AFTER.match(d.after)
    ended = re.search(r"\.\s*(?:\\quad)?\s*$", d.latex) or (cond and cond.group(0).lstrip(" ,\n")[:1].isupper())
    if cond and _REL.search(cond.group(1)) and not ended:  # "$$..$$ on $|x| < 1$"; not "$$..= 1.$$ For $k = 1$ ..."
        return f"the text states it under the condition ${cond.group(1).strip()}$ written after it"
    used = names(r.link)
    if not d.display:
        others = [m.group(0).strip("$") for m in _MATH.finditer(head + " " + tail)]
        pinned = {norm(side) for f in others if "=" in f for side in re.split(r"(?<![<>!\\:])=", f)
                  if _NAME.fullmatch(side.strip())}  # K in "For $K = 100$", G and R in "take $G = R = 1$"
        hit = sorted(keys & pinned)
        if hit:
            return f"a counterexample sets {', '.join(hit)}, which its sentence gives a value or a definition"
        if why := described_in_words(r.link, keys, head, tail, d.display, ctx.declarations(), norm):
            return why  # "For the uniform distribution $x$ ...", "With the choice of 0.9 for the decay ..."
    elif (pinned := _pinned_before(head)) & _reach(r.link, ctx) and (hit := sorted(keys & pinned)):  # "With $\lambda = 2$ the matrix ... has eigenvalues 3, 6, hence $$"
        return f"a counterexample sets {', '.join(hit)}, which the sentence leading to the display gives a value"
    if d.display and (why := described_subject(r.link, keys, head, is_name, norm)):  # "the accepted step satisfies"
        return why
    if why := under_a_case(d.before, keys, names, norm, tuple(ctx.assume)):  # "*Case $\|g\| > c$.* Then ... $\|\tilde g\|^2 = c^2$"
        return why
    if why := _named_by_the_chain(r, keys, display or [], [x for x in earlier if x.display != r.display]):
        return why  # x^\star = y^\star = 1/2: y^\star = 1/2 gives the new name its value
    valued = sorted(k for k in keys if (m := re.match(r"(?:\\nabla(?:\^\{?2\}?)?\s*)?(\\?[A-Za-z]+(?:_\{?\w+\}?)?)\(", k))
                    and (m.group(1) in ctx.fdefs or norm(m.group(1)) + "(" in ctx.opaque
                         or any(norm(d).startswith(norm(m.group(1)) + "(") for d in ctx.defined)))
    if valued:  # \nabla g(x_0) free although "Take $g(x) = ...$" defines g
        shown = valued[0].replace("\\nabla", "\\nabla ")
        return f"a counterexample gives {shown} a value of its own, but the text defines the function"
    optimal = sorted(k for k in keys if (m := re.fullmatch(r"(\\?[A-Za-z]+)(?:\^|_)(?:\*|\\star|\\ast)", k))
                     and m.group(1) in ctx.fdefs)
    if optimal:  # f^* beside a defined f: its minimum, never a free number
        return f"a counterexample sets {optimal[0]}, the optimal value of a function the text defines"
    if why := _named_equation(r, d):  # "The characteristic polynomial $\lambda^2 - \lambda + 1 = 0$ has the roots"
        return why
    if why := _role_bounded_in_words(keys, _read_so_far(d, ctx)):  # "Assume the step is smaller than $1/L$"
        return why
    if why := _matrix_in_words(r, keys, _read_so_far(d, ctx)):  # "Take the matrix $B$ with rows $(2, 1)$ and $(1, 2)$"
        return why
    if why := _unit_in_words(keys, _read_so_far(d, ctx)):  # "some unit vector u (‖u‖₂ = 1) separates the data"
        return why
    if why := _starred_solution(keys, _read_so_far(d, ctx), ctx):  # "the minimizer satisfies ... so $\|w^\star\| \le \sqrt{2/\lambda}$"
        return why
    if why := explicit_entries_of_free_matrix(r.link, r.counterexample or {}):  # A^T A = [[2, 1], [1, 1]], A in words
        return why
    pins = {k for k, line in ctx.section_values.items() if line >= since} | {norm(k) for k in (*ctx.local,
                                                                                                 *ctx.example_pins)}
    hit = sorted(keys & pins)
    if hit:  # "With $a = 4$, $\lambda = 1$ ..." a paragraph up: the inline "$1 - \eta(a + \lambda) = 1/2$" is about them
        return f"a counterexample sets {', '.join(hit)}, which the section gives a value"
    lhs = r.link.split("=")[0].strip() if "=" in r.link else ""
    family = re.fullmatch(r"(.+?)_\{?[a-z]\s*\+\s*1\}?", lhs)
    rules = [(x.line, norm(x.link.split("=")[0])) for x in earlier if x.kind == "definition" and "=" in x.link]
    derived = re.search(r"\b(?:get|gets|gives?|becomes?|reads?|simplif\w*|plugg\w*|substitut\w*|yields?|obtain\w*|hence|"
                        r"so|therefore|thus|equivalently|rewrit\w*|in terms of|same)\b", d.before[-200:], re.I)
    if d.display and family and not derived and not any(  # the section's first rule for the family, an earlier section's in force
            line >= since and key.startswith(norm(family.group(1)) + "_") for line, key in rules) and any(
            line < since and key.startswith(norm(family.group(1)) + "_") for line, key in rules):
        return f"the section's own update rule for {lhs} (no earlier rule of this section defines it), not a claim"
    known = (*ctx.defined, *ctx.opaque, *ctx.example_pins)  # the names the text gives a definition or a value
    families = {norm(k).rstrip("(") for k in known if not _constant_family(norm(k), ctx.defined.get(k, ""))}
    for k in sorted(keys):
        if fam := _member_of_family(k, families):
            return f"a counterexample sets {k}, a member of {fam}, which the text defines"
    worded = sorted(k for k in keys if k in ctx.worded)
    if worded:  # "let $\rho$ be any number at least $\|y_0 - p\|$": a constraint symgd did not read
        line, words = ctx.worded[worded[0]]
        return (f"a counterexample sets {', '.join(worded)}, which the text constrains in words at line {line} "
                f"('{words}'), not read")
    if tied := _tied_by_the_recursion(keys, ctx):  # e_k = e_0^{2^k} with x_k and x_0 set apart
        return tied
    if tied := _tied_by_a_power(keys, ctx):  # b_{k+1}^2 = b_k^2 + g_k^2 ties b_{k+1} to b_k
        return tied
    if d.display and (c := _CONDITION_BEFORE.search(_MATH.sub(lambda m: m.group(0).replace(".", " "), head))):
        conditioned = {n for n in names(c.group(2)) if re.search(r"_[a-z]$", n)} if _REL.search(c.group(2)) else set()
        hit = sorted(u for u in used if _member_of_family(u, conditioned) or u in conditioned)
        if hit:
            return f"the sentence before states it {c.group(1).lower()} ${c.group(2).strip()}$, which bounds {hit[0]}"
    unread = _unread_names(earlier, since, {norm(k) for k in known})
    hit = sorted(k for k in keys if k in unread or re.sub(r"_\d+$", "", k) in unread)  # y_1 of y \in C too
    if hit:
        line = unread.get(hit[0], unread.get(re.sub(r"_\d+$", "", hit[0])))
        return (f"a counterexample sets {', '.join(hit)}, which the text constrains in a formula symgd did not read "
                f"or carry (line {line})")
    pieces = {f for f, line in ctx.piecewise.items() if line >= since}
    fn = sorted(f for f in pieces if re.search(re.escape(f) + r"(?:_\{?[^({]*?\}?)?\s*'*\s*(?:\\left)?\(", r.link))
    if fn:
        return f"the section defines {fn[0]} piecewise, in words"
    return ""


_CONSISTENT: dict[tuple, str] = {}  # the assumptions in force (and declarations) -> why they contradict, or ''


def contradictory(ctx, timeout: float = 1.0) -> str:
    """Why the assumptions in force contradict each other, or '': a proof under them proves nothing.  The parser
    finds an assumption that is false by itself; z3 (nonlinear real arithmetic, under ``timeout``) finds those that
    exclude each other ("$\\eta \\le 1/L$" and "$\\eta > 2/L$" with $L > 0$).  An assumption outside real arithmetic
    is left out, which only weakens the set: a contradiction found is one."""
    key = (tuple(ctx.assume), tuple(ctx.vectors), tuple(ctx.matrices))
    if key in _CONSISTENT:
        return _CONSISTENT[key]
    from symgd.core.claims import Claim, Rel
    from symgd.core.errors import BadInput
    from symgd.latex.problem import parse_problem

    why = ""
    try:
        p = parse_problem("0 \\le 1", declarations=ctx.declarations(), allow_unused=True)
    except BadInput as exc:
        why = f"the assumptions in force are contradictory ({exc})" if "assumption is false" in str(exc) else ""
    except Exception:  # an unexpected parser failure: nothing is known
        why = ""
    else:
        if p.context.hypotheses:
            try:
                import sympy as sp
                import z3

                from symgd.decide.nra import Refused, _solver, translate

                tr, _, kept = translate(Claim(sp.Integer(0), Rel.LE, sp.Integer(1)), p.context)
                solver = _solver(z3, timeout)
                solver.add(*tr.premises)
                if kept and solver.check() == z3.unsat:
                    why = ("the assumptions in force contradict each other (z3: no real values satisfy "
                           f"{', '.join(str(h) for h in kept)})")
            except (Refused, Exception):  # outside real arithmetic: not decided
                why = ""
    _CONSISTENT[key] = why
    return why


# Proof methods that use no assumption (an identity of the sides as written, definitions substituted): they stand
# whatever the assumptions in force ("(4 + 1 - 1)/2 = 2" where x^1 = 2 and x^2 = 2, iterates read as powers, clash).
_NO_ASSUMPTIONS = frozenset({"identical", "expand", "cancel", "evaluate (doit)", "simplify", "entrywise identical",
                             "matrix algebra"})


def settle(new: list[LinkResult], d, ctx, earlier: list[LinkResult]) -> list[LinkResult]:
    """The display's results with each untrusted refutation made undecided (the reason first, then the method);
    an inline relation its sentence only sets up is left unchecked and its names are constrained from then on."""
    _record_pieces(new, d, ctx)
    _record_values(new, d, ctx)
    _record_worded(d, ctx)
    _record_definite(d, ctx)
    out = []
    for r in new:
        why = untrusted(r, d, ctx, [*earlier, *out], new) if r.verdict == "refuted" and r.kind == "claim" else ""
        if why:
            r = replace(r, verdict="undecided", method=f"{why}; the counterexample found ({r.method}) may not be "
                                                       "the document's")
            if why.startswith(("stated, not claimed", "a condition of its sentence")):
                r = replace(r, method=why, counterexample={}, detail="")
        if r.verdict == "proved" and r.kind == "claim" and r.method not in _NO_ASSUMPTIONS and (bad := contradictory(ctx)):
            r = replace(r, verdict="undecided", method=f"{bad}: a proof under them proves nothing ({r.method})")
        out.append(r)
    return out
