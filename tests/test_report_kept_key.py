"""The build folder's ``kept/key.json`` is replaced whole, and only when it differs: the report keeps one section
after another while the notebooks of the sections kept before run and read that file (issue 14, fifth round)."""
from __future__ import annotations

import json

import pandas as pd

from windoweval import sections


def test_key_json_replaced_whole_and_only_when_it_differs(tmp_path):
    folder = tmp_path / "kept"
    s = sections.Section("complaints", {"open": pd.DataFrame({"case_id": ["C1"]})}, {"cases": 1})
    sections.keep({"complaints": s}, folder, sections.parameters_key(2025))
    key = folder / "key.json"
    first = key.stat().st_ino
    sections.keep({"promises": sections.Section("promises", {}, {})}, folder, sections.parameters_key(2025))
    assert key.stat().st_ino == first                    # the same key: the file is left as it is
    assert sections.load(folder, "complaints", sections.parameters_key(2025)).origin == "kept"
    sections.keep({"promises": sections.Section("promises", {}, {})}, folder, sections.parameters_key(2024))
    assert json.loads(key.read_text(encoding="utf-8"))["year"] == 2024          # another key: replaced
    assert sorted(p.name for p in folder.iterdir()) == ["complaints", "key.json", "promises"]   # no temp file left
