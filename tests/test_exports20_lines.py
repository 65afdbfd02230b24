"""exports20 #2 and #3: the line of a text file a row starts on, as pyarrow (and Python's csv) split records.

The rule the readers apply (pyarrow's ``newlines_in_values``): a quote opens a quoted value only as the first byte
of a field (after the delimiter, a line break or the file's start); inside, ``""`` is one quote and a lone quote
closes it; a quote anywhere else (``27"``, ``a",b``, ``"ab"cd``'s second) is a character."""
from __future__ import annotations

import io
import random

import numpy as np
import pyarrow.csv as pc
import pytest


def _reference(b: bytes, sep: bytes) -> list[int]:
    """The line each record starts on, one byte at a time (the rule above, written out)."""
    starts, line, inside, field_start, i = [1], 1, False, True, 0
    while i < len(b):
        c = b[i:i + 1]
        if inside:
            if c == b'"':
                if b[i + 1:i + 2] == b'"':
                    i += 1
                else:
                    inside = False
            elif c in (b"\n", b"\r"):
                if not (c == b"\r" and b[i + 1:i + 2] == b"\n"):
                    line += 1
        elif c == b'"' and field_start:
            inside = True
        elif c in (b"\n", b"\r"):
            if not (c == b"\r" and b[i + 1:i + 2] == b"\n"):
                line += 1
                starts.append(line)
                field_start = True
                i += 1
                continue
        field_start = c == sep and not inside
        i += 1
    return starts


@pytest.mark.parametrize("data, rows, want", [
    (b'h1,h2\na",b\nc,"d\ne"\nf,g\n', [1, 2, 3, 4], [1, 2, 3, 5]),          # a stray quote before the delimiter
    (b'h1,h2\n"ab"cd,"x\ny"\nf,g\n', [1, 2, 3], [1, 2, 4]),                 # text after a closing quote
    (b'h1,h2\n"a"b"c,d\ne,"f\ng"\nh,i\n', [2, 3, 4], [2, 3, 5]),            # a quote after the value closed
    (b'h1;h2\nx;"1,"\ny;2"\nz;3\n', [2, 3, 4], [2, 3, 4]),                  # semicolons: a comma is text
    (b'h1,h2\r"a\rb",c\rd,e\r', [1, 2, 3], [1, 2, 4]),                      # lone \r line ends
])
def test_file_lines_follows_the_readers_quote_rule(data, rows, want):
    from windoweval.records.io import file_lines

    assert file_lines(data, rows).tolist() == want


@pytest.mark.parametrize("seed", range(8))
def test_file_lines_agrees_with_the_rule_and_pyarrow_on_stray_quotes(seed):
    from windoweval.records.io import file_lines

    rng = random.Random(seed)
    parts = ['a', '"q\nr"', 'x"', '"a""b"', '27" 屏', '"ab"cd', '', '"x,\ny"', '""', '"""', 'b"c"d']
    for sep in (",", ";", "\t"):
        lines = ["h1" + sep + "h2" + sep + "h3"]
        for _ in range(60):
            lines.append(sep.join(rng.choice(parts) for _ in range(3)))
        b = ("\n".join(lines) + "\n").encode("utf-8")
        ref = _reference(b, sep.encode())
        got = file_lines(b, np.arange(1, len(ref) + 1), sep).tolist()
        assert got == ref
        try:   # pyarrow splits as many records (its header and rows), when it splits the file at all
            t = pc.read_csv(io.BytesIO(b), parse_options=pc.ParseOptions(delimiter=sep, newlines_in_values=True),
                            read_options=pc.ReadOptions(autogenerate_column_names=True))
        except Exception:
            continue
        assert t.num_rows == len([s for s in ref]) - (0 if b.endswith(b"\n") else 1)


# ---- 2. survey problems name the file line where it differs from the row, and only then ---------------------------

def _survey(tmp_path, note: bool):
    from tests.test_left19_exports import _delivery

    df = _delivery()
    df.loc[3, "weight"] = "-1"                       # row 5
    if note:
        df.loc[1, "comment"] = "第一行\n第二行"      # row 3 spans two lines: row 5 starts on line 6
    df.to_csv(tmp_path / "a.csv", index=False)
    return df


@pytest.mark.parametrize("note, shown", [(False, "第 5 行 row 5 |"), (True, "第 5 行 row 5 (文件第 6 行 file line 6) |")])
def test_a_survey_csv_problem_names_its_file_line_where_it_differs(tmp_path, note, shown):
    from windoweval.survey.delivery import format_problems, parse_delivery

    _survey(tmp_path, note)
    chk = parse_delivery(tmp_path / "a.csv", "power_hall", year=2025)
    text = format_problems(chk.problems)
    assert shown in text and text.count("file line") == (1 if note else 0)


def test_a_workbook_problem_names_no_file_line(tmp_path):
    """A workbook (or SPSS file) has rows, not lines: its problems carry no ``line``, and show none."""
    from windoweval.survey.delivery import format_problems, parse_delivery

    df = _survey(tmp_path, True)
    df.to_excel(tmp_path / "a.xlsx", index=False)
    chk = parse_delivery(tmp_path / "a.xlsx", "power_hall", year=2025)
    assert chk.problems["row"].tolist() == [5] and chk.problems["line"].isna().all()
    assert "file line" not in format_problems(chk.problems)
