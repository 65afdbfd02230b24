"""Write the bad-input cases of the workspace file windoweval.toml (tests/bad_inputs/workspace/<case>/).

Run from the project root: ``python tests/bad_inputs/workspace/make_cases.py`` (format: tests/test_bad_inputs.py).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
WIN = '[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
WO = "工单号,窗口编号,工单类型,受理时间\nW1,PW01,fault_repair,2025-03-01 08:00\n"
CHECK = ["records", "check", "--data", "{case}"]


def case(name, note, toml: bytes | str | None, exit=3, contains=("windoweval.toml",), args=CHECK, files=None):
    d = HERE / name
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    if toml is not None:
        (d / "windoweval.toml").write_bytes(toml if isinstance(toml, bytes) else toml.encode("utf-8"))
    for f, content in (files or {"work_orders.csv": WO}).items():
        (d / f).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (d / "case.yaml").write_text(yaml.safe_dump({"args": list(args), "exit": exit, "stderr_contains": list(contains),
                                                 "note": note}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main():
    # each case folder is rewritten by case(); folders of other helpers' cases are left alone
    case("no_workspace_file", "a data directory without windoweval.toml", None, contains=["windoweval.toml", "data/README.md"])
    case("toml_syntax_error", "an unquoted Chinese name", 'name = 示例供电公司\n' + WIN, contains=["TOML", "line 1"])
    case("toml_unclosed_table", "[[windows] with one bracket missing", 'name = "x"\n[[windows]\nid = "PW01"\n',
         contains=["TOML", "windoweval.toml"])
    case("toml_fullwidth_equals", "a full-width ＝ typed by a Chinese input method", 'name ＝ "x"\n' + WIN, contains=["TOML"])
    case("toml_gbk", "windoweval.toml saved as GBK", ('name = "示例供电公司"\n' + WIN).encode("gbk"), contains=["UTF-8"])
    case("toml_with_bom_is_read", "windoweval.toml saved with a UTF-8 BOM (Windows Notepad): read",
         b"\xef\xbb\xbf" + ('name = "示例供电公司"\n' + WIN).encode("utf-8"), exit=0, contains=["work_orders: 1"])
    case("no_windows", "a workspace with no [[windows]]", 'name = "x"\n', contains=["[[windows]]"])
    case("windows_as_table", "[windows] written as one table instead of [[windows]]",
         'name = "x"\n[windows]\nid = "PW01"\nname = "a"\nkind = "power_hall"\n', contains=["[[windows]]"])
    case("window_without_kind", "a window without kind", 'name = "x"\n[[windows]]\nid = "PW01"\nname = "a"\n',
         contains=["kind", "#1"])
    case("window_empty_id", "a window whose id is blank", 'name = "x"\n[[windows]]\nid = " "\nname = "a"\nkind = "power_hall"\n',
         contains=["id", "#1"])
    case("duplicate_window_ids", "PW01 twice", 'name = "x"\n' + WIN + WIN, contains=["PW01", "duplicate"])
    case("target_out_of_range", "a target of 98 (percent, not a rate)", 'name = "x"\n' + WIN + '[targets]\n"power_window.10.2.1" = 98\n',
         contains=["98", "0–1"])
    case("weight_not_a_number", "a weight written as a word (review48: a traceback, exit 5, at the score)",
         'name = "x"\n' + WIN + '[weights]\n"power_window.10.2.5" = "three"\n',
         contains=["[weights]", "'three'", "权重", "at least 0"])
    case("targets_not_a_table", "targets = 0.9 instead of a [targets] table", 'name = "x"\ntargets = 0.9\n' + WIN,
         contains=["targets"])
    case("unknown_windows_bad_value", "unknown_windows = \"drop\"", 'name = "x"\nunknown_windows = "drop"\n' + WIN,
         contains=["unknown_windows", "refuse"])
    case("mapping_file_missing", "mapping_file names a file that is not there", 'name = "x"\nmapping_file = "mapping.yaml"\n' + WIN,
         contains=["mapping.yaml", "not found"])
    case("mapping_file_outside", "mapping_file points outside the data directory",
         'name = "x"\nmapping_file = "../../../../etc/hosts"\n' + WIN, contains=["mapping_file", "hosts", "跳出", "leaves"])
    case("mapping_file_not_text", "mapping_file = 1", 'name = "x"\nmapping_file = 1\n' + WIN, contains=["mapping_file"])
    case("mapping_not_a_mapping", "mapping.yaml holds a list", 'name = "x"\nmapping_file = "m.yaml"\n' + WIN,
         files={"work_orders.csv": WO, "m.yaml": "- work_orders\n- calls\n"}, contains=["m.yaml", "work_orders:"])
    case("mapping_gbk", "mapping.yaml saved as GBK", 'name = "x"\nmapping_file = "m.yaml"\n' + WIN,
         files={"work_orders.csv": WO, "m.yaml": "work_orders:\n  columns: {工单号: order_id}\n".encode("gbk")},
         contains=["m.yaml", "UTF-8"])
    case("mapping_fullwidth_colon", "a full-width colon in mapping.yaml, as a Chinese input method types it",
         'name = "x"\nmapping_file = "m.yaml"\n' + WIN,
         files={"work_orders.csv": WO, "m.yaml": "work_orders:\n  columns:\n    工单号\uff1aorder_id\n"},
         contains=["m.yaml", "columns", "全角", "full-width colon"])
    case("score_refuses_bad_workspace", "score on a workspace with a TOML error: exit 3, no traceback",
         'name = 示例\n' + WIN, args=["score", "--data", "{case}", "--year", "2025", "--out", "{case}/out"],
         contains=["TOML"])


if __name__ == "__main__":
    main()
