"""hostile43: JSON nested a hundred thousand deep where windoweval reads its own bookkeeping from a folder a user
or an attacker can write: a records dataset's ``_windoweval.json`` (a folder named like a kind in the data folder),
a group of files' journal left in an output folder.  ``json.loads`` raises RecursionError (no ValueError) on it,
which the readers did not catch: ``records check`` ended in a traceback (exit 5).  Each reader now takes such a
file as it takes a damaged one: a folder that is no store is refused (exit 3) with its fix; a journal nobody can
read is set aside, nothing moved."""
import io

from windoweval.demo import tiny_data_dir
from windoweval.errors import EXIT_INPUT

DEEP = "[" * 100_000


def test_a_kind_folder_with_a_deep_marker_is_refused_not_a_crash():
    from windoweval.records.check import check_records

    d = tiny_data_dir()
    (d / "work_orders.csv").unlink()
    (d / "work_orders").mkdir()
    (d / "work_orders" / "_windoweval.json").write_text(DEEP, encoding="utf-8")
    out = io.StringIO()
    assert check_records(d, out=out) == EXIT_INPUT
    said = out.getvalue()
    assert any(x.startswith("✗ work_orders") for x in said.splitlines()), said


def test_the_records_store_readers_take_a_deep_marker_as_none(tmp_path):
    from windoweval.records.files import store_holds
    from windoweval.records.store import _marker

    (tmp_path / "_windoweval.json").write_text(DEEP, encoding="utf-8")
    assert _marker(tmp_path) is None
    assert all(not v for v in store_holds(tmp_path).values())


def test_a_deep_files_journal_left_in_an_output_folder_moves_nothing(tmp_path):
    from windoweval.atomic import recover_files

    (tmp_path / "kept.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / ".scores.files-journal").write_text(DEEP, encoding="utf-8")
    recover_files(tmp_path)
    assert (tmp_path / "kept.csv").read_text(encoding="utf-8") == "a\n1\n"
    assert not (tmp_path / ".scores.files-journal").exists()
