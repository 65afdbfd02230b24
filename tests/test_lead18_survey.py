"""post_stratify and rake against a post-stratum (or margin level) whose respondents all weigh 0.

Noticed by review rev18: such a level has respondents, so the "absent from the sample" refusal passed it, and its
weights became 0 x (N / 0) = NaN: every estimate NaN (post_stratify) or every weight NaN after raking, with no word
of why.  R counts the sample by weight and stops: R 4.2.2 / survey 4.1.1

    d <- data.frame(g=c("a","a","b","b"), h=c("x","y","x","y"), y=1:4, w=c(1,1,0,0))
    des <- svydesign(ids=~1, weights=~w, data=d)
    postStratify(des, ~g, data.frame(g=c("a","b"), Freq=c(10,20)))
    rake(des, list(~g, ~h), list(data.frame(g=c("a","b"), Freq=c(10,20)), data.frame(h=c("x","y"), Freq=c(15,15))))
    # both: Error ... Some strata absent from sample: use partial=TRUE to ignore them.

Both now refuse it in both languages, naming the level and its population count.  2 tests, fail before."""
import pandas as pd
import pytest

from windoweval.survey.design import DesignError, post_stratify, rake, svydesign


def _design():
    f = pd.DataFrame({"g": ["a", "a", "b", "b"], "h": ["x", "y", "x", "y"], "y": [1.0, 2, 3, 4], "w": [1.0, 1, 0, 0]})
    return svydesign(f, ids=None, strata=None, weights="w")


def test_post_stratify_refuses_a_post_stratum_whose_respondents_all_weigh_0():
    with pytest.raises(DesignError) as e:
        post_stratify(_design(), "g", {"a": 10, "b": 20})
    msg = str(e.value)
    assert "['b']" in msg and "20" in msg and "权重都是 0" in msg and "weight 0" in msg, msg


def test_rake_refuses_a_margin_level_whose_respondents_all_weigh_0():
    with pytest.raises(DesignError) as e:
        rake(_design(), {"g": {"a": 10, "b": 20}, "h": {"x": 15, "y": 15}})
    msg = str(e.value)
    assert "'g'" in msg and "['b']" in msg and "权重都是 0" in msg and "weight 0" in msg, msg


def test_a_level_with_some_respondents_of_weight_0_is_still_adjusted():
    """The guard: a level with one respondent of weight 0 beside one of weight 1 is in the sample (R too)."""
    f = pd.DataFrame({"g": ["a", "a", "b", "b"], "y": [1.0, 2, 3, 4], "w": [1.0, 1, 0, 1]})
    d = post_stratify(svydesign(f, ids=None, strata=None, weights="w"), "g", {"a": 10, "b": 20})
    assert d.weights.tolist() == [5.0, 5.0, 0.0, 20.0]


def _delivery(tmp_path, fmt: str, lead_column_values=None):
    """A small power_hall delivery with an extra first column (no header; empty unless ``lead_column_values``)."""
    import openpyxl

    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=6, careless_share=0).astype(str)
    lead = lead_column_values or [None] * len(df)
    if fmt == "xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([None, *df.columns])
        for v, row in zip(lead, df.itertuples(index=False)):
            ws.append([v, *[None if x in ("nan", "None", "") else x for x in row]])
        p = tmp_path / "d.xlsx"
        wb.save(p)
    else:
        p = tmp_path / "d.csv"
        df.insert(0, "", [v or "" for v in lead])
        df.replace({"nan": "", "None": ""}).to_csv(p, index=False)
    return p


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_delivery_whose_data_begin_in_column_b_is_read(fmt, tmp_path):
    """Noticed by review rev18: a survey workbook whose table begins in column B (column A left empty, as a firm's
    template often does) was refused whole: "第 1 列没有列名 / column 1 has no header", an error, nothing imported. A
    column with neither a header nor a value holds nothing to lose: it is passed over.  Fails before (2)."""
    from windoweval.survey.delivery import parse_delivery

    chk = parse_delivery(_delivery(tmp_path, fmt), "power_hall")
    errors = chk.problems[chk.problems["severity"] == "error"]
    assert errors.empty, errors[["code", "problem_en"]].to_string()
    assert chk.file_ok and len(chk.responses) == 6


def test_a_column_without_a_header_that_holds_values_is_still_refused(tmp_path):
    """The guard: values under no header are somebody's data, unreadable without a name: still an error."""
    from windoweval.survey.delivery import check_delivery

    probs = check_delivery(_delivery(tmp_path, "xlsx", ["x"] * 6), "power_hall")
    assert (probs["code"].eq("missing_header") & probs["severity"].eq("error")).any()
