"""msgs44: the kept sections of a build (``kept/key.json``, ``kept/<section>/meta.json``, its Parquet tables) read
with a damaged-file check.

A kept file cut short (a full disk, a copy stopped half-way) or edited by hand was read with ``json.loads`` and
``doc["tables"]``: a JSONDecodeError or KeyError traceback in the notebook (and the build).  ``sections.load`` now
refuses it as :class:`KeptDamaged` (exit 4, the README's "report build failed"), the file named and the fix (delete the
folder of kept results, build again); ``section()`` (what the notebooks call) computes the section again from the data
instead, with a warning saying so, the same numbers as computed.
"""
import warnings

import pandas as pd
import pytest

from windoweval import sections
from windoweval.errors import EXIT_BUILD


@pytest.fixture(scope="module")
def computed():
    return sections.compute(2025, None, sections=("complaints",))["complaints"]


@pytest.fixture
def kept(tmp_path, computed):
    return sections.keep({"complaints": computed}, tmp_path / "kept", sections.parameters_key(2025))


def _damage(kept, how):
    meta, key = kept / "complaints" / "meta.json", kept / "key.json"
    if how == "key_cut":
        key.write_text(key.read_text(encoding="utf-8")[:7], encoding="utf-8")
        return "kept/key.json"
    if how == "key_list":
        key.write_text("[]", encoding="utf-8")
        return "kept/key.json"
    if how == "meta_cut":
        meta.write_text(meta.read_text(encoding="utf-8")[:20], encoding="utf-8")
    elif how == "meta_no_tables":
        meta.write_text('{"meta": {}}', encoding="utf-8")
    elif how == "meta_bytes":
        meta.write_bytes(b"\xff\xfe{\x00")
    elif how == "meta_deep":
        meta.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif how == "table_cut":
        t = next((kept / "complaints").glob("*.parquet"))
        t.write_bytes(t.read_bytes()[:100])
        return f"kept/complaints/{t.name}"
    elif how == "table_gone":
        t = next((kept / "complaints").glob("*.parquet"))
        t.unlink()
        return f"kept/complaints/{t.name}"
    return "kept/complaints/meta.json"


HOW = ["key_cut", "key_list", "meta_cut", "meta_no_tables", "meta_bytes", "meta_deep", "table_cut", "table_gone"]


@pytest.mark.parametrize("how", HOW)
def test_a_damaged_kept_file_is_refused_naming_it_and_the_fix(kept, how):
    named = _damage(kept, how)
    with pytest.raises(sections.KeptDamaged) as e:
        sections.load(kept, "complaints", sections.parameters_key(2025))
    said = str(e.value)
    assert e.value.exit_code == EXIT_BUILD
    assert said.startswith(named), said
    assert "已损坏" in said and "damaged" in said and said.index("已损坏") < said.index("damaged")
    assert "删除" in said and "delete the folder" in said and "windoweval report" in said


@pytest.mark.parametrize("how", ["key_cut", "meta_cut", "table_cut"])
def test_a_notebooks_section_is_computed_again_and_said(kept, computed, how):
    named = _damage(kept, how)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = sections.section("complaints", 2025, kept=kept)
    said = "\n".join(str(x.message) for x in w)
    assert got.origin == "computed"
    assert named in said and "重新计算" in said and "computed again" in said
    for name, df in computed.tables.items():
        if df is not None:
            pd.testing.assert_frame_equal(got.tables[name], df)


def test_a_whole_kept_section_is_still_read(kept):
    got = sections.load(kept, "complaints", sections.parameters_key(2025))
    assert got is not None and got.origin == "kept"
