"""Personal data in a header from data, in every table written for people (hostile42).

Failing on the code before: :func:`windoweval.cells.people_frame` (the one rule for every CSV and XLSX people open:
the report's exports through ``exports.safe_frame``, the survey store's refused rows and problems, the survey
command's tables) masked every cell and neutralised every header, but never masked a header: a firm's delivery with
a column named ``备注 客户张三13812345678`` had that name and number in the header of ``rejects.csv`` (and of
``answers_refused.csv``).  Now a header is masked as a cell is, then kept from being a formula.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from windoweval import exports
from windoweval.cells import people_frame

HEADER = "备注 客户张三13812345678"


def test_a_header_is_masked_and_neutralised_in_a_table_for_people(tmp_path):
    df = pd.DataFrame({HEADER: ["x"], "=联系人王先生 139-1234-5678": ["y"], "窗口编号 / Window id": ["PW01"],
                       "得分": [-2.5]})
    got = people_frame(df)
    shown = " ".join(got.columns)
    assert "张三" not in shown and "13812345678" not in shown and "王先生" not in shown and "1234-5678" not in shown
    assert list(got.columns)[2:] == ["窗口编号 / Window id", "得分"]      # the package's own headers as they are
    assert got.columns[1].startswith("'=")                                  # a formula in a header stays text
    assert got["得分"].tolist() == [-2.5]
    f = exports.write_csv(df, tmp_path / "t.csv")
    assert "13812345678" not in f.read_text(encoding="utf-8-sig")
    exports.write_xlsx({"t": df}, tmp_path / "t.xlsx")
    import openpyxl

    head = next(openpyxl.load_workbook(tmp_path / "t.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
    assert not any("13812345678" in str(h) or "张三" in str(h) for h in head), head


def test_a_delivery_column_named_with_a_phone_is_masked_in_the_refused_rows(tmp_path):
    from windoweval.cli import main
    from windoweval.demo import generate
    from windoweval.demo.survey import generate_delivery
    from windoweval.records.workspace import load_workspace

    data = generate(tmp_path / "data", year=2025)
    w = load_workspace(data).windows
    halls = sorted(w.loc[w["kind"].astype(str).eq("power_hall").to_numpy(), "window_id"].astype(str))
    df = generate_delivery("power_hall", 2025, halls, n_per_window=3)
    df[HEADER] = "x"
    df["env1"] = df["env1"].astype(object)
    df.loc[0, "env1"] = 99                   # an answer refused alone
    df.loc[1, "interview_date"] = "notadate"     # a row refused
    f = tmp_path / "delivery.csv"
    df.to_csv(f, index=False)
    assert main(["-q", "survey", "import", str(f), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(data)]) == 0
    written = [p for p in Path(data, "surveys", "imports").rglob("*.csv")]
    assert {p.name for p in written} >= {"rejects.csv", "answers_refused.csv"}
    for p in written:
        text = p.read_text(encoding="utf-8-sig")
        assert "13812345678" not in text and "张三" not in text, p.name
