"""Fixtures shared by the test modules."""
import pytest


@pytest.fixture(scope="module")
def ws():
    """The demo workspace, with its complaint records: generated on first use, loaded once per module."""
    from windoweval.demo import ensure_demo
    from windoweval.records.workspace import load_workspace

    ensure_demo()
    return load_workspace()
