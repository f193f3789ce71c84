"""The floor: a subset of the Anhua rules written as a plain Python loop over dicts.

This is what a careful Python programmer would write by hand for the same checks, with
the same precomputed working-day table (``WorkdayCalendar.workdays_between`` and
``add_workdays``, O(1) per interval). It reads records shaped like the engine's
:class:`~policyengine.facts.FactSet` (dates as ``datetime.date``, optional fields absent
or null) and reports ``(rule, subject, indeterminate)`` for every finding, with a
message string built per finding as a user's script would print one.

The semantics mirror ``policies/anhua.policy`` exactly, including the scope dates
(a filing is judged by the act it is for, its ``acted_on``, and only once handed in by
the check date; events by ``date``; acts before 2023-10-31, when the regulation took
effect (第三十五条), and after the check date produce no findings),
the default parameters and ``approval_mode = strict``. The generated facts hold a township
of edge cases (``generate.EDGE_UNIT``) on which a condition left out here shows as a
disagreement.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from policyengine.calendar import UnknownYearError, WorkdayCalendar

SUBSET = (
    "announcement_period",  # 第十六条: announcement of at least 15 working days
    "opening_materials",  # 第十五条: the materials of an opening filing
    "decision_and_leader",  # 第十四条: collective decision and the leader's consent
    "stale_account",  # 第十七条: latest post per account
    "one_account_per_unit",  # 第十一条: active new-media accounts per unit (count)
    "repost_cites_source",  # 第二十条
    "reviewed_before_publishing",  # 第十九条
    "disclosed_in_time",  # 第十八条: add_workdays per post
)

EFFECTIVE = datetime.date(2023, 10, 31)
ONE_DAY = datetime.timedelta(days=1)
ANNOUNCE_MIN_WORKDAYS = 15
STALE_DAYS = 14
DISCLOSE_WITHIN_WORKDAYS = 20
MAX_ACTIVE_ACCOUNTS = 1
SELF_BUILT = ("app", "mini_program")
REQUIRED = frozenset(
    (
        "registration_form",
        "meeting_minutes",
        "staffing_equipment",
        "review_mechanism",
        "security_ops",
        "map_usage",
        "name_and_design",
    )
)
CLOSING = frozenset(("change", "shutdown", "cancel"))

Finding = tuple[str, str, bool]  # rule, subject id, indeterminate


def check(
    units: Sequence[Mapping[str, Any]],
    accounts: Sequence[Mapping[str, Any]],
    filings: Sequence[Mapping[str, Any]],
    events: Iterable[Mapping[str, Any]],
    as_of: datetime.date,
    calendar: WorkdayCalendar,
) -> tuple[list[Finding], list[str]]:
    """The findings of the SUBSET rules, and their messages."""
    out: list[Finding] = []
    messages: list[str] = []
    emit = out.append
    say = messages.append
    workdays_between = calendar.workdays_between
    add_workdays = calendar.add_workdays

    # a village committee's accounts are not the township's (第二条): no rule judges them
    villages = {u["id"] for u in units if u["kind"] == "village_committee"}
    outside = {a["id"] for a in accounts if a["sponsor"] in villages}
    # a message names an account as the public knows it, a website 网站 and others 账号
    called = {
        a["id"]: ("网站 " if a["platform"] == "website" else "账号 ") + a["name"] for a in accounts
    }

    # -- filings (第十四条, 第十五条, 第十六条): these articles govern new media, not the website
    not_judged = {a["id"] for a in accounts if a["platform"] == "website"} | outside
    by_id = {a["id"]: a for a in accounts}
    shut_down = {f["account"] for f in filings if f["kind"] == "shutdown"}
    for f in filings:
        if f["submitted_on"] > as_of or f["account"] in not_judged:
            continue
        fid = f["id"]
        kind = f["kind"]
        act = _acted_on(f, by_id[f["account"]], shut_down, as_of)
        # the request's own defects: the act's day, the check date for an act still to
        # come, the paper's day for an act of unknown day
        judged_on = f["submitted_on"] if act is None else min(act, as_of)
        if judged_on < EFFECTIVE:
            continue
        if kind == "open":
            required = REQUIRED
            if f.get("outsourced") is True:
                required = required | {"outsourcing_agreement"}
            if f.get("news_service") is True:
                required = required | {"news_license"}
            missing = required.difference(f.get("materials") or ())
            if missing:
                emit(("opening_materials", fid, False))
                say(f"开设备案 {fid} 缺少材料：{'、'.join(sorted(missing))}")
        elif kind in CLOSING and act is not None and EFFECTIVE <= act <= as_of:
            ann = f.get("announcement")
            # an act after the announced end let it run its course; on or before the
            # end the act cut it short (closed_in_minimum_notice, not compared here)
            if ann is not None and act > ann["end"]:
                try:
                    n = workdays_between(ann["start"], ann["end"])
                except UnknownYearError as exc:
                    emit(("announcement_period", fid, True))
                    say(f"无法判定：日历不含 {exc.year} 年")
                else:
                    if n < ANNOUNCE_MIN_WORKDAYS:
                        emit(("announcement_period", fid, False))
                        say(f"公告期 {ann['start']} 至 {ann['end']} 仅 {n} 个工作日")
        # approval_mode == strict: 第十四条 applies to all four kinds of filing; a decision
        # taken after the check date had not been taken on it
        decided = f.get("collective_decision_on")
        if decided is None or decided > as_of or f["leader_approved"] is False:
            emit(("decision_and_leader", fid, False))
            say(f"备案 {fid}（{kind}）缺少单位集体研究或主要领导同意")

    # -- events: posts (第十八条, 第十九条, 第二十条) and the latest post per account
    latest: dict[str, datetime.date] = {}
    for e in events:
        if e["kind"] != "post":
            continue
        day = e["date"]
        if day > as_of:
            continue  # not yet made on the check date: no update, nothing to judge
        account = e["account"]
        last = latest.get(account)
        if last is None or day > last:
            latest[account] = day
        if day < EFFECTIVE or account in outside:
            continue
        pid = e["id"]
        if e["repost"] is True:
            source = e.get("source")
            if source is None or source.strip() == "":
                emit(("repost_cites_source", pid, False))
                say(f"{day} 在{called[account]} 转载的信息未注明来源")
        review = e.get("review")
        reviewer = review.get("reviewer") if review is not None else None
        unsigned = review is not None and (reviewer is None or not reviewer.strip())
        if review is None or unsigned or review["on"] > day:
            emit(("reviewed_before_publishing", pid, False))
            if unsigned:
                say(
                    f"{day} 在{called[account]} 发布的信息的保密审查没有写明审查人，"
                    "不是“谁审查谁负责”的审查"
                )
            else:
                say(f"{day} 在{called[account]} 发布的信息没有发布前的保密审查")
        made = e.get("info_made_on")
        if made is not None:
            try:
                deadline = add_workdays(made, DISCLOSE_WITHIN_WORKDAYS)
            except UnknownYearError as exc:
                emit(("disclosed_in_time", pid, True))
                say(f"无法判定：日历不含 {exc.year} 年")
            else:
                if day > deadline and deadline >= EFFECTIVE:
                    emit(("disclosed_in_time", pid, False))
                    say(f"信息形成于 {made}，{day} 才公开，晚于期限 {deadline}")

    # -- accounts (第十七条) and units (第十一条)
    active_new_media: dict[str, int] = {}
    for a in accounts:
        if a["status"] != "active" or a["platform"] == "website" or a["id"] in outside:
            continue
        closed_on = a.get("closed_on")
        if closed_on is not None and closed_on <= as_of:
            continue  # recorded as running and as closed: its use is unknown
        # 第十一条 counts accounts: not the apps and mini programs a unit builds (第二条)
        if a.get("superior_exemption") is not True and a["platform"] not in SELF_BUILT:
            sponsor = a["sponsor"]
            active_new_media[sponsor] = active_new_media.get(sponsor, 0) + 1
        opened = a["opened_on"]
        last_post = latest.get(a["id"])
        if last_post is None and a["platform"] in SELF_BUILT:
            continue  # an app's updates are not posts: no post recorded shows nothing
        last_update = max(last_post or opened, opened)
        # counted from the day after the last update, never from before the effective date
        idle = (as_of - max(last_update, EFFECTIVE - ONE_DAY)).days
        if idle > STALE_DAYS:
            emit(("stale_account", a["id"], False))
            say(f"账号 {a['name']} 自 {last_update} 起 {idle} 天无更新")
    # an internal office is part of the township, and a unit of kind other is the
    # township's (乡属): with one township, their accounts count there
    townships = [u["id"] for u in units if u["kind"] == "township_government"]
    rolled_up = {u["id"] for u in units if u["kind"] in ("internal_office", "other")}
    if len(townships) == 1:
        through_them = sum(n for sponsor, n in active_new_media.items() if sponsor in rolled_up)
        active_new_media[townships[0]] = active_new_media.get(townships[0], 0) + through_them
    for u in units:
        if u["id"] in villages or (len(townships) == 1 and u["id"] in rolled_up):
            continue
        n = active_new_media.get(u["id"], 0)
        if n > MAX_ACTIVE_ACCOUNTS:
            emit(("one_account_per_unit", u["id"], False))
            say(f"{u['name']} 开办了 {n} 个在用的政务新媒体账号")
    return out, messages


def _in_use(a: Mapping[str, Any], as_of: datetime.date) -> bool | None:
    """Opened by the check date and not closed on it (closed only on a later day);
    None (unknown) for an account recorded as running with a closing day not after
    the check date: the record contradicts itself."""
    if a["opened_on"] > as_of:
        return False
    closed = a.get("closed_on")
    if a["status"] == "active":
        return None if closed is not None and closed <= as_of else True
    return closed is not None and closed > as_of


def _acted_on(
    f: Mapping[str, Any], a: Mapping[str, Any], shut_down: set[str], as_of: datetime.date
) -> datetime.date | None:
    """The day of the act a filing is for: the opening; a change's effective day; the
    closure that happened (none while the account is in use), a cancellation after a
    shutdown on its own day."""
    kind = f["kind"]
    if kind == "open":
        return a["opened_on"]  # type: ignore[no-any-return]
    if kind == "change":
        return f.get("effective_on")
    if _in_use(a, as_of) is not False:
        return None  # in use, or unknown: no closure known
    if kind == "cancel" and a["id"] in shut_down:
        return f.get("effective_on")
    closed = a.get("closed_on")
    return closed if closed is not None else f.get("effective_on")


# --------------------------------------------------------------------------- from raw JSON


def normalize(doc: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Raw parsed JSON (dates as strings) -> the dates the checks need as ``date``, in
    place, with one cache of parsed date strings; what a hand-written script does after
    ``orjson.loads``. Only the fields the checks read are converted."""
    cache: dict[str, datetime.date] = {}
    parse = datetime.date.fromisoformat

    def d(s: Any) -> Any:
        if s is None:
            return None
        v = cache.get(s)
        if v is None:
            v = cache[s] = parse(s)
        return v

    for f in doc.get("filings") or ():
        f["submitted_on"] = d(f["submitted_on"])
        f["collective_decision_on"] = d(f.get("collective_decision_on"))
        f["effective_on"] = d(f.get("effective_on"))
        ann = f.get("announcement")
        if ann is not None:
            ann["start"] = d(ann["start"])
            ann["end"] = d(ann["end"])
    for a in doc.get("accounts") or ():
        a["opened_on"] = d(a["opened_on"])
        a["closed_on"] = d(a.get("closed_on"))
    for e in doc.get("events") or ():
        e["date"] = d(e["date"])
        if e["kind"] == "post":
            review = e.get("review")
            if review is not None:
                review["on"] = d(review["on"])
            made = e.get("info_made_on")
            if made is not None:
                e["info_made_on"] = d(made)
    return {k: doc.get(k) or [] for k in ("units", "accounts", "filings", "events")}
