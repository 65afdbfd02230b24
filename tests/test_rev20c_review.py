"""rev20c: review of the safety20 merge (id_too_long, masking)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def _refused(order_id):
    df = pd.DataFrame({"order_id": [order_id, "WO2"], "window_id": ["PW01", "PW01"],
                       "order_type": ["fault_repair", "fault_repair"],
                       "received_at": ["2025-03-01 08:00", "2025-03-01 09:00"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="工单.csv")
    return e.value


# a text pasted into the id column: its mobile number runs across the 32 characters the refusal shows
PASTED = "备注:客户反映窗口排队时间过长,请尽快回电,联系电话13812345678,谢谢" * 8


def test_an_id_too_long_never_shows_part_of_a_phone_number():
    err = _refused(PASTED)
    shown = str(err)
    assert "id_too_long" in err.problems["code"].tolist()
    # no run of 5 digits or more of the number is shown (the value was cut inside it, then masked: too late)
    assert not re.search(r"1381234|13812", shown), shown


def test_an_id_too_long_states_its_fix_once():
    err = _refused("WO" + "7" * 300)
    row = err.problems[err.problems["code"] == "id_too_long"].iloc[0]
    assert row["fix_zh"] and row["fix_en"]
    assert "重新导出" not in row["problem_zh"] and "export again" not in row["problem_en"]
    assert str(err).count("export again") == 1 and str(err).count("重新导出") == 1, str(err)


@pytest.mark.parametrize("ok", ["a3f5" * 16, "R-2025-" + "0" * 249, "问卷" + "9" * 254])
def test_a_long_legitimate_id_passes(ok):
    df = pd.DataFrame({"order_id": [ok, "WO2"], "window_id": ["PW01", "PW01"],
                       "order_type": ["fault_repair", "fault_repair"],
                       "received_at": ["2025-03-01 08:00", "2025-03-01 09:00"]})
    assert validate(df, "work_orders", file="工单.csv")["order_id"].iloc[0] == ok


def test_a_shared_workspace_file_in_a_folder_anyone_can_write_is_refused(tmp_path):
    """include: the shared file's own mode was checked (o+w refused) but not its folder's: in a folder writable by
    others without the sticky bit anyone can replace the file (mv), so the settings would come from anyone."""
    from windoweval.privacy import mask_message
    from windoweval.records.workspace import WorkspaceError, load_workspace

    team = tmp_path / "team"
    team.mkdir()
    shared = team / "shared.toml"
    shared.write_text('name = "共享"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                      encoding="utf-8")
    shared.chmod(0o644)
    data = tmp_path / "张三" / "data"
    data.mkdir(parents=True)
    (data / "windoweval.toml").write_text(f'include = "{shared}"\n', encoding="utf-8")
    team.chmod(0o777)
    try:
        with pytest.raises(WorkspaceError) as e:
            load_workspace(data)
        msg = mask_message(str(e.value))
        assert "chmod o-w" in msg and "张三" not in msg
        team.chmod(0o1777)          # sticky (as /tmp): only the file's owner may replace it
        assert load_workspace(data).name == "共享"
    finally:
        team.chmod(0o755)
