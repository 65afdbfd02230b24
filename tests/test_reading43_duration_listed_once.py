"""reading43: ``records map`` proposed a commented ``derive`` from a duration header (办理时长 00:05:10, export42)
and listed the same header under ``ignore``, "headers not read", beside it: two answers for one header.  It is now
listed once, in its derive (still read by nothing until the derive is taken)."""
from __future__ import annotations

import pandas as pd
import yaml

from windoweval.records.files import load_files
from windoweval.records.mapping import parse_mapping
from windoweval.records.propose import propose

HEAD = ["票号", "窗口编号", "业务类型", "取号时间", "叫号时间", "办理日期", "开始时刻", "办理时长", "备注"]


def _export(tmp_path, head=HEAD):
    rows = [["T1", "PW01", "resident_payment", "2025-03-04 09:00:00", "2025-03-04 09:04:00", "2025/3/4", "09:05:00",
             "00:05:10", "x"],
            ["T2", "PW01", "resident_payment", "2025-03-04 10:00:00", "2025-03-04 10:01:00", "2025/3/4", "10:02:00",
             "00:35:00", ""]]
    f = tmp_path / "export.csv"
    pd.DataFrame([r[:len(head)] for r in rows], columns=head).to_csv(f, index=False)
    return f


def _ignored(text):
    line = next((x for x in text.splitlines() if x.strip().startswith("ignore:")), "")
    return yaml.safe_load(line.split("#")[0].strip() or "{}").get("ignore", []) if line else []


def test_a_duration_header_with_its_derive_is_not_under_ignore_too(tmp_path):
    f = _export(tmp_path)
    text = propose(f, "counter_transactions")
    assert '# derive: {ended_at: {from: started_at, add: "办理时长", unit: seconds}}' in text
    assert "办理时长" not in _ignored(text)                               # before: ignore: ["办理时长", "备注"]
    assert "备注" in _ignored(text)
    # the derive taken (the leading # removed) reads the end as before
    km = parse_mapping(yaml.safe_load(text.replace("  # derive:", "  derive:")), tmp_path / "mapping.yaml")
    got = load_files("counter_transactions", [f], km["counter_transactions"]).frame
    assert got["ended_at"].tolist() == [pd.Timestamp("2025-03-04 09:10:10"), pd.Timestamp("2025-03-04 10:37:00")]
