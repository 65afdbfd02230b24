"""``records map`` finds the window column by its values: a column whose cells are the workspace's window names
(所属供电所: 城东供电所, 城西供电所) under a header no contract name or common export header names (session 31).

Before, the column was listed among the headers not read, and with one window in windoweval.toml a constant was
proposed (right by luck); with two, nothing, and the records could not be read without writing the mapping by hand.
"""
import csv

import yaml

from windoweval.records.propose import propose
from windoweval.records.workspace import Workspace

WS = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东供电所", "kind": "power_hall"},
                                      {"id": "PW02", "name": "城西供电所", "kind": "power_hall"}]})


def _export(path, units=("城东供电所", "城西供电所")):
    head = ["停电事件编号", "用户编号", "所属供电所", "电压等级", "停电性质", "实际停电开始时间", "实际送电时间", "抢修班组"]
    rows = [[f"TD{e:04d}", f"YH{e:06d}", units[e % len(units)], "10kV", "故障停电", "2025-03-01 08:00",
             "2025-03-01 12:00", ["抢修一班", "抢修二班", "抢修三班"][e % 3]] for e in range(30)]
    with open(path, "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows([head, *rows])
    return path


def test_the_column_of_window_names_is_the_window(tmp_path):
    got = yaml.safe_load(propose(_export(tmp_path / "停电明细.csv"), "outages", workspace=WS))["outages"]
    assert got["columns"]["所属供电所"] == "window_id"
    assert got["values"]["window_id"] == {"城东供电所": "PW01", "城西供电所": "PW02"}
    assert "constant" not in got and "所属供电所" not in got.get("ignore", [])


def test_a_column_of_other_names_is_not(tmp_path):
    got = yaml.safe_load(propose(_export(tmp_path / "x.csv", units=("郊区供电所", "城东供电所", "新区供电所")), "outages",
                                 workspace=WS))["outages"]
    assert "window_id" not in got["columns"].values()     # a third of the rows only: no proposal
