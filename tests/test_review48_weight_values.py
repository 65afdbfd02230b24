"""review48: a ``[weights]`` value of windoweval.toml was never checked (session 47 checked its keys, 08e86c63):
``"power_window.10.2.5" = "three"`` passed ``records check`` and made ``score`` stop with a traceback and exit 5
(scoring._results: float('three')); a negative, infinite or true/false weight went into the 100-point score as a
number.  A weight is a finite number not below 0; anything else is refused when the workspace is read (exit 3,
the file, the key, the value and the fix, 中文 / English on one line), as a target out of 0–1 is."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from windoweval.records.workspace import Workspace, WorkspaceError

WIN = {"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}


@pytest.mark.parametrize("value", ["three", -1, float("inf"), float("nan"), True, [2]])
def test_a_weight_that_is_no_number_at_least_0_is_refused(value):
    with pytest.raises(WorkspaceError) as e:
        Workspace.from_dict({"windows": [WIN], "weights": {"power_window.10.2.5": value}})
    text = str(e.value)
    assert "[weights]" in text and "power_window.10.2.5" in text and repr(value) in text, text
    assert "\n" not in text and " / " in text and "权重" in text and "weight" in text.split(" / ", 1)[1]


@pytest.mark.parametrize("value", [0, 2, 0.5, 3.0])
def test_a_weight_of_0_or_more_is_read(value):
    ws = Workspace.from_dict({"windows": [WIN], "weights": {"power_window.10.2.5": value}})
    assert ws.weights == {"power_window.10.2.5": value}


def test_score_and_records_check_refuse_it_with_exit_3_and_no_traceback(tmp_path: Path):
    (tmp_path / "windoweval.toml").write_text(
        'name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
        '[weights]\n"power_window.10.2.5" = "three"\n', encoding="utf-8")
    (tmp_path / "work_orders.csv").write_text("工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\n",
                                              encoding="utf-8")
    for args in (["records", "check", "--data", str(tmp_path)],
                 ["score", "--standard", "power_window", "--year", "2025", "--data", str(tmp_path),
                  "--out", str(tmp_path / "out")]):
        r = subprocess.run([sys.executable, "-m", "windoweval", *args], capture_output=True, text=True, timeout=300)
        assert r.returncode == 3, (args, r.returncode, r.stderr[-2000:])
        assert "Traceback" not in r.stderr and "'three'" in r.stderr and "power_window.10.2.5" in r.stderr
