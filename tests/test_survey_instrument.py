"""Instruments: the shipped questionnaires load, and a broken one is refused with every reason."""
import copy

import pytest
import yaml

from windoweval import paths
from windoweval.survey.instrument import InstrumentError, list_instruments, load_instrument


@pytest.mark.parametrize("name", ["power_hall", "hospital_window"])
def test_shipped_instruments(name):
    ins = load_instrument(name)
    assert [d.id for d in ins.dimensions] == ["environment", "staff", "efficiency", "information", "convenience"]
    assert sum(d.weight for d in ins.dimensions) == pytest.approx(1.0)
    assert (ins.scale_min, ins.scale_max, ins.satisfied_min) == (1, 5, 4)
    assert ins.missing_codes[9][0].startswith("不清楚")
    assert ins.overall_id == "overall" and len(ins.reverse_items) == 2
    for it in ins.items:
        assert it.zh and it.en and it.dimension
    for d in ins.dimensions:
        assert len(d.items) >= 3
    assert ins.label_sets["satisfaction"][5] == ("非常满意", "Very satisfied")
    assert ins.label_to_code("overall")["非常满意"] == 5 and ins.label_to_code("overall")["不清楚"] == 9
    assert ins.complaint_terms and ins.customer_types


def test_list_and_cache():
    t = list_instruments()
    assert set(t["id"]) == {"power_hall", "hospital_window"}
    assert load_instrument("power_hall") is load_instrument(paths.INSTRUMENTS_DIR / "power_hall.yaml")


def _raw():
    with open(paths.INSTRUMENTS_DIR / "power_hall.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.mark.parametrize("mutate, fragment", [
    (lambda r: r["items"][0].update(dimension="nowhere"), "dimension 'nowhere' is not defined"),
    (lambda r: r["items"].append(dict(r["items"][0])), "duplicate item ids: env1"),
    (lambda r: r["items"][0].update(id="weight"), "clash with fixed columns: weight"),
    (lambda r: r["missing_codes"].update({3: {"zh": "x", "en": "x"}}), "missing code 3 lies inside the scale"),
    (lambda r: r["dimensions"][0].update(weight=0), "weight must be greater than 0"),
    (lambda r: r["scale"]["labels"]["satisfaction"].pop(3), "must cover exactly 1-5"),
    (lambda r: r["items"][1].pop("en"), "lacks Chinese (zh) or English (en)"),
    (lambda r: r["items"][2].update(labels="nope"), "label set 'nope' is not defined"),
])
def test_broken_instruments_are_refused(mutate, fragment):
    r = copy.deepcopy(_raw())
    mutate(r)
    with pytest.raises(InstrumentError) as e:
        load_instrument(r)
    assert fragment in str(e.value)


def test_unknown_instrument_names_the_known_ones():
    with pytest.raises(InstrumentError, match="hospital_window, power_hall"):
        load_instrument("gas_station")


def test_every_text_in_the_instrument_files_is_quoted():
    """An unquoted English text in a YAML flow mapping is cut at its first comma."""
    import re

    from windoweval import paths

    for p in paths.INSTRUMENTS_DIR.glob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        assert not re.findall(r'\b(?:zh|en|title_zh|title_en): [^"\s]', text), p
        ins = load_instrument(p)
        assert all(not it.en.endswith(("Staff chatted", "Services")) for it in ins.items)


def test_instrument_by_any_path(tmp_path):
    from windoweval import paths

    p = tmp_path / "our questionnaire v2.yml"
    p.write_bytes((paths.INSTRUMENTS_DIR / "power_hall.yaml").read_bytes())
    ins = load_instrument(p)
    assert ins.id == "power_hall" and ins.path == p.resolve() and ins.text == p.read_text(encoding="utf-8")
