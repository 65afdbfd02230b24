"""hostile43: a survey store whose manifest is damaged (edited by hand, cut short by a copy, or hostile: nested a
hundred thousand deep) ended every survey command in a JSONDecodeError or RecursionError traceback (exit 5).  It is
now refused (exit 3) naming the file and the fix, Chinese first."""
import pytest

from windoweval.cli import main
from windoweval.errors import EXIT_INPUT


@pytest.mark.parametrize("text", ["{", "[" * 100_000, "[]", '"x"', '{"surveys": [1]}', "\xff\xfe"])
def test_a_damaged_manifest_is_refused_with_the_fix(tmp_path, capsys, text):
    (tmp_path / "surveys").mkdir()
    (tmp_path / "surveys" / "manifest.json").write_bytes(text.encode("latin-1") if text == "\xff\xfe"
                                                          else text.encode("utf-8"))
    code = main(["survey", "list", "--store", str(tmp_path)])
    said = capsys.readouterr()
    err = said.err + said.out
    assert code == EXIT_INPUT, err
    assert "Traceback" not in err and "内部错误" not in err
    assert "surveys/manifest.json" in err and "已损坏" in err and "damaged" in err
    assert err.index("已损坏") < err.index("damaged") and "survey import" in err and "备份" in err
    assert str(tmp_path) not in err


def test_a_sound_store_still_lists(tmp_path, capsys):
    assert main(["survey", "list", "--store", str(tmp_path)]) == 0
