"""The ledger: a workbook made from the policy, filled in as a clerk would, read back.

Every test reads through ``policyengine eval`` (or :func:`load_facts`), the way a
clerk's ledger is read, and errors are checked by their sheet and cell.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from policyengine import cli
from policyengine.errors import FactError
from policyengine.facts import load_facts
from policyengine.ledger import workbook
from policyengine.ledger.layout import LayoutError, column_letter, sheets
from policyengine.ledger.read import parse_text_date
from policyengine.policy import load_policy
from policyengine.text import Text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "compliant.yaml", ROOT / "examples" / "breaches.yaml"]
POLICY = load_policy("anhua")
SCHEMA = POLICY.checked.schema


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def template(capsys: pytest.CaptureFixture[str], path: Path, *facts: Path) -> openpyxl.Workbook:
    argv = ["template", "anhua", str(path)]
    if facts:
        argv += ["--from", *map(str, facts)]
    status, _, err = run(capsys, *argv)
    assert status == 0, err
    return openpyxl.load_workbook(path)


def column(ws: object, code: str) -> str:
    """The letter of the column whose code (row 2) is ``code``."""
    for cell in ws[2]:  # type: ignore[index]
        if cell.value == code:
            return str(cell.column_letter)
    raise AssertionError(f"no column {code}")


def findings(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    status, out, err = run(capsys, "eval", "anhua", *argv, "--format", "json")
    assert status in (0, 1), err
    return json.loads(out)["findings"]  # type: ignore[no-any-return]


def errors_of(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    status, out, err = run(capsys, "eval", "anhua", str(path), "--lang", "zh")
    assert status == 2 and not out, (status, out)
    assert "Traceback" not in err
    return err


# --------------------------------------------------------------------------- round trip


def _id(record: dict[str, object]) -> str:
    return str(record["id"])


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_both_examples_read_back_with_the_same_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Path
) -> None:
    ledger = tmp_path / "台账.xlsx"
    template(capsys, ledger, example)
    assert findings(capsys, str(ledger)) == findings(capsys, str(example))
    a = load_facts([example], SCHEMA)
    b = load_facts([ledger], SCHEMA)
    # The same records (a ledger lists events by kind, one sheet each, not in file order).
    for kind in a.by_kind:
        assert sorted(a.by_kind[kind], key=_id) == sorted(b.by_kind[kind], key=_id), kind
    assert a.as_of == b.as_of and not b.warnings


def test_the_template_lays_out_the_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = template(capsys, tmp_path / "t.xlsx")
    names = [s.name for s in sheets(SCHEMA)]
    assert book.sheetnames == ["填写说明", *names, "下拉列表"]
    assert names[:4] == ["单位", "账号", "备案", "发布"]
    assert book["下拉列表"].sheet_state == "hidden"
    filings = book["备案"]
    start = column(filings, "announcement.start")
    assert filings[f"{start}1"].value == "公告开始"
    assert filings[f"{column(filings, 'materials[registration_form]')}1"].value == (
        "材料：（一）备案登记表"
    )
    accounts = book["账号"]
    assert accounts.column_dimensions[column(accounts, "opened_on")].number_format == "yyyy-mm-dd"
    assert accounts.column_dimensions[column(accounts, "id")].number_format == "@"
    lists = {str(dv.sqref): dv.formula1 for dv in accounts.data_validations.dataValidation}
    platform = column(accounts, "platform")
    assert any(platform in area and "下拉列表" in f for area, f in lists.items())
    guide = [[c.value for c in row] for row in book["填写说明"].iter_rows()]
    assert guide[1] == ["检查台账的命令", "policyengine eval anhua t.xlsx", *[None] * 5]
    opened = next(row for row in guide if row[2] == "opened_on" and row[0] == "账号")
    assert opened[4] == "必填" and "第十一条" in str(opened[6])
    # the words of each type are the schema's table's (schema.type_words), in Chinese
    words = {(row[0], row[2]): row[3] for row in guide if row[0] in names}
    assert words["账号", "opened_on"] == "日期"
    assert words["账号", "platform"] == "下拉选择"
    assert words["账号", "sponsor"] == "编号"
    assert words["账号", "maintainers"] == "多个文本，用“、”或逗号分隔"
    assert words["账号", "certification.verified"] == "是/否"
    assert words["备案", "materials[registration_form]"] == "是/否"
    assert words["单位", "name"] == "文本"


# --------------------------------------------------------------------------- a clerk's ledger


def _with_saved_result(path: Path, formula: str, value: str) -> None:
    """Give a formula the saved result Excel would store (openpyxl stores none)."""
    data = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(data) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = body.replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            zout.writestr(info, body)
    path.write_bytes(out.getvalue())


def clerk_ledger(capsys: pytest.CaptureFixture[str], path: Path) -> openpyxl.Workbook:
    """A ledger filled in by hand: date cells, text dates in four forms, an id typed
    as a number, a formula, and a 备注 column."""
    book = template(capsys, path)
    units, accounts, posts = book["单位"], book["账号"], book["发布"]
    units.append(["001", "安化彝族乡人民政府", "乡镇人民政府"])
    units.append([2, "安化彝族乡综合管理办公室", "内设机构"])
    row = {
        "id": "wx",
        "name": "安化发布",
        "platform": "微信",
        "platform_approved": "是",
        "sponsor": 2,
        "opened_as": "单位",
        "purpose": "日常政务",
        "status": "运行中",
        "opened_on": datetime.date(2023, 12, 1),
        "superior_exemption": "FALSE",
        "managed_by": "宣传文化中心",
        "certification.verified": True,
        "certification.shows_sponsor": "是",
        "maintainers": "s1，s2、s3",
        "security_officer": "s2",
        "monthly_active_users": "=1000+200",
        "columns[info_release]": "是",
        "columns[service]": "否",
    }
    for code, value in row.items():
        accounts[f"{column(accounts, code)}3"] = value
    accounts.cell(1, accounts.max_column + 1, "备注")
    accounts.cell(3, accounts.max_column, "二〇二三年开通")
    for n, date in enumerate(["2024-01-05", "2024/1/6", "2024.1.8", "2024年1月9日"]):
        posts.append([f"p{n}", date, "wx", "否"])
    posts.append([None, None, None])  # an empty row
    posts.append(["p9", datetime.datetime(2024, 1, 10), "wx", "是", "人民日报", "权威媒体", "否"])
    book.save(path)
    _with_saved_result(path, "1000+200", "1200")
    return book


def test_a_clerk_s_ledger_reads_with_warnings_and_no_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    clerk_ledger(capsys, path)
    facts = load_facts([path], SCHEMA)
    assert [u["id"] for u in facts.by_kind["unit"]] == ["001", "2"]
    (account,) = facts.by_kind["account"]
    assert account["sponsor"] == "2" and account["opened_on"] == datetime.date(2023, 12, 1)
    assert account["maintainers"] == ["s1", "s2", "s3"]
    assert account["monthly_active_users"] == 1200
    assert account["columns"] == ["info_release"]
    assert account["superior_exemption"] is False
    assert account["certification"] == {"verified": True, "shows_sponsor": True}
    assert [p["date"] for p in facts.by_kind["post"]] == [
        datetime.date(2024, 1, d) for d in (5, 6, 8, 9, 10)
    ]
    assert facts.by_kind["post"][-1]["source_kind"] == "authoritative_media"
    rendered = [w.render("zh") for w in facts.warnings]
    assert [w.code for w in facts.warnings] == ["E458", "E458", "E429"]
    assert "ledger.xlsx › 单位 › A4" in rendered[0] and "数字 2" in rendered[0]
    assert "ledger.xlsx › 账号 › F3" in rendered[1]
    # the 备注 column follows the 28 declared columns of an account (app.shared_platform the 28th)
    assert "未声明的字段 `备注`" in rendered[2] and f"› {column_letter(29)}3（备注）" in rendered[2]
    status, _, err = run(capsys, "eval", "anhua", str(path), "--as-of", "2024-02-01", "--strict")
    assert status == 2 and "错误[E429]" in err and "Traceback" not in err


def test_1904_date_system(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mac.xlsx"
    book = template(capsys, path)
    book.epoch = CALENDAR_MAC_1904
    book["单位"].append(["anhua", "安化", "乡镇人民政府"])
    book["培训"].append(["t1", datetime.date(2024, 3, 1), "anhua", "s1", "网络安全"])
    book.save(path)
    with zipfile.ZipFile(path) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml")
    (training,) = load_facts([path], SCHEMA).by_kind["training"]
    assert training["date"] == datetime.date(2024, 3, 1) and training["topic"] == "security"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-05", datetime.date(2024, 1, 5)),
        ("2024/1/5", datetime.date(2024, 1, 5)),
        ("2024.1.5", datetime.date(2024, 1, 5)),
        ("2024年1月5日", datetime.date(2024, 1, 5)),
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("2023-02-28", datetime.date(2023, 2, 28)),
        ("2023-02-29", "2023-02-29"),
        ("2023/2/30", "2023-02-30"),
        ("2024-1/5", None),
        ("20240105", None),
        ("2024年1月5", None),
    ],
)
def test_text_dates(text: str, expected: object) -> None:
    assert parse_text_date(text) == expected


def test_a_folder_of_csv_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """UTF-8 with a BOM, without one, and GB18030 (what Chinese Excel writes)."""
    folder = tmp_path / "台账"
    folder.mkdir()
    (folder / "单位.csv").write_bytes(
        "编号,单位名称,单位类型\nid,name,kind\nanhua,安化彝族乡人民政府,乡镇人民政府\n".encode(
            "gb18030"
        )
    )
    (folder / "training.csv").write_bytes(
        "\ufeff编号,日期,单位,参训人员,主题,技能考核\nt-1,2024/3/1,anhua,001、s2,网络安全,是\n".encode()
    )
    (folder / "使用地图.csv").write_text("编号,日期,账号,地图类型,审图号\n", encoding="utf-8")
    facts = load_facts([folder], SCHEMA)
    assert facts.by_kind["unit"][0]["name"] == "安化彝族乡人民政府"
    (training,) = facts.by_kind["training"]
    assert training == {
        "id": "t-1",
        "kind": "training",
        "date": datetime.date(2024, 3, 1),
        "unit": "anhua",
        "staff": ["001", "s2"],
        "topic": "security",
        "assessed": True,
    }
    assert not facts.warnings


# --------------------------------------------------------------------------- errors


def test_an_impossible_date_names_its_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    book = clerk_ledger(capsys, path)
    accounts = book["账号"]
    accounts[f"{column(accounts, 'opened_on')}3"] = "2023-02-30"
    book.save(path)
    _with_saved_result(path, "1000+200", "1200")
    err = errors_of(capsys, path)
    assert '错误[E424]: account `wx` 的字段 `opened_on`："2023-02-30" 不是存在的日期' in err
    assert f"--> ledger.xlsx › 账号 › {column(accounts, 'opened_on')}3（开办日期）" in err


def test_a_value_not_in_the_drop_down(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path)
    book["单位"].append(["anhua", "安化", "乡政府"])
    book.save(path)
    err = errors_of(capsys, path)
    assert '错误[E423]: "乡政府" 不在下拉列表中' in err
    assert "--> ledger.xlsx › 单位 › C3（单位类型）" in err
    assert "提示: 可选：乡镇人民政府、内设机构、村（居）民委员会、其他" in err


def _problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(FactError) as caught:
        load_facts([path], SCHEMA)
    return [(d.code, d.location or "") for d in caught.value.diagnostics]


def test_the_ledger_s_errors_and_the_validation_s_come_together_in_cell_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A value not in its drop-down list (the reader's E423) no longer hides a date
    that does not exist (the validation's E424), on its own row or another sheet; the
    row with the bad cell is still validated, so neither its missing field nor a
    reference to its id is reported as well."""
    path = tmp_path / "ledger.xlsx"
    book = clerk_ledger(capsys, path)
    units, accounts, posts = book["单位"], book["账号"], book["发布"]
    units["C4"] = "乡政府"
    platform, opened_on = column(accounts, "platform"), column(accounts, "opened_on")
    accounts[f"{platform}3"] = "微信号"
    accounts[f"{opened_on}3"] = "2023-02-30"
    posts["B4"] = "2024-13-01"  # the post p1, of the account wx
    source_kind = column(posts, "source_kind")
    posts[f"{source_kind}4"] = "报纸"
    book.save(path)
    _with_saved_result(path, "1000+200", "1200")
    assert _problems(path) == [
        ("E423", "ledger.xlsx › 单位 › C4（单位类型）"),
        ("E423", f"ledger.xlsx › 账号 › {platform}3（平台）"),
        ("E424", f"ledger.xlsx › 账号 › {opened_on}3（开办日期）"),
        ("E424", "ledger.xlsx › 发布 › B4（日期）"),
        ("E423", f"ledger.xlsx › 发布 › {source_kind}4（{posts[f'{source_kind}1'].value}）"),
    ]
    err = errors_of(capsys, path)
    assert err.index("单位 › C4") < err.index(f"账号 › {platform}3") < err.index("发布 › B4")
    assert err.index("发布 › B4") < err.index(f"发布 › {source_kind}4")


def test_a_sheet_that_cannot_be_read_hides_no_other_sheet_s_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A sheet without a required column is not read; the other sheets still are, and
    their references into it are not reported as dangling (its ids are unknown)."""
    path = tmp_path / "ledger.xlsx"
    book = clerk_ledger(capsys, path)
    accounts, posts = book["账号"], book["发布"]
    accounts.delete_cols(openpyxl.utils.column_index_from_string(column(accounts, "opened_on")))
    posts["B4"] = "2024-13-01"
    book.save(path)
    _with_saved_result(path, "1000+200", "1200")
    (missing, date) = _problems(path)
    assert missing[0] == "E454" and missing[1].startswith("ledger.xlsx › 账号 › A1:")
    assert date == ("E424", "ledger.xlsx › 发布 › B4（日期）")


def test_a_missing_required_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path, EXAMPLES[0])
    accounts = book["账号"]
    accounts.delete_cols(openpyxl.utils.column_index_from_string(column(accounts, "opened_on")))
    book.save(path)
    err = errors_of(capsys, path)
    assert "错误[E454]: 缺少必填的列：开办日期（opened_on）" in err
    assert "--> ledger.xlsx › 账号 › A1:" in err


def test_a_duplicate_id_names_both_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path)
    book["单位"].append(["anhua", "安化", "乡镇人民政府"])
    book["单位"].append(["anhua", "安化乡", "乡镇人民政府"])
    book.save(path)
    err = errors_of(capsys, path)
    assert "错误[E427]" in err and "另一处在 ledger.xlsx › 单位 › A3（编号）" in err
    assert "--> ledger.xlsx › 单位 › A4（编号）" in err


def test_a_merged_cell_over_data(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path)
    units = book["单位"]
    units.append(["a", "安化", "乡镇人民政府"])
    units.append(["b", None, "乡镇人民政府"])
    units.merge_cells("B3:B4")
    book.save(path)
    err = errors_of(capsys, path)
    assert "错误[E455]: 数据区有合并单元格" in err and "--> ledger.xlsx › 单位 › B3:B4" in err


def test_a_formula_without_a_saved_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path)
    book["单位"].append(["a", '=CONCAT("安","化")', "乡镇人民政府"])
    book.save(path)
    err = errors_of(capsys, path)
    assert "错误[E457]: 公式没有保存的计算结果" in err and "› 单位 › B3（单位名称）" in err


def test_an_encrypted_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    # Excel keeps an encrypted workbook in an OLE compound file, whatever its name.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    err = errors_of(capsys, path)
    assert "错误[E452]: 工作簿已加密" in err and "--> " in err and "locked.xlsx" in err


def test_a_macro_enabled_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = template(capsys, tmp_path / "t.xlsx")
    book.save(tmp_path / "t.xlsm")
    assert "错误[E451]" in errors_of(capsys, tmp_path / "t.xlsm")
    renamed = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(tmp_path / "t.xlsx") as zin, zipfile.ZipFile(renamed, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("xl/vbaProject.bin", b"\0" * 64)
    assert "错误[E451]: 这是启用宏的工作簿" in errors_of(capsys, renamed)


def test_a_zip_bomb(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.xlsx"
    template(capsys, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", bytes(3 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(workbook, "MAX_UNZIPPED_BYTES", 2 * 1024 * 1024)
    err = errors_of(capsys, path)
    assert "错误[E453]: 工作簿超出读取限制：解压后超过 2 MiB" in err


def test_cells_far_apart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Two cells 17 billion apart: a 5 KB file the reader library would choke on."""
    path = tmp_path / "far.xlsx"
    book = template(capsys, path)
    book["单位"]["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 50_000
    err = errors_of(capsys, path)
    assert "错误[E453]" in err and "8,000,000" in err


def test_not_a_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    assert "错误[E450]: 不是有效的 .xlsx 工作簿" in errors_of(capsys, path)


# --------------------------------------------------------------------------- LibreOffice

_SOFFICE = shutil.which("soffice")
_INSTALL = "apt-get update && apt-get install -y libreoffice-calc-nogui"


@pytest.mark.skipif(
    _SOFFICE is None and os.environ.get("CI") != "true",
    reason=f"LibreOffice is not installed ({_INSTALL})",
)
def test_libreoffice_opens_the_template_and_saves_what_we_read_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """LibreOffice reads the template without a repair (a damaged file makes the
    conversion fail or lose sheets), and the workbook it saves, with its own saved
    formula results and styles, reads back to the same findings."""
    assert _SOFFICE is not None, f"CI needs LibreOffice: {_INSTALL}"
    ledger = tmp_path / "ledger.xlsx"
    template(capsys, ledger, EXAMPLES[1])
    out = tmp_path / "lo"
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own
    for target in ("csv:Text - txt - csv (StarCalc):44,34,76", "xlsx"):
        done = subprocess.run(
            [_SOFFICE, "--headless", "--convert-to", target, "--outdir", str(out), str(ledger)],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    first = (out / "ledger.csv").read_text(encoding="utf-8")  # the first sheet
    assert first.startswith("台账：") and "policyengine eval anhua ledger.xlsx" in first
    assert findings(capsys, str(out / "ledger.xlsx")) == findings(capsys, str(EXAMPLES[1]))


def test_no_traceback_for_a_ledger_library_call(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"")
    with pytest.raises(FactError) as info:
        load_facts([path], SCHEMA)
    assert re.search(r"E45\d", info.value.render("en"))


def test_a_sheet_that_is_not_a_kind_is_ignored_with_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "ledger.xlsx"
    book = template(capsys, path)
    book.create_sheet("汇总")["A1"] = "合计"
    book.save(path)
    facts = load_facts([path], SCHEMA)
    (warning,) = facts.warnings
    assert warning.code == "E456" and warning.where() == "ledger.xlsx › 汇总"


def test_template_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "template", "anhua", str(tmp_path / "ledger.csv"))
    assert status == 2 and "E620" in err
    policy = tmp_path / "rows.policy"
    policy.write_text(
        'policy p "t"\nfacts tables of table { rows: list of { a: str } }\n', encoding="utf-8"
    )
    status, _, err = run(capsys, "template", str(policy), str(tmp_path / "t.xlsx"))
    assert status == 2 and "E621" in err and "Traceback" not in err
    assert "`table.rows` 是 table.rows 的列表：没有单元格能容纳它" in err  # all in Chinese


def test_a_schema_no_ledger_can_hold_says_why_in_both_languages(tmp_path: Path) -> None:
    policy = tmp_path / "rows.policy"
    policy.write_text(
        'policy p "t"\nfacts tables of table { rows: list of { a: str } }\n', encoding="utf-8"
    )
    with pytest.raises(LayoutError) as info:
        sheets(load_policy(str(policy)).checked.schema)
    assert info.value.reason == Text(
        "`table.rows` 是 table.rows 的列表：没有单元格能容纳它",
        "`table.rows` is a list of table.rows: no cell can hold it",
    )
    assert str(info.value) == info.value.reason.en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_does_not_overwrite_a_ledger_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str
) -> None:
    """A clerk who runs `template` again keeps the filled ledger: E622 names the file
    and suggests `--force`; the file is byte for byte what it was."""
    path = tmp_path / "台账.xlsx"
    template(capsys, path, EXAMPLES[0])
    filled = path.read_bytes()
    status, out, err = run(capsys, "template", "anhua", str(path), "--lang", lang)
    assert status == 2 and out == "" and "Traceback" not in err
    assert "[E622]" in err and str(path) in err and "`--force`" in err
    assert ("已存在" in err) == (lang == "zh") and ("already exists" in err) == (lang == "en")
    assert path.read_bytes() == filled


def test_template_force_replaces_a_ledger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "台账.xlsx"
    template(capsys, path, EXAMPLES[0])
    status, _, err = run(capsys, "template", "anhua", str(path), "--force")
    assert status == 0, err
    sheet = openpyxl.load_workbook(path)[sheets(SCHEMA)[0].name]
    assert sheet.max_row == 2  # the header rows only: the facts filled in are gone


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_the_template_gets_the_mode_an_output_file_gets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, umask: int
) -> None:
    """A new ledger is made under the umask, as an `--output` file is (not the 0600
    of a temporary file); a replaced one keeps its own mode."""
    old = os.umask(umask)
    try:
        template(capsys, tmp_path / "t.xlsx")
        status, _, err = run(capsys, "schema", "anhua", "--output", str(tmp_path / "schema.json"))
        assert status == 0, err
    finally:
        os.umask(old)
    mode = (tmp_path / "t.xlsx").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask == (tmp_path / "schema.json").stat().st_mode & 0o777
    (tmp_path / "t.xlsx").chmod(0o640)
    status, _, err = run(capsys, "template", "anhua", str(tmp_path / "t.xlsx"), "--force")
    assert status == 0, err
    assert (tmp_path / "t.xlsx").stat().st_mode & 0o777 == 0o640
