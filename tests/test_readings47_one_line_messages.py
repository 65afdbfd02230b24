"""readings47: a message raised through the package's error classes says its Chinese and English halves on one line,
``中文 / English``; eleven still put a line break between them (a mapping file outside the data folder, two files of
one kind, a sheet not found, a hidden sheet, a duplicate header, two headers for one column, a schedule imported
without its punches, a calendar row, a file's problems against its contract …), so a log line held half a message.
The package's source is read as written: every call of a ``…Error`` (or ``_bi``) and every ``super().__init__`` of one
whose literal text has a ``\\n`` escape with Chinese before it and English after it is named.  A list of lines, each
``中文 / English`` (the problems under a refusal), is not such a break.
"""
import ast
import re
from pathlib import Path

import pytest

import windoweval

CJK = re.compile(r"[\u4e00-\u9fff]")


def _breaks():
    root = Path(windoweval.__file__).parent
    for p in sorted(root.rglob("*.py")):
        src = p.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else (f.attr if isinstance(f, ast.Attribute) else "")
            if not (name.endswith("Error") or name in ("_bi", "__init__")):
                continue
            seg = ast.get_source_segment(src, node) or ""
            for m in re.finditer(r"\\n", seg):
                before, after = seg[max(0, m.start() - 80):m.start()], seg[m.end():m.end() + 120]
                after = re.sub(r'^["\s)f+]*', "", after)
                if CJK.search(before) and re.match(r"[{A-Za-z]", after) and not CJK.search(after[:25]):
                    yield f"{p.relative_to(root.parent)}:{node.lineno}"


def test_no_message_breaks_between_its_chinese_and_its_english():
    assert list(_breaks()) == []


def test_a_calendar_row_refused_is_one_line(tmp_path):
    from windoweval.calendar import load_calendar_file
    f = tmp_path / "calendar.csv"
    f.write_text("date,kind\n2027-01-01,holiday\n2027-13-01,holiday\n", encoding="utf-8")
    with pytest.raises(Exception) as e:
        load_calendar_file(f)
    msg = str(e.value)
    assert "\n" not in msg and "第 3 行" in msg and " / row 3: expected date" in msg, msg
