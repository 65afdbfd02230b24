"""An instrument whose scale runs the other way (1 = 非常满意 … 5 = 非常不满意), or that declares a reversed scale
with a key no instrument has, is refused: both were accepted without a word, and the satisfaction rate (codes >=
satisfied_min) counted the dissatisfied as satisfied (audit27)."""
from __future__ import annotations

import pytest
import yaml

from windoweval import paths
from windoweval.survey.instrument import InstrumentError, load_instrument


def _raw(name="power_hall"):
    return yaml.safe_load((paths.INSTRUMENTS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("labels", ["satisfaction"])   # agreement: review15, below
def test_a_label_set_running_opposite_to_the_scale_is_refused(labels):
    raw = _raw()
    raw["scale"]["labels"][labels] = {6 - k: v for k, v in raw["scale"]["labels"][labels].items()}
    with pytest.raises(InstrumentError) as e:
        load_instrument(raw)
    msg = str(e.value)
    assert f"标签组 '{labels}' 的方向与量表相反" in msg and f"label set '{labels}' runs opposite" in msg
    assert "(1 + 5 − 代码)" in msg and "(1 + 5 - code)" in msg


def test_an_agreement_set_running_agree_to_disagree_is_refused_only_on_items_marked_reverse():
    """review15 (fix15x): agreement is not satisfaction, so 1 = 非常同意 ... 5 = 非常不同意 is no reversed scale in itself
    (a negatively worded statement's labels may turn it); on items marked reverse: true (staff3, eff3 here) the
    software would turn it a second time, and that is refused naming the items and both ways out."""
    raw = _raw()
    raw["scale"]["labels"]["agreement"] = {6 - k: v for k, v in raw["scale"]["labels"]["agreement"].items()}
    with pytest.raises(InstrumentError) as e:
        load_instrument(raw)
    msg = str(e.value)
    assert "staff3, eff3" in msg and "reverse: true" in msg and "再反一次" in msg and "turns round again" in msg
    for it in raw["items"]:
        it.pop("reverse", None)
    assert load_instrument(raw).scale_max == 5


def test_a_reversed_satisfaction_set_in_rather_words_is_refused():
    raw = _raw()
    raw["scale"]["labels"]["satisfaction"] = {
        1: {"zh": "很满意", "en": "Very satisfied"}, 2: {"zh": "比较满意", "en": "Fairly satisfied"},
        3: {"zh": "一般", "en": "Neutral"}, 4: {"zh": "不太满意", "en": "Rather unhappy"},
        5: {"zh": "很不满意", "en": "Very unhappy"}}
    with pytest.raises(InstrumentError):
        load_instrument(raw)


@pytest.mark.parametrize("key,value", [("reversed", True), ("direction", "descending")])
def test_an_unknown_scale_key_is_refused_not_ignored(key, value):
    raw = _raw()
    raw["scale"][key] = value
    with pytest.raises(InstrumentError) as e:
        load_instrument(raw)
    assert f"scale 中的键 {key} 无法识别" in str(e.value) and f"unknown key(s) {key} in scale" in str(e.value)


@pytest.mark.parametrize("name", ["power_hall", "hospital_window"])
def test_the_shipped_instruments_still_load(name):
    assert load_instrument(name).scale_max == 5


def test_survey_check_with_a_reversed_instrument_exits_3(tmp_path):
    from tests._workspace import run_cli

    raw = _raw()
    raw["scale"]["labels"]["satisfaction"] = {6 - k: v for k, v in raw["scale"]["labels"]["satisfaction"].items()}
    (tmp_path / "i.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (tmp_path / "d.csv").write_text("respondent_id,window_id\n1,PW01\n", encoding="utf-8")
    r = run_cli("survey", "check", "d.csv", "--instrument", "i.yaml", "--year", "2025", cwd=tmp_path)
    assert r.returncode == 3 and "方向与量表相反" in r.stderr and "Traceback" not in r.stderr, r.stderr
