"""`windoweval records map` on exports whose headers use another word of the same meaning (session 28).

A hospital's HIS writes 业务类别 / 患者类型 / 结束时间 where the contract says 事件类型 / 病人类别 / 完成时间: before, those
three columns were proposed as "not read" and the user had to find the contract's names by hand.  Now each is proposed
(marked for review: a synonym of the contract's header), with its codes; a header two columns could both take is
proposed for neither.
"""
import subprocess
import sys

import pytest

from windoweval.records.propose import _match

HOSPITAL = ("流水号,窗口,业务类别,患者类型,开始时间,结束时间,叫号时间\n"
            "H1,挂号1,收费,门诊,2025/3/3 8:01,2025/3/3 8:03,2025/3/3 8:00\n"
            "H2,挂号1,收费,急诊,2025/3/3 9:05,2025/3/3 9:06,2025/3/3 9:05\n")


def test_map_proposes_synonym_headers(tmp_path):
    f = tmp_path / "挂号收费明细.csv"
    f.write_text(HOSPITAL, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "windoweval", "records", "map", str(f), "--kind", "hospital_events"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert '"业务类别": event_type   # 请核对 / check: 同义于 a synonym of' in out
    assert '"患者类型": patient_kind' in out and '"结束时间": finished_at' in out
    assert '"收费": billing' in out and '"门诊": outpatient' in out and '"急诊": emergency' in out
    assert "ignore" not in out or "业务类别" not in out.split("ignore", 1)[1]


@pytest.mark.parametrize("kind, header, column", [
    ("hospital_events", "结束时刻", "finished_at"),
    ("hospital_events", "病患类别", "patient_kind"),
    ("counter_transactions", "办理结束时间", "ended_at"),
])
def test_synonyms_match(kind, header, column):
    assert _match([header], kind)[header][0] == column


def test_exact_names_win_over_synonyms():
    # the contract's own header is matched as an alias, never as a synonym
    got = _match(["完成时间", "事件类型"], "hospital_events")
    assert got == {"完成时间": ("finished_at", "alias"), "事件类型": ("event_type", "alias")}


def test_no_synonym_for_unrelated_header():
    assert "备注" not in _match(["备注"], "hospital_events")


def test_mapping_yaml_beside_toml_is_read_without_naming_it(tmp_path):
    """`records map` tells the user to keep its proposal in mapping.yaml; a windoweval.toml without `mapping_file`
    left that file unread in silence (every mapped export "no file").  Now it is read; a file named in
    `mapping_file` still wins."""
    from windoweval.records.workspace import load_workspace

    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "W1"\nname = "a"\nkind = "hospital_billing"\n',
                                             encoding="utf-8")
    assert load_workspace(tmp_path).mapping_file is None
    (tmp_path / "mapping.yaml").write_text("hospital_events:\n  file: a.csv\n", encoding="utf-8")
    ws = load_workspace(tmp_path)
    assert ws.mapping_file == "mapping.yaml" and ws.mapping()["hospital_events"].file == ["a.csv"]
    (tmp_path / "other.yaml").write_text("hospital_events:\n  file: b.csv\n", encoding="utf-8")
    (tmp_path / "windoweval.toml").write_text('name = "x"\nmapping_file = "other.yaml"\n[[windows]]\nid = "W1"\n'
                                             'name = "a"\nkind = "hospital_billing"\n', encoding="utf-8")
    assert load_workspace(tmp_path).mapping()["hospital_events"].file == ["b.csv"]


def test_code_without_value_names_the_drop_fix(tmp_path):
    """A code no contract value stands for (挂号 in a billing export, left TODO by `records map`): the refusal gives the
    `drop` entry that leaves those rows out (counted), with the export's own header."""
    import subprocess
    import sys

    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "W1"\nname = "a"\nkind = "hospital_billing"\n',
                                             encoding="utf-8")
    (tmp_path / "a.csv").write_text(HOSPITAL.replace("挂号1", "W1"), encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text('hospital_events:\n  file: a.csv\n  columns: {"业务类别": event_type}\n'
                                          '  values:\n    event_type: {"收费": billing, "挂号": TODO}\n', encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "windoweval", "records", "check", "--data", str(tmp_path)],
                       capture_output=True, text=True)
    assert p.returncode == 3
    assert 'drop: {"业务类别": ["挂号"]}' in p.stderr and "drop them" in p.stderr and "Traceback" not in p.stderr


def test_skill_group_is_proposed_as_window():
    """An ACD's 话务明细 names the call group 技能组 (the English hint `Skill Group` was known, the Chinese not)."""
    assert _match(["技能组"], "calls_95598")["技能组"][0] == "window_id"
