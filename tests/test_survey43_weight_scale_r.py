"""survey43: firms deliver weights on two scales: expansion weights (each respondent's people, summing to the
population) or the same weights normalised to the number of respondents (summing to n).  The estimate from either
equals R's (R 4.2.2, survey 4.1.1) to 1e-10, R's two equal each other (a mean is a ratio of weighted totals), and the
note said with the weights (once: at import, or on an estimate from a file) now says which scale the file's weights
are read as and that the means, rates and their standard errors do not depend on it; before, it said nothing of the
scale (the estimates unchanged).  Golden values from tests/golden/survey43_survey_r.R on tests/golden/survey41_data.csv
(stored JSON; reruns under WINDOWEVAL_RERUN_R=1):

    des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
    d$weight <- d$weight * nrow(d) / sum(d$weight)     # the normalised file
"""
import json
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.instrument import load_instrument

from _survey_r import close, rerun_r_test

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "survey43_survey_r.json").read_text(encoding="utf-8"))
INS = load_instrument("power_hall")
INDEX_MEASURES = ["overall", *(d.id for d in INS.dimensions), "composite"]

test_rerun_r_gives_the_stored_values = rerun_r_test("survey43", "a few seconds")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    folder = tmp_path_factory.mktemp("scales")
    w = d["weight"].astype(float)
    out = {}
    for scale, ws in (("expansion", w), ("normalised", w * len(w) / w.sum())):
        out[scale] = folder / f"{scale}.csv"
        d.assign(weight=[repr(float(x)) for x in ws]).to_csv(out[scale], index=False)
    return out


def _estimate(capsys, path, *extra):
    rc = main(["survey", "estimate", str(path), "--instrument", "power_hall", "--year", "2025", "--by", "window_id",
               "--format", "json", *extra])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    return pd.DataFrame(json.loads(cap.out)), cap.err


def test_r_gives_the_same_means_and_rates_on_either_scale():
    e, n = G["expansion"], G["normalised"]
    assert e["population"] == pytest.approx(e["weight_sum"], rel=1e-12)
    assert abs(n["population"] - e["population"]) > 1000          # a total depends on the scale
    for kind, measures in (("index", INDEX_MEASURES), ("rate", ["overall"])):
        for m in measures:
            for key in ("est", "se", "ci_low", "ci_high"):
                close(pd.Series([n[kind][m]["all"][key]]), e[kind][m]["all"][key])
                close(pd.Series(n[kind][m][key]), e[kind][m][key])


@pytest.mark.parametrize("scale", ["expansion", "normalised"])
def test_the_estimates_equal_r_on_either_scale(files, capsys, scale):
    g = G[scale]
    t, _ = _estimate(capsys, files[scale])
    for m in INDEX_MEASURES:
        rows = t[t.measure == m]
        top, win = rows[rows.window_id == "全部 all"], rows[rows.window_id != "全部 all"]
        assert win.window_id.tolist() == g["index"][m]["win"]
        for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
            close(top[col], g["index"][m]["all"][key])
            close(win[col], g["index"][m][key])
    t, _ = _estimate(capsys, files[scale], "--stat", "rate", "--measures", "overall")
    top, win = t[t.window_id == "全部 all"], t[t.window_id != "全部 all"]
    for col, key in (("rate", "est"), ("se", "se"), ("ci_low", "ci_low"), ("ci_high", "ci_high")):
        close(top[col], g["rate"]["overall"]["all"][key])
        close(win[col], g["rate"]["overall"][key])


@pytest.mark.parametrize("scale,zh,en", [
    ("expansion", "按扩展权重读取", "read as expansion weights"),
    ("normalised", "即归一化到 n 的权重", "weights normalised to n")])
def test_the_note_says_which_scale_the_weights_are_read_as(files, capsys, scale, zh, en):
    _, err = _estimate(capsys, files[scale])
    assert err.count(zh) == 1 and err.count(en) == 1                       # said once; before: neither
    assert "与权重的尺度无关" in err and "do not depend on the weights' scale" in err
    assert err.index(zh) < err.index(en)


def test_an_import_keeps_the_scale_in_the_delivery_record(files, tmp_path, capsys):
    from windoweval.survey.store import list_deliveries

    store = tmp_path / "store"
    rc = main(["survey", "import", str(files["normalised"]), "--instrument", "power_hall", "--year", "2025",
               "--store", str(store)])
    cap = capsys.readouterr()
    assert rc == 0, cap.err
    assert (cap.out + cap.err).count("即归一化到 n 的权重") == 1
    assert "即归一化到 n 的权重" in list_deliveries("power_hall_2025", store_dir=store).iloc[0]["weights_note"]
