"""probe35: a government hall's analyst kept the hall's holiday calendar as calendar.csv beside windoweval.toml (as
data/README.md's layout shows it) but wrote no calendar_file: the calendar is not read, and records check listed it
among the files no kind of records reads with a fix for an export only (rename it <kind>.csv, or move it out of the
data folder): its corrections went unread and a later year stayed unknown.  A file named as a calendar is now said to
be one, with the line for windoweval.toml."""
from pathlib import Path

import pytest

from windoweval.records.check import unread_lines


@pytest.mark.parametrize("name", ["calendar.csv", "日历2027.xlsx", "节假日安排.csv", "holidays.csv"])
def test_a_calendar_left_unread_is_named_with_its_setting(name):
    line = unread_lines([Path("/srv/d") / name])[0]
    assert f'calendar_file = "{name}"' in line and "windoweval.toml" in line and "日历" in line


def test_an_export_is_named_as_before():
    line = unread_lines([Path("/srv/d/work_orders_b.csv")])[0]
    assert "calendar_file" not in line and "perhaps work_orders" in line
