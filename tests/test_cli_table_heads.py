"""Every table the evaluation commands print is headed in Chinese with English alongside (the developers' guide:
"Chinese first, English alongside, for every text a user reads"), and a yes/no cell reads 是/否, not Python's
True/False.  Session 17's review found the ``complaints`` command's open-cases and repeat-complaint tables printed
with the DataFrame's own column names (``case_id``, ``days_overdue``, ``customer_key`` ...); ``review`` printed
``symposiums_ok``, ``eligible``, ``failed_criteria`` ... the same way."""
import re

import pytest

from tests._workspace import ROOT, run_cli

CJK = re.compile(r"[\u4e00-\u9fff]")
WINDOW_IDS = re.compile(r"^[A-Z][A-Z0-9]*\d(?: [A-Z][A-Z0-9]*\d)*$")


def _heads(out: str) -> list[list[str]]:
    """The heads of each table printed under a ``== title ==`` line or a blank line (the line after it, when it is
    not text): pandas puts two spaces or more between columns, one inside a head (``回访率 callback rate``)."""
    lines = out.splitlines()
    heads = []
    for i, line in enumerate(lines[:-1]):
        if i == 0 and not line.startswith("== ") and "  " in line.strip():
            heads.append(re.split(r"\s{2,}", line.strip()))
        if (line.startswith("== ") and line.rstrip().endswith("==")) or not line.strip():
            nxt = lines[i + 1]
            if nxt.strip() and not nxt.strip().startswith("(") and "  " in nxt.strip():
                heads.append(re.split(r"\s{2,}", nxt.strip()))
    return heads


@pytest.mark.parametrize("command", ["complaints", "review", "promises", "waiting", "score", "standards coverage",
                                     "standards list"])
def test_every_printed_table_is_headed_in_both_languages(command, tmp_path):
    args = command.split() + (["--year", "2025"] if " " not in command else [])
    args += ["--standard", "power_window", "--out", str(tmp_path)] if command == "score" else []
    r = run_cli(*args, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    heads = _heads(r.stdout)
    assert heads, r.stdout[:2000]
    # the scorecard grid's heads are the windows' own ids (PW01, CC95598): data, not names
    raw = sorted({h for head in heads for h in head if not CJK.search(h) and not WINDOW_IDS.match(h)})
    assert not raw, f"{command}: column names printed as the code names them: {raw}"
    assert not re.search(r"\b(True|False)\b", r.stdout), f"{command}: a yes/no cell printed as True/False"


@pytest.mark.parametrize("options", ["", "--stat rate", "--deff", "--drivers", "--alpha", "--margins", "--by window_id",
                                     "--previous"])
def test_survey_estimate_tables_are_headed_in_both_languages(options, tmp_path):
    """``survey estimate`` printed its tables (``--format table``, the default) with the column names
    (measure, estimate, se, ci_low, deff_replace, p_value, significant True/False ...); CSV and JSON keep them."""
    r = run_cli("survey", "demo", "--out", str(tmp_path), "--years", "2024", "2025", "--n-per-window", "20", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    f = str(tmp_path / "power_hall_2025.csv")
    opts = options.split() + ([str(tmp_path / "power_hall_2024.csv")] if options == "--previous" else [])
    r = run_cli("survey", "estimate", f, "--instrument", "power_hall", *opts, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    head = next(line for line in r.stdout.splitlines() if "  " in line.strip() and "/" not in line)
    raw = [h for h in re.split(r"\s{2,}", head.strip()) if not CJK.search(h)]
    assert not raw, f"survey estimate {options}: column names printed as the code names them: {raw}"
    assert not re.search(r"\b(True|False)\b", r.stdout), "a yes/no cell printed as True/False"
    j = run_cli("survey", "estimate", f, "--instrument", "power_hall", *opts, "--format", "csv", cwd=ROOT)
    assert j.returncode == 0 and j.stdout.splitlines()[0].startswith(("measure", "window_id", "dimension")), j.stdout[:300]
