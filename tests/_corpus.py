"""Set-ups several test files share: a bad-input corpus case read as every kind it holds (the tests that check a
faster reading path against the one it replaced), hostile files through the command line, a staff roster delivery
for the crash tests, a work-order export through mapping.yaml, and the missed rows put aside while scoring compared with the drill-downs (Arrow or pandas)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


# ---------------------------------------------------------------- a corpus case read as every kind it holds

def read_case(case) -> dict:
    """``{kind: frame or refusal text}`` for every kind of records ``case`` holds."""
    from windoweval.errors import InputError
    from windoweval.records import contracts, find_file, read_records

    got = {}
    for k in contracts():
        try:
            if find_file(k, case) is None:
                continue
            got[k] = read_records(k, case)
        except InputError as e:
            got[k] = str(e)
    return got


def assert_read_alike(old: dict, new: dict) -> None:
    """The same kinds, each refused with the same text or read into the same frame."""
    assert old.keys() == new.keys()
    for k, was in old.items():
        if isinstance(was, str):
            assert was == new[k], k
        else:
            pd.testing.assert_frame_equal(was, new[k], obj=k)


# ---------------------------------------------------------------- a hostile file through the command line

def shrink_limits(monkeypatch, limits: dict, ratio_from: int = 2**20) -> None:
    """``limits`` (:data:`windoweval.safepath.ARCHIVE_LIMITS` or ``PARQUET_LIMITS``) checking a bomb of some MB
    instead of gigabytes."""
    monkeypatch.setitem(limits, "ratio_from", ratio_from)


def refused_import(f, store, capsys, kind: str = "work_orders") -> str:
    """``records import KIND F --data STORE`` as a user runs it, refused: exit 3, the file named, no traceback and
    nothing stored.  Returns what it printed."""
    from windoweval.cli import main

    code = main(["records", "import", kind, str(f), "--data", str(store)])
    text = "".join(capsys.readouterr())
    assert code == 3, text[-2000:]
    assert "Traceback" not in text and Path(f).name in text, text[-2000:]
    assert not (Path(store) / kind).exists()
    return text


# ---------------------------------------------------------------- crash tests

def roster_delivery(folder, n: int) -> Path:
    """A staff roster of ``n`` people at PW01 as ``folder/roster<n>.csv`` (the crash tests' delivery)."""
    f = Path(folder) / f"roster{n}.csv"
    pd.DataFrame({"staff_id": [str(i) for i in range(n)], "window_id": ["PW01"] * n, "english": ["是"] * n,
                  "sign_language": ["否"] * n}).to_csv(f, index=False)
    return f


# ---------------------------------------------------------------- missed rows put aside vs the drill-downs

def failed_measures(card):
    """The measures of ``card`` with a failing verdict."""
    return card.results.loc[card.results["verdict"] == "fail", "measure"].unique()


def score_counting_drilldowns(store, monkeypatch, level: str):
    """``score("power_window", 2025)`` of ``store`` in pieces of 300 rows, keeping the missed rows aside
    (:func:`windoweval.exports.prepare_missed`), with the rows of every drill-down frame of a ``level`` kernel
    (``record`` or ``unit``) that scoring made counted.  Returns ``(card, kept, rows_made)``."""
    import windoweval.scoring as scoring
    from windoweval.exports import prepare_missed
    from windoweval.kernels import KERNELS

    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)
    rows_made = []
    real = scoring._drill_rows

    def spy(measure, m, pop, mask, *a, **k):
        if KERNELS[m["kernel"]].level == level:
            rows_made.append(len(mask))
        return real(measure, m, pop, mask, *a, **k)
    spy.record_columns = getattr(real, "record_columns", None)
    spy.unit_columns = getattr(real, "unit_columns", None)
    monkeypatch.setattr(scoring, "_drill_rows", spy)
    card = scoring.score("power_window", 2025, data=store, keep_missed=prepare_missed)
    monkeypatch.setattr(scoring, "_drill_rows", real)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    return card, kept, rows_made


def assert_kept_are_drilldowns(card, kept, arrow: bool) -> None:
    """Every failing measure's rows put aside are its drill-down, as pandas compares them: read as put aside (Arrow
    tables, or frames where a piece was kept as one) with ``arrow``, else as frames."""
    from windoweval.exports import prepare_missed

    for m in failed_measures(card):
        if m in kept.items:
            pieces = kept.tables(m) if arrow else kept.frames(m)
            got = pd.concat([t if isinstance(t, pd.DataFrame) else t.to_pandas() for t in pieces], ignore_index=True)
            pd.testing.assert_frame_equal(got, prepare_missed(card.drilldown(m)), obj=m)


# ---------------------------------------------------------------- survey workbooks

def workbook(path, sheets: dict) -> Path:
    """An XLSX of ``sheets`` (name -> frame, in order, without the index) at ``path``: a firm's workbook."""
    with pd.ExcelWriter(path) as xw:
        for name, frame in sheets.items():
            frame.to_excel(xw, index=False, sheet_name=name)
    return Path(path)


def rows_workbook(path, sheets: dict, edit=None) -> Path:
    """An XLSX of ``sheets`` (name -> rows of cells, in order) at ``path``, as an organisation's system writes it;
    ``edit(wb)`` changes the workbook (merged cells, formulas, hidden rows, 1904 dates) before it is saved."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    if edit:
        edit(wb)
    wb.save(path)
    return path


# ---------------------------------------------------------------- a work-order export through mapping.yaml

#: A mapping of a work-order export's Chinese headers (the export tests' set-up).
WO_MAPPING = """work_orders:
  columns: {工单号: order_id, 窗口: window_id, 业务类型: order_type, 受理时间: received_at, 完成时间: completed_at}
  values:
    order_type: {故障报修: fault_repair}
"""
#: The headers of that export.
WO_HEAD = ["工单号", "窗口", "业务类型", "受理时间", "完成时间"]


def wo_workspace(d, extra: str = "") -> Path:
    """A one-hall workspace in ``d`` reading ``mapping.yaml`` (:data:`WO_MAPPING` and ``extra`` lines)."""
    from _workspace import write_workspace

    write_workspace(d, mapping_file="mapping.yaml")
    (Path(d) / "mapping.yaml").write_text(WO_MAPPING + extra, encoding="utf-8")
    return Path(d)


def wo_records_check(d, text: str) -> tuple[int, str]:
    """``records check`` on ``text`` written as ``d/work_orders.csv`` in a :func:`wo_workspace` made in ``d``: its exit
    code and its console text (stdout, then stderr)."""
    from _workspace import run_cli

    wo_workspace(d)
    (Path(d) / "work_orders.csv").write_text(text, encoding="utf-8")
    r = run_cli("records", "check", "--data", str(d), cwd=d)
    return r.returncode, r.stdout + r.stderr


def wo_rows(prefix: str, n: int, day: str) -> list:
    """``n`` repair orders ``<prefix>1``... at PW01 received on 2025-``day`` 09:00, done at 09:40."""
    return [[f"{prefix}{i}", "PW01", "故障报修", f"2025-{day} 09:00", f"2025-{day} 09:40"] for i in range(1, n + 1)]


# ---------------------------------------------------------------- date and time in two columns (combine)

#: The 95598 call centre of the combine tests' workspace.
COMBINE_CC = (("CC95598", "95598客服中心", "call_centre"),)
#: A call export whose ring and answer times are beside one date column (``answered_at`` ``after: offered_at``).
COMBINE_CALLS = ("calls_95598:\n  file: calls.csv\n  columns: {流水号: call_id}\n  combine:\n"
                 "    offered_at: {date: 来电日期, time: 振铃时刻}\n"
                 "    answered_at: {date: 来电日期, time: 应答时刻, after: offered_at}\n"
                 "  constant: {window_id: CC95598}\n")
#: A queue export whose snapshot time is a date column and a time column.
COMBINE_QUEUE = ("queue_snapshots:\n  file: q.csv\n  columns: {窗口: window_id, 人数: queue_length}\n  combine:\n"
                 "    observed_at: {date: 日期, time: 时刻}\n")


def combine_calls(tmp_path, rows) -> Path:
    """A workspace in ``tmp_path/d`` reading ``calls.csv`` by :data:`COMBINE_CALLS`, one call per ``(date, ring,
    answer)`` of ``rows``."""
    from _workspace import write_workspace

    d = write_workspace(tmp_path / "d", COMBINE_CC, mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(COMBINE_CALLS, encoding="utf-8")
    lines = ["流水号,来电日期,振铃时刻,应答时刻"] + [f"C{i},{a},{b},{c}" for i, (a, b, c) in enumerate(rows)]
    (d / "calls.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def combine_queue(tmp_path, rows) -> Path:
    """A pharmacy workspace in ``tmp_path/q`` reading ``q.csv`` by :data:`COMBINE_QUEUE`, one snapshot of 3 people
    per ``(date, time)`` of ``rows``."""
    from _workspace import write_workspace

    d = write_workspace(tmp_path / "q", (("W0", "药房", "hospital_pharmacy"),), mapping_file="mapping.yaml")
    (d / "mapping.yaml").write_text(COMBINE_QUEUE, encoding="utf-8")
    lines = ["窗口,日期,时刻,人数"] + [f"W0,{a},{b},3" for (a, b) in rows]
    (d / "q.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


# ---------------------------------------------------------------- cells openpyxl cannot write (audit30)

def patch_sheet_cells(path, cells: dict, sheet: int = 1) -> Path:
    """Rewrite cells of an XLSX's ``sheet``-th worksheet as a spreadsheet program saves them, which openpyxl cannot
    write: ``{"E6": '<f>D6+1</f><v>45727.4</v>'}`` (a formula with its cached value), ``{"E7": ('e', "#N/A")}`` (an
    error cell).  A cell given as a string keeps its attributes and gets that body; a pair ``(type, value)`` sets
    ``t=`` and ``<v>``."""
    import re
    import zipfile

    path = Path(path)
    tmp = path.with_suffix(".tmp.xlsx")
    path.rename(tmp)
    name = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == name:
                x = data.decode("utf-8")
                for ref, body in cells.items():
                    pat = re.compile(rf'<c r="{ref}"(?: [^>]*?)?(?:/>|>.*?</c>)', re.S)
                    if isinstance(body, tuple):
                        new = f'<c r="{ref}" t="{body[0]}"><v>{body[1]}</v></c>'
                    else:
                        m = pat.search(x)
                        attrs = re.sub(r'\s*t="[^"]*"', "", re.match(rf'<c r="{ref}"([^>/]*)', m.group(0)).group(1))
                        new = f'<c r="{ref}"{attrs}>{body}</c>'
                    x, n = pat.subn(new, x, count=1)
                    assert n == 1, ref
                data = x.encode("utf-8")
            zout.writestr(item, data)
    tmp.unlink()
    return path
