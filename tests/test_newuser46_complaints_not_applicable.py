"""newuser46: a hospital (no power-supply hall, no 95598 centre) builds its annual report.  The complaints section
said "缺少证据 / missing evidence: put the complaints register in the records directory", and the report's index,
console and summary.json listed it among the missing evidence; but 第十三条(五)'s reply limits and callbacks are the
power-supply standard's, and a hospital's cases are never judged by them (`complaints.outside_the_rule`), so no
register would ever have filled the section.  It is not applicable: the section now says so, as a note, never as a
warning, and asks for nothing; a power company's report without complaints still says they are missing."""
from __future__ import annotations

import nbformat
import papermill
import pytest
from _workspace import run_cli, write_workspace

import windoweval as we
from windoweval import paths
from windoweval.report.settings import KERNEL_ARGS, ensure_kernel

HOSPITAL = (("HBIL", "门诊挂号收费处", "hospital_billing"), ("HPHA", "门诊西药房", "hospital_pharmacy"))
TICKETS = ("ticket_id,window_id,ticket_at,called_at\n"
           "Q1,HBIL,2025-03-04 08:00,2025-03-04 08:20\n"
           "Q2,HPHA,2025-03-04 08:10,2025-03-04 08:15\n")


def _workspace(tmp_path, windows, complaints: str | None = None):
    d = write_workspace(tmp_path / "ws", windows)
    (d / "queue_tickets.csv").write_text(TICKETS.replace("HBIL", windows[0][0]).replace("HPHA", windows[-1][0]),
                                         encoding="utf-8")
    if complaints:
        (d / "complaints.csv").write_text(complaints, encoding="utf-8")
    return d


def test_a_hospital_complaints_section_is_not_applicable(tmp_path):
    s = we.yearbook("complaints", 2025, data=_workspace(tmp_path, HOSPITAL))
    assert s.meta["applies"] is False and s.meta["present"] is False


def test_a_power_company_without_complaints_still_lacks_them(tmp_path):
    s = we.yearbook("complaints", 2025, data=_workspace(tmp_path, (("PW01", "城东营业厅", "power_hall"),)))
    assert s.meta["applies"] is True and s.meta["present"] is False


def _outputs(tmp_path, data):
    dst = tmp_path / "c.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / "complaint_callbacks.ipynb"), str(dst),
                               parameters={"language": "zh+en", "data": str(data), "year": 2025},
                               kernel_name=ensure_kernel(), progress_bar=False, cwd=str(tmp_path),
                               extra_arguments=KERNEL_ARGS)
    nb = nbformat.read(dst, as_version=4)
    return [o["data"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if "data" in o]


@pytest.mark.parametrize("complaints", [None, "case_id,channel,kind,window_id,received_at\n"
                                              "T1,counter,complaint,HBIL,2025-03-04 09:00\n"])
def test_the_page_says_not_applicable_and_warns_of_nothing(tmp_path, complaints):
    outs = _outputs(tmp_path, _workspace(tmp_path, HOSPITAL, complaints))
    warnings = [o for o in outs if "application/vnd.windoweval.warning+json" in o]
    assert not warnings, warnings   # before: complaints.missing, listed by the index as missing evidence
    md = "\n".join(str(v) for o in outs for k, v in o.items() if k.startswith("text/"))
    assert "不适用" in md and "Not applicable" in md
    if complaints:   # the hospital's one case: counted, said, not judged
        assert "另有 1 件诉求" in md and "HBIL 1" in md


def test_the_command_says_not_applicable(tmp_path):
    d = _workspace(tmp_path, HOSPITAL)
    p = run_cli("complaints", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "不适用" in p.stdout and "Not applicable" in p.stdout   # before: empty tables, nothing said
    power = _workspace(tmp_path / "p", (("PW01", "城东营业厅", "power_hall"),))
    assert "Not applicable" not in run_cli("complaints", "--year", "2025", "--data", str(power), cwd=tmp_path).stdout
