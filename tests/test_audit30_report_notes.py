"""The notes kept with a stored questionnaire copy (what today's rules say of a copy imported under older ones) were
printed by `survey estimate` only: the report's survey page shows them too, escaped, in both languages (audit30)."""
from __future__ import annotations

import glob

import nbformat
import pytest
import yaml

from tests._workspace import POWER, write_workspace
from windoweval import paths

KEY = "<b>remark</b>"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from windoweval.demo import survey as demo
    from windoweval.survey.store import import_delivery

    ws = write_workspace(tmp_path_factory.mktemp("ws"), POWER)
    raw = yaml.safe_load((paths.INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
    ip = ws.parent / "org.yaml"
    ip.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=8, seed=4, careless_share=0)
    with demo.delivery_file(df, "a.csv") as p:
        import_delivery(p, str(ip), 2025, store_dir=ws)
    (copy,) = glob.glob(str(ws / "surveys" / "imports" / "*" / "*" / "instrument.yaml"))
    old = yaml.safe_load(open(copy, encoding="utf-8"))
    old[KEY] = "accepted by an earlier version"       # a key today's rules refuse, with markup in it
    open(copy, "w", encoding="utf-8").write(yaml.safe_dump(old, allow_unicode=True))
    return ws


def test_the_survey_section_carries_the_notes_in_both_languages(store):
    from windoweval.sections import compute

    meta = compute(2025, store, sections=("survey",), instrument="power_hall")["survey"].meta
    notes = meta["instrument_notes"]
    assert len(notes) == 1 and KEY in notes[0]["zh"] and KEY in notes[0]["en"]
    assert "无法识别" in notes[0]["zh"] and "unknown key" in notes[0]["en"] and "unknown" not in notes[0]["zh"]


def test_the_survey_page_shows_them_escaped(store, tmp_path):
    import papermill

    from windoweval.report.settings import KERNEL_ARGS, ensure_kernel

    dst = tmp_path / "s.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / "satisfaction_survey.ipynb"), str(dst),
                               parameters={"language": "zh+en", "data": str(store), "baseline_year": None},
                               kernel_name=ensure_kernel(), progress_bar=False, cwd=str(tmp_path),
                               extra_arguments=KERNEL_ARGS)
    nb = nbformat.read(dst, as_version=4)
    html = [o["data"].get("text/html", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if "data" in o]
    shown = [h for h in html if "问卷副本" in h]
    assert len(shown) == 1, html[:3]
    h = shown[0]
    assert "unknown key" in h and "store's copy" in h           # both languages
    assert "&lt;b&gt;remark&lt;/b&gt;" in h and "<b>remark</b>" not in h
