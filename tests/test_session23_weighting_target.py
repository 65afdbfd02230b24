"""``survey estimate --weighting PATH`` (survey23): a name that is neither .json nor .csv was written as CSV in
silence (an ``.xlsx`` Excel then cannot open), and a PATH naming the delivery or a population table overwrote that
input (raw data is immutable). Both are now usage errors (exit 2, zh then en) and nothing is written."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from test_survey23_weighting import _run, files  # noqa: E402,F401  (the fixture)


def _digest(p):
    return p.read_bytes()


def test_the_delivery_is_never_overwritten(files, capsys):
    before = _digest(files / "delivery.csv")
    rc, got = _run(capsys, files, ["--rake", str(files / "rake.csv"), "--weighting", str(files / "delivery.csv")])
    assert rc == 2 and "is an input of this command" in got.err and "输入文件" in got.err
    assert _digest(files / "delivery.csv") == before


def test_a_population_table_is_never_overwritten(files, capsys):
    before = _digest(files / "rake.csv")
    rc, got = _run(capsys, files, ["--rake", str(files / "rake.csv"),
                                   "--weighting", str(files / "." / "rake.csv")])
    assert rc == 2 and _digest(files / "rake.csv") == before


def test_a_name_that_does_not_say_the_format_is_refused(files, capsys):
    rc, got = _run(capsys, files, ["--rake", str(files / "rake.csv"), "--weighting", str(files / "w.xlsx")])
    assert rc == 2 and ".json 或 .csv" in got.err and "must end in .json or .csv" in got.err
    assert not (files / "w.xlsx").exists()


def test_a_csv_name_is_written(files, capsys):
    rc, got = _run(capsys, files, ["--rake", str(files / "rake.csv"), "--weighting", str(files / "W.CSV")])
    assert rc == 0, got.err
    assert (files / "W.CSV").read_bytes().startswith("\ufeff".encode())


def test_the_account_names_its_options_without_a_formula_mark(files, capsys):
    import pandas as pd
    rc, got = _run(capsys, files, ["--rake", str(files / "rake.csv"), "--trim-upper", "5000",
                                   "--weighting", str(files / "w.csv")])
    assert rc == 0, got.err
    src = pd.read_csv(files / "w.csv", encoding="utf-8-sig", dtype=str)["source"].dropna().unique()
    assert not any(s.startswith(("'", "-", "=", "+", "@")) for s in src), src   # the gate had prefixed "'--rake ..."
    assert any(s.startswith("命令行 command line: --rake") for s in src) and any("--trim-upper 5000" in s for s in src)
