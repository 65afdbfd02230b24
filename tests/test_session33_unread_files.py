"""A file in the data folder that no kind of records reads is said, not passed over (session 33).

A new user puts ``工单2025.xlsx`` or ``work_orders_b.csv`` beside the exports: no kind reads it (a kind reads
``<kind>.csv`` … or the files its mapping's ``file`` names), so its records were scored nowhere and the kind showed
"— no records" or its other files' figures, without a word.  ``records check``, ``score`` and the report now name
those files with the fix, Chinese first; the workspace's own files, READMEs, hidden files and Excel's lock files
are not named.
"""
import shutil
from pathlib import Path

from windoweval.cli import main
from windoweval.demo import tiny_data_dir
from windoweval.records.check import unread_files, unread_lines
from windoweval.records.workspace import load_workspace


def _folder(tmp_path) -> Path:
    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    wo = (d / "work_orders.csv").read_text(encoding="utf-8")
    (d / "工单2025.csv").write_text(wo, encoding="utf-8")              # an export under its own name
    (d / "work_orders_b.csv").write_text(wo, encoding="utf-8")         # a second part of a kind, not named in file
    (d / "投诉.zip").write_bytes(b"PK\x03\x04")                          # a delivery still packed
    (d / "README.md").write_text("notes", encoding="utf-8")            # not an export
    (d / "~$工单2025.xlsx").write_bytes(b"lock")                        # Excel's lock file
    (d / ".hidden.csv").write_text("a", encoding="utf-8")
    (d / "notes.docx").write_text("a", encoding="utf-8")               # no export's suffix
    (d / "old").mkdir()
    (d / "old" / "work_orders.csv").write_text(wo, encoding="utf-8")   # a folder: not looked into
    return d


def test_the_files_no_kind_reads_are_found(tmp_path):
    d = _folder(tmp_path)
    assert [f.name for f in unread_files(load_workspace(d))] == ["work_orders_b.csv", "工单2025.csv", "投诉.zip"]


def test_a_file_the_mapping_names_is_read_and_not_listed(tmp_path):
    d = _folder(tmp_path)
    (d / "mapping.yaml").write_text('work_orders:\n  file: ["work_orders.csv", "work_orders_b.csv"]\n',
                                    encoding="utf-8")
    assert [f.name for f in unread_files(load_workspace(d))] == ["工单2025.csv", "投诉.zip"]


def test_the_demo_folder_has_none():
    assert unread_files(load_workspace(None)) == []


def test_the_lines_name_the_kind_a_name_starts_with_and_the_fix(tmp_path):
    d = _folder(tmp_path)
    lines = unread_lines(unread_files(load_workspace(d)))
    assert lines[0].startswith("! 数据目录中未被任何记录类型读取的文件 / files in the data folder that no kind")
    assert "work_orders_b.csv(疑为 work_orders / perhaps work_orders)" in lines[0]
    assert "工单2025.csv," in lines[0] and "疑为" not in lines[0].split("工单2025.csv")[1].split(",")[0]
    assert "mapping.yaml" in lines[1] and "records map" in lines[1]       # Chinese first, then English
    assert lines[2].lstrip().startswith("If one is an export")
    assert unread_lines([]) == []


def test_records_check_says_them(tmp_path, capsys):
    d = _folder(tmp_path)
    assert main(["records", "check", "--data", str(d)]) == 0          # said, not refused
    out = capsys.readouterr().out
    assert "no kind of records reads (3): work_orders_b.csv" in out and "工单2025.csv" in out


def test_the_score_command_says_them_and_masks_a_name(tmp_path, capsys):
    d = _folder(tmp_path)
    (d / "张三13812345678.csv").write_text("a", encoding="utf-8")
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d),
                 "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "no kind of records reads (4)" in out
    assert "13812345678" not in out and "[手机号]" in out     # a file name is the data's words: masked


def test_the_report_warns_of_them(monkeypatch):
    import importlib

    build = importlib.import_module("windoweval.report.build")

    monkeypatch.setattr(build, "_annual_meta", lambda kept, key: ["工单2025.xlsx"] if key == "unread_files" else None)
    (w,) = build._unread_files_warning(None, "zh")
    assert w["key"] == "annual.unread_files" and "工单2025.xlsx" in w["text"] and "未被任何记录类型读取" in w["text"]
    (w,) = build._unread_files_warning(None, "zh+en")
    assert "read by no kind of records" in w["text_en"]
    monkeypatch.setattr(build, "_annual_meta", lambda kept, key: None)
    assert build._unread_files_warning(None, "zh") == []


def test_the_annual_section_keeps_them(tmp_path):
    from windoweval.sections import _unread_files

    assert _unread_files(load_workspace(_folder(tmp_path))) == ["work_orders_b.csv", "工单2025.csv", "投诉.zip"]
