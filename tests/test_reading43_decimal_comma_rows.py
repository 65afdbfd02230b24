"""reading43: a comma CSV whose *every* row has an unquoted decimal-comma weight (``1,5``) and a blank last column
(the comment).  Session 42 refused such a row only when the rows were ragged; when every row has the one extra
field alike, the reader took it for a trailing delimiter on every row (an export's style), dropped it, and read the
whole file shifted: weight 1, every answer under the next question, customer types in the first item -- counted.
Nothing can tell the two readings apart (a whole weight 12 before an answer 4 reads both ways), so the file is now
refused, every row as ragged, with one problem naming both readings and the fix (a point, quotes, or ``;``)."""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0)
    return b.assign(comment="").astype(str)


def _write(path, frame, end=""):
    path.write_text("\n".join([",".join(frame.columns)] + [",".join(r) + end for r in frame.values.tolist()]) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("keep_type", [True, False])
def test_every_row_split_by_a_decimal_comma_is_refused_not_read_shifted(base, tmp_path, keep_type):
    frame = base if keep_type else base.drop(columns=["customer_type", "duration_s"])
    frame = frame.assign(weight=[f"{i % 3 + 1},{(i * 7) % 10}" for i in range(len(frame))])
    chk = parse_delivery(_write(tmp_path / "d.csv", frame), INS, year=2025, screen=False)
    assert len(chk.valid) == 0                                           # before: every row read shifted, counted
    said = chk.errors[chk.errors.code == "decimal_comma_split"]
    assert len(said) == 1 and said.value.item() == "1,0"
    assert "引号" in said.fix_zh.item() and ";" in said.fix_en.item()
    assert (chk.errors.code == "ragged_row").sum() == len(frame)


def test_whole_weights_with_a_trailing_delimiter_before_an_answer_are_read_as_a_trailing_delimiter(base, tmp_path):
    # survey44 changed this decision: refused before (both readings named); nothing in the rows shows a split weight
    # (every answer after the weight on the scale, the comment not a number on every row), so the file is read as
    # the trailing delimiter it is, said once (tests/test_survey44_trailing_delimiter.py)
    frame = base.drop(columns=["customer_type", "duration_s"]).assign(weight=[str(10 + i) for i in range(len(base))])
    chk = parse_delivery(_write(tmp_path / "d.csv", frame, end=","), INS, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.weight.tolist() == [10.0 + i for i in range(len(base))]
    assert (chk.problems.code == "trailing_delimiter").sum() == 1


def test_whole_weights_before_a_customer_type_read_one_way_only(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))])    # 12,resident: no comma split a number
    chk = parse_delivery(_write(tmp_path / "d.csv", frame, end=","), INS, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.weight.tolist() == [10.0 + i for i in range(len(base))]


@pytest.mark.parametrize("end", [",", ",,"])
def test_a_trailing_delimiter_beside_decimal_weights_is_still_a_blank_cell(base, tmp_path, end):
    chk = parse_delivery(_write(tmp_path / "d.csv", base, end=end), INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(base)
    assert chk.valid.weight.tolist() == pd.to_numeric(base.weight).tolist()


def test_a_semicolon_file_reads_the_decimal_comma(base, tmp_path):
    frame = base.assign(weight=[f"{i % 3 + 1},5" for i in range(len(base))])
    p = tmp_path / "d.csv"
    p.write_text("\n".join([";".join(frame.columns)] + [";".join(r) for r in frame.values.tolist()]) + "\n",
                 encoding="utf-8")
    chk = parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.weight.tolist()[:3] == [1.5, 2.5, 3.5]
