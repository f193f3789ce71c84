"""Words in both languages: a :class:`Text` is one message in Chinese and English.

Takes nothing and gives the type every user-facing message is made of (diagnostics,
the code catalogue, findings), so that one object renders for a township clerk or for
an English-speaking maintainer. It never formats, translates or chooses a language
for the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
"""The languages every message is written in: Chinese (the default) and English."""


@attrs.frozen
class Text:
    """A message in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.zh

    @staticmethod
    def same(text: str) -> Text:
        return Text(text, text)

    @staticmethod
    def listing(items: Iterable[str | Text]) -> Text:
        """Items listed as each language lists them: ``a、b、c`` and ``a, b, c`` (an item
        given as a :class:`Text` in its own words in each language)."""
        texts = [item if isinstance(item, Text) else Text(item, item) for item in items]
        return Text("、".join(t.zh for t in texts), ", ".join(t.en for t in texts))
