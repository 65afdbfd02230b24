"""leaks45: ``report --prepare-only`` wrote ``--windows`` and ``--instrument`` into the notebooks as quoted strings
without checking them (exit 0, the error left to whoever ran the notebooks); a build checks them before any notebook
runs.  Prepare-only now runs the same checks: an unknown window or instrument name is a wrong command line (exit 2),
an instrument file that is not there an input refused (exit 3); nothing is prepared."""
import pytest

from windoweval.cli import main


@pytest.mark.parametrize("option,value,code,said", [("--windows", "PW99", 2, "PW99"),
                                                    ("--instrument", "no_such_instrument", 2, "no_such_instrument"),
                                                    ("--instrument", "missing.yaml", 3, "missing.yaml")])
def test_prepare_only_checks_windows_and_instrument(tmp_path, monkeypatch, capsys, option, value, code, said):
    monkeypatch.chdir(tmp_path)
    rc = main(["report", "--year", "2025", "--out", str(tmp_path / "out"), "--prepare-only", option, value])
    err = capsys.readouterr().err
    assert rc == code, err
    assert said in err and "Traceback" not in err
    assert not (tmp_path / "out" / "2025.prepared").exists()


def test_prepare_only_with_a_known_window_and_instrument_still_prepares(tmp_path, capsys):
    rc = main(["report", "--year", "2025", "--out", str(tmp_path / "out"), "--prepare-only", "--windows", "PW01",
               "--instrument", "power_hall"])
    assert rc == 0, capsys.readouterr().err
    text = (tmp_path / "out" / "2025.prepared" / "explore.ipynb").read_text(encoding="utf-8")
    assert "PW01" in text
