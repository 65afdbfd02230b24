"""survey40, as a firm: an SPSS delivery with a district column of its own (outside the template), stored as numbers
with value labels (1 = 城东区, 2 = 城西区), estimated ``--by 区县`` by the column's name.  The table showed the groups as
the bare codes 1 and 2, which no reader can tell apart; the package reads the template's labelled columns (window,
customer type) by their labels.  A labelled --by column now shows its groups by their labels, as R's
read.spss(use.value.labels = TRUE) or haven::as_factor() gives them; the estimates are the same groups' (a code
without a label stays as written)."""
import json

import numpy as np
import pandas as pd
import pytest

from windoweval.cli import main

from pathlib import Path

DATA = Path(__file__).parent / "data" / "survey"


def _sav(tmp_path, labels):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    for c in df.columns:
        if c not in ("respondent_id", "window_id", "interview_date", "stratum", "psu", "customer_type", "comment"):
            df[c] = pd.to_numeric(df[c])
    df["district"] = np.where(df["window_id"] == "PW01", 1.0, 2.0)
    df.loc[df.index[-3:], "district"] = 3.0          # three respondents of PW02 in a third district
    p = tmp_path / "交付.sav"
    pyreadstat.write_sav(df, str(p), variable_value_labels={"district": labels})
    return p


def _estimate(capsys, p):
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--by", "district",
               "--measures", "overall", "--lonely-psu", "certainty", "--format", "json"])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out))


def test_a_labelled_by_column_shows_its_labels(tmp_path, capsys):
    t = _estimate(capsys, _sav(tmp_path, {1.0: "城东区", 2.0: "城西区", 3.0: "城南区"}))
    assert t["district"].tolist() == ["全部 all", "城东区", "城南区", "城西区"]     # before: 全部 all, 1, 2, 3
    bare = _estimate(capsys, _sav(tmp_path, {}))                                  # no labels: the codes, same groups
    assert bare["district"].tolist() == ["全部 all", "1", "2", "3"]
    got = t.set_index("district").loc[["城东区", "城西区", "城南区"], ["n", "estimate", "se"]].to_numpy()
    want = bare.set_index("district").loc[["1", "2", "3"], ["n", "estimate", "se"]].to_numpy()
    np.testing.assert_allclose(got.astype(float), want.astype(float), rtol=1e-12)


def test_a_code_without_a_label_stays_as_written(tmp_path, capsys):
    t = _estimate(capsys, _sav(tmp_path, {1.0: "城东区", 2.0: "城西区"}))
    assert t["district"].tolist() == ["全部 all", "3", "城东区", "城西区"]
