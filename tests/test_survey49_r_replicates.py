"""survey49: a firm's bootstrap replicate columns (svrepdesign, combined weights) by window, against R 4.2.2 /
survey 4.1.1 to 1e-12: svyvar by window (the replicate path survey49 vectorised), svymean with deff = TRUE by
window, svyciprop(method = "logit") by window (replicate refits of the intercept), svyratio by window and svyglm
quasibinomial, none pinned on a bootstrap design before. The R numbers are tests/golden/survey49_replicates_r.json,
written by tests/golden/survey49_replicates_r.R from tests/golden/survey49_replicates_data.csv
(tests/golden/survey49_make_data.py, seeded); no R is needed at test time. They agreed when pinned (no code
change)."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S

GOLDEN = Path(__file__).parent / "golden"
G = json.loads((GOLDEN / "survey49_replicates_r.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rd():
    f = pd.read_csv(GOLDEN / "survey49_replicates_data.csv", dtype={"win": str})
    return S.replicate_design(f, [c for c in f.columns if c.startswith("r")], type="bootstrap", weights="w")


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-12, atol=0)


def test_svyvar_by_window(rd):
    # R: svyby(~y, ~win, rd, svyvar, na.rm = TRUE)
    t = S.svyvar(rd, "y", by="win")
    assert t["win"].tolist() == G["var"]["win"]
    close(t["variance"], G["var"]["est"])
    close(t["se"], G["var"]["se"])


def test_svymean_deff_by_window(rd):
    # R: svyby(~y, ~win, rd, svymean, na.rm = TRUE, deff = TRUE); deff(.)
    t = S.svymean(rd, "y", by="win", deff=True)
    assert t["win"].tolist() == G["deff"]["win"]
    close(t["mean"], G["deff"]["est"])
    close(t["se"], G["deff"]["se"])
    close(t["deff"], G["deff"]["deff"])


def test_svyciprop_logit_by_window(rd):
    # R: svyby(~p, ~win, rd, svyciprop, method = "logit", vartype = c("se", "ci"))
    t = S.svyciprop(rd, "p", by="win", method="logit")
    assert t["win"].tolist() == G["ciprop"]["win"]
    close(t["mean"], G["ciprop"]["est"])
    close(t["se"], G["ciprop"]["se"])
    close(t["ci_low"], G["ciprop"]["lo"])
    close(t["ci_high"], G["ciprop"]["hi"])


def test_svyratio_by_window(rd):
    # R: svyby(~y, ~win, rd, svyratio, denominator = ~x, na.rm = TRUE)
    t = S.svyratio(rd, "y", "x", by="win")
    assert t["win"].tolist() == G["ratio"]["win"]
    close(t["ratio"], G["ratio"]["est"])
    close(t["se"], G["ratio"]["se"])


def test_svyglm_quasibinomial(rd):
    # R: svyglm(p ~ x, rd, family = quasibinomial()); coef, SE
    t = S.svyglm(rd, "p", ["x"], family="quasibinomial")
    close(t["estimate"], G["glm"]["est"])
    close(t["se"], G["glm"]["se"])
