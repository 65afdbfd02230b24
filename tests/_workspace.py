"""A test's workspace as data: its windows and settings written as ``windoweval.toml`` (or built as a
:class:`~windoweval.records.workspace.Workspace`), and the command line run as a user runs it.

The tests had each copied a TOML text, a ``Workspace.from_dict`` of the same windows and a subprocess helper; they
share these instead.  A window is ``(id, name, kind)``.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

#: the 95598 centre and three halls of a power-supply company, as several verdict tests use them
POWER = (("CC95598", "95598客服中心", "call_centre"), ("PW01", "城东营业厅", "power_hall"),
         ("PW02", "城西营业厅", "power_hall"), ("PW03", "城南营业厅", "power_hall"))
#: one power-supply hall
HALL = (("PW01", "城东营业厅", "power_hall"),)


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string escapes as JSON does


def workspace_toml(windows, *, name: str = "x", **settings) -> str:
    """The text of a ``windoweval.toml``: ``name``, the top-level ``settings`` (strings, numbers, booleans), then
    one ``[[windows]]`` table per ``(id, name, kind)``."""
    lines = [f"name = {_toml_value(name)}", *(f"{k} = {_toml_value(v)}" for k, v in settings.items())]
    for wid, wname, kind in windows:
        lines += ["[[windows]]", f"id = {_toml_value(wid)}", f"name = {_toml_value(wname)}",
                  f"kind = {_toml_value(kind)}"]
    return "\n".join(lines) + "\n"


def write_workspace(folder, windows=HALL, *, name: str = "x", **settings) -> Path:
    """Write ``folder/windoweval.toml`` (making the folder) and return the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "windoweval.toml").write_text(workspace_toml(windows, name=name, **settings), encoding="utf-8")
    return folder


def write_records(folder, file: str, body: bytes, windows=HALL) -> Path:
    """A one-hall workspace in ``folder`` (:func:`write_workspace`) with one records file ``file`` of the bytes
    ``body`` (an encoding, a damaged byte: the bytes as a test gives them); returns the folder."""
    folder = write_workspace(folder, windows)
    (folder / file).write_bytes(body)
    return folder


def workspace(windows=HALL, *, name: str = "x", **settings):
    """The same workspace in memory (no file)."""
    from windoweval.records.workspace import Workspace

    return Workspace.from_dict({"name": name, **settings,
                                "windows": [{"id": i, "name": n, "kind": k} for i, n, k in windows]})


def run_cli(*args, cwd, timeout: int = 600, module: str = "windoweval.cli", env: dict | None = None,
            path=()) -> subprocess.CompletedProcess:
    """``python -m windoweval.cli ARGS`` in ``cwd`` as a user runs it (UTF-8 output, a wide terminal, no stdin).

    ``module``: another way in (``windoweval``: as the console script starts the program); ``env``: variables
    added to the environment (None as a value: removed); ``path``: folders put first on the child's path."""
    env_ = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "250",
            "PYTHONPATH": os.pathsep.join([*map(str, path), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    for k, v in (env or {}).items():
        if v is None:
            env_.pop(k, None)
        else:
            env_[k] = v
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, env=env_, capture_output=True,
                          text=True, errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)


def clean_delivery(tmp_path, cells: dict, name: str = "delivery.csv") -> Path:
    """The clean survey delivery (``tests/data/survey/clean_utf8.csv``) with ``cells`` ({(data row, column): text})
    written over it, as ``tmp_path/name``."""
    lines = (ROOT / "tests" / "data" / "survey" / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    for (i, col), v in cells.items():
        row = lines[i].split(",")
        row[head.index(col)] = v
        lines[i] = ",".join(row)
    p = Path(tmp_path) / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def delivery_of_year(src, year: int, folder) -> Path:
    """A copy of the survey delivery ``src`` (a CSV whose interview dates are 2025-MM-DD) with its dates in ``year``,
    written to ``folder``: a second survey of another year for the store's tests (a 2025 file imported as 2024 has
    every respondent refused, which import refuses)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{Path(src).stem}_{year}{Path(src).suffix}"
    out.write_text(Path(src).read_text(encoding="utf-8").replace(",2025-", f",{year}-"), encoding="utf-8")
    return out


def fault_repairs_csv(path, prefix: str = "WO", n: int = 2, width: int = 3):
    """A work-order export of ``n`` fault repairs at PW01 on 5 March 2025 (received 09:00, completed 09:40), ids
    ``prefix`` and a number of ``width`` digits; written to ``path`` (returned as given)."""
    import pandas as pd

    pd.DataFrame({"order_id": [f"{prefix}{i:0{width}d}" for i in range(n)], "window_id": "PW01",
                  "order_type": "fault_repair", "received_at": "2025-03-05 09:00",
                  "completed_at": "2025-03-05 09:40"}).to_csv(path, index=False)
    return path


def score_in_process(data, out, standard: str = "power_window", year: int = 2025) -> tuple[int, str]:
    """``windoweval score`` run in this process (``cli.main``) on ``data`` into ``out``: (exit code, console text)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from windoweval.cli import main

    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", standard, "--year", str(year), "--data", str(data), "--out", str(out)])
    return code, so.getvalue()


def map_in_process(data, file, kind: str) -> dict:
    """``windoweval records map FILE --kind KIND --data DATA`` run in this process: the section it proposes, as YAML
    reads it (the command's exit code checked)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import yaml

    from windoweval.cli import main

    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["records", "map", str(file), "--kind", kind, "--data", str(data)])
    assert code == 0, so.getvalue()
    return yaml.safe_load(so.getvalue())[kind]


#: the columns of a demo survey delivery that are not answers (``windoweval.demo.survey.generate_delivery``)
DELIVERY_FIXED = ("respondent_id", "window_id", "interview_date", "stratum", "psu", "weight", "customer_type",
                  "duration_s", "comment")


def long_delivery(wide, path):
    """The delivery ``wide`` (one row a respondent) in long format, one row an answer: its non-answer columns, then
    ``题目`` (the question) and ``得分`` (the answer), written as the CSV ``path``; returns ``(path, long frame)``."""
    items = [c for c in wide.columns if c not in DELIVERY_FIXED]
    fixed = [c for c in wide.columns if c not in items]
    long = wide.melt(id_vars=fixed, value_vars=items, var_name="题目", value_name="得分")
    long.to_csv(path, index=False)
    return Path(path), long


def rake_margins(folder, wins, types, type_factor: float = 1.0) -> Path:
    """A ``survey estimate --rake`` file of two margins (``variable, level, Freq``), written as ``folder/margins.csv``:
    9000 for each window of ``wins``, and the windows' total shared equally by ``types`` times ``type_factor`` (1: the
    two margins' totals agree; any other factor: they disagree)."""
    import pandas as pd

    wins, types = list(wins), list(types)
    m = pd.DataFrame({"variable": ["window_id"] * len(wins) + ["customer_type"] * len(types),
                      "level": wins + types,
                      "Freq": [9000.0] * len(wins) + [type_factor * 9000.0 * len(wins) / len(types)] * len(types)})
    p = Path(folder) / "margins.csv"
    m.to_csv(p, index=False)
    return p


@contextlib.contextmanager
def stop_signals():
    """The handlers ``windoweval`` (the program) installs, for the block: SIGTERM/SIGHUP/SIGINT raise ``cli.Stopped``;
    yields ``windoweval.cli``; the former handlers are put back after."""
    import signal

    from windoweval import cli

    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    for s in saved:
        signal.signal(s, signal.SIG_DFL)
    cli._stop_on_signals()
    try:
        yield cli
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


def import_stopped_after_it_went_in(cli, monkeypatch, store, csv, kind: str = "work_orders") -> int:
    """``records import KIND CSV --data STORE --replace`` run by ``cli.main`` (inside :func:`stop_signals`) with
    SIGTERM (a scheduler's timeout) arriving while the former dataset is removed, i.e. after the new one was swapped
    in (``atomic.swap_dir``'s ``_remove``); the command's exit code.  ``atomic._remove`` is itself again after."""
    import signal

    from windoweval import atomic

    real = atomic._remove

    def removing_the_former(path):      # the signal arrives while the former dataset is removed
        os.kill(os.getpid(), signal.SIGTERM)
        real(path)

    monkeypatch.setattr(atomic, "_remove", removing_the_former)
    try:
        return cli.main(["records", "import", kind, str(csv), "--data", str(store), "--replace"])
    finally:
        monkeypatch.setattr(atomic, "_remove", real)


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "4m"):
    """A tmpfs of ``size`` mounted at ``where`` for the block (the full disk of the tests: the machine runs as root, so
    ``chmod`` stops nothing); the test is skipped where none can be mounted."""
    import pytest

    where.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(where: Path, leave: int = 0) -> None:
    """Fill the file system of ``where`` until ``leave`` bytes are free (0: until it refuses one more byte)."""
    st = os.statvfs(where)
    n = max(st.f_bavail * st.f_frsize - leave, 0)
    fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        block = b"\0" * 65536
        while n > 0 or not leave:
            try:
                n -= os.write(fd, block[:max(min(n, len(block)), 1) if leave else len(block)])
            except OSError:
                break
    finally:
        os.close(fd)


def empty_records() -> dict:
    """Every record kind validated with its contract's columns and no row: a data folder with nothing delivered."""
    import pandas as pd

    from windoweval.records import validate
    from windoweval.records.contract import contracts

    return {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}


def records_of(kind: str, rows: list[dict]):
    """Records of ``kind`` validated as read: each row the contract's example with the row's values over it, string
    keys made unique (``<example>-<i>``); ``None`` in a row is a blank cell."""
    import pandas as pd

    from windoweval.records import validate
    from windoweval.records.contract import contracts

    c = contracts()[kind]
    full = [{**c.example, **{k: f"{c.example[k]}-{i}" for k in c.key if c.columns[k]["type"] == "string"}, **r}
            for i, r in enumerate(rows)]
    df = pd.DataFrame(full)
    return validate(df.astype(object).where(df.notna(), None), kind, file=f"{kind}.csv")
