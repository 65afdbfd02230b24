"""leaks45: a mapping message whose place ends in the user's header (``work_orders.drop.客户姓名: 应是取值列表``) read
to the privacy gate as a label and a name: the user read ``客户姓名: 某某列表`` and, in English, ``某某 list of values``.
The place is now quoted in corner brackets, so no label precedes the message's own words."""
import pytest

from windoweval.privacy import mask_message
from windoweval.records.mapping import MappingError, parse_mapping


@pytest.mark.parametrize("header", ["客户姓名", "姓名", "联系人", "客户", "Name", "customer"])
def test_a_mapping_message_after_a_personal_header_is_shown_whole(header):
    with pytest.raises(MappingError) as e:
        parse_mapping({"work_orders": {"drop": {header: {"a": 1}}}}, "m.yaml")
    text = str(e.value)
    shown = mask_message(text)
    assert shown == text, shown
    assert "应是取值列表" in shown and "must be a list of values" in shown and "某某" not in shown
    assert f"work_orders.drop.{header}" in shown


def test_the_place_is_quoted_on_both_lines():
    with pytest.raises(MappingError) as e:
        parse_mapping({"work_orders": {"drop": {"客户姓名": 5}}}, "m.yaml")
    zh, en = str(e.value).split(" / ", 1)    # one line, Chinese / English (msgs46b): the place quoted once, before both
    assert zh.startswith("m.yaml: 「work_orders.drop.客户姓名」: 应是") and en.startswith("must") and "\n" not in en


def test_survey_check_of_a_missing_file_says_it_chinese_then_english(tmp_path, monkeypatch, capsys):
    from windoweval.cli.survey import main
    monkeypatch.chdir(tmp_path)
    rc = main(["survey", "check", "交付_2025.csv", "--instrument", "power_hall"])
    err = capsys.readouterr().err
    assert rc == 3, err
    zh, _, en = err.strip().partition(" / ")
    assert zh.startswith("找不到文件 交付_2025.csv") and "请核对" in zh, err
    assert en.startswith("file not found: 交付_2025.csv") and "check" in en, err
    assert "Traceback" not in err
