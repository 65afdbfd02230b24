"""survey38: the template names each column in Chinese and English (its header comments, instrument.COLUMN_LABELS:
受访者编号（文本，唯一）, 访问日期 YYYY-MM-DD, 初级抽样单元（层内编号）, 抽样权重（大于0）, 意见建议（原文）).  A firm that
headed its file with those very names -- one header row, as a firm's system exports -- had the file refused (missing
columns respondent_id, interview_date, psu, weight; the comments dropped as an unknown column), though the same names
in a second header row were read.  The template's own names are now headers of their columns."""
import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import COLUMN_LABELS, load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


@pytest.mark.parametrize("lang", [0, 1])
def test_the_templates_own_names_head_their_columns(tmp_path, lang):
    lines = (DATA / "clean_utf8.csv").read_text("utf-8").splitlines(True)
    head = next(csv.reader([lines[0]]))
    named = [COLUMN_LABELS[h][lang] if h in COLUMN_LABELS else h for h in head]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(named)
    p = tmp_path / "交付.csv"
    p.write_text(out.getvalue() + "".join(lines[1:]), encoding="utf-8")
    got = D.parse_delivery(p, INS, year=2025, screen=False)
    want = D.parse_delivery(DATA / "clean_utf8.csv", INS, year=2025, screen=False)
    assert got.errors.empty, got.errors[["column", "code"]].values.tolist()   # before: 4 missing_column
    pd.testing.assert_frame_equal(got.responses, want.responses)
    assert not (got.problems.code == "unknown_column").any()
