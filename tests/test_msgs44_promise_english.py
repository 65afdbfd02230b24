"""msgs44: the promise register in English, the standard's words too.

``promises.yaml`` had the standard's wording (``zh``) only in Chinese: the English table to publish
(``publication_table(lang="en")``, the English half of the zh+en report) showed it in Chinese under "Wording in the
standard".  Every bundled promise now has ``text_en`` (the standard's words translated as they stand, from
/work/shared/standards/*.zh.txt) beside ``en`` (the published promise in English, ``public_zh``'s twin); the English
table shows it where the Chinese one shows ``zh``.  An organisation's own register without ``text_en`` still loads,
its English table showing the Chinese words as before.
"""
import re

import pytest

from windoweval.errors import EXIT_INPUT
from windoweval.promise_register import load_promises

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_bundled_promise_has_both_languages_of_both_wordings():
    reg = load_promises()
    assert len(reg) >= 25
    for _, p in reg.iterrows():
        for zh, en in (("zh", "text_en"), ("public_zh", "en")):
            assert isinstance(p[zh], str) and HAN.search(p[zh]), (p["promise_id"], zh)
            assert isinstance(p[en], str) and p[en].strip() and not HAN.search(p[en]), (p["promise_id"], en)
    assert reg["text_en"].is_unique


def test_the_numbers_of_the_standards_words_are_in_their_english():
    # a translation keeps the promise's limits: each duration of the Chinese words is in the English
    for _, p in load_promises().iterrows():
        got = set(re.findall(r"\d+", p["text_en"]))
        for n in re.findall(r"(\d+)(?:分钟|个工作日|天|小时|秒)", p["zh"]):
            assert n in got, (p["promise_id"], n, p["text_en"])


@pytest.fixture(scope="module")
def tables():
    from windoweval import promises

    return (promises.publication_table(2025, lang="zh"), promises.publication_table(2025, lang="en"),
            load_promises())


def test_the_english_table_shows_the_standards_words_in_english(tables):
    zh, en, reg = tables
    words = en["Wording in the standard"]
    shown = words[words != "—"]
    assert len(shown) and not shown.map(lambda v: bool(HAN.search(v))).any(), shown[shown.str.contains(HAN)].tolist()
    assert set(shown) <= set(reg["text_en"])
    # paired by position with the Chinese table's 承诺内容: the same promise on the same row
    pairs = dict(zip(reg["zh"], reg["text_en"]))
    assert [pairs.get(z, "—") for z in zh["承诺内容"]] == en["Wording in the standard"].tolist()


def test_an_own_register_without_text_en_still_loads(tmp_path):
    import windoweval

    text = open(windoweval.__path__[0] + "/promises.yaml", encoding="utf-8").read()
    own = tmp_path / "promises.yaml"
    own.write_text("\n".join(l for l in text.splitlines() if not l.startswith("    text_en:")), encoding="utf-8")
    reg = load_promises(own)
    assert reg["text_en"].isna().all() and len(reg) == len(load_promises())


def test_an_empty_text_en_is_refused_naming_the_promise(tmp_path):
    import windoweval

    text = open(windoweval.__path__[0] + "/promises.yaml", encoding="utf-8").read()
    own = tmp_path / "promises.yaml"
    own.write_text(text.replace('text_en: "Customer complaints are answered within 5 days"', 'text_en: ""'),
                   encoding="utf-8")
    with pytest.raises(Exception) as e:
        load_promises(own)
    assert getattr(e.value, "exit_code", None) == EXIT_INPUT
    assert "pw_complaint_reply_5d" in str(e.value) and "text_en" in str(e.value)
