"""survey42: a CSV row with a decimal comma left unquoted in a comma-separated file (a weight 1,25) has one field too
many; when its last column (the comment) was blank, the reader took the extra blank field for a trailing delimiter,
dropped it and read the row shifted: weight 1, every answer under the next question's name, counted as a valid
respondent without a word.  Now a row longer than the header is cut back only when the header line has the same
trailing delimiters (a spreadsheet's used range) or every data row has them alike (an export's style); otherwise it
is refused as a ragged row, naming its fields and the fix (quote the value)."""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0)
    return b.drop(columns=["customer_type", "duration_s"]).assign(comment="").astype(str)


def _write(path, header, rows, end=""):
    path.write_text("\n".join([",".join(header) + end] + [",".join(r) + end for r in rows]) + "\n", encoding="utf-8")
    return path


def test_a_row_split_by_an_unquoted_decimal_comma_is_refused_not_read_shifted(base, tmp_path):
    rows = base.values.tolist()
    rows[3][list(base.columns).index("weight")] = "1,5"
    chk = parse_delivery(_write(tmp_path / "d.csv", list(base.columns), rows), INS, year=2025, screen=False)
    bad = chk.errors[chk.errors.row == 5]
    assert bad.code.tolist() == ["ragged_row"]                       # before: no error, the row read shifted
    assert "1,5" in bad.value.iloc[0] and "引号" in bad.fix_zh.iloc[0] + bad.problem_zh.iloc[0]
    assert base.respondent_id.iloc[3] not in set(chk.valid.respondent_id)
    assert len(chk.valid) == len(base) - 1


@pytest.mark.parametrize("header_too", [True, False])
def test_trailing_delimiters_on_every_line_are_still_blank_cells(base, tmp_path, header_too):
    p = tmp_path / "t.csv"
    rows = base.values.tolist()
    p.write_text("\n".join([",".join(base.columns) + (",," if header_too else "")]
                           + [",".join(r) + ",," for r in rows]) + "\n", encoding="utf-8")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(base)
    assert chk.valid.env1.tolist() == pd.to_numeric(base.env1).astype(float).tolist()
