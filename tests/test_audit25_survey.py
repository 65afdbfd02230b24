"""Survey deliveries as an attacker or a careless clerk writes them (twenty-fifth audit).

Failing on the code before:

* an XLSX whose number cell holds text (``<c t="n"><v>张三13812345678</v></c>``, as a hand-edited or forged file has
  it) ended ``survey check`` and ``survey import`` in a traceback quoting the cell: the respondent's name and phone
  number on the console, exit 1 instead of 3;
* an XLSX the reader cannot open at all (here: entity definitions, a "billion laughs", in its sheet) was refused
  with the reader's English words twice and no fix; now the kind of failure, the fix, in Chinese and English;
* a workbook with a sheet of codes and a sheet of labels that disagree in the comment (or in a column the instrument
  does not know: a name, a phone) printed both values in the refusal (「张三」与「李四」: a bare name, which no masking
  rule finds); the values are shown only for answers and design fields now.
"""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from _corpus import workbook
from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import DeliveryError, parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
NAME, PHONE = "张三", "13812345678"


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0)


def _parts(df):
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    z = zipfile.ZipFile(buf)
    return {i.filename: z.read(i.filename) for i in z.infolist()}


def _zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as w:
        for k, v in parts.items():
            w.writestr(k, v)
    return path


def _text_in_a_number_cell(base, path):
    parts = _parts(base)
    n = "xl/worksheets/sheet1.xml"
    sheet, hits = re.subn(r'(<c r="[A-Z]+3"[^>]*t="n"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{NAME}{PHONE}\g<2>",
                          parts[n].decode(), count=1)
    assert hits == 1
    parts[n] = sheet.encode()
    return _zip(path, parts)


def _laughs(base, path):
    parts = _parts(base)
    n = "xl/worksheets/sheet1.xml"
    sheet = parts[n].decode()
    sheet = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    dtd = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9)) + "]>"
    assert "<is><t>" in sheet
    parts[n] = (dtd + sheet.replace("<is><t>", "<is><t>&j;", 1)).encode()
    return _zip(path, parts)


@pytest.mark.parametrize("build", [_text_in_a_number_cell, _laughs], ids=["text_in_number_cell", "laughs"])
@pytest.mark.parametrize("command", ["check", "import"])
def test_an_unreadable_survey_workbook_is_refused_with_exit_3_and_no_cell_echoed(base, build, command, tmp_path,
                                                                                capsys):
    f = build(base, tmp_path / "delivery.xlsx")
    argv = (["survey", "check", str(f), "--instrument", "power_hall"] if command == "check" else
            ["survey", "import", str(f), "--instrument", "power_hall", "--year", "2025", "--store",
             str(tmp_path / "store")])
    code = main(argv)
    text = "".join(capsys.readouterr())
    assert code == 3, text[-2000:]
    assert "Traceback" not in text and NAME not in text and PHONE not in text and "delivery.xlsx" in text
    assert "另存为 .xlsx 或 CSV(UTF-8)" in text and "save it again as .xlsx or CSV (UTF-8)" in text


@pytest.mark.parametrize("column", ["comment", "客户姓名"])
def test_sheets_of_codes_and_labels_that_disagree_in_free_text_do_not_echo_it(base, column, tmp_path, capsys):
    codes = base.copy()
    codes[column] = ""
    codes.loc[2, column] = f"{NAME}"
    labels = codes.copy()
    labels.loc[2, column] = "李四"
    p = workbook(tmp_path / "满意度.xlsx", {"代码": codes, "标签": labels})
    with pytest.raises(DeliveryError) as e:
        parse_delivery(p, INS, year=2025)
    msg = str(e.value)
    assert "第 4 行" in msg and "row 4" in msg and f"列 {column}" in msg and "请只交付一个数据表" in msg
    assert NAME not in msg and "李四" not in msg and "不显示其值" in msg and "not shown" in msg
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 3
    text = "".join(capsys.readouterr())
    assert NAME not in text and "李四" not in text and "Traceback" not in text


def test_an_internal_error_traceback_is_masked(base, tmp_path, capsys, monkeypatch):
    """A bug's traceback is printed for the user to report (exit 5): the exception's words may quote a cell, so the
    traceback passes the masking as every other message does (it printed 13812345678 and an ID number as written)."""
    from windoweval.survey import delivery

    def broken(*a, **k):
        raise ValueError(f"unexpected cell '{PHONE}' beside 身份证 11010119900307123X")

    f = tmp_path / "d.csv"
    base.to_csv(f, index=False)
    monkeypatch.setattr(delivery, "parse_delivery", broken)
    code = main(["survey", "check", str(f), "--instrument", "power_hall"])
    text = "".join(capsys.readouterr())
    assert code == 5 and "Traceback" in text and "ValueError" in text and "内部错误" in text
    assert PHONE not in text and "11010119900307123X" not in text and "[手机号]" in text


def test_a_sheet_name_holding_a_phone_number_is_masked(base, tmp_path, capsys):
    """``survey check`` listed each sheet of a workbook by its name as written (the file name was masked)."""
    p = workbook(tmp_path / "d.xlsx", {f"李四{PHONE}": base})
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    text = "".join(capsys.readouterr())
    # the name before the number is masked too since hostile49's name_before_phone (李四 was shown as written)
    assert "工作表 sheet「某某[手机号]」: 已读取 read" in text and PHONE not in text and "李四" not in text
