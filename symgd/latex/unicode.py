"""Unicode math, as text pasted from PDFs and web pages writes it (``‖x‖²``, ``⟨x, y⟩``, ``√(ab)``, ``β₂``,
``x⁻¹``, ``∑ᵢ₌₁ⁿ``), rewritten into the LaTeX spelling before tokenizing, so that every route (claims,
assumptions, declared names, the audit) reads it exactly as the LaTeX it stands for.

Each character of the LaTeX text remembers the position of the character it came from, so that error
messages point into the text the user wrote.  Rules:

- one character, one LaTeX token (tables below): ``η`` is ``\\eta``, ``≤`` is ``\\le``, ``−`` is ``-``;
- a run of superscript (subscript) characters is one group: ``x⁻¹`` is ``x^{-1}``, ``xₜ₊₁`` is ``x_{t+1}``;
- ``√`` takes the bracketed group or the one atom (a number, a letter with its subscripts) that follows:
  ``√(ab)``, ``√2``, ``√η``, ``√x₁``; ``√ab``, ``√2x``, ``√x²`` are refused (root of what?);
- mathematical alphanumerics: italic letters are letters, bold ones ``\\mathbf``/``\\boldsymbol``,
  double-struck ``\\mathbb``, script ``\\mathcal``; combining accents (``x̂``, ``θ̄``) are ``\\hat``/``\\bar``;
- ``x⊤`` is ``x^\\top`` (a superscript that text extraction did not raise), and a star written onto a name and
  ending it, ``x⋆`` (``f∗``), is ``x^\\star`` (``f^*``);
- anything else that is not ASCII, or that has two readings (``∗``, ``–``), is refused with a suggestion.
"""

from __future__ import annotations

import re
import unicodedata

from symgd.core.errors import BadInput

__all__ = ["SUBSCRIPTS", "SUPERSCRIPTS", "SYMBOLS", "latex_text", "to_latex"]

_GREEK_LETTERS = dict(zip("αβγδεζηθικλμνξοπρςστυφχψωϑϕϵϱϖϰΓΔΘΛΞΠΣΥΦΨΩ", (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho varsigma sigma tau "
    "upsilon phi chi psi omega vartheta varphi varepsilon varrho varpi varkappa Gamma Delta Theta Lambda Xi Pi "
    "Sigma Upsilon Phi Psi Omega").split(), strict=True))

# One character, one LaTeX spelling.  A command is followed by a space so that ``ηL`` stays \eta L.
SYMBOLS: dict[str, str] = {k: f"\\{v} " for k, v in _GREEK_LETTERS.items()}
SYMBOLS.update({
    "µ": "\\mu ",  # the micro sign, as many PDFs encode mu
    "ℓ": "\\ell ", "ℎ": "h",
    "−": "-", "∓": "\\mp ", "±": "\\pm ", "×": "\\times ", "·": "\\cdot ", "⋅": "\\cdot ", "∙": "\\cdot ",
    "÷": "/", "⁄": "/", "∕": "/", "∣": "|", "‖": "\\|", "∥": "\\|",
    "⟨": "\\langle ", "〈": "\\langle ", "⟩": "\\rangle ", "〉": "\\rangle ",
    "≤": "\\le ", "⩽": "\\le ", "≦": "\\le ", "≥": "\\ge ", "⩾": "\\ge ", "≧": "\\ge ", "≠": "\\ne ",
    "≈": "\\approx ", "∼": "\\sim ", "∝": "\\propto ", "≡": "\\equiv ", "≪": "\\ll ", "≫": "\\gg ", "≔": ":=",
    "→": "\\to ", "⇒": "\\Rightarrow ", "⟹": "\\implies ", "⇔": "\\iff ", "⟺": "\\iff ",
    "∈": "\\in ", "≺": "\\prec ", "≻": "\\succ ", "⪯": "\\preceq ", "⪰": "\\succeq ", "≼": "\\preceq ",
    "≽": "\\succeq ", "⊥": "\\perp ",
    "∇": "\\nabla ", "∂": "\\partial ", "∑": "\\sum ", "∏": "\\prod ", "∫": "\\int ", "∞": "\\infty ",
    "ℝ": "\\mathbb{R}", "ℕ": "\\mathbb{N}", "ℤ": "\\mathbb{Z}", "𝔼": "\\mathbb{E}", "⊤": "\\top ",
    "′": "'", "″": "''", "‴": "'''", "…": "\\ldots ", "⋯": "\\cdots ",
    "½": "\\frac{1}{2}", "⅓": "\\frac{1}{3}", "⅔": "\\frac{2}{3}", "¼": "\\frac{1}{4}", "¾": "\\frac{3}{4}",
    "⅕": "\\frac{1}{5}", "⅙": "\\frac{1}{6}", "⅛": "\\frac{1}{8}",
    # spaces of every width (PDF text is full of them); invisible times and function application are spaces
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u2061\u2062",
                    " "),
    "\u200b": "", "\ufeff": "",
    # end-of-proof marks (a proof's last line: "= ln(b_T²/b₀²).  ∎"): \qed, which the tokenizer drops at the end of
    # a formula and refuses anywhere else (symgd.latex.tokens)
    **dict.fromkeys("∎□■◻◼☐", "\\qed "),
})
SUPERSCRIPTS: dict[str, str] = {
    **dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True)), "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")",
    **dict(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷʸᶻᵀ", "abcdefghijklmnoprstuvwyzT", strict=True)),
    "ᵝ": "\\beta ", "ᵞ": "\\gamma ", "ᵟ": "\\delta ", "ᶿ": "\\theta ", "ᵠ": "\\phi ", "ᵡ": "\\chi ",
}
SUBSCRIPTS: dict[str, str] = {
    **dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True)), "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")",
    **dict(zip("ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "aehijklmnoprstuvx", strict=True)),
    "ᵦ": "\\beta ", "ᵧ": "\\gamma ", "ᵨ": "\\rho ", "ᵩ": "\\phi ", "ᵪ": "\\chi ",
}
_ACCENTS = {"\u0302": "hat", "\u0303": "tilde", "\u0304": "bar", "\u0305": "bar", "\u0307": "dot",
            "\u0308": "ddot", "\u20d7": "vec", "\u0306": "breve", "\u030c": "check"}
_REFUSED = {
    "∗": "'∗' is a star (x^*) or a product: write x^* or \\cdot",
    "⋆": "'⋆' is a star (x^\\star) or a product: write x^\\star or \\cdot",
    "–": "'–' (a dash) is not a minus sign: write - or −",
    "—": "'—' (a dash) is not a minus sign: write - or −",
    "‐": "'‐' (a hyphen) is not a minus sign: write - or −",
    "ˣ": "a superscript 'ˣ' (x or ×?): write ^{x} or \\times",
}
_STARS = {"⋆": "^{\\star}", "∗": "^{*}"}
_STAR_ENDS = "=<>≤≥≠≈≡≺≻⪯⪰∈+-−±,;.:)]}⟩^_'"  # what may follow a star that ends a name (after spaces)
_STAR_ENDS_COMMAND = r"\\(?:le|leq|ge|geq|ne|neq|lt|gt|approx|equiv|preceq|succeq|in|pm|cdot|right|quad|qquad)(?![a-zA-Z])"
_ROOTS = {"√": "", "∛": "[3]", "∜": "[4]"}
_OPEN, _CLOSE = "([{", ")]}"


def to_latex(text: str) -> tuple[str, list[int]]:
    """The LaTeX spelling of ``text`` and, for each of its characters, the position in ``text`` it comes
    from.  ASCII text is returned as it is."""
    if text.isascii():
        return text, list(range(len(text)))
    w = _Writer(text)
    w.run(0, len(text))
    out, where = [], []
    for piece, pos in w.pieces:
        out.append(piece)
        where.extend([pos] * len(piece))
    return "".join(out), where


def latex_text(text: str) -> str:
    """The LaTeX spelling of ``text`` alone (for assumptions matched by pattern before tokenizing)."""
    return to_latex(text)[0] if isinstance(text, str) else text


class _Writer:
    """Writes the LaTeX pieces of ``text[lo:hi]``; ``last`` is the index of the piece the last atom starts at
    (a combining accent wraps it)."""

    def __init__(self, text: str):
        self.text = text
        self.pieces: list[tuple[str, int]] = []
        self.last: int | None = None

    def emit(self, piece: str, pos: int, atom: bool = False) -> None:
        if atom:
            self.last = len(self.pieces)
        elif piece.strip():
            self.last = None
        self.pieces.append((piece, pos))

    def run(self, lo: int, hi: int) -> None:
        i = lo
        while i < hi:
            i = self.one(i, hi)

    def one(self, i: int, hi: int) -> int:
        """Write what starts at ``i``; the index after it."""
        c = self.text[i]
        if c.isascii():
            if c == "\\":  # a LaTeX command in mixed input: copied whole
                j = i + 1
                while j < hi and self.text[j].isascii() and self.text[j].isalpha():
                    j += 1
                j = max(j, min(i + 2, hi))
                self.emit(self.text[i:j], i, atom=True)
                return j
            if c == "E" and i + 1 < hi and self.text[i + 1] in "‖∥⟨〈" and not (i > 0 and (
                    self.text[i - 1].isalnum() or self.text[i - 1] in "\\_^")):  # E‖g‖², E⟨g, x⟩: plain text's
                self.emit("\\mathbb{E}", i, atom=True)  # expectation of the norm or inner product written after it
                return i + 1
            self.emit(c, i, atom=c.isalpha())
            return i + 1
        if c in SUPERSCRIPTS or c in SUBSCRIPTS:
            table, mark = (SUPERSCRIPTS, "^") if c in SUPERSCRIPTS else (SUBSCRIPTS, "_")
            j = i
            while j < hi and (self.text[j] in table or (self.text[j] == "," and j + 1 < hi and self.text[j + 1] in table
                                                         and j > i)):  # z₁,₂ is z_{1,2}
                j += 1
            self.emit(mark + "{", i)
            for k in range(i, j):
                self.emit(table.get(self.text[k], ","), k)
            self.emit("}", j - 1)
            self.last = None
            return j
        if c in _ROOTS:
            return self.root(i, hi)
        if c in _ACCENTS:
            self.accent(_ACCENTS[c], i)
            return i + 1
        if c == "⊤" and not self._after_caret():  # x⊤ (a PDF's x^\top, raised no more): the transpose
            self.emit("^{\\top}", i)
            return i + 1
        if c in SYMBOLS:
            self.emit(SYMBOLS[c], i, atom=c in _GREEK_LETTERS or c in "µℓℎ")
            return i + 1
        if "\uff01" <= c <= "\uff5e":  # fullwidth forms (（x＋1）): their ASCII characters
            self.emit(chr(ord(c) - 0xFEE0), i, atom=chr(ord(c) - 0xFEE0).isalpha())
            return i + 1
        if c in _STARS and self._star_mark(i, hi):  # x⋆, f⋆: the star of the name it is written onto
            self.emit(_STARS[c], i)
            return i + 1
        if c in _REFUSED:
            raise BadInput(_REFUSED[c], i)
        decomposed = unicodedata.normalize("NFD", c)
        if len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha() and all(
                d in _ACCENTS for d in decomposed[1:]):  # ŷ, ā: a letter with accents
            self.emit(decomposed[0], i, atom=True)
            for d in decomposed[1:]:
                self.accent(_ACCENTS[d], i)
            return i + 1
        if (latex := _math_alphanumeric(c)) is not None:
            self.emit(latex, i, atom=True)
            return i + 1
        name = unicodedata.name(c, "")
        raise BadInput(f"unexpected character {c!r}{f' ({name.lower()})' if name else ''}: write it in LaTeX", i)

    def _star_mark(self, i: int, hi: int) -> bool:
        """A star written onto a name and ending it (``x⋆‖``, ``f⋆]``, ``xₖ⋆ ``): a superscript, not a product
        (``a ⋆ b``, ``a⋆b``, ``2⋆x`` stay refused)."""
        before = self.text[i - 1] if i > 0 else " "
        after = self.text[i + 1] if i + 1 < hi else " "
        onto = (before.isalpha() and not self._after_caret()) or before in SUBSCRIPTS
        if not onto or after.isalnum() or after in _GREEK_LETTERS or after in _OPEN or after in _STARS:
            return False
        j = i + 1
        while j < hi and self.text[j].isspace():
            j += 1
        if j == hi or (j == i + 1 and after != "\\"):  # the end, or a bracket or relation written onto the star
            return True
        if self.text[j] == "\\":  # a relation or operator command after it (x⋆ \le y), not an operand (a⋆ \alpha)
            return re.match(_STAR_ENDS_COMMAND, self.text[j:hi]) is not None
        return self.text[j] in _STAR_ENDS  # a spaced star before an operand (a∗ b) may be a product: refused

    def _after_caret(self) -> bool:
        written = "".join(p for p, _ in self.pieces[-3:]).rstrip()
        return written.endswith("^") or written.endswith("^{")

    def accent(self, kind: str, pos: int) -> None:
        if self.last is None:
            raise BadInput(f"a combining accent ({kind}) that follows no letter", pos)
        atom = self.pieces[self.last:]
        del self.pieces[self.last:]
        start = len(self.pieces)
        self.pieces.append((f"\\{kind}{{", pos))
        self.pieces.extend(atom)
        self.pieces.append(("} ", pos))
        self.last = start

    def root(self, i: int, hi: int) -> int:
        """``√(a + b)``, ``√{ab}``, ``√2``, ``√η``, ``√x₁``: the root of the group or atom that follows."""
        c = self.text[i]
        j = i + 1
        while j < hi and self.text[j] in " \u00a0\u2009\u202f":
            j += 1
        if j >= hi:
            raise BadInput(f"{c} of nothing", i)
        d = self.text[j]
        if d in _OPEN:
            end = self._closing(j, hi)
            inner = (j + 1, end) if d == "{" else (j, end + 1)
            after = end + 1
        else:
            end = self._atom_end(j, hi)
            if end == j:
                raise BadInput(f"{c} must be followed by a group or one atom: write {c}(...)", i)
            inner, after = (j, end), end
        if after < hi and (self._continues(after) or self.text[after] in SUPERSCRIPTS or self.text[after] in "^_"):
            written = self.text[i : after + 1]
            raise BadInput(f"'{written}' is ambiguous (the root of what?): write {c}(...) around all it covers, "
                           f"or \\cdot after the root", i)
        self.emit(f"\\sqrt{_ROOTS[c]}{{", i)
        self.last = None
        self.run(*inner)
        self.emit("}", after - 1)
        self.last = None
        return after

    def _closing(self, j: int, hi: int) -> int:
        depth = 0
        for k in range(j, hi):
            depth += (self.text[k] in _OPEN) - (self.text[k] in _CLOSE)
            if depth == 0:
                return k
        raise BadInput(f"'{self.text[j]}' is not closed", j)

    def _atom_end(self, j: int, hi: int) -> int:
        """The end of the number, letter (with its subscript characters) or command at ``j``."""
        t = self.text
        if t[j].isascii() and t[j].isdigit():
            k = j
            while k < hi and (t[k].isdigit() or (t[k] == "." and k + 1 < hi and t[k + 1].isdigit())):
                k += 1
            return k
        if t[j] == "\\":
            k = j + 1
            while k < hi and t[k].isascii() and t[k].isalpha():
                k += 1
            return k if k > j + 1 else j
        if not self._letter(j):
            return j
        k = j + 1
        while k < hi and (t[k] in SUBSCRIPTS or t[k] in _ACCENTS):
            k += 1
        return k

    def _letter(self, k: int) -> bool:
        c = self.text[k]
        return (c.isascii() and c.isalpha()) or c in _GREEK_LETTERS or c in "µℓ" or _math_alphanumeric(c) is not None

    def _continues(self, k: int) -> bool:
        """Does the character at ``k`` extend a product (a letter, digit, bracket, root or command)?"""
        c = self.text[k]
        return self._letter(k) or (c.isascii() and c.isdigit()) or c in _OPEN or c in _ROOTS or c == "\\"


def _math_alphanumeric(c: str) -> str | None:
    """``𝑥`` is x, ``𝐱`` \\mathbf{x}, ``𝜽`` \\boldsymbol{\\theta}, ``𝔼`` \\mathbb{E}, ``𝓛`` \\mathcal{L}; None for
    other characters (and for styles that have no reading: fraktur, monospace, sans-serif)."""
    name = unicodedata.name(c, "")
    if not name.startswith("MATHEMATICAL "):
        return None
    words = name.split()[1:]
    if "DIGIT" in words:
        return str(unicodedata.digit(c))
    style = set(words[:-2]) if words[-2] in ("SMALL", "CAPITAL") else set(words[:-1])
    letter = words[-1]
    if letter == "SYMBOL":  # MATHEMATICAL ITALIC THETA SYMBOL
        letter, style = "VAR" + words[-2], set(words[:-2])
    if words[-2] in ("SMALL", "CAPITAL") and len(letter) == 1:
        base = letter.lower() if words[-2] == "SMALL" else letter
    else:
        greek = {"ALPHA": "alpha", "BETA": "beta", "GAMMA": "gamma", "DELTA": "delta", "EPSILON": "epsilon",
                 "ZETA": "zeta", "ETA": "eta", "THETA": "theta", "IOTA": "iota", "KAPPA": "kappa",
                 "LAMDA": "lambda", "MU": "mu", "NU": "nu", "XI": "xi", "PI": "pi", "RHO": "rho", "SIGMA": "sigma",
                 "TAU": "tau", "UPSILON": "upsilon", "PHI": "phi", "CHI": "chi", "PSI": "psi", "OMEGA": "omega",
                 "VARTHETA": "vartheta", "VAREPSILON": "varepsilon", "VARPHI": "varphi", "VARRHO": "varrho",
                 "VARPI": "varpi", "VARKAPPA": "varkappa", "NABLA": "nabla", "PARTIAL": "partial"}
        if letter not in greek:
            return None
        base = greek[letter]
        if words[-2] == "CAPITAL":
            base = base.capitalize()
            if "\\" + base not in ("\\Gamma", "\\Delta", "\\Theta", "\\Lambda", "\\Xi", "\\Pi", "\\Sigma",
                                   "\\Upsilon", "\\Phi", "\\Psi", "\\Omega"):
                return None  # a capital that looks like a Latin letter (Eta, Mu): which one?
        base = "\\" + base + " "
        if letter in ("NABLA", "PARTIAL"):
            return base
    style -= {"ITALIC"}
    if not style:
        return base
    if style <= {"BOLD"}:
        return f"\\mathbf{{{base.strip()}}}" if not base.startswith("\\") else f"\\boldsymbol{{{base.strip()}}}"
    if style == {"DOUBLE-STRUCK"} and len(base) == 1:
        return f"\\mathbb{{{base}}}"
    if style <= {"SCRIPT", "BOLD"} and len(base) == 1 and base.isupper():
        return f"\\mathcal{{{base}}}"
    return None
