"""An escape sequence from data reached the CSV files as written (hostile45).

A window's name in ``windoweval.toml`` written ``城东\\u001b[2J\\u001b]8;;javascript:alert(1)\\u0007点我…`` was shown as
codes on the console (:data:`windoweval.privacy.TERMINAL_CONTROL`), but ``windoweval score --out`` wrote it into
``power_window_windows.csv`` and ``power_window_results.csv`` as raw bytes: ``cat`` or ``tail`` of the file on the
server clears the screen and plants a link.  An XLSX cannot hold C0 characters and dropped them already; the one gate
of people's files (:func:`windoweval.cells.people_frame`, the CSV and the XLSX alike) now drops C0 (but tab, line
feed and carriage return), DEL and C1 from every text cell and header.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.exports import write_csv, write_xlsx

NAME = "城东\x1b[2J\x1b]8;;javascript:alert(1)\x07点我\x1b]8;;\x07营业厅\x9b31m\x7f"
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]


def test_a_csv_holds_no_control_character(tmp_path):
    df = pd.DataFrame({"window_id": ["PW01"], "window_name": [NAME], NAME: ["x"], "note": ["a\tb\nc"]})
    text = write_csv(df, tmp_path / "w.csv").read_text(encoding="utf-8-sig")
    assert not [c for c in CONTROLS if c in text], repr(text)
    assert "城东[2J]8;;javascript:alert(1)点我]8;;营业厅31m" in text
    assert "a\tb\nc" in text       # a tab and a line break in a cell are the cell's text (quoted)


def test_the_workbook_holds_the_same_text(tmp_path):
    import openpyxl

    p = write_xlsx({"w": pd.DataFrame({"window_name": [NAME], "n": [1]})}, tmp_path / "w.xlsx")
    cell = openpyxl.load_workbook(p)["w"]["A2"].value
    assert cell == "城东[2J]8;;javascript:alert(1)点我]8;;营业厅31m"


@pytest.mark.parametrize("value", ["\x01=1+1", "\x1b=HYPERLINK(\"x\")"])
def test_a_formula_behind_a_control_is_still_neutralised(tmp_path, value):
    text = write_csv(pd.DataFrame({"v": [value]}), tmp_path / "v.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].lstrip('"').startswith("'=")
