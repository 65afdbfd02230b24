"""An organisation's questionnaire YAML with a key no instrument has (a typo such as `dimensons:` or `value_lables:`)
is refused naming the key, the nearest known key and the fix; before, the key was ignored without a word (audit30)."""
from __future__ import annotations

import glob

import pytest
import yaml

from tests._workspace import run_cli
from windoweval import paths
from windoweval.survey.instrument import InstrumentError, load_instrument


def _raw(name="power_hall"):
    return yaml.safe_load((paths.INSTRUMENTS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("typo,key", [("dimensons", "dimensions"), ("value_lables", "value_labels"),
                                      ("customer_type", "customer_types"), ("complaint_term", "complaint_terms"),
                                      ("missing_code", "missing_codes")])
def test_a_misspelt_top_level_key_is_refused_naming_the_nearest(typo, key):
    raw = _raw()
    raw[typo] = raw.pop(key) if key in raw else {"很满意": 5}
    with pytest.raises(InstrumentError) as e:
        load_instrument(raw)
    msg = str(e.value)
    assert f"问卷中的键 '{typo}' 无法识别" in msg and f"请改为 '{key}'" in msg
    assert f"unknown key '{typo}' in the instrument" in msg and f"did you mean '{key}'? rename it '{key}'" in msg


def test_an_unknown_key_with_no_near_one_says_delete_it_and_head_keys_are_checked_too():
    raw = _raw()
    raw["zzz_extra"] = 1
    raw["instrument"]["titel_zh"] = "x"
    with pytest.raises(InstrumentError) as e:
        load_instrument(raw)
    msg = str(e.value)
    assert "'zzz_extra'" in msg and "请删去这个键" in msg and "delete the key" in msg
    assert "'instrument.titel_zh'" in msg and "rename it 'instrument.title_zh'" in msg


@pytest.mark.parametrize("name", ["power_hall", "hospital_window"])
def test_the_shipped_instruments_have_no_unknown_key(name):
    assert load_instrument(name).notes == ()


def test_survey_check_with_a_misspelt_key_exits_3(tmp_path):
    raw = _raw()
    raw["value_lables"] = {"很满意": 5}
    (tmp_path / "i.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (tmp_path / "d.csv").write_text("respondent_id,window_id\n1,PW01\n", encoding="utf-8")
    r = run_cli("survey", "check", "d.csv", "--instrument", "i.yaml", "--year", "2025", cwd=tmp_path)
    assert r.returncode == 3 and "value_lables" in r.stderr and "value_labels" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_a_stored_copy_with_an_unknown_key_still_reads_with_a_note(tmp_path):
    """The store's copy was accepted when imported: it loads as it was and the rule only notes the key."""
    from windoweval.demo import survey as demo
    from windoweval.survey.store import import_delivery, load_survey_instrument

    ip = tmp_path / "org.yaml"
    ip.write_text(yaml.safe_dump(_raw(), allow_unicode=True), encoding="utf-8")
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=5, seed=4)
    store = tmp_path / "ws"
    store.mkdir()
    with demo.delivery_file(df, "a.csv") as p:
        import_delivery(p, str(ip), 2025, store_dir=store)
    (copy,) = glob.glob(str(store / "surveys" / "imports" / "*" / "*" / "instrument.yaml"))
    old = yaml.safe_load(open(copy, encoding="utf-8"))
    old["remark"] = "an earlier version accepted this"
    open(copy, "w", encoding="utf-8").write(yaml.safe_dump(old, allow_unicode=True))
    got = load_survey_instrument("power_hall_2025", store_dir=store)
    assert got.scale_max == 5 and any("'remark'" in n for n in got.notes)
