"""hostile43: ``records import KIND FILE`` of a folder or a pipe was refused as "delivery file not found" (exit 3),
with no fix: the user looked for a missing file that is there.  It now says what the path is and what to give."""
import os

import pytest

from windoweval.cli import main
from windoweval.demo import tiny_data_dir
from windoweval.errors import EXIT_INPUT


@pytest.mark.parametrize("make, zh, en", [
    (lambda p: p.mkdir(), "文件夹", "folder"),
    (os.mkfifo, "不是普通文件", "not a regular file"),
    (lambda p: None, "找不到交付文件", "not found"),
])
def test_a_delivery_that_is_no_file_is_said_for_what_it_is(tmp_path, capsys, make, zh, en):
    src = tmp_path / "张三13812345678" / "工单.csv"
    src.parent.mkdir()
    make(src)
    code = main(["records", "import", "work_orders", str(src), "--data", str(tiny_data_dir())])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT
    assert zh in err and en in err and err.index(zh) < err.index(en) and "工单.csv" in err
    assert "请" in err and ("give" in err or "check" in err)
    assert "张三" not in err and "13812345678" not in err and "Traceback" not in err
    if zh != "找不到交付文件":
        assert "not found" not in err
