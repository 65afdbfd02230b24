"""Privacy, hostile inputs and crash safety, round ten (audit35).

Each test is one defect found through the real command line or the page renderer; its docstring says what was wrong
and what is right.
"""
from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _workspace import HALL, run_cli, write_workspace  # noqa: E402


def test_a_message_names_a_file_without_the_folders_above_it(tmp_path):
    """``records check``, ``records import`` and ``survey check`` named a file by its full path (``错误 / error:
    /home/张三/data/work_orders.csv: 1 处不符合…``, ``文件 file: /home/张三/s.csv``, ``→ /home/张三/data/work_orders``):
    a user's folder carries the user's name into a console, a scheduler's log or a message passed on.  A message names
    a file relative to the data folder (or the survey store) when it lies inside it, else by its name alone, as
    ``records map`` does; on Windows (``C:\\Users\\王五\\…``) too.  One rule for every message
    (:func:`windoweval.privacy.mask_message`)."""
    data = write_workspace(tmp_path / "home" / "张三" / "data", HALL)
    (data / "work_orders.csv").write_text("工单号,窗口编号,业务类型,受理时间\nWO1,PW01,故障报修,2025-03-05 09:00\n",
                                          encoding="utf-8")
    outs = []
    for args in (("records", "check", "--data", str(data)),
                 ("records", "import", "work_orders", str(data / "work_orders.csv"), "--data", str(data)),
                 ("records", "import", "work_orders", str(data / "无此文件.csv"), "--data", str(data))):
        r = run_cli(*args, cwd=tmp_path)
        out = r.stdout + r.stderr
        assert r.returncode == 3 and "Traceback" not in out, out
        assert "work_orders.csv" in out or "无此文件.csv" in out, out
        outs.append(out)
    # a delivery that goes in: the store is named relative to the data folder
    good = tmp_path / "home" / "张三" / "导出" / "工单.csv"
    good.parent.mkdir()
    good.write_text("order_id,window_id,order_type,received_at\nWO1,PW01,fault_repair,2025-03-05 09:00\n",
                    encoding="utf-8")
    r = run_cli("records", "import", "work_orders", str(good), "--data", str(data), cwd=tmp_path)
    assert r.returncode == 0 and "→ work_orders" in r.stdout, r.stdout + r.stderr
    outs.append(r.stdout + r.stderr)
    delivery = tmp_path / "home" / "张三" / "s.csv"
    delivery.write_text("受访者编号,窗口编号\nR1,PW01\n", encoding="utf-8")
    r = run_cli("survey", "check", str(delivery), "--instrument", "power_hall", cwd=tmp_path)
    assert "文件 file: s.csv" in r.stdout, r.stdout
    outs.append(r.stdout + r.stderr)
    for out in outs:
        assert "张三" not in out and str(tmp_path) not in out, out
    from windoweval.privacy import mask_message, path_roots

    try:
        path_roots("C:\\Users\\王五\\data")
        assert mask_message("C:\\Users\\王五\\Desktop\\工单.xlsx: 1 处") == "工单.xlsx: 1 处"
        assert mask_message("C:\\Users\\王五\\data\\exports\\工单.xlsx[Sheet1]") == "exports\\工单.xlsx[Sheet1]"
    finally:
        path_roots()


def test_a_bare_link_in_data_text_is_text_on_a_page(monkeypatch):
    """A window's, organisation's or instrument's text holding a bare link (``http://evil.example/…``) became a
    clickable ``<a href>`` on a one-language page: nbconvert's markdown renderer links bare URLs, and the markdown
    escaping (:func:`windoweval.html.md_text`) left ``://`` as it was; a section's missing-evidence sentence
    (:func:`windoweval.present.missing`) in one language put its values into the markdown neither masked nor escaped
    (``<b>``, a phone number).  Text from data renders as text: the scheme's colon is written ``\\:`` (shown ``:``),
    and every markdown sentence takes its values through :func:`windoweval.html.md_fmt`."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from windoweval import present

    shown = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: shown.append(bundle))
    present.setup("zh")
    try:
        hostile = "见 http://evil.example/?a=1 与 HTTPS://EVIL.EXAMPLE <b>粗</b> [点此](https://evil.example) 13812345678"
        present.title("annual.title", org=hostile, year=2025)
        present.missing("survey.no_responses", year=2025, instrument=hostile)
    finally:
        present.setup("zh")
    assert len(shown) == 2
    for bundle in shown:
        page = markdown2html_mistune(bundle["text/markdown"])
        links = re.findall(r"<a\b[^>]*>", page)   # a heading's own anchor (href="#…") is the renderer's, not a link out
        assert all(re.search(r'href="#', a) for a in links), links
        assert "<b>" not in page and "13812345678" not in page, page
        assert "http://evil.example/?a=1" in page and "HTTPS://EVIL.EXAMPLE" in page, page


def _modes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}


def test_outputs_never_get_wider_permissions_than_the_umask_gives(tmp_path):
    """Under ``umask 077`` (an administrator keeping the store's personal data to its owner) ``records import`` made
    the kind's folder 0755 (``replacing_dir`` set 0o755 whatever the umask) and ``survey template`` (``write_bytes``,
    every file written aside and moved in) 0644: readable by every user of the machine, while every other file the
    program wrote was 0600.  One rule: a published file or folder gets what the user's umask gives a new one
    (:func:`windoweval.atomic.published_mode`), 0644/0755 under umask 022 as before, never wider."""
    from windoweval.cli import main

    data = write_workspace(tmp_path / "data", HALL)
    export = tmp_path / "工单.csv"
    export.write_text("order_id,window_id,order_type,received_at\nWO1,PW01,fault_repair,2025-03-05 09:00\n",
                      encoding="utf-8")
    before = set(_modes(tmp_path))
    old = os.umask(0o077)
    try:
        assert main(["records", "import", "work_orders", str(export), "--data", str(data)]) == 0
        assert main(["survey", "template", "--instrument", "power_hall", "--out", str(tmp_path / "t.xlsx")]) == 0
        r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(tmp_path / "reports"), cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr     # the report's folder was swapped in at 0755
    finally:
        os.umask(old)
    made = {k: v for k, v in _modes(tmp_path).items() if k not in before}
    assert "data/work_orders" in made and "t.xlsx" in made and any(k.startswith("data/_raw/") for k in made), made
    assert "reports/2025" in made and "reports/2025/index.html" in made, made
    wide = {k: oct(v) for k, v in made.items() if v & 0o077}
    assert not wide, wide
    old = os.umask(0o022)
    try:
        assert main(["survey", "template", "--instrument", "power_hall", "--out", str(tmp_path / "t2.xlsx")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "t2.xlsx").stat().st_mode) == 0o644


def test_the_report_names_the_records_directory_without_the_folders_above_it(tmp_path):
    """The built report, made for its readers, named the records directory by its full path: the index's last line
    (``数据目录 /home/张三/records``), ``summary.json`` (``parameters.data``), each notebook it ships (the injected
    parameters cell and its papermill metadata) and ``kept/key.json``.  The report names it by its name (``records``);
    the kept sections' key holds a digest of the path, which tells one folder from another as the path did."""
    import json

    data = write_workspace(tmp_path / "home" / "张三" / "records", HALL)
    (data / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at\n"
                                          "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n", encoding="utf-8")
    r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    report = tmp_path / "out" / "2025"
    leaks = [p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()
             and ("张三" in p.read_bytes().decode("utf-8", "replace") or str(tmp_path) in p.read_bytes().decode("utf-8", "replace"))]
    assert not leaks, leaks
    assert json.loads((report / "summary.json").read_text(encoding="utf-8"))["parameters"]["data"] == "records"
    assert "数据目录 records" in (report / "index.html").read_text(encoding="utf-8")
