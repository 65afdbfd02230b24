"""reading43: ids written ``100000.0`` in text (a CSV saved from a sheet whose id column was a number).

Before, ``100000.0`` was kept as written: the order ``100000`` another export names (work orders beside their
complaints, a delivery's window beside the workspace's) was another id, matched by nothing, in silence.  Now an id or
key column whose every value written is digits with or without a decimal part, at least one ending ``.0``, reads
each ``NNN.0`` as the integer's text when it has at most 15 digits (exact), and says so once (``records check``, the
survey's warning); a fraction (``100000.5``) or a whole number of more than 15 digits is refused with its row and the
fix.  A column holding other ids (``T1`` beside ``100000.0``, codes ``1.5``) is read as written."""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.records.contract import RecordsError
from windoweval.records.files import load, load_files
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

HEAD = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,客户标识\n"
DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _complaints(tmp_path, cases, keys=None):
    f = tmp_path / "complaints.csv"
    keys = keys or [f"K{i}" for i in range(len(cases))]
    f.write_text(HEAD + "".join(f"{c},95598,complaint,PW01,2025-03-0{i + 1} 09:00,{k}\n"
                                for i, (c, k) in enumerate(zip(cases, keys))), encoding="utf-8")
    return f


@pytest.mark.parametrize("cases, read", [
    (["100000.0", "100001.0", "100002.0"], ["100000", "100001", "100002"]),       # every value .0
    (["100000.0", "100001", "100002.00"], ["100000", "100001", "100002"]),        # mixed forms
    (["123456789012345.0", "7.0", ""], ["123456789012345", "7", None]),           # 15 digits: exact
    (["T1", "100000.0", "T3"], ["T1", "100000.0", "T3"]),                          # other ids beside: as written
    (["1.5", "2.5", "3"], ["1.5", "2.5", "3"]),                                    # codes with a dot, no .0
    # session 43 (review43): dotted codes with whole ones among them: as written, 1.1 not refused as a fraction
    (["1.0", "1.1", "1.2", "2.0"], ["1.0", "1.1", "1.2", "2.0"]),
])
def test_ids_written_as_a_float_are_read_as_the_integer(tmp_path, cases, read):
    if "" in cases:   # a blank case id is refused: test the key column instead
        got = load_files("complaints", [_complaints(tmp_path, ["C1", "C2", "C3"], cases)]).frame
        assert got["customer_key"].tolist()[:2] == read[:2]
        return
    got = load_files("complaints", [_complaints(tmp_path, cases)]).frame
    assert got["case_id"].tolist() == read


def test_many_rows_take_the_same_reading_as_a_few(tmp_path):   # the fast path finds them too
    cases = [f"{100000 + i}.0" for i in range(3000)]
    f = tmp_path / "complaints.csv"
    f.write_text(HEAD + "".join(f"{c},95598,complaint,PW01,2025-03-01 09:00,K{i}\n" for i, c in enumerate(cases)),
                 encoding="utf-8")
    got = load_files("complaints", [f]).frame
    assert got["case_id"].iloc[[0, -1]].tolist() == ["100000", "102999"]


@pytest.mark.parametrize("bad, code", [("100000.5", "id_fraction"), ("1234567890123456.0", "id_decimal_long")])
def test_a_fraction_or_more_than_15_digits_is_refused_with_its_row(tmp_path, bad, code):
    with pytest.raises(RecordsError) as e:
        load_files("complaints", [_complaints(tmp_path, ["100000.0", bad, "100002"])])
    p = e.value.problems
    got = p[p["code"] == code]
    assert got[["row", "column", "value"]].values.tolist() == [[3, "case_id", bad]]
    assert "文本" in got["fix_zh"].item() and "text" in got["fix_en"].item()
    assert len(p) == 1                                                   # not named again (missing, duplicate)


def test_records_check_says_it_once(tmp_path, capsys):
    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                              'kind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "complaints:\n  columns: {工单编号: case_id, 受理渠道: channel, 诉求类型: kind, 窗口编号: window_id, "
        "受理时间: received_at, 客户标识: customer_key}\n", encoding="utf-8")
    _complaints(tmp_path, ["100000.0", "100001.0", "100002"])
    assert load("complaints", tmp_path).frame["case_id"].tolist() == ["100000", "100001", "100002"]
    assert main(["records", "check", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("ids written as numbers (100000.0) read as integers") == 1
    assert "工单编号 → case_id: 2 格 / cells (100000.0 → 100000)" in out


def _survey(tmp_path, col, values):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    df[col] = values
    p = tmp_path / "d.csv"
    p.write_text(df.to_csv(index=False), encoding="utf-8")
    return D.parse_delivery(p, INS, year=2025, screen=False, windows=["PW01", "PW02", "101", "102"]), df


def test_a_delivery_reads_respondent_ids_so_and_refuses_a_fraction(tmp_path):
    ids = [f"{100000 + i}.0" for i in range(12)]
    ids[4], ids[5] = "100004", "100005.5"
    checked, _df = _survey(tmp_path, "respondent_id", ids)
    said = checked.problems[checked.problems.code == "id_decimal"]
    assert len(said) == 1 and said.severity.item() == "warning" and "100000.0 → 100000" in said.value.item()
    frac = checked.errors[checked.errors.code == "id_fraction"]
    assert frac[["row", "value"]].values.tolist() == [[7, "100005.5"]]
    assert checked.valid["respondent_id"].tolist()[:5] == ["100000", "100001", "100002", "100003", "100004"]
    assert len(checked.valid) == 11


def test_a_delivery_reads_window_ids_so(tmp_path):
    checked, df = _survey(tmp_path, "window_id", ["101.0"] * 6 + ["102"] * 6)
    assert checked.errors.empty                                          # before: 101.0 an unknown window
    assert set(checked.valid["window_id"]) == {"101", "102"}
