"""Anhua-shaped fact sets for the benchmark: many townships, their accounts, filings and a
year of posts, generated with a fixed seed.

The shape follows ``docs/facts.md``. Per township (unit) there are on average

* 2.7 accounts: the website, a WeChat account, half the time a second new-media account
  (Weibo, Douyin, Toutiao, Kuaishou) and now and then an app or mini program;
* 3.2 filings: one ``open`` filing per account, a ``shutdown``/``cancel`` filing for every
  closed account and a ``change`` filing for some active ones; the announcement periods of
  the latter are placed across 国庆, 春节 and 五一 so that working days and weekdays differ;
* about 6 events that are not posts (map uses, personnel transfers, trainings, security
  assessments, the rare incident) and about 140 posts (the bulk), dated within the year
  before ``as_of`` (2026-11-20); some accounts stopped posting weeks ago.

Violations occur at low, plausible rates (a few per cent of records), and unit 0 plants at
least one of each checked by the hand-written loop, so that even a 1k smoke run exercises
every compared rule. One more township (``EDGE_UNIT``) holds the edges of those rules: what
the policy leaves out (the website's filings, acts before the effective date or after the
check date, accounts it does not count) beside what it just reaches, so that a hand-written
loop that forgets a condition fails the agreement check at any size. The total number of
facts is exactly the requested size (posts fill what the other kinds leave).

Files: one JSON document (``facts-N.json``) and one JSON Lines file (``facts-N.jsonl``,
``as_of`` on the first line). When a file would exceed the loader's per-file size limit
(``policyengine.facts.raw.MAX_JSON_BYTES``) it is written instead as a folder of parts
(``facts-N.json.d/part-000.json`` ...), which the loader merges by kind.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

FORMAT_VERSION = 4
SEED = 20231031
AS_OF = datetime.date(2026, 11, 20)
EFFECTIVE = datetime.date(2023, 10, 31)  # 第三十五条
EDGE_UNIT = "u-edge"  # the township of edge cases (``_Generator.edges``)

POSTS_PER_UNIT = 140
NON_POSTS_PER_UNIT = 12.8  # measured average of what _Generator.unit() makes besides posts

MATERIALS_BASE = (
    "registration_form",
    "meeting_minutes",
    "staffing_equipment",
    "review_mechanism",
    "security_ops",
    "map_usage",
    "name_and_design",
)
SECOND_PLATFORMS = ("weibo", "douyin", "toutiao", "kuaishou")
SOURCES = ("新华网", "人民网", "云南发布", "玉溪发布", "江川发布", "央视新闻", "云南日报")
SYLLABLES = "安化江城龙泉九溪前卫雄关路居大街星云海门双龙白塔青松玉溪永和太平福寿华宁通海"
SUFFIXES = ("乡", "镇", "街道", "彝族乡")
PORTAL = "www.jiangchuan.gov.cn"

# Holidays across which announcement periods are placed (first day off).
HOLIDAY_ANCHORS = [
    datetime.date(2023, 9, 29),  # 中秋+国庆
    datetime.date(2024, 2, 10),  # 春节
    datetime.date(2024, 5, 1),
    datetime.date(2024, 10, 1),
    datetime.date(2025, 1, 28),
    datetime.date(2025, 5, 1),
    datetime.date(2025, 10, 1),
    datetime.date(2026, 2, 15),
    datetime.date(2026, 5, 1),
    datetime.date(2026, 10, 1),
]


class _Dates:
    """ISO strings of ordinals, cached (the generator formats millions of dates)."""

    def __init__(self) -> None:
        self.cache: dict[int, str] = {}

    def __call__(self, ordinal: int) -> str:
        s = self.cache.get(ordinal)
        if s is None:
            s = self.cache[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return s


def _ord(y: int, m: int, d: int) -> int:
    return datetime.date(y, m, d).toordinal()


class _Generator:
    def __init__(self, size: int, seed: int = SEED) -> None:
        self.size = size
        self.rng = random.Random(f"{seed}:{size}")
        self.iso = _Dates()
        self.units: list[dict[str, Any]] = []
        self.accounts: list[dict[str, Any]] = []
        self.filings: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        # Per account that may post: (id, weight, first ordinal, last ordinal)
        self.posters: list[tuple[str, float, int, int]] = []
        self.next_event = 0
        self.next_filing = 0
        self.as_of = AS_OF.toordinal()

    # -- ids

    def event_id(self) -> str:
        self.next_event += 1
        return f"e-{self.next_event:07d}"

    def filing_id(self) -> str:
        self.next_filing += 1
        return f"f-{self.next_filing:06d}"

    # -- one township

    def unit(self, n: int) -> None:
        rng = self.rng
        uid = f"u{n:05d}"
        name = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(SUFFIXES)
        r = rng.random()
        kind = (
            "township_government"
            if r < 0.85
            else "village_committee"
            if r < 0.93
            else "internal_office"
            if r < 0.96
            else "other"
        )
        self.units.append({"id": uid, "name": name + "人民政府", "kind": kind})
        staff = [f"s{i}" for i in range(1, rng.randint(3, 6))]
        plan = [("web", "website")]
        plan.append(("wx", "wechat"))
        if rng.random() < 0.5 or n == 0:
            plan.append(("nm", rng.choice(SECOND_PLATFORMS)))
        if rng.random() < 0.15 or n == 0:
            plan.append(("app", rng.choice(("app", "mini_program"))))
        systems: list[str] = []
        for suffix, platform in plan:
            aid = f"{uid}-{suffix}"
            self.account(n, uid, name, aid, platform, staff)
            if platform in ("website", "app", "mini_program"):
                systems.append(aid)
        self.unit_events(n, uid, plan, systems, staff)

    def account(
        self, n: int, uid: str, uname: str, aid: str, platform: str, staff: list[str]
    ) -> None:
        rng, iso = self.rng, self.iso
        website = platform == "website"
        system = platform in ("website", "app", "mini_program")
        # Most accounts have existed for years; some were opened after the regulation.
        if n == 0 and platform in ("app", "mini_program"):
            opened = _ord(2024, 3, 20)  # planted: an opening in scope (第十五条 materials)
        elif rng.random() < 0.8:
            opened = rng.randint(_ord(2015, 1, 1), _ord(2023, 10, 1))
        else:
            opened = rng.randint(_ord(2023, 10, 1), _ord(2026, 9, 30))
        status = "active"
        if not website:
            r = rng.random()
            if r < 0.06:
                status = "closed"
            elif r < 0.08:
                status = "cancelled"
        closing: dict[str, Any] | None = None
        closed: int | None = None
        if status != "active":
            earliest = max(opened + 60, _ord(2022, 1, 1))
            if earliest < self.as_of - 60:
                kind = "shutdown" if status == "closed" else "cancel"
                closing, closed = self.change_filing(n, aid, kind, earliest)
            else:
                status = "active"
        a: dict[str, Any] = {
            "id": aid,
            "name": uname + ("门户网站" if website else "发布"),
            "platform": platform,
            "sponsor": uid,
            "opened_as": "unit",
            "purpose": "general",
            "status": status,
            "opened_on": iso(opened),
            "managed_by": "综合管理办公室" if website else "宣传文化中心",
            "maintainers": staff[:2],
        }
        r = rng.random()
        if r < 0.004:
            a["opened_as"] = "individual"
        elif r < 0.008:
            a["opened_as"] = "internal_office"
        if rng.random() < 0.01:
            a["purpose"] = rng.choice(("event", "special_task"))
        if rng.random() < 0.02:
            a["managed_by"] = "党政综合办公室"
        if closed is not None:
            a["closed_on"] = iso(closed)
        if website:
            host = PORTAL if rng.random() < 0.98 else "anhua.yuxi.gov.cn"
            a["url"] = f"https://{host}/{uid}"
        elif not system:
            r = rng.random()
            if r < 0.88:
                a["platform_approved"] = True
            elif r < 0.99:
                pass  # unknown
            else:
                a["platform_approved"] = False
            cert: dict[str, Any] = {
                "verified": rng.random() < 0.97,
                "shows_sponsor": rng.random() < 0.95,
            }
            if status != "active" and closed is not None and rng.random() < 0.7:
                cert["cancelled_on"] = iso(closed + rng.randint(0, 30))
            a["certification"] = cert
            a["monthly_active_users"] = int(rng.lognormvariate(7, 1.2))
            cols = ["info_release", "interpretation", "service", "interaction"]
            if rng.random() < 0.1:
                cols.remove(rng.choice(cols))
            a["columns"] = cols
        if rng.random() < 0.02:
            a["maintainers"] = []
        if rng.random() < 0.95:
            a["security_officer"] = staff[-1]
        if rng.random() < 0.01:
            a["superior_exemption"] = True
        if system:
            if rng.random() < 0.9:
                a["mlps_level"] = 2 if rng.random() < 0.85 else 3
                a["mlps_filed_on"] = iso(opened + rng.randint(10, 200))
            if platform != "website":
                app: dict[str, Any] = {
                    "ipv6": rng.random() < 0.9,
                    "multi_terminal": rng.random() < 0.92,
                }
                if rng.random() < 0.6:
                    app["mlps_tested_on"] = iso(self.as_of - rng.randint(30, 900))
                a["app"] = app
        self.accounts.append(a)
        self.open_filing(n, aid, opened)
        if closing is not None:
            self.filings.append(closing)
        elif rng.random() < 0.15 or (n == 0 and platform == "wechat"):
            earliest = max(opened + 30, _ord(2022, 1, 1))
            if earliest < self.as_of - 60:
                self.filings.append(self.change_filing(n, aid, "change", earliest)[0])
        # Posting plan: websites and WeChat post most; some accounts went quiet.
        weight = {"website": 1.0, "wechat": 1.5, "app": 0.2, "mini_program": 0.2}.get(
            platform, 0.8
        ) * rng.lognormvariate(0, 0.8)
        first = max(opened, self.as_of - 365)
        last = self.as_of
        if closed is not None:
            last = min(last, closed)
        elif rng.random() < 0.04 or (n == 0 and platform == "wechat"):
            last = self.as_of - rng.randint(15, 120)  # stale
        if last >= first:
            self.posters.append((aid, weight, first, last))

    def _approvals(self, f: dict[str, Any], submitted: int) -> None:
        """Decision, leader, district approval and system filings around a submission."""
        rng, iso = self.rng, self.iso
        if rng.random() < 0.96:
            before = rng.randint(1, 12) if rng.random() < 0.99 else -rng.randint(1, 5)
            f["collective_decision_on"] = iso(submitted - before)
        f["leader_approved"] = rng.random() < 0.97
        approved = submitted + rng.randint(1, 5)
        if rng.random() < 0.97:
            f["district_approved_on"] = iso(approved)
        elif rng.random() < 0.5:
            f["district_filed_on"] = iso(approved)
        if rng.random() < 0.96:
            f["national_system_filed_on"] = iso(approved + rng.randint(0, 6))
        if rng.random() < 0.96:
            f["municipal_system_filed_on"] = iso(approved + rng.randint(0, 6))

    def open_filing(self, n: int, aid: str, opened: int) -> None:
        rng, iso = self.rng, self.iso
        submitted = opened - rng.randint(8, 40)
        f: dict[str, Any] = {
            "id": self.filing_id(),
            "account": aid,
            "kind": "open",
            "submitted_on": iso(submitted),
        }
        self._approvals(f, submitted)
        materials = list(MATERIALS_BASE)
        if rng.random() < 0.07 or (n == 0 and aid.endswith("-app")):
            for _ in range(rng.randint(1, 2)):
                materials.remove(rng.choice(materials))
        if rng.random() < 0.08:
            f["outsourced"] = True
            if rng.random() < 0.85:
                materials.append("outsourcing_agreement")
        if rng.random() < 0.05:
            f["news_service"] = True
            if rng.random() < 0.8:
                materials.append("news_license")
        if n == 0 and aid.endswith("-wx"):
            f["leader_approved"] = False  # planted (第十四条)
        f["materials"] = materials
        self.filings.append(f)

    def change_filing(
        self, n: int, aid: str, kind: str, earliest: int
    ) -> tuple[dict[str, Any], int]:
        """A change/shutdown/cancel filing whose announcement often spans a holiday, and the
        day it takes effect. The filing gets its id now but is listed by the caller."""
        rng, iso = self.rng, self.iso
        length = rng.randint(19, 30) if n else 21  # calendar days, both ends counted
        start = 0
        if n == 0 or rng.random() < 0.65:
            # Starts up to three weeks before a holiday, so the holiday falls inside.
            anchors = [a.toordinal() for a in HOLIDAY_ANCHORS if a.toordinal() - 21 >= earliest]
            if anchors:
                start = rng.choice(anchors) - rng.randint(0, 21)
        if not start:
            start = rng.randint(earliest, self.as_of - 45)
        end = start + length - 1
        approved = start - rng.randint(1, 4)
        submitted = approved - rng.randint(1, 6)
        f: dict[str, Any] = {
            "id": self.filing_id(),
            "account": aid,
            "kind": kind,
            "submitted_on": iso(submitted),
        }
        self._approvals(f, submitted)
        f.pop("district_approved_on", None)
        if rng.random() < 0.97:
            f["district_approved_on"] = iso(approved)
        f["materials"] = []
        effective = end + 1
        if rng.random() < 0.97:
            f["announcement"] = {"start": iso(start), "end": iso(end)}
            if rng.random() < 0.04:
                effective = end - rng.randint(0, 5)
            f["effective_on"] = iso(effective)
        return f, effective

    def unit_events(
        self, n: int, uid: str, plan: list[tuple[str, str]], systems: list[str], staff: list[str]
    ) -> None:
        rng, iso, as_of = self.rng, self.iso, self.as_of
        events = self.events
        for _ in range(rng.choice((1, 2, 2, 3))):
            acc = f"{uid}-{rng.choice(plan)[0]}"
            m: dict[str, Any] = {
                "id": self.event_id(),
                "kind": "map_use",
                "date": iso(as_of - rng.randint(0, 700)),
                "account": acc,
            }
            r = rng.random()
            if r < 0.6:
                m["map_kind"] = "standard"
            elif r < 0.95:
                m["map_kind"] = "approved"
                q = rng.random()
                if q < 0.9:
                    m["approval_number"] = rng.choice(
                        (f"GS({rng.randint(2016, 2024)}){rng.randint(100, 9999)}号",
                         f"云S({rng.randint(2016, 2024)}){rng.randint(1, 200):03d}号")
                    )  # fmt: skip
                elif q < 0.95:
                    m["approval_number"] = "已审核"
            else:
                m["map_kind"] = "other"
            events.append(m)
        if rng.random() < 0.6:
            day = as_of - rng.randint(0, 900)
            t: dict[str, Any] = {
                "id": self.event_id(),
                "kind": "personnel_transfer",
                "date": iso(day),
                "unit": uid,
                "staff": rng.choice(staff),
                "handover": rng.random() < 0.95,
                "confidentiality_pledge": rng.random() < 0.95,
            }
            q = rng.random()
            if q < 0.85:
                t["passwords_changed_on"] = iso(day - rng.randint(0, 3))
            elif q < 0.95:
                t["passwords_changed_on"] = iso(day + rng.randint(1, 10))
            events.append(t)
        for _ in range(rng.choice((1, 1, 2, 2))):
            tr: dict[str, Any] = {
                "id": self.event_id(),
                "kind": "training",
                "date": iso(as_of - rng.randint(0, 600)),
                "unit": uid,
                "staff": staff[: rng.randint(1, len(staff))],
                "topic": "security" if rng.random() < 0.7 else "other",
            }
            if rng.random() < 0.8:
                tr["assessed"] = rng.random() < 0.75
            events.append(tr)
        for acc in systems:
            for _ in range(rng.choice((1, 1, 2))):
                passed = rng.random() < 0.9
                s: dict[str, Any] = {
                    "id": self.event_id(),
                    "kind": "security_assessment",
                    "date": iso(as_of - rng.randint(0, 1000)),
                    "account": acc,
                    "level": 2,
                    "passed": passed,
                }
                if not passed and rng.random() < 0.7:
                    s["rectified_on"] = iso(as_of - rng.randint(0, 100))
                events.append(s)
        if rng.random() < 0.05:
            events.append(
                {
                    "id": self.event_id(),
                    "kind": "security_incident",
                    "date": iso(as_of - rng.randint(0, 700)),
                    "account": f"{uid}-wx",
                    "incident": rng.choice(("account_stolen", "defaced", "leak", "other")),
                }
            )

    # -- the edges of the compared rules

    def edges(self) -> None:
        """One more township whose facts lie on the edges of the compared rules: what the
        policy leaves out, beside what it just reaches, so that a hand-written loop that
        forgets a condition disagrees with the engine even at 1k facts. Fixed values, no
        random draws: the other townships are the same with or without it."""
        iso, as_of = self.iso, self.as_of
        effective = EFFECTIVE.toordinal()
        uid = EDGE_UNIT
        self.units.append({"id": uid, "name": "边界核对乡人民政府", "kind": "township_government"})

        def account(suffix: str, platform: str, opened: int, **extra: Any) -> str:
            aid = f"{uid}-{suffix}"
            self.accounts.append(
                {
                    "id": aid, "name": f"边界核对{suffix}", "platform": platform, "sponsor": uid,
                    "opened_as": "unit", "purpose": "general", "status": "active",
                    "opened_on": iso(opened), "managed_by": "宣传文化中心",
                    "maintainers": ["s1"], **extra,
                }
            )  # fmt: skip
            return aid

        # 第十一条 counts one account here (wx): not the website, the app, the account a
        # superior exempts or the closed one. 第十七条 leaves out the website and the
        # closed account; nm is stale once its post after the check date is set aside,
        # and wx is not, though its one post is old: it opened after it.
        web = account("web", "website", _ord(2024, 3, 20), url=f"https://{PORTAL}/{uid}")
        wx = account("wx", "wechat", as_of - 5)
        nm = account("nm", "weibo", _ord(2020, 3, 1), superior_exemption=True)
        app = account("app", "app", _ord(2020, 3, 1))
        account("dy", "douyin", _ord(2019, 3, 1), status="closed", closed_on=iso(_ord(2024, 5, 1)))

        # 第十四条 to 第十六条: changes announced for five working days without a decision
        # or the leader's consent, judged by the act (acted_on), not the paper: on the
        # website (never judged: not new media); on new media in effect the day before the
        # effective date (paper before it, and after it), on it (paper before it), on the
        # announcement's last day and the day after, after the check date (a request still
        # to come: its missing decision is judged, its announcement not yet), of unknown
        # day, and on a paper handed in after the check date; a shutdown of an account
        # still running on the check date (no act, whatever day the filing planned).
        def change(
            account: str,
            submitted: int,
            start: int,
            end: int,
            effective: int | None,
            kind: str = "change",
        ) -> None:
            f: dict[str, Any] = {
                "id": self.filing_id(), "account": account, "kind": kind,
                "submitted_on": iso(submitted), "leader_approved": False, "materials": [],
                "announcement": {"start": iso(start), "end": iso(end)},
            }  # fmt: skip
            if effective is not None:
                f["effective_on"] = iso(effective)
            self.filings.append(f)

        change(web, _ord(2024, 4, 10), _ord(2024, 4, 15), _ord(2024, 4, 19), _ord(2024, 4, 22))
        change(nm, _ord(2023, 10, 16), _ord(2023, 10, 17), _ord(2023, 10, 23), effective - 1)
        change(nm, _ord(2023, 11, 2), _ord(2023, 10, 17), _ord(2023, 10, 23), effective - 1)
        change(nm, _ord(2023, 10, 20), _ord(2023, 10, 23), _ord(2023, 10, 27), effective)
        change(nm, _ord(2024, 5, 6), _ord(2024, 5, 13), _ord(2024, 5, 17), _ord(2024, 5, 17))
        change(nm, _ord(2024, 5, 6), _ord(2024, 5, 13), _ord(2024, 5, 17), _ord(2024, 5, 18))
        change(nm, as_of - 20, as_of - 14, as_of - 8, as_of + 1)
        change(nm, effective, _ord(2023, 11, 1), _ord(2023, 11, 7), None)
        change(nm, as_of + 1, as_of + 3, as_of + 9, as_of + 12)
        change(nm, as_of - 40, as_of - 35, as_of - 29, as_of - 20, kind="shutdown")
        self.filings.append(
            {"id": self.filing_id(), "account": web, "kind": "open",
             "submitted_on": iso(_ord(2024, 3, 1)), "leader_approved": True,
             "collective_decision_on": iso(_ord(2024, 2, 27)), "materials": []}
        )  # fmt: skip

        # 第十八条 to 第二十条: an unsourced, unreviewed repost 45 days after its
        # information, the day before the effective date, on it, on the check date and the
        # day after; information whose 20-working-day deadline fell the day before the
        # effective date (2023-10-30), and on it.
        def post(account: str, day: int, made: int | None = None, bare: bool = False) -> None:
            p: dict[str, Any] = {
                "id": self.event_id(), "kind": "post", "date": iso(day), "account": account,
                "repost": bare,
            }  # fmt: skip
            if not bare:
                p["review"] = {"reviewer": "s1", "on": iso(day)}
            if made is not None:
                p["info_made_on"] = iso(made)
            self.events.append(p)

        for day, on in ((effective - 1, app), (effective, app), (as_of, web), (as_of + 1, nm)):
            post(on, day, made=day - 45, bare=True)
        post(nm, as_of - 50)
        post(wx, as_of - 50)  # before wx opened
        post(app, _ord(2023, 11, 6), made=_ord(2023, 9, 26))
        post(app, _ord(2023, 11, 6), made=_ord(2023, 9, 27))

    # -- the bulk

    def posts(self, count: int) -> None:
        rng, iso = self.rng, self.iso
        if count <= 0 or not self.posters:
            return
        weights = [p[1] for p in self.posters]
        chosen = rng.choices(self.posters, weights=weights, k=count)
        random_ = rng.random
        randint = rng.randint
        events = self.events
        planted = 0
        for aid, _, first, last in chosen:
            day = randint(first, last)
            p: dict[str, Any] = {
                "id": self.event_id(),
                "kind": "post",
                "date": iso(day),
                "account": aid,
                "repost": False,
            }
            if random_() < 0.25:
                p["repost"] = True
                r = random_()
                if r < 0.97:
                    p["source"] = SOURCES[int(random_() * len(SOURCES))]
                elif r < 0.985:
                    p["source"] = ""
                r = random_()
                if r < 0.86:
                    p["source_kind"] = "party_government" if r < 0.5 else "authoritative_media"
                elif r < 0.9:
                    p["source_kind"] = "other"
                r = random_()
                if r < 0.7:
                    p["altered"] = r < 0.004
            r = random_()
            if r < 0.96:
                p["review"] = {"reviewer": "s1", "on": iso(day - randint(0, 2))}
            elif r < 0.97:
                p["review"] = {"reviewer": "s2", "on": iso(day + 1)}
            if random_() < 0.3:
                lag = randint(0, 12) if random_() < 0.96 else randint(25, 60)
                p["info_made_on"] = iso(day - lag)
            if planted < 4 and aid.startswith("u00000-"):
                # planted: a repost without a source, an unreviewed post, a late one
                p["repost"] = True
                p.pop("source", None)
                p.pop("review", None)
                p["info_made_on"] = iso(day - 45)
                planted += 1
            events.append(p)

    def build(self) -> dict[str, Any]:
        units = max(1, round(self.size / (POSTS_PER_UNIT + NON_POSTS_PER_UNIT)))
        for n in range(units):
            self.unit(n)
            if (
                len(self.units) + len(self.accounts) + len(self.filings) + len(self.events)
                >= self.size
            ):
                break
        self.edges()
        taken = len(self.units) + len(self.accounts) + len(self.filings) + len(self.events)
        self.posts(self.size - taken)
        return {
            "as_of": AS_OF.isoformat(),
            "units": self.units,
            "accounts": self.accounts,
            "filings": self.filings,
            "events": self.events,
        }


def generate(size: int, seed: int = SEED) -> dict[str, Any]:
    """A fact document (dates as ISO strings) of exactly ``size`` facts, or a few more when
    ``size`` is smaller than one township."""
    return _Generator(size, seed).build()


# --------------------------------------------------------------------------- writing


class _Parts:
    """Writes records into one file, or into numbered parts when a part would exceed
    ``limit`` bytes; ``finish`` leaves a single file at ``target`` when one part sufficed."""

    def __init__(self, target: Path, suffix: str, limit: int | None, jsonl: bool) -> None:
        self.target = target
        self.folder = target.with_name(target.name + ".d")
        self.tmp = target.with_name(target.name + ".tmp.d")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self.suffix = suffix
        self.limit = limit
        self.jsonl = jsonl
        self.parts = 0
        self.stream: Any = None
        self.size = 0
        self.key: str | None = None
        self.header = b'{"as_of":"' + AS_OF.isoformat().encode() + b'"}\n'

    def _open(self) -> None:
        self.stream = open(self.tmp / f"part-{self.parts:03d}{self.suffix}", "wb")  # noqa: SIM115
        self.parts += 1
        self.key = None
        if self.jsonl:
            self.stream.write(self.header)
            self.size = len(self.header)
        else:
            start = b'{"as_of":"' + AS_OF.isoformat().encode() + b'"'
            self.stream.write(start)
            self.size = len(start)

    def _close(self) -> None:
        if self.stream is None:
            return
        if not self.jsonl:
            self.stream.write(b"\n]}\n" if self.key is not None else b"}\n")
        self.stream.close()
        self.stream = None

    def add(self, key: str, blob: bytes) -> None:
        line = b'{"' + key.encode() + b'":' + blob + b"}\n" if self.jsonl else blob
        extra = len(line) + len(key) + 16
        if self.stream is None or (self.limit is not None and self.size + extra > self.limit):
            self._close()
            self._open()
        if self.jsonl:
            self.stream.write(line)
            self.size += len(line)
            return
        if key != self.key:
            head = (b"\n]" if self.key is not None else b"") + b',\n"' + key.encode() + b'":[\n'
            self.key = key
        else:
            head = b",\n"
        self.stream.write(head)
        self.stream.write(line)
        self.size += len(head) + len(line)

    def finish(self) -> Path:
        if self.stream is None:
            self._open()
        self._close()
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.target.exists():
            self.target.unlink()
        if self.parts == 1:
            (self.tmp / f"part-000{self.suffix}").rename(self.target)
            shutil.rmtree(self.tmp)
            return self.target
        self.tmp.rename(self.folder)
        return self.folder


def _loader_limit() -> int | None:
    try:
        from policyengine.facts import raw as loader
    except Exception:  # pragma: no cover - the loader is being written concurrently
        return None
    limit = getattr(loader, "MAX_JSON_BYTES", None)
    return int(limit * 0.95) if isinstance(limit, int) else None


def _records(doc: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
    for key in ("units", "accounts", "filings", "events"):
        for record in doc[key]:
            yield key, orjson.dumps(record)


def ensure_facts(size: int, out: Path, seed: int = SEED) -> dict[str, Any]:
    """Generate (or reuse) the JSON and JSON Lines files of one size; their manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / f"facts-{size}.manifest.json"
    limit = _loader_limit()
    key = {"version": FORMAT_VERSION, "seed": seed, "size": size, "part_limit": limit}
    if manifest_path.exists():
        manifest: dict[str, Any]
        try:
            manifest = json.loads(manifest_path.read_text())
        except ValueError:
            manifest = {}
        if manifest.get("key") == key and all(
            Path(manifest[k]).exists() for k in ("json", "jsonl")
        ):
            manifest["reused"] = True
            return manifest
    doc = generate(size, seed)
    counts = {k: len(doc[k]) for k in ("units", "accounts", "filings", "events")}
    counts["posts"] = sum(1 for e in doc["events"] if e["kind"] == "post")
    json_parts = _Parts(out / f"facts-{size}.json", ".json", limit, jsonl=False)
    jsonl_parts = _Parts(out / f"facts-{size}.jsonl", ".jsonl", limit, jsonl=True)
    for k, blob in _records(doc):
        json_parts.add(k, blob)
        jsonl_parts.add(k, blob)
    json_path, jsonl_path = json_parts.finish(), jsonl_parts.finish()
    manifest = {
        "key": key,
        "json": str(json_path),
        "jsonl": str(jsonl_path),
        "json_bytes": _bytes(json_path),
        "jsonl_bytes": _bytes(jsonl_path),
        "json_parts": json_parts.parts,
        "jsonl_parts": jsonl_parts.parts,
        "counts": counts,
        "facts": sum(counts[k] for k in ("units", "accounts", "filings", "events")),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1))
    manifest["reused"] = False
    return manifest


def _bytes(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def files_of(path: str | os.PathLike[str]) -> list[Path]:
    """The files of a fact path (a file, or a folder of parts in name order)."""
    p = Path(path)
    return sorted(p.iterdir()) if p.is_dir() else [p]
