"""``-p NAME VALUE`` for a parameter the report command sets itself (third audit of issues 5 and 11).

``-p year 2031`` (or ``-p data ../x``) reached the notebooks after the command had checked ``--year`` and
``--data``: ``<out>/2025/`` was built with another year's figures, or from an unchecked directory.  Such names
are refused (exit 2) naming the option that checks them; ``-p standard`` (no option of its own) stays.
"""
from __future__ import annotations

import pytest

from windoweval.cli import main


@pytest.mark.parametrize("name,value,flag", [("year", "2031", "--year"), ("year", "2024", "--year"),
                                             ("data", "../x", "--data"), ("baseline_year", "2020", "--baseline-year"),
                                             ("windows", "[PW99]", "--windows"), ("language", "fr", "--language"),
                                             ("scheduler", "tcp://10.0.0.5:8786", "--scheduler"),
                                             ("instrument", "../../x", "--instrument"), ("kept", "/etc", "-p kept")])
def test_a_parameter_with_its_own_option_is_refused(tmp_path, capsys, name, value, flag):
    code = main(["report", "--year", "2025", "--out", str(tmp_path / "out"), "--prepare-only", "-p", name, value])
    err = capsys.readouterr().err
    assert code == 2, err
    assert flag in err and "Traceback" not in err
    assert not (tmp_path / "out" / "2025.prepared").exists()


def test_standard_is_still_a_parameter(tmp_path, capsys):
    code = main(["report", "--year", "2025", "--out", str(tmp_path / "out"), "--prepare-only", "-p", "standard",
                 "hospital_commitments"])
    assert code == 0, capsys.readouterr().err
    text = (tmp_path / "out" / "2025.prepared" / "explore.ipynb").read_text(encoding="utf-8")
    assert "standard = \\\"hospital_commitments\\\"" in text or "standard = 'hospital_commitments'" in text
