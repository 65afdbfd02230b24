"""标准1 第六条(二)1 供电可靠性 on every path (twenty-sixth audit): the kernel looks 366 days behind the year (an outage
of the previous year still on at its start takes hours of this year).  On the Parquet store that is the previous
year's partition, filtered to the rows within those days; never the years before it, never the whole store; and the
verdicts are the same from frames handed in, a file, the store and Dask.

Worked by hand (min_rate 0.999 set by the organisation; 2025 has 8,760 hours, 8.76 hours allowed):
- C1 out from 20:00 on 31 Dec 2024 to 10:00 on 1 Jan 2025: 10 hours in 2025, 0.99886: missed;
- C2 out 2 hours on 1 Mar 2025 (and 30 hours in Feb 2024, none of them in 2025): 0.99977, met;
- C3 out 5 hours on 2 Mar 2025 and 4 hours from 22:00 on 31 Dec 2024: 5 + 2 = 7 hours in 2025, 0.99920: met;
- C4 out 2 hours in 2022 and 3 in 2023 only: no outage of 2025, no unit of it.
"""
from __future__ import annotations

import pandas as pd
import pytest
from _workspace import HALL, write_workspace

from windoweval.records import store as store_mod
from windoweval.records import validate
from windoweval.records.store import import_records
from windoweval.scoring import score

_REL = "power_window.6.2.1"
_OUT = pd.DataFrame({
    "outage_id": ["O1", "O2", "O3", "O4", "O5", "O6", "O7"],
    "customer_id": ["C1", "C2", "C2", "C3", "C3", "C4", "C4"],
    "window_id": ["PW01"] * 7, "voltage_class": ["lv220"] * 7, "outage_kind": ["fault"] * 7,
    "start_at": ["2024-12-31 20:00:00", "2025-03-01 08:00:00", "2024-02-01 00:00:00", "2025-03-02 08:00:00",
                 "2024-12-31 22:00:00", "2022-05-01 08:00:00", "2023-05-01 08:00:00"],
    "restored_at": ["2025-01-01 10:00:00", "2025-03-01 10:00:00", "2024-02-02 06:00:00", "2025-03-02 13:00:00",
                    "2025-01-01 02:00:00", "2022-05-01 10:00:00", "2023-05-01 11:00:00"],
})
_WANT = {"C1": False, "C2": True, "C3": True}


def _dirs(tmp_path):
    files = write_workspace(tmp_path / "files", HALL)
    toml = (files / "windoweval.toml").read_text(encoding="utf-8") + f'\n[params."{_REL}"]\nmin_rate = 0.999\n'
    (files / "windoweval.toml").write_text(toml, encoding="utf-8")
    _OUT.to_csv(files / "outages.csv", index=False)
    st = write_workspace(tmp_path / "store", HALL)
    (st / "windoweval.toml").write_text(toml, encoding="utf-8")
    import_records("outages", files / "outages.csv", st)
    assert sorted(p.name for p in (st / "outages").iterdir() if p.is_dir()) == [
        "year=2022", "year=2023", "year=2024", "year=2025"]
    return files, st


def _units(card) -> dict:
    m = card._masks[_REL][1]
    return {str(k[-1]): bool(v) for k, v in m.items()}


def _summary(card) -> tuple:
    r = card.results.set_index(["measure", "window_id"]).loc[(_REL, "PW01")]
    return int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]


def test_frames_handed_in_give_the_hand_worked_verdicts():
    from _workspace import workspace

    o = validate(_OUT, "outages", file="o.csv")
    card = score("power_window", 2025, data=".", workspace=workspace(HALL, params={_REL: {"min_rate": 0.999}}),
                 records={"outages": o})
    assert _units(card) == _WANT
    assert _summary(card) == (3, 2, 0, "fail")


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_the_store_reads_the_year_and_the_previous_years_edge_only_with_the_same_verdicts(tmp_path, monkeypatch,
                                                                                          scheduler):
    files, st = _dirs(tmp_path)
    scans = []
    real = store_mod._Scan.__init__

    def spy(self, kind, dataset, year=None, columns=None, categorical=None, rows=None):
        real(self, kind, dataset, year, columns, categorical, rows)
        if kind == "outages":
            scans.append((year, tuple(tuple(map(str, r)) for r in rows or ())))

    monkeypatch.setattr(store_mod._Scan, "__init__", spy)
    card = score("power_window", 2025, data=st, scheduler=scheduler)
    assert _units(card) == _WANT and _summary(card) == (3, 2, 0, "fail")
    years = {y for y, _ in scans}
    assert years <= {2025, 2024} and 2024 in years and None not in years, scans   # never 2022, 2023, the whole store
    edge = [rows for y, rows in scans if y == 2024]
    assert edge and all(("start_at", ">=", "2024-01-01 00:00:00") in rows for rows in edge), edge
    # the file path, for the same verdicts
    fcard = score("power_window", 2025, data=files, scheduler=scheduler)
    assert _units(fcard) == _WANT and _summary(fcard) == (3, 2, 0, "fail")
