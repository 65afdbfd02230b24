"""exports44: the promise fulfilment table's English beside its own Chinese.

``fulfilment`` by promise carried ``public_zh`` (the promise as published), ``zh`` (the standard's words) and ``en``
(the *published* promise in English): the zh+en page, the kept tables, the CSV and the workbook paired ``zh`` with
``en`` (条文 / Text: the standard's words beside the published English) and the English page showed the published
English under "Text" beside the Chinese ``public_zh``.  Now ``public_zh``/``public_en`` and ``text_zh``/``text_en``
(the register's ``zh`` and ``text_en``) are each a pair.  The register's field is ``public_en``; ``en``, its older
name, is still read (organisations' own registers stay valid); both at once are refused, exit 3.
"""
import pandas as pd
import pytest

import windoweval
from windoweval import present
from windoweval import promises as P
from windoweval.errors import EXIT_INPUT
from windoweval.promise_register import load_promises
from windoweval.report.build import export_frame


def _occ():
    return pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 3, "window_id": ["PW01"] * 3,
                         "month": ["2025-06"] * 3, "passed": pd.array([True, True, False], dtype="boolean"),
                         "open": [False] * 3, "excused": [False] * 3})


@pytest.fixture
def shown(monkeypatch):
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append(bundle))
    yield got
    present.setup("zh")


def test_fulfilment_pairs_each_english_with_its_own_chinese():
    per = P.fulfilment(occ=_occ(), standard="power_window").set_index("promise_id")
    reg = load_promises().set_index("promise_id")
    p = per.loc["pw_fault_repair_45min"]
    assert p["text_zh"] == reg.loc["pw_fault_repair_45min", "zh"]
    assert p["text_en"] == reg.loc["pw_fault_repair_45min", "text_en"]
    assert p["public_zh"] == reg.loc["pw_fault_repair_45min", "public_zh"]
    assert p["public_en"] == reg.loc["pw_fault_repair_45min", "public_en"]
    assert "en" not in per.columns and "zh" not in per.columns      # no column whose twin is another pair's


def test_the_bilingual_export_sets_the_standards_words_beside_their_english(shown):
    per = P.fulfilment(occ=_occ(), standard="power_window")
    present.setup("zh+en")
    present.table(per, "fulfilment", "promises.table.fulfilment")
    got = export_frame(shown[-1][present.TABLE_MIME])
    row = per.index[per["promise_id"] == "pw_fault_repair_45min"][0]
    text = next(h for h in got.columns if h.startswith("条文"))
    public = next(h for h in got.columns if h.startswith("承诺(对外表述)"))
    assert got.loc[row, text] == f"{per.loc[row, 'text_zh']} / {per.loc[row, 'text_en']}"
    assert got.loc[row, public] == f"{per.loc[row, 'public_zh']} / {per.loc[row, 'public_en']}"


def test_the_english_page_shows_english_under_both_headers(shown):
    per = P.fulfilment(occ=_occ(), standard="power_window")
    present.setup("en")
    out = present.localise(per, rename=False)
    assert out["public"].tolist() == per["public_en"].tolist()
    assert out["text"].tolist() == per["text_en"].tolist()
    assert "public_zh" not in out.columns and "text_zh" not in out.columns


def _register(tmp_path, old, new):
    text = open(windoweval.__path__[0] + "/promises.yaml", encoding="utf-8").read()
    assert old in text
    f = tmp_path / "promises.yaml"
    f.write_text(text.replace(old, new), encoding="utf-8")
    return f


def test_an_own_register_writing_en_is_read_as_public_en(tmp_path):
    f = _register(tmp_path, "    public_en: ", "    en: ")
    reg = load_promises(f)
    assert reg["public_en"].tolist() == load_promises()["public_en"].tolist()
    en = P.publication_table(2025, occ=_occ(), lang="en", standard="power_window", register=f)
    assert en["Promise"].iloc[0] == load_promises()["public_en"].iloc[0]


def test_a_register_writing_both_names_is_refused(tmp_path):
    from windoweval.promise_register import PromiseRegisterError

    first = load_promises()["public_en"].iloc[0]
    f = _register(tmp_path, f"    public_en: {first}", f"    en: Something else.\n    public_en: {first}")
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(f)
    said = str(e.value)
    assert e.value.exit_code == EXIT_INPUT
    assert "public_en" in said and "Something else." in said and "remove en" in said
