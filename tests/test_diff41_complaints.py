"""The diff41 differential test: the year's complaint evaluation and its two promises as the readers get them, against
the independent reading of tests/diff41_reference.py, number by number, per window and for the organisation:

- through the Python API (``windoweval.complaints.complaint_summaries`` on a workspace folder, and
  ``windoweval.promises.fulfilment`` / ``publication_table``),
- through the command line (``windoweval complaints --out``: its CSV tables),
- through the report (``windoweval report --year 2025`` on a workspace made by ``windoweval demo``, its complaints
  replaced by the seeded cases): the evaluation it keeps (``kept/complaints/*.parquet``, ``kept/promises/*.parquet``)
  and the tables it ships (``tables/complaint_callbacks--*.csv``).

The seeded cases sit on the edges: a reply at the last second of the 5th day and one second after; limits across
National Day 2025, the Spring Festival 2025 and New Year 2026 (and the art. 203 option over them); withdrawn within
and after the limit and at an unknown time; closed without a reply time; open at the year's end (its last day the
cut-off's day, and the day before); a reply after the cut-off; callbacks at the conclusion's second and one before,
unreachable, declined, with no result, with no time; a repair concluded after the cut-off; a window with no case;
a hospital window's cases (no written limit); blanks in each optional column; repeats 30 and 31 days apart across the
year's end; and a few hundred random cases around them.
"""
from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pandas as pd
import pytest

import diff41_reference as ref
from _workspace import run_cli

YEAR = 2025
CUT = datetime(YEAR, 12, 31, 23, 59, 59)
POWER = ("PW01", "PW02", "PW03", "CC95598")        # PW04 gets no case at all
HOSPITAL = "HBIL"                                    # no written reply limit: counted apart, not judged
STRAY = "PW99"                                       # no window of the workspace
HEADERS = {"case_id": "工单编号", "channel": "受理渠道", "kind": "诉求类型", "window_id": "窗口编号",
           "category": "业务类别", "received_at": "受理时间", "replied_at": "答复时间", "resolved_at": "办结时间",
           "case_status": "办理状态", "callback_at": "回访时间", "callback_result": "回访结果",
           "customer_key": "客户标识", "description": "诉求内容"}
T = datetime.fromisoformat


def _case(cid, kind, window, rec, rep=None, res=None, status=None, cb=None, result=None, key=None,
          channel="95598", category="电费电价"):
    return {"case_id": cid, "channel": channel, "kind": kind, "window_id": window, "category": category,
            "received_at": T(rec), "replied_at": rep and T(rep), "resolved_at": res and T(res),
            "case_status": status, "callback_at": cb and T(cb), "callback_result": result, "customer_key": key,
            "description": None}


def edge_cases() -> list[dict]:
    c = _case
    return [
        # National Day 2025 (10-01..10-08 off, 09-28 and 10-11 worked): the 5th day 10-04, a holiday
        c("E01", "complaint", "PW01", "2025-09-29 10:00", "2025-10-04 23:59:59", cb="2025-10-05 09:00", result="satisfied"),
        c("E02", "complaint", "PW01", "2025-09-29 11:00", "2025-10-05 00:00:00", cb="2025-10-06 09:00", result="dissatisfied"),
        c("E03", "report", "PW02", "2025-09-22 09:30", "2025-10-09 10:00", cb="2025-10-09 10:00", result="satisfied"),
        c("E04", "complaint", "PW02", "2024-12-28 09:00", "2025-01-03 09:00", key="K9"),      # the year before
        c("E05", "complaint", "CC95598", "2025-12-31 20:00"),                                # open, not due
        c("E06", "complaint", "PW03", "2025-12-26 09:00"),                                   # last day = cut-off's day
        c("E07", "complaint", "PW03", "2025-12-25 09:00"),                                   # overdue by a day
        c("E08", "complaint", "PW01", "2025-12-29 09:00", "2026-01-02 09:00"),               # replied after the cut-off
        c("E09", "complaint", "PW02", "2025-05-06 10:00", None, "2025-05-08 10:00", "withdrawn", "2025-05-09 10:00", "satisfied"),
        c("E10", "complaint", "PW02", "2025-05-06 10:00", None, "2025-05-20 10:00", "withdrawn"),
        c("E11", "report", "PW01", "2025-06-01 10:00", None, None, "withdrawn"),
        c("E12", "complaint", "PW03", "2025-07-01 10:00", None, None, "closed", "2025-07-05 10:00", "satisfied"),
        c("E13", "complaint", "PW01", "2025-03-05 10:00", "2025-03-10 10:00:00", cb="2025-03-10 10:00:00", result="satisfied"),
        c("E14", "complaint", "PW01", "2025-03-05 10:00", "2025-03-10 10:00:00", cb="2025-03-10 09:59:59", result="satisfied"),
        c("E15", "complaint", "PW02", "2025-03-05 10:00", "2025-03-07 10:00", cb="2025-03-08 10:00", result="unreachable"),
        c("E16", "report", "PW02", "2025-03-05 10:00", "2025-03-07 10:00", cb="2025-03-08 10:00", result="declined"),
        c("E17", "complaint", "PW03", "2025-03-05 10:00", "2025-03-07 10:00", cb="2025-03-08 10:00"),
        c("E18", "complaint", "PW03", "2025-03-05 10:00", "2025-03-07 10:00", result="satisfied"),
        c("E19", "complaint", "CC95598", "2025-03-05 10:00", "2025-03-07 10:00", cb="2025-03-08 10:00", result="not_called_back"),
        # Qingming 2025 (04-04..04-06): a repair on the holiday, called back the next day
        c("E20", "fault_repair", "CC95598", "2025-04-05 08:00", None, "2025-04-05 09:00", cb="2025-04-06 09:00", result="dissatisfied"),
        c("E21", "fault_repair", "CC95598", "2025-11-05 08:00"),                              # not concluded: none owed
        c("E22", "fault_repair", "CC95598", "2025-12-31 22:00", None, "2026-01-01 01:00", cb="2026-01-01 09:00", result="satisfied"),
        c("E23", "suggestion", "PW01", "2025-08-01 10:00"),
        c("E24", "enquiry", "PW01", "2025-08-01 10:00", "2025-08-01 11:00"),
        # Spring Festival 2025 (01-28..02-04 off, 01-26 and 02-08 worked): the 5th day 02-01
        c("E25", "complaint", "PW02", "2025-01-27 10:00", "2025-02-01 23:00", "2025-02-01 23:00", "closed", "2025-02-02 10:00", "satisfied"),
        c("E26", "complaint", "PW02", "2025-01-27 10:00", "2025-02-05 09:00"),
        # New Year 2026 (01-01..01-03 off, 01-04 worked): the 5th day 2026-01-01
        c("E27", "complaint", "PW03", "2025-12-27 10:00", "2026-01-01 12:00"),
        c("E28", "complaint", "PW03", "2025-12-27 10:00", "2026-01-03 12:00"),
        c("E29", "complaint", "PW01", "2025-06-10 10:00", "2025-06-12 10:00", category=None, channel="counter"),
        # repeats: 30 days apart (over the year's end) count, 31 do not, a report does not
        c("R01", "complaint", "PW01", "2024-12-15 18:00", "2024-12-16 10:00", key="K1"),
        c("R02", "complaint", "PW02", "2025-01-14 08:00", "2025-01-15 10:00", key="K1"),
        c("R03", "complaint", "PW01", "2025-03-01 09:00", "2025-03-02 09:00", key="K2"),
        c("R04", "complaint", "PW01", "2025-04-01 09:00", "2025-04-02 09:00", key="K2"),
        c("R05", "report", "PW01", "2025-05-01 09:00", "2025-05-02 09:00", key="K3"),
        c("R06", "complaint", "PW02", "2025-05-10 09:00", "2025-05-11 09:00", key="K3"),
        c("R07", "complaint", "PW03", "2025-05-20 09:00", "2025-05-21 09:00", key="K3"),
        c("R08", "complaint", "PW03", "2025-06-19 23:00", "2025-06-20 09:00", key="K3"),
        # a hospital window's cases: no written limit, counted apart
        c("H01", "complaint", HOSPITAL, "2025-05-01 09:00", channel="counter"),
        c("H02", "complaint", HOSPITAL, "2025-05-01 09:00", "2025-05-20 09:00", channel="counter"),
        # a window id the workspace does not know: counted apart, judged nowhere (nor scored)
        c("U01", "complaint", STRAY, "2025-05-01 09:00"),
    ]


def random_cases(rng: random.Random, n: int) -> list[dict]:
    out = []
    start = datetime(2024, 12, 1)
    kinds = ["complaint"] * 5 + ["report"] * 2 + ["fault_repair"] * 3 + ["suggestion", "enquiry"]
    for i in range(n):
        kind = rng.choice(kinds)
        rec = start + timedelta(days=rng.randrange(396), seconds=rng.randrange(86400))
        rec = rec.replace(microsecond=0)
        day_end = datetime.combine((rec + timedelta(days=rng.choice([3, 5, 5, 5, 6, 9, 10, 10, 11]))).date(),
                                   datetime.min.time())
        rep = day_end + rng.choice([timedelta(seconds=-1), timedelta(0), timedelta(hours=-12)])
        res = rep + timedelta(hours=rng.choice([0, 2, 30])) if rng.random() < 0.7 else None
        status = rng.choice([None] * 6 + ["closed", "open", "withdrawn"])
        if kind == "fault_repair":
            rep, res = None, rec + timedelta(minutes=rng.choice([30, 45, 90])) if rng.random() < 0.85 else None
        elif status == "withdrawn" or rng.random() < 0.12:
            rep = None
        if status == "closed" and rng.random() < 0.3:
            rep = None
        done = min([t for t in (rep, res) if t is not None], default=None)
        cb = result = None
        if done is not None and rng.random() < 0.9:
            cb = done + timedelta(seconds=rng.choice([-1, 0, 3600, 86400]))
            result = rng.choice(["satisfied"] * 6 + ["dissatisfied", "unreachable", "declined", None, "not_called_back"])
            if rng.random() < 0.05:
                cb = None
        key = f"K{rng.randrange(40)}" if rng.random() < 0.8 else None
        out.append({"case_id": f"C{i:04d}", "channel": rng.choice(["95598", "counter", "letter", "online"]),
                    "kind": kind, "window_id": rng.choice(POWER), "category": rng.choice(["电费电价", "业扩报装", None]),
                    "received_at": rec, "replied_at": rep, "resolved_at": res, "case_status": status,
                    "callback_at": cb, "callback_result": result, "customer_key": key, "description": None})
    return out


def all_cases() -> list[dict]:
    return edge_cases() + random_cases(random.Random(41), 360)


def write_complaints(folder, cases: list[dict]):
    def cell(v):
        return "" if v is None else (v.strftime("%Y-%m-%d %H:%M:%S") if isinstance(v, datetime) else v)
    pd.DataFrame({HEADERS[k]: [cell(r[k]) for r in cases] for k in HEADERS}).to_csv(
        folder / "complaints.csv", index=False, encoding="utf-8")


def judged(cases: list[dict]) -> list[dict]:
    """The cases the rule judges: the power windows' (the hospital's have no written reply limit)."""
    return [r for r in cases if r["window_id"] not in (HOSPITAL, STRAY)]


# ---------------------------------------------------------------- the engine's tables, read as the reference's
def _scope(row) -> str:
    w = row.get("window_id") if hasattr(row, "get") else None
    return ref.ORG if w is None or (isinstance(w, float) and math.isnan(w)) else str(w)


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else float(v)


def got_timeliness(tables: list[pd.DataFrame]) -> dict:
    out = {}
    for t in tables:
        for r in t.to_dict("records"):
            out[(_scope(r), r["kind"])] = {
                ref.IN_TIME: int(r["in_time"]), ref.LATE: int(r["late"]), ref.OVERDUE: int(r["overdue"]),
                ref.NOT_DUE: int(r["open"]), ref.NO_EVIDENCE: int(r["missing_evidence"]),
                ref.WITHDRAWN: int(r.get("withdrawn_in_limit", 0) or 0), "assessed": int(r["assessed"]),
                "cases": int(r["cases"]), "rate": _num(r["rate"]), "verdict": r["verdict"]}
    return out


def got_callbacks(tables: list[pd.DataFrame]) -> dict:
    out = {}
    for t in tables:
        for r in t.to_dict("records"):
            out[_scope(r)] = {"due": int(r["needing"]), "called_back": int(r["called_back"]),
                              "missing": int(r["result_unknown"]) + int(r.get("undetermined", 0) or 0),
                              "unreachable": int(r["unreachable"]), "withdrawn": int(r.get("withdrawn_cases", 0) or 0),
                              "rate": _num(r["rate"]), "verdict": r["verdict"],
                              "rate_incl_unreachable": _num(r["rate_incl_unreachable"])}
    return out


def got_satisfaction(tables: list[pd.DataFrame]) -> dict:
    out = {}
    for t in tables:
        for r in t.to_dict("records"):
            out[_scope(r)] = (int(r["satisfied"]), int(r["dissatisfied"]), _num(r["rate"]))
    return out


def got_open(t: pd.DataFrame) -> dict:
    return {str(r["case_id"]): None if pd.isna(r["overdue"]) else bool(r["overdue"]) for r in t.to_dict("records")}


def got_repeats(t: pd.DataFrame) -> set:
    return set(zip(t["case_id"].astype(str), t["previous_case_id"].astype(str)))


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-9


def _no_data(g) -> bool:
    """A row the engine lists for a window of the rule with no case of its own (left42: every window the rule applies to
    is a row, 0 cases and no rate, verdict no_data, where the reference's reading has no row): every count 0, no rate."""
    if isinstance(g, tuple):
        return g[0] == 0 and g[1] == 0 and g[2] is None
    return (all(v == 0 for f, v in g.items() if f not in ("verdict",) and not f.startswith("rate"))
            and all(v is None for f, v in g.items() if f.startswith("rate")) and g.get("verdict", "no_data") == "no_data")


def disagreements(cases: list[dict], got: dict, art203: bool = False, reference=ref, cut: datetime = CUT) -> list:
    """Every number the engine's tables (``got``: timeliness, callbacks, satisfaction, open, repeats as read above)
    state differently from the reference's reading; [] when they agree throughout."""
    CUT = cut
    mine = judged(cases)
    bad = []
    want_t = reference.timeliness(mine, YEAR, CUT, art203)
    for k in set(want_t) | set(got["timeliness"]):
        w, g = want_t.get(k), got["timeliness"].get(k)
        if w is None and g is not None and _no_data(g):
            continue
        if w is None or g is None:
            bad.append(("timeliness", k, w, g))
            continue
        for f in w:
            if (not _close(w[f], g[f])) if f == "rate" else w[f] != g[f]:
                bad.append(("timeliness", k, f, w[f], g[f]))
    want_c = reference.callbacks(mine, YEAR, CUT)
    for k in set(want_c) | set(got["callbacks"]):
        w, g = want_c.get(k), got["callbacks"].get(k)
        if w is None and g is not None and _no_data(g):
            continue
        if w is None or g is None:
            bad.append(("callbacks", k, w, g))
            continue
        for f in w:
            if (not _close(w[f], g[f])) if f.startswith("rate") else w[f] != g[f]:
                bad.append(("callbacks", k, f, w[f], g[f]))
    want_s = reference.satisfaction(mine, YEAR, CUT)
    for k in set(want_s) | set(got["satisfaction"]):
        w, g = want_s.get(k), got["satisfaction"].get(k)
        if w is None and g is not None and _no_data(g):
            continue
        if w is None or g is None or w[:2] != g[:2] or not _close(w[2], g[2]):
            bad.append(("satisfaction", k, w, g))
    want_o = reference.open_at(mine, YEAR, CUT, art203)
    if want_o != got["open"]:
        bad.append(("open", {k: (want_o.get(k), got["open"].get(k)) for k in set(want_o) | set(got["open"])
                             if want_o.get(k, "-") != got["open"].get(k, "-")}))
    want_r = reference.repeats(mine, YEAR)
    if want_r != got["repeats"]:
        bad.append(("repeats", want_r - got["repeats"], got["repeats"] - want_r))
    return bad


def from_summaries(overall: dict, per_window: dict) -> dict:
    return {"timeliness": got_timeliness([overall["timeliness"], per_window["timeliness"]]),
            "callbacks": got_callbacks([overall["callbacks"], per_window["callbacks"]]),
            "satisfaction": got_satisfaction([overall["satisfaction"], per_window["satisfaction"]]),
            "open": got_open(overall["open"]), "repeats": got_repeats(overall["repeats"])}


def promise_disagreements(cases: list[dict], per: pd.DataFrame, art203: bool = False, scope: str = ref.ORG) -> list:
    want = ref.promise_fulfilment(judged(cases), YEAR, CUT, art203, scope)
    per = per.set_index("promise_id")
    bad = []
    for pid, w in want.items():
        g = per.loc[pid]
        for f in ("occurrences", "met", "broken", "open", "not_assessed", "withdrawn_in_limit", "verdict"):
            gv = g.get(f, 0) if f != "verdict" else g[f]
            if (gv if f == "verdict" else int(gv)) != w[f]:
                bad.append((pid, f, w[f], gv))
        if not _close(w["rate"], _num(g["rate"])):
            bad.append((pid, "rate", w["rate"], g["rate"]))
    return bad


# ---------------------------------------------------------------- the workspace
@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    """A workspace made by ``windoweval demo``, its complaints the seeded cases."""
    from windoweval.demo import generate

    root = tmp_path_factory.mktemp("diff41")
    generate(root / "data", year=YEAR)   # what ``windoweval demo --out DIR --year 2025`` runs
    cases = all_cases()
    write_complaints(root / "data", cases)
    return root, root / "data", cases


def test_the_reference_reads_the_edges_as_the_text_says():
    """The reference's own reading of the edge cases, stated (a check on the reference, independent of the engine)."""
    cs = {r["case_id"]: r for r in edge_cases()}
    cls = {k: ref.reply_class(r, CUT) for k, r in cs.items()}
    assert [cls[k] for k in ("E01", "E02", "E03", "E05", "E06", "E07", "E08", "E09", "E10", "E11", "E12")] == [
        "in_time", "late", "late", "open", "open", "overdue", "in_time", "withdrawn", "overdue", "missing", "missing"]
    a203 = {k: ref.reply_class(cs[k], CUT, art203=True) for k in ("E02", "E03", "E26", "E28")}
    assert a203 == {"E02": "in_time", "E03": "in_time", "E26": "in_time", "E28": "in_time"}
    assert (cls["E25"], cls["E26"], cls["E27"], cls["E28"]) == ("in_time", "late", "in_time", "late")
    cb = ref.callback_verdicts(edge_cases(), YEAR, CUT)
    assert [cb[k] for k in ("E09", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E18", "E19", "E20", "E21", "E22")] \
        == ["pass", "fail", "missing", "pass", "fail", "fail", "pass", "missing", "missing", "fail", "pass",
            "not_assessed", "pass"]
    assert ref.repeats(edge_cases(), YEAR) >= {("R02", "R01"), ("R07", "R06"), ("R08", "R07")}
    assert not {("R04", "R03"), ("R06", "R05")} & ref.repeats(edge_cases(), YEAR)


def test_python_api_agrees_with_the_reference(demo_ws):
    from windoweval.complaints import complaint_summaries
    from windoweval.records.workspace import load_workspace

    _, data, cases = demo_ws
    ws = load_workspace(data)
    apart: dict = {}
    stray: dict = {}
    overall, per_window = complaint_summaries(YEAR, data=data, bys=[None, "window_id"], workspace=ws, apart=apart,
                                              unknown=stray)
    assert (apart, stray) == ({HOSPITAL: 2}, {STRAY: 1})
    assert disagreements(cases, from_summaries(overall, per_window)) == []
    # art. 203 on: the holidays' last days move, and every number still agrees
    overall, per_window = complaint_summaries(YEAR, data=data, bys=[None, "window_id"], workspace=ws, art203=True)
    assert disagreements(cases, from_summaries(overall, per_window), art203=True) == []


@pytest.mark.parametrize("extracted", ["2026-01-03 12:00:00", "2025-12-31 00:00:00"])
def test_a_cut_off_other_than_the_year_end(demo_ws, tmp_path, extracted):
    """The workspace's extraction time as the cut-off: three days into the next year (the year's last complaints
    overdue or replied by then, a repair concluded after the year's end now owed its callback), and the year's last
    day's first second (a case received later that day not yet received, one whose last day ends at midnight open)."""
    import shutil

    from windoweval.complaints import complaint_summaries

    _, data, cases = demo_ws
    d = shutil.copytree(data, tmp_path / "data")
    toml = (d / "windoweval.toml").read_text(encoding="utf-8")
    (d / "windoweval.toml").write_text(f'extracted_at = "{extracted}"\n' + toml, encoding="utf-8")
    overall, per_window = complaint_summaries(YEAR, data=d, bys=[None, "window_id"])
    assert disagreements(cases, from_summaries(overall, per_window), cut=T(extracted)) == []


def test_a_flipped_boundary_in_the_reference_is_caught(demo_ws):
    """Sensitivity: the reference with one boundary moved (a reply at the next midnight counted in time; a callback
    at the conclusion's second counted as before it; the cut-off a second later) no longer agrees with the engine."""
    from windoweval.complaints import complaint_summaries

    _, data, cases = demo_ws
    overall, per_window = complaint_summaries(YEAR, data=data, bys=[None, "window_id"])
    got = from_summaries(overall, per_window)

    class Flipped:
        def __getattr__(self, name):
            return getattr(ref, name)

    flip = Flipped()

    def reply_class(r, cut, art203=False, target_days=None):
        v = ref.reply_class(r, cut, art203, target_days)
        rep, days = r.get("replied_at"), ref.LIMITS.get(r["kind"])
        if v == ref.LATE and rep == ref.calendar_days_deadline(r["received_at"], days, art203):
            return ref.IN_TIME   # the next midnight read as still the last day
        return v

    def timeliness(cases, year, cut, art203=False):
        return ref.timeliness(cases, year, cut, art203, classify=reply_class)

    flip.timeliness = timeliness
    bad = disagreements(cases, got, reference=flip)
    assert any(b[0] == "timeliness" and b[1] == ("PW01", "complaint") for b in bad), bad
    # a callback at the conclusion's very second read as before it (not after the conclusion): E13 at PW01
    flip2 = Flipped()

    def earlier(r):
        done = ref._concluded(r)
        return {**r, "callback_at": r["callback_at"] - timedelta(seconds=1)} if r.get("callback_at") == done else r

    flip2.callbacks = lambda c, y, cut: ref.callbacks([earlier(r) for r in c], y, cut)
    bad = disagreements(cases, got, reference=flip2)
    assert any(b[0] == "callbacks" and b[1] == "PW01" and b[2] == "called_back" for b in bad), bad
    # the year's end: a complaint whose 5th day is the cut-off's own day read as overdue (E06 at PW03)
    flip3 = Flipped()
    flip3.open_at = lambda c, y, cut, art203=False: ref.open_at(c, y, cut + timedelta(seconds=1), art203)
    bad = disagreements(cases, got, reference=flip3)
    assert any(b[0] == "open" and "E06" in b[1] for b in bad), bad


def test_the_command_line_agrees_with_the_reference(demo_ws):
    # msgs44: the commands' --out CSVs write a true/false cell as 是 / yes, 否 / no (exports.yes_no_words), read so here
    root, data, cases = demo_ws
    out = root / "cli"
    p = run_cli("complaints", "--year", str(YEAR), "--data", str(data), "--by", "window", "--out", str(out), cwd=root)
    assert p.returncode == 0, p.stderr[-3000:]
    read = {n: pd.read_csv(out / f"{n}.csv", dtype={"window_id": str, "case_id": str, "previous_case_id": str})
            for n in ("timeliness", "callbacks", "satisfaction", "open", "repeats")}
    got = {"timeliness": got_timeliness([read["timeliness"]]), "callbacks": got_callbacks([read["callbacks"]]),
           "satisfaction": got_satisfaction([read["satisfaction"]]),
           "open": got_open(read["open"].assign(overdue=read["open"]["overdue"].map(
               lambda v: pd.NA if pd.isna(v) else str(v).strip().lower() in ("true", "1", "是", "是 / yes")))),
           "repeats": got_repeats(read["repeats"])}
    bad = [b for b in disagreements(cases, got) if b[0] not in ("timeliness", "callbacks", "satisfaction")
           or (b[1][0] if b[0] == "timeliness" else b[1]) != ref.ORG]   # --by window: the windows' tables (the organisation's is the API's and the report's)
    assert bad == []
    bd = pd.read_csv(out / "breakdown.csv", dtype={"window_id": str})
    assert breakdown_disagreements(cases, bd, "window_id", ref.by_window) == []


def test_the_report_keeps_what_the_reference_reads(demo_ws):
    """``windoweval report --year 2025``: the complaint evaluation it keeps and the promises' fulfilment."""
    root, data, cases = demo_ws
    out = root / "reports"
    p = run_cli("report", "--year", str(YEAR), "--data", str(data), "--out", str(out), "--language", "zh", cwd=root)
    assert p.returncode == 0, (p.stdout[-2000:], p.stderr[-3000:])
    kept = out / str(YEAR) / "kept"
    k = {n: pd.read_parquet(kept / "complaints" / f"{n}.parquet")
         for n in ("overall_timeliness", "window_timeliness", "overall_callbacks", "window_callbacks",
                   "overall_satisfaction", "window_satisfaction", "overall_open", "overall_repeats")}
    got = {"timeliness": got_timeliness([k["overall_timeliness"], k["window_timeliness"]]),
           "callbacks": got_callbacks([k["overall_callbacks"], k["window_callbacks"]]),
           "satisfaction": got_satisfaction([k["overall_satisfaction"], k["window_satisfaction"]]),
           "open": got_open(k["overall_open"]), "repeats": got_repeats(k["overall_repeats"])}
    assert disagreements(cases, got) == []
    # the page's months (its figure and table): replies, callbacks and satisfaction per month of receipt
    monthly = pd.read_parquet(kept / "complaints" / "monthly.parquet")
    assert breakdown_disagreements(cases, monthly, "month", ref.by_month) == []
    # the page's headlines, as the reader reads them first
    import json

    head = json.loads((kept / "complaints" / "meta.json").read_text(encoding="utf-8"))["meta"]["headlines"]
    mine = judged(cases)
    t, cb = ref.timeliness(mine, YEAR, CUT), ref.callbacks(mine, YEAR, CUT)[ref.ORG]
    words = {"pass": "达标", "fail": "未达标", "insufficient": "证据不足"}
    for kind in ("complaint", "report"):
        assert _close(head[f"{kind}_reply_rate"], t[(ref.ORG, kind)]["rate"]), kind
        assert head[f"{kind}_reply_verdict"]["zh"] == words[t[(ref.ORG, kind)]["verdict"]], kind
    assert _close(head["callback_rate"], cb["rate"]) and head["callback_verdict"]["zh"] == words[cb["verdict"]]
    assert _close(head["callback_rate_incl_unreachable"], cb["rate_incl_unreachable"])
    assert _close(head["satisfaction_rate"], ref.satisfaction(mine, YEAR, CUT)[ref.ORG][2])
    assert head["overdue_cases"] == sum(bool(v) for v in ref.open_at(mine, YEAR, CUT).values())
    assert head["repeat_complainants"] == len(ref.repeats(mine, YEAR))
    # the tables the reader downloads head a case's kind 诉求类型 (it was 窗口类型, the window's kind, over 投诉/举报)
    # and the satisfaction rate 回访满意率 (it was 达标率: the standard sets satisfaction no target)
    tables = out / str(YEAR) / "tables"
    for name in ("timeliness", "open"):
        head = pd.read_csv(tables / f"complaint_callbacks--{name}.csv", encoding="utf-8-sig", nrows=0).columns
        assert "诉求类型" in head and "窗口类型" not in head, (name, list(head))
    head = pd.read_csv(tables / "complaint_callbacks--satisfaction.csv", encoding="utf-8-sig", nrows=0).columns
    assert "回访满意率" in head and "达标率" not in head, list(head)
    per = pd.read_parquet(kept / "promises" / "per_promise.parquet")
    assert promise_disagreements(cases, per) == []
    # the rate the public reads: the published table's percentage of each complaint promise
    pub = pd.read_parquet(kept / "promises" / "publication_zh.parquet")
    want = ref.promise_fulfilment(judged(cases), YEAR, CUT)
    text = pub.astype(str).to_string()
    for pid, w in want.items():
        if w["published"] is not None:
            assert f"{w['published']:.1f}%" in text, (pid, w["published"], text[:3000])


def test_the_promises_command_and_api_agree_with_the_reference(demo_ws):
    """``windoweval promises --out`` (per promise, and the published rate) and, per window, the API's fulfilment of
    the two complaint promises."""
    from windoweval.promises import fulfilment, occurrences

    root, data, cases = demo_ws
    out = root / "promises"
    p = run_cli("promises", "--year", str(YEAR), "--data", str(data), "--out", str(out), cwd=root)
    assert p.returncode == 0, p.stderr[-3000:]
    per = pd.read_csv(out / "promise_fulfilment.csv")
    assert promise_disagreements(cases, per) == []
    # the rate by its header (the counts follow it since public43)
    pub = pd.read_csv(out / "promise_publication_zh.csv", encoding="utf-8-sig").set_index("承诺事项")
    for pid, w in ref.promise_fulfilment(judged(cases), YEAR, CUT).items():
        rate = pub.loc[per.set_index("promise_id").loc[pid, "public_zh"], "兑现率"]
        assert rate == f"{w['published']:.1f}%", (pid, rate, w)
    occ = occurrences(YEAR, data)
    by = fulfilment(by=["promise_id", "window_id"], occ=occ)
    for w in POWER:
        mine = by[by["window_id"] == w]
        want = ref.promise_fulfilment(judged(cases), YEAR, CUT, scope=w)
        assert set(want) <= set(mine["promise_id"]), w
        assert promise_disagreements(cases, mine[mine["promise_id"].isin(list(want))], scope=w) == [], w
    assert not (by["window_id"] == "PW04").any() or not by.loc[by["window_id"] == "PW04", "promise_id"].isin(
        list(ref.PROMISES)).any()   # a window with no case has no occurrence of a complaint promise


def test_the_supervision_record_states_the_same_rates(demo_ws):
    """The supervision record (服务监督情况表, ``windoweval review``): each power window's reply and callback rates and
    the organisation's row (ALL) as the complaint evaluation states them.  The organisation's row counted the
    hospital window's cases too (no written reply limit applies to them: the complaint evaluation leaves them out,
    第十三条(五) is the power-supply standard's), so its rates were not the organisation's of the complaints page."""
    from windoweval.review import supervision_record

    _, data, cases = demo_ws
    rec = supervision_record(YEAR, data=data).set_index("window_id")
    mine = judged(cases)
    t, cb = ref.timeliness(mine, YEAR, CUT), ref.callbacks(mine, YEAR, CUT)
    for w in (*POWER, "PW04", "ALL"):
        scope = ref.ORG if w == "ALL" else w
        r = rec.loc[w]
        for kind in ("complaint", "report"):
            want = t.get((scope, kind), {}).get("rate")
            assert _close(want, _num(r[f"{kind}_reply_rate"])), (w, kind, want, r[f"{kind}_reply_rate"])
        c = cb.get(scope, {})
        assert _close(c.get("rate"), _num(r["callback_rate"])), (w, c.get("rate"), r["callback_rate"])
        assert _close(c.get("rate_incl_unreachable"), _num(r["callback_rate_incl_unreachable"])), w
        assert (c.get("verdict") if c else None) == (None if pd.isna(r["callback_verdict"]) else r["callback_verdict"]), w
        assert bool(r["callback_ok"]) == (c.get("verdict") == "pass"), w


@pytest.mark.parametrize("met,n", [(1999, 2000), (1997, 2000), (2, 3), (1, 2000), (7, 7), (9985, 10000)])
def test_the_published_rate_reads_as_the_reference_rounds(met, n):
    """第十三条(六) 定期向社会公布承诺兑现率: the table to publish shows each promise's rate to 0.1 % as the reference reads
    it (half up; never 100.0 % short of it; 99.95 % exactly and 99.85 % both 99.9 %)."""
    from windoweval.promises import publication_table

    occ = pd.DataFrame({"promise_id": ["pw_complaint_reply_5d"] * n, "window_id": ["PW01"] * n,
                        "month": ["2025-03"] * n, "passed": pd.array([True] * met + [False] * (n - met), dtype="boolean")})
    t = publication_table(YEAR, occ=occ)
    row = t[t.iloc[:, 0] == "您的投诉,5天内给您答复"].iloc[0]
    assert row["兑现率"] == f"{ref.published(met, n):.1f}%", (met, n, row["兑现率"])


def breakdown_disagreements(cases: list[dict], table: pd.DataFrame, key: str, scope) -> list:
    want = ref.breakdown(judged(cases), YEAR, CUT, scope=scope)
    got = {str(r[key]): r for r in table.to_dict("records")}
    # a window of the rule with no case is a row of 0 cases and no rate (left42), where the reference has none
    got = {g: r for g, r in got.items() if g in want or not (int(r["cases"]) == 0 and all(
        _num(v) is None for c, v in r.items() if "rate" in c))}
    bad = [("groups", sorted(set(want) ^ set(got)))] if set(want) != set(got) else []
    for g, f in want.items():
        if g not in got:
            continue
        for c, v in f.items():
            gv = _num(got[g][c]) if "rate" in c else int(got[g][c])
            if (not _close(v, gv)) if "rate" in c else v != gv:
                bad.append((g, c, v, gv))
    return bad


def test_an_as_of_date_is_the_end_of_that_day(demo_ws):
    """``windoweval complaints --as-of 2025-12-31``: a date alone is the end of that day, the cut-off the command uses
    by default for 2025 (31 December, end of day) and the one the reading guide names (the year's end).  It was read as
    the day's first second: a complaint received on 31 December left the open list (counted open in the replies table
    all the same), the heading still saying 截至 2025-12-31."""
    from windoweval.cli.args import moment
    from windoweval.complaints import complaint_summaries

    _, data, cases = demo_ws
    assert moment("2025-12-31") == moment("2025/12/31") == "2025-12-31 23:59:59"
    assert moment("2025-12-31 18:00") == "2025-12-31 18:00"
    overall, per_window = complaint_summaries(YEAR, data=data, bys=[None, "window_id"], as_of=moment("2025-12-31"))
    assert disagreements(cases, from_summaries(overall, per_window)) == []
