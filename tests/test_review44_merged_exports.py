"""review44: what two branches of session 44 do together once merged.

msgs44 keeps a header given twice through the privacy gate (each column masked by its position, the headers as
given); newuser44 writes a time that is a date alone as its date in every CSV (``exports._dates_alone_shown``), looking
the time columns up by name: merged, a CSV with a header given twice ended in AttributeError ('DataFrame' object has
no attribute 'dtype'), a traceback where each alone had written the file."""
from __future__ import annotations

import pandas as pd

from windoweval.calendar import DATE_ONLY_NS
from windoweval.exports import write_csv


def _times():
    return pd.to_datetime(["2025-03-03 00:00", "2025-03-03 09:04"]) + pd.to_timedelta([DATE_ONLY_NS, 0], unit="ns")


def test_a_header_given_twice_beside_a_date_alone_is_written(tmp_path):
    df = pd.DataFrame([["PW01", "PW02"], ["PW03", "PW04"]], columns=["窗口", "窗口"]).assign(finished_at=_times())
    rows = write_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows == ["窗口,窗口,finished_at", "PW01,PW02,2025-03-03", "PW03,PW04,2025-03-03 09:04:00"]


def test_two_time_columns_of_one_header_are_each_shown_as_written(tmp_path):
    t = _times()
    df = pd.DataFrame({"a": t, "b": t[::-1]})
    df.columns = ["完成时间", "完成时间"]
    rows = write_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows == ["完成时间,完成时间", "2025-03-03,2025-03-03 09:04:00", "2025-03-03 09:04:00,2025-03-03"]
