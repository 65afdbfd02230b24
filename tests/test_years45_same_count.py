"""Every year-filtered output counts the same records for the same year (years45): the scorecard, the complaint
tables, the callbacks, the promise occurrences and the annual report's page each take, for every year the data holds,
exactly the records :func:`windoweval.evaluation.kind_year_counts` counts for that year (the year filter's rule: the
filing year, else the clock-start year), and the other years' counts make up the rest: no record dropped unsaid.

A work order filed on 31 December 2023 and received in 2024 makes 2023 a year of the data: only by the filing year."""
import pandas as pd
import pytest

from tests._workspace import run_cli

WORKSPACE = 'name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'

#: (filed, received): 1 of 2023 (received 2024), 3 of 2024 (one received in 2025), 4 of 2025 (one received in
#: 2026), 2 of 2026
ORDERS = [("2023-12-31 20:00", "2024-01-02 08:00"), ("", "2024-03-01 08:00"), ("", "2024-11-02 08:00"),
          ("2024-12-31 22:00", "2025-01-02 08:00"), ("", "2025-03-03 08:00"), ("", "2025-03-04 08:00"),
          ("", "2025-06-04 08:00"), ("2025-12-31 20:00", "2026-01-03 08:00"), ("", "2026-02-01 08:00"),
          ("", "2026-02-02 08:00")]
#: (received, replied, called back)
COMPLAINTS = [("2024-05-05 10:00", "2024-05-06 10:00", "2024-05-07 10:00"),
              ("2025-05-05 10:00", "2025-05-06 10:00", "2025-05-08 10:00"),
              ("2025-05-06 10:00", "2025-05-12 10:00", "")]   # replied late, not called back
WANT = {"work_orders": {2023: 1, 2024: 3, 2025: 4, 2026: 2}, "complaints": {2024: 1, 2025: 2}}


def _data(tmp_path, how):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WORKSPACE, encoding="utf-8")
    frames = {
        "work_orders": pd.DataFrame({"工单号": [f"W{i}" for i in range(len(ORDERS))], "窗口编号": "PW01",
                                     "工单类型": "fault_repair", "登记受理时间": [f for f, _ in ORDERS],
                                     "受理时间": [r for _, r in ORDERS],
                                     "到达现场时间": [r.replace("08:00", "08:30") for _, r in ORDERS]}),
        "complaints": pd.DataFrame({"工单编号": [f"C{i}" for i in range(len(COMPLAINTS))], "受理渠道": "counter",
                                    "诉求类型": "complaint", "窗口编号": "PW01", "受理时间": [r for r, _, _ in COMPLAINTS],
                                    "答复时间": [a for _, a, _ in COMPLAINTS], "回访时间": [b for _, _, b in COMPLAINTS],
                                    "回访结果": ["satisfied" if b else "" for _, _, b in COMPLAINTS]})}
    for kind, df in frames.items():
        if how == "csv":
            df.to_csv(d / f"{kind}.csv", index=False)
        else:   # the store, as a user imports an export
            src = tmp_path / f"{kind}.csv"
            df.to_csv(src, index=False)
            p = run_cli("records", "import", kind, str(src), "--data", str(d), cwd=tmp_path)
            assert p.returncode == 0, p.stdout + p.stderr
    return d


def _records(card, measure: str) -> int:
    r = card.results
    return int(pd.to_numeric(r.loc[r["measure"] == measure, "records"], errors="coerce").fillna(0).sum())


@pytest.mark.parametrize("how", ["csv", "store"])
def test_every_output_counts_the_years_records(tmp_path, how):
    import windoweval as we
    from windoweval.complaints import complaint_summary
    from windoweval.evaluation import kind_year_counts
    from windoweval.promises import occurrences

    d = _data(tmp_path, how)
    counts = kind_year_counts(d)
    assert counts == WANT
    for year in sorted({y for ns in counts.values() for y in ns}):
        want = {k: ns.get(year, 0) for k, ns in counts.items()}
        others = {k: {y: n for y, n in ns.items() if y != year} for k, ns in counts.items()}
        others = {k: v for k, v in others.items() if v}
        card = we.score(year=year, data=d)   # 2023 was refused on main: its clock-start years were 2024-2026
        assert _records(card, "power_window.10.2.5") == want["work_orders"], year      # fault repairs reached
        assert _records(card, "power_window.13.5#complaint_reply") == want["complaints"], year
        assert card.other_year_counts == others, year
        t = complaint_summary(year, d)
        assert int(t["timeliness"]["cases"].sum()) == int(t["breakdown"]["cases"].sum()) == want["complaints"], year
        assert int(t["callbacks"]["needing"].sum()) == want["complaints"], year
        occ = occurrences(year, data=d)
        got = occ.groupby("record_kind")["record_id"].nunique().to_dict()
        assert {k: got.get(k, 0) for k in want} == want, year
        an = we.yearbook("annual", year, data=d, baseline_year=None)   # the annual report's page
        kept = {k: {int(y): n for y, n in ns.items()} for k, ns in an.meta["other_years"].items()}   # kept as JSON
        assert kept == others, year
        ev = we.evaluate(year, data=d, standards="power_window")
        assert _records(ev.card, "power_window.10.2.5") == want["work_orders"], year
        # every record counted once: the year's and the other years' make up the file
        for k, ns in counts.items():
            assert want[k] + sum(others.get(k, {}).values()) == sum(ns.values())
