"""msgs44: two columns under one header, wherever they meet the privacy gate.

``privacy.mask_frame`` looked each column up by name: under a header given twice (a notebook's table pivoted by window
name where two windows share a name, a frame a caller built) ``out[c]`` was a frame of two columns and the gate ended
in ``AttributeError`` (a traceback in a notebook, exit 5 in a command), so did ``people_frame`` (the CSV and workbook
writers' gate) and the console's tables.  Each column is now masked as itself, by its position, and the headers stay
as given.  A user's file with a header given twice is refused before it reaches the gate, naming the file, row,
column and the fix: records (CSV, XLSX) and survey deliveries (CSV, XLSX), pinned here.
"""
import contextlib
import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_FINDINGS, EXIT_INPUT

PHONE = "13812345678"


def _frame(n: int) -> pd.DataFrame:     # a few rows (masked all at once) and many (column by column)
    return pd.DataFrame([[f"张先生 {PHONE}", "=1+1", "张三", 3]] * n, columns=["备注", "备注", "联系人", "联系人"])


@pytest.mark.parametrize("n", [3, 400])
def test_the_gate_masks_each_column_of_a_header_given_twice(n):
    from windoweval.cells import people_frame
    from windoweval.privacy import mask_frame

    for got in (mask_frame(_frame(n)), people_frame(_frame(n))):
        assert list(got.columns) == ["备注", "备注", "联系人", "联系人"]
        text = got.astype(str).to_string()
        assert PHONE not in text and "张三" not in text
        assert got.iloc[0, 0] == "某先生 [手机号]"
    safe = people_frame(_frame(n))
    assert safe.iloc[0, 1] == "'=1+1"                # no formula
    assert (safe.iloc[:, 2] == "[已遮蔽 masked]").all() and (safe.iloc[:, 3] == "[已遮蔽 masked]").all()


def test_the_exports_and_the_console_write_a_header_given_twice(tmp_path):
    from windoweval.console import print_table
    from windoweval.exports import write_csv, write_xlsx

    text = write_csv(_frame(2), tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "备注,备注,联系人,联系人" and PHONE not in text and "张三" not in text
    write_xlsx({"t": _frame(2)}, tmp_path / "t.xlsx")
    from openpyxl import load_workbook
    cells = [str(c.value) for row in load_workbook(tmp_path / "t.xlsx").active.iter_rows() for c in row]
    assert not any(PHONE in c or "张三" in c for c in cells)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        print_table(_frame(2))
    assert PHONE not in out.getvalue() and "张三" not in out.getvalue()


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory):
    from windoweval.datadir import resolve

    d = tmp_path_factory.mktemp("dup") / "data"
    shutil.copytree(resolve(None), d)
    rows = list(csv.reader(open(d / "complaints.csv", encoding="utf-8-sig")))
    head, body = rows[0] + ["备注", "备注"], [r + [f"张先生 {PHONE}", "x"] for r in rows[1:]]
    return d, head, body


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_records_with_a_header_given_twice_are_refused_with_the_place_and_the_fix(demo_copy, tmp_path, capsys, fmt):
    d, head, body = demo_copy
    f = tmp_path / f"投诉.{fmt}"
    if fmt == "csv":
        with open(f, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([head, *body[:50]])
    else:
        pd.DataFrame(body[:50], columns=head).to_excel(f, index=False)
    code = main(["records", "import", "complaints", str(f), "--data", str(tmp_path / "store")])
    said = capsys.readouterr()
    text = said.out + said.err
    assert code == EXIT_INPUT, text
    assert "表头重复" in text and "duplicate header" in text and text.index("表头重复") < text.index("duplicate header")
    assert "备注" in text and "第 1 行" in text and ("改名" in text and "rename" in text)
    assert "Traceback" not in text and PHONE not in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_delivery_with_a_header_given_twice_is_refused_with_the_place_and_the_fix(tmp_path, capsys, fmt):
    from windoweval.demo import survey as demo
    from windoweval.survey.instrument import load_instrument

    d = demo.generate_delivery(load_instrument("power_hall"), 2025, ["PW01"], n_per_window=5, seed=3,
                               careless_share=0)
    d = pd.concat([d, pd.DataFrame({"备注": [f"张先生 {PHONE}"] * len(d), "备注 ": ["x"] * len(d)})], axis=1)
    d.columns = [*d.columns[:-1], "备注"]
    f = tmp_path / f"交付.{fmt}"
    d.to_csv(f, index=False, encoding="utf-8-sig") if fmt == "csv" else d.to_excel(f, index=False)
    for command, want in (("check", EXIT_FINDINGS), ("import", EXIT_INPUT)):
        store = ["--year", "2025", "--store", str(tmp_path / "store")] if command == "import" else []
        code = main(["survey", command, str(f), "--instrument", "power_hall", *store])
        said = capsys.readouterr()
        text = said.out + said.err
        assert code == want, text
        assert "出现两次" in text and "appears twice" in text and "备注" in text
        assert "删除重复的一列" in text and "delete the repeated column" in text
        assert "Traceback" not in text and PHONE not in text
