"""Fixtures shared by the test modules."""
import pytest


@pytest.fixture(scope="session", autouse=True)
def _demo_data():
    """The demo data directory exists before any test runs, so that a test module run alone on a new machine
    (``pytest tests/test_privacy.py``) finds the demo its calls with ``data=None`` read. Before, such a module
    passed only after another module had generated the demo."""
    _ensure_demo_once()


def _ensure_demo_once():
    """``ensure_demo()`` under a lock file beside the demo: the suite runs in parallel workers (pytest-xdist,
    ``-n 2`` in pyproject.toml), and on a new machine both would otherwise generate the demo at once."""
    import fcntl

    from windoweval import paths
    from windoweval.demo import ensure_demo

    paths.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(paths.DATA_DIR / ".demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return ensure_demo()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="module")
def ws():
    """The demo workspace, with its complaint records: generated on first use, loaded once per module."""
    from windoweval.records.workspace import load_workspace

    _ensure_demo_once()
    return load_workspace()


@pytest.fixture(scope="module")
def work_orders_store(tmp_path_factory):
    """The demo's work orders imported into a store, beside the demo's workspace (one per module that asks)."""
    import io
    import shutil
    from contextlib import redirect_stderr, redirect_stdout

    from windoweval import paths
    from windoweval.cli import main

    d = tmp_path_factory.mktemp("store")
    demo = paths.data_dir(None)
    for f in ("windoweval.toml", "mapping.yaml", "calendar.csv"):
        if (demo / f).exists():
            shutil.copy(demo / f, d / f)
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["records", "import", "work_orders", str(demo / "work_orders.csv"), "--data", str(d)])
    assert code == 0, so.getvalue()
    return d
