"""``survey estimate SOURCE``: a source that is a file name that does not exist (a typo, the wrong folder) is said to
be a file not found, naming it and the fix -- not only "no survey 'x.csv' in the store", which sends a survey firm
checking its figures looking for a store it never had (survey36). A survey id still gets the store's message."""
from windoweval.cli.survey import main


def _run(tmp_path, monkeypatch, capsys, source):
    monkeypatch.chdir(tmp_path)
    rc = main(["survey", "estimate", source, "--instrument", "power_hall", "--year", "2025",
               "--store", str(tmp_path / "store")])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_a_missing_delivery_file_is_said_to_be_a_file_not_found(tmp_path, monkeypatch, capsys):
    rc, msg = _run(tmp_path, monkeypatch, capsys, "供电营业厅_2025.csv")
    assert rc == 3
    assert "找不到文件" in msg and "file not found" in msg
    assert "供电营业厅_2025.csv" in msg
    assert msg.index("找不到文件") < msg.index("file not found")
    assert "survey list" in msg                      # the fix: check the name, or list the store's survey ids
    assert "Traceback" not in msg


def test_a_file_in_a_folder_is_named_without_the_folders_above(tmp_path, monkeypatch, capsys):
    rc, msg = _run(tmp_path, monkeypatch, capsys, str(tmp_path / "张三" / "交付.xlsx"))
    assert rc == 3 and "找不到文件" in msg and "交付.xlsx" in msg
    assert "张三" not in msg


def test_a_survey_id_not_in_the_store_keeps_the_stores_message(tmp_path, monkeypatch, capsys):
    rc, msg = _run(tmp_path, monkeypatch, capsys, "power_hall_2025")
    assert rc == 3
    assert "数据仓中没有调查" in msg and "找不到文件" not in msg
