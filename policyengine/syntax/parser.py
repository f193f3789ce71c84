"""Policy text → AST: the entry to the syntax stage.

Takes a policy's text and the name it is shown by; gives an
:class:`~policyengine.syntax.ast.Module` of attrs nodes, each with its span, or raises
:class:`~policyengine.errors.PolicySyntaxError` whose diagnostics (E100–E106, words
from :mod:`.messages`) point at file:line:column. In order: the size limit (E104); the
LALR parse from the shipped tables (iterative, so deep input cannot overflow the
stack; :mod:`.errors` words what it stopped at); an iterative depth check (E105);
the transform (:mod:`.transform`, with :mod:`.literals` and :mod:`.articles`). Never:
lets a lark type or exception out of the syntax package, resolves a name or a type
(the checker does), or reads anything but the text it is given.
"""

from __future__ import annotations

from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, VisitError

from policyengine import resources
from policyengine.diagnostics import Diagnostic, Text
from policyengine.errors import PolicySyntaxError
from policyengine.source import Source, Span
from policyengine.syntax import ast, tables
from policyengine.syntax import messages as M
from policyengine.syntax.errors import syntax_diagnostic
from policyengine.syntax.limits import MAX_DEPTH, MAX_POLICY_BYTES
from policyengine.syntax.transform import ToAst


@cache
def _parser() -> Lark:
    """The LALR parser: from the shipped tables when they are the grammar's, else built."""
    return tables.load() or tables.build(resources.grammar_text())


def too_large(name: str) -> PolicySyntaxError:
    """E104: the policy is over :data:`MAX_POLICY_BYTES`."""
    return PolicySyntaxError(
        [Diagnostic.of(M.TOO_LARGE, location=name, kib=MAX_POLICY_BYTES // 1024)]
    )


def parse(text: str, name: str = "<policy>") -> ast.Module:
    """Parse policy text into an AST, or raise :class:`PolicySyntaxError`.

    A leading byte-order mark is dropped, as for fact files: editors on Windows write
    one and do not count it as a column."""
    if text.startswith("\ufeff"):
        text = text[1:]
    source = Source(name, text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_POLICY_BYTES:
        raise too_large(name)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise PolicySyntaxError([syntax_diagnostic(exc, source, _parser())]) from None
    except LarkError as exc:  # pragma: no cover - lark raises UnexpectedInput for input errors
        raise PolicySyntaxError([Diagnostic("E100", Text.same(str(exc)), location=name)]) from None
    _check_depth(tree, source)
    try:
        module = ToAst(source).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, PolicySyntaxError):
            raise exc.orig_exc from None
        raise
    assert isinstance(module, ast.Module)
    return module


def _check_depth(tree: Tree[Token], source: Source) -> None:
    """Refuse trees deeper than MAX_DEPTH, iteratively, before any recursive pass.

    INVARIANT: a tree that reaches :class:`.transform.ToAst` (lark's Transformer, and
    the checker after it, recurse) is at most ``MAX_DEPTH`` deep.
    """
    stack: list[tuple[Tree[Token], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        # `a and b and c` is one flat tree but becomes a chain of nested Binary nodes
        # (see ToAst._chain): count each link as a level.
        step = len(node.children) - 1 if node.data in ("and_expr", "or_expr") else 1
        if depth + step - 1 > MAX_DEPTH:
            start = node.meta.start_pos if not node.meta.empty else 0
            end = node.meta.end_pos if not node.meta.empty else start
            raise PolicySyntaxError(
                [
                    Diagnostic.of(
                        M.NESTED_TOO_DEEP,
                        span=Span(source, start, min(end, start + 40)),
                        help=M.CHAIN_HELP if step > 1 else M.NESTING_HELP,
                        depth=MAX_DEPTH,
                    )
                ]
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + max(step, 1)))
