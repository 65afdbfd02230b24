"""Privacy, hostile inputs and crash safety (left19s): five defects the previous session noticed and left, then a
fresh hostile round.

Each test is one defect confirmed on ``main``; its docstring says what was wrong and what is right.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _workspace import HALL, ROOT, run_cli, workspace_toml, write_workspace  # noqa: E402


# ------------------------------------------------------------------ 1. windoweval.toml reached by a link out
def test_a_workspace_file_linked_from_outside_the_data_folder_is_refused(tmp_path):
    """``windoweval.toml`` as a symbolic link to a file outside the data folder was read as the workspace (a records
    file linked out is refused: ``records.files._kept_inside``): the data folder would take its windows and settings
    from a file nobody put there.  It is refused the same way (exit 3), naming the file, the link's target by its
    name alone (the folders above it can carry a person's name) and the fix."""
    outside = tmp_path / "home" / "张三" / "secret"
    outside.mkdir(parents=True)
    (outside / "real.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "windoweval.toml").symlink_to(outside / "real.toml")
    r = run_cli("records", "check", "--data", str(data), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "Traceback" not in out, out
    assert "windoweval.toml" in out and "real.toml" in out, out
    assert "张三" not in out and str(outside) not in out, out
    assert "符号链接" in out and "symbolic link" in out, out

    from windoweval.records.workspace import WorkspaceError, load_workspace
    with pytest.raises(WorkspaceError):
        load_workspace(data)


def test_a_workspace_file_linked_inside_the_data_folder_is_read(tmp_path):
    """A link that stays inside the data folder (``windoweval.toml -> config/ws.toml``) names a file the organisation
    put there: read as before."""
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "ws.toml").write_text(workspace_toml(HALL), encoding="utf-8")
    (data / "windoweval.toml").symlink_to(Path("config") / "ws.toml")
    from windoweval.records.workspace import load_workspace
    assert load_workspace(data).windows["window_id"].tolist() == ["PW01"]


# ------------------------------------------------------------------ 2. paths that carry a name
@pytest.mark.parametrize("given, gone", [
    ("/张三/x.csv: 1 处不符合约定", "张三"),
    ("/zhangsan/导出/x.csv: 1 处不符合约定", "zhangsan"),
    ("报告 file:///home/张三/reports/2025/index.html 已写出", "张三"),
    ("见 file:///home/%E5%BC%A0%E4%B8%89/x.csv", "%E5%BC%A0"),
    ("see file:///C:/Users/王五/Desktop/工单.xlsx", "王五"),
    ("see file://localhost/home/李四/x.csv", "李四"),
    ("报告文件file:///home/张三/index.html", "张三"),
    ("FILE:/home/张三/导出/x.csv", "张三"),
])
def test_a_path_that_may_carry_a_name_never_reaches_a_message(given, gone):
    """``privacy.shown_paths`` kept a one-folder path as written (``/张三/x.csv``: the folder a person's name) and
    every ``file://`` URL (``file:///home/张三/…``: the ``/`` after ``//`` was not taken for a path's start).  Both
    lose their folders; the file's name stays."""
    from windoweval.privacy import mask_message
    got = mask_message(given)
    assert gone not in got, got
    name = given.rsplit("/", 1)[1].split(" ")[0].split(":")[0]
    assert name in got, got


@pytest.mark.parametrize("kept", [
    "see https://example.org/a/b/c.html and http://95598.cn/x/y",
    "受理时间 '/2025/06/02' 不是日期", "1/2", "see data/README.md", "--survey /tmp/evil: 不是调查编号",
    "/srv/records.csv", "surveys/instruments/power_hall.yaml",
])
def test_urls_of_services_dates_fractions_and_relative_paths_stay(kept):
    from windoweval.privacy import shown_paths
    assert shown_paths(kept) == kept


# ------------------------------------------------------------------ 3. write_bytes killed mid-write
_WRITE = ("import sys; from windoweval.atomic import write_bytes; write_bytes(sys.argv[1], sys.argv[2].encode())")


def _write(path, text, kill_at=None):
    env = {k: v for k, v in os.environ.items() if k != "WINDOWEVAL_KILL_AT"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-c", _WRITE, str(path), text], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_write_killed_half_way_leaves_nothing_for_the_next_run(tmp_path):
    """``atomic.write_bytes`` killed after writing aside and before moving in left its ``.tmp-*`` file in the output
    folder for good (nothing removed it), beside the files a reader takes for output.  The previous file stays
    whole; the next write into the folder removes what the killed process left (its own kind of file, by name, whose
    process is gone), and nothing else."""
    out = tmp_path / "out"
    out.mkdir()
    assert _write(out / "a.csv", "old").returncode == 0
    (out / ".tmp-notmine.txt").write_text("someone else's", encoding="utf-8")
    r = _write(out / "a.csv", "new", kill_at="bytes_written")
    assert r.returncode == -9, r.stderr
    assert (out / "a.csv").read_text() == "old"
    assert len(sorted(out.iterdir())) == 3            # the killed write's file is there now
    assert _write(out / "b.csv", "b").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [".tmp-notmine.txt", "a.csv", "b.csv"]


def test_a_former_releases_temporary_file_is_removed_once_old():
    """A former release named its temporary file ``.tmp-XXXXXXXX`` (no process id): removed when old (an hour), by
    the user who wrote it; a fresh one may be another process's write under way, and stays."""
    import tempfile

    from windoweval.atomic import write_bytes
    out = Path(tempfile.mkdtemp())
    old, fresh = out / ".tmp-abcd1234", out / ".tmp-efgh5678"
    old.write_bytes(b"x")
    fresh.write_bytes(b"y")
    then = time.time() - 2 * 3600
    os.utime(old, (then, then))
    write_bytes(out / "c.csv", b"c")
    assert sorted(p.name for p in out.iterdir()) == [".tmp-efgh5678", "c.csv"]


# ------------------------------------------------------------------ 4. kept sections keyed on the instrument's text
def test_kept_sections_key_changes_with_the_instruments_contents(tmp_path):
    """The kept sections' key held the digest of an organisation's instrument's *path*: the instrument changed under
    the same path, the sections kept for the old one were read as this one's.  The key holds the digest of its
    contents, and the package's version (a new release computes anew)."""
    from windoweval import sections
    from windoweval._version import __version__

    f = tmp_path / "my.yaml"
    f.write_text("id: my\nitems: [a]\n", encoding="utf-8")
    before = sections.parameters_key(2025, instrument=str(f))
    f.write_text("id: my\nitems: [a, b]\n", encoding="utf-8")
    after = sections.parameters_key(2025, instrument=str(f))
    assert before != after
    assert before["version"] == __version__
    s = sections.Section("complaints", {}, {"cases": 1})
    d = sections.keep({"complaints": s}, tmp_path / "kept", before)
    assert sections.load(d, "complaints", after) is None
    assert sections.load(d, "complaints", before) is not None
    assert str(tmp_path) not in str(before)           # no folder of the path in the key


# ------------------------------------------------------------------ 5. the plain text of a one-language page
def test_the_plain_text_of_a_one_language_page_shows_a_colon(monkeypatch):
    """A one-language page's ``text/plain`` was its markdown, escapes and all: ``http\\://evil.example/x``,
    ``\\*1\\*``, ``&lt;b&gt;``.  A reader sees the text as written (masked); the markdown keeps its escapes, and
    renders to no link and no tag."""
    import mistune

    from windoweval import present
    shown = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: shown.append(bundle))
    present.setup("zh")
    evil = "见 http://evil.example/x *1* <b>城东</b> [点此](javascript:alert(1)) 13812345678"
    present.title("annual.title", org=evil, year=2025)
    plain, md = shown[-1]["text/plain"], shown[-1]["text/markdown"]
    assert "http://evil.example/x *1* <b>城东</b> [点此](javascript:alert(1))" in plain, plain
    assert "\\" not in plain and "&lt;" not in plain and "13812345678" not in plain, plain
    html = mistune.create_markdown(plugins=["strikethrough", "table", "url"])(md)
    assert "<a" not in html and "<b>" not in html, html


@pytest.mark.parametrize("language", ["zh", "en", "zh+en"])
def test_no_data_text_becomes_a_link_or_a_script_in_a_page(monkeypatch, tmp_path, language):
    """A value from the data (a window's name with a bare URL, a markdown link to ``javascript:``, a tag with an
    event handler) shown by title, say and note, in a page of one language and of both, as Chromium draws it: no
    link but the page's own, no element the data made, the text as written (``http://`` with its colon, never
    ``http\\://``)."""
    import nbformat

    from windoweval import present
    from windoweval.browser import dump_dom, find_chromium
    from windoweval.report.pages import _page

    if find_chromium() is None:
        pytest.skip("Chromium is not installed")
    shown = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: shown.append(bundle))
    present.setup(language)
    evil = ("见 http://evil.example/x www.evil.example [点此](javascript:alert(1)) <img src=x onerror=alert(2)> "
            "<http://evil2.example> *强调*")
    present.title("annual.title", org=evil, year=2025)
    present.say("annual.title", org=evil, year=2025)
    present.note("annual.title", org=evil, year=2025)
    outs = [nbformat.v4.new_output("display_data", data=b) for b in shown]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", outputs=outs)])
    before = _page(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1", outputs=[])]), language, "t")
    page = tmp_path / "p.html"
    page.write_text(_page(nb, language, "t"), encoding="utf-8")
    dom = dump_dom(page).stdout
    got, own = _tags(dom), _tags(dump_dom(_written(tmp_path / "own.html", before)).stdout)
    assert got["links"] == own["links"], got["links"]     # the page's own links alone (a heading's "#…" anchor aside)
    assert got["scripts"] == own["scripts"] and got["img"] == own["img"] == 0 and got["handlers"] == [], got
    assert "http://evil.example/x" in got["text"] and "http\\:" not in got["text"] and "*强调*" in got["text"]


def _written(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _tags(dom: str) -> dict:
    """The links out (``<a href>`` not starting ``#``), scripts, images, event-handler attributes and text of a DOM."""
    from html.parser import HTMLParser

    got = {"links": [], "scripts": 0, "img": 0, "handlers": [], "text": ""}

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "a" and not (a.get("href") or "#").startswith("#"):
                got["links"].append(a.get("href"))
            got["scripts"] += tag == "script"
            got["img"] += tag == "img"
            got["handlers"] += [k for k in a if k.startswith("on")]

        def handle_data(self, data):
            got["text"] += data

    P(convert_charrefs=True).feed(dom)
    return got


# ------------------------------------------------------------------ hostile round: free text, exports, names
@pytest.mark.parametrize("given, gone", [
    ("客户:张三、李四来电反映排队久", ("张三", "李四")),
    ("客户：张三、李四、王五", ("张三", "李四", "王五")),
    ("联系人：赵六、钱七,电话 +86 138 1234 5678", ("赵六", "钱七", "5678")),
])
def test_every_name_listed_after_a_label_is_masked(given, gone):
    """After a label (``客户：``) only the first of names listed with the enumeration comma was masked
    (``客户：某某、李四``): the others reached the report.  Each listed name is masked; a list of things after the
    first name (``客户：张三、电费问题``) is kept."""
    import pandas as pd

    from windoweval.privacy import mask_text
    for profile in ("records", "survey"):
        got = mask_text(pd.Series([given] * 2 + ["客户：张三、电费问题"]), profile=profile).tolist()
        assert not any(g in got[0] for g in gone), got
        assert got[2].endswith("、电费问题"), got
    many = mask_text(pd.Series([given] * 300)).iloc[0]       # the column path (candidates first) masks the same
    assert not any(g in many for g in gone), many


def _link_externally(path, cell: str, cached, book: str) -> None:
    """Rewrite the workbook ``path`` as Excel saves a cell whose formula ``'[1]Sheet1'!A1`` reads another workbook:
    the external link (naming ``file:///home/张三/<book>``) and the value last read from it cached in ``cell``."""
    import shutil
    import zipfile

    tmp = path.with_name(path.name + ".t")
    found = False
    with zipfile.ZipFile(path) as zi, zipfile.ZipFile(tmp, "w") as zo:
        for i in zi.infolist():
            data = zi.read(i.filename)
            if i.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats'
                                    b'.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/'
                                    b'externalLink1.xml"/></Relationships>')
            if i.filename == "xl/workbook.xml":
                data = data.replace(b"</workbook>", b'<externalReferences><externalReference r:id="rIdX"/>'
                                    b"</externalReferences></workbook>")
            if i.filename.startswith("xl/worksheets/sheet"):
                was = f"<c r=\"{cell}\"><f>'[1]Sheet1'!A1</f><v /></c>".encode()
                found = found or was in data
                data = data.replace(was, f"<c r=\"{cell}\" t=\"str\"><f>'[1]Sheet1'!A1</f><v>{cached}</v></c>"
                                    .encode())
            zo.writestr(i, data)
        zo.writestr("xl/externalLinks/externalLink1.xml", '<externalLink xmlns="http://schemas.openxmlformats.org/'
                    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
                    '</externalBook></externalLink>')
        zo.writestr("xl/externalLinks/_rels/externalLink1.xml.rels", '<Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
                    f'Target="file:///home/张三/{book}" TargetMode="External"/></Relationships>')
    assert found, cell
    shutil.move(tmp, path)


def _linked_workbook(path):
    """A work-order export whose order id on row 3 is a formula reading another workbook (``'[1]Sheet1'!A1``, the
    external link naming ``file:///home/张三/台账.xlsx``), its value cached as Excel saves it (``WO2``)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工单号", "窗口编号", "工单类型", "受理时间", "完成时间"])
    ws.append(["WO1", "PW01", "fault_repair", "2025-03-05 09:00", "2025-03-05 09:40"])
    ws.append(["='[1]Sheet1'!A1", "PW01", "fault_repair", "2025-03-05 09:00", "2025-03-05 09:40"])
    wb.save(path)
    _link_externally(path, "A3", "WO2", "台账.xlsx")
    return path


def test_a_value_taken_from_another_workbook_is_refused(tmp_path):
    """A workbook cell whose formula reads another workbook (an external link, ``='[1]Sheet1'!A1``) was read as its
    cached value: a record taken from a file nobody delivered, as it was when that file was last saved.  It is
    refused (exit 3) where a record reads it, naming the sheet, row, column, the other workbook by its name alone
    and the fix; the same workbook with the value pasted as a value is read."""
    data = write_workspace(tmp_path / "d", HALL)
    _linked_workbook(data / "work_orders.xlsx")
    r = run_cli("records", "check", "--data", str(data), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "Traceback" not in out, out
    assert "A3" in out and "第 3 行" in out and "台账.xlsx" in out and "张三" not in out, out
    assert "另一个工作簿" in out and "another workbook" in out, out
    plain = write_workspace(tmp_path / "plain", HALL)
    import openpyxl
    wb = openpyxl.load_workbook(data / "work_orders.xlsx")
    wb.active["A3"] = "WO2"                                  # the value pasted as a value
    wb.save(plain / "work_orders.xlsx")
    r = run_cli("records", "check", "--data", str(plain), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\ufeff", "\x07"])
def test_a_window_id_with_a_character_nobody_sees_is_refused(tmp_path, hidden):
    """A window id in ``windoweval.toml`` holding a zero-width or direction character (``PW01\\u200b``) was taken:
    it looks like ``PW01`` and never matches the records' ``PW01``, whose records went to no window, and the hint
    told the user to map ``PW01`` to an id that looks the same.  Refused (exit 3), the character shown as its code,
    with the fix; names keep such characters (shown safely: tests/test_audit19_bidi.py)."""
    data = write_workspace(tmp_path / "d", ((f"PW01{hidden}", "城东营业厅", "power_hall"),))
    r = run_cli("records", "check", "--data", str(data), cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 3 and "Traceback" not in out, out
    assert f"<U+{ord(hidden):04X}>" in out and hidden not in out, out
    ok = write_workspace(tmp_path / "ok", (("PW01", f"城东{hidden}营业厅", "power_hall"),))
    assert run_cli("records", "check", "--data", str(ok), cwd=tmp_path).returncode == 0


def test_a_workbook_save_stopped_half_way_leaves_the_former_one(tmp_path, monkeypatch):
    """``exports.write_xlsx`` saved the workbook straight onto its path, then rewrote it through ``<name>.tmp``: a
    save the machine stopped half-way (a full disk) left a truncated workbook in place of the former one, and a
    ``.tmp`` beside it.  It is made in memory and written at once (``atomic.write_bytes``): the former workbook
    stays whole, nothing is left beside it."""
    import errno

    import openpyxl.writer.excel as excel
    import pandas as pd

    from windoweval.exports import write_xlsx

    f = tmp_path / "tables.xlsx"
    write_xlsx({"a": pd.DataFrame({"x": [1]})}, f)
    before = f.read_bytes()
    real = excel.ExcelWriter.write_data

    def full_disk(self):
        real(self)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(excel.ExcelWriter, "write_data", full_disk)
    with pytest.raises(OSError):
        write_xlsx({"a": pd.DataFrame({"x": [2] * 1000})}, f)
    assert f.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables.xlsx"]


def test_a_survey_answer_taken_from_another_workbook_is_refused(tmp_path):
    """A survey delivery's cell whose formula reads another workbook was read as its cached value, as in a records
    export: refused (exit 3) naming the sheet, the cell, the other workbook by name and the fix."""
    import openpyxl

    from windoweval.demo import survey as demo

    df = demo.generate_delivery("power_hall", 2025, ["PW01"], n_per_window=5)
    f = tmp_path / "delivery.xlsx"
    df.to_excel(f, index=False, sheet_name="数据 data")
    wb = openpyxl.load_workbook(f)
    first = wb.active["A2"].value
    wb.active["A2"] = "='[1]Sheet1'!A1"
    wb.save(f)
    _link_externally(f, "A2", first, "answers.xlsx")
    r = run_cli("survey", "check", str(f), "--instrument", "power_hall", cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode in (1, 3) and "Traceback" not in out, out
    assert "A2" in out and "answers.xlsx" in out and "另一个工作簿" in out and "张三" not in out, out
