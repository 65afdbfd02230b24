"""Issue 14, item 2 (session 49): what a kernel hands the command about a notebook's page (its parts, the scrub's
warnings, the sheets' masked frames) is data, never code: the frames as Parquet, the rest as JSON, in the build folder
(``<tmp>/.pages/``).  Session 48 left it pickled there and the command unpickled whatever it found: a file planted in
the build folder ran as code in the command.

- a planted pickle, under the name the kernel used or under the JSON's or a Parquet part's, is refused with a message
  that names it (Chinese first, English alongside), and never unpickled (its payload would leave a file);
- a malformed part (not the format, a missing sheet, a sheet that does not hold what its meta says) is refused too;
- what the kernel hands over comes back as it was: each sheet's cells of the same types (a column mixing text, whole
  numbers, decimals, true/false and three kinds of gap), so the workbook is the same byte for byte; an error that
  stopped a page is raised again with its type and message.
"""
from __future__ import annotations

import importlib
import json
import pickle

import numpy as np
import pandas as pd
import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


class _Plant:
    """Unpickling this writes a file (the proof that a pickle ran)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _parts():
    from windoweval.report.collect import Collected

    mixed = pd.Series(["PW01", 3, 2.5, True, None, pd.NA, float("nan"), np.int64(7)], dtype=object)
    frame = pd.DataFrame({"窗口 / Window": ["PW01", "PW02", None, "=1", "x", "y", "z", "w"],
                          "混合 / Mixed": mixed,
                          "件数 / Cases": pd.array([1, None, 3, 4, 5, 6, 7, 8], dtype="Int64"),
                          "率 / Rate": [0.5, float("nan"), 1.0, 0.0, 0.25, 1 / 3, 2.0, -1.0],
                          "n": np.arange(8, dtype="int64"),
                          "是否 / Flag": [True, False] * 4,
                          "空 / Empty": pd.Series([pd.NA] * 8, dtype=object)})
    collected = Collected(tables=[{"name": "t", "title": "表", "columns": ["窗口编号"], "data": [["PW01"], [None]]}],
                          headlines=[{"group": "annual", "items": [{"key": "k", "value": 1.5, "display": "1.5"}]}],
                          figures=[], warnings=[{"key": "w", "text": "缺少证据", "text_en": "missing evidence"}])
    return ["stderr line\n"], collected, [("annual-t", frame), ("annual-empty", frame.iloc[:0])]


def test_the_parts_come_back_as_they_were_and_no_pickle_is_written(tmp_path):
    from windoweval.exports import Workbook

    warnings, collected, sheets = _parts()
    folder = tmp_path / build_mod.PAGES_DIR
    build_mod._hand_over(folder, "annual_evaluation", ("ok", (warnings, collected, sheets)))
    assert sorted(p.suffix for p in folder.iterdir()) == [".json", ".parquet", ".parquet"]
    assert all(not p.read_bytes().startswith(b"\x80") for p in folder.iterdir())     # no pickle among them
    w, got, back = build_mod._handed(folder, "annual_evaluation")
    assert list(folder.iterdir()) == []                                             # taken, removed
    assert w == warnings and got == collected
    assert [s for s, _ in back] == [s for s, _ in sheets]
    for (_, f), (_, f0) in zip(back, sheets):
        assert list(f.columns) == list(f0.columns) and [str(t) for t in f.dtypes] == [str(t) for t in f0.dtypes]
        for i in range(f.shape[1]):
            a, z = f.iloc[:, i].tolist(), f0.iloc[:, i].tolist()
            z = [v.item() if isinstance(v, np.generic) else v for v in z]
            assert [type(v) for v in a] == [type(v) for v in z], f0.columns[i]
            assert [v for v in a if v is not pd.NA and v == v] == [v for v in z if v is not pd.NA and v == v]
        one, two = Workbook(), Workbook()
        one.add("s", f, safe=f)
        two.add("s", f0, safe=f0)
        assert one.save(tmp_path / "a.xlsx").read_bytes() == two.save(tmp_path / "b.xlsx").read_bytes()


def test_an_error_that_stopped_a_page_is_raised_again_with_its_type_and_message(tmp_path):
    folder = tmp_path / build_mod.PAGES_DIR
    build_mod._hand_over(folder, "explore", ("error", ValueError("2 columns passed, passed data had 3 columns")))
    with pytest.raises(ValueError, match="^2 columns passed, passed data had 3 columns$"):
        build_mod._handed(folder, "explore")
    build_mod._hand_over(folder, "explore", ("error", KeyError("窗口编号")))
    with pytest.raises(KeyError) as e:
        build_mod._handed(folder, "explore")
    assert str(e.value) == str(KeyError("窗口编号"))


@pytest.mark.parametrize("where", ["explore.pickle", "explore.json", "explore.0.parquet"])
def test_a_planted_pickle_is_refused_with_a_message_and_never_unpickled(tmp_path, where):
    marker = tmp_path / "ran"
    folder = tmp_path / build_mod.PAGES_DIR
    folder.mkdir()
    planted = pickle.dumps(("ok", _Plant(marker)))
    if where == "explore.0.parquet":       # the JSON as the kernel writes it, a pickle in place of its sheet
        warnings, collected, sheets = _parts()
        build_mod._hand_over(folder, "explore", ("ok", (warnings, collected, sheets[:1])))
    (folder / where).write_bytes(planted)
    with pytest.raises(build_mod.BuildError) as got:
        build_mod._take("explore", tmp_path)
    assert not marker.exists(), "the planted pickle ran"
    msg = str(got.value)
    assert got.value.exit_code == 4
    assert msg.startswith("笔记本 explore 交给报告的页面部件无法使用") and " / the page parts notebook explore" in msg, msg
    assert {"explore.pickle": "missing, found ['explore.pickle'] instead", "explore.json": "not JSON",
            "explore.0.parquet": ".pages/explore.0.parquet: 不是 Parquet / not Parquet"}[where] in msg, msg
    assert str(tmp_path) not in msg          # the part by its place in the build folder, not the folders above


@pytest.mark.parametrize("change", ["format", "sheets", "columns", "kinds"])
def test_a_malformed_part_is_refused_with_a_message(tmp_path, change):
    folder = tmp_path / build_mod.PAGES_DIR
    warnings, collected, sheets = _parts()
    build_mod._hand_over(folder, "annual_evaluation", ("ok", (warnings, collected, sheets)))
    doc = json.loads((folder / "annual_evaluation.json").read_text(encoding="utf-8"))
    if change == "format":
        doc["format"] = "pickle"
    elif change == "sheets":
        doc["sheets"] = [{"sheet": 1}]
    elif change == "columns":
        doc["sheets"][0]["columns"] = doc["sheets"][0]["columns"][:2]
    else:                                   # the mixed column read as one of text with a single kind of gap
        doc["sheets"][0]["objects"]["1"] = {"missing": "none"}
    (folder / "annual_evaluation.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(build_mod.BuildError, match="^笔记本 annual_evaluation 交给报告的页面部件无法使用.* / the page "
                                                   "parts notebook annual_evaluation handed to the build cannot be "
                                                   "used"):
        build_mod._take("annual_evaluation", tmp_path)
