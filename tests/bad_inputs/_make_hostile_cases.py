"""Writes the survey, config and report cases of the bad-input corpus (helper `hostile`, issue 11).

Run once from the project root (``python tests/bad_inputs/_make_hostile_cases.py``); the folders it
writes are the test data (tests/test_bad_inputs.py runs them); this script only documents how the
binary ones were made.  A good survey delivery (``survey demo``) is the base most survey cases break.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def case(area, name, args, exit, contains, note, files=None, absent=None):
    d = HERE / area / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    spec = {"args": args, "exit": exit, "stderr_contains": contains, "note": note}
    if absent:
        spec["absent"] = absent
    (d / "case.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    for fname, content in (files or {}).items():
        p = d / fname
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")


def good_delivery() -> str:
    with tempfile.TemporaryDirectory() as t:
        subprocess.run([sys.executable, "-m", "windoweval.cli", "survey", "demo", "--out", t, "--years", "2025",
                        "--n-per-window", "2"], check=True, capture_output=True)
        return (Path(t) / "power_hall_2025.csv").read_text(encoding="utf-8-sig")


WS = '''name = "测试单位"
name_en = "Test organisation"

[[windows]]
id = "PW01"
name = "城东营业厅"
kind = "power_hall"
region = "城东"
'''


def survey_cases(good: str):
    lines = good.splitlines()
    header, rows = lines[0], lines[1:]
    chk = lambda f: ["survey", "check", "{case}/" + f, "--instrument", "power_hall", "--year", "2025"]  # noqa: E731
    imp = lambda f, *more: ["survey", "import", "{case}/" + f, "--instrument", "power_hall", "--year", "2025",  # noqa: E731
                            "--store", "{case}/store", *more]
    case("survey", "import_survey_dotdot", imp("d.csv", "--survey", "../../x"), 2, ["../../x", "survey"],
         "survey id climbing out of the store (../../x)", {"d.csv": good}, absent=["../x", "x"])
    case("survey", "import_survey_slash", imp("d.csv", "--survey", "a/b"), 2, ["a/b"],
         "survey id with a slash", {"d.csv": good}, absent=["store/surveys/a"])
    case("survey", "import_survey_absolute", imp("d.csv", "--survey", "/tmp/evil"), 2, ["/tmp/evil"],
         "survey id that is an absolute path", {"d.csv": good})
    case("survey", "import_survey_hidden", imp("d.csv", "--survey", ".hidden"), 2, [".hidden"],
         "survey id starting with a dot", {"d.csv": good})
    case("survey", "check_empty_file", chk("d.csv"), 3, ["d.csv"], "an empty delivery (0 bytes)", {"d.csv": b""})
    case("survey", "check_header_only", chk("d.csv"), 1, ["no data rows"], "a header and no data row (a finding of check)",
         {"d.csv": header + "\n"})
    case("survey", "check_utf16", chk("d.csv"), 0, ["utf-16"], "the delivery saved as UTF-16 (Excel's 'Unicode text'): read, encoding named",
         {"d.csv": good.encode("utf-16")})
    case("survey", "check_gbk", chk("d.csv"), 0, ["d.csv"], "the delivery saved as GBK (read, the encoding named)",
         {"d.csv": good.encode("gbk", errors="replace")})
    case("survey", "check_binary_garbage", chk("d.csv"), 3, ["d.csv"], "random bytes named .csv",
         {"d.csv": bytes(range(256)) * 20})
    case("survey", "check_fake_xlsx", chk("d.xlsx"), 3, ["d.xlsx"], "a CSV renamed .xlsx (not a zip)",
         {"d.xlsx": good.encode("utf-8")})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    case("survey", "check_zip_not_xlsx", chk("d.xlsx"), 3, ["d.xlsx"], "a zip archive that is not a workbook",
         {"d.xlsx": buf.getvalue()})
    case("survey", "check_old_xls", chk("d.xls"), 3, ["d.xls"], "an old .xls workbook (BIFF), not supported",
         {"d.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600})
    case("survey", "check_fake_sav", chk("d.sav"), 3, ["d.sav"], "a .sav file that is not SPSS",
         {"d.sav": b"$FL2 not really spss" + b"\0" * 100})
    case("survey", "check_missing_file", chk("nothere.csv"), 3, ["nothere.csv"], "a delivery that does not exist")
    case("survey", "check_unknown_extension", chk("d.txt"), 0, ["d.txt", "CSV"], "a CSV delivery named .txt: read as CSV, the format named",
         {"d.txt": good})
    cols = header.split(",")
    drop = [i for i, c in enumerate(cols) if c == "overall"][0]
    cut = "\n".join(",".join(v for i, v in enumerate(r.split(",")) if i != drop) for r in lines) + "\n"
    case("survey", "check_missing_column", chk("d.csv"), 1, ["overall"], "the overall-satisfaction column is missing",
         {"d.csv": cut})
    dup = header.replace("env2", "env1", 1)
    case("survey", "check_duplicate_header", chk("d.csv"), 1, ["env1"], "a question header twice (env1, env1)",
         {"d.csv": "\n".join([dup, *rows]) + "\n"})
    bad = rows[0].split(",")
    bad[cols.index("env1")] = "99"
    case("survey", "check_out_of_range", chk("d.csv"), 1, ["env1", "99"], "an answer outside the scale (99)",
         {"d.csv": "\n".join([header, ",".join(bad), *rows[1:]]) + "\n"})
    bad = rows[0].split(",")
    bad[cols.index("interview_date")] = "2025-13-45"
    case("survey", "check_bad_date", chk("d.csv"), 1, ["2025-13-45"], "an impossible interview date",
         {"d.csv": "\n".join([header, ",".join(bad), *rows[1:]]) + "\n"})
    bad = rows[0].split(",")
    bad[cols.index("weight")] = "inf"
    case("survey", "check_weight_inf", chk("d.csv"), 1, ["weight"], "a design weight of inf",
         {"d.csv": "\n".join([header, ",".join(bad), *rows[1:]]) + "\n"})
    bad = rows[0].split(",")
    bad[cols.index("weight")] = "-3"
    case("survey", "check_weight_negative", chk("d.csv"), 1, ["weight"], "a negative design weight",
         {"d.csv": "\n".join([header, ",".join(bad), *rows[1:]]) + "\n"})
    case("survey", "check_formula_comment", chk("d.csv"), 0, ["d.csv"],
         "comments starting with = + - @ (and full-width ＝): read as text, never as formulas",
         {"d.csv": "\n".join([header, *[r.rsplit(",", 1)[0] + ',"=HYPERLINK(""http://x"")"' for r in rows[:2]],
                              *[r.rsplit(",", 1)[0] + ",＝1+1" for r in rows[2:4]], *rows[4:]]) + "\n"})


def config_cases():
    rc = lambda: ["records", "check", "--data", "{case}"]  # noqa: E731
    case("config", "toml_syntax_error", rc(), 3, ["windoweval.toml", "TOML"], "a TOML syntax error (unclosed string)",
         {"windoweval.toml": 'name = "测试\n[[windows]]\nid = "PW01"\n'})
    case("config", "toml_utf16", rc(), 3, ["windoweval.toml", "UTF-8"], "the workspace file saved as UTF-16",
         {"windoweval.toml": WS.encode("utf-16")})
    case("config", "toml_empty", rc(), 3, ["windoweval.toml", "windows"], "an empty workspace file",
         {"windoweval.toml": ""})
    case("config", "toml_no_windows", rc(), 3, ["windows"], "a workspace with no [[windows]]",
         {"windoweval.toml": 'name = "x"\n'})
    case("config", "toml_window_without_id", rc(), 3, ["id"], "a window without an id",
         {"windoweval.toml": 'name = "x"\n[[windows]]\nname = "城东"\nkind = "power_hall"\n'})
    case("config", "toml_duplicate_window", rc(), 3, ["PW01"], "the same window id twice",
         {"windoweval.toml": WS + '\n[[windows]]\nid = "PW01"\nname = "又一个"\nkind = "power_hall"\n'})
    case("config", "toml_target_above_one", rc(), 3, ["1.5", "targets"], "a target rate of 1.5",
         {"windoweval.toml": WS + '\n[targets]\n"power_window.x" = 1.5\n'})
    case("config", "toml_target_text", rc(), 3, ["targets"], "a target written as text (\"high\")",
         {"windoweval.toml": WS + '\n[targets]\n"power_window.x" = "high"\n'})
    case("config", "toml_windows_not_tables", rc(), 3, ["windows"], "windows given as a list of strings",
         {"windoweval.toml": 'name = "x"\nwindows = ["PW01", "PW02"]\n'})
    case("config", "toml_windows_a_string", rc(), 3, ["windows"], "windows given as one string",
         {"windoweval.toml": 'name = "x"\nwindows = "PW01"\n'})
    case("config", "toml_name_not_text", rc(), 3, ["name"], "the organisation's name is a number",
         {"windoweval.toml": WS.replace('name = "测试单位"', "name = 5")})
    case("config", "toml_missing", rc(), 3, ["windoweval.toml"], "no workspace file in the data directory",
         {"README.txt": "nothing here"})
    case("config", "mapping_escapes_data_dir", rc(), 3, ["mapping_file", "passwd"],
         "mapping_file pointing outside the data directory (../../../../../../etc/passwd)",
         {"windoweval.toml": 'mapping_file = "../../../../../../etc/passwd"\n' + WS})
    case("config", "mapping_absolute_path", rc(), 3, ["mapping_file"], "mapping_file given as an absolute path",
         {"windoweval.toml": 'mapping_file = "/etc/hostname"\n' + WS})
    case("config", "mapping_yaml_error", rc(), 3, ["mapping.yaml", "YAML"], "a YAML syntax error in the mapping",
         {"windoweval.toml": 'mapping_file = "mapping.yaml"\n' + WS,
          "mapping.yaml": "work_orders:\n  columns: {工单号: order_id\n  values: [\n"})
    case("config", "mapping_not_a_mapping", rc(), 3, ["mapping.yaml"], "a mapping file that is a list",
         {"windoweval.toml": 'mapping_file = "mapping.yaml"\n' + WS, "mapping.yaml": "- a\n- b\n"})
    case("config", "mapping_missing_file", rc(), 3, ["nope.yaml"], "mapping_file names a file that is not there",
         {"windoweval.toml": 'mapping_file = "nope.yaml"\n' + WS})
    case("config", "mapping_tab_indent", rc(), 3, ["mapping.yaml", "YAML"], "a mapping indented with tabs",
         {"windoweval.toml": 'mapping_file = "mapping.yaml"\n' + WS,
          "mapping.yaml": "work_orders:\n\tcolumns:\n\t\t工单号: order_id\n"})
    sc = lambda: ["score", "--year", "2025", "--data", "{case}", "--out", "{case}/out"]  # noqa: E731
    case("config", "calendar_escapes_data_dir", sc(), 3, ["calendar_file"],
         "calendar_file pointing outside the data directory",
         {"windoweval.toml": 'calendar_file = "../../../etc/passwd"\n' + WS})
    ins = lambda f: ["survey", "check", "{case}/d.csv", "--instrument", "{case}/" + f, "--year", "2025"]  # noqa: E731
    good = (Path(__file__).parents[2] / "surveys" / "instruments" / "power_hall.yaml").read_text(encoding="utf-8")
    d = "respondent_id,window_id\n1,PW01\n"
    case("config", "instrument_yaml_error", ins("i.yaml"), 3, ["i.yaml"], "an instrument file with a YAML error",
         {"i.yaml": "id: x\ndimensions: [\n", "d.csv": d})
    case("config", "instrument_not_mapping", ins("i.yaml"), 3, ["i.yaml"], "an instrument that is a list",
         {"i.yaml": "- a\n", "d.csv": d})
    case("config", "instrument_empty", ins("i.yaml"), 3, ["i.yaml"], "an empty instrument file",
         {"i.yaml": "", "d.csv": d})
    case("config", "instrument_no_dimensions", ins("i.yaml"), 3, ["dimensions"], "an instrument without dimensions",
         {"i.yaml": "id: x\ntitle_zh: 测试\n", "d.csv": d})
    y = yaml.safe_load(good)
    y["dimensions"].append(dict(y["dimensions"][0]))
    case("config", "instrument_duplicate_dimension", ins("i.yaml"), 3, ["i.yaml", "duplicate dimension"],
         "the same dimension id twice", {"i.yaml": yaml.safe_dump(y, allow_unicode=True), "d.csv": d})
    y = yaml.safe_load(good)
    y["dimensions"][0]["weight"] = "heavy"
    case("config", "instrument_weight_text", ins("i.yaml"), 3, ["weight"],
         "a dimension weight written as text", {"i.yaml": yaml.safe_dump(y, allow_unicode=True), "d.csv": d})
    y = yaml.safe_load(good)
    y["scale"]["min"], y["scale"]["max"] = 5, 1
    case("config", "instrument_scale_reversed", ins("i.yaml"), 3, ["scale"],
         "a scale whose minimum is above its maximum", {"i.yaml": yaml.safe_dump(y, allow_unicode=True), "d.csv": d})
    case("config", "instrument_unknown_name", ["survey", "check", "{case}/d.csv", "--instrument", "nosuch"], 2,
         ["nosuch"], "an instrument name that does not exist", {"d.csv": d})
    case("config", "instrument_utf16", ins("i.yaml"), 3, ["i.yaml"], "an instrument saved as UTF-16",
         {"i.yaml": good.encode("utf-16"), "d.csv": d})


def report_cases():
    base = ["report", "--year", "2025", "--out", "{case}/out"]
    case("report", "param_name_is_code", [*base, "-p", "x=__import__('os').system('touch pwned')#", "1"], 2,
         ["未知的报告参数", "unknown report parameter", "baseline_year"],
         "a -p name that is Python code (it used to be pasted into the parameters cell)", absent=["pwned"])
    case("report", "param_unknown_name", [*base, "-p", "colour", "red"], 2, ["colour", "year", "instrument"],
         "a -p name no notebook declares")
    case("report", "param_name_newline", [*base, "-p", "year\nimport os", "1"], 2, ["unknown report parameter"],
         "a -p name with a newline")
    case("report", "param_dunder", [*base, "-p", "__builtins__", "1"], 2, ["__builtins__"],
         "a -p name that is a Python internal")
    case("report", "param_int_not_int", [*base, "-p", "baseline_year", "2024; import os"], 2,
         ["baseline_year", "integer"], "an integer parameter given text")
    case("report", "param_int_float", [*base, "-p", "baseline_year", "1e999"], 2, ["baseline_year"],
         "an integer parameter given 1e999")
    case("report", "param_list_for_int", [*base, "-p", "year", "[2024, 2025]"], 2, ["year"],
         "an integer parameter given a list")
    case("report", "param_dict_for_windows", [*base, "-p", "windows", "{PW01: 1}"], 2, ["windows"],
         "a mapping where ids are expected")
    case("report", "param_yaml_tag", [*base, "-p", "windows", "!!python/object/apply:os.system [touch pwned]"], 2,
         ["windows"], "a YAML tag that would run code in an unsafe loader", absent=["pwned"])
    case("report", "param_value_is_code_prepared",
         ["report", "--year", "2025", "--prepare-only", "--out", "{case}/out", "-p", "standard",
          "x'); import os; os.system('touch pwned'); ('"], 2, ["no standard", "没有标准"],
         "a text value that is Python code: no standard of the catalog, refused before any notebook is written (it "
         "was accepted as text and written with repr until the thirty-first audit, and an unknown standard built an "
         "explore page that scored nothing); never run", absent=["pwned", "out/2025.prepared"])
    case("report", "out_is_a_file", ["report", "--year", "2025", "--out", "{case}/afile"], 2, ["afile"],
         "--out names an existing file", {"afile": "x"})
    case("report", "year_without_records", ["report", "--year", "2031", "--out", "{case}/out"], 3, ["2031", "2024"],
         "a year the data does not cover (without --year the last year covered is taken)")
    case("report", "year_not_a_number", ["report", "--year", "twenty", "--out", "{case}/out"], 2, ["--year"],
         "--year is not a number")
    case("report", "language_unknown", [*base, "--language", "fr"], 2, ["--language"], "a language we do not have")
    case("report", "data_without_workspace", [*base, "--data", "{case}/nodata"], 3, ["windoweval.toml"],
         "--data names a folder without a workspace file", {"nodata/README.txt": "x"})
    case("report", "data_bad_workspace", [*base, "--data", "{case}/d"], 3, ["TOML"],
         "--data whose workspace file is broken", {"d/windoweval.toml": "name = \n"})


if __name__ == "__main__":
    survey_cases(good_delivery())
    config_cases()
    report_cases()
    print(sum(1 for _ in HERE.glob("*/*/case.yaml")), "cases")
