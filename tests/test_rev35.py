"""Review of the merged branch audit35 (shown paths, published modes): the defects confirmed against the code.

Each test's docstring names the place (file:line on the code before the fix), what was wrong, what is right, and how
many of its checks failed on the code before (``main`` at a20e245).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _workspace import HALL, write_workspace  # noqa: E402


def test_one_runs_data_folder_does_not_stay_the_root_of_later_messages(tmp_path, capsys):
    """windoweval/cli/__init__.py:228 (``_run_printable``) set :func:`windoweval.privacy.path_roots` from ``--data``
    and never set it back: after ``windoweval.cli.main([... "--data", "/home/张三/data"])`` in a process (a notebook,
    the test suite, a scheduler calling ``main`` twice), every later message of that process, from the library as
    much as from the next command, still named a file under that folder relative to it, and a second in-process run
    that has no ``--data`` was shown relative to the first run's folder.  Right: the roots hold for the run that
    gave them; after it, the former roots (none) are back.  Fails on the code before: 1 test (2 checks)."""
    from windoweval.cli import main
    from windoweval.privacy import mask_message, shown_paths

    data = write_workspace(tmp_path / "home" / "张三" / "data", HALL)
    inside = str(data / "exports" / "工单.csv")
    before = shown_paths(inside)
    assert before == "工单.csv"
    main(["records", "check", "--data", str(data)])
    capsys.readouterr()
    assert shown_paths(inside) == before, shown_paths(inside)
    assert mask_message(f"{inside}: 1 处") == "工单.csv: 1 处"


def test_roots_are_set_back_when_the_run_fails(tmp_path, capsys):
    """The same state after a run that ends in a refusal (exit 2/3) or a bug: the roots are set back in every case
    (a ``with`` block, not a reset at the end of the happy path).  Fails on the code before: 1 test."""
    from windoweval.cli import main
    from windoweval.privacy import shown_paths

    missing = tmp_path / "home" / "张三" / "无此目录"
    code = main(["records", "check", "--data", str(missing)])
    capsys.readouterr()
    assert code != 0
    assert shown_paths(str(missing / "sub" / "a.csv")) == "a.csv"


@pytest.fixture
def umask():
    """Set the process's umask for one test; the former one back after it."""
    former = os.umask(0o022)
    os.umask(former)
    yield lambda m: os.umask(m)
    os.umask(former)


@pytest.mark.parametrize("mask, given", [(0o022, 0o700), (0o022, 0o750), (0o002, 0o750), (0o022, 0o770),
                                         (0o077, 0o700)])
def test_a_folder_built_again_keeps_the_permissions_it_had(tmp_path, umask, mask, given):
    """windoweval/atomic.py:367 (``replacing_dir``) and windoweval/report/build.py:299/601 gave the folder swapped in
    :func:`windoweval.atomic.published_mode` (0o777 without the umask) whatever the folder it replaces had: a report
    or store folder an administrator closed with ``chmod 700`` (it holds personal data) was opened to everyone
    (0o755) by the next build under the usual umask 022, and a group share set to 0o770 lost its group's write or
    was opened to others.  Right: as ``open(path, "w")`` keeps an existing file's mode, a folder built again keeps the
    mode of the one it replaces; a new one gets what the umask gives.  Fails on the code before: 4 of 5 (0o700,
    0o750 and 0o770 under umask 022, 0o750 under 002; 0o700 under 077 passed)."""
    from windoweval.atomic import replacing_dir

    umask(mask)
    target = tmp_path / "report"
    target.mkdir()
    target.chmod(given)
    with replacing_dir(target) as new:
        (new / "index.html").write_text("x", encoding="utf-8")
    assert oct(target.stat().st_mode & 0o777) == oct(given)
    assert (target / "index.html").read_text(encoding="utf-8") == "x"


def test_a_new_folder_and_file_still_get_the_umasks_mode(tmp_path, umask):
    """The rule for a new one is unchanged (audit35): what the umask gives, 0o775/0o664 under umask 002 (a group
    share), 0o700/0o600 under 077.  Passes on the code before too (a guard for the fix)."""
    from windoweval.atomic import replacing_dir, write_bytes

    for mask, folder, file in ((0o002, 0o775, 0o664), (0o077, 0o700, 0o600), (0o022, 0o755, 0o644)):
        umask(mask)
        target = tmp_path / f"out{mask:o}"
        with replacing_dir(target) as new:
            (new / "a").write_text("a")
        p = write_bytes(tmp_path / f"t{mask:o}.xlsx", b"PK")
        assert (oct(target.stat().st_mode & 0o777), oct(p.stat().st_mode & 0o777)) == (oct(folder), oct(file))


@pytest.mark.parametrize("mask, given", [(0o022, 0o600), (0o002, 0o640), (0o077, 0o600)])
def test_a_file_written_again_keeps_the_permissions_it_had(tmp_path, umask, mask, given):
    """windoweval/atomic.py:410 (``write_bytes``, hence ``write_text`` and every exported XLSX/CSV written through
    it) chmod-ed the new file to the umask's mode: an export an administrator had closed to 0o600 (it lists
    complaints) became 0o644 when written again under umask 022 -- wider than ``open(path, "w")``, which keeps an
    existing file's mode.  Right: an existing file's mode is kept.  Fails on the code before: 2 of 3 (0o600 under
    022, 0o640 under 002)."""
    from windoweval.atomic import write_bytes

    umask(mask)
    p = tmp_path / "complaints.xlsx"
    p.write_bytes(b"old")
    p.chmod(given)
    write_bytes(p, b"PK")
    assert (p.read_bytes(), oct(p.stat().st_mode & 0o777)) == (b"PK", oct(given))


@pytest.mark.parametrize("value", ["/2025/06/02", "/06/02/2025", "/1/2/3", "\\\\2025\\06\\02"])
def test_a_value_that_looks_like_folders_is_not_cut(value):
    """windoweval/privacy.py:924 (``shown_paths``, inside every ``mask_message``) took off anything shaped like two or
    more folders after a ``/`` or ``\\\\`` that no word precedes: a refusal quoting the bad value ``'/2025/06/02'``
    (a date with a leading slash, as some exports write an empty year field) said ``受理时间 '02' 不是日期`` -- the
    value the user must find in the file was no longer the one in it.  Right: "folders" without a letter of any
    script (digits and punctuation) cannot carry a person's name and are kept as written; a path with a name in it
    is still shortened.  Fails on the code before: 4 of 4."""
    from windoweval.privacy import mask_message, shown_paths

    msg = f"受理时间 / received_at '{value}' 不是日期 / not a date"
    assert shown_paths(msg) == msg
    assert value in mask_message(msg)
    assert shown_paths("见 /home/张三/2025/06/工单.csv") == "见 工单.csv"


def test_a_relative_instrument_path_gives_the_same_kept_key_in_the_notebooks(tmp_path, monkeypatch):
    """windoweval/sections.py:100 (``parameters_key``, audit35) keys an instrument given by path by the digest of the
    path *resolved*; windoweval/report/settings.py:105 passed ``--instrument orgs/my.yaml`` on as given.  The build
    resolved it against the user's folder, the notebooks' kernels (started in the build folder) against theirs: two
    different keys, so no notebook ever reused the kept sections (and the kernel could not find the file).  Right:
    the report's parameters carry the instrument's absolute path, as they carry ``data``'s; a name (``power_hall``)
    is kept.  Fails on the code before: 1 test."""
    from windoweval import sections
    from windoweval.report.settings import parameters

    (tmp_path / "user" / "orgs").mkdir(parents=True)
    (tmp_path / "user" / "orgs" / "my.yaml").write_text("instrument: {}\n", encoding="utf-8")
    (tmp_path / "build").mkdir()
    monkeypatch.chdir(tmp_path / "user")
    p = parameters(2025, instrument="orgs/my.yaml")
    assert Path(p["instrument"]).is_absolute() and Path(p["instrument"]).is_file()
    built = sections.parameters_key(2025, instrument=p["instrument"])
    monkeypatch.chdir(tmp_path / "build")              # where the notebooks run
    assert sections.parameters_key(2025, instrument=p["instrument"]) == built
    assert parameters(2025)["instrument"] == parameters(2025, instrument="power_hall")["instrument"] == "power_hall"
