"""A report for a workspace whose windows are all a hospital's uses the hospital window's survey instrument when
none is given (session 32, from probe32: its survey page asked for a power-hall survey)."""
from windoweval.report.settings import parameters


def _ws(d, kinds):
    d.mkdir(exist_ok=True)
    rows = "".join(f'[[windows]]\nid = "W{i}"\nname = "窗口{i}"\nkind = "{k}"\n' for i, k in enumerate(kinds))
    (d / "windoweval.toml").write_text('name = "x"\n' + rows, encoding="utf-8")
    return d


def test_a_hospitals_report_asks_for_its_own_survey(tmp_path):
    d = _ws(tmp_path / "h", ["hospital_pharmacy", "hospital_lab", "hospital_billing"])
    assert parameters(2025, d)["instrument"] == "hospital_window"


def test_halls_or_a_mix_keep_the_power_hall_survey(tmp_path):
    assert parameters(2025, _ws(tmp_path / "p", ["power_hall"]))["instrument"] == "power_hall"
    assert parameters(2025, _ws(tmp_path / "m", ["power_hall", "hospital_lab"]))["instrument"] == "power_hall"
    assert parameters(2025)["instrument"] == "power_hall"      # the demo organisation


def test_an_instrument_given_is_kept(tmp_path):
    d = _ws(tmp_path / "h", ["hospital_pharmacy"])
    assert parameters(2025, d, instrument="power_hall")["instrument"] == "power_hall"
