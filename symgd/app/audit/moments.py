"""Sides with expectations of random vectors read into scalars: each side a polynomial in real names, inner products
of vectors (``\\|u\\|^2``, ``u^T v``: unknown values, squares nonnegative) and expectations (unknown values).

``\\mathbb{E}_{s}[X]`` (``\\mathbb{E}_s\\big[..\\big]``, ``\\mathbb{E}\\|g\\|^2``) is taken by linearity on the scalar
form of X: a term free of random names comes out whole; a term linear in one random vector ``d^T g`` (d fixed)
becomes ``d^T E[g]``, with the mean the text states (``\\mathbb{E}_s[g] = \\nabla F(w)``) put in; any other random
part -- ``\\|g\\|^2``, a product of random quantities, a value ``F(w_{k+1})`` at a random point -- stays one unknown
expectation (never split: E[XY] is not E[X] E[Y] without independence).  A name is random by its spelling: it
mentions a random name (``F(w_{k+1})`` mentions ``w_{k+1}``)."""

from __future__ import annotations

import re

import sympy as sp
from sympy.matrices.expressions import Identity, MatAdd, MatMul, MatrixSymbol, Transpose, ZeroMatrix

from symgd.core.claims import Claim, Rel, is_matrix
from symgd.core.errors import BadInput

__all__ = ["HAS_E", "PLAIN_E_VALUE", "Reader", "Unread", "canon", "expectations", "mentions_any", "random_closure"]

HAS_E = re.compile(r"\\mathbb\s*\{?\s*E\b|\\operatorname\*?\s*\{\s*(?:\\mathbb\{)?E\b|(?<![A-Za-z\\{])E\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)\s*)?"
                   r"(?:\\(?:big|Big|bigg|Bigg|left)[lr]?\s*)?\[")
_E_HEAD = re.compile(r"\\operatorname\*?\s*\{\s*\\mathbb\{E\}\s*\}|\\operatorname\*?\s*\{\s*E\s*\}|\\mathbb\s*\{\s*E\s*\}|"
                     r"\\mathbb\s+E(?![A-Za-z])|(?P<plain>(?<![A-Za-z\\{])E(?=\s*(?:[_\[]|\\(?:big|Big|bigg|Bigg|left)[lr]?\s*\[)))")
PLAIN_E_VALUE = re.compile(r"(?<![A-Za-z\\{])E(?!\s*(?:[_\[A-Za-z]|\\(?:big|Big|bigg|Bigg|left)[lr]?\s*\[))")  # E as a value somewhere: then E[..] is not read here
_SIZE = re.compile(r"\s*\\(?:big|Big|bigg|Bigg)[lr]?(?![A-Za-z])|\s*\\left(?![A-Za-z])|\s*\\right(?![A-Za-z])")
_PLACE = r"\Upsilon_{%d}"
_BINDERS = re.compile(r"\\(?:sum|prod|int|oint|lim|max|min|sup|inf|limsup|liminf|partial|dot|ddot|argmin|argmax)"
                      r"(?![A-Za-z])|\\nabla\s*_|\\frac\s*\{\s*d|\\mathrm\s*\{\s*d\s*\}|"
                      r"\\operatorname\*?\s*\{\s*(?:arg)?(?:min|max)")
_RELS = {"=": Rel.EQ, r"\le": Rel.LE, r"\leq": Rel.LE, "<=": Rel.LE, "<": Rel.LT, r"\lt": Rel.LT,
         r"\ge": Rel.GE, r"\geq": Rel.GE, ">=": Rel.GE, ">": Rel.GT, r"\gt": Rel.GT}
_REL = re.compile(r"<=|>=|\\leq?(?![A-Za-z])|\\geq?(?![A-Za-z])|\\lt(?![A-Za-z])|\\gt(?![A-Za-z])|=|<|>")


class Unread(Exception):
    """A side this reading does not take (the reason is the message)."""


def canon(name: str) -> str:
    """A name as the parser spells symbols: ``\\mathbf{w}_{k+1}`` -> ``w_{k+1}``, ``\\xi_k`` -> ``\\xi_{k}``."""
    s = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|mathrm)\s*\{([^{}]*)\}", r"\1", name)
    s = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s+(\\?[A-Za-z])", r"\1", s)
    s = re.sub(r"\s*([^A-Za-z\s\\])\s*", r"\1", s.strip())  # spaces off, except between words (\alpha g_k)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"_(\\[A-Za-z]+|[A-Za-z0-9*])", r"_{\1}", s)
    return s


def mentions_any(text: str, names: set[str]) -> bool:
    """Whether a (canonical) spelling mentions one of the names as a whole name."""
    text = canon(text)
    return any(re.search(r"(?<![A-Za-z\\])" + re.escape(n) + r"(?![A-Za-z0-9_'])", text) for n in names if n)


def random_closure(random: set[str], defined: dict[str, str]) -> set[str]:
    """The random names and every name the document defines from one of them (``g_k = \\nabla f(w_k; \\xi_k)``)."""
    out = set(random)
    for _ in range(len(defined) + 1):
        grown = False
        for link in defined.values():
            lhs, _, rhs = link.partition("=")
            key = canon(re.sub(r"\s*(?:\\left)?\(.*", "", lhs.strip(), flags=re.S))
            if key and key not in out and mentions_any(rhs, out):
                out.add(key)
                grown = True
        if not grown:
            break
    return out


def _levels(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        out.append(depth)
        depth += (ch in "{([") - (ch in "})]")
    return out


def _close(text: str, i: int) -> int:
    """The index just after the bracket that closes the one at ``i``."""
    depth = 0
    for j in range(i, len(text)):
        depth += (text[j] in "{([") - (text[j] in "})]")
        if depth == 0:
            return j + 1
    raise Unread("an expectation's bracket is not closed")


def _group(text: str, i: int) -> tuple[str, int]:
    """A braced group or one token at ``i``: its text and the index after it."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i < len(text) and text[i] == "{":
        j = _close(text, i)
        return text[i + 1: j - 1], j
    m = re.match(r"\\[A-Za-z]+|.", text[i:])
    if m is None:
        raise Unread("an expectation's subscript is empty")
    return m.group(0), i + m.end()


def expectations(text: str, aliases: dict[str, str] | None = None) -> list[tuple[int, int, str, str]]:
    """Each top expectation of ``text``: (start, end, subscript or '', argument); a subscript the text explains
    (``aliases``: "$\\mathbb{E}_k$ denotes the expectation conditioned on $w_k$") in its meaning (``|w_k``)."""
    out, pos = [], 0
    while (m := _E_HEAD.search(text, pos)) is not None:
        i, sub = m.end(), ""
        if re.match(r"\s*_", text[i:]):
            i = text.index("_", i) + 1
            sub, i = _group(text, i)
        size = _SIZE.match(text, i)
        j = size.end() if size else i
        j += len(text[j:]) - len(text[j:].lstrip())
        if text.startswith(("[", "("), j):
            end = _close(text, j)
            arg = text[j + 1: end - 1]
            arg = re.sub(r"\\(?:big|Big|bigg|Bigg)[lr]?\s*$|\\right\s*$", "", arg)
            arg, given = _condition(arg)
            if given and sub:
                raise Unread("an expectation with both a subscript and a condition")
            sub = f"|{given}" if given else (aliases or {}).get(canon(sub), sub) if sub else sub
        elif text.startswith(r"\|", j):
            k = text.find(r"\|", j + 2)
            if k < 0:
                raise Unread("a norm is not closed")
            end = k + 2
            power = re.match(r"\s*\^\s*(\{[^{}]*\}|\d)", text[end:])
            end += power.end() if power else 0
            arg = text[j:end]
        elif m.group("plain"):  # E_k, a name with a subscript: not an expectation
            pos = m.end()
            continue
        elif (end := _bare_argument(text, j)) > j:  # \mathbb{E}\langle g, x\rangle, \mathbb{E}\xi: one argument
            arg = text[j:end]
        else:
            raise Unread("an expectation without a bracketed argument")
        out.append((m.start(), end, sub, arg))
        pos = end
    return out


_BARE_NAME = re.compile(r"(?:\\(?:hat|tilde|bar)\s*)?(?:\\[A-Za-z]+|[A-Za-z])(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?"
                        r"(?=\s*(?:$|[-+=<>,;.)\]}&]|\\(?:[|]|right|big|Big|le|ge|leq|geq|rangle|quad|qquad|cdot)(?![A-Za-z])))")


def _bare_argument(text: str, j: int) -> int:
    r"""The end of the argument of an expectation written without brackets at ``j``, or ``j``: an inner product
    (``\mathbb{E}\langle g, x\rangle``) or one name with its subscript (``\mathbb{E}\xi``, ``\mathbb{E} g_k``), as the
    bracket would hold it.  A name with a power, an argument or another factor after it (``\mathbb{E}\xi^2``,
    ``\mathbb{E} f(x)``, ``\mathbb{E} g h``) is not one argument: which part is averaged is not written."""
    if text.startswith(r"\langle", j):
        depth, k = 0, j
        while k < len(text):
            if text.startswith(r"\langle", k):
                depth, k = depth + 1, k + 7
            elif text.startswith(r"\rangle", k):
                depth, k = depth - 1, k + 7
                if depth == 0:
                    return k if not re.match(r"\s*\^", text[k:]) else j  # a power of the inner product: refused
            else:
                k += 1
        return j
    m = _BARE_NAME.match(text, j)
    if m is None or m.group(0) in (r"\left", r"\big", r"\Big", r"\sum", r"\frac", r"\nabla", r"\langle"):
        return j
    return m.end()


def _condition(arg: str) -> tuple[str, str]:
    """``X \\mid Y`` (``X \\,\\big|\\, Y``, one bar at the top level): the argument and the condition; ('' without
    one; bars in pairs are absolute values)."""
    text = re.sub(r"\\(?:big|Big|bigg|Bigg|middle)[lrm]?\s*(?=\||\\mid(?![A-Za-z]))", "", arg)
    level = _levels(text)
    bars = [m for m in re.finditer(r"\\\||\\mid(?![A-Za-z])|\|", text) if m.group(0) != "\\|" and level[m.start()] == 0]
    mids = [m for m in bars if m.group(0) != "|"]
    if len(mids) > 1 or (mids and len(bars) > 1):
        raise Unread("an expectation's condition is not one bar")
    if not mids and len(bars) != 1:
        if len(bars) % 2:
            raise Unread("an expectation's condition is not one bar")
        return arg, ""
    m = mids[0] if mids else bars[0]
    before = re.sub(r"(?:\\[,;:!]|\s)+$", "", text[: m.start()]).strip()
    if not before:
        raise Unread("an expectation's condition with nothing before it")
    return before, re.sub(r"^(?:\\[,;:!]|\s)+", "", text[m.end():]).strip()


def _split(link: str) -> tuple[str, str, str]:
    """One relation at the top level: (left, relation, right)."""
    level = _levels(link)
    found = [m for m in _REL.finditer(link) if level[m.start()] == 0]
    if len(found) != 1:
        raise Unread("not one relation")
    m = found[0]
    return link[: m.start()].replace("&", "").strip(), m.group(0), link[m.end():].replace("&", "").strip()


class Reader:
    """Sides read with the document's declarations in force (and ``extra`` assumptions), the random names given:
    ``random`` for an expectation with a subscript (the names it gives too), ``declared`` for one without."""

    def __init__(self, ctx, random: set[str], declared: set[str], extra: tuple[str, ...] = (),
                 aliases: dict[str, str] | None = None):
        self.aliases = aliases or {}
        self.random = random | declared  # random under E_s: these, and the names s
        self.declared = declared  # random under E[.] without a subscript (none: every name may be)
        defs = [x for k, x in ctx.defined.items() if canon(k) in random and x not in ctx.assume]
        usable = tuple(x for x in defs if not ctx._ok(ctx.declarations((x,))))  # w_{k+1} = w_k - alpha g_k
        self.decl = ctx.declarations(usable + tuple(extra))
        self.defined = dict(ctx.defined)
        self.tags: set[str] = set()
        self.means: dict[tuple[str, str], dict] = {}
        self.mean_at: dict[tuple[str, str], int] = {}  # where the text states each mean
        self.mean_lines: set[int] = set()  # the lines of the means used
        self.meaning: dict[sp.Symbol, tuple[str, sp.Basic]] = {}  # expectation atom -> (tag, argument)
        self.pairs: dict[sp.Symbol, tuple[str, str]] = {}  # inner-product atom -> its vectors

    # --- names and atoms
    def _random(self, name: str, tag_random: set[str], pool: set[str] | None = None) -> bool:
        """A name that mentions a random name; an expectation (a value) never is."""
        return not name.startswith("\\mathbb{E}") and mentions_any(name, (self.random if pool is None else pool)
                                                                     | tag_random)

    def inner(self, u: str, v: str) -> sp.Symbol:
        u, v = sorted((u, v))
        s = sp.Symbol(f"\\|{u}\\|^2", real=True, nonnegative=True) if u == v else sp.Symbol(f"{u}^T {v}", real=True)
        self.pairs[s] = (u, v)
        return s

    def _vector(self, e, flip: bool = False) -> dict[str, sp.Basic]:
        """The vector ``e`` (or ``e^T`` for a row, ``flip``) as {vector name: scalar coefficient}."""
        if isinstance(e, MatrixSymbol):
            if e.shape[1] != 1 and not (flip and e.shape[0] == 1):
                raise Unread("a matrix inside an expectation's argument")
            return {e.name: sp.Integer(1)}
        if isinstance(e, ZeroMatrix):
            return {}
        if isinstance(e, Transpose):
            return self._vector(e.arg, not flip)
        if isinstance(e, MatAdd):
            out: dict[str, sp.Basic] = {}
            for a in e.args:
                for k, c in self._vector(a, flip).items():
                    out[k] = out.get(k, 0) + c
            return out
        if isinstance(e, MatMul):
            coeff, mats = e.as_coeff_matrices()
            big = [m for m in mats if m.shape != (1, 1)]
            small = [self.scalar(m) for m in mats if m.shape == (1, 1)]
            if len(big) != 1:
                raise Unread("a product of matrices")
            c = sp.Mul(coeff, *small)
            return {k: c * x for k, x in self._vector(big[0], flip).items()}
        raise Unread(f"a vector of the form {type(e).__name__}")

    def scalar(self, e) -> sp.Basic:
        """A 1x1 (or scalar) expression as a polynomial in names and inner-product atoms."""
        if not is_matrix(e):
            if isinstance(e, sp.Basic) and any(is_matrix(a) for a in sp.preorder_traversal(e) if a is not e):
                raise Unread("a function of a vector")
            return e
        if e.shape != (1, 1):
            raise Unread("a vector where a number is expected")
        if isinstance(e, Identity):
            return sp.Integer(1)
        if isinstance(e, ZeroMatrix):
            return sp.Integer(0)
        if isinstance(e, Transpose):
            return self.scalar(e.arg)
        if isinstance(e, MatAdd):
            return sp.Add(*[self.scalar(a) for a in e.args])
        if isinstance(e, MatMul):
            coeff, mats = e.as_coeff_matrices()
            big = [m for m in mats if m.shape != (1, 1)]
            c = sp.Mul(coeff, *[self.scalar(m) for m in mats if m.shape == (1, 1)])
            if not big:
                return c
            if len(big) != 2 or big[0].shape[0] != 1 or big[1].shape[1] != 1:
                raise Unread("a quadratic form with a matrix")
            left, right = self._vector(big[0], True), self._vector(big[1])
            return c * sp.Add(*[a * b * self.inner(u, v) for u, a in left.items() for v, b in right.items()])
        raise Unread(f"a number of the form {type(e).__name__}")

    # --- expectations
    def expect(self, x: sp.Basic, tag: str) -> sp.Basic:
        """E_tag[x] by linearity (x a scalar polynomial in names and atoms)."""
        tag_random = {canon(n) for n in re.split(r",", tag) if n.strip() and not re.search(r"\\sim|\||\(", n)}
        pool = self.random if tag else self.declared
        if tag.startswith("|"):  # E[X | w_k]: the names of the condition are fixed, the known random names not
            tag_random = set()
            pool = self.random - {canon(n) for n in tag[1:].split(",") if n.strip()}
            if not pool:
                raise Unread("a conditional expectation, and no name is known to be random: say which are (random: in "
                             "the declarations, or in the text)")
        elif tag and re.search(r"\\sim|\\mid|\|", tag):
            raise Unread("an expectation under a parametrized measure")
        everything = not tag and not self.declared  # \mathbb{E}[...] with nothing declared random: all may be

        def rnd(s) -> bool:
            return everything or self._random(self.pairs.get(s, (s.name,))[0], tag_random, pool) or (
                s in self.pairs and self._random(self.pairs[s][1], tag_random, pool))

        out, moved = sp.Integer(0), False
        for term in sp.Add.make_args(sp.expand(x)):
            fixed, moving = [], []
            for f in sp.Mul.make_args(term):
                (moving if any(rnd(s) for s in f.free_symbols if isinstance(s, sp.Symbol)) else fixed).append(f)
            r = sp.Mul(*moving)
            if r == 1:
                out += term
                continue
            moved = True
            if r in self.pairs and not everything:
                u, v = self.pairs[r]
                ru, rv = self._random(u, tag_random, pool), self._random(v, tag_random, pool)
                if ru != rv:  # d^T g, d fixed: d^T E[g]
                    d, g = (v, u) if ru else (u, v)
                    mean = self.means.get((canon(tag), g)) or {f"\\mathbb{{E}}_{{{canon(tag)}}}[{g}]": sp.Integer(1)}
                    if (canon(tag), g) in self.mean_at:
                        self.mean_lines.add(self.mean_at[(canon(tag), g)])
                    out += sp.Mul(*fixed) * sp.Add(*[c * self.inner(d, w) for w, c in mean.items()])
                    continue
            atom = sp.Symbol(f"\\mathbb{{E}}_{{{canon(tag)}}}[{sp.sstr(r, order='lex')}]", real=True,
                             nonnegative=True if r.is_nonnegative else None)
            self.meaning[atom] = (canon(tag), r)
            out += sp.Mul(*fixed) * atom
        if tag and not moved and x.free_symbols:
            raise Unread("the subscript of \\mathbb{E} names no random variable of its argument: say which names are "
                         "random (random: in the declarations, or in the text: 'only $g_k$ is random')")
        return out

    # --- sides, claims, premises
    def _parse(self, latex: str):
        from symgd.latex.problem import parse_problem

        try:
            p = parse_problem(f"{latex} = {latex}", declarations=self.decl, allow_unused=True)
        except BadInput as exc:
            raise Unread(str(exc)) from None
        except Exception as exc:  # the parser's own failure: not read
            raise Unread(f"{type(exc).__name__}") from None
        return p.links[0][1].lhs

    def side(self, latex: str) -> sp.Basic:
        found = expectations(latex, self.aliases)
        if not found:
            return self.scalar(self._parse(latex))
        if _BINDERS.search(latex):  # an expectation's value may depend on a bound variable or be differentiated
            raise Unread("an expectation beside a sum, an integral, a limit, an extremum or a derivative")
        values, text, last = {}, "", 0
        for k, (s, e, tag, arg) in enumerate(found):
            inner = self._parse(arg)
            self.tags.add(tag)
            values[k] = self.expect(self.scalar(inner), tag)
            text += latex[last:s] + " " + _PLACE % (901 + k) + " "
            last = e
        text += latex[last:]
        expr = self.scalar(self._parse(text))
        subs = {}
        for s in expr.free_symbols:
            m = re.fullmatch(r"\\Upsilon_\{(\d+)\}", getattr(s, "name", ""))
            if m and int(m.group(1)) - 901 in values:
                subs[s] = values[int(m.group(1)) - 901]
        if len(subs) != len(values):
            raise Unread("an expectation inside a function")
        return expr.xreplace(subs)

    def claim(self, link: str) -> Claim:
        a, r, b = _split(link)
        return Claim(self.side(a), _RELS[r], self.side(b))

    def load_facts(self, facts: list[tuple[int, str]]) -> list[tuple[int, sp.Basic]]:
        """The stated facts: means ``E_s[g] = v`` registered (``mean_lines`` says where each was used), the others
        as hypotheses with their lines."""
        hyps = []
        for line, text in facts:
            try:
                a, r, b = _split(text)
                found = expectations(a, self.aliases)
                if r == "=" and len(found) == 1 and found[0][:2] == (0, len(a)):
                    inner = self._parse(found[0][3])
                    if is_matrix(inner) and inner.shape[1] == 1 and inner.shape[0] != 1:
                        vec = self._vector(inner)
                        if len(vec) == 1 and next(iter(vec.values())) == 1:
                            key = (canon(found[0][2]), next(iter(vec)))
                            self.means[key] = self._vector(self._parse(b))
                            self.mean_at[key] = line
                            continue
                c = Claim(self.side(a), _RELS[r], self.side(b))
            except Unread:
                continue
            hyps.append((line, _relation(c)))
        return hyps

    def point_masses(self, facts: list[tuple[int, sp.Basic]]) -> list:
        """The stated facts under point masses (every random name constant, E[X] = X), each random vector its
        stated mean: what a counterexample without noise must satisfy."""
        subs = {}
        for atom, (tag, arg) in self.meaning.items():
            subs[atom] = arg.xreplace(self._at_means(arg, tag))
        return [h.xreplace(subs) for _, h in facts]

    def _at_means(self, expr: sp.Basic, tag: str) -> dict:
        out = {}
        for s in expr.free_symbols:
            if s not in self.pairs:
                continue
            u, v = self.pairs[s]
            mu = self.means.get((tag, u), {u: sp.Integer(1)})
            mv = self.means.get((tag, v), {v: sp.Integer(1)})
            out[s] = sp.Add(*[a * b * self.inner(x, y) for x, a in mu.items() for y, b in mv.items()])
        return out

    def premise(self, text: str, tags: set[str]) -> list:
        """An earlier relation as hypotheses: itself when nothing in it is random, else (it holds for every outcome)
        with the expectation E_s of both sides for each subscript s of the claim."""
        a, r, b = _split(text)
        c = Claim(self.side(a), _RELS[r], self.side(b)).normalized()
        gap = c.lhs - c.rhs
        names = {s for s in gap.free_symbols if isinstance(s, sp.Symbol)}
        random = [s for s in names if s not in self.meaning and (
            self._random(self.pairs.get(s, (s.name,))[0], set()) or
            (s in self.pairs and self._random(self.pairs[s][1], set())))]
        if not random:
            return [_relation(c)]
        out = []
        for tag in tags:
            e = self.expect(gap, tag)
            out.append(sp.Eq(e, 0) if c.rel is Rel.EQ else sp.Le(e, 0))
        return out

    def hypotheses(self) -> list:
        """The assumptions in force, as the parser reads them (scalar ones)."""
        try:
            from symgd.latex.problem import parse_problem

            p = parse_problem("0 = 0", declarations=self.decl, allow_unused=True)
        except Exception:  # assumptions that do not read: none used
            return []
        return [h for h in p.context.hypotheses if not any(is_matrix(a) for a in sp.preorder_traversal(h))]

    def atom_facts(self, exprs: list) -> tuple[list, list[str]]:
        """Facts of every distribution and of inner products: squares and expectations of nonnegative quantities
        are nonnegative; Jensen E|g|^2 >= |E g|^2 where the mean of g is stated."""
        atoms = set().union(*(e.free_symbols for e in exprs if isinstance(e, sp.Basic)))
        out, used = [], []
        for s in atoms:
            if s in self.pairs and self.pairs[s][0] == self.pairs[s][1]:
                out.append(sp.Ge(s, 0))
            if s in self.meaning:
                tag, arg = self.meaning[s]
                if arg.is_nonnegative:
                    out.append(sp.Ge(s, 0))
                    used.append("E[u] >= 0 for u >= 0")
                pair = self.pairs.get(arg)
                if pair and pair[0] == pair[1] and (tag, pair[0]) in self.means:
                    mean = self.means[(tag, pair[0])]
                    out.append(sp.Ge(s, sp.Add(*[a * b * self.inner(u, v) for u, a in mean.items()
                                                 for v, b in mean.items()])))
                    used.append("Jensen E|g|^2 >= |E g|^2")
        return out, sorted(set(used))


def _relation(c: Claim):
    c = c.normalized()
    return sp.Eq(c.lhs, c.rhs) if c.rel is Rel.EQ else sp.Lt(c.lhs, c.rhs) if c.rel is Rel.LT else sp.Le(c.lhs, c.rhs)
