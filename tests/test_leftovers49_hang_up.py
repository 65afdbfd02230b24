"""leftovers49: the 95598 hang-up reasons sessions 47-48 left.

* ``records map`` gave 振铃未接 and 转接 a plain TODO: each now carries what decides it (振铃未接: rang at an agent who
  did not pick up, in the queue, abandoned if the caller then hung up; 转接: transferred, the answer time decides).
* A hang-up code left TODO (or given no value of the contract) was refused with ``drop`` as the fix: mapping it to
  abandoned / answered / other is said first; drop only for rows that are no calls.
"""
import yaml

from _workspace import POWER, run_cli, write_workspace
from test_hangup48_calls import _ROWS, _export
from windoweval.records.propose import propose

_MORE = ["C7,CC95598,2025-03-04 09:00:00,,2025-03-04 09:00:50,振铃未接",
         "C8,CC95598,2025-03-04 09:10:00,2025-03-04 09:10:30,2025-03-04 09:15:00,转接",
         "C9,CC95598,2025-03-04 09:20:00,,2025-03-04 09:20:40,坐席未接"]


def _line(text, code):
    return next(x for x in text.splitlines() if x.strip().startswith(f'"{code}"'))


def test_rang_unanswered_and_transferred_are_asked_with_what_decides_them(tmp_path):
    text = propose(_export(tmp_path, [*_ROWS, *_MORE]), "calls_95598")
    for code in ("振铃未接", "坐席未接"):
        line = _line(text, code)
        assert ": TODO" in line and "坐席未接起" in line and "abandoned if the caller then hung up" in line, line
    line = _line(text, "转接")
    # 转接 is proposed other (newuser49: the contract's own reading), with what decides it beside it (before: plain)
    assert ": other" in line and "由接听时间判断" in line and "the answer time decides" in line, line
    assert yaml.safe_load(text)["calls_95598"]["values"]["hang_up"]["正常结束"] == "answered"


def test_a_todo_hang_up_code_is_refused_with_its_mapping_first(tmp_path):
    write_workspace(tmp_path, POWER, mapping_file="mapping.yaml")
    f = _export(tmp_path, [*_ROWS, *_MORE])
    (tmp_path / "mapping.yaml").write_text(propose(f, "calls_95598"), encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode != 0 and "Traceback" not in out
    assert "values.hang_up" in out and "abandoned" in out and "answered" in out and "other" in out
    i_map, i_drop = out.find("请在 values.hang_up 中写出"), out.find("drop")
    assert i_map >= 0 and (i_drop < 0 or i_map < i_drop), out[-2000:]     # before: drop the only fix offered


def test_an_answered_call_marked_abandoned_is_listed_not_refused(tmp_path):
    """A call with an answer time whose hang-up reason says abandoned is judged by the answer (hang_up is read only
    where answered_at is blank): kept, and a note (中文 / English) gives the count and the first rows' lines, in
    records check and in score; before, nothing listed the contradiction."""
    write_workspace(tmp_path, POWER, mapping_file="mapping.yaml")
    rows = [*_ROWS, "C5,CC95598,2025-03-04 08:40:00,2025-03-04 08:40:06,2025-03-04 08:45:00,排队中挂机"]
    f = _export(tmp_path, rows)
    (tmp_path / "mapping.yaml").write_text(propose(f, "calls_95598"), encoding="utf-8")
    r = run_cli("records", "check", "--data", str(tmp_path), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    line = next(x for x in out.splitlines() if "挂机原因却是放弃" in x)
    assert "有 1 个来电" in line and "第 6 行" in line and "line 6" in line and "judged answered" in line, line
    r = run_cli("score", "--year", "2025", "--data", str(tmp_path), "--standard", "power_window", cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    assert "挂机原因却是放弃" in out and "line 6" in out
    from windoweval.records.files import load_files
    from windoweval.records.workspace import load_workspace

    got = load_files("calls_95598", [f], load_workspace(tmp_path).mapping()["calls_95598"]).frame
    assert got.set_index("call_id").loc["C5", "hang_up"] == "abandoned"   # kept as written, judged by answered_at
