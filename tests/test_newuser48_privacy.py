"""Addresses masked to the district at most, and a doctor's or nurse's surname before the title (newuser48).

Before, an address kept its street or estate name (幸福小区3栋2单元501 -> 幸福小区[地址], 家住中山路128号… ->
家住中山路[地址]); a room after its building without 室 (金桥公寓5号楼301 -> 金桥公寓[地址]301), a village's group
(李家村3组15号) and a building of an estate not named so (幸福里5号楼301室) were shown as written; in records (complaint
texts) 陈医生, 刘大夫, 王护士长 kept the surname the survey's profile masks.  What must stay: a district, a city,
the words before the address, every clause of the five standards and every window name.
"""
from __future__ import annotations

import glob
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.privacy import mask_message, mask_text

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("text,want", [
    ("幸福小区3栋2单元501", "[地址]"),
    ("朝阳区幸福小区3栋2单元501室", "朝阳区[地址]"),
    ("北京市朝阳区建国路88号", "北京市朝阳区[地址]"),
    ("阳光大厦1203室", "[地址]"),
    ("金桥公寓5号楼301", "[地址]"),
    ("阳光家园3号楼2单元501", "[地址]"),
    ("幸福里5号楼301室", "[地址]"),
    ("李家村3组15号", "[地址]"),
    ("城关镇李家村3组15号", "[地址]"),
    ("家住中山路128号3栋2单元501室", "家住[地址]"),
    ("客户反映幸福小区3栋停电", "客户反映[地址]停电"),
])
def test_an_address_is_masked_to_the_district(text, want):
    assert mask_text(text).iloc[0] == want
    assert mask_text(text, profile="survey").iloc[0] == want.replace("[地址]", "[地址/address]")
    assert "[地址]" in mask_message(text) and not any(w in mask_message(text) for w in ("幸福", "阳光", "金桥", "李家"))


@pytest.mark.parametrize("text", ["中山路营业厅", "市政务服务中心3楼2号窗口", "第3栋", "3栋2025年", "5栋10点",
                                  "城东营业厅3号窗口", "客户反映营业厅人多"])
def test_what_is_no_address_is_kept(text):
    assert mask_text(text).iloc[0] == text


@pytest.mark.parametrize("text,gone,want", [
    ("王女士反映排队久", "王", "某女士反映排队久"),
    ("李先生来电", "李", "某先生来电"),
    ("张师傅态度好", "张", "某师傅态度好"),
    ("刘老师说", "刘", "某老师说"),
    ("陈医生态度差", "陈", "某医生态度差"),
    ("刘大夫开错了药", "刘", "某大夫开错了药"),
    ("王护士长不在", "王", "某护士长不在"),
    ("向陈医生反映", "陈", "向某医生反映"),
])
def test_a_name_before_its_title_is_masked_in_complaints_and_surveys(text, gone, want):
    assert mask_text(text).iloc[0] == want
    assert gone not in mask_text(text, profile="survey").iloc[0]


@pytest.mark.parametrize("text", ["全科医生", "管床医生不在", "应医生要求", "和护士说", "患者和医生发生争执", "主治医生",
                                  "值班医生", "医生态度差"])
def test_a_doctor_named_by_what_they_do_is_kept(text):
    assert mask_text(text).iloc[0] == text


def _texts_of(o, out):
    if isinstance(o, str):
        out.append(o)
    elif isinstance(o, dict):
        for v in o.values():
            _texts_of(v, out)
    elif isinstance(o, list):
        for v in o:
            _texts_of(v, out)
    return out


def test_clause_wording_and_window_names_are_kept():
    texts = []
    for f in sorted(glob.glob(str(ROOT / "windoweval" / "standards" / "*.yaml"))):
        _texts_of(yaml.safe_load(Path(f).read_text(encoding="utf-8")), texts)
    for f in sorted(glob.glob(str(ROOT.parent / "shared" / "standards" / "*.zh.txt"))):
        texts += [line.strip() for line in Path(f).read_text(encoding="utf-8").splitlines() if line.strip()]
    ws = ROOT / "data" / "demo" / "windoweval.toml"
    if ws.exists():
        texts += [w.get("name", "") for w in tomllib.loads(ws.read_text(encoding="utf-8")).get("windows", [])]
    texts += ["城东营业厅", "市民服务中心政务大厅", "中山路营业厅", "人民医院门诊挂号收费窗口", "幸福路供电营业厅"]
    s = pd.Series(sorted(set(texts)))
    assert len(s) > 500
    for profile in ("records", "survey"):
        masked = mask_text(s, profile=profile)
        changed = s[masked != s]
        assert changed.empty, (profile, list(zip(changed.tolist()[:5], masked[masked != s].tolist()[:5])))
