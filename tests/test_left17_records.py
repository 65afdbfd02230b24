"""What the last round left on verdicts and records (left17v).

1. Every count headed "records missing evidence" (缺少证据的记录) counts records only, by one rule
   (``summaries.records_missing``): the text summary's insufficient count had still added a unit measure's promise
   occurrences, and the failed cells of the year's evaluation (``ev.missed``) had too; units are said apart.
2. The workspace's overrides of a measure of promises (``[params."power_window.5.2#work_orders"]``: ``kind``, the
   record kind whose promises it judges; ``standard``, whose promises) and the register's name (``promises``) are
   checked as a column parameter is: a misspelt ``kind`` had stopped with an internal error (exit 5, a traceback),
   a misspelt ``standard`` had judged no promise without a word (no evidence), an empty register name had fallen
   back to the bundled register.  Now each is refused with exit 3, naming the file, the key, the value, the nearest
   known value and the fix, in Chinese and English.
3. An end before its start (``not_before``, refused) and two steps out of order (``flag_before``, kept and flagged by
   ``records check``) showed both times as parsed (``2025-06-02 09:30:00``, a zoned time converted to Beijing time),
   not as the file wrote them, as every other refusal does: now the cells as written, on a CSV and on an XLSX.
4. A kind read from a Parquet export and monthly CSVs together (``file:`` in mapping.yaml): the Parquet's typed
   date-times beside the CSVs' text made an object column (read one value at a time: 22 s for 2 x 1 M rows); now
   the typed column is written as text, vectorised, and the whole column read once (one typed frame, each refusal
   showing the CSV's cell as written).  Without a mapping, ``work_orders.parquet`` beside ``work_orders.csv`` had
   read the first alone and left the other out without a word; now refused (exit 3), naming both and the fix.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import HALL, run_cli, workspace, write_workspace

import windoweval as we
from windoweval.scoring import score
from windoweval.summaries import records_missing, scorecard_html, scorecard_text

_M = "power_window.10.2.5"
_PROMISE = "power_window.5.2#work_orders"


def _orders(first_arrival: str) -> pd.DataFrame:
    # W1 arrives at ``first_arrival``; W2 and W3 closed with no arrival time: missing evidence, counted once as
    # records (10.2.5) and once more as the promise occurrences of 5.2#work_orders (the same orders)
    return pd.DataFrame({
        "order_id": ["W1", "W2", "W3"], "window_id": ["PW01"] * 3, "order_type": ["fault_repair"] * 3,
        "received_at": pd.to_datetime(["2025-06-02 10:00"] * 3),
        "arrived_at": pd.to_datetime([first_arrival, None, None]),
        "order_status": ["closed"] * 3})


def _card(first_arrival: str):
    return score("power_window", 2025, workspace=workspace(HALL), records={"work_orders": _orders(first_arrival)},
                 data="/nonexistent-left17v")


def _line(card) -> str:
    return scorecard_text(card).splitlines()[1]


def test_the_text_summary_insufficient_count_is_records_only():
    card = _card("2025-06-02 10:20")   # W1 on time: 1 of 1 assessed met, 2 missing: insufficient, not a pass
    r = card.results.set_index("measure")
    assert (r.loc[_M, "verdict"], int(r.loc[_M, "missing_evidence"])) == ("insufficient", 2)
    assert r.loc[_PROMISE, "verdict"] == "insufficient" and int(r.loc[_PROMISE, "missing_evidence"]) > 0
    line = _line(card)
    thin = line.split("证据不足 insufficient evidence")[1]
    # two records (W2, W3), as card.missing_evidence() lists them; the promise occurrences apart, not added
    assert "records missing evidence 2)" in thin or "records missing evidence 2;" in thin, line
    assert f"units missing evidence {int(r.loc[_PROMISE, 'missing_evidence'])}" in thin, line
    # the records (W2, W3); since clauses45 the hours of 10.1.2#repair with no fault report are listed too, as units
    me = card.missing_evidence()
    assert len(me[me["measure"] != "power_window.10.1.2#repair"]) == 2
    assert "records missing evidence 2" in scorecard_html(card)


def test_every_records_missing_count_agrees(tmp_path):
    """The text, the window scores, the verdicts by standard and the failed cells of the year's evaluation say the
    same number of records missing evidence beside the fails (W2, W3), from the one rule."""
    d = write_workspace(tmp_path / "data", HALL)
    _orders("2025-06-02 10:46").assign(received_at=lambda o: o["received_at"].dt.strftime("%Y-%m-%d %H:%M"),
                                       arrived_at=lambda o: o["arrived_at"].dt.strftime("%Y-%m-%d %H:%M")) \
        .to_csv(d / "work_orders.csv", index=False)
    ev = we.evaluate(2025, data=d, standards="power_window")
    res = ev.card.results
    assert res.set_index("measure").loc[_PROMISE, "verdict"] == "fail"
    assert int(res.set_index("measure").loc[_PROMISE, "missing_evidence"]) > 0
    text = _line(ev.card).split("无数据")[0]
    assert "records missing evidence 2" in text, text
    assert int(ev.ranking["fail_missing_evidence"].sum()) == 2
    assert int(ev.by_standard["fail_missing_evidence"].sum()) == 2
    # ev.missed's column is headed 缺少证据的记录 / records missing evidence: the promise's row counts no record
    missed = ev.missed.set_index("measure")["missing_evidence"]
    assert (int(missed[_M]), int(missed[_PROMISE])) == (2, 0), missed
    assert int(missed.sum()) == int(records_missing(res[res["verdict"] == "fail"], ev.card.catalog).sum()) == 2


# ---------------------------------------------------------------- 2. the promises' overrides in the workspace
_REPAIR = "order_id,window_id,order_type,received_at,arrived_at\nW1,PW01,fault_repair,2025-06-02 10:00,2025-06-02 11:00\n"


def _promise_data(tmp_path, extra: str = "", **settings):
    d = write_workspace(tmp_path / "data", HALL, **settings)
    with open(d / "windoweval.toml", "a", encoding="utf-8") as f:
        f.write(extra)
    (d / "work_orders.csv").write_text(_REPAIR, encoding="utf-8")
    return d


@pytest.mark.parametrize("key, value, known", [
    ("kind", "work_ordrs", "work_orders"),        # misspelt: had been a KeyError (exit 5)
    ("kind", "", "work_orders"),                  # empty: the same
    ("kind", "complaints", "work_orders"),        # another kind: its promises would read none of these records
    ("standard", "power_windw", "power_window"),  # misspelt: had judged no promise, without a word
    ("standard", "", "power_window"),             # empty: had judged every standard's promises of the kind
])
def test_a_promise_measure_override_is_refused_by_name(tmp_path, key, value, known):
    d = _promise_data(tmp_path, f'[params."power_window.5.2#work_orders"]\n{key} = "{value}"\n')
    r = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out",
                str(tmp_path / "out"), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    assert "Traceback" not in out
    for part in ("windoweval.toml", '[params."power_window.5.2#work_orders"]', f'{key} = "{value}"',
                 f'{key} = "{known}"', "删去这一行", "delete the line"):
        assert part in out, (part, out)
    assert ("为空" in out and "is empty" in out) if value == "" else ("最接近的为" in out and "the nearest is" in out)


def test_the_right_promise_override_still_scores(tmp_path):
    d = _promise_data(tmp_path, '[params."power_window.5.2#work_orders"]\nkind = "work_orders"\n'
                                'standard = "power_window"\n')
    card = score("power_window", 2025, data=d)
    r = card.results.set_index("measure").loc["power_window.5.2#work_orders"]
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (1, 0, "fail")   # 60 minutes to a fault: promise broken


def test_an_empty_register_name_is_refused(tmp_path):
    d = _promise_data(tmp_path, promises=" ")
    r = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out",
                str(tmp_path / "out"), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    for part in ("windoweval.toml", "promises = ' '", "为空", "is empty", 'promises = "promises.yaml"',
                 "删去这一行", "delete the line"):
        assert part in out, (part, out)


# ---------------------------------------------------------------- 3. steps out of order: the cells as written
_HEAD = ["order_id", "window_id", "order_type", "received_at", "arrived_at", "completed_at"]


def _write(path, rows):
    df = pd.DataFrame(rows, columns=_HEAD)
    if path.suffix == ".xlsx":
        df.to_excel(path, index=False)   # every cell a text, as an export writes its own time formats
    else:
        df.to_csv(path, index=False)
    return path


def _refusal(d):
    from windoweval.records.files import load
    from windoweval.records.validate import RecordsError

    with pytest.raises(RecordsError) as e:
        load("work_orders", d)
    return e.value.problems


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_end_before_its_start_shows_the_cells_as_written(tmp_path, suffix):
    d = write_workspace(tmp_path / "data", HALL)
    _write(d / f"work_orders{suffix}", [["W1", "PW01", "fault_repair", "2025年6月2日 10时00分", "2025年6月2日 9时30分", ""],
                                        ["W2", "PW01", "fault_repair", "2025年6月2日 10时00分", "2025年6月2日 10时20分", ""]])
    p = _refusal(d)
    p = p[p["code"] == "end_before_start"]
    assert p[["row", "column", "value"]].values.tolist() == [[2, "arrived_at", "2025年6月2日 9时30分"]]
    assert "received_at = 2025年6月2日 10时00分" in p["problem_zh"].iloc[0]
    assert "received_at (2025年6月2日 10时00分)" in p["problem_en"].iloc[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_zoned_time_out_of_order_is_shown_as_written_not_converted(tmp_path, suffix):
    d = write_workspace(tmp_path / "data", HALL)
    # 01:30 UTC is 09:30 in Beijing, before the 10:00 receipt: refused, showing 01:30Z as the file wrote it
    _write(d / f"work_orders{suffix}", [["W1", "PW01", "fault_repair", "2025-06-02T02:00:00Z", "2025-06-02T01:30:00Z", ""]])
    p = _refusal(d)
    p = p[p["code"] == "end_before_start"]
    assert p["value"].tolist() == ["2025-06-02T01:30:00Z"], p.to_dict("records")
    assert "received_at (2025-06-02T02:00:00Z)" in p["problem_en"].iloc[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_records_check_flags_steps_out_of_order_as_written(tmp_path, suffix):
    d = write_workspace(tmp_path / "data", HALL)
    # completed (10:10) before the crew arrived (10:20): kept, flagged; both times as the export wrote them
    _write(d / f"work_orders{suffix}", [["W2", "PW01", "fault_repair", "2025/6/2 10:00", "2025/6/2 10:20", "2025/6/2 10:10"]])
    from windoweval.records.check import flagged_rows
    from windoweval.records.files import load

    f = flagged_rows("work_orders", load("work_orders", d))
    assert f[["row", "record_id", "column", "value", "code"]].values.tolist() == \
        [[2, "W2", "completed_at", "2025/6/2 10:10", "end_before_step"]]
    assert "arrived_at = 2025/6/2 10:20" in f["problem_zh"].iloc[0]
    assert "arrived_at (2025/6/2 10:20)" in f["problem_en"].iloc[0]
    r = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2025/6/2 10:10" in r.stdout and "2025-06-02 10:10:00" not in r.stdout, r.stdout


def test_steps_out_of_order_in_a_column_the_parse_typed_are_shown_as_written(tmp_path):
    # every time ISO: the CSV parse types the columns (csv15), keeping no text; the flagged row is still listed with
    # its cells as the file wrote them (10:10, not 10:10:00), read again as text only because a row is flagged
    d = write_workspace(tmp_path / "data", HALL)
    _write(d / "work_orders.csv", [["W2", "PW01", "fault_repair", "2025-06-02 10:00", "2025-06-02 10:20",
                                    "2025-06-02 10:10"]])
    from windoweval.records.check import flagged_rows
    from windoweval.records.files import load

    got = load("work_orders", d)
    assert str(got.frame["completed_at"].dtype) == "datetime64[ns]"
    f = flagged_rows("work_orders", got)
    assert f[["row", "column", "value"]].values.tolist() == [[2, "completed_at", "2025-06-02 10:10"]]
    assert "arrived_at = 2025-06-02 10:20" in f["problem_zh"].iloc[0]


# ---------------------------------------------------------------- 4. a Parquet export beside monthly CSVs
def _mixed(tmp_path, csv_rows, zone=None):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text('work_orders:\n  file: ["work_orders_2024.parquet", "work_orders_2025-*.csv"]\n',
                                    encoding="utf-8")
    recv = pd.to_datetime(["2024-03-01 10:00:00", "2024-03-02 10:00:00"])
    a = pd.DataFrame({"order_id": ["A1", "A2"], "window_id": "PW01", "order_type": "fault_repair",
                      "received_at": recv.tz_localize(zone) if zone else recv,
                      "arrived_at": (recv + pd.Timedelta("20min")).tz_localize(zone) if zone
                      else recv + pd.Timedelta("20min")})
    a.to_parquet(d / "work_orders_2024.parquet", index=False)
    pd.DataFrame(csv_rows, columns=_HEAD[:5]).to_csv(d / "work_orders_2025-01.csv", index=False)
    return d


def test_a_parquet_export_and_monthly_csvs_read_as_one_typed_frame(tmp_path):
    from windoweval.records.files import load

    d = _mixed(tmp_path, [["B1", "PW01", "fault_repair", "2025/1/2 10:00", "2025年1月2日 10时30分"]])
    f = load("work_orders", d).frame.set_index("order_id")
    assert str(f["received_at"].dtype) == "datetime64[ns]" and str(f["arrived_at"].dtype) == "datetime64[ns]"
    assert f.loc["A2", "arrived_at"] == pd.Timestamp("2024-03-02 10:20")
    assert f.loc["B1", "arrived_at"] == pd.Timestamp("2025-01-02 10:30")


def test_a_zoned_parquet_export_beside_csvs_is_read_in_beijing_time(tmp_path):
    from windoweval.records.files import load

    d = _mixed(tmp_path, [["B1", "PW01", "fault_repair", "2025/1/2 10:00", "2025/1/2 10:30"]], zone="UTC")
    f = load("work_orders", d).frame.set_index("order_id")
    assert f.loc["A1", "received_at"] == pd.Timestamp("2024-03-01 18:00")   # 10:00 UTC is 18:00 in Beijing


def test_a_refusal_in_the_mixture_shows_the_csv_cell_as_written(tmp_path):
    d = _mixed(tmp_path, [["B1", "PW01", "fault_repair", "2025/1/2 10:00", "2025年1月2日 9时30分"],
                          ["B2", "PW01", "fault_repair", "2025/1/2 10:00", "昨天"]])
    p = _refusal(d).set_index("column")
    assert p.loc["arrived_at"]["value"].tolist() == ["2025年1月2日 9时30分", "昨天"]
    assert sorted(p.loc["arrived_at"]["code"]) == ["bad_date", "end_before_start"]


def test_a_parquet_file_beside_a_csv_of_the_same_kind_is_refused_not_half_read(tmp_path):
    d = write_workspace(tmp_path / "data", HALL)
    pd.DataFrame({"order_id": ["A1"], "window_id": "PW01", "order_type": "fault_repair",
                  "received_at": pd.to_datetime(["2025-03-01 10:00"])}).to_parquet(d / "work_orders.parquet")
    (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at\nB1,PW01,fault_repair,2025/3/2 10:00\n",
                                       encoding="utf-8")
    r = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3, out
    for part in ("work_orders.parquet", "work_orders.csv", "mapping.yaml", "file:", "多个记录文件", "several files"):
        assert part in out, (part, out)
    r = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out",
                str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 3 and "Traceback" not in r.stdout + r.stderr, r.stdout + r.stderr
