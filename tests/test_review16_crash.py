"""Review rev16a of the audit31 merge (d9402eb..ecd05d7): crash safety, folder locks, stop signals, CLI arguments.

Run: python -m pytest tests/test_review16_crash.py (each test says what the reviewer saw and what is right).
"""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import windoweval
from tests._workspace import fault_repairs_csv, fill, import_stopped_after_it_went_in, write_workspace
from tests._workspace import tmpfs as _tmpfs
from tests._workspace import stop_signals as _stop_signals

TREE = Path(windoweval.__file__).resolve().parent.parent


def _env(**extra):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "250",
           "PYTHONPATH": os.pathsep.join([str(TREE), os.environ.get("PYTHONPATH", "")])}
    env.pop("WINDOWEVAL_KILL_AT", None)
    env.update(extra)
    return env


def _cli(*args, cwd=None, timeout=600, **env):
    return subprocess.run([sys.executable, "-m", "windoweval.cli", *map(str, args)], cwd=cwd or tempfile.gettempdir(),
                          env=_env(**env), capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def _workspace(folder: Path) -> Path:
    return write_workspace(folder, name="t")


def _orders(path: Path, prefix: str, n: int) -> Path:
    return fault_repairs_csv(path, prefix, n)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from windoweval.demo import generate

    return generate(tmp_path_factory.mktemp("org") / "data", year=2025)


@pytest.fixture
def stop_signals():
    """The handlers ``windoweval`` (the program) installs: SIGTERM/SIGHUP/SIGINT raise ``cli.Stopped``."""
    with _stop_signals() as cli:
        yield cli


def test_stop_after_the_dataset_went_in_loses_its_kept_copy(tmp_path, stop_signals, monkeypatch):
    """``records import`` stopped (SIGTERM: a scheduler's timeout) while the former dataset is being removed, i.e.
    after the new dataset was swapped in (windoweval/atomic.py swap_dir: ``_remove(new)`` after the exchange).

    Seen: records/store.py ``_import_locked``'s ``except BaseException`` unlinks the pending copy although the
    dataset that went in names it: the store's delivery log names ``_raw/work_orders/<sha>.csv`` and that file is
    gone for ever (verify_raw: missing), and the command says exit 4 "the previous ... data are untouched" while
    the new records are in.  Before this merge SIGTERM ended the process at once and the named copy stayed.
    Right: once the dataset is in, the pending copy is named (or left for settle_pending, which names it), never
    removed: every import the store lists has its kept copy, hashing to its name."""
    from windoweval.records import read_records
    from windoweval.records.store import list_deliveries, verify_raw

    cli = stop_signals
    store = _workspace(tmp_path / "store")
    a, b = _orders(tmp_path / "a.csv", "A", 3), _orders(tmp_path / "b.csv", "B", 4)
    assert cli.main(["records", "import", "work_orders", str(a), "--data", str(store), "--replace"]) == 0
    rc = import_stopped_after_it_went_in(cli, monkeypatch, store, b)
    ids = sorted(read_records("work_orders", store, year=2025)["order_id"])
    assert rc == 4
    assert ids == [f"B{i:03d}" for i in range(4)]          # the new dataset went in
    named = list_deliveries(store, kind="work_orders")["raw"].tolist()
    missing = [r for r in named if not (store / r).exists()]
    assert missing == [], f"the store names kept copies that are gone: {missing}"
    ok = verify_raw(store)
    assert ok["ok"].all(), ok.to_dict("records")


def _wait_for(err: Path, text: str, p, limit=120):
    t0 = time.monotonic()
    while text not in err.read_text(encoding="utf-8"):
        assert p.poll() is None, err.read_text(encoding="utf-8")[-3000:]
        assert time.monotonic() - t0 < limit
        time.sleep(0.05)


def test_stop_while_waiting_for_the_folder_at_start_up(demo, tmp_path):
    """A command started while another run holds its ``--out`` folder, the folder holding a killed run's staging
    folder: cli/__init__.py ``_recover`` (called at line 215, before the ``try`` of ``_run_printable``) waits for
    the folder's lock (atomic.recover_files -> folder_lock) and says so; SIGTERM then (a scheduler's timeout).

    Seen: ``windoweval.cli.Stopped`` escapes: a Python traceback and exit 1, a code the README's table does not have.
    Right (README, docs/scheduling.md): a stop asked of the process exits 4 with the bilingual "stopped" message and
    no traceback, as it does when the same wait happens inside the command (publishing_files)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / ".complaints.files-999999999-abc").mkdir()       # what a killed run left
    err = tmp_path / "err.txt"
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)                        # another run writing into the folder
        with open(err, "w") as fe:
            p = subprocess.Popen([sys.executable, "-m", "windoweval.cli", "complaints", "--year", "2025", "--data",
                                  str(demo), "--out", str(out)], cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL,
                                 stderr=fe, stdin=subprocess.DEVNULL)
        _wait_for(err, "waiting for it to finish", p)
        p.send_signal(signal.SIGTERM)
        rc = p.wait(60)
    finally:
        os.close(fd)
    said = err.read_text(encoding="utf-8")
    assert "Traceback" not in said, said[-2000:]
    assert rc == 4, (rc, said[-2000:])
    assert "已中止(SIGTERM)" in said and "stopped (SIGTERM)" in said


def test_stop_while_the_group_is_moved_in_leaves_some_of_each(demo, tmp_path, stop_signals, monkeypatch):
    """``complaints --out`` stopped (SIGTERM) while its group of CSVs is being moved into the folder
    (atomic._roll_forward, after the journal, the commit point, was written: the first file moved).

    Seen: exit 4 saying "the unfinished output was removed; the previous ... output ... untouched" while the folder
    holds this run's first CSV beside the former run's others (some of each), until some later windoweval run
    rolls the journal forward.  Right (docs/scheduling.md: "a killed run leaves the former group or its own, never
    some of each"; a caught stop is no kill): past the journal the publication is finished before the stop is
    honoured (or the message and the code say what was published); never a mixture left with a claim of untouched."""
    from windoweval import atomic

    cli = stop_signals
    out = tmp_path / "out"
    assert cli.main(["complaints", "--year", "2025", "--data", str(demo), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.glob("*.csv"))
    assert len(names) > 1
    for n in names:                              # the former run's group, recognisable
        (out / n).write_text("former\n", encoding="utf-8")
    real = atomic._step

    def step(name):
        if name == "files_half_moved":
            os.kill(os.getpid(), signal.SIGTERM)
        real(name)

    monkeypatch.setattr(atomic, "_step", step)
    rc = cli.main(["complaints", "--year", "2025", "--data", str(demo), "--out", str(out)])
    monkeypatch.setattr(atomic, "_step", real)
    former = [n for n in names if (out / n).read_text(encoding="utf-8") == "former\n"]
    assert rc == 4
    assert former in ([], names), f"some of each after exit {rc}: former {former}, new {sorted(set(names) - set(former))}"


def test_stop_while_score_waits_for_its_missed_records_writer(demo, tmp_path, stop_signals, monkeypatch):
    """``score --out`` stopped (SIGTERM) while the main thread waits for the thread writing the missed records
    (cli/scoring.py ``writing.result()``, outside the ``try`` whose ``except BaseException`` waits for it).

    Seen: the command unwinds at once: ``publishing_files`` removes the staging folder and lets the folder's lock go
    while the ``windoweval-missed`` thread is still writing into that staging folder (exit 4 is returned with the
    thread alive; the interpreter then ends with it running in pyarrow).  Right (the command's own comment:
    "nothing is written into the folder once it is let go"): the writer is waited for on every way out, a stop
    included, before the staging folder is removed and the lock released."""
    from windoweval.cli import scoring

    cli = stop_signals
    out = tmp_path / "out"
    real_write, real_result = scoring._write_missed, scoring._Background.result

    def slow_write(*a, **k):          # a large year's missed records take seconds to encode
        time.sleep(1.5)
        return real_write(*a, **k)

    def result(self):                 # the stop arrives while the main thread waits here
        os.kill(os.getpid(), signal.SIGTERM)
        return real_result(self)

    monkeypatch.setattr(scoring, "_write_missed", slow_write)
    monkeypatch.setattr(scoring._Background, "result", result)
    rc = cli.main(["score", "--standard", "power_window", "--year", "2025", "--data", str(demo), "--out", str(out)])
    alive = [t.name for t in threading.enumerate() if t.name == "windoweval-missed" and t.is_alive()]
    for t in threading.enumerate():
        if t.name == "windoweval-missed":
            t.join()
    left = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert rc == 4
    assert alive == [], "the missed-records writer still runs after the command let its folder and lock go"
    assert left == [], f"a staging folder the writer made again after it was removed: {left}"


@pytest.mark.parametrize("as_of", ["2025/12/31", "20251231", "2025-12-31 18:00+08:00", "2025年12月31日"])
def test_as_of_written_as_the_records_write_dates(as_of, demo, tmp_path):
    """``complaints --as-of`` (cli/args.py ``moment``, cli/complaints.py:249) now takes only ``YYYY-M-D[ HH:MM[:SS]]``.

    Seen: ``2025/12/31`` and ``20251231`` (exit 0 before this merge, the open cases cut at that day) are refused, exit
    2, with "'2025/12/31' is not a date or time"; a time with its zone (``+08:00``) and ``2025年12月31日`` (forms the
    package reads in every date column: records/validate.py, records/mapping.py ``_naive``; a traceback, exit 5,
    before) are refused with the same untrue message.  Right: a date the package can read is taken (a zone converted
    to local time as calendar.LOCAL_TZ does for records): the same cut-off as ``--as-of 2025-12-31[ 18:00]``."""
    base = "2025-12-31 18:00" if "18:00" in as_of else "2025-12-31"
    ref = _cli("complaints", "--year", "2025", "--data", demo, "--as-of", base, cwd=tmp_path)
    assert ref.returncode == 0, ref.stderr[-2000:]
    r = _cli("complaints", "--year", "2025", "--data", demo, "--as-of", as_of, cwd=tmp_path)
    assert r.returncode == 0, (r.returncode, r.stderr[-1500:])
    assert r.stdout.replace(as_of, base) == ref.stdout


@pytest.fixture
def tmpfs(tmp_path):
    with _tmpfs(tmp_path / "mnt", size="2m") as where:
        yield where


def _fill(where: Path, leave: int = 4096) -> None:
    fill(where, leave)


def test_full_disk_under_survey_template_says_untouched_but_destroys_the_former_file(tmpfs, tmp_path):
    """``survey template --out t.xlsx`` over a former template, the disk filling up while it is written.

    Seen: exit 4 with "the previous output and data are untouched" (cli/__init__.py ``_write_stopped``, whose
    docstring says every writing command writes aside), while survey/template.py ``wb.save(out)`` wrote in place:
    the former template is gone, ``t.xlsx`` is a broken zip, and a "Exception ignored in ZipFile.__del__ ...
    Traceback" is printed.  Right: written aside and moved in (atomic), so that the message is true and the former
    file stays whole; no traceback."""
    t = tmpfs / "t.xlsx"
    r = _cli("survey", "template", "--instrument", "power_hall", "--out", t, "--rows", "50", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    before = t.read_bytes()
    _fill(tmpfs)
    r = _cli("survey", "template", "--instrument", "power_hall", "--out", t, "--rows", "20000", cwd=tmp_path)
    assert r.returncode == 4, (r.returncode, r.stderr[-2000:])
    assert "untouched" in r.stderr
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert t.read_bytes() == before, "the former template was overwritten by half a file"


def test_full_disk_under_records_map_leaves_an_empty_file_that_blocks_the_next_run(demo, tmpfs, tmp_path):
    """``records map EXPORT --kind work_orders --out mapping.yaml`` on a full disk.

    Seen: exit 4 "cannot write: the disk is full; the previous output and data are untouched" (no file named:
    the OSError of a write has no filename, cli/__init__.py ``_write_stopped``), and cli/records.py:62
    ``out.write_text`` has left an empty ``mapping.yaml``: the run after the space is freed is refused, exit 2,
    "exists, not overwritten".  Right: nothing left behind (written aside, or removed on error), and the message
    names the file it could not write."""
    _fill(tmpfs, leave=0)
    m = tmpfs / "mapping.yaml"
    r = _cli("records", "map", demo / "work_orders.csv", "--kind", "work_orders", "--out", m, cwd=tmp_path)
    assert r.returncode == 4, (r.returncode, r.stderr[-2000:])
    # by its name: since audit35 a message never names the folders above a file (they can name a person)
    assert f"无法写入 {m.name}" in r.stderr and f"cannot write {m.name}" in r.stderr, r.stderr[-2000:]
    assert not m.exists(), f"left behind: {m} ({m.stat().st_size} bytes)"


def test_a_killed_imports_pending_copy_under_a_pid_in_use_again(tmp_path):
    """``records import`` killed (SIGKILL: a container stopped) after its dataset went in, before its kept copy was
    named; the next run has the same process id (a container's windoweval is started as the same low pid each
    time; here: the pending name rewritten to this process's id).

    Seen: records/raw.py ``settle_pending`` (and store.settle_raw) skip a pending copy whose pid is alive: the copy is
    never named, and the store's delivery log names a ``_raw`` file that does not exist (verify_raw: not ok), for as
    long as that pid lives.  Right: a pending copy only exists while its import holds the store's lock, so under that
    lock every pending copy is a dead import's: named when the dataset names it, else removed, whatever its pid.

    (Changed from the review's test: ``verify_raw`` is a reader and no longer settles; the store's writers do, at
    the next import and at every run's start-up, through ``settle_raw``, which this test calls.)"""
    from windoweval.records.store import list_deliveries, settle_raw, verify_raw

    store = _workspace(tmp_path / "store")
    a, b = _orders(tmp_path / "a.csv", "A", 3), _orders(tmp_path / "b.csv", "B", 4)
    assert _cli("records", "import", "work_orders", a, "--data", store, "--replace").returncode == 0
    r = _cli("records", "import", "work_orders", b, "--data", store, "--replace", WINDOWEVAL_KILL_AT="exchanged")
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    raw = store / "_raw" / "work_orders"
    (pending,) = [p for p in raw.iterdir() if ".pending-" in p.name]
    head, _, tail = pending.name.rpartition(".pending-")
    pending.rename(raw / f"{head}.pending-{os.getpid()}-{tail.split('-', 1)[1]}")
    assert settle_raw(store) == [f"named {head[1:]}"]
    ok = verify_raw(store)
    named = list_deliveries(store, kind="work_orders")["raw"].tolist()
    assert [r for r in named if not (store / r).exists()] == []
    assert ok["ok"].all(), ok.to_dict("records")


def test_the_exit_code_tables_name_a_stop_signal():
    """The code exits 4 when the process is asked to stop (cli/__init__.py ``_run_printable``: ``Stopped`` /
    KeyboardInterrupt -> EXIT_BUILD, for every command: score, records import, complaints …).

    Seen: README.md's exit-code table (line 105), errors.py's and the ``--help`` epilog's (cli/__init__.py docstring)
    say 4 is "the report build failed, or the machine stopped the writing (a full disk, read-only)": a scheduler's
    timeout (SIGTERM) or Ctrl-C is not there (only docs/scheduling.md says it).  Right: the table a scheduler reads
    says that 4 is also "stopped by a signal (SIGTERM/SIGHUP/SIGINT)"."""
    from windoweval import errors
    from windoweval import cli

    readme = (TREE / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| 4 |"))
    for where, text in (("README.md", row), ("errors.py", errors.__doc__), ("windoweval --help", cli.__doc__)):
        assert "SIGTERM" in text or "signal" in text or "信号" in text, (where, text)


def test_verify_raw_on_a_read_only_store(tmp_path):
    """``verify_raw`` (a reader: an auditor checking the kept deliveries, often through a read-only mount) on a store
    where a killed import left its copy pending after its dataset went in.

    Seen: records/store.py:1004 ``verify_raw`` now calls ``settle_raw`` first, which renames in the store under its
    lock: on a read-only store the rename fails and verify_raw raises ``OSError: [Errno 30] Read-only file system``
    instead of giving its table (before this merge verify_raw only read).  Right: a reader never writes, or a
    write it cannot make does not stop the check: the table, the pending copy reported (or verified under its
    pending name)."""
    from windoweval.records.store import verify_raw

    store = _workspace(tmp_path / "store")
    a, b = _orders(tmp_path / "a.csv", "A", 3), _orders(tmp_path / "b.csv", "B", 4)
    assert _cli("records", "import", "work_orders", a, "--data", store, "--replace").returncode == 0
    r = _cli("records", "import", "work_orders", b, "--data", store, "--replace", WINDOWEVAL_KILL_AT="exchanged")
    assert r.returncode == -signal.SIGKILL
    view = tmp_path / "view"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(store), str(view)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
        try:
            t = verify_raw(view)
        except OSError as e:
            pytest.fail(f"verify_raw of a read-only store raised {e!r}")
        assert len(t) == 2
        assert t["problem"].str.contains("pending").sum() == 1, t.to_dict("records")
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True)
