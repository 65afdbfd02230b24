"""Review rev16x of the audit30 merge (git diff ecd05d7 7cb7302), exports and survey deliveries: defects found, each
as a test that failed on main."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from windoweval.cli import main  # noqa: E402
from windoweval.demo import survey as demo  # noqa: E402
from windoweval.survey.delivery import parse_delivery  # noqa: E402

INS = "power_hall"


def _delivery(n=50, seed=4):
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=n, seed=seed,
                                  careless_share=0).astype(object)


def _on_codes(df, col, codes):
    """``col`` answered uniformly on ``codes`` (a whole column as the firm's questionnaire coded it)."""
    df[col] = [str(c) for c in np.random.default_rng(1).choice(codes, len(df))]
    return df


# ---------------------------------------------------------------- answers off the scale (delivery.py:1896-1935)

@pytest.mark.parametrize("codes,what", [((1, 2, 3, 4, 5, 6), "a 1-6 scale (6 = very satisfied)"),
                                        ((0, 1, 2, 3, 4), "a 0-4 coding of the 1-5 scale")])
def test_a_whole_column_on_another_scale_is_not_a_pass(codes, what, capsys):
    """A column of `overall` answered on another scale than the instrument's: a sixth or a fifth of its answers off the
    1-5 codes, every one the same code.  Such a column cannot be read answer by answer (on a 1-6 scale the most
    satisfied answer is dropped and 5 is counted as 'very satisfied'; on 0-4 every answer is one point low), as the
    longer-scale rule says of a 1-10 column.  Before audit30 each such answer was an error (exit 1, rows refused);
    now each is a warning, `_longer_scale` asks for two kinds of code above the maximum (never below the minimum),
    and `survey check` exits 0: the delivery passes and the satisfaction rate is computed from a misread column.
    Right: the column is refused (an error; `survey check` exits non-zero)."""
    df = _on_codes(_delivery(), "overall", codes)
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
        rc = main(["survey", "check", str(p), "--instrument", INS, "--year", "2025"])
    capsys.readouterr()
    off = chk.problems[chk.problems["column"] == "overall"]
    assert len(off) >= 0.1 * len(df)                       # the misread answers are seen ...
    assert not chk.errors.empty, f"{what}: no error, only {len(off)} warnings"   # ... but nothing refuses them
    assert rc != 0, f"{what}: survey check exits 0"


def test_a_respondent_interviewed_on_a_longer_scale_is_not_counted():
    """One respondent's answers 6, 7, 8 beside 5s show the interview used a 1-10 scale (too few for the column rule,
    which needs 5 % of a column).  Before audit30 the respondent was refused; now the 6-10 answers are dropped one by
    one and the 1-5 answers are kept as 1-5-point answers: the overall 5 (the middle of 1-10) is counted as
    'very satisfied' (index 100).  Right: a row whose off-scale answers are of two kinds or more above the scale
    is refused as a whole (its 1-5 answers cannot be read), as a column is."""
    from windoweval.survey import load_instrument

    ins = load_instrument(INS)
    cols = list(ins.coded_columns)
    df = _delivery(n=100)
    df.loc[0, cols] = [str(x) for x in [5, 6, 7, 8, 5, 5, 5, 6, 7, 8, 5, 4, 5, 6, 7, 8, 5, 5]]
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, screen=False)
    kept = chk.valid[chk.valid["row"] == 2]
    assert kept.empty, f"kept with overall {kept['overall'].tolist()} and env1 {kept['env1'].tolist()}"
    assert 2 in chk.rejected_rows


# ---------------------------------------------------------------- decimal commas (validate.py:922-962)

def test_a_thousands_separator_before_a_unit_is_still_read():
    """`1,440分钟` (a day, in minutes), `10,000V`, `1,440 min`: a number with a thousands separator written with its
    unit.  The old reading took the comma out and read the unit (1440, 10000); `_decimal_commas` only handles a
    value that is all number (`_GROUPED` is fullmatched), leaves the comma in, and the unit path cannot read
    `1,440分钟`: the value is now refused as 'expected a number'.  data/README: a thousands separator is read, and
    a unit after the number is read in the contract's unit.  Right: 1440.0 and 10000.0 as before."""
    from windoweval.records.validate import _coerce_column

    for vals, unit, want in ((["1,440分钟", "30"], "min", [1440.0, 30.0]),
                             (["1,440 min", "30"], "min", [1440.0, 30.0]),
                             (["10,000V", "220V"], "V", [10000.0, 220.0])):
        probs: list = []
        got = _coerce_column(pd.Series(vals, dtype=object), {"type": "float", "unit": unit}, "x",
                             np.array(["f.csv"] * 2), np.array([2, 3]), probs)
        assert got.astype(float).tolist() == want and not probs, (vals, got.tolist(),
                                                                   [p["code"].tolist() for p in probs])


def test_a_voltage_export_with_durations_in_minutes_and_thousands_is_read(tmp_path):
    """End to end: a voltage export whose 统计时长 is written `1,440分钟` (a day's reading) was read (1440 minutes)
    and is now refused whole (records check exit 3)."""
    from _workspace import write_workspace

    from windoweval.records import read_records

    write_workspace(tmp_path, mapping_file="mapping.yaml")
    (tmp_path / "mapping.yaml").write_text(
        "voltage_readings:\n  file: v.csv\n  values:\n    supply_type: {单相220V: single_phase_220v}\n", encoding="utf-8")
    head = "监测点编号,窗口编号,供电方式,额定电压,实测电压,监测时间,统计时长,系统状态"
    lines = [head] + [f'P{i},PW01,单相220V,220,{v},2025-03-0{i} 09:00,"1,440分钟",normal'
                      for i, v in enumerate(["221.5", "219.0", "230.1"], 1)]
    (tmp_path / "v.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    df = read_records("voltage_readings", tmp_path)
    assert df["duration_min"].tolist() == [1440.0] * 3


# ---------------------------------------------------------------- declared GB18030 (io.py:237-254, 314-332)

@pytest.mark.parametrize("cell", ["VIP女", "QQ女", "wifi没"])
def test_a_gbk_file_declared_gb18030_with_a_latin_looking_pair_is_read(cell):
    """A GBK export (ASCII headers, one Chinese word beside Latin letters) declared `encoding: gb18030`.  Its bytes
    happen to be valid UTF-8 throughout (女 c5 ae reads as Ů, 没 c3 bb as û), and `_utf8_throughout` calls
    `_utf8_line` without `strict`, so a Latin letter beside ASCII letters (VIPŮ) counts as 'Chinese that reads only
    as UTF-8'; the file is refused and told to switch to utf-8, which would read VIPŮ.  data/README: with an encoding
    declared the evidence must be stronger (Müller, not Café), and the new rule speaks of 'valid UTF-8 with Chinese
    in it'.  The old tree read it.  Right: decoded as GB18030."""
    from windoweval.records.io import decode

    text = f"ticket_no,window_id,issued_at,customer\r\nA001,PW01,2025-03-05 09:00,{cell}\r\n"
    b = text.encode("gbk")
    b.decode("utf-8")                                     # valid UTF-8 by chance
    assert decode(b, "tickets.csv", "gb18030") == text


# ---------------------------------------------------------------- cells merged down (io.py:961-988)

def _lines_run(fn, *args):
    """``fn(*args)`` and the number of lines of ``fn``'s own code run (its comprehensions' included, not the library
    code it calls): a count that grows with the input where ``fn`` loops in Python, and stays put where it does not."""
    code = fn.__code__
    count = [0]

    def local(frame, event, arg):
        if event == "line":
            count[0] += 1
        return local

    def glob(frame, event, arg):
        if frame.f_code is code or (frame.f_back is not None and frame.f_back.f_code is code
                                    and frame.f_code.co_name.startswith("<")):
            return local
        return None

    old = sys.gettrace()
    sys.settrace(glob)
    try:
        got = fn(*args)
    finally:
        sys.settrace(old)
    return got, count[0]


def _merged_sheet(n):
    body = pd.DataFrame({0: [f"GD{i}" for i in range(n)], 1: ["PW01" if i % 3 == 0 else None for i in range(n)]},
                        index=np.arange(1, n + 1))
    return body, [(i + 1, 2, i + 3, 2) for i in range(1, n, 3)]


def test_filling_merged_ranges_is_not_a_loop_per_range():
    """A report-style export merges a window (or a date, an order type) beside each group of rows; a 20,000-row
    sheet merged every three rows holds 6,667 ranges.  `_fill_merged_down` looped over the ranges in Python, each
    turn building a mask over every row and assigning with `.loc`: 4 s at 10,000 rows, 12 s at 20,000, 73 s at
    60,000 (quadratic); read_records of a 15,000-row workbook took 8.2 s merged against 1.7 s unmerged.
    Right: the fill is vectorised (a fill within the ranges' row spans, all ranges at once).

    Counted, not timed (the project has no timed tests): the lines of `_fill_merged_down` run are the same for 6,667
    ranges as for 67 (a loop per range runs them thousands of times), and every range is filled and named."""
    from windoweval.records.io import _fill_merged_down

    small, big = _merged_sheet(200), _merged_sheet(20000)
    (out, named), lines = _lines_run(_fill_merged_down, *big, ["工单号", "窗口"])
    assert out[1].notna().all() and len(named) == len(big[1]) and named[:2] == ["B2:B4 窗口", "B5:B7 窗口"]
    _, lines_small = _lines_run(_fill_merged_down, *small, ["工单号", "窗口"])
    assert lines <= lines_small + 10 and lines < 200, f"{lines} lines run for {len(big[1])} ranges ({lines_small} for 67)"


def _fill_merged_down_slow(body, merges, headers):
    """The per-range loop `_fill_merged_down` was (audit30): the reference its result must equal."""
    from windoweval.records.io import col_letter

    down = [(r1, c1, r2) for r1, c1, r2, c2 in merges if c1 == c2 and r2 > r1 and (r1 - 1) in body.index
            and c1 - 1 < body.shape[1]]
    if not down:
        return body, []
    body = body.copy()
    named = []
    for r1, c, r2 in down:
        col = body[c - 1]
        at = body.index[(body.index >= r1 - 1) & (body.index <= r2 - 1)]
        fill = at[col.loc[at].isna().to_numpy()]
        if len(fill):
            body.loc[fill, c - 1] = col.loc[r1 - 1]
            head = headers[c - 1].strip() if c - 1 < len(headers) and headers[c - 1] else ""
            named.append(f"{col_letter(c - 1)}{r1}:{col_letter(c - 1)}{r2}" + (f" {head}" if head else ""))
    return body, named


def test_filling_merged_ranges_reads_as_the_loop_did():
    """The vectorised fill gives what the per-range loop gave, on sheets with gaps (blank rows skipped), ranges
    across columns (left alone), ranges starting above the records or beyond the columns, a number column, a range
    whose first cell is blank, and headers blank or padded."""
    from windoweval.records.io import _fill_merged_down

    rng = np.random.default_rng(0)
    for trial in range(200):
        n, ncol = int(rng.integers(1, 40)), int(rng.integers(1, 5))
        idx = np.sort(rng.choice(np.arange(1, 80), n, replace=False))
        body = pd.DataFrame({j: [None if rng.random() < 0.5 else (f"v{j}{i}" if j != 2 else float(i))
                                 for i in range(n)] for j in range(ncol)}, index=idx)
        merges, r = [], 1
        while r < 85:
            h, c = int(rng.integers(1, 6)), int(rng.integers(1, ncol + 3))
            merges.append((r, c, r + h - 1, c + (int(rng.integers(0, 2)) if rng.random() < 0.2 else 0)))
            r += h
        merges = [merges[i] for i in rng.permutation(len(merges))]
        heads = ["工单号", " 窗口 ", "", None][:max(ncol - 1, 0)]
        want, want_named = _fill_merged_down_slow(body, merges, heads)
        got, got_named = _fill_merged_down(body, merges, heads)
        assert got_named == want_named, trial
        pd.testing.assert_frame_equal(got, want)


# ---------------------------------------------------------------- the nearest-window suggestion (delivery.py:607-629)

def _counting_difflib(monkeypatch):
    import difflib

    calls = []
    real = difflib.get_close_matches

    def counted(*a, **k):
        calls.append(a[0])
        return real(*a, **k)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    return calls


def test_the_nearest_window_suggestion_is_not_a_difflib_loop_per_distinct_value(monkeypatch):
    """A common slip: the respondent ids pasted over the window column, every row an unknown, distinct window.
    `_nearest_windows` ran `difflib.get_close_matches` for each distinct value against every window id and name:
    9.8 s to check a 5,000-row delivery against a 200-window workspace (1.4 s before audit30), growing with the rows;
    none of these values is near any window.  Right: the suggestion costs little beside the check (a cap on the values
    looked at, or a cheap prefilter).

    Counted, not timed (the project has no timed tests): difflib is called for at most the first 20 distinct
    values, whatever their number, and a near one among those is still suggested."""
    from windoweval.survey.delivery import NEAREST_WINDOW_LIMIT, _nearest_windows

    calls = _counting_difflib(monkeypatch)
    wins = {f"PW{i:03d}": [f"第{i}营业厅", f"Hall {i}"] for i in range(200)}
    vals = ["第7营业"] + [f"R{i:05d}" for i in range(5000)]
    got = _nearest_windows(vals, wins)
    assert len(calls) <= NEAREST_WINDOW_LIMIT <= 20, f"difflib called {len(calls)} times for {len(vals)} values"
    assert got == {"第7营业": "第7营业厅（PW007）"}


def test_a_window_column_of_respondent_ids_says_how_many_more_are_unknown(monkeypatch):
    """End to end: every row's window unknown and distinct; each row refused (an error naming row, value and fix),
    difflib run for the first 20 distinct values only, and the rows beyond say how many distinct unknown values the
    file has and that the column looks wrong as a whole."""
    df = _delivery(n=30)
    df["window_id"] = df["respondent_id"].astype(str)
    wins = {f"PW{i:03d}": [f"第{i}营业厅"] for i in range(200)}
    calls = _counting_difflib(monkeypatch)
    with demo.delivery_file(df) as p:
        chk = parse_delivery(p, INS, year=2025, windows=wins, screen=False)
    assert len(calls) <= 20 + len(df.columns)          # the windows' 20, and the columns' names
    e = chk.errors[chk.errors["code"] == "unknown_window"]
    assert len(e) == len(df) and sorted(chk.rejected_rows) == list(range(2, len(df) + 2))
    last = e.iloc[-1]
    assert f"{len(df)} 个不同的未知窗口编号" in last["problem_zh"] and f"({len(df) - 20} more not looked for)" in \
        last["problem_en"] and last["fix_zh"] and last["fix_en"]
