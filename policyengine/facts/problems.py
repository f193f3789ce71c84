"""What goes wrong while reading a file, before any record is checked.

Takes a code and the words; gives :class:`FileProblems` (everything wrong with one
file, which is then skipped) and :class:`Reject` (raised from inside a parser's hook,
becoming one diagnostic where the parser stopped). Never: reads a file or decides
whether something is wrong: the readers do, and raise these.
"""

from __future__ import annotations

from policyengine.diagnostics import Diagnostic, Text
from policyengine.facts.raw import MAX_DEPTH, MiB


class Reject(Exception):
    """Raised from inside a parser hook; becomes one diagnostic."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message.en)
        self.code = code
        self.message = message

    def diagnostic(self, location: str) -> Diagnostic:
        return Diagnostic(self.code, self.message, location=location)


def too_deep() -> Reject:
    return Reject(
        "E406",
        Text(
            f"嵌套超过 {MAX_DEPTH} 层",
            f"nested more than {MAX_DEPTH} levels deep",
        ),
    )


class FileProblems(Exception):
    """Everything wrong with one file, which is then skipped."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0].message.en)
        self.diagnostics = diagnostics


def fail(code: str, zh: str, en: str, location: str, help: Text | None = None) -> FileProblems:
    return FileProblems([Diagnostic(code, Text(zh, en), location=location, help=help)])


def too_large(name: str, size: int, limit: int, suffix: str) -> FileProblems:
    kind = "YAML" if suffix in (".yaml", ".yml") else "JSON"
    hint = Text(
        "大量数据请用 JSON 或 JSON Lines（.jsonl）",
        "use JSON or JSON Lines (.jsonl) for large inputs",
    )
    if kind == "JSON":
        hint = Text(
            "更大的输入请用 JSON Lines（.jsonl，逐行读取），或分成多个文件",
            "use JSON Lines (.jsonl, read line by line) or several files for larger inputs",
        )
    return fail(
        "E402",
        f"文件有 {size / MiB:.1f} MiB，{kind} 事实文件最多 {limit // MiB} MiB",
        f"the file is {size / MiB:.1f} MiB; {kind} fact files are limited to {limit // MiB} MiB",
        name,
        help=hint,
    )


def byte_size(n: int) -> str:
    return f"{n // MiB} MiB" if n % MiB == 0 else f"{n:,} bytes"


def not_utf8(location: str) -> Diagnostic:
    return Diagnostic(
        "E401", Text("文件不是 UTF-8 编码", "the file is not encoded in UTF-8"), location=location
    )
