"""left42: one reading of a cut-off for the command, the API and the workspace: a date alone is the end of that day.

``--as-of 2025-12-31`` has been the end of that day since session 41, but the Python API's ``as_of`` (a
``datetime.date`` or ``'2025-12-31'``) and the workspace's ``extracted_at = "2025-12-31"`` were read as its first
second: a complaint received on 31 December at 09:00 was not yet received, so it was not open, and the same data
gave the command and the notebook two answers.  Now ``windoweval.records.cutoff.cut_off`` reads all three.
"""
import datetime as dt
import io
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.cli.args import moment
from windoweval.complaints import complaint_summary, open_cases
from windoweval.errors import InputError
from windoweval.kernels.time import data_horizon
from windoweval.records.cutoff import cut_off
from windoweval.records.workspace import Workspace, WorkspaceError, load_workspace

CASES = ("case_id,channel,kind,window_id,received_at,replied_at\n"
         "C1,95598,complaint,PW01,2025-03-03 09:00,2025-03-05 09:00\n"
         "C2,95598,complaint,PW01,2025-12-31 09:00,\n")
WS = 'name = "x"\n{extra}[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n'


def _data(d, extra=""):
    (d / "windoweval.toml").write_text(WS.format(extra=extra), encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def _cases():
    return pd.DataFrame({"case_id": ["1"], "kind": ["complaint"], "window_id": ["PW01"], "channel": ["95598"],
                         "category": [None], "received_at": pd.to_datetime(["2025-06-10 09:00"]),
                         "replied_at": pd.to_datetime([None]), "resolved_at": pd.to_datetime([None])})


def test_the_one_reading():
    end = pd.Timestamp("2025-12-31 23:59:59")
    for v in ("2025-12-31", dt.date(2025, 12, 31), "2025/12/31", "20251231", "2025年12月31日",
              pd.Timestamp("2025-12-31").to_datetime64().astype("datetime64[D]")):
        assert cut_off(v) == end, v
    for v, t in (("2025-12-31 18:00", "2025-12-31 18:00"), (dt.datetime(2025, 12, 31, 0, 0), "2025-12-31 00:00"),
                 (pd.Timestamp("2025-12-31 10:00", tz="UTC"), "2025-12-31 18:00")):
        assert cut_off(v) == pd.Timestamp(t), v
    with pytest.raises(InputError, match="as_of = 'soon'.*不是日期或时间.*is not a date or time"):
        cut_off("soon")
    # the command's reading is the same function's
    assert pd.Timestamp(moment("2025-12-31")) == end and moment("2025-12-31 18:00") == "2025-12-31 18:00"


def test_the_api_as_of_a_date_is_the_end_of_that_day():
    for as_of in ("2025-06-10", dt.date(2025, 6, 10)):
        assert open_cases(_cases(), as_of)["case_id"].tolist() == ["1"], as_of
    assert open_cases(_cases(), "2025-06-10 08:00").empty   # a moment given is kept
    assert data_horizon(pd.DataFrame(), dt.date(2025, 6, 10)) == pd.Timestamp("2025-06-10 23:59:59")


def test_complaint_summary_and_the_command_agree(tmp_path):
    d = _data(tmp_path)
    for as_of in ("2025-12-31", dt.date(2025, 12, 31)):
        assert complaint_summary(2025, d, as_of=as_of)["open"]["case_id"].tolist() == ["C2"], as_of
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["complaints", "--data", str(d), "--year", "2025", "--as-of", "2025-12-31"])
    assert rc == 0 and "2025-12-31 23:59:59: 1," in out.getvalue(), out.getvalue()


@pytest.mark.parametrize("written", ['"2025-12-31"', "2025-12-31", '"2025年12月31日"'])
def test_the_workspace_extracted_at_a_date_is_the_end_of_that_day(tmp_path, written):
    d = _data(tmp_path, f"extracted_at = {written}\n")
    ws = load_workspace(d)
    assert ws.horizon(2025) == pd.Timestamp("2025-12-31 23:59:59")
    assert complaint_summary(2025, d)["open"]["case_id"].tolist() == ["C2"]


def test_the_workspace_keeps_a_moment_and_refuses_nonsense(tmp_path):
    ws = Workspace.from_dict({"name": "x", "extracted_at": "2026-01-10 08:00",
                              "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    assert ws.horizon(2025) == pd.Timestamp("2026-01-10 08:00")
    with pytest.raises(WorkspaceError, match="extracted_at.*只写日期即该日结束时.*a date alone is the end of that day"):
        Workspace.from_dict({"name": "x", "extracted_at": "soon",
                             "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
