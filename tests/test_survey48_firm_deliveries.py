"""survey48: four deliveries as a new firm sends them, run through ``survey check`` and ``survey import`` as the firm
would, the stored answers compared with what the firm meant.  All four were read right already (nothing to fix:
no traceback, no valid answer refused, none dropped in silence); pinned here so they stay so:

1. a CSV in GB18030 (no BOM) with full-width digits (４, ５) in some answers: read as the codes;
2. a 5-point scale written as words (非常满意 .. 非常不满意) in some rows and as codes in others: each word read as
   its code, said once per word with its rows (warning, both languages);
3. an .xlsx with a notes sheet first and a two-row header (the question's text over the code): the notes sheet
   ignored and said so, the second header row skipped and said so, the respondents read;
4. an SPSS .sav with Chinese value labels and 98/99/-1 declared user-missing: those answers recoded to the missing
   code, said per column with the rows and the way to keep them (both languages).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
COLS = ["env1", "staff1", "staff2", "eff1", "overall"]


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=8, seed=48, careless_share=0)
    for c in INS.coded_columns:
        b[c] = pd.to_numeric(b[c]).fillna(3).clip(1, 5).astype(int)
    return b.astype(object)


def _run(p, tmp_path, capsys):
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "Traceback" not in out
    rc = main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
               "--store", str(tmp_path / "store")])
    capsys.readouterr()
    assert rc == 0
    stored = pd.read_parquet(next((tmp_path / "store").rglob("responses.parquet")))
    return out, stored


def _answers(frame):
    return frame[COLS].astype(float).to_numpy()


def test_gb18030_with_full_width_digits(base, tmp_path, capsys):
    b = base.copy()
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    for c in ("env1", "staff1", "overall"):
        b.loc[::3, c] = b.loc[::3, c].astype(str).str.translate(fw)
    p = tmp_path / "满意度_gb18030.csv"
    b.to_csv(p, index=False, encoding="gb18030")
    raw = p.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and any(d.encode("gb18030") in raw for d in "１２３４５")
    out, stored = _run(p, tmp_path, capsys)
    assert len(stored) == len(base)
    np.testing.assert_array_equal(_answers(stored), _answers(base))


def test_scale_as_words_in_some_rows(base, tmp_path, capsys):
    b = base.copy()
    words = {5: "非常满意", 4: "满意", 3: "一般", 2: "不满意", 1: "非常不满意"}
    for c in ("overall", "staff2"):
        b.loc[::2, c] = b.loc[::2, c].map(words)
    p = tmp_path / "words.csv"
    b.to_csv(p, index=False, encoding="utf-8")
    out, stored = _run(p, tmp_path, capsys)
    np.testing.assert_array_equal(_answers(stored), _answers(base))
    said = [s for s in out.splitlines() if "读作代码" in s]
    assert said and all("read as code" in s for s in said)
    assert {w for w in words.values() if (b[["overall", "staff2"]] == w).any().any()} == \
        {s.split("「")[1].split("」")[0] for s in said}


def test_xlsx_two_row_header_and_a_notes_sheet(base, tmp_path, capsys):
    zh = dict(zip(INS.items_frame()["column"], INS.items_frame()["zh"]))
    cols = list(base.columns)
    top = pd.DataFrame([[zh.get(c, c) for c in cols]], columns=cols)
    body = pd.concat([pd.DataFrame([cols], columns=cols), base], ignore_index=True)
    p = tmp_path / "delivery.xlsx"
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"说明": ["2025年营业厅满意度调查", "第一行为题目，第二行为代码", "98=不知道 99=拒答"]}).to_excel(
            w, sheet_name="说明", index=False)
        pd.concat([top, body], ignore_index=True).to_excel(w, sheet_name="数据", index=False, header=False)
    out, stored = _run(p, tmp_path, capsys)
    assert "「说明」" in out and "not a data sheet" in out
    assert "第 2 行是表头的第二行" in out and "row 2 is a second header row" in out
    assert len(stored) == len(base)
    np.testing.assert_array_equal(_answers(stored), _answers(base))


def test_sav_with_labels_and_user_missing_codes(base, tmp_path, capsys):
    pyreadstat = pytest.importorskip("pyreadstat")
    s = base.copy()
    for c in s.columns:
        if c in INS.coded_columns:
            s[c] = s[c].astype(float)
    s["weight"] = s["weight"].astype(float)
    if "duration_s" in s:
        s["duration_s"] = pd.to_numeric(s["duration_s"], errors="coerce")
    s = s.infer_objects()
    s.loc[1, "env1"], s.loc[2, "staff1"], s.loc[3, "overall"] = 98, 99, -1
    lab = {1: "非常不满意", 2: "不满意", 3: "一般", 4: "满意", 5: "非常满意", 98: "不知道", 99: "拒答", -1: "未回答"}
    p = tmp_path / "delivery.sav"
    pyreadstat.write_sav(s, str(p), variable_value_labels={c: lab for c in INS.coded_columns},
                         missing_ranges={c: [98, 99, -1] for c in INS.coded_columns})
    out, stored = _run(p, tmp_path, capsys)
    want = _answers(base)
    want[1, 0] = want[2, 1] = want[3, 4] = 9          # the instrument's missing code
    np.testing.assert_array_equal(_answers(stored), want)
    for col, row in (("env1", 2), ("staff1", 3), ("overall", 4)):
        line = next(x for x in out.splitlines() if f"列 column {col} " in x and "缺失代码" in x)
        assert f"第 {row} 行" in line and f"rows {row}" in line and "user-missing" in line
