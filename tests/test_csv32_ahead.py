"""Reading ahead (csv32): a caller that reads kinds in order has the next kind's CSV parsed on a thread while this
kind is mapped and validated (records.ahead, records.read.reading_in_order).  What is read, every refusal and their
order must be those of the same reads without it: two bad files in two kinds raise the first kind's refusal, as
before; a hostile file read ahead (a bad date, a repeated header, a BOM, GBK, a NUL, a wide checklist) gives the
same frame or the same refusal; a file changed after it was read ahead is read again; the caller's context reaches
the thread; at most one file is read ahead, and no thread outlives the block.
"""
from __future__ import annotations

import contextlib
import contextvars
import threading

import pandas as pd
import pytest

from tests._workspace import HALL, write_workspace
from tests.test_session28_wide_checklist import EXPORT as WIDE, MAPPING as WIDE_MAPPING, WINDOWS as WIDE_WINDOWS
from windoweval.records import ahead, read_records
from windoweval.records.read import reading_in_order

WORK_ORDERS = ("order_id,window_id,order_type,received_at,arrived_at\n"
               "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n"
               "2,PW01,fault_repair,2025-06-02 09:00,2025-06-02 11:00\n")
BAD_WORK_ORDERS = WORK_ORDERS.replace("2025-06-02 09:00", "2025-02-30 09:00")
INSPECTIONS = ("visit_id,window_id,visited_at,method,item,result,note\n"
               "V1,PW01,2025-03-10 10:00:00,inspection,badge_worn,pass,\n"
               "V1,PW01,2025-03-10 10:00:00,inspection,at_post_on_task,fail,迟到\n"
               "V2,PW01,2025-04-10 10:00:00,inspection,badge_worn,pass,\n")
#: the inspections file as a hostile export may write it: (file name, bytes, mapping.yaml or None)
HOSTILE = {
    "good": ("inspections.csv", INSPECTIONS.encode(), None),
    "bad date": ("inspections.csv", INSPECTIONS.replace("2025-04-10", "2025-04-31").encode(), None),
    "repeated header": ("inspections.csv", (INSPECTIONS + INSPECTIONS.splitlines()[0] + "\n"
                                            + INSPECTIONS.splitlines()[1] .replace("V1", "V3") + "\n").encode(), None),
    "BOM": ("inspections.csv", b"\xef\xbb\xbf" + INSPECTIONS.encode(), None),
    "GBK": ("inspections.csv", INSPECTIONS.encode("gb18030"), None),
    "GBK bad date": ("inspections.csv", INSPECTIONS.replace("2025-04-10", "2025-04-31").encode("gb18030"), None),
    "NUL": ("inspections.csv", INSPECTIONS.replace("迟到", "迟\x00到").encode(), None),
    "quote left open": ("inspections.csv", INSPECTIONS.replace(",迟到", ',"迟到').encode(), None),
    "ragged": ("inspections.csv", INSPECTIONS.replace(",迟到", ",迟到,,").encode(), None),
    "wide checklist": ("检查表.csv", WIDE.encode(), WIDE_MAPPING),
    "wide checklist, bad cell": ("检查表.csv", WIDE.replace("现场检查,是,是,否", "现场检查,是,也许,否").encode(), WIDE_MAPPING),
}


def _dir(tmp_path, inspections=HOSTILE["good"], work_orders=WORK_ORDERS):
    d = write_workspace(tmp_path, HALL + WIDE_WINDOWS)
    (d / "work_orders.csv").write_text(work_orders, encoding="utf-8")
    name, body, mapping = inspections
    (d / name).write_bytes(body)
    if mapping:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def _outcome(fn):
    """What a read gives: its frames, or its refusal (type, message, problems as a table)."""
    try:
        return "read", fn()
    except Exception as e:  # noqa: BLE001 - the refusal is what is compared
        problems = getattr(e, "problems", None)
        return "refused", (type(e).__name__, str(e), None if problems is None else problems.to_dict("records"))


def _same(a, b):
    assert a[0] == b[0], (a, b)
    if a[0] == "refused":
        assert a[1] == b[1]
    else:
        assert len(a[1]) == len(b[1])
        for x, y in zip(a[1], b[1]):
            pd.testing.assert_frame_equal(x, y)


@pytest.fixture
def started(monkeypatch):
    """The kinds whose files were read ahead, in the order they were started."""
    got = []
    init = ahead._Ahead.__init__

    def spy(self, kind, f, km):
        got.append(kind)
        init(self, kind, f, km)
    monkeypatch.setattr(ahead._Ahead, "__init__", spy)
    return got


def _no_thread_left():
    return not [t for t in threading.enumerate() if t.name == "windoweval-ahead" and t.is_alive()]


def _read_both(d, plan: bool):
    kinds = ["work_orders", "inspections"]
    with reading_in_order(kinds, d) if plan else contextlib.nullcontext():
        return [read_records(k, d) for k in kinds]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_file_read_ahead_reads_or_is_refused_as_without(tmp_path, started, case):
    d = _dir(tmp_path, HOSTILE[case])
    plain = _outcome(lambda: _read_both(d, False))
    assert not started
    got = _outcome(lambda: _read_both(d, True))
    assert started == ["inspections"]          # its parse was started while work_orders was validated
    _same(got, plain)
    assert _no_thread_left()


def test_the_parse_read_ahead_is_taken(tmp_path, monkeypatch):
    taken = []
    take = ahead._Plan.take

    def spy(self, kind, f, km):
        got = take(self, kind, f, km)
        taken.append((kind, got is not None))
        return got
    monkeypatch.setattr(ahead._Plan, "take", spy)
    d = _dir(tmp_path)
    _read_both(d, True)
    assert ("inspections", True) in taken
    d2 = _dir(tmp_path / "gbk", HOSTILE["GBK"])   # GBK is decoded on the caller's thread: given up ahead, read there
    taken.clear()
    _read_both(d2, True)
    assert ("inspections", False) in taken


def test_two_bad_files_in_two_kinds_the_first_refusal_as_before(tmp_path, started):
    d = _dir(tmp_path, HOSTILE["bad date"], BAD_WORK_ORDERS)
    plain = _outcome(lambda: _read_both(d, False))
    got = _outcome(lambda: _read_both(d, True))
    assert got[0] == "refused" and "work_orders" in got[1][1] and "2025-02-30" in got[1][1]
    assert started == ["inspections"]
    _same(got, plain)
    # the second kind refused before it is parsed (a NUL byte) while the first is refused for a date: the first's
    d = _dir(tmp_path / "nul", HOSTILE["NUL"], BAD_WORK_ORDERS)
    _same(_outcome(lambda: _read_both(d, True)), _outcome(lambda: _read_both(d, False)))
    assert _no_thread_left()


def test_years_covered_and_score_refuse_the_first_bad_file_as_before(tmp_path, monkeypatch, started):
    import windoweval.engine.run as run
    import windoweval.records.read as read
    from windoweval.evaluation import years_covered
    from windoweval.scoring import score

    d = _dir(tmp_path, HOSTILE["bad date"], BAD_WORK_ORDERS)
    got_years = _outcome(lambda: [pd.DataFrame(years_covered(d).items())])
    got_score = _outcome(lambda: [score(None, year=2025, data=d).results])
    assert "inspections" in started
    off = (lambda *a, **k: contextlib.nullcontext())
    monkeypatch.setattr(read, "reading_in_order", off)     # main's reads: no read ahead
    monkeypatch.setattr(run, "reading_in_order", off)
    started.clear()
    _same(got_years, _outcome(lambda: [pd.DataFrame(years_covered(d).items())]))
    _same(got_score, _outcome(lambda: [score(None, year=2025, data=d).results]))
    assert got_years[0] == "refused" and "2025-02-30" in got_years[1][1]
    assert not started


def test_a_file_changed_after_it_was_read_ahead_is_read_again(tmp_path, started):
    d = _dir(tmp_path)
    with reading_in_order(["work_orders", "inspections"], d):
        read_records("work_orders", d)
        assert started == ["inspections"]
        (d / "inspections.csv").write_text(INSPECTIONS.replace("V2,", "V9,"), encoding="utf-8")
        df = read_records("inspections", d)
    assert df["visit_id"].tolist() == ["V1", "V1", "V9"]


def test_the_callers_context_reaches_the_thread(tmp_path, monkeypatch):
    from windoweval.records.shared import active, shared_reads

    var = contextvars.ContextVar("csv32_probe", default=None)
    seen = []
    parse = ahead.parse

    def spy(*a, **k):
        if threading.current_thread().name == "windoweval-ahead":
            seen.append((var.get(), active()))
        return parse(*a, **k)
    monkeypatch.setattr(ahead, "parse", spy)
    d = _dir(tmp_path)
    var.set("the caller's")
    with shared_reads() as scope:
        _read_both(d, True)
    assert seen == [("the caller's", scope)]


def test_at_most_one_file_ahead_and_none_out_of_order(tmp_path, monkeypatch):
    alive = []
    init = ahead._Ahead.__init__

    def spy(self, kind, f, km):
        alive.append(sum(t.name == "windoweval-ahead" and t.is_alive() for t in threading.enumerate()))
        init(self, kind, f, km)
    monkeypatch.setattr(ahead._Ahead, "__init__", spy)
    d = _dir(tmp_path)
    (d / "outages.csv").write_text(
        "outage_id,customer_id,window_id,voltage_class,outage_kind,announced_at,start_at,cause_cleared_at,restored_at\n"
        "O1,K1,PW01,kv35_plus,planned,2025-02-28 10:00:00,2025-03-09 08:00:00,2025-03-09 15:00:00,"
        "2025-03-09 15:43:00\n", encoding="utf-8")
    kinds = ["work_orders", "inspections", "outages"]
    with reading_in_order(kinds, d) as _:
        # read out of order: inspections (read ahead) is never taken by outages' read, nor kept past the next start
        frames = [read_records(k, d) for k in ("work_orders", "outages", "inspections")]
    assert alive == [0] and _no_thread_left()
    assert [len(f) for f in frames] == [2, 1, 3]
