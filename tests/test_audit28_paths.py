"""Output paths an attacker or a careless clerk sets up (twenty-eighth audit).

Fixed here (failing on the code before): a report folder that is a symbolic link (``reports/2025 -> ../elsewhere``)
was replaced by the new folder, as it should be (what the link names is never written into nor removed), but the link
itself was left beside it as a hidden ``.2025.new-*`` (exchange) or ``.2025.old-*`` (journal) entry: ``shutil.rmtree``
refuses a link and its error was ignored.  The link is now unlinked, so the folder holds the report alone.
"""
from __future__ import annotations

import pytest

from windoweval.atomic import replacing_dir


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "journal"])
def test_a_target_that_is_a_link_is_replaced_and_nothing_is_left_beside_it(tmp_path, monkeypatch, exchange):
    monkeypatch.delenv("WINDOWEVAL_KILL_AT", raising=False)
    if exchange:
        monkeypatch.delenv("WINDOWEVAL_ATOMIC_NO_EXCHANGE", raising=False)
    else:
        monkeypatch.setenv("WINDOWEVAL_ATOMIC_NO_EXCHANGE", "1")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "precious.txt").write_text("keep", encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "2025").symlink_to("../elsewhere", target_is_directory=True)
    with replacing_dir(reports / "2025") as new:
        (new / "index.html").write_text("new", encoding="utf-8")
    assert [p.name for p in reports.iterdir()] == ["2025"]
    assert not (reports / "2025").is_symlink() and (reports / "2025" / "index.html").read_text() == "new"
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["precious.txt"]
    assert (tmp_path / "elsewhere" / "precious.txt").read_text() == "keep"
