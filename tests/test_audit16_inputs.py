"""Hostile inputs of the seventh privacy audit.

* A cell starting with an invisible character (a direction mark LRM/RLM/ALM, a soft hyphen, a bidi override,
  a variation selector) before ``=``, ``+``, ``-`` or ``@`` was written as it was: a viewer that skips the
  character shows a formula.  Now neutralised like a blank before the sign, in CSV and XLSX.
* A Parquet file built to exhaust memory (a million rows of nulls in a few kilobytes, one long text repeated by a
  dictionary) was read whole by pandas.  Now refused from its footer (and the dictionary's indices), as an export
  and in a data directory, exit 3.
* A mapping file with a "billion laughs" (anchors and aliases nested ten deep) ran ``records check`` for ever
  (killed after a minute); a file of many megabytes was parsed.  Both refused, exit 3.
* An escape sequence in a cell (``ESC[2J`` clears the screen, ``ESC]0;`` sets the window's title) reached the
  terminal through ``records check``.  The command line now shows control characters as codes.
"""
from __future__ import annotations

import csv
import shutil
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from windoweval.cli import main

INVISIBLE = ["\u200e", "\u200f", "\u061c", "\u00ad", "\u202e", "\u2066", "\u180e", "\ufe0f", "\U000e0041"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_before_a_formula_sign_is_neutralised(mark, tmp_path):
    from windoweval.exports import write_csv, write_xlsx

    cells = [mark + sign + "1+1" for sign in "=+-@"]
    df = pd.DataFrame({"note": cells})
    # a bidi override or isolate is dropped by the privacy gate since the eighth audit (tests/test_audit19_bidi.py)
    want = ["'" + (c.replace(mark, "") if mark in ("\u202e", "\u2066") else c) for c in cells]
    got = pd.read_csv(write_csv(df, tmp_path / "t.csv"), encoding="utf-8-sig", dtype=str)["note"].tolist()
    assert got == want
    got = pd.read_excel(write_xlsx({"t": df}, tmp_path / "t.xlsx"), dtype=str)["note"].tolist()
    assert got == want


@pytest.fixture
def small_limits(monkeypatch):
    from windoweval.safepath import PARQUET_LIMITS

    monkeypatch.setitem(PARQUET_LIMITS, "ratio_from", 2**20)   # a bomb of a few MB instead of gigabytes


def _null_bomb(f):
    """Two million rows of nothing: a few KB on disk, 16 MB of pointers in pandas (a billion: 8 GB)."""
    n = 2_000_000
    pq.write_table(pa.table({"order_id": pa.nulls(n, pa.string()), "window_id": pa.nulls(n, pa.string())}), f)
    return f


def _dictionary_bomb(f):
    """One text of 2,000 characters repeated by a dictionary 20,000 times: a few KB on disk, 40 MB once read."""
    pq.write_table(pa.table({"order_id": pa.array(["WO1"] * 20_000),
                             "window_id": pa.array(["PW01" + "x" * 2_000] * 20_000)}), f)
    return f


@pytest.mark.parametrize("build", [_null_bomb, _dictionary_bomb])
def test_a_parquet_bomb_is_refused_before_it_is_read(build, tmp_path, small_limits, monkeypatch):
    from windoweval.records.io import ExportError, read_tables

    f = build(tmp_path / "work_orders.parquet")
    assert f.stat().st_size < 200_000
    monkeypatch.setattr(pd, "read_parquet", lambda *a, **k: pytest.fail("the bomb was read"))
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "work_orders.parquet" in msg
    assert "耗尽内存" in msg and "exhaust memory" in msg and "CSV (UTF-8)" in msg


def test_records_check_refuses_a_parquet_bomb_in_the_data_directory(tmp_path, small_limits, capsys):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    (d / "work_orders.csv").unlink()
    _null_bomb(d / "work_orders.parquet")
    code = main(["records", "check", "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code == 3, text
    assert "work_orders.parquet" in text and "exhaust memory" in text and "Traceback" not in text


def test_an_ordinary_parquet_export_is_read(tmp_path):
    from windoweval.records.io import read_tables
    from windoweval.safepath import parquet_problem

    f = tmp_path / "work_orders.parquet"
    n = 200_000
    pq.write_table(pa.table({"order_id": [f"WO{i}" for i in range(n)], "window_id": ["PW01", "PW02"] * (n // 2),
                             "note": ["客户反映排队久"] * n}), f)
    assert parquet_problem(f) is None
    assert parquet_problem(f, limits={"ratio_from": 2**20}) is None    # 20-40 times its file, not hundreds
    assert read_tables(f)[0].frame.shape == (n, 3)


def _mapping_dir(tmp_path, mapping: str):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    toml = d / "windoweval.toml"
    toml.write_text('mapping_file = "mapping.yaml"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def _laughs(depth: int = 12) -> str:
    lines = ["work_orders:", "  ignore:", '    - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, depth):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"    - &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("mapping,said", [
    (_laughs(), "billion laughs"),
    ("work_orders:\n  ignore: &x [a, *x]\n", "recursive"),   # the YAML reader refuses it itself (as before)
    ("work_orders:\n  ignore: [" + "x" * (17 * 2**20) + "]\n", "far beyond any configuration"),
], ids=["billion_laughs", "alias_loop", "17_MB_line"])
def test_a_hostile_mapping_file_is_refused_at_once(mapping, said, tmp_path, capsys):
    d = _mapping_dir(tmp_path, mapping)
    t = time.process_time()
    code = main(["records", "check", "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code == 3, text[:2000]
    assert said in text and "mapping.yaml" in text and "Traceback" not in text
    assert time.process_time() - t < 60    # not a timing test: the old code never ended


def test_a_python_tag_in_a_mapping_file_constructs_nothing(tmp_path, capsys):
    probe = tmp_path / "pwned"
    d = _mapping_dir(tmp_path, f"work_orders:\n  ignore: !!python/object/apply:os.mkdir ['{probe}']\n")
    code = main(["records", "check", "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code in (0, 3) and not probe.exists() and "Traceback" not in text   # read as text, never called


def test_no_escape_sequence_from_the_data_reaches_the_terminal(tmp_path, capsys):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    f = d / "work_orders.csv"
    rows = list(csv.reader(f.open(encoding="utf-8-sig")))
    rows[1][1] = "PW01\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eRED"
    with f.open("w", encoding="utf-8", newline="") as w:
        csv.writer(w).writerows(rows)
    code = main(["records", "check", "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code == 0 and "RED" in text
    assert not any(c in text for c in "\x1b\x07\x9b\u202e"), repr(text)
    assert "PW01\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m<U+202E>RED" in text


def test_an_spss_file_that_leaves_its_case_count_unknown_is_read_only_up_to_the_limit(tmp_path, monkeypatch):
    """A .zsav whose header says -1 cases (unknown) was read whole, however many cases it held."""
    import struct

    import pyreadstat

    from windoweval.survey import delivery
    from windoweval.survey.delivery import DeliveryError, read_delivery

    f = tmp_path / "power_hall_2025.zsav"
    n = 3_000
    pyreadstat.write_sav(pd.DataFrame({"respondent_id": [f"R{i}" for i in range(n)], "window_id": ["PW01"] * n,
                                       "q1": [5.0] * n}), str(f), compress=True)
    b = bytearray(f.read_bytes())
    b[80:84] = struct.pack("<i", -1)          # the header's case count: unknown
    f.write_bytes(bytes(b))
    assert pyreadstat.read_sav(str(f), metadataonly=True)[1].number_rows is None
    monkeypatch.setattr(delivery, "MAX_SAV_CELLS", 3 * 1_000)   # as if 3,000 cases were a bomb
    with pytest.raises(DeliveryError) as e:
        read_delivery(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "power_hall_2025.zsav" in msg and "leaves the case count unknown" in msg
    assert "未声明个案数" in msg and "deliver CSV" in msg
    monkeypatch.setattr(delivery, "MAX_SAV_CELLS", 3 * 3_000)   # within the limit: read, every case
    assert len(read_delivery(f).frame) == n


def test_a_delivery_field_past_the_csv_limit_is_refused_naming_row_and_column(tmp_path):
    """The refusal named only the file line the record started on; now the row, the column and its header."""
    from windoweval.survey.delivery import DeliveryError, read_delivery

    g = tmp_path / "power_hall_2025.csv"
    g.write_text("respondent_id,window_id,q1,comment\nR1,PW01,5,ok\nR2,PW01,4," + "x" * 200_000 + "\n",
                 encoding="utf-8")
    with pytest.raises(DeliveryError) as e:
        read_delivery(g)
    msg = str(e.value)
    assert e.value.exit_code == 3
    assert "第 3 行第 4 列(comment)" in msg and "row 3, column 4 (comment)" in msg and "200,000" in msg
    assert "export again" in msg and "Traceback" not in msg


def test_an_export_header_past_the_csv_limit_is_refused_as_such(tmp_path):
    """A header cell longer than the csv module reads was 'no header on row 1; set header_row' (a wrong fix)."""
    from windoweval.records.io import ExportError, read_tables

    f = tmp_path / "work_orders.csv"
    f.write_text("工单号" + "y" * 200_000 + ",窗口编号\nWO1,PW01\n", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "work_orders.csv" in msg and "row 1, column 1" in msg
    assert "200,003 characters" in msg and "header_row" not in msg and "export again" in msg


def test_a_person_in_a_delivery_file_name_reaches_no_terminal(tmp_path, capsys):
    """``survey import`` and ``survey list`` printed the delivery's file name as it was (a phone number in it)."""
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=4, careless_share=0)
    with demo.delivery_file(df) as p:
        f = p.parent / "满意度_联系人张三_13812345678.csv"
        shutil.copy(p, f)
        store = tmp_path / "store"
        assert main(["survey", "check", str(f), "--instrument", "power_hall"]) in (0, 1)
        assert main(["survey", "import", str(f), "--instrument", "power_hall", "--year", "2025",
                     "--store", str(store)]) == 0
        assert main(["survey", "list", "--store", str(store)]) == 0
    text = "".join(capsys.readouterr())
    assert "13812345678" not in text and "张三" not in text, text
    assert "[手机号]" in text
