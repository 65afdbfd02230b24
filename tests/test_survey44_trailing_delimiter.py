"""survey44: a delivery whose every data row ends with a delimiter its header lacks (Excel's and some survey
platforms' exports) was refused on every row when the weights were whole numbers before an answer (reading43 named
both readings, a decimal comma split or a trailing delimiter, and read neither).  A valid delivery is not refused:
when every data row has one field more than the header, blank on every row, and nothing shows a split weight, the
file is read as a trailing delimiter and said so once.  A weight split by a decimal comma is still refused where the
rows show it: the trailing reading would put a fraction off the scale into the next item, or the last item's answers
into the comment on every row."""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import check_delivery, parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0)
    return b.drop(columns=["customer_type", "duration_s"]).astype(str)


def _write(path, frame, end=""):
    lines = [",".join(frame.columns)] + [",".join(r) + end for r in frame.values.tolist()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_whole_weights_before_an_answer_with_a_trailing_comma_are_read_and_said_once(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))], comment="")
    chk = parse_delivery(_write(tmp_path / "d.csv", frame, end=","), INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(frame)              # before: every row refused
    assert chk.valid.weight.tolist() == [10.0 + i for i in range(len(frame))]
    assert chk.valid.env1.tolist() == pd.to_numeric(frame.env1).astype(float).tolist()
    note = chk.problems[chk.problems.code == "trailing_delimiter"]
    assert len(note) == 1 and note.severity.item() == "warning"
    assert note.problem_zh.item().startswith("每个数据行末尾") and "trailing delimiter" in note.problem_en.item()


def test_comments_with_text_and_a_trailing_comma_are_read_in_their_column(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))],
                        comment=["很好" if i % 3 == 0 else "" for i in range(len(base))])
    path = _write(tmp_path / "d.csv", frame, end=",")
    said = check_delivery(path, INS, year=2025, screen=False)         # the firm's check: a note, no error
    assert said.code.tolist() == ["trailing_delimiter"] and "d.csv" in said.file.item()
    chk = parse_delivery(path, INS, year=2025, screen=False)
    assert chk.errors.empty and len(chk.valid) == len(frame)
    assert chk.valid.comment.fillna("").tolist() == frame.comment.tolist()
    assert chk.valid.overall.tolist() == pd.to_numeric(frame.overall).astype(float).tolist()


def test_a_header_as_long_as_its_rows_has_no_note(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))], comment="")
    chk = parse_delivery(_write(tmp_path / "d.csv", frame), INS, year=2025, screen=False)
    assert chk.errors.empty and "trailing_delimiter" not in set(chk.problems.code)


def test_a_split_weight_whose_fractions_are_on_the_scale_is_still_refused(base, tmp_path):
    # 1,5 and 2,5: the trailing reading would put 5 into env1 (on the scale) and the overall answers into the
    # comment on every row; the split is shown by the comment, refused as reading43 refused it
    frame = base.assign(weight=[f"{i % 3 + 1},5" for i in range(len(base))], comment="")
    chk = parse_delivery(_write(tmp_path / "d.csv", frame), INS, year=2025, screen=False)
    assert len(chk.valid) == 0 and (chk.errors.code == "decimal_comma_split").sum() == 1
    assert "trailing_delimiter" not in set(chk.problems.code)


def test_a_non_empty_extra_field_is_refused_row_by_row(base, tmp_path):
    frame = base.assign(weight=[f"{i % 3 + 1},5" for i in range(len(base))], comment="好")
    chk = parse_delivery(_write(tmp_path / "d.csv", frame), INS, year=2025, screen=False)
    assert len(chk.valid) == 0 and (chk.errors.code == "ragged_row").sum() == len(frame)


def test_a_utf16_tab_file_with_a_trailing_tab_names_the_tab(base, tmp_path, capsys):
    from windoweval.cli import main

    frame = base.assign(weight=[str(10 + i) for i in range(len(base))], comment="")
    p = tmp_path / "d.txt"
    p.write_bytes(("\n".join(["\t".join(frame.columns)] + ["\t".join(r) + "\t" for r in frame.values.tolist()])
                   + "\n").encode("utf-16"))
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "分隔符制表符（Tab）" in out and "a tab written at the end of every row" in out and "\t" not in out
