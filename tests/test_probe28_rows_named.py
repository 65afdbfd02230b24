"""probe28: a grouped warning that names its rows (an answer read from its label, a placeholder read as blank, a window
read from its name: "…; rows 2, 4") was printed as about the "整列 whole column".  A problem with no row of its own
whose text names rows is now located at the rows it names; a problem of a whole column (a stratum with one PSU) still
says so."""
from pathlib import Path

from windoweval.records.problems import Problems
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def test_a_problem_naming_its_rows_is_not_about_the_whole_column():
    p = Problems.of(file="d.csv", row=[None, None, None], column=["env1", "psu", "window_id"],
                    severity="warning", code=["label_mapped", "single_psu", "window_name_read"],
                    problem_zh=["把「满意」读作代码 4（2 个答案：列 env1；第 2, 4 行）", "抽样层 'D1' 只有一个初级抽样单元",
                                "读作窗口编号 PW01（1 行：第 2月!3 行）"],
                    problem_en=["'满意' read as code 4 (2 answers: column env1; rows 2, 4)",
                                "stratum 'D1' has a single PSU", "read as window id PW01 (1 row: 2月!3)"])
    lines = p.lines().splitlines()
    assert lines[0].startswith("所列各行 the rows named | 列 column env1") and "整列" not in lines[0]
    assert lines[1].startswith("整列 whole column | 列 column psu")
    assert lines[2].startswith("所列各行 the rows named | 列 column window_id")


def test_a_delivery_check_names_the_rows_of_its_grouped_warnings(tmp_path):
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    for i in (1, 3):
        row = lines[i].split(",")
        row[head.index("env1")] = "满意"
        lines[i] = ",".join(row)
    p = tmp_path / "labels.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = D.format_problems(D.parse_delivery(p, INS, year=2025).problems)
    hit = [x for x in out.splitlines() if "满意 -> 4" in x]
    assert len(hit) == 1 and "整列" not in hit[0] and "whole column" not in hit[0]
    assert hit[0].startswith("所列各行 the rows named") and "第 2, 4 行" in hit[0] and "rows 2, 4" in hit[0]
