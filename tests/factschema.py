"""A hand-built fact schema shaped like the one the checker derives from
``policies/anhua.policy`` (``id`` declared first, the tag field declared in every
variant as an enum of the tags, and the tagged collection's subject as an extra
untagged variant), so that the loader and validation tests do not depend on the
policy parser. To test against the real policy instead, change only
:func:`anhua_schema`.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from policyengine.errors import FactError
from policyengine.facts import FactSet
from policyengine.schema import (
    BoolType,
    Collection,
    DateType,
    EnumType,
    Field,
    IntType,
    ListType,
    RecordType,
    RefType,
    Schema,
    StrType,
    Variant,
)

UNIT_KIND = EnumType(
    "unit_kind", ("township_government", "internal_office", "village_committee", "other")
)
PLATFORM = EnumType(
    "platform",
    ("website", "wechat", "weibo", "douyin", "toutiao", "kuaishou", "app", "mini_program", "other"),
)
STATUS = EnumType("account_status", ("active", "closed", "cancelled"))
MATERIAL = EnumType(
    "material",
    (
        "registration_form",
        "meeting_minutes",
        "staffing_equipment",
        "review_mechanism",
        "security_ops",
        "map_usage",
        "name_and_design",
        "outsourcing_agreement",
        "news_license",
    ),
)


def _f(name: str, type_: object, optional: bool = False, default: object = None) -> Field:
    return Field(name, type_, optional or default is not None, default)  # type: ignore[arg-type]


def _untagged(
    collection: str, subject: str, fields: list[Field], dated: str | None = None
) -> Collection:
    record = RecordType(subject, (Field("id", StrType()), *fields))
    return Collection(collection, subject, None, {subject: Variant(subject, None, record)}, dated)


def anhua_schema() -> Schema:
    units = _untagged("units", "unit", [_f("name", StrType()), _f("kind", UNIT_KIND)])
    certification = RecordType(
        "account.certification",
        (
            _f("verified", BoolType()),
            _f("shows_sponsor", BoolType()),
            _f("cancelled_on", DateType(), optional=True),
        ),
    )
    app = RecordType(
        "account.app",
        (
            _f("mlps_tested_on", DateType(), optional=True),
            _f("ipv6", BoolType()),
            _f("multi_terminal", BoolType()),
        ),
    )
    accounts = _untagged(
        "accounts",
        "account",
        [
            _f("name", StrType()),
            _f("platform", PLATFORM),
            _f("platform_approved", BoolType(), optional=True),
            _f("sponsor", RefType("unit")),
            _f("status", STATUS),
            _f("opened_on", DateType()),
            _f("superior_exemption", BoolType(), default=False),
            _f("certification", certification, optional=True),
            _f("maintainers", ListType(StrType())),
            _f("monthly_active_users", IntType("count"), optional=True),
            _f("mlps_level", IntType(None, 1, 4), optional=True),
            _f("app", app, optional=True),
        ],
    )
    filings = _untagged(
        "filings",
        "filing",
        [
            _f("account", RefType("account")),
            _f("kind", EnumType("filing.kind", ("open", "change", "shutdown", "cancel"))),
            _f("submitted_on", DateType()),
            _f("leader_approved", BoolType()),
            _f("materials", ListType(MATERIAL), default=[]),
            _f(
                "announcement",
                RecordType("filing.announcement", (_f("start", DateType()), _f("end", DateType()))),
                optional=True,
            ),
        ],
        dated="submitted_on",
    )
    common = (Field("id", StrType()), _f("date", DateType()))
    tags = ("post", "map_use", "training")
    tag = _f("kind", EnumType("event.kind", tags))
    own = {
        "post": (
            _f("account", RefType("account")),
            _f("repost", BoolType()),
            _f("source", StrType(), optional=True),
            _f(
                "review",
                RecordType("post.review", (_f("reviewer", StrType()), _f("on", DateType()))),
                optional=True,
            ),
        ),
        "map_use": (
            _f("account", RefType("account")),
            _f("map_kind", EnumType("map_use.map_kind", ("standard", "approved", "other"))),
        ),
        "training": (
            _f("unit", RefType("unit"), optional=True),
            _f("staff", ListType(StrType())),
            _f("topic", EnumType("training.topic", ("security", "other"))),
        ),
    }
    variants = {
        name: Variant(name, name, RecordType(name, (*common, tag, *own[name]))) for name in tags
    }
    variants["event"] = Variant("event", None, RecordType("event", (*common, tag)))
    events = Collection("events", "event", "kind", variants, "date")
    collections = {c.name: c for c in (units, accounts, filings, events)}
    enums = {e.name: e for e in (UNIT_KIND, PLATFORM, STATUS, MATERIAL)}
    return Schema(collections, enums, {})


def valid_facts() -> dict[str, object]:
    """A small valid document using every collection and variant (fresh each call)."""
    return {
        "as_of": "2026-11-25",
        "units": [{"id": "anhua", "name": "安化彝族乡人民政府", "kind": "township_government"}],
        "accounts": [
            {
                "id": "wx-anhua",
                "name": "安化发布",
                "platform": "wechat",
                "sponsor": "anhua",
                "status": "active",
                "opened_on": "2023-12-01",
                "certification": {"verified": True, "shows_sponsor": True},
                "maintainers": ["s1"],
                "mlps_level": 2,
            }
        ],
        "filings": [
            {
                "id": "f-1",
                "account": "wx-anhua",
                "kind": "shutdown",
                "submitted_on": "2024-09-20",
                "leader_approved": True,
                "announcement": {"start": "2024-09-25", "end": "2024-10-15"},
            }
        ],
        "events": [
            {
                "id": "e-1",
                "kind": "post",
                "date": "2024-01-05",
                "account": "wx-anhua",
                "repost": False,
                "review": {"reviewer": "s2", "on": "2024-01-04"},
            },
            {
                "id": "e-2",
                "kind": "map_use",
                "date": "2024-01-06",
                "account": "wx-anhua",
                "map_kind": "standard",
            },
            {
                "id": "e-3",
                "kind": "training",
                "date": "2024-02-01",
                "staff": ["s1", "s2"],
                "topic": "security",
            },
        ],
    }


def _canonical(record: object) -> object:
    """A record with its own fields sorted (in place, new fields come last) and the
    order of nested records' fields kept (always schema order)."""
    if isinstance(record, dict):
        return repr(sorted(record.items()))
    return record


def outcome(build: Callable[[], FactSet]) -> tuple[object, ...]:
    """What building a FactSet gives, comparable between ways of building it: the
    messages, or the records (see :func:`_canonical`), origins, as_of and warnings."""
    try:
        facts = build()
    except FactError as error:
        return ("error", error.render("en"), error.render("zh"))
    return (
        "ok",
        {k: [_canonical(r) for r in v] for k, v in facts.by_kind.items()},
        {c: {i: _canonical(r) for i, r in v.items()} for c, v in facts.index.items()},
        {c: {i: facts.origin(c, i) for i in v} for c, v in facts.index.items()},
        facts.as_of,
        [w.render("en") for w in facts.warnings],
    )


# Values of any JSON (or YAML) shape, and the field names of the schema, for tests
# that put random values into valid facts.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=6)
    | st.sampled_from(["2024-02-30", "2024-01-05", "wechat", "post", "anhua", "wx-anhua", "a:b"])
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)
RECORD_PLACES = st.sampled_from(
    [("accounts", 0), ("filings", 0), ("events", 0), ("events", 2), ("units", 0)]
)
"""A record of :func:`valid_facts` (collection, position), one of each shape, for
properties that change one field of it."""
FIELD_NAMES = sorted(
    {
        f.name
        for c in anhua_schema().collections.values()
        for v in c.variants.values()
        for f in v.fields
    }
)
