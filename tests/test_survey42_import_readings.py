"""survey42: ``survey import`` said nothing of how it read a delivery: an SPSS file whose questions were taken by their
variable labels, whose codes were read reversed by its value labels and whose 98/99 were recoded as missing was
imported with "rows 178; valid 178", the readings (each changing what the figures mean) found only by a
``survey check`` the client never ran or in problems.csv.  Now the import says each kind of whole-file reading once,
one line a kind ("读作 read as: …", Chinese first), and an import of a file already imported says nothing again."""
from pathlib import Path

from windoweval.cli import main

SAV = Path(__file__).parent / "golden" / "survey42_data.sav"


def _import(capsys, store):
    rc = main(["survey", "import", str(SAV), "--instrument", "power_hall", "--year", "2025", "--store", str(store)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_the_import_says_each_reading_once(tmp_path, capsys):
    rc, msg = _import(capsys, tmp_path / "store")
    assert rc == 0 and "Traceback" not in msg
    lines = [x for x in msg.splitlines() if x.startswith("读作 read as:")]
    assert len(lines) == 3                                              # before: none
    assert sum("整体反向标注" in x and "coded reversed" in x for x in lines) == 1
    assert sum("变量标签" in x and "Q1" in x for x in lines) == 1
    miss = [x for x in lines if "改记为缺失代码" in x]
    assert len(miss) == 1 and "另有 17 处同类" in miss[0] and "17 more of the kind" in miss[0]
    for x in lines:
        assert x.index(" / ") > x.index("read as:")                     # Chinese, then English
        body = x.split("read as: ", 1)[1]
        zh, en = body.split(" / ", 1)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    rc, msg = _import(capsys, tmp_path / "store")                       # the same file again: said before
    assert rc == 0 and "读作 read as" not in msg
