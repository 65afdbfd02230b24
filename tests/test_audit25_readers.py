"""Readers and parsers of hostile files, round seven (twenty-fifth audit).

* :func:`windoweval.exports.read_missed` read ``<name>_missed.parquet`` and its repeats without the footer check every
  other reader makes (tests/test_audit22_readers.py): a footer saying 10 rows of 200,000 had 10 read without a word.
  It is now refused with the file and the fix (exit 3).
* a standards YAML in an extra folder (:func:`windoweval.catalog.load_catalog` ``extra_dirs``; an API only, no command
  reaches it) was parsed without :func:`windoweval.safepath.yaml_problem`, and a YAML syntax error left the loader as a
  traceback: both are now a :class:`~windoweval.catalog.StandardsError` (exit 3) with the file and the line.
"""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from test_audit19_inputs import _lie
from windoweval.errors import InputError
from windoweval.exports import read_missed, write_missed


def _missed(tmp_path, n=200_000):
    frame = pd.DataFrame({"order_id": [f"WO{i}" for i in range(n)], "measure": "m", "window_id": "PW01"})
    write_missed([frame], tmp_path, "x")
    return tmp_path / "x_missed.parquet"


def test_read_missed_reads_a_sound_file(tmp_path):
    _missed(tmp_path, 5)
    assert read_missed(tmp_path, "x")["order_id"].tolist() == [f"WO{i}" for i in range(5)]


def test_read_missed_refuses_a_footer_that_lies_about_its_rows(tmp_path):
    f = _missed(tmp_path)
    n = pq.read_metadata(f).num_rows
    assert n == 200_000 and _lie(f, n, 10) >= 2 and pq.read_table(f).num_rows == 10   # 10 of 200,000 read silently
    with pytest.raises(InputError) as e:
        read_missed(tmp_path, "x")
    msg = str(e.value)
    assert e.value.exit_code == 3 and "x_missed.parquet" in msg and "while the footer says 10 rows" in msg
    assert "未达标记录文件" in msg and "run score again" in msg


def _standards(tmp_path, text):
    d = tmp_path / "standards"
    d.mkdir()
    (d / "mine.yaml").write_text(text, encoding="utf-8")
    return d


def test_a_standards_file_with_billion_laughs_is_refused_before_it_is_walked(tmp_path):
    """``load_catalog(extra_dirs=...)`` parsed a user's standards YAML without :func:`yaml_problem` (the mapping, the
    promise register and an instrument use it): a "billion laughs" reached pydantic, which walks every value."""
    from windoweval.catalog import StandardsError, load_catalog

    bomb = "standard: {id: mine}\nx0: &a0 [q, q, q, q, q, q, q, q, q, q]\n" + "".join(
        f"x{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]\n" for i in range(1, 9)) + "clauses: *a8\n"
    with pytest.raises(StandardsError) as e:
        load_catalog(extra_dirs=(_standards(tmp_path, bomb),))
    msg = str(e.value)
    assert e.value.exit_code == 3 and "mine.yaml" in msg and "billion laughs" in msg and "十亿笑声" in msg


def test_a_standards_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    from windoweval.catalog import StandardsError, load_catalog

    with pytest.raises(StandardsError) as e:
        load_catalog(extra_dirs=(_standards(tmp_path, "standard: {id: mine}\nclauses: [\n  - id: [x\n"),))
    msg = str(e.value)
    assert e.value.exit_code == 3 and "mine.yaml" in msg and "YAML" in msg and "行" in msg and "line" in msg
