"""A workspace window whose ``kind`` no standard applies to (third audit of issues 11 and 13).

With ``kind = "power_hal"`` (a typo) the hall's 12,000 records were scored nowhere: ``records check`` and the
report exited 0, and the hall was absent from every page, the index and ``summary.json`` without a word.  Every
command that reads the year's data now refuses it (exit 3) naming the window, the kind and the nearest kinds.
"""
from __future__ import annotations

import shutil

import pytest

from windoweval.cli import main


@pytest.fixture(scope="module")
def typo(tmp_path_factory):
    from windoweval.demo import generate

    d = generate(tmp_path_factory.mktemp("kinds") / "data", year=2025)
    ws = d / "windoweval.toml"
    text = ws.read_text(encoding="utf-8")
    assert 'kind = "power_hall"' in text
    ws.write_text(text.replace('kind = "power_hall"', 'kind = "power_hal"', 1), encoding="utf-8")
    return d


@pytest.mark.parametrize("cmd", [["report"], ["score"], ["complaints"], ["promises"], ["review"], ["records", "check"]])
def test_a_kind_no_standard_applies_to_is_refused(typo, tmp_path, capsys, cmd):
    opts = [] if cmd[0] == "records" else ["--year", "2025", "--out", str(tmp_path / "out")]
    code = main([*cmd, "--data", str(typo), *opts])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "PW01" in err and "power_hal" in err and "power_hall" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "2025").exists()


def test_every_kind_of_the_demo_is_known(tmp_path):
    from windoweval.demo import generate
    from windoweval.evaluation import known_kinds
    from windoweval.records.workspace import load_workspace

    ws = load_workspace(generate(tmp_path / "data", year=2025))
    assert set(ws.windows["kind"]) <= set(known_kinds())


def test_the_readme_names_every_kind():
    from windoweval import paths
    from windoweval.evaluation import known_kinds

    readme = (paths.ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert all(k in readme for k in known_kinds()), [k for k in known_kinds() if k not in readme]
