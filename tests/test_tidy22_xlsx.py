"""tidy22: Excel's text mark (a leading apostrophe: 'PW01, '5, '1.5) taken off the id and number cells of an .xlsx
survey delivery as off a CSV's: one rule for every format the delivery reader takes."""
from pathlib import Path

import openpyxl
import pandas as pd

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
MARKED = ("respondent_id", "window_id", "stratum", "psu", "weight", "env1", "duration_s")


def _xlsx(path: Path, lines: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in lines:
        ws.append(line.split(","))      # every cell text, as a firm's export writes them
    wb.save(path)
    return path


def test_excel_text_mark_comes_off_an_xlsx_delivery_as_off_a_csv(tmp_path):
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    clean = D.parse_delivery(_xlsx(tmp_path / "clean.xlsx", lines), INS, year=2025)
    cells = lines[1].split(",")
    for c in MARKED:
        cells[head.index(c)] = "'" + cells[head.index(c)]
    cells[head.index("comment")] = "'很满意'"            # a quoted value in free text: kept as written
    marked = [lines[0], ",".join(cells)] + lines[2:]
    chk = D.parse_delivery(_xlsx(tmp_path / "marked.xlsx", marked), INS, year=2025)
    # before tidy22: 'PW01 an unknown window, '5 no answer, '1.5 not a number -- in .xlsx only
    assert chk.problems.empty, chk.problems
    pd.testing.assert_frame_equal(chk.responses[list(MARKED)], clean.responses[list(MARKED)], check_dtype=False)
    assert chk.responses["comment"].iloc[0] == "'很满意'"
