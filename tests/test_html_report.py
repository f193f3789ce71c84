"""The printable HTML report (``--format html``): its content, and how a browser draws it.

The content tests read the HTML itself. The browser tests open the report in
Debian's ``chromium`` (``apt-get install -y chromium fonts-noto-cjk``) driven by
Playwright through ``executable_path`` (no browser download): no horizontal overflow
at 1280 px and at 794 px (A4), the Chinese text drawn with a CJK font, and the PDF
printed on A4 with each article on a new page and its Chinese text extractable. They
keep a PNG screenshot of each example's report under ``build/report-screenshots/``
(a CI artefact). Without a browser they skip, except under ``CI=true``, where a
missing browser fails the run.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policyengine import cli
from policyengine.diagnostics import Lang
from policyengine.policy import Policy, load_facts, load_policy
from policyengine.report import Report

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "report-screenshots"
EXAMPLES = ("compliant", "breaches")
LANGS: tuple[Lang, ...] = ("zh", "en")
UNDECIDED = ROOT / "tests" / "data" / "cli" / "indeterminate.yaml"
INSTALL = (
    "apt-get update && apt-get install -y chromium fonts-noto-cjk; pip install playwright pypdf"
)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("anhua")


def report_of(policy: Policy, facts: Any) -> Report:
    return policy.report(facts if isinstance(facts, dict) else load_facts([facts], policy))


def page_of(policy: Policy, facts: Any, lang: Lang = "zh") -> str:
    return report_of(policy, facts).render("html", lang)


def text_of(page: str) -> str:
    """The page's text without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# --------------------------------------------------------------------------- content


def test_fact_text_is_escaped(policy: Policy, tmp_path: Path) -> None:
    """An account name is untrusted: it appears as text, never as markup."""
    facts = (ROOT / "examples" / "breaches.yaml").read_text(encoding="utf-8")
    evil = '<script>alert("x")</script>'
    facts = facts.replace("name: 安化乡政务", f"name: '{evil}'", 1)
    assert evil in facts
    path = tmp_path / "evil.yaml"
    path.write_text(facts, encoding="utf-8")
    page = page_of(policy, path)
    assert "<script" not in page
    assert html.escape(evil) in page or "&lt;script&gt;" in page


def test_self_contained(policy: Policy) -> None:
    """Nothing is fetched: no external style sheet, font, image or script."""
    page = page_of(policy, ROOT / "examples" / "breaches.yaml")
    assert "<style>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "<script" not in page and "<link" not in page


def test_articles_in_the_regulation_s_order(policy: Policy) -> None:
    page = page_of(policy, ROOT / "examples" / "breaches.yaml")
    sections = re.findall(r'<section class="article" id="([^"]+)"', page)
    checkable = [label for label, a in policy.articles.items() if policy.rules_for(label)]
    assert sections == checkable
    assert "须经本单位集体研究或主要领导同意，报区政府办公室备案" in page  # 第十六条 quoted


def test_findings_grouped_by_named_subject_with_remedy(policy: Policy) -> None:
    page = page_of(policy, ROOT / "examples" / "breaches.yaml")
    section = page[page.index('id="第十六条"') : page.index('id="第十七条"')]
    text = text_of(section)
    assert "公告期 2024-09-25 至 2024-10-15 仅 12 个工作日" in text
    assert "本次变更、关停或注销已经生效：向社会补充说明其情况" in text  # the remedy
    assert re.search(r"解读\s*：\s*第十六条“公告时间不少于15个工作日”", text)  # the reading
    assert re.search(r"定级依据\s*：", text)
    # a filing is named by the account it is about
    assert re.search(r"备案 \S+（f-2）", text), text


@pytest.mark.parametrize("lang", LANGS)
def test_a_finding_is_shown_once_and_referred_to_elsewhere(policy: Policy, lang: Lang) -> None:
    """A rule citing several articles (第八条 and 第二条) has its finding printed under
    its primary article only; each other article it cites names it with a link."""
    report = report_of(policy, ROOT / "examples" / "breaches.yaml")
    page = report.render("html", lang)
    decided = [f for f in report.findings if f.severity != "indeterminate"]
    assert page.count('<div class="finding ') == len(decided)
    sections = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<section class="article" id="([^"]+)">(.*?)</section>', page, re.S)
    }
    shared = [f for f in decided if len(f.articles) > 1]
    assert shared  # the example has such findings: 第八条 with 第二条
    for f in shared:
        message = html.escape(f.messages.get(lang), quote=False)
        assert message in sections[f.article]
        for other in f.articles[1:]:
            assert message not in sections[other]
            assert f'<a href="#{f.article}">{f.article}</a>' in sections[other]
            assert f'<a href="#{other}">{other}</a>' in sections[f.article]


def test_working_day_calendar_marks_holidays_and_adjusted_days(policy: Policy) -> None:
    """The announcement f-2 (2024-09-25 to 2024-10-15): 国庆 holidays and the two
    调休 Sundays are marked in the month calendars of September and October."""
    page = page_of(policy, ROOT / "examples" / "breaches.yaml")
    section = page[page.index('id="第十六条"') : page.index('id="第十七条"')]
    assert "2024 年 9 月" in section and "2024 年 10 月" in section
    october = section[section.index("2024 年 10 月") :]
    october = october[: october.index("</table>")]
    holidays = re.findall(r'class="day holiday">(\d+)<', october)
    adjusted = re.findall(r'class="day adjusted">(\d+)<', october)
    assert holidays == ["1", "2", "3", "4", "7"]
    assert adjusted == ["12"]
    september = section[section.index("2024 年 9 月") :]
    september = september[: september.index("</table>")]
    assert re.findall(r'class="day adjusted">(\d+)<', september) == ["29"]


def test_nothing_to_check_is_said(policy: Policy) -> None:
    facts = {"as_of": "2026-11-20", "units": [{"id": "u", "name": "安化乡", "kind": "other"}]}
    page = page_of(policy, facts)
    section = page[page.index('id="第十五条"') : page.index('id="第十六条"')]
    assert "无可检查的事实" in section and "无法据此认定符合" in section


@pytest.mark.parametrize(
    ("lang", "status", "said"),
    [("zh", "未完全检查", "参数 low_use_monthly_active_users 未设置"),
     ("en", "not fully checked", "the parameter low_use_monthly_active_users is unset")],
)  # fmt: skip
def test_not_fully_checked_is_said(policy: Policy, lang: Lang, status: str, said: str) -> None:
    """The compliant example with the default parameters: 第十一条's low-use rule decided
    nothing, so the article is not shown as met."""
    page = page_of(policy, "examples/compliant.yaml", lang)
    section = text_of(page[page.index('id="第十一条"') : page.index('id="第十二条"')])
    assert status in section and said in section
    section = text_of(page[page.index('id="第十二条"') : page.index('id="第十三条"')])
    assert status not in section and "low_use" not in section


def test_undecided_findings_have_their_own_section(policy: Policy) -> None:
    page = page_of(policy, UNDECIDED)
    assert 'id="undecided"' in page
    section = text_of(page[page.index('id="undecided"') :])
    assert "无法判定的事项" in section and "2027" in section and "--calendar" in section
    article = page[page.index('id="第十六条"') : page.index('id="第十七条"')]
    assert 'href="#undecided"' in article


def test_english(policy: Policy) -> None:
    page = page_of(policy, ROOT / "examples" / "breaches.yaml", "en")
    assert '<html lang="en">' in page
    assert "Compliance statement" in page and "Remedy" in page
    assert "第十六条" in page  # articles keep the regulation's own form


def test_output_html_implies_the_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.html"
    status = cli.main(["eval", "anhua", "examples/breaches.yaml", "--output", str(out)])
    assert status == 1
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""


def test_report_without_policy_is_refused(policy: Policy) -> None:
    report = report_of(policy, ROOT / "examples" / "compliant.yaml")
    bare = Report(report.result)
    with pytest.raises(ValueError, match="policy"):
        bare.render("html")


# --------------------------------------------------------------------------- browser


def _chromium() -> str:
    """Debian's chromium, or a skip (a failure under CI) saying how to install it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        message = f"no chromium/playwright/pypdf for the browser tests; install: {INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where chromium's sandbox refuses to start
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(policy: Policy, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each example's report, in both languages, written to a file."""
    folder = tmp_path_factory.mktemp("reports")
    out: dict[tuple[str, str], Path] = {}
    for example in EXAMPLES:
        for lang in LANGS:
            path = folder / f"{example}.{lang}.html"
            page = page_of(policy, ROOT / "examples" / f"{example}.yaml", lang)
            path.write_text(page, encoding="utf-8")
            out[example, lang] = path
    return out


CASES = [(e, lang) for e in EXAMPLES for lang in ("zh", "en")]


@pytest.mark.parametrize("width", [1280, 794])
@pytest.mark.parametrize(("example", "lang"), CASES)
def test_no_horizontal_overflow(
    browser: Any, pages: dict[tuple[str, str], Path], example: str, lang: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(pages[example, lang].as_uri())
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width == 1280 and lang == "zh":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{example}.png"), full_page=True)
    page.close()
    assert scroll <= inner == width


@pytest.mark.parametrize("example", EXAMPLES)
def test_chinese_is_drawn_with_a_cjk_font(
    browser: Any, pages: dict[tuple[str, str], Path], example: str
) -> None:
    page = browser.new_page()
    page.goto(pages[example, "zh"].as_uri())
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    cdp.send("CSS.enable")
    fonts = []
    for selector in ("h1", "blockquote.clause", "td.reason"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    page.close()
    assert fonts
    assert all("CJK" in f["familyName"] for f in fonts), fonts


@pytest.mark.parametrize("example", EXAMPLES)
def test_pdf_on_a4_with_each_article_on_a_new_page(
    browser: Any, pages: dict[tuple[str, str], Path], example: str
) -> None:
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(pages[example, "zh"].as_uri())
    headings = page.eval_on_selector_all(
        "section.article h2.article-heading", "hs => hs.map(h => h.innerText)"
    )
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    # A4 is 595.3 x 841.9 points (chromium rounds to whole CSS pixels)
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
    # Noto CJK shares a few glyphs between an ideograph and a radical, and the PDF may
    # name the radical (⼈ for 人): NFKC gives most back (not ⺠ for 民), so the test
    # asks for whole phrases without those and for ideographs nearly everywhere.
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    assert "安化彝族乡" in texts[0] and "合规检查报告" in texts[0] and "检查日期" in texts[0]
    chinese = [ch for t in texts for ch in t if unicodedata.east_asian_width(ch) == "W"]
    ideographs = [ch for ch in chinese if "\u4e00" <= ch <= "\u9fff"]
    assert len(ideographs) > 0.95 * len(chinese)
    starts = [t.lstrip().split("\n", 1)[0] for t in texts]
    assert headings
    for heading in headings:
        first = unicodedata.normalize("NFKC", heading.split()[0])
        assert any(s.startswith(first) for s in starts), (first, starts)
