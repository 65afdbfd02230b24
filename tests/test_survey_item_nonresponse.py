"""Deliveries keep every valid answer; a broken delivery gets a message naming respondent, line and fix.

The clean delivery is R's golden fixture (tests/golden/survey_fixture.csv) with every missing code of the
overall item left blank instead: R's script reads 9 and blank alike as NA, so the golden values
(tests/golden/survey_golden.json, R: svymean(~overall_idx, des, na.rm=TRUE)) hold unchanged.
"""
import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest
from _workspace import rake_margins, write_workspace

from windoweval.survey import delivery as D
from windoweval.survey import estimate as E
from windoweval.cli.survey import main
from windoweval.survey.instrument import load_instrument

GOLDEN = Path(__file__).parent / "golden"
G = json.loads((GOLDEN / "survey_golden.json").read_text(encoding="utf-8"))
INS = load_instrument("power_hall")


@pytest.fixture(scope="module")
def blanked():
    df = pd.read_csv(GOLDEN / "survey_fixture.csv", dtype=str, keep_default_na=False)
    df.loc[df["overall"] == "9", "overall"] = ""
    assert (df["overall"] == "").sum() >= 3
    return df


def write(df, tmp, fmt):
    if fmt == "csv":
        p = tmp / "d.csv"
        df.to_csv(p, index=False, encoding="utf-8")
    elif fmt == "gb18030":
        p = tmp / "d.csv"
        d2 = df.rename(columns={"respondent_id": "受访者编号", "window_id": "窗口编号", "weight": "权重"})
        p.write_bytes(d2.to_csv(index=False).encode("gb18030"))
    elif fmt == "xlsx":
        p = tmp / "d.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "说明"
        ws.append(["请在「数据」表填写 / fill in the data sheet"])
        wd = wb.create_sheet("数据")
        wd.append(list(df.columns))
        for r in df.itertuples(index=False):
            wd.append([v if (c in ("respondent_id", "psu") or not v.replace(".", "").isdigit()) else float(v)
                       for c, v in zip(df.columns, r)])
        wb.save(p)
    else:
        p = tmp / "d.sav"
        d2 = df.copy()
        for c in list(INS.coded_columns) + ["weight", "duration_s"]:
            d2[c] = pd.to_numeric(d2[c].replace("", np.nan))
        pyreadstat.write_sav(d2, str(p))
    return p


@pytest.mark.parametrize("fmt", ["csv", "gb18030", "xlsx", "sav"])
def test_clean_delivery_with_item_nonresponse_checks_and_estimates_as_r(blanked, tmp_path, fmt, capsys):
    p = write(blanked, tmp_path, fmt)
    assert main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen"]) == 0
    out = capsys.readouterr().out
    if fmt == "xlsx":
        assert "工作表 sheet「说明」: 未读取" in out and "工作表 sheet「数据」: 已读取 read" in out
    chk = D.parse_delivery(p, INS, year=2025)
    assert chk.errors.empty and len(chk.valid) == 300        # every respondent kept
    api = E.satisfaction_index(chk.valid, INS).set_index("measure")
    assert main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--format", "json"]) == 0
    cli = pd.read_json(io.StringIO(capsys.readouterr().out)).set_index("measure")
    for g in G["index"]:
        # R: svymean(~<measure>_idx, des, na.rm = TRUE) on the fixture (9 and blank are both NA in R)
        np.testing.assert_allclose([api.loc[g["measure"], "estimate"], api.loc[g["measure"], "se"]],
                                   [g["estimate"], g["se"]], rtol=1e-8)
        np.testing.assert_allclose([cli.loc[g["measure"], "estimate"], cli.loc[g["measure"], "se"]],
                                   [g["estimate"], g["se"]], rtol=1e-8)
        assert api.loc[g["measure"], "n"] == g["n"]


def csv_of(df):
    return df.to_csv(index=False)


def check_text(tmp_path, text, enc="utf-8", **kw):
    p = tmp_path / "d.csv"
    p.write_bytes(text.encode(enc) if isinstance(text, str) else text)
    return D.parse_delivery(p, INS, year=2025, screen=False, **kw)


def test_typed_label_is_refused_unless_declared(blanked, tmp_path):
    # the instrument's own label is read as its code (decision: the template's codes sheet shows them); an
    # instrument with value_labels: false takes codes only and refuses it
    df = blanked.head(10).copy()
    df.loc[3, "env1"] = "满意"
    chk = check_text(tmp_path, csv_of(df))
    assert chk.errors.empty and chk.responses.loc[3, "env1"] == 4
    raw = __import__("yaml").safe_load((INS.path).read_text(encoding="utf-8"))
    raw["value_labels"] = False
    y0 = tmp_path / "codes only.yml"
    y0.write_text(__import__("yaml").safe_dump(raw, allow_unicode=True), encoding="utf-8")
    p0 = tmp_path / "d0.csv"
    p0.write_text(csv_of(df), encoding="utf-8")
    chk = D.parse_delivery(p0, y0, year=2025, screen=False)
    e = chk.errors
    assert e[["row", "line", "record_id", "column", "value", "code"]].values.tolist() == [
        [5, 5, df.loc[3, "respondent_id"], "env1", "满意", "typed_label"]]
    assert "value_labels" in e["problem_en"].iloc[0] and "code 4" in e["problem_en"].iloc[0]
    raw["value_labels"] = {"很满意": 5}
    y = tmp_path / "my instrument.yml"        # any file name: the id need not match
    y.write_text(__import__("yaml").safe_dump(raw, allow_unicode=True), encoding="utf-8")
    df.loc[4, "env2"] = "很满意"
    p = tmp_path / "d2.csv"
    p.write_text(csv_of(df), encoding="utf-8")
    chk = D.parse_delivery(p, y, year=2025, screen=False)
    assert chk.errors.empty
    w = chk.problems[chk.problems["code"] == "label_mapped"]
    assert sorted(w["value"]) == ["很满意 -> 5", "满意 -> 4"]
    assert chk.responses.loc[3, "env1"] == 4 and chk.responses.loc[4, "env2"] == 5


def test_duplicates_exact_repeat_dropped_different_answers_refused(blanked, tmp_path):
    df = blanked.head(6).copy()
    df = pd.concat([df, df.iloc[[1]]], ignore_index=True)               # row 8 repeats row 3 exactly
    other = df.iloc[[2]].copy()
    other["env1"] = "1" if other["env1"].iloc[0] != "1" else "2"
    df = pd.concat([df, other], ignore_index=True)                      # row 9: id of row 4, other answers
    chk = check_text(tmp_path, csv_of(df))
    assert chk.dropped_rows == [8]
    assert chk.errors[["row", "code"]].values.tolist() == [[9, "duplicate_id"]]
    assert "row 4 is kept" in chk.errors["problem_en"].iloc[0]
    assert len(chk.valid) == 6


def test_unknown_window_refused_from_the_workspace(blanked, tmp_path, capsys):
    ws = write_workspace(tmp_path / "ws", [("PW01", "a", "power_hall")])
    p = tmp_path / "d.csv"
    p.write_text(csv_of(blanked.head(12)), encoding="utf-8")
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--data", str(ws), "--no-screen"])
    out = capsys.readouterr().out
    bad = blanked.head(12)["window_id"].ne("PW01")
    assert bad.any() and rc == 1 and "unknown window id" in out and "known: PW01" in out


def test_big5_posing_as_gb18030_is_refused(blanked, tmp_path):
    df = blanked.head(5).copy()
    df["comment"] = "排隊時間太長，服務態度還可以，希望增加窗口"
    text = csv_of(df.rename(columns={"respondent_id": "受訪者編號"}))
    p = tmp_path / "d.csv"
    p.write_bytes(text.encode("big5"))
    with pytest.raises(D.DeliveryError, match="Big5"):
        D.read_delivery(p, INS)


def test_over_long_field_unclosed_quote_and_inf(blanked, tmp_path):
    df = blanked.head(5).copy()
    df["comment"] = ""
    df.loc[2, "comment"] = "长" * 200_000
    with pytest.raises(D.DeliveryError, match="limit"):
        check_text(tmp_path, csv_of(df))
    lines = csv_of(blanked.head(8)).splitlines()
    lines[3] = lines[3].replace(",", ',"', 1)                         # a quote opened on file line 4, never closed
    chk = check_text(tmp_path, "\n".join(lines) + "\n")
    e = chk.errors
    assert "unclosed_quote" in set(e["code"]) and not chk.file_ok
    assert e.loc[e["code"] == "unclosed_quote", "line"].iloc[0] == 4
    df = blanked.head(5).copy()
    df.loc[1, "weight"] = "inf"
    df.loc[2, "env1"] = "inf"
    e = check_text(tmp_path, csv_of(df)).errors
    assert e[["row", "column", "code"]].values.tolist() == [[3, "weight", "not_finite"]]
    chk = check_text(tmp_path, csv_of(df))          # an item's inf is refused as that answer alone (audit30)
    w = chk.problems[(chk.problems["code"] == "not_finite") & (chk.problems["column"] == "env1")]
    assert w[["row", "severity"]].values.tolist() == [[4, "warning"]] and chk.rejected_rows == [3]


def test_line_differs_from_row_when_a_value_spans_lines(blanked, tmp_path):
    df = blanked.head(5).copy()
    df["comment"] = ""
    df.loc[0, "comment"] = "第一行\n第二行"
    df.loc[2, "weight"] = "0"
    e = check_text(tmp_path, csv_of(df)).errors
    assert e[["row", "line", "record_id"]].values.tolist() == [[4, 5, df.loc[2, "respondent_id"]]]


def test_two_data_sheets_are_refused_not_half_read(blanked, tmp_path):
    p = tmp_path / "d.xlsx"
    wb = openpyxl.Workbook()
    for i, name in enumerate(["PW01", "PW02"]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        ws.append(list(blanked.columns))
        for r in blanked.iloc[i * 3:(i + 1) * 3].itertuples(index=False):
            ws.append(list(r))
    wb.save(p)
    # left19x #1: a sheet a window under one header was refused as two data sheets; now every sheet is read as one
    # delivery (never half read), each row named sheet!row (tests/test_left19_exports.py)
    dl = D.read_delivery(p, INS)
    assert dl.sheets == {"PW01": "read", "PW02": "read"} and len(dl.frame) == 6


def test_store_lives_in_the_workspace_and_keeps_the_instrument(blanked, tmp_path, capsys):
    ws = write_workspace(tmp_path / "ws", [(w, w, "power_hall") for w in sorted(blanked["window_id"].unique())])
    ins_copy = tmp_path / "问卷 2025.yaml"
    ins_copy.write_bytes(INS.path.read_bytes())
    p = tmp_path / "d.csv"
    p.write_text(csv_of(blanked), encoding="utf-8")
    assert main(["survey", "import", str(p), "--instrument", str(ins_copy), "--year", "2025", "--data", str(ws)]) == 0
    ins_copy.unlink()                                                  # the store needs nothing more
    assert (ws / "surveys" / "manifest.json").exists()
    capsys.readouterr()
    assert main(["survey", "estimate", "power_hall_2025", "--data", str(ws), "--format", "json",
                 "--measures", "overall"]) == 0
    t = pd.read_json(io.StringIO(capsys.readouterr().out))
    g = next(x for x in G["index"] if x["measure"] == "overall")
    np.testing.assert_allclose(t["estimate"].iloc[0], g["estimate"], rtol=1e-8)


def test_template_without_instrument_lists_them(capsys):
    assert main(["survey", "template"]) == 0
    out = capsys.readouterr().out
    assert "power_hall" in out and "hospital_window" in out


def test_estimate_design_options_on_the_command_line(tmp_path, capsys):
    """--deff, --fpc, --poststratify, --level, --by: the command line gives the API's figures."""
    from windoweval.survey import design as DS

    src = GOLDEN / "survey_fixture.csv"
    chk = D.parse_delivery(src, INS, year=2025)
    data = chk.valid
    f = src
    pop = tmp_path / "visits.csv"                       # each window's visits in the year
    wins = sorted(data["window_id"].unique())
    pd.DataFrame({"window_id": wins, "Freq": [10000 + 1000 * i for i in range(len(wins))]}).to_csv(pop, index=False)
    rc = main(["survey", "estimate", str(f), "--instrument", "power_hall", "--measures", "overall", "--deff",
               "--poststratify", str(pop), "--level", "0.9", "--by", "window_id", "--format", "csv"])
    out = capsys.readouterr().out
    assert rc == 0
    t = pd.read_csv(io.StringIO(out), dtype={"window_id": str})
    d = DS.post_stratify(DS.svydesign(chk.valid, lonely_psu="fail"), "window_id",
                         pd.read_csv(pop, dtype={"window_id": str}))
    sc = E.score_responses(d.frame, INS)[["overall"]]
    api = DS.svymean(d, sc, level=0.9, deff=True)
    row = t[t["window_id"] == "全部 all"].iloc[0]
    np.testing.assert_allclose([row["estimate"], row["se"], row["deff"], row["deff_replace"], row["ci_low"]],
                               api[["mean", "se", "deff", "deff_replace", "ci_low"]].iloc[0].to_numpy(float),
                               rtol=1e-12)
    by = DS.svymean(d, sc, by="window_id", level=0.9, deff=True)
    np.testing.assert_allclose(t[t["window_id"] != "全部 all"]["estimate"].to_numpy(float), by["mean"], rtol=1e-12)


def test_estimate_alpha_drivers_and_previous_year(tmp_path, capsys):
    src = GOLDEN / "survey_fixture.csv"
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--alpha", "--format", "json"]) == 0
    a = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert "alpha" in a.columns and len(a) == 5
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--drivers", "--format", "json"]) == 0
    d = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert set(d["dimension"]) == {x.id for x in INS.dimensions}
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--previous", str(src),
                 "--measures", "overall", "--format", "json"]) == 0
    y = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert y.loc[0, "diff"] == 0 and y.loc[0, "p_value"] == 1


def test_window_margins_are_z_times_r_se(capsys, tmp_path):
    from windoweval.survey.fieldwork import window_margins

    chk = D.parse_delivery(GOLDEN / "survey_fixture.csv", INS, year=2025)
    t = window_margins(chk.valid, INS, plan=70)
    g = next(x for x in G["index_by_window"] if x["measure"] == "overall")
    # R: svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE); margin = qnorm(0.975) * SE
    assert t["window_id"].tolist() == g["window_id"]
    np.testing.assert_allclose(t["margin"], 1.959963984540054 * np.asarray(g["se"]), rtol=1e-8)
    n = chk.valid.groupby("window_id").size().to_numpy()
    assert t["plan_met"].tolist() == (n >= 70).tolist()
    c = tmp_path / "contacts.csv"
    pd.DataFrame({"window_id": g["window_id"], "contacts": n * 2}).to_csv(c, index=False)
    assert main(["survey", "estimate", str(GOLDEN / "survey_fixture.csv"), "--instrument", "power_hall",
                 "--margins", "--plan", "70", "--contacts", str(c), "--format", "json"]) == 0
    out = pd.read_json(io.StringIO(capsys.readouterr().out), dtype={"window_id": str})
    np.testing.assert_allclose(out["response_rate"], 0.5)


def test_workbook_with_a_title_row_above_the_header(blanked, tmp_path):
    p = tmp_path / "d.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "满意度调查数据"
    ws.append(["2025年度供电营业厅满意度调查 / 2025 survey"])
    ws.append(list(blanked.columns))
    for r in blanked.head(10).itertuples(index=False):
        ws.append(list(r))
    wb.save(p)
    chk = D.parse_delivery(p, INS, year=2025, screen=False)
    assert chk.errors.empty and chk.responses["row"].tolist() == list(range(3, 13))


def test_estimate_rake_and_calibrate_on_the_command_line(tmp_path, capsys):
    from windoweval.survey import design as DS

    src = GOLDEN / "survey_fixture.csv"
    chk = D.parse_delivery(src, INS, year=2025)
    wins = sorted(chk.valid["window_id"].unique())
    types = sorted(chk.valid["customer_type"].dropna().unique())
    assert chk.valid["customer_type"].notna().all()
    rk = rake_margins(tmp_path, wins, types)
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--measures", "overall",
                 "--rake", str(rk), "--format", "json"]) == 0
    t = pd.read_json(io.StringIO(capsys.readouterr().out))
    d = DS.rake(DS.svydesign(chk.valid), {"window_id": dict.fromkeys(wins, 9000.0),
                                         "customer_type": dict.fromkeys(types, 9000.0 * len(wins) / len(types))},
                maxit=100, epsilon=1e-10)     # as the command rakes: to convergence
    api = DS.svymean(d, E.score_responses(d.frame, INS)[["overall"]])
    np.testing.assert_allclose(t[["estimate", "se"]].iloc[0].to_numpy(float), api[["mean", "se"]].iloc[0], rtol=1e-12)
    cal = tmp_path / "totals.csv"
    pd.DataFrame({"term": ["(Intercept)", "duration_s"], "total": [54000.0, 54000.0 * 300]}).to_csv(cal, index=False)
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--measures", "overall",
                 "--calibrate", str(cal), "--format", "json"]) == 0
    t = pd.read_json(io.StringIO(capsys.readouterr().out))
    d = DS.calibrate(DS.svydesign(chk.valid), ["duration_s"], {"(Intercept)": 54000.0, "duration_s": 54000.0 * 300})
    assert abs(d.weights.sum() - 54000) < 1e-6
    api = DS.svymean(d, E.score_responses(d.frame, INS)[["overall"]])
    np.testing.assert_allclose(t[["estimate", "se"]].iloc[0].to_numpy(float), api[["mean", "se"]].iloc[0], rtol=1e-12)
