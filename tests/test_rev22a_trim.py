"""rev22a: trim_weights of a replicate design holds the trimming fixed, as the linearised variance does: the
full-sample weights trimmed by R's rule and every replicate weight scaled by its row's factor (trimmed / untrimmed
weight). survey22 trimmed each replicate column by the same absolute bounds; a replicate's weights are the
full-sample weights rescaled (JKn: n_h / (n_h - 1) in the deleted PSU's stratum; bootstrap: a PSU drawn 2-3 times),
so the bound cut them far more often than the full sample's and pulled every replicate towards the full-sample
estimate: on survey20's data with the bound at the weights' 90th percentile the bootstrap SE of svymean fell from
0.135 to 0.072 and the JKn SE from 0.118 to 0.090 while the linearised SE moved from 0.116 to 0.112 (an interval
half as wide, a verdict passed on it). Golden: tests/golden/rev22a_trim_r.R (R 4.2.2, survey 4.1.1; the R call in
each entry), tolerance 1e-10."""
import json

import numpy as np
import pytest

from _survey_r import HERE, close, design_from_golden
from test_survey22_r import data
from windoweval.survey import design as D

G = json.loads((HERE / "rev22a_trim_r.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", ["jkn", "boot"])
@pytest.mark.parametrize("k", (1, 2))
def test_trim_weights_of_a_replicate_design_equals_r_with_the_trimming_held_fixed(k, kind):
    # R: pwt <- weights(trimWeights(svydesign(ids = ~1, weights = ~pw, data = data.frame(pw = pw)), upper = 45,
    #    lower = 6, strict = TRUE)); rw <- weights(rd, 'analysis') * (pwt / pw); svrepdesign(data = d,
    #    repweights = rw, weights = pwt, type = rd$type, scale = rd$scale, rscales = rd$rscales,
    #    combined.weights = TRUE); svymean(~s, ., na.rm = TRUE); svytotal(~s, ., na.rm = TRUE)
    e = G[f"set{k}"][kind]
    des = design_from_golden(data(k), e)
    t = D.trim_weights(des, upper=45, lower=6, strict=True)
    close(t.weights, e["trim"]["weights"])
    m, tot = D.svymean(t, "s"), D.svytotal(t, "s")
    close(m["mean"], e["trim"]["mean"])
    close(m["se"], e["trim"]["mean_se"])
    close(tot["total"], e["trim"]["total"])
    close(tot["se"], e["trim"]["total_se"])


@pytest.mark.parametrize("kind", ["jkn", "boot"])
@pytest.mark.parametrize("k", (1, 2))
def test_replicate_se_moves_with_the_linearised_se(k, kind):
    lin = D.svydesign(data(k), ids="psu", strata="h", weights="w")
    rep = design_from_golden(data(k), G[f"set{k}"][kind])
    up = float(np.quantile(lin.weights, 0.9))

    def ratio(des):
        return D.svymean(D.trim_weights(des, upper=up), "s")["se"].iloc[0] / D.svymean(des, "s")["se"].iloc[0]

    assert abs(ratio(rep) - ratio(lin)) < 0.05          # survey22: bootstrap 0.53 against 0.96
