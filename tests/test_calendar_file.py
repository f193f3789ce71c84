"""Calendar files: the good file, and every way a clerk's file can be wrong."""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from policyengine import cli
from policyengine.calendar import (
    MAX_FILE_BYTES,
    WorkdayCalendar,
    YearSchedule,
    chinese_calendar_schedules,
    export_year,
    load_calendar_file,
    parse_calendar_document,
    read_calendar_file,
)
from policyengine.diagnostics import Diagnostic
from policyengine.errors import CalendarError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "calendar-2027.yaml"


def d(text: str) -> date:
    return date.fromisoformat(text)


def write(tmp_path: Path, text: str, name: str = "cal.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[Diagnostic]:
    with pytest.raises(CalendarError) as caught:
        load_calendar_file(path)
    return list(caught.value.diagnostics)


def only_problem(path: Path) -> Diagnostic:
    found = problems(path)
    assert len(found) == 1, [p.message.en for p in found]
    return found[0]


def year_2027(holidays: str = "    - 2027-01-01\n", workdays: str = "") -> str:
    text = "2027:\n  holidays:\n" + holidays
    if workdays:
        text += "  workdays:\n" + workdays
    return text


# --------------------------------------------------------------------------- good files


EXPECTED_2027 = YearSchedule(
    2027,
    frozenset(
        map(
            d,
            [
                "2027-01-01",
                *(f"2027-02-{n:02}" for n in (5, 8, 9, 10, 11, 12)),
                "2027-04-05",
                "2027-05-03",
                "2027-05-04",
                "2027-05-05",
                "2027-06-09",
                "2027-09-15",
                *(f"2027-10-{n:02}" for n in (1, 4, 5, 6, 7)),
            ],
        )
    ),
    frozenset(map(d, ["2027-02-20", "2027-05-08", "2027-09-26", "2027-10-09"])),
)


def test_the_example_file_loads_and_extends_the_calendar() -> None:
    schedules = load_calendar_file(EXAMPLE)
    assert schedules == {2027: EXPECTED_2027}
    cal = WorkdayCalendar.default().with_schedules(schedules)
    # 2026-12-25 (Fri) and 12-28..31, then 2027-01-04 and 01-05; 2027-01-01 is off.
    assert cal.workdays_between(d("2026-12-25"), d("2027-01-05")) == 7
    # 2027 has 261 weekdays, 18 of them off, and 4 weekend days worked.
    assert cal.workdays_between(d("2027-01-01"), d("2027-12-31")) == 247
    assert cal.add_workdays(d("2027-02-04"), 1) == d("2027-02-15")


def test_the_same_file_in_json(tmp_path: Path) -> None:
    document = {
        "2027": {
            "holidays": [
                "2027-01-01",
                "2027-02-05..2027-02-12",
                "2027-04-05",
                "2027-05-01 .. 2027-05-05",
                "2027-06-09",
                "2027-09-15",
                "2027-10-01..2027-10-07",
            ],
            "workdays": ["2027-02-20", "2027-05-08", "2027-09-26", "2027-10-09"],
        }
    }
    path = write(tmp_path, json.dumps(document), "cal.json")
    assert load_calendar_file(path) == {2027: EXPECTED_2027}


def test_parse_calendar_document_accepts_loaded_yaml_and_json() -> None:
    from_yaml = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert isinstance(next(iter(from_yaml)), int)
    assert isinstance(from_yaml[2027]["holidays"][0], date)
    assert parse_calendar_document(from_yaml, "example") == {2027: EXPECTED_2027}
    from_json = json.loads(json.dumps(from_yaml, default=str))
    assert parse_calendar_document(from_json, "example") == {2027: EXPECTED_2027}


def test_empty_workdays_quoted_dates_and_a_byte_order_mark(tmp_path: Path) -> None:
    text = "\ufeff2027:\n  holidays: ['2027-01-01', \"2027-02-08\"]\n  workdays:\n"
    schedules = load_calendar_file(write(tmp_path, text))
    assert schedules == {
        2027: YearSchedule(2027, frozenset({d("2027-01-01"), d("2027-02-08")}), frozenset())
    }


def test_several_years_and_a_replaced_year(tmp_path: Path) -> None:
    text = "2025:\n  holidays: [2025-01-01]\n2029:\n  holidays: [2029-01-01]\n"
    schedules = load_calendar_file(write(tmp_path, text))
    cal = WorkdayCalendar.default().with_schedules(schedules)
    assert cal.years == frozenset([*range(2004, 2027), 2029])
    assert cal.is_workday(d("2025-10-08"))  # 国庆 2025 is gone with the replaced year


# --------------------------------------------------------------------------- bad entries


def test_a_compact_date_is_refused_in_both_languages(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027("    - 20270105\n")))
    assert problem.code == "E509"
    assert problem.location == f"{tmp_path / 'cal.yaml'}:3"
    assert problem.message.en == (
        "`20270105` in `holidays` of 2027 is not a date written YYYY-MM-DD "
        "or a range written YYYY-MM-DD..YYYY-MM-DD"
    )
    assert problem.message.zh == (
        "2027 年 `holidays` 中的 `20270105` 不是 YYYY-MM-DD 格式的日期，"
        "也不是 YYYY-MM-DD..YYYY-MM-DD 格式的区间"
    )


@pytest.mark.parametrize(
    "entry", ["2027-W01-2", "2027/01/05", "2027-1-5", "2027-01-05T00:00", "2027-01-05..", "yes"]
)
def test_other_date_forms_are_refused(tmp_path: Path, entry: str) -> None:
    problem = only_problem(write(tmp_path, year_2027(f"    - 2027-01-01\n    - {entry}\n")))
    assert problem.code == "E509"
    assert problem.message.en.startswith(f"`{entry}` in `holidays` of 2027 is not a date")


def test_an_impossible_date_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, year_2027("    - 2027-01-01\n    - 2027-02-30\n"))
    problem = only_problem(path)
    assert problem.code == "E510"
    assert problem.location == f"{path}:4"
    assert problem.message.en == "`2027-02-30` in `holidays` of 2027 is not a real date"
    assert problem.message.zh == "2027 年 `holidays` 中的 `2027-02-30` 不是真实存在的日期"


def test_an_impossible_range_end(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027("    - 2027-02-25..2027-02-29\n")))
    assert problem.message.en == "`2027-02-29` in `holidays` of 2027 is not a real date"


def test_a_date_in_the_wrong_year_section(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027("    - 2027-01-01\n    - 2026-12-31\n")))
    assert problem.code == "E511"
    assert problem.message.en == "`2026-12-31` is listed under 2027 but falls in 2026"
    assert problem.message.zh == "`2026-12-31` 是 2026 年的日期，却写在 2027 年的 `holidays` 中"


def test_a_reversed_range(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027("    - 2027-02-12..2027-02-05\n")))
    assert problem.code == "E512"
    assert problem.message.en == (
        "the range `2027-02-12..2027-02-05` in `holidays` of 2027 ends before it starts"
    )
    assert problem.message.zh == "2027 年 `holidays` 中的区间 `2027-02-12..2027-02-05` 起止颠倒"


def warnings(path: Path) -> list[Diagnostic]:
    """The warnings of a file that loads."""
    return list(read_calendar_file(path).warnings)


def test_a_holiday_on_a_weekend_is_a_warning(tmp_path: Path) -> None:
    """Older notices list a holiday's days one by one, weekend days too: such a file is
    read, the weekend day pointed out at its line (it changes nothing)."""
    path = write(tmp_path, year_2027("    - 2027-01-01\n    - 2027-01-02\n"))
    [warning, partial] = warnings(path)
    assert (warning.code, warning.level, warning.location) == ("E513", "warning", f"{path}:4")
    assert warning.message.en == (
        "`2027-01-02` in `holidays` of 2027 is a Saturday, a day off anyway; "
        "remove it or write the holiday as a range"
    )
    assert warning.message.zh == (
        "2027 年 `holidays` 中的 `2027-01-02` 是星期六，本来就不上班；请删除它，或把它写进放假区间"
    )
    assert partial.code == "E518"
    assert read_calendar_file(path).schedules[2027].holidays == {d("2027-01-01")}


def test_a_holiday_range_of_only_weekend_days_is_a_warning(tmp_path: Path) -> None:
    text = year_2027("    - 2027-01-01\n    - 2027-01-02..2027-01-03\n")
    warning = warnings(write(tmp_path, text))[0]
    assert (warning.code, warning.level) == ("E513", "warning")
    assert warning.message.en == (
        "the range `2027-01-02..2027-01-03` in `holidays` of 2027 holds only weekend days, "
        "which are off anyway"
    )


def test_an_old_style_notice_loads_with_a_warning_per_weekend_day(tmp_path: Path) -> None:
    """The whole example year written day by day, as older notices did: the same
    schedule, and one warning for each weekend day listed alone."""
    days = sorted(EXPECTED_2027.holidays | {d("2027-02-06"), d("2027-02-07")})
    holidays = "".join(f"    - {day}\n" for day in days)
    workdays = "".join(f"    - {day}\n" for day in sorted(EXPECTED_2027.workdays))
    read = read_calendar_file(write(tmp_path, year_2027(holidays, workdays)))
    assert read.schedules[2027] == EXPECTED_2027
    assert [(w.code, w.location) for w in read.warnings] == [
        ("E513", f"{tmp_path / 'cal.yaml'}:{3 + days.index(d(day))}")
        for day in ("2027-02-06", "2027-02-07")
    ]


def test_a_holiday_range_may_include_weekends(tmp_path: Path) -> None:
    schedules = load_calendar_file(write(tmp_path, year_2027("    - 2027-01-01..2027-01-03\n")))
    assert schedules[2027].holidays == frozenset({d("2027-01-01")})


def test_a_workday_that_is_not_a_weekend_day(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027(workdays="    - 2027-02-17\n")))
    assert problem.code == "E514"
    assert problem.message.en == (
        "`2027-02-17` in `workdays` of 2027 is a Wednesday; "
        "`workdays` lists only the Saturdays and Sundays worked"
    )
    assert problem.message.zh == (
        "2027 年 `workdays` 中的 `2027-02-17` 是星期三；`workdays` 只列调休上班的星期六和星期日"
    )


def test_a_workday_range_reaching_a_weekday(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027(workdays="    - 2027-02-20..2027-02-22\n")))
    assert problem.message.en == (
        "`2027-02-22` (in `2027-02-20..2027-02-22`) in `workdays` of 2027 is a Monday; "
        "`workdays` lists only the Saturdays and Sundays worked"
    )


def test_a_date_in_both_lists(tmp_path: Path) -> None:
    text = year_2027("    - 2027-02-05..2027-02-14\n", "    - 2027-02-14\n")
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.code == "E515"
    assert problem.location == f"{path}:5"
    assert problem.message.en == "`2027-02-14` is listed in both `holidays` and `workdays` of 2027"
    assert problem.message.zh == "`2027-02-14` 同时列在 2027 年的 `holidays` 和 `workdays` 中"
    assert problem.help is not None
    assert problem.help.en == "first given at line 3"


def test_a_date_listed_twice(tmp_path: Path) -> None:
    text = year_2027("    - 2027-02-05..2027-02-12\n    - 2027-02-08\n")
    problem = only_problem(write(tmp_path, text))
    assert problem.code == "E516"
    assert problem.message.en == "`2027-02-08` is listed twice in `holidays` of 2027"


# --------------------------------------------------------------------------- bad structure


def test_unknown_keys_with_suggestions(tmp_path: Path) -> None:
    text = year_2027() + "  holiday: []\n  放假: []\n  notes: x\nnotes: x\n"
    found = problems(write(tmp_path, text))
    assert [p.code for p in found] == ["E507"] * 4
    assert found[0].message.en == (
        "unknown key `holiday` in 2027; only `holidays` and `workdays` are allowed"
    )
    assert found[0].message.zh == (
        "2027 年中有未知的键 `holiday`；只允许 `holidays`（放假）和 `workdays`（调休上班）"
    )
    assert [p.help.en if p.help else None for p in found] == [
        "did you mean `holidays`?",
        "did you mean `holidays`?",
        None,
        None,
    ]
    assert found[3].message.en == (
        "`notes` is not a year; top-level keys must be four-digit years such as `2027`"
    )


@pytest.mark.parametrize("key", ["27", "'02027'", "true", "0999"])
def test_a_year_must_have_four_digits(tmp_path: Path, key: str) -> None:
    problem = only_problem(write(tmp_path, f"{key}:\n  holidays: [2027-01-01]\n"))
    assert problem.code == "E507"


def test_a_year_given_twice(tmp_path: Path) -> None:
    path = write(tmp_path, year_2027() + year_2027())
    problem = only_problem(path)
    assert problem.code == "E508"
    assert problem.location == f"{path}:4"
    assert problem.message.en == "the year 2027 is given twice"
    assert problem.help is not None
    assert problem.help.en == "first given at line 1"


def test_a_duplicate_key_in_json(tmp_path: Path) -> None:
    text = '{"2027": {"holidays": ["2027-01-01"], "holidays": ["2027-01-04"]}}'
    problem = only_problem(write(tmp_path, text, "cal.json"))
    assert problem.code == "E508"
    assert problem.message.en == "`holidays` is given twice in 2027"
    assert problem.location == str(tmp_path / "cal.json")


def test_a_year_without_holidays(tmp_path: Path) -> None:
    text = "2027:\n  workdays: []\n2028:\n  holidays: []\n2029: {holidays: }\n"
    found = problems(write(tmp_path, text))
    assert [p.code for p in found] == ["E517"] * 3
    assert found[0].message.en == (
        "the year 2027 lists no `holidays`; every year has at least New Year's Day"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the calendar file is empty; expected years such as `2027:`"),
        ("# only a comment\n", "the calendar file is empty; expected years such as `2027:`"),
        ("{}\n", "the calendar file is empty; expected years such as `2027:`"),
        (
            "- 2027-01-01\n",
            "the top level of a calendar file must map years to schedules, e.g. `2027:`",
        ),
        ("2027: [2027-01-01]\n", "the year 2027 must be a mapping with `holidays` and `workdays`"),
        ("2027:\n  holidays: 2027-01-01\n", "`holidays` of 2027 must be a list of dates"),
        (
            "2027:\n  holidays:\n    - {from: 2027-01-01}\n",
            "an entry of `holidays` in 2027 is a list or mapping, not a date",
        ),
        ("2027:\n  holidays:\n    -\n", "an entry of `holidays` in 2027 is empty, not a date"),
    ],
)
def test_wrong_shapes(tmp_path: Path, text: str, message: str) -> None:
    found = problems(write(tmp_path, text))
    assert found[0].code == "E506"
    assert found[0].message.en == message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "2027:\n"
        "  holidays:\n"
        "    - 20270105\n"  # 3
        "    - 2027-02-30\n"  # 4
        "    - 2026-12-31\n"  # 5
        "    - 2027-02-12..2027-02-06\n"  # 6
        "    - 2027-01-02\n"  # 7
        "  workdays:\n"
        "    - 2027-02-17\n"  # 9
        "  holiday: []\n"  # 10
        "foo: 1\n"  # 11
    )
    path = write(tmp_path, text)
    found = problems(path)
    assert [(p.code, p.location) for p in found] == [
        ("E509", f"{path}:3"),
        ("E510", f"{path}:4"),
        ("E511", f"{path}:5"),
        ("E512", f"{path}:6"),
        ("E513", f"{path}:7"),
        ("E514", f"{path}:9"),
        ("E507", f"{path}:10"),
        ("E507", f"{path}:11"),
    ]


def test_more_than_twenty_problems_are_rendered_as_twenty_and_a_count(tmp_path: Path) -> None:
    entries = "".join(f"    - 2027-13-{n:02}\n" for n in range(1, 31))
    with pytest.raises(CalendarError) as caught:
        load_calendar_file(write(tmp_path, year_2027("    - 2027-01-01\n" + entries)))
    assert len(caught.value.diagnostics) == 30
    rendered = caught.value.render("en")
    assert rendered.count("error[E510]") == 20
    assert rendered.endswith("… and 10 more")
    assert caught.value.render("zh").endswith("…… 另有 10 个问题")


# --------------------------------------------------------------------------- YAML and JSON traps


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    text = "2027:\n  holidays:\n    - &new_year 2027-01-01\n  workdays:\n    - *new_year\n"
    path = write(tmp_path, text)
    problem = only_problem(path)
    assert problem.code == "E505"
    assert problem.location == f"{path}:5:7"
    assert problem.message.en == "YAML aliases (`*new_year`) are not allowed; write the value out"
    assert problem.message.zh == "不允许使用 YAML 别名（`*new_year`）；请把内容直接写出来"


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [2027-01-01, 2027-01-01, 2027-01-01, 2027-01-01, 2027-01-01]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    start = time.perf_counter()
    found = problems(write(tmp_path, "\n".join(lines) + "\n"))
    assert time.perf_counter() - start < 1
    assert {p.code for p in found} == {"E505"}


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!str", "!custom"])
def test_yaml_tags_are_refused(tmp_path: Path, tag: str) -> None:
    problem = only_problem(write(tmp_path, year_2027(f"    - {tag} 2027-01-01\n")))
    assert problem.code == "E505"
    assert problem.message.en.startswith("YAML tags (`")


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, "2027:\n  holidays: [2027-01-01\n  workdays: []\n")
    problem = only_problem(path)
    assert problem.code == "E504"
    assert problem.location.startswith(f"{path}:3:")
    assert problem.message.en.startswith("the calendar file is not valid YAML: ")


def test_two_yaml_documents(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, year_2027() + "---\n" + year_2027()))
    assert problem.code == "E504"
    assert problem.message.en == "the calendar file must hold a single YAML document"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"2027": ', "the calendar file is not valid JSON: Expecting value"),
        ('{"2027": NaN}', "the calendar file is not valid JSON: `NaN` is not allowed"),
        ("[" * 100_000, "the calendar file is not valid JSON: maximum recursion depth exceeded"),
    ],
)
def test_json_errors(tmp_path: Path, text: str, message: str) -> None:
    problem = only_problem(write(tmp_path, text, "cal.json"))
    assert problem.code == "E504"
    assert problem.message.en.startswith(message)


def test_json_numbers_are_not_dates(tmp_path: Path) -> None:
    text = '{"2027": {"holidays": ["2027-01-01", 20270104, 1e400]}}'
    found = problems(write(tmp_path, text, "cal.json"))
    assert [p.message.en.split(" in ")[0] for p in found] == ["`20270104`", "`inf`"]


def test_deep_nesting_in_json_is_a_wrong_shape_not_a_crash(tmp_path: Path) -> None:
    text = '{"2027": {"holidays": [' + "[" * 500 + "]" * 500 + "]}}"
    problem = only_problem(write(tmp_path, text, "cal.json"))
    assert problem.code == "E506"


def test_a_file_over_one_mebibyte(tmp_path: Path) -> None:
    path = write(tmp_path, year_2027() + "#" * MAX_FILE_BYTES)
    problem = only_problem(path)
    assert problem.code == "E503"
    assert problem.message.en == "the calendar file is larger than the 1 MiB limit"
    assert problem.message.zh == "日历文件超过 1 MiB 的上限"


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    problem = only_problem(path)
    assert problem.code == "E502"
    assert problem.location == str(path)
    assert problem.message.en == "cannot read the calendar file: No such file or directory"


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cal.yaml"
    path.write_bytes("2027:\n  # 元旦\n".encode("gb18030"))
    problem = only_problem(path)
    assert problem.code == "E502"
    assert problem.location == f"{path}:2"
    assert problem.message.en == "the calendar file is not UTF-8 text"


# --------------------------------------------------------------------------- loaded data


def test_loaded_data_with_a_datetime_or_a_bool_key() -> None:
    data = {True: {"holidays": [date(2027, 1, 1)]}, 2027: {"holidays": [datetime(2027, 1, 1)]}}
    with pytest.raises(CalendarError) as caught:
        parse_calendar_document(data, "memory")
    assert [p.code for p in caught.value.diagnostics] == ["E507", "E509"]
    assert all(p.location == "memory" for p in caught.value.diagnostics)


def test_loaded_data_with_the_same_year_as_int_and_string() -> None:
    data = {2027: {"holidays": ["2027-01-01"]}, "2027": {"holidays": ["2027-01-01"]}}
    with pytest.raises(CalendarError) as caught:
        parse_calendar_document(data, "memory")
    assert caught.value.code == "E508"


def test_a_control_character_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "2027:\n  holidays: [2027-01-01\x00]\n")
    problem = only_problem(path)
    assert problem.code == "E504"
    assert problem.location == f"{path}:2"
    assert problem.message.en == (
        "the calendar file is not valid YAML: the character #x0000 is not allowed"
    )


def test_the_pure_python_safe_loader_gives_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where libyaml is missing the pure-Python SafeLoader is used: same tree, same lines."""
    import policyengine.calendar.tree as calendar_tree

    texts = [
        EXAMPLE.read_text(encoding="utf-8"),
        year_2027("    - 2027-02-30\n    - !!str 2027-01-04\n", "    - &x 2027-01-09\n    - *x\n"),
        "2027:\n  holidays: [2027-01-01\n",
    ]
    answers = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(calendar_tree, "_LOADER", loader)
        for i, text in enumerate(texts):
            path = write(tmp_path, text, f"cal{i}.yaml")
            try:
                answers.append(load_calendar_file(path))
            except CalendarError as error:
                # The two parsers word syntax errors differently; codes and places agree.
                answers.append(
                    [
                        (p.code, p.location, p.code != "E504" and p.message)
                        for p in error.diagnostics
                    ]
                )
    assert answers[:3] == answers[3:]


def test_a_long_key_is_shown_clipped(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, "x" * 500 + ": 1\n"))
    assert problem.message.en == (
        f"`{'x' * 39}…` is not a year; top-level keys must be four-digit years such as `2027`"
    )


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize("year", sorted(chinese_calendar_schedules()))
def test_no_built_in_year_looks_partial(tmp_path: Path, year: int) -> None:
    """Each public holiday's window (元旦, 春节, … 国庆) holds a weekday off in every
    year of the data, so E518 is never raised for a whole year copied from a notice."""
    schedule = chinese_calendar_schedules()[year]
    text = f"{year}:\n  holidays:\n" + "".join(f"    - {x}\n" for x in sorted(schedule.holidays))
    read = read_calendar_file(write(tmp_path, text))
    assert read.schedules == {year: YearSchedule(year, schedule.holidays, frozenset())}
    assert read.warnings == ()


@pytest.mark.parametrize(
    ("holidays", "missing_zh", "missing_en"),
    [
        ("    - 2027-02-05..2027-02-12\n", "元旦、清明节、劳动节、端午节、中秋节、国庆节",
         "New Year's Day, Qingming, Labour Day, the Dragon Boat Festival, the Mid-Autumn "
         "Festival, National Day"),
        ("    - 2027-01-01\n    - 2027-02-05..2027-02-12\n    - 2027-04-05\n"
         "    - 2027-05-03..2027-05-05\n    - 2027-06-09\n    - 2027-09-15\n",
         "国庆节", "National Day"),
    ],
)  # fmt: skip
def test_a_partial_year_warns_at_its_line(
    tmp_path: Path, holidays: str, missing_zh: str, missing_en: str
) -> None:
    path = write(tmp_path, "# only part of the notice\n" + year_2027(holidays))
    read = read_calendar_file(path)
    [warning] = read.warnings
    assert (warning.code, warning.level, warning.location) == ("E518", "warning", f"{path}:2")
    assert warning.message.zh == f"2027 年的安排似乎不完整：没有{missing_zh}的放假日"
    assert warning.message.en == f"the schedule of 2027 looks partial: no day off for {missing_en}"
    assert 2027 in read.schedules  # read all the same: the file is the user's


def test_before_2008_qingming_duanwu_and_zhongqiu_are_not_expected(tmp_path: Path) -> None:
    """2007 had no day off for 清明, 端午 or 中秋; the same days as 2008 would lack them."""
    schedule = chinese_calendar_schedules()[2007]
    text = "2008:\n  holidays:\n" + "".join(
        f"    - {x.replace(year=2008)}\n" for x in sorted(schedule.holidays)
    )
    [warning] = [w for w in read_calendar_file(write(tmp_path, text)).warnings if w.code == "E518"]
    assert "Qingming, the Dragon Boat Festival" in warning.message.en


def test_a_year_that_replaces_a_different_built_in_year_warns(tmp_path: Path) -> None:
    """2026 with 国庆 moved a day: the file wins, and says so at the year's line."""
    exported = export_year(chinese_calendar_schedules()[2026])
    changed = exported.replace("2026-10-01..2026-10-07", "2026-10-01..2026-10-06")
    assert changed != exported
    path = write(tmp_path, changed)
    calendar, [warning] = read_calendar_file(path).onto(WorkdayCalendar.default())
    assert (warning.code, warning.level) == ("E519", "warning")
    assert warning.location == f"{path}:2"
    assert warning.message.en == (
        "the 2026 schedule of this file replaces the built-in (chinese_calendar data) 2026 "
        "schedule; they differ on 1 day(s), e.g. 2026-10-07 (a day off before, a working "
        "day now)"
    )
    assert warning.message.zh == (
        "本文件的 2026 年安排替换了内置的（chinese_calendar 数据） 2026 年安排，两者有 1 天不同，"
        "如 2026-10-07（原为放假，现为上班）"
    )
    assert calendar.is_workday(d("2026-10-07"))
    assert calendar.source(2026) == str(path)


def test_the_same_year_as_built_in_replaces_nothing_and_does_not_warn(tmp_path: Path) -> None:
    path = write(tmp_path, export_year(chinese_calendar_schedules()[2026]))
    calendar, warned = read_calendar_file(path).onto(WorkdayCalendar.default())
    assert warned == []
    assert calendar.schedule(2026) == WorkdayCalendar.default().schedule(2026)


def test_a_second_file_replacing_the_first_files_year_names_it(tmp_path: Path) -> None:
    first = write(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "a.yaml")
    second = write(tmp_path, year_2027("    - 2027-01-01..2027-01-03\n"), "b.yaml")
    calendar, _ = read_calendar_file(first).onto(WorkdayCalendar.default())
    _, warned = read_calendar_file(second).onto(calendar)
    assert [w.code for w in warned] == ["E518", "E519"]
    assert f"the one in the calendar file {first}" in warned[1].message.en


def test_eval_prints_calendar_warnings_and_still_decides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = Path(__file__).resolve().parent / "data" / "cli" / "indeterminate.yaml"
    calendar = write(tmp_path, year_2027("    - 2027-01-01\n    - 2027-01-02\n"))
    status = cli.main(["eval", "anhua", str(facts), "--calendar", str(calendar), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1
    assert "warning[E513]: `2027-01-02` in `holidays` of 2027" in err
    assert f"--> {calendar}:4" in err
    assert "warning[E518]: the schedule of 2027 looks partial" in err
    assert f"--> {calendar}:1" in err


# --------------------------------------------------------------------------- findings


_DEADLINE_POLICY = """
policy p "p"
facts items of item { d: date }
parameter interval: months = 1 "an interval"
article 第一条 "t"
rule r "r" cites 第一条 severity error for i in item
  let due = deadline_after(i.d, interval)
  when as_of 晚于 due
  message "due {due}"
  evidence due = due
"""


@pytest.mark.parametrize(
    ("act", "file_year", "relies"),
    [
        ("2023-11-15", 2023, True),  # due Friday 2023-12-15: read in 2023
        ("2023-11-15", 2024, False),
        # one month after 2023-12-20 is Saturday 2024-01-20, moved to Monday 01-22: only
        # 2024 is read, though the act is in 2023
        ("2023-12-20", 2023, False),
        ("2023-12-20", 2024, True),
    ],
)
def test_a_finding_says_which_calendar_file_it_read(act: str, file_year: int, relies: bool) -> None:
    from policyengine.policy import compile_policy

    policy = compile_policy(_DEADLINE_POLICY)
    schedules = {file_year: chinese_calendar_schedules()[file_year]}
    calendar = WorkdayCalendar.default().with_schedules(schedules, source="cal.yaml")
    result = policy.evaluate(
        {"items": [{"id": "x", "d": act}]}, as_of=date(2024, 6, 1), calendar=calendar
    )
    [finding] = result.findings
    files = [{"year": file_year, "file": "cal.yaml"}]
    assert finding.evidence.get("calendar_files") == (files if relies else None)
    note_zh = f"（依据日历文件：cal.yaml 的 {file_year} 年安排）"
    note_en = f" (by the calendar file: cal.yaml for {file_year})"
    assert finding.messages.zh.endswith(note_zh) == relies
    assert finding.messages.en.endswith(note_en) == relies
    assert finding.to_dict("en")["evidence"] == dict(finding.evidence)


def test_the_table_names_the_calendar_file_a_finding_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = Path(__file__).resolve().parent / "data" / "cli" / "indeterminate.yaml"
    write(tmp_path, EXAMPLE.read_text(encoding="utf-8"), "c.yaml")
    monkeypatch.chdir(tmp_path)
    status = cli.main(["eval", "anhua", str(facts), "--calendar", "c.yaml", "--lang", "en"])
    table = capsys.readouterr().out
    assert status in (0, 1)
    # the message column wraps: read its cells as one text
    assert "(by the calendar file: c.yaml for 2027)" in " ".join(table.replace("|", " ").split())


def test_a_calendar_file_that_declares_yaml_1_1_is_refused(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, "%YAML 1.1\n---\n" + year_2027()))
    assert problem.code == "E504"
    assert problem.message.zh.startswith("日历文件声明了 YAML 1.1（`%YAML 1.1`）")
    assert problem.message.en == (
        "the calendar file declares YAML 1.1 (`%YAML 1.1`), but is read as YAML 1.2"
    )
    assert problem.help is not None and "`%YAML 1.1`" in problem.help.en


def test_a_calendar_file_that_declares_yaml_1_2_is_read(tmp_path: Path) -> None:
    schedules = load_calendar_file(write(tmp_path, "%YAML 1.2\n---\n" + year_2027()))
    assert schedules[2027].holidays == frozenset({d("2027-01-01")})
