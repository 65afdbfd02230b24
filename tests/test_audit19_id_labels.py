"""The id labels a passport-shaped token is kept after (表号E12345678) are data: ``windoweval/id_labels.yaml``.

``privacy._NOT_AFTER_ID_LABEL`` was 420 look-behinds written out in the code (21 labels x 5 suffixes x 4
separators, each one look-behind).  It is built from the YAML list now, one look-behind a label length, and keeps
and masks exactly what the old one did (tests/cases/privacy/masking.yaml passes unchanged).
"""
from __future__ import annotations

import itertools
import re

import yaml

from windoweval import privacy

OLD_LABELS = ("表号", "编号", "单号", "工单", "订单", "资产", "设备", "发票", "批次", "型号", "流水号", "票号", "户号",
              "卡片", "样本", "标本", "条码", "号码牌", "排队号", "序号", "问卷")
OLD_SUFFIXES = ("", "号", "编号", "代码", "码")
OLD_SEPS = ("", ":", "：", " ")


def _old_lookbehind() -> str:
    return "".join(f"(?<!{w}{suffix}{sep})" for w in OLD_LABELS for suffix in OLD_SUFFIXES for sep in OLD_SEPS)


def test_the_labels_are_data_beside_the_masking_rules():
    doc = yaml.safe_load(privacy._ID_LABELS_FILE.read_text(encoding="utf-8"))
    assert tuple(doc["labels"]) == OLD_LABELS
    assert tuple(doc["suffixes"]) == OLD_SUFFIXES and tuple(doc["separators"]) == OLD_SEPS
    assert privacy._NOT_AFTER_ID_LABEL == privacy._id_label_lookbehind(doc)
    assert privacy._NOT_AFTER_ID_LABEL.count("(?<!") < 20     # one a label length, not 420


def test_the_pattern_built_from_the_data_behaves_as_the_one_written_out():
    tokens = ["E12345678", "EA1234567", "G12345678", "P1234567", "C12345678", "L12345678", "SE1234567"]
    befores = [w + s + p for w in OLD_LABELS for s in OLD_SUFFIXES for p in OLD_SEPS]
    befores += ["", "护照", "持", "客户持", "电表", "号", "码 ", "：", "工", "单号：:", "发票代码  ", "表号号",
                "x表号", "表 号", "表号\t", "编号码", "资产编号:"]
    old = re.compile(_old_lookbehind() + r"(?:" + privacy._DOC_TOKEN + ")")
    new = re.compile(privacy._NOT_AFTER_ID_LABEL + r"(?:" + privacy._DOC_TOKEN + ")")
    n = 0
    for before, tok, after in itertools.product(befores, tokens, ["", "已办结", " "]):
        text = before + tok + after
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text
        n += 1
    assert n > 3 * 7 * 420


def test_a_label_added_to_the_data_keeps_the_number_after_it():
    doc = {"labels": ["电表"], "suffixes": ["", "号"], "separators": ["", " "]}
    look = privacy._id_label_lookbehind(doc)
    pat = re.compile(look + privacy._DOC_TOKEN)
    assert not pat.search("电表E12345678") and not pat.search("电表号 E12345678")
    assert pat.search("护照E12345678")
