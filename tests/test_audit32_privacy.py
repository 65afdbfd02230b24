"""Privacy and escaping of the text the sixteenth round added to messages and files (audit32).

Each test is one defect found with hostile data as a citizen, a clerk or a survey firm could write it; its docstring
says what was wrong and what is right.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _corpus import wo_records_check, wo_workspace  # noqa: E402
from _workspace import run_cli  # noqa: E402

NAMES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十")


def _delivery_with_names(folder: Path, line_edit) -> Path:
    """A demo power-hall delivery with a column of respondents' names (受访者姓名) after the id, one line edited."""
    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=8, seed=3, careless_share=0)
    df.insert(1, "受访者姓名", list(NAMES))
    p = folder / "a.csv"
    df.to_csv(p, index=False)
    lines = p.read_text(encoding="utf-8").splitlines()
    lines = line_edit(lines)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _extra_field(lines):
    lines[3] = lines[3].replace("王五", "王五,13812345678", 1)     # a phone typed after the name: one field too many
    return lines


def test_a_ragged_delivery_row_never_shows_a_name_from_a_name_column(tmp_path):
    """A delivery row with one field too many (a phone typed after the name, unquoted) was refused as ``ragged_row``
    with the whole line as its value: the respondent's name (王五, under 受访者姓名) was shown by ``survey check`` (console
    and ``--format csv``) and written to the store's ``problems.csv`` and ``rejects.csv`` (``raw_record``).  A column
    of names is masked whole everywhere else; a raw row's fields that may stand under such a header (the header's
    position, give or take the fields too many or too few) are masked the same way, the rest of the row kept."""
    from windoweval.survey.store import import_delivery, load_rejects

    p = _delivery_with_names(tmp_path, _extra_field)
    for fmt in ("table", "csv", "json"):
        r = run_cli("survey", "check", str(p), "--instrument", "power_hall", "--format", fmt, cwd=tmp_path)
        out = r.stdout + r.stderr
        assert "ragged_row" in out or "29 个字段" in out, out
        assert "王五" not in out and "Traceback" not in out, (fmt, out)
        assert "[已遮蔽 masked]" in out and "000003" in out, (fmt, out)   # the row can still be found
    import_delivery(p, "power_hall", 2025, store_dir=tmp_path)
    rej = load_rejects("power_hall_2025", store_dir=tmp_path)
    assert rej["codes"].tolist() == ["ragged_row"]
    assert "王五" not in rej["raw_record"].iloc[0] and "000003" in rej["raw_record"].iloc[0]
    # the files a clerk opens (the delivery itself is kept as received, by hash, apart)
    written = "".join(f.read_text(encoding="utf-8-sig") for f in (tmp_path / "surveys" / "imports").rglob("*.csv"))
    assert "rejects.csv" in str(list((tmp_path / "surveys" / "imports").rglob("*.csv")))
    assert not any(n in written for n in NAMES), written


def test_a_ragged_export_row_never_shows_a_name_from_a_name_column(tmp_path):
    """A work-order export whose row holds one cell too many (故障,报修: a comma inside a value) is refused naming the
    row and the first cell past the header, which was the customer's name (李四, shifted out from under 客户姓名): shown
    by ``records check`` and by ``score``'s refusal.  That cell may stand under a column of names: masked."""
    wo_workspace(tmp_path)
    (tmp_path / "work_orders.csv").write_text(
        "工单号,窗口,业务类型,受理时间,完成时间,客户姓名\n"
        "WO1,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40,张三\n"
        "WO2,PW01,故障,报修,2025-03-05 09:00,2025-03-05 09:40,李四\n", encoding="utf-8")
    for args in (("records", "check"), ("score", "--year", "2025", "--out", str(tmp_path / "out"))):
        r = run_cli(*args, "--data", str(tmp_path), cwd=tmp_path)
        out = r.stdout + r.stderr
        assert r.returncode == 3, out
        assert "第 3 行" in out and "row 3" in out and "李四" not in out and "Traceback" not in out, out
        assert "[已遮蔽 masked]" in out, out


def test_a_ragged_export_row_shows_a_cell_that_stands_under_no_name_column(tmp_path):
    """The masking of a ragged row is no blanket: with no column of names near the cells too many, the cell is
    shown as written, so the clerk can find it."""
    rc, out = wo_records_check(tmp_path, "客户姓名,工单号,窗口,业务类型,受理时间,完成时间\n"
                                         "李四,WO2,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40,多余\n")
    assert rc == 3 and "多余" in out and "李四" not in out, out


def test_records_map_never_lists_a_phone_or_a_name_as_a_code(tmp_path):
    """``records map`` lists an export's codes (业务类别's values, window ids no window has) for the user to map; a
    phone number or a name typed where a code belongs (13812345670, 张先生) was listed as written, on the console and in
    the file ``--out`` writes.  Such a value is no code a mapping can read: it is counted, not listed, and the real
    codes are listed as before."""
    wo_workspace(tmp_path)
    (tmp_path / "wo.csv").write_text(
        "工单号,供电所编号,业务类别,受理时间,完成时间\n"
        "WO1,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40\n"
        "WO2,PW01,张先生,2025-03-05 09:00,2025-03-05 09:40\n"
        "WO3,13912345678,13812345670,2025-03-05 09:00,2025-03-05 09:40\n"
        "WO4,城北,故障报修,2025-03-05 09:00,2025-03-05 09:40\n", encoding="utf-8")
    r = run_cli("records", "map", "wo.csv", "--kind", "work_orders", "--data", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    r2 = run_cli("records", "map", "wo.csv", "--kind", "work_orders", "--data", str(tmp_path), "--out", "m.yaml",
                 cwd=tmp_path)
    assert r2.returncode == 0, r2.stdout + r2.stderr
    for text in (r.stdout + r.stderr, (tmp_path / "m.yaml").read_text(encoding="utf-8")):
        assert "1381234567" not in text and "1391234567" not in text and "张先生" not in text, text
        assert '"故障报修": fault_repair' in text and '"城北"' in text, text
        assert "含个人信息" in text and "personal data" in text, text


def test_the_complaints_reply_table_heads_missing_evidence_in_both_languages(tmp_path):
    """The sixteenth round put ``missing_evidence`` beside the reply verdicts (cases withdrawn at an unrecorded time);
    ``windoweval complaints`` printed that column's head as the bare identifier, among heads in Chinese and English
    (件数 cases, 按时 in time …).  It reads 缺少证据 missing evidence."""
    from _workspace import write_workspace

    write_workspace(tmp_path)
    (tmp_path / "complaints.csv").write_text(
        "case_id,channel,kind,window_id,received_at,replied_at,resolved_at,case_status\n"
        "TS1,95598,complaint,PW01,2025-03-05 10:00,2025-03-06 10:00,2025-03-06 10:00,closed\n"
        "TS2,95598,complaint,PW01,2025-03-05 10:00,,,withdrawn\n", encoding="utf-8")
    r = run_cli("complaints", "--year", "2025", "--data", str(tmp_path), cwd=tmp_path)
    head = next(line for line in r.stdout.splitlines() if "按时 in time" in line)
    assert r.returncode == 0 and "缺少证据 missing evidence" in head and " missing_evidence " not in f" {head} ", head


def test_records_map_never_lists_a_record_row_or_a_personal_header_as_headers(tmp_path):
    """An export without its header row has a record where the headers belong: ``records map`` proposed
    ``ignore: ["WO1", …, "张三", "13812345678"]``, a customer's name and phone on the console and in ``--out``'s file.
    A row that no header of which is read and that holds dates or long numbers is said to look like a record, its
    cells not listed; in a real header row a header the masking would change (13812345678, 张先生) is counted, not
    listed."""
    wo_workspace(tmp_path)
    (tmp_path / "nohead.csv").write_text(
        "WO1,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40,张三,13812345678\n"
        "WO2,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40,李四,13812345679\n", encoding="utf-8")
    (tmp_path / "head.csv").write_text(
        "工单号,窗口,业务类型,受理时间,完成时间,张先生,13812345678,备注\n"
        "WO1,PW01,故障报修,2025-03-05 09:00,2025-03-05 09:40,x,y,z\n", encoding="utf-8")
    for name, said in (("nohead.csv", "看来是一条记录"), ("head.csv", '"备注"')):
        out = f"m_{name}.yaml"
        r = run_cli("records", "map", name, "--kind", "work_orders", "--data", str(tmp_path), "--out", out,
                    cwd=tmp_path)
        text = r.stdout + r.stderr + (tmp_path / out).read_text(encoding="utf-8")
        assert r.returncode == 0 and said in text, text
        assert "张三" not in text and "13812345678" not in text and "张先生" not in text, text


def test_a_delivery_without_its_header_row_never_lists_a_respondent_as_columns(tmp_path):
    """A delivery without its header row has its first respondent where the header belongs: ``survey check`` listed
    every cell as an unknown column (未知列 '张三', the comment, the id) and suggested the answer 'resident' for
    respondent_id, on the console and in ``--format csv``.  A header row holding none of the instrument's columns and
    a date or a long number is refused once as a missing header row (both languages, with the fix), its cells not
    listed."""
    p = _delivery_with_names(tmp_path, lambda lines: lines[1:])
    for fmt in ("table", "csv"):
        r = run_cli("survey", "check", str(p), "--instrument", "power_hall", "--format", fmt, cwd=tmp_path)
        out = r.stdout + r.stderr
        assert r.returncode == 1, out
        assert "缺少表头行" in out and "no header row" in out and "survey template" in out, out
        assert "张三" not in out and "未知列" not in out and "resident" not in out, out


def test_the_survey_template_never_writes_a_formula_from_the_instrument(tmp_path):
    """``survey template`` writes the instrument's title, questions and labels into the workbook as they are; an
    instrument (an organisation's or a survey firm's YAML) titled ``=HYPERLINK("http://x","点此")`` gave a formula cell
    in A1 of the instructions sheet, and labels starting with + or @ cells a spreadsheet reads as formulas.  Every
    text cell of the template goes through the one rule of exported cells (:func:`windoweval.cells.neutralise`)."""
    import openpyxl
    import yaml

    from windoweval import paths
    from windoweval.cells import FORMULA

    raw = yaml.safe_load((paths.INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    raw["instrument"]["title_zh"] = '=HYPERLINK("http://x","点此")'
    raw["overall"]["zh"] = "+1+cmd|calc"
    raw["scale"]["labels"]["satisfaction"][5]["zh"] = "@SUM(1)"
    ins = tmp_path / "org.yaml"
    ins.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    r = run_cli("survey", "template", "--instrument", str(ins), "--out", "t.xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells if isinstance(c.value, str) and FORMULA.match(c.value)]
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)   # shown, as text


def test_the_stop_message_after_an_import_went_in_is_masked(tmp_path, monkeypatch, capsys):
    """``records import`` stopped (SIGTERM) after its dataset went in names where the new records are stored; that
    message, alone of the command line's refusals and stops, was printed without the masking every other one gets, so
    a store under a folder named with a customer's phone (客户13812345678) showed it.  It is masked as the others."""
    from _workspace import fault_repairs_csv, import_stopped_after_it_went_in, stop_signals, write_workspace

    store = write_workspace(tmp_path / "客户13812345678")
    a, b = (fault_repairs_csv(tmp_path / f"{x}.csv", "W", n, width=1) for x, n in (("a", 2), ("b", 3)))
    with stop_signals() as cli:
        assert cli.main(["records", "import", "work_orders", str(a), "--data", str(store), "--replace"]) == 0
        capsys.readouterr()
        rc = import_stopped_after_it_went_in(cli, monkeypatch, store, b)
    err = capsys.readouterr().err
    assert rc == 4 and "已中止" in err and "stopped" in err and "went in" in err, err
    # since audit35 a message names the store relative to --data (a folder's name no longer reaches it at all)
    assert "13812345678" not in err and "存入 work_orders" in err, err


def test_a_row_cut_short_never_shows_a_name_moved_into_another_column(tmp_path):
    """A line break inside a value, not quoted (受理时间 written ``2025`` then a new line), cuts a record in two: the
    second part's cells move left, so the customer's name (赵六, under 客户姓名) is read as the order type and refused
    as a value not allowed, shown as written by ``records check``.  A refused row's value that may be a column of
    names' cell moved left (its row short of cells, a personal header within reach) is masked; the row, the column
    and the reason stay."""
    rc, out = wo_records_check(
        tmp_path, "工单号,窗口,业务类型,受理时间,完成时间,客户姓名,联系电话,备注\n"
                  "WO1,PW01,故障报修,2025-03-02 09:00,2025-03-02 09:40,李四,13812345671,好\n"
                  "WO3,PW01,故障报修,2025\n-03-04 09:00,2025-03-04 09:40,赵六,13812345673,好\n")
    assert rc == 3 and "第 4 行" in out and "row 4" in out and "order_type" in out, out
    assert "赵六" not in out and "李四" not in out and "[已遮蔽 masked]" in out and "Traceback" not in out, out


def test_a_record_run_on_to_the_header_is_never_listed_as_columns(tmp_path):
    """A delivery whose header lost its line break has the first respondent run on to the header row: each of their
    cells became an unknown column, listed by name (未知列 '张三', '2025-03-03' …) on the console and in the problem
    files.  Unknown columns among which some look like data (a date, a long number) are said once, as a record
    possibly run on to the header, and not listed."""
    def run_on(lines):
        lines[0] = lines[0] + "," + lines[1]
        return [lines[0]] + lines[2:]

    p = _delivery_with_names(tmp_path, run_on)
    r = run_cli("survey", "check", str(p), "--instrument", "power_hall", "--format", "csv", cwd=tmp_path)
    out = r.stdout + r.stderr
    assert "header_holds_data" in out and "换行丢失" in out and "line break lost" in out, out
    assert "张三" not in out and "未知列" not in out and "Traceback" not in out, out


def test_records_check_never_lists_a_record_run_on_to_the_header_as_headers(tmp_path):
    """An export whose header lost its line break has its first record run on to the header: ``records check``
    listed its cells among the headers ignored (…, 2025-03-01 09:00, 张三) and said nothing of the record not read.
    Headers ignored among which some look like data are said so, with the record not read, and not listed."""
    rc, out = wo_records_check(
        tmp_path, "工单号,窗口,业务类型,受理时间,完成时间,客户姓名WO0,PW01,故障报修,2025-03-01 09:00,2025-03-01 09:40,张三\n"
                  "WO1,PW01,故障报修,2025-03-02 09:00,2025-03-02 09:40,李四\n")
    assert rc == 0 and "换行丢失" in out and "line break lost" in out and "not read" in out, out
    assert "张三" not in out and "2025-03-01 09:00" not in out, out
