"""review47: verdicts47b's ``never_called`` option and readings47's ``[params]`` under a clause's old id meet in
:func:`windoweval.waiting.waiting_times`: the option set under the clause's old id (its ``aliases``) must decide
as it does under the new id, and the new and old ids saying different things must be refused, not one of them
applied in silence."""
import shutil

import pandas as pd
import pytest

from windoweval import paths
from windoweval.records import validate
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.waiting import waiting_times

WINDOWS = [{"id": "HBIL", "name": "挂号收费室", "kind": "hospital_billing"}]
OLD = "hospital_commitments.billing.07"


@pytest.fixture
def renumbered(tmp_path, monkeypatch):
    """The bundled standards with hospital_commitments.billing.7 given the old id billing.07."""
    d = tmp_path / "standards"
    shutil.copytree(paths.STANDARDS_DIR, d)
    f = d / "hospital_commitments.yaml"
    text = f.read_text(encoding="utf-8")
    head, tail = text.split("  - id: hospital_commitments.billing.7\n", 1)
    assert "    aliases: []\n" in tail
    f.write_text(head + "  - id: hospital_commitments.billing.7\n"
                 + tail.replace("    aliases: []\n", f"    aliases: [{OLD}]\n", 1), encoding="utf-8")
    monkeypatch.setattr(paths, "STANDARDS_DIR", d)


def _tickets(year, mins):
    t0 = pd.Timestamp(f"{year}-04-08 09:00:00")
    rows = [{"ticket_id": f"{year}{i}", "window_id": "HBIL", "ticket_at": t0 + pd.Timedelta(minutes=i),
             "called_at": None if m is None else t0 + pd.Timedelta(minutes=i + m)} for i, m in enumerate(mins)]
    df = pd.DataFrame(rows)
    return {"queue_tickets": validate(df.astype(object).where(df.notna(), None), "queue_tickets", file="case")}


def _verdict(params):
    ws = Workspace.from_dict({"name": "x", "windows": WINDOWS, "params": params})
    t = waiting_times(2025, workspace=ws, standard="hospital_commitments", records=_tickets(2025, [2, None, None]),
                      baseline_records=_tickets(2024, [3]))
    return t.set_index("measure").loc["hospital_commitments.billing.7#waiting", "verdict"]


def test_never_called_under_the_old_id_decides_as_under_the_new_one(renumbered):
    assert _verdict({}) == "insufficient"
    assert _verdict({"hospital_commitments.billing.7#waiting": {"never_called": "ignore"}}) == "shortened"
    assert _verdict({OLD + "#waiting": {"never_called": "ignore"}}) == "shortened"


def test_never_called_said_differently_under_the_new_and_old_ids_is_refused(renumbered):
    with pytest.raises(WorkspaceError) as e:
        _verdict({OLD + "#waiting": {"never_called": "ignore"},
                  "hospital_commitments.billing.7#waiting": {"never_called": "compare"}})
    assert e.value.exit_code == 3 and OLD in str(e.value) and " / " in str(e.value)
