"""The built-in patterns: the 审图号 in every form publications print, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyengine.patterns import PATTERNS, map_approval_number
from policyengine.policy import load_policy

FULL_WIDTH = "审图号：ＧＳ〔２０１９〕１８２２号"
SAME_NUMBER = [
    "GS(2019)1822号",
    "GS (2019) 1822号",
    "GS (2019) 1822",
    "GS〔2019〕1822号",
    "GS（2019）1822号",
    "ＧＳ（２０１９）１８２２号",
    "审图号：GS(2019)1822号",
    "审图号: GS〔2019〕1822 号",
    "审图号GS(2019)1822号",
    "\u3000GS【2019】1822号 ",
    "gs(2019)1822号",
]


@pytest.mark.parametrize("text", SAME_NUMBER)
def test_the_forms_publications_print_are_one_number(text: str) -> None:
    assert map_approval_number(text) == "GS(2019)1822号"
    assert PATTERNS["审图号"](text)


@pytest.mark.parametrize(
    ("text", "number"),
    [("GS京(2022)1061号", "GS京(2022)1061号"), ("云S（2021）010号", "云S(2021)010号"),
     ("审图号：京S〔2021〕023号", "京S(2021)023号")],
)  # fmt: skip
def test_provincial_and_regional_numbers_keep_their_prefix_and_zeros(
    text: str, number: str
) -> None:
    assert map_approval_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "审图号", "审图号：", "GS2019-1822", "GS(19)1822号", "GS(2019)号", "S(2019)12号",
     "GS(2019)1822号号", "GS(2019)123456号", "标准地图", "GS(2019)1822号（局部）",
     "京GS(2019)1822号", "GS(1899)1822号"],
)  # fmt: skip
def test_what_is_not_an_approval_number_is_refused(text: str) -> None:
    assert map_approval_number(text) is None
    assert not PATTERNS["审图号"](text)


@given(st.text())
def test_the_usual_form_is_its_own_usual_form(text: str) -> None:
    number = map_approval_number(text)
    assert PATTERNS["审图号"](text) == (number is not None)
    if number is not None:
        assert map_approval_number(number) == number
        assert number.endswith("号") and not any(c.isspace() for c in number)


def test_a_rule_shows_the_number_it_read_in_its_usual_form() -> None:
    policy = load_policy("anhua")
    account = {"id": "a", "name": "安化发布", "platform": "wechat", "sponsor": "u",
               "opened_as": "unit", "purpose": "general", "status": "closed",
               "opened_on": "2020-01-01", "closed_on": "2020-06-01",
               "managed_by": "宣传文化中心", "maintainers": []}  # fmt: skip
    use = {"id": "m", "kind": "map_use", "account": "a", "date": "2026-05-08",
           "map_kind": "other", "approval_number": FULL_WIDTH}  # fmt: skip
    facts = {
        "as_of": "2026-11-20",
        "units": [{"id": "u", "name": "安化彝族乡人民政府", "kind": "township_government"}],
        "accounts": [account],
        "events": [use],
    }
    # The account closed in 2020 and the use is dated 2026, so the closed account's activity
    # is a finding of its own; this test reads the map rule's.
    (finding,) = [f for f in policy.evaluate(facts).findings if f.rule == "map_kind_unclear"]
    assert finding.evidence["approval_number_normalized"] == "GS(2019)1822号"
    assert "GS(2019)1822号" in finding.messages.zh and "GS(2019)1822号" in finding.messages.en
