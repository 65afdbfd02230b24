"""dates44: times written as a Unix time (1741137900, 1741137900000).

Such a value got the generic "not a valid date/time"; reading it would need its zone (UTC by definition, but systems
that count Beijing's wall clock exist: eight hours apart), which a tool people sign does not guess.  It is refused
with its form named, what it would read as in UTC and in Beijing time, and the fix; or read where mapping.yaml states
its unit and zone (``epoch: {column: {unit, zone}}``)."""
from __future__ import annotations

import pandas as pd
import pytest

import windoweval as we
from tests._workspace import HALL, run_cli, write_workspace
from windoweval.records.contract import RecordsError
from windoweval.records.read import read_records

HEAD = "order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
# a: received 09:25 Beijing time (01:25 UTC), arrived 09:55, completed 12:00; b: arrived 90 minutes after
ROWS = ("a,PW01,fault_repair,1741137900,1741139700000,2025-03-05 12:00\n"
        "b,PW01,fault_repair,1741137900,1741143300000,2025-03-05 12:00\n")


def _data(tmp_path, mapping=None):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "work_orders.csv").write_text(HEAD + ROWS, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def test_a_unix_time_is_refused_with_its_form_and_the_fix(tmp_path):
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", _data(tmp_path))
    p = e.value.problems
    assert set(p["code"]) == {"epoch_time"}                      # was: bad_date, "not a valid date/time"
    got = p[(p["row"] == 2)].set_index("column")
    assert got.loc["received_at", "value"] == "1741137900"
    assert "Unix" in got.loc["received_at", "problem_zh"] and "秒" in got.loc["received_at", "problem_zh"]
    assert "2025-03-05 01:25:00 UTC" in got.loc["received_at", "problem_en"]
    assert "北京时间 2025-03-05 09:25:00" in got.loc["received_at", "problem_zh"]
    assert "unit: seconds, zone: UTC" in got.loc["received_at", "fix_en"]
    assert "unit: milliseconds" in got.loc["arrived_at", "fix_zh"] and "毫秒" in got.loc["arrived_at", "problem_zh"]
    assert "YYYY-MM-DD HH:MM:SS" in got.loc["arrived_at", "fix_en"]


def test_the_command_line_refuses_it_with_exit_3(tmp_path):
    d = _data(tmp_path)
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 3 and "Traceback" not in p.stderr + p.stdout
    assert "Unix" in p.stderr + p.stdout and "1741137900" in p.stderr + p.stdout


MAPPING = ("work_orders:\n  epoch:\n    received_at: {unit: seconds, zone: UTC}\n"
           "    arrived_at: {unit: milliseconds, zone: UTC}\n")


def test_a_unix_time_is_read_where_the_mapping_states_unit_and_zone(tmp_path):
    df = read_records("work_orders", _data(tmp_path, MAPPING)).set_index("order_id")
    assert df.loc["a", "received_at"] == pd.Timestamp("2025-03-05 09:25")      # Beijing time
    assert df.loc["a", "arrived_at"] == pd.Timestamp("2025-03-05 09:55")
    assert df.loc["b", "arrived_at"] == pd.Timestamp("2025-03-05 10:55")
    card = we.score("power_window", 2025, data=tmp_path / "data")
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["records"]), int(r["n"]), int(r["met"])) == (2, 2, 1)        # a in 30 minutes; b 90: missed


def test_a_system_counting_beijing_time_is_stated_so(tmp_path):
    m = MAPPING.replace("received_at: {unit: seconds, zone: UTC}", "received_at: {unit: seconds, zone: Asia/Shanghai}")
    df = read_records("work_orders", _data(tmp_path, m)).set_index("order_id")
    assert df.loc["a", "received_at"] == pd.Timestamp("2025-03-05 01:25")


@pytest.mark.parametrize("spec", ["{unit: seconds}", "{unit: seconds, zone: Beijing}", "{unit: days, zone: UTC}"])
def test_a_unit_or_zone_not_stated_is_refused_in_the_mapping(tmp_path, spec):
    d = _data(tmp_path, f"work_orders:\n  epoch:\n    received_at: {spec}\n")
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 3 and "Traceback" not in p.stderr + p.stdout
    assert "work_orders.epoch.received_at" in p.stderr + p.stdout
