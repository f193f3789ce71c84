"""Provenance: what an evaluation was decided on, so that a reader can repeat it.

Takes the policy, the facts' sources and what the evaluation decided (its check
date and where that came from, its parameter values, the calendar years its
working-day counts read); gives a :class:`Provenance` that every output shows: the
package version, the policy's name and SHA-256, each facts file with its SHA-256,
the check date and its source, the parameters that differ from the policy's
defaults, and the calendar years used with their source.

A facts file is hashed when the provenance is first shown, not while it is read: a
file changed in between would be reported with its new digest. It never reads
anything but the files the facts were read from.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from policyengine.diagnostics import Lang
from policyengine.explain import show_value
from policyengine.findings import Result, json_value

if TYPE_CHECKING:
    from policyengine.policy import Policy

AS_OF_SOURCES: dict[str, tuple[str, str]] = {
    "given": ("由 --as-of 指定", "set with --as-of"),
    "facts": ("事实文件中的 as_of", "the facts' as_of"),
    "today": ("运行当天", "today"),
}

SHIPPED = "<shipped>"
POLICY_ORIGINS: dict[str, tuple[str, str]] = {
    SHIPPED: ("随程序发布", "shipped with policyengine"),
}

CALENDAR_SOURCES: dict[str, tuple[str, str]] = {
    "bundled": ("内置日历（chinese_calendar 包）", "bundled (the chinese_calendar package)"),
    "correction": ("内置更正", "bundled correction"),
}

_CHUNK = 1 << 20


def sha256_file(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None when it is not a readable file (facts
    built in memory, standard input)."""
    if not os.path.isfile(path):
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@attrs.frozen
class ParamChange:
    """A parameter whose value differs from the policy's default."""

    name: str
    value: Any
    default: Any


@attrs.frozen
class Provenance:
    version: str
    policy: str
    policy_origin: str  # the file's path, or SHIPPED
    policy_sha256: str
    facts_sources: tuple[str, ...]
    as_of: datetime.date
    as_of_source: str  # given, facts or today
    params: tuple[ParamChange, ...]
    calendar_years: tuple[tuple[int, str], ...]  # (year, bundled / correction / a path)
    missing_years: tuple[int, ...]  # years a count needed and the calendar lacks

    @functools.cached_property
    def facts(self) -> tuple[tuple[str, str | None], ...]:
        """Each facts file with its SHA-256 (None when it is not a file)."""
        return tuple((path, sha256_file(path)) for path in self.facts_sources)

    def to_dict(self, lang: Lang = "zh") -> dict[str, Any]:
        return {
            "package_version": self.version,
            "policy": {
                "name": self.policy,
                "origin": self.policy_origin,
                "sha256": self.policy_sha256,
            },
            "facts": [{"path": path, "sha256": digest} for path, digest in self.facts],
            "as_of": self.as_of.isoformat(),
            "as_of_source": self.as_of_source,
            "as_of_source_text": label(AS_OF_SOURCES, self.as_of_source, lang),
            "parameters": [
                {"name": p.name, "value": json_param(p.value), "default": json_param(p.default)}
                for p in self.params
            ],
            "calendar": [
                {
                    "year": year,
                    "source": source,
                    "source_text": label(CALENDAR_SOURCES, source, lang),
                }
                for year, source in self.calendar_years
            ],
            "calendar_missing": list(self.missing_years),
        }


def label(names: Mapping[str, tuple[str, str]], key: str, lang: Lang) -> str:
    """``key`` in words (a calendar file's path is shown as it is)."""
    pair = names.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def show(value: Any, lang: Lang) -> str:
    """A parameter value as a reader writes it."""
    return show_value(json_param(value), lang)


def json_param(value: Any) -> Any:
    """A parameter value in JSON: a map's keys as text (JSON keys are strings)."""
    if isinstance(value, Mapping):
        return {str(k): json_param(v) for k, v in value.items()}
    return json_value(value)


def year_spans(years: tuple[tuple[int, str], ...]) -> list[tuple[int, int, str]]:
    """Consecutive years with the same source as (first, last, source)."""
    spans: list[tuple[int, int, str]] = []
    for year, source in years:
        if spans and spans[-1][1] == year - 1 and spans[-1][2] == source:
            spans[-1] = (spans[-1][0], year, source)
        else:
            spans.append((year, year, source))
    return spans


def lines(prov: Provenance, lang: Lang) -> list[tuple[str, str]]:
    """The provenance as (label, text) lines, for a table's foot and a report's head."""
    en = lang == "en"

    def aside(text: str, note: str) -> str:  # `text (note)` / `text（note）`
        return f"{text} ({note})" if en else f"{text}（{note}）"

    comma, sep = (", ", "; ") if en else ("，", "；")
    facts = [f"{path}{comma}SHA-256 {digest}" if digest else path for path, digest in prov.facts]
    params = [
        aside(f"{p.name} = {show(p.value, lang)}", ("default " if en else "默认 ")
              + show(p.default, lang))
        for p in prov.params
    ]  # fmt: skip
    years = [
        (f"{a}" if a == b else f"{a}–{b}")
        + (": " if en else " 年：")
        + label(CALENDAR_SOURCES, source, lang)
        for a, b, source in year_spans(prov.calendar_years)
    ]
    if prov.missing_years:
        missing = "、".join(str(y) for y in prov.missing_years)
        years.append(f"missing: {missing}" if en else f"缺少：{missing} 年")
    origin = label(POLICY_ORIGINS, prov.policy_origin, lang)
    return [
        ("policy" if en else "策略",
         f"{aside(prov.policy, origin)}{comma}SHA-256 {prov.policy_sha256}"),
        ("facts" if en else "事实", sep.join(facts) or ("(none)" if en else "（无）")),
        ("check date" if en else "检查日期",
         aside(prov.as_of.isoformat(), label(AS_OF_SOURCES, prov.as_of_source, lang))),
        ("parameters" if en else "参数",
         sep.join(params) or ("all defaults" if en else "均为默认值")),
        ("calendar" if en else "日历", sep.join(years) or ("not used" if en else "未用到")),
        ("engine" if en else "程序", f"policyengine {prov.version}"),
    ]  # fmt: skip


def flat(prov: Provenance) -> list[tuple[str, str]]:
    """The provenance as (name, value) pairs of plain text, language-neutral, for
    the formats that hold only pairs (JUnit's properties, CSV's columns): values as
    in the JSON document, a parameter's as JSON."""
    pairs = [
        ("policyengine.version", prov.version),
        ("policy", prov.policy),
        ("policy.origin", prov.policy_origin),
        ("policy.sha256", prov.policy_sha256),
    ]
    for i, (path, digest) in enumerate(prov.facts, start=1):
        pairs.append((f"facts.{i}.path", path))
        pairs.append((f"facts.{i}.sha256", digest or ""))
    pairs += [("as_of", prov.as_of.isoformat()), ("as_of.source", prov.as_of_source)]
    for p in prov.params:
        pairs.append((f"parameter.{p.name}", _text(p.value)))
        pairs.append((f"parameter.{p.name}.default", _text(p.default)))
    pairs += [(f"calendar.{year}", source) for year, source in prov.calendar_years]
    if prov.missing_years:
        pairs.append(("calendar.missing", " ".join(str(y) for y in prov.missing_years)))
    return pairs


def _text(value: Any) -> str:
    return json.dumps(json_param(value), ensure_ascii=False, sort_keys=True)


def of_check(
    policy: Policy, result: Result, facts_sources: Sequence[str], values: Mapping[str, Any]
) -> Provenance:
    """The provenance of one check of ``policy`` that gave ``result``, over the facts
    read from ``facts_sources`` with the parameter ``values``."""
    from policyengine import __version__

    defaults = {name: p.default for name, p in policy.parameters.items()}
    return Provenance(
        version=__version__, policy=policy.name, policy_origin=policy.origin,
        policy_sha256=policy.sha256, facts_sources=tuple(facts_sources), as_of=result.as_of,
        as_of_source=result.as_of_source, params=changed_params(defaults, values),
        calendar_years=result.calendar_years, missing_years=result.unknown_years(),
    )  # fmt: skip


def changed_params(
    defaults: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[ParamChange, ...]:
    """The parameters whose value is not the default, by name."""
    return tuple(
        ParamChange(name, values[name], defaults[name])
        for name in sorted(values)
        if name in defaults and values[name] != defaults[name]
    )


__all__ = [
    "AS_OF_SOURCES",
    "CALENDAR_SOURCES",
    "ParamChange",
    "Provenance",
    "changed_params",
    "flat",
    "json_param",
    "label",
    "lines",
    "of_check",
    "sha256_file",
    "year_spans",
]
