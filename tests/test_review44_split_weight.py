"""review44: survey44 reads a delivery whose every data row ends with one blank field its header lacks as a trailing
delimiter, unless the rows show a weight split by an unquoted decimal comma (1,5: the trailing reading would put the
fraction into the question after the weight off its scale, or the last item's answers into a last comment column).

In the template's own column order (weight, customer_type, the items, overall, duration_s, comment) the column after
the weight is customer_type, which is not a question: with the optional columns left blank, a delivery of weights
1,5 / 2,5 was read as a trailing delimiter, every answer shifted one column (env1 took customer_type's blank, overall
took conv3's answer), the fractions read as customer types, with warnings alone.  The customer type a row would hold
in the trailing reading shows the split as an answer off its scale does."""
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument
from windoweval.survey.template import template_columns

INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def base():
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=3, careless_share=0)
    cols = [c for c in template_columns(INS)["column"] if c in b.columns or c == "comment"]
    return b.assign(customer_type="", duration_s="", comment="")[cols].astype(str)


def _write(path, frame):
    lines = [",".join(frame.columns)] + [",".join(r) for r in frame.values.tolist()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_split_weight_in_the_templates_order_is_refused_not_read_shifted(base, tmp_path):
    assert list(base.columns[5:8]) == ["weight", "customer_type", "env1"]
    frame = base.assign(weight=[f"{i % 3 + 1},5" for i in range(len(base))])
    chk = parse_delivery(_write(tmp_path / "d.csv", frame), INS, year=2025, screen=False)
    assert len(chk.valid) == 0, chk.valid[["weight", "customer_type", "env1", "overall"]].head(3)
    assert (chk.errors.code == "decimal_comma_split").sum() == 1
    assert "trailing_delimiter" not in set(chk.problems.code)


def test_whole_weights_with_a_trailing_comma_in_the_templates_order_are_read(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))])
    lines = [",".join(frame.columns)] + [",".join(r) + "," for r in frame.values.tolist()]
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chk = parse_delivery(tmp_path / "d.csv", INS, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.weight.tolist() == [10.0 + i for i in range(len(frame))]
    assert chk.valid.env1.tolist() == pd.to_numeric(frame.env1).astype(float).tolist()
    assert (chk.problems.code == "trailing_delimiter").sum() == 1


def test_whole_weights_before_a_customer_type_written_as_its_code_are_read(base, tmp_path):
    frame = base.assign(weight=[str(10 + i) for i in range(len(base))],
                        customer_type=["resident" if i % 2 else "business" for i in range(len(base))])
    lines = [",".join(frame.columns)] + [",".join(r) + "," for r in frame.values.tolist()]
    (tmp_path / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chk = parse_delivery(tmp_path / "d.csv", INS, year=2025, screen=False)
    assert chk.errors.empty and chk.valid.customer_type.tolist()[:2] == ["business", "resident"]
