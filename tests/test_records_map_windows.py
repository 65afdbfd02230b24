"""`records map FILE --kind KIND --data DIR`: an export that writes its halls by name (or an id written otherwise)
gets `values.window_id` proposed from DIR's windoweval.toml, so it is read as it is, never reshaped by hand."""
import shutil

import pandas as pd
import yaml

from windoweval.cli import main
from windoweval.demo import tiny_data_dir


def _export(tmp_path):
    f = tmp_path / "工单导出.csv"
    pd.DataFrame({"工单编号": ["WO1", "WO2", "WO3", "WO4"],
                  "营业厅": ["城东营业厅", "城东 营业厅", "ＰＷ01", "城西营业厅"],
                  "业务类型": ["故障报修"] * 4,
                  "受理时间": ["2025-06-01 18:00"] * 4}).to_csv(f, index=False)
    return f


def test_names_and_forms_proposed_with_a_workspace(tmp_path, capsys):
    d = tmp_path / "ws"
    shutil.copytree(tiny_data_dir(), d)
    f = _export(tmp_path)
    assert main(["records", "map", str(f), "--kind", "work_orders", "--data", str(d)]) == 0
    text = capsys.readouterr().out
    values = yaml.safe_load(text)["work_orders"]["values"]
    # the hall's name, its name with a space, and its id in full-width letters all stand for PW01
    assert values["window_id"] == {"城东营业厅": "PW01", "城东 营业厅": "PW01", "ＰＷ01": "PW01"}
    # a hall the workspace does not have is named in a comment, never guessed
    assert "城西营业厅" in text and "no window of windoweval.toml" in text


def test_without_a_workspace_nothing_is_guessed(tmp_path, capsys):
    f = _export(tmp_path)
    assert main(["records", "map", str(f), "--kind", "work_orders"]) == 0
    values = yaml.safe_load(capsys.readouterr().out)["work_orders"].get("values") or {}
    assert "window_id" not in values


def test_the_proposal_kept_reads_the_export_as_it_is(tmp_path, capsys):
    """The proposal kept as the workspace's mapping: every row read, every hall as its window id."""
    from windoweval import read_records

    d = tmp_path / "ws"
    shutil.copytree(tiny_data_dir(), d)
    (d / "work_orders.csv").unlink()
    f = _export(d)
    assert main(["records", "map", str(f), "--kind", "work_orders", "--data", str(d),
                 "--out", str(d / "mapping.yaml")]) == 0
    toml = (d / "windoweval.toml").read_text(encoding="utf-8")
    (d / "windoweval.toml").write_text('mapping_file = "mapping.yaml"\n' + toml, encoding="utf-8")
    got = read_records("work_orders", d)
    assert sorted(got["window_id"].astype(str).unique()) == ["PW01", "城西营业厅"]
    assert (got["window_id"] == "PW01").sum() == 3 and len(got) == 4
