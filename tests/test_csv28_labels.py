"""Session 28 (issue 14): the file labels of one table are not copied when the tables are put together (a CSV's
4,320,000 codes were added to 0 and concatenated: 0.03-0.10 s at the demo x100's largest file)."""
from __future__ import annotations

import importlib

import numpy as np

V = importlib.import_module("windoweval.records.validate")


def test_one_table_labels_taken_as_they_are():
    p = V.FileLabels.of("a.csv", 5)
    got = V.FileLabels.concat([p])
    assert got is p
    assert np.asarray(got).tolist() == ["a.csv"] * 5


def test_several_tables_labels_as_before():
    parts = [V.FileLabels.of("a.csv", 2), V.FileLabels.of("b.xlsx[s]", 0),
             V.FileLabels.concat([V.FileLabels.of("c.csv", 1), V.FileLabels.of("d.csv", 3)])]
    got = V.FileLabels.concat(parts)
    assert np.asarray(got).tolist() == ["a.csv"] * 2 + ["c.csv"] + ["d.csv"] * 3
    assert got.codes.tolist() == [0, 0, 2, 3, 3, 3] and got.labels.tolist() == ["a.csv", "b.xlsx[s]", "c.csv", "d.csv"]
    assert got.codes.dtype == np.int32
    assert [parts[0].codes.tolist(), parts[2].codes.tolist()] == [[0, 0], [0, 1, 1, 1]]   # the parts untouched
    empty = V.FileLabels.concat([])
    assert len(empty) == 0 and empty.labels.tolist() == [""]
