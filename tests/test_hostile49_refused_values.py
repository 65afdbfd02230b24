"""hostile49: a refused cell's value echoed by ``records check`` (file, row, column, value and the fix).

Before: a contact written into the wrong column (受理时间 ``张三丰 138 1234 5678``) was refused with its value shown as
``'张三丰 [手机号]'``: the number masked, the name beside it not (a name was masked only after a label such as 联系人,
before 先生/师傅, or before 来电/反映 at a clause's start).  A name written alone right before a phone number at a
clause's start is now masked too (``name_before_phone``); a title (王经理 13812345678), a word no name takes (高压,
明天) and a place (城东营业厅 0571-…) stay as written, and so does every clause text (tests/test_hostile49_file_names.py).
"""
from __future__ import annotations

import csv
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text

MASKED = [
    ("张三丰 138 1234 5678", "某某 [手机号]"),
    ("张三丰13812345678", "某某[手机号]"),
    ("张三丰 １３８－１２３４－５６７８", "某某 [手机号]"),
    ("，李四光 13912345678 来电", "，某某 [手机号] 来电"),
    ("欧阳明月 0571-86646151", "某某 [电话]"),
]
KEPT = [("王经理13812345678", "王经理[手机号]"), ("张师傅 13812345678", "某师傅 [手机号]"),
        ("高压 13812345678", "高压 [手机号]"), ("明天 13812345678", "明天 [手机号]"),
        ("城东营业厅 0571-86646151", "城东营业厅 [电话]"), ("服务热线 95598", "服务热线 95598"),
        ("投诉电话 0571-86646151", "投诉电话 [电话]")]


@pytest.mark.parametrize("text,shown", MASKED + KEPT)
def test_a_name_before_a_phone_number(text, shown):
    assert mask_message(text) == shown
    assert mask_text(pd.Series([text], dtype="string"), free_text=True).iloc[0] == shown


def test_the_survey_profile_masks_it_too():
    got = mask_text(pd.Series(["张三丰 13812345678"], dtype="string"), profile="survey").iloc[0]
    assert "张三丰" not in got and "13812345678" not in got, got


def test_records_check_shows_a_refused_value_without_the_name_in_it(tmp_path):
    from windoweval.cli import main
    from windoweval.demo import ensure_demo

    data = tmp_path / "data"
    shutil.copytree(ensure_demo(), data, ignore=shutil.ignore_patterns(".*"))
    f = data / "complaints.csv"
    rows = list(csv.reader(f.open(encoding="utf-8-sig")))
    head = rows[0]
    rows[1][head.index("受理时间")] = "张三丰 138 1234 5678"
    rows[2][head.index("答复时间")] = "欧阳明月13912345678"
    with f.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        rc = main(["records", "check", "--data", str(data)])
    printed = so.getvalue() + se.getvalue()
    assert rc == 3, printed[-2000:]                      # a refused file: exit 3 (README's table)
    lines = [ln for ln in printed.splitlines() if "受理时间" in ln and "第 2 行" in ln]
    assert lines and "某某 [手机号]" in lines[0], lines   # file, row, column, the value masked, the fix
    for gone in ("张三丰", "欧阳明月", "12345678", "13912345678"):
        assert gone not in printed.replace(" ", ""), gone
