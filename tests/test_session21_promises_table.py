"""The ``promises`` command's per-promise table carries every part of an occurrence count.

Session 21 (rev21b noticed): the table showed occurrences, kept, broken, open and excused but not the occurrences
no time or value let be assessed, so a reader could not make its columns add up.  Now
``met + broken + open + not_assessed + excused == occurrences`` can be read off each row.
"""
from __future__ import annotations

from windoweval import cli
from windoweval.demo import DEMO_YEAR


def test_per_promise_table_shows_not_assessed(capsys):
    assert cli.main(["promises", "--year", str(DEMO_YEAR), "--standard", "power_window"]) == 0
    out = capsys.readouterr().out
    block = out.split("== 各项承诺 / per promise ==", 1)[1].split("==", 1)[0]
    head = block.strip().splitlines()[0]
    for col in ("应兑现 occurrences", "兑现 kept", "未兑现 broken", "未到期 open", "无法判定 not assessed",
                "条款例外 excused"):
        assert col in head, col
