"""The house review of the seventeenth round's merges (dup18): what a message was built from.

Each test says what was seen and what is right.
"""
from __future__ import annotations

import errno

from _workspace import fault_repairs_csv, write_workspace


def test_a_write_stopped_after_the_import_went_in_keeps_the_whole_path_and_reason(tmp_path, monkeypatch, capsys):
    """``records import`` whose writing the machine stops (a read-only file system) after its dataset went in says so
    (cli ``_run_printable``).  That message was the general one cut apart at its first ``;`` and glued to the
    import's sentence: a store under a folder whose name holds a ``;`` (``2025;第一批``) lost the rest of the path
    and the reason (文件系统是只读的 / read-only) from both languages.  The message is composed whole: the path, the
    reason and that the import went in, never that the data are untouched."""
    from windoweval import atomic, cli

    store = write_workspace(tmp_path / "2025;第一批")
    a, b = (fault_repairs_csv(tmp_path / f"{x}.csv", x.upper(), n) for x, n in (("a", 2), ("b", 3)))
    assert cli.main(["records", "import", "work_orders", str(a), "--data", str(store), "--replace"]) == 0

    def read_only(path):      # the former dataset cannot be removed: the file system went read-only
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(atomic, "_remove", read_only)
    capsys.readouterr()
    rc = cli.main(["records", "import", "work_orders", str(b), "--data", str(store), "--replace"])
    err = capsys.readouterr().err
    assert rc == 4, err
    assert "文件系统是只读的" in err and "the file system is read-only" in err, err
    assert "本次导入已在此前完成" in err and "the import went in before that" in err, err
    assert err.count("2025;第一批") == 4, err      # where it stopped and where the records are, in both languages
    assert "未改动" not in err and "untouched" not in err, err


def test_the_command_line_never_advises_a_maxit_it_does_not_have(tmp_path, capsys, monkeypatch):
    """``survey estimate --rake`` has no ``maxit`` (it rakes 100 sweeps): its warning that the rake did not converge
    gives the command line's advice (check the margins) in place of the function's (raise maxit).  The command had
    replaced the function's words copied as text, which a rewording of either silently undoes; both now read
    ``survey.design.RAKE_ADVICE``."""
    from pathlib import Path

    from _workspace import rake_margins
    from windoweval.cli.survey import main
    from windoweval.survey import delivery as D
    from windoweval.survey import design as DS
    from windoweval.survey.instrument import load_instrument

    src = Path(__file__).parent / "golden" / "survey_fixture.csv"
    chk = D.parse_delivery(src, load_instrument("power_hall"), year=2025)
    rk = rake_margins(tmp_path, sorted(chk.valid["window_id"].unique()),
                      sorted(chk.valid["customer_type"].dropna().unique()))
    rake = DS.rake
    monkeypatch.setattr(DS, "rake", lambda d, m, **kw: rake(d, m, maxit=1, epsilon=1e-10))   # one sweep only
    assert main(["survey", "estimate", str(src), "--instrument", "power_hall", "--measures", "overall",
                 "--rake", str(rk), "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert "did not converge after 1 iterations" in err and "未收敛" in err, err
    assert "check the margins' totals and levels" in err and "请核对各边际的总数与取值" in err, err
    assert "maxit" not in err, err
