"""Session 24: the ``scale_reversed`` warning says how many answers it recoded and in how many columns, so a survey
firm and the analyst can check the recode against the delivery (before: the sheet and the sets only, no count)."""
from __future__ import annotations

from test_records23_reversed_codebook import INS, _delivery

from windoweval.survey.delivery import read_delivery


def test_scale_reversed_warning_counts_the_answers_recoded(tmp_path):
    dl = read_delivery(_delivery(tmp_path, [1, 2, 3, 5, 9], "mirrored"), INS)
    sat = [c for c in INS.coded_columns if INS.question(c).labels == "satisfaction"]
    (w,) = [p for p in dl.problems if p["code"] == "scale_reversed"]
    n = 4 * len(sat)   # 1, 2, 3 and 5 in each satisfaction column; 9 (a missing code) is left as written
    assert f"共改记 {n} 个答案({len(sat)} 列)" in w["problem_zh"]
    assert f"{n} answers recoded in {len(sat)} columns" in w["problem_en"]
