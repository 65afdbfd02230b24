"""Review rev21a: the delimiter of a comma file whose quoted cells span lines.

``sniff_delimiter`` took the quoted text out line by line, so a quoted cell written over several lines (a free-text
answer or a work order's note: "1) 等候久;\n2) 态度好;\n3) 希望改进") left its inner lines' semicolons counted and its
commas' lines uneven: a comma survey delivery (read by ``sniff_delimiter`` since records21; before, by its first
line) was split on semicolons -- 120 one-column records of 40 respondents, every column "missing".
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_records21_delivery import _csv, _fixture  # noqa: E402

from windoweval.records.io import sniff_delimiter  # noqa: E402
from windoweval.survey.delivery import read_delivery  # noqa: E402

NOTE = "1) 等候久;\n2) 态度好;\n3) 希望改进"


def test_a_comma_delivery_with_a_multi_line_answer_holding_semicolons_reads_as_written(tmp_path):
    rows = _fixture()
    rows[0].append("comment")
    for r in rows[1:]:
        r.append(NOTE)
    f = tmp_path / "d.csv"
    f.write_text(_csv(rows), encoding="utf-8")
    d = read_delivery(f, "power_hall")
    assert d.frame.shape[0] == 40 and "env1" in d.frame.columns


def test_sniff_delimiter_takes_out_quoted_cells_over_several_lines():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["工单编号", "受理时间", "窗口", "备注"])
    w.writerows([[f"GD{i}", "2025-03-05 09:00", "PW01", NOTE] for i in range(30)])
    assert sniff_delimiter(buf.getvalue()) == ","
    # a semicolon file with the same notes stays one
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["工单编号", "受理时间", "窗口", "备注"])
    w.writerows([[f"GD{i}", "2025-03-05 09:00", "PW01", "a, b,\nc, d"] for i in range(30)])
    assert sniff_delimiter(buf.getvalue()) == ";"
