"""Writes tests/golden/survey42_data.sav: survey41's delivery (survey41_data.csv) as a survey firm's SPSS system
delivers it (no arguments writes the stored file, one argument writes that path instead).

* the questions are variables Q1 … Q18, their variable labels the questions' text (the instrument's 题目原文), not our
  item codes;
* the firm's system codes every question the other way, its value labels saying so in the instrument's words
  (1 = 非常满意 … 5 = 非常不满意; agreement: 1 = 非常同意 … 5 = 非常不同意): each answer v of survey41 written 6 - v;
* don't know / not applicable (survey41's 9) written 98 不适用 on even rows, 99 拒答 on odd ones, both declared
  user-missing (SPSS MISSING VALUES 98 99), a blank left system-missing;
* the weight numeric, the window a numeric code labelled with its id (1 = PW01 …).

survey42_survey_r.R reads this file with haven::read_sav(user_na = FALSE) (R's own reading of the user-missing
declaration: NA) and turns the codes back (6 - x) before scoring.
"""
import sys
from pathlib import Path

import pandas as pd
import pyreadstat

HERE = Path(__file__).parent
ITEMS = ["env1", "env2", "env3", "staff1", "staff2", "staff3", "staff4", "eff1", "eff2", "eff3", "eff4",
         "info1", "info2", "info3", "conv1", "conv2", "conv3", "overall"]
AGREEMENT = {"staff3", "eff3"}
SAT = {1.0: "非常满意", 2.0: "满意", 3.0: "一般", 4.0: "不满意", 5.0: "非常不满意", 98.0: "不适用", 99.0: "拒答"}
AGR = {1.0: "非常同意", 2.0: "同意", 3.0: "一般", 4.0: "不同意", 5.0: "非常不同意", 98.0: "不适用", 99.0: "拒答"}
HALLS = ["PW01", "PW02", "PW03", "PW04", "PW05", "PW06", "PW07"]


def main(target: Path) -> None:
    import yaml

    ins = yaml.safe_load((HERE.parents[1] / "surveys" / "instruments" / "power_hall.yaml").read_text(encoding="utf-8"))
    text = {it["id"]: it["zh"] for it in ins["items"]}
    text["overall"] = ins["overall"]["zh"]
    d = pd.read_csv(HERE / "survey41_data.csv", dtype=str, keep_default_na=False)
    out = d[["respondent_id", "window_id", "interview_date", "stratum", "psu"]].copy()
    code = {w: float(i + 1) for i, w in enumerate(HALLS)}
    out["window_id"] = d["window_id"].map(code)
    out["weight"] = d["weight"].astype(float)
    out["customer_type"] = d["customer_type"]
    labels, var_labels, names = {"window_id": {code[w]: w for w in HALLS}}, {}, []
    for i, it in enumerate(ITEMS):
        q = f"Q{i + 1}"
        v = pd.to_numeric(d[it].replace("", float("nan")), errors="coerce")
        missing = [98.0 if r % 2 == 0 else 99.0 for r in range(len(d))]
        out[q] = (6 - v).where(v != 9, pd.Series(missing, index=d.index))
        labels[q] = AGR if it in AGREEMENT else SAT
        var_labels[q] = text[it]
        names.append(q)
    col_labels = [var_labels.get(c, c) for c in out.columns]
    pyreadstat.write_sav(out, str(target), column_labels=col_labels, variable_value_labels=labels,
                         missing_ranges={q: [98.0, 99.0] for q in names})


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "survey42_data.sav")
