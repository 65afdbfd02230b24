"""Privacy, round six (twenty-second audit).

* The Arrow path of the missed-record files (:func:`windoweval.engine.missed_pass._drill_arrow`) masked a
  passport-shaped token alone in a free-text column only because the engine applied that rule itself, row by row
  (``to_pylist``), after the export's masking: the masking hook (``prepare_missed.arrow``) did not know the
  column's name.  It is now given the name and decides, as :func:`windoweval.privacy.mask_frame` does; the engine
  scans a free-text column apart, under its name.
* ``privacy._ID_COLUMN_END`` and the English guard inside ``_FREE_TEXT_COLUMN`` are one guard over the whole name
  (a name whose last word is an id's or a kind's); the same answer on every column name of the package, the tests,
  the demo and the contracts (the old pair is kept here to compare).
"""
from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pytest

from windoweval.exports import prepare_missed
from windoweval.privacy import free_text_column, mask_frame

OLD_FREE = re.compile(
    r"描述|备注|说明|意见|建议|留言|评论|内容|反馈|情况|详情|附言|批注|"
    r"(?i:(?<![a-z])(?:comments?|notes?|remarks?|descriptions?|details?|text|feedback|memo|messages?|opinions?|"
    r"suggestions?|narrative|free_?text)(?![a-z]|_?(?:id|key|no|code|kind|type)(?![a-z])))")
OLD_END = re.compile(r"(?:号|码|編號|(?i:id|key|no\.?|code|number|num))\s*[)）]?\s*$")


def _old(name) -> bool:
    return isinstance(name, str) and bool(OLD_FREE.search(name)) and not OLD_END.search(name)


CELLS = ["E12345678", "Ｅ１２３４５６７８", " G12345678 ", "备注 E12345678", "WO0001", "张先生 13812345678", None, "",
         "PE1234567", "E1234567", "x" * 40]


@pytest.mark.parametrize("name", ["note", "description", "detail", "备注", "处理意见", "visit_id", "note_id",
                                  "反馈单号", "document", None])
def test_the_arrow_hook_masks_as_the_frame_does_given_the_column_name(name):
    arr = pa.array(CELLS * 3, type=pa.large_string())
    got = prepare_missed.arrow(arr, name).to_pylist()
    want = mask_frame(pd.DataFrame({name or "x": pd.Series(CELLS * 3, dtype="string")}))[name or "x"]
    assert got == [None if v is pd.NA else v for v in want.tolist()]
    alone = got[0] == "[证件号]"
    assert alone == free_text_column(name)


NAMES_EXTRA = ["note", "notes", "note_id", "note_type", "note_kind", "noteid", "NoteID", "Note ID", "comment_no",
               "comment no.", "comment_code", "comment_key", "comment_number", "comment_num", "description_subtype",
               "descriptions", "Feedback ID", "反馈单号", "反馈ID", "评论id", "留言编号", "内容编號", "意见（号）",
               "处理意见", "建议编号 ", "remarks(id)", "text", "free_text", "freetext", "textbook", "context",
               "message_type", "messages", "opinion_code", "suggestion_key", "narrative", "memo", "memo_no",
               "备注", "备注类型", "详情", "情况说明", "order_id", "window_id", "customer_key"]


def _names():
    """Every column name the package, its contracts and the demo use, and the names above."""
    from windoweval.demo import tiny_data_dir
    from windoweval.records import contracts

    names = set(NAMES_EXTRA)
    for c in contracts().values():
        for n, spec in c.columns.items():
            names.add(n)
            names.update(spec.get("aliases") or [])
    for f in tiny_data_dir().glob("*.csv"):
        names.update(pd.read_csv(f, nrows=0).columns)
    import yaml
    from pathlib import Path
    doc = yaml.safe_load((Path(__file__).parent / "cases" / "privacy" / "masking.yaml").read_text(encoding="utf-8"))
    for cases in doc.values():
        for case in cases if isinstance(cases, list) else []:
            if isinstance(case, dict) and isinstance(case.get("column"), str):
                names.add(case["column"])
    return sorted(names)


def test_one_guard_over_the_whole_name_answers_as_the_two_did():
    names = _names()
    assert len(names) > 200
    assert [n for n in names if free_text_column(n) != _old(n)] == []
    assert sum(map(free_text_column, names)) > 20
