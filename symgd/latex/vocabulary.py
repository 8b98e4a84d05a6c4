"""The vocabulary of the notation: Greek letters, known functions, relation symbols, spacing, fonts,
accents and the symbolic size of declared vectors.  Tables only; the parser and the tokenizer read them."""

from __future__ import annotations

import sympy as sp

__all__ = [
           "ACCENTS",
           "DEFAULT_FUNCTIONS",
           "DIM",
           "FONT",
           "FUNCS",
           "GREEK",
           "NAME_SUPERSCRIPTS",
           "PROSE_WORDS",
           "RELATIONS",
           "SPACING",
           "TEXT_COMMANDS",
           "TRANSPOSE",
           "WORD_COMMANDS",
]

DIM = sp.Symbol("n", integer=True, positive=True)  # the symbolic size of declared vectors
# Greek letters are symbols (never Euler's gamma, never lower-cased); \pi is the constant.
GREEK = set(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda mu nu xi omicron "
    "varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split()
)
# Unicode math (η, ‖x‖², √(ab)) is rewritten into this vocabulary by symgd.latex.unicode.
RELATIONS = {"=": "=", "<": "<", ">": ">", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=",
             "\\geq": ">=", "\\geqslant": ">=", "\\lt": "<", "\\gt": ">", "\\in": "in"}
SPACING = {",", ";", "!", ":", " ", "quad", "qquad", "displaystyle", "textstyle", "nonumber", "notag", "left",
           "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
           "Biggr", "middle", "limits"}
FONT = {"mathrm", "mathbf", "mathit", "boldsymbol", "bm", "mathsf", "text", "textrm", "operatorname", "mathnormal"}
ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde", "widetilde": "tilde",
           "vec": "vec", "dot": "dot", "ddot": "ddot", "check": "check", "breve": "breve"}
FUNCS = {"exp": sp.exp, "ln": sp.log, "log": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan,
         "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh}
DEFAULT_FUNCTIONS = frozenset({"f", "F", "ell", "phi", "psi", "varphi"})
TRANSPOSE = {"T", "top", "intercal", "mathsf{T}", "mathrm{T}", "tran"}
NAME_SUPERSCRIPTS = {"*": "*", "+": "+", "\\star": "*", "\\ast": "*", "\\prime": "'", "\\dagger": "\\dagger"}
_MAX_POW_BITS = 4096  # numeric powers bigger than this stay unevaluated (2^{10^9} must not be computed)

# Commands a user may type without their backslash; as letters they would silently be a product (l o g).
WORD_COMMANDS = frozenset({"exp", "log", "ln", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sqrt", "det", "tr",
                           "max", "min", "lim", "sum", "prod", "int", "frac", "cdot", "infty", "nabla", "partial",
                           "top", "langle", "rangle", "mathbb", "mathbf", "operatorname", "leq", "geq"})

# Text-mode commands: \text{for all } x, \text{ if } x > 0 are prose, never a name (for all would be f o r a l l).
TEXT_COMMANDS = frozenset({"text", "textrm", "textnormal", "textit", "textup", "textsf", "textbf", "mbox"})
PROSE_WORDS = frozenset({"for", "all", "any", "every", "each", "some", "if", "iff", "and", "or", "where", "when",
                         "whenever", "with", "since", "as", "so", "then", "hence", "thus", "such", "that", "is", "are",
                         "holds", "hold", "otherwise", "on", "in", "of", "the", "at", "by", "to", "subject", "forall",
                         "exists", "almost", "surely", "else", "let", "given", "we", "have", "get", "because"})
