"""A 服务承诺台账 exported without its header row printed its first record in the refusal (hostile45).

``windoweval promises --ledger 台账.csv`` refuses a ledger without a promise or a state column and lists the headers
it has, to help the fix.  A ledger exported without its header row has a record there: the refusal printed
``现有表头 ['WO2025030501', '柏青松', '[手机号]', '已兑现']``, a bare name no masking finds.  Such a first row (a date, a
long number or a state word) is now said to be a record and not listed, as ``records check`` and ``survey check`` say.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from windoweval.promises import read_ledger
from windoweval.records.io import ExportError


@pytest.mark.parametrize("first", ["WO2025030501,柏青松,13800138000,已兑现", "P1,柏青松,已兑现", "P1,柏青松,2025-03-05"])
def test_a_ledger_without_its_header_row_does_not_print_its_first_record(tmp_path, first):
    f = tmp_path / "台账.csv"
    f.write_text(first + "\n" + ",".join(["x"] * len(first.split(","))) + "\n", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_ledger(f)
    msg = str(e.value)
    assert "柏青松" not in msg and "13800138000" not in msg
    assert "第一行看来是一条记录" in msg and "looks like a record" in msg and e.value.exit_code == 3


def test_a_ledger_with_wrong_headers_still_lists_them(tmp_path):
    f = tmp_path / "台账.csv"
    f.write_text("编号,状态\nP1,已兑现\n", encoding="utf-8")
    with pytest.raises(ExportError) as e:
        read_ledger(f)
    assert "['编号', '状态']" in str(e.value)


def test_the_command_prints_no_name(tmp_path):
    f = tmp_path / "台账.csv"
    f.write_text("WO2025030501,柏青松,13800138000,已兑现\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "windoweval", "promises", "--year", "2025", "--ledger", str(f)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 3, r.stderr[-2000:]
    assert "柏青松" not in r.stdout + r.stderr and "Traceback" not in r.stderr
