"""Hostile inputs tried again from the outside (safe38).

Each test is one leak found by running the real commands on a demo workspace whose every text column, window id and
name, organisation name, file name and command-line argument was hostile; its docstring says what was wrong and what
is right.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _workspace import HALL, write_workspace  # noqa: E402

from windoweval.cli import main  # noqa: E402

PHONE = "13812345678"


def _run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:     # argparse's usage error
        code = e.code
    got = capsys.readouterr()
    return code, got.out, got.err


@pytest.mark.parametrize("argv, code", [
    (("score", "--year", f"=1+1 {PHONE}"), 2),                              # argparse's error echoed the value
    (("standards", "show", f"power_window.10.2.6<b>{PHONE}"), 2),           # the unknown clause echoed
    (("records", "import", "work_orders", f"工单_联系人张三_{PHONE}.csv"), 3),  # the missing file's name echoed
])
def test_a_message_echoing_a_command_line_value_masks_it(capsys, tmp_path, monkeypatch, argv, code):
    """A message that echoes what the user typed named the phone number in it: argparse's usage error
    (``argument --year: '=1+1 13812345678' 不是年份``, printed before the command ran), ``standards show``'s unknown
    clause, ``records import``'s missing file (``工单_联系人张三_13812345678.csv: 找不到交付文件``): a scheduler's log keeps
    what a command line carried.  One gate: every line written to stderr, the messages' channel, is masked
    (:func:`windoweval.privacy.mask_lines`), whoever printed it."""
    monkeypatch.chdir(tmp_path)
    write_workspace(tmp_path / "data", HALL)
    rc, out, err = _run(capsys, *argv, *(("--data", str(tmp_path / "data")) if argv[0] == "records" else ()))
    assert rc == code, (out, err)
    assert PHONE not in out + err and "[手机号]" in err, err
    assert "Traceback" not in err and "张三" not in err, err


def test_stdout_data_is_not_masked_as_a_message(capsys):
    """The gate is stderr's alone: stdout carries data (``survey estimate --format json``), masked where it is made;
    masked again line by line, a standard error's fifteen decimals (``"se": 1.507409760222698``) read as an ID-card
    number (``1.[身份证号]``)."""
    from windoweval.cli import _Printable
    import io

    buf = io.StringIO()
    _Printable(buf).write('{"se":1.507409760222698}\n')
    assert buf.getvalue() == '{"se":1.507409760222698}\n'
    buf = io.StringIO()
    _Printable(buf, messages=True).write(f"值 value {PHONE}\n")
    assert buf.getvalue() == "值 value [手机号]\n"


def test_records_map_writes_no_personal_data_from_a_files_name(capsys, tmp_path):
    """``records map 导出_张三_13812345678.xlsx`` proposed ``file: "导出_张三_13812345678.xlsx"`` and named it in the
    proposal's first lines, on the console and in the file ``--out`` writes.  The name holding personal data is shown
    masked; ``file:`` is not written (a masked name would match no file), a comment says to rename the file and name
    it there; the proposal's every line passes the privacy rule, as every output does."""
    f = tmp_path / f"导出_联系人张三_{PHONE}.csv"
    f.write_text("工单号,窗口编号,业务类型,受理时间\nWO1,PW01,故障报修,2025-03-05 09:00\n", encoding="utf-8")
    rc, out, err = _run(capsys, "records", "map", str(f), "--kind", "work_orders")
    assert rc == 0, err
    rc2, _, err2 = _run(capsys, "records", "map", str(f), "--kind", "work_orders", "--out", str(tmp_path / "m.yaml"))
    assert rc2 == 0, err2
    written = (tmp_path / "m.yaml").read_text(encoding="utf-8")
    for text in (out, written):
        assert PHONE not in text and "张三" not in text, text
        assert "文件名含个人信息" in text and "rename the file" in text, text
        assert "\n  file:" not in text, text
        assert '"工单号": order_id' in text, text      # the proposal itself is as before
    # a file whose name holds none is named as before
    g = tmp_path / "营销工单导出.csv"
    g.write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    rc, out, err = _run(capsys, "records", "map", str(g), "--kind", "work_orders")
    assert rc == 0 and '  file: "营销工单导出.csv"' in out, out


@pytest.mark.parametrize("text, name", [
    ("王大锤 先生来电反映电费", "王大锤"),             # a space between the name and its title
    ("回访王大锤\u3000女士，满意", "王大锤"),          # an ideographic space
    ("王大锤\u200b先生来电", "王大锤"),               # a zero-width space
    ("客户王大\u200d锤先生来电", "大锤"),             # a zero-width joiner inside the name
    ("王 大锤师傅上门", "大锤"),                      # a space inside the name, a kin title
    ("Mr. Wang Lei called about the bill", "Wang"),   # an English honorific
    ("Ms Li Na来电", "Li Na"),
    ("Wang先生来电反映", "Wang"),                     # a romanised name before a Chinese title
    ("回访 wang xiaoming 女士", "xiaoming"),
])
def test_a_name_before_its_title_is_masked_whatever_parts_them(text, name):
    """A name before 先生/女士/师傅 was masked only when it ran straight on to its title: ``王大锤 先生``, a zero-width
    space or joiner typed or pasted into the name or before the title (``王大锤\\u200b先生``: the masking folds it to a
    space), and a romanised name after ``Mr.``/``Ms`` reached every output whole.  The title rules take one space (or
    an invisible character) between the name's characters and before the title; an English honorific is a label of a
    romanised name.  In a column of a few texts and of many (the prefilter's path) alike; the words around stay."""
    from windoweval.privacy import mask_text

    few = mask_text(pd.Series([text], dtype="string")).iloc[0]
    many = mask_text(pd.Series([text] + [f"工单 WO{i:05d} 已办结" for i in range(400)], dtype="string")).iloc[0]
    assert few == many, (few, many)
    assert name not in few and ("某" in few), few
    assert few.endswith(text[-2:]) or "called about the bill" in few, few


def test_a_title_with_no_name_before_it_stays():
    """What the looser title rules must not take: a word that is no surname before a spaced title, a title alone."""
    from windoweval.privacy import mask_text

    kept = ["这位 先生请稍等", "先生您好", "女士们 先生们", "MS Office 无法打开", "Mr. The queue"]
    assert mask_text(pd.Series(kept, dtype="string")).tolist() == kept


def test_a_name_where_a_persons_key_belongs_is_masked_whole():
    """An export whose 柜员 column (mapped to ``staff_id``) holds the clerk's name, or whose 顶岗人员姓名 (an alias of
    ``covered_by``) holds the covering colleague's, put the name in every missed record (``staff_id: 李小龙`` in
    ``all_missed.parquet``/``.csv``, through ``windoweval score``): a key column was masked only where a phone or ID
    number stood in it.  A cell of a column naming a person by a key (:func:`windoweval.privacy.person_key_column`)
    that is a personal name, not a key, is masked whole, in a frame (``mask_frame``, the exports' batch) and in the
    Arrow pieces of missed records alike; the keys (S0101) and other columns' words stay."""
    import pyarrow as pa

    from windoweval import exports
    from windoweval.cells import MASKED
    from windoweval.privacy import mask_frame

    df = pd.DataFrame({"staff_id": ["S0101", "李小龙", None, "欧阳娜娜", "李\u200b小龙"],
                       "covered_by": ["王大锤", "S0102", "", None, "S0103"],
                       "window_id": ["PW01", "城东营业厅", "PW01", "PW01", "PW01"],
                       "message": ["李小龙", "x", "y", "z", "w"]})
    want_staff = ["S0101", MASKED, None, MASKED, MASKED]
    want_cover = [MASKED, "S0102", "", None, "S0103"]
    for got in (mask_frame(df), exports._masked_by_value(df)):
        assert [None if pd.isna(v) else v for v in got["staff_id"]] == want_staff, got
        assert [None if pd.isna(v) else v for v in got["covered_by"]] == want_cover, got
        assert got["window_id"].tolist() == df["window_id"].tolist()
    big = pa.array(["S0101", "李小龙", None] * 200, type=pa.large_string())
    for arr in (big, big.slice(0, 3)):    # a piece's column: many values (by Arrow) and a few (by value)
        got = exports.prepare_missed.arrow(arr, "staff_id").to_pylist()
        assert got[:3] == ["S0101", MASKED, None], got[:3]
    # the same value in another key column (an order's id) is no person's: as before
    assert exports.prepare_missed.arrow(pa.array(["李小龙"]), "order_id").to_pylist() == ["李小龙"]


def test_a_store_never_claims_a_key_column_holding_a_name_plain(tmp_path):
    """``records import`` names in each store file the text columns no masking rule could change, and ``score``
    writes those columns' missed values unmasked: a ``staff_id`` holding 李小龙 (no phone, no cue: nothing the
    masking's scan finds) was claimed plain, so the name reached the missed records from a store.  A person's key
    column with a name in it is never plain; the claim's fingerprint covers that rule, so a file claimed under the
    old rules is scanned again."""
    import pyarrow as pa

    from windoweval.records.contract import contracts
    from windoweval.records.store import plain_text_columns, write_part

    d = tmp_path / "counter_pauses"
    d.mkdir()
    write_part(pa.table({"pause_id": ["P1", "P2"], "staff_id": ["S0101", "李小龙"], "covered_by": ["S0102", "S0103"],
                         "window_id": ["PW01", "PW01"]}), str(d / "p.parquet"), contracts()["counter_pauses"])
    plain = plain_text_columns(d)
    assert "staff_id" not in plain, plain
    assert {"pause_id", "covered_by", "window_id"} <= plain, plain


def test_score_writes_no_clerks_name_from_an_export_that_names_them(tmp_path, capsys):
    """End to end, as a user runs it: the demo's counter pauses exported with the clerks' names where their 工号
    belong (``staff_id``) and the covering colleague's name in ``covered_by``; ``windoweval score`` wrote the names
    into ``etiquette_missed.parquet`` and ``.csv`` (the pauses no one covered).  Now no output and nothing printed
    holds them; the missed pauses are still listed, their clerk masked whole."""
    from windoweval.cells import MASKED
    from windoweval.demo import generate

    data = generate(tmp_path / "data", year=2025)
    f = data / "counter_pauses.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df["staff_id"] = ["李小龙", "欧阳娜娜", "S0101"] * (len(df) // 3) + ["李小龙"] * (len(df) % 3)
    df.loc[df["covered_by"].ne(""), "covered_by"] = "王大锤"
    df.to_csv(f, index=False, encoding="utf-8")
    out = tmp_path / "out"
    rc, printed, err = _run(capsys, "score", "--standard", "etiquette", "--year", "2025", "--data", str(data),
                            "--out", str(out))
    assert rc == 0, err
    missed = pd.read_parquet(out / "etiquette_missed.parquet")
    pauses = missed[missed["measure"].astype(str).str.endswith("#pauses")]
    assert len(pauses) and pauses["staff_id"].isin([MASKED, "S0101"]).all(), pauses["staff_id"].value_counts()
    assert pauses["staff_id"].eq(MASKED).any()
    texts = [printed, err] + [p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv")] + [missed.to_csv()]
    for t in texts:
        assert "李小龙" not in t and "娜娜" not in t and "王大锤" not in t


@pytest.mark.parametrize("text", ["回电(138)1234-5678", "联系方式：（139） 8765 4321。", "电话(138)12345678"])
def test_a_mobile_written_with_its_first_digits_in_brackets_is_masked(text):
    """``(138)1234-5678`` (a mobile written as a landline is, its first three digits in brackets) reached every output:
    the mobile rule let no bracket part its digits and the landline rule wants an area code starting 0.  Masked as a
    mobile; a longer run (an order's ``(138)12345678901``) and a letter before (``WO(138)…``) stay."""
    from windoweval.privacy import mask_text

    got = mask_text(pd.Series([text, "编号(138)12345678901", "WO(138)1234-5678"], dtype="string")).tolist()
    assert "[手机号]" in got[0] and "1234" not in got[0] and "8765" not in got[0], got
    assert got[1:] == ["编号(138)12345678901", "WO(138)1234-5678"], got


@pytest.mark.parametrize("text, left", [
    ("投诉人：王 大 锤 13812345678", "锤"),     # each character spaced after a label
    ("客户：王\u3000大\u3000锤", "锤"),         # ideographic spaces
    ("姓名：王大 锤", "锤"),                     # a space before the last character
    ("联系人：欧阳 娜 娜", "娜"),
])
def test_a_name_spaced_out_after_its_label_is_masked_whole(text, left):
    """After a label a name written with a space between every character was masked but for its last one
    (``投诉人：王 大 锤`` -> ``投诉人：某某 锤``): the rule took one space, after the surname.  A three-character name with a
    space before its last character is taken whole, where a stop or a space ends it; a word of speech after the
    name stays (``客户：李 说 要 退费`` -> ``客户：某某 要 退费``, as before)."""
    from windoweval.privacy import mask_text

    got = mask_text(pd.Series([text, "客户：李 说 要 退费", "客户：张 三 来电"], dtype="string")).tolist()
    assert left not in got[0] and "某某" in got[0], got
    assert got[1:] == ["客户：某某 要 退费", "客户：某某 来电"], got
