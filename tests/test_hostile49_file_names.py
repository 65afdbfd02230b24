"""hostile49: a file's NAME carrying a person's name, in the forms a clerk names a file (张三丰的投诉.csv).

Before: ``records check`` listed the files of the data folder no kind reads as they are named, and a name written
before 的 and a cue (张三丰的投诉.csv, 王小明的来电记录.txt) or after a party and before the file's extension
(客户李四光.csv) was shown as written: the masking took a name before 来电/投诉 … only with nothing between
(张三的投诉 was masked by chance, its 的 read as the name's third character), and a name after 客户 only before a
Chinese stop (客户李四光。), never before an ASCII full stop.  Now ``name_before_cue_of`` takes the name before
的 and the cue, and an ASCII full stop ends a party's name as 。 does.  Clause texts, promise texts and the
instruments' labels are kept as written (none is masked), and so are 谢谢您的来电, 关于您的投诉.
"""
from __future__ import annotations

import glob
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
import yaml

from windoweval.privacy import mask_message, mask_text

ROOT = Path(__file__).resolve().parents[1]

NAMED = {
    "张三丰的投诉.csv": "张三丰",
    "客户李四光.csv": "李四光",
    "王小明的来电记录.txt": "王小明",
    "欧阳明月的举报材料.xlsx": "欧阳明月",
    "患者周九龄.csv": "周九龄",
}


@pytest.mark.parametrize("name,person", NAMED.items())
def test_a_name_in_a_file_name_is_masked_in_a_message(name, person):
    """Before: 张三丰的投诉.csv, 客户李四光.csv, 王小明的来电记录.txt, 患者周九龄.csv were shown as written."""
    got = mask_message(f"/home/someone/数据/{name}: 未读取 / not read")
    assert person not in got, got
    assert got.endswith(": 未读取 / not read") and "某" in got, got
    assert Path(name).suffix in got, got       # the file still named by its kind and extension


@pytest.mark.parametrize("text,shown", [
    ("张三的投诉.csv", "某某的投诉.csv"),            # 的 kept, never read as part of the name
    ("，李四光的来电反映停电", "，某某的来电反映停电"),
    ("客户张三丰。", "客户某某。"),
])
def test_the_name_alone_is_masked(text, shown):
    assert mask_message(text) == shown


KEPT = ["谢谢您的来电", "，谢谢您的来电，再见。", "感谢您的来电", "关于您的投诉", "您的投诉,5天内给您答复",
        "您的举报,10天内给您答复", "对您的来电表示感谢", "客户1.5", "客户服务中心.csv", "complaints.csv",
        "诉求_2025年.csv", "我们的投诉渠道", "他的来电", "她的投诉"]


def test_polite_phrases_and_plain_file_names_are_kept():
    for free in (False, True):
        got = mask_text(pd.Series(KEPT, dtype="string"), free_text=free).tolist()
        assert got == KEPT, [(a, b) for a, b in zip(KEPT, got) if a != b]


def _strings(o, out):
    if isinstance(o, dict):
        for v in o.values():
            _strings(v, out)
    elif isinstance(o, list):
        for v in o:
            _strings(v, out)
    elif isinstance(o, str):
        out.append(o)
    return out


def test_clause_promise_and_instrument_texts_are_kept_whole():
    """No over-masking: every text of the five standards, the promise register and the survey instruments (clause
    texts, window kinds, labels) is kept as written, by both profiles of free text."""
    files = [*glob.glob(str(ROOT / "windoweval" / "standards" / "*.yaml")), str(ROOT / "windoweval" / "promises.yaml"),
             *glob.glob(str(ROOT / "surveys" / "instruments" / "*.yaml"))]
    texts = []
    for f in files:
        _strings(yaml.safe_load(Path(f).read_text(encoding="utf-8")), texts)
    assert len(texts) > 1000
    s = pd.Series(texts, dtype="string")
    for free in (False, True):
        got = mask_text(s, free_text=free).tolist()
        changed = [(a, b) for a, b in zip(texts, got) if a != b]
        assert not changed, changed[:5]


def test_window_names_are_kept(ws):
    names = [*ws.windows["window_name"].astype(str), *ws.windows["region"].astype(str)]
    assert mask_text(pd.Series(names, dtype="string")).tolist() == names


def test_records_check_lists_unread_files_without_the_names_in_them(tmp_path):
    """Before: '! 数据目录中未被任何记录类型读取的文件 … (5): 客户李四光.csv, 张三丰的投诉.csv, …' on the console."""
    from windoweval.cli import main
    from windoweval.demo import ensure_demo

    data = tmp_path / "data"
    shutil.copytree(ensure_demo(), data, ignore=shutil.ignore_patterns(".*"))
    for name in NAMED:
        (data / name).write_bytes(b"x\n")
    (data / "来电 138 1234 5678.csv").write_bytes(b"x\n")
    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        rc = main(["records", "check", "--data", str(data)])
    printed = so.getvalue() + se.getvalue()
    assert rc == 0, printed[-2000:]
    line = next(ln for ln in printed.splitlines() if "no kind of records reads" in ln)
    for person in NAMED.values():
        assert person not in printed, line
    assert "12345678" not in printed.replace(" ", ""), line
    assert line.count("某某") >= len(NAMED), line
