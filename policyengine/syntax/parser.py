"""Policy text → AST. The only module that touches lark.

Stages: size limit → LALR parse (iterative, so deep input cannot overflow the stack)
→ an iterative depth check (lark's Transformer is recursive and overflows at about
500 levels) → transform into attrs nodes with spans (:mod:`.transform`, with the
literals of :mod:`.literals` and the article labels of :mod:`.articles`). Lark's own
exceptions never leave this module: they become :class:`PolicySyntaxError` with
file:line:column.
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
        [
            Diagnostic(
                "E104",
                Text(
                    f"策略文件超过 {MAX_POLICY_BYTES // 1024} KiB 的上限",
                    f"the policy is larger than the limit of {MAX_POLICY_BYTES // 1024} KiB",
                ),
                location=name,
            )
        ]
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


_NESTING_HELP = Text(
    "用 `let` 给中间结果命名，减少括号嵌套",
    "name intermediate results with `let` instead of nesting",
)
_CHAIN_HELP = Text(
    "每个 `and`/`or` 都算一层：用 `let` 给一部分条件命名，如 `let recent = a and b`",
    "each `and`/`or` counts as a level: name some of the conditions with `let`, "
    "e.g. `let recent = a and b`",
)


def _check_depth(tree: Tree[Token], source: Source) -> None:
    """Refuse trees deeper than MAX_DEPTH, iteratively, before any recursive pass."""
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
                    Diagnostic(
                        "E105",
                        Text(
                            f"嵌套超过 {MAX_DEPTH} 层",
                            f"the policy is nested more than {MAX_DEPTH} levels deep",
                        ),
                        span=Span(source, start, min(end, start + 40)),
                        help=_CHAIN_HELP if step > 1 else _NESTING_HELP,
                    )
                ]
            )
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + max(step, 1)))
