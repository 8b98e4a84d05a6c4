"""Malformed and ambiguous inputs: each must be refused (BadInput, exit 2 from the CLI) with one line, never
guessed, never a traceback.  ``why`` says what is wrong and what a reader could take it to mean."""

from __future__ import annotations

from entry import M

__all__ = ["CLAIMS"]

CLAIMS = [
    M("malformed-frac-brace", r"\frac{1}{2 \le x", "unbalanced brace in \\frac"),
    M("malformed-empty-rhs", r"\frac{a}{b} =", "nothing on the right of '='"),
    M("malformed-dangling-op", r"x + = 2", "an operator without an operand"),
    M("malformed-trailing-rel", r"\sqrt{x} \le", "a relation without a right side"),
    M("malformed-left-unclosed", r"\left( x + 1 = 2", "\\left( without \\right)"),
    M("malformed-paren", r"(x + 1 = 2", "unbalanced parenthesis"),
    M("malformed-sup-brace", r"x^{2 = 4", "unbalanced brace in an exponent"),
    M("ambiguous-slash-product", r"1/2x = x/2", "1/(2x) or x/2?"),
    M("ambiguous-slash-L", r"\eta/2L \le 1", "eta/(2L) or (eta/2) L?", assume=[r"\eta > 0", "L > 0"]),
    M("malformed-unknown-cmd", r"\foo{x} = 1", "unknown command"),
    M("malformed-vector-ineq", r"x \le y", "an inequality between vectors (componentwise? a cone order?)", vectors="x,y"),
    M("malformed-preceq", r"A \preceq B", "the Loewner order is not a scalar relation", matrices="A,B"),
    M("malformed-vector-product", r"x y = y x", "a product of two column vectors is undefined", vectors="x,y"),
    M("ambiguous-vector-square", r"\|x\|^2 = x^2", "x^2 of a vector: x^T x, x x^T or elementwise?", vectors="x"),
    M("ambiguous-juxtaposed-numbers", r"2 3 = 6", "2 3: 23, 2 * 3 or the mixed number 2 3/?"),
    M("ambiguous-decimal-comma", r"1,5 + 1 = 2,5", "a decimal comma or a list?"),
    M("malformed-chain-trailing", r"x = y =", "a chain ending in a relation"),
    M("malformed-sum-range", r"\sum_{t=1} t = 1", "a sum without an upper limit"),
    M("malformed-integral", r"\int f(x) = F(x)", "an integral without limits or differential"),
    M("malformed-derivative", r"\frac{d}{d} x = 1", "a derivative without a variable"),
    M("ambiguous-scalar-transpose", r"2^T = 4", "transpose of a number or a power T?"),
    M("malformed-inner-product", r"\langle x \rangle = 1", "an inner product with one argument", vectors="x"),
    M("malformed-norm-unclosed", r"\|x = 1", "a norm without its closing bars", vectors="x"),
    M("malformed-in-claim", r"x \in \mathbb{R}", "membership is a declaration, not a claim"),
    M("malformed-ne-claim", r"x \ne 1", "the relation != is not checkable"),
    M("malformed-environment", r"\begin{foo} x = 1 \end{foo}", "unknown environment"),
    M("malformed-empty", r"", "empty input"),
    M("malformed-no-relation", r"x + 1", "an expression, not a claim"),
    M("malformed-log-subscript", r"\log_ x = 1", "an empty subscript on log"),
    M("malformed-bad-assumption", r"x \le 1", "the assumption 'x <' has no right side", assume="x <"),
    M("malformed-contradictory", r"x \le 1", "contradictory sign assumptions", assume=["x > 0", "x < 0"]),
    M("malformed-bold-vector-product", r"\mathbf{x}^\top\mathbf{y} = \mathbf{x}\mathbf{y}",
      "x y of two (bold) vectors is undefined"),
    M("malformed-unknown-operator", r"\operatorname{prox}(x) = x",
      "an operator symgd does not know: refused, never read as a product prox * x"),
    M("malformed-matrix-scalar", r"A = 1", "a matrix equal to a scalar: A = I or every entry 1?", matrices="A"),
]
