"""Writes the workbook and instrument mutations of the bad-input corpus (helper fuzz46: xlsx workbooks and survey
instrument YAML broken as they come).

Run once from the project root (``python tests/bad_inputs/_make_xlsx46_cases.py``); the folders it writes are the
test data (tests/test_bad_inputs.py runs them); this script only documents how the binary ones were made.  A small
work-order workbook written by openpyxl (and tests/data/survey/clean.xlsx for the survey) is the base each case breaks
in its XML or its bytes.  The encrypted workbook was made once with msoffcrypto-tool (``OOXMLFile.encrypt``, password
"secret"), not a dependency of the project: it is copied from the existing case when present.
"""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
import sys  # noqa: E402

sys.path.insert(0, str(HERE))
from _make_hostile_cases import case  # noqa: E402

TOML = (HERE / "records/every_sheet_is_read/windoweval.toml").read_text(encoding="utf-8")
S1, S2 = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"


def orders() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "3月"
    ws.append(["工单号", "窗口编号", "工单类型", "受理时间", "到达现场时间"])
    for i in range(1, 7):
        ws.append([f"W{i}", "PW01" if i % 2 else "PW02", "fault_repair", datetime.datetime(2025, 3, i, 8, 0),
                   datetime.datetime(2025, 3, i, 8, 30)])
        for c in ws[ws.max_row][3:5]:
            c.number_format = "yyyy-mm-dd hh:mm"
    b = io.BytesIO()
    wb.save(b)
    return b.getvalue()


def rezip(data: bytes, edit=None, drop=(), add=None) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n in zin.namelist():
            if n in drop:
                continue
            x = zin.read(n)
            if edit and n in edit:
                x = edit[n](x.decode()).encode()
            z.writestr(n, x)
        for n, x in (add or {}).items():
            z.writestr(n, x)
    return b.getvalue()


def cell(x: str, ref: str, new: str) -> str:
    return re.sub(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', new, x, count=1)


def shared_strings(data: bytes) -> bytes:
    """The workbook with its inline strings moved to xl/sharedStrings.xml, as Excel writes them."""
    strings: list = []

    def conv(x):
        def rep(m):
            strings.append(m.group(2))
            return f'<c r="{m.group(1)}" t="s"><v>{len(strings) - 1}</v></c>'
        return re.sub(r'<c r="([A-Z]+\d+)"[^>]*t="inlineStr"[^>]*><is><t>(.*?)</t></is></c>', rep, x)
    d = rezip(data, {S1: conv})
    sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")
    return rezip(d, {"[Content_Types].xml": lambda x: x.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" '
                     'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
                     "xl/_rels/workbook.xml.rels": lambda x: x.replace("</Relationships>", '<Relationship Id="rId99" Type='
                     '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                     'Target="sharedStrings.xml"/></Relationships>')}, add={"xl/sharedStrings.xml": sst})


def mac_orders() -> bytes:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.load_workbook(io.BytesIO(orders()))
    wb.epoch = CALENDAR_MAC_1904   # the same dates written as Excel for Mac counts them
    b = io.BytesIO()
    wb.save(b)
    return b.getvalue()


def main():
    base = orders()
    enc_case = HERE / "records/xlsx_encrypted/work_orders.xlsx"
    encrypted = enc_case.read_bytes() if enc_case.exists() else None
    if encrypted is None:   # made once (see the module's docstring)
        import msoffcrypto.format.ooxml as ooxml
        out = io.BytesIO()
        ooxml.OOXMLFile(io.BytesIO(base)).encrypt("secret", out)
        encrypted = out.getvalue()
    check = ["records", "check", "--data", "{case}"]
    imp = ["records", "import", "work_orders", "{case}/work_orders.xlsx", "--data", "{case}/store"]
    score = ["score", "--standard", "power_window", "--year", "2025", "--data", "{case}", "--out", "{case}/out"]

    def rec(name, args, exit, contains, note, data):
        case("records", name, args, exit, contains, note, {"windoweval.toml": TOML, "work_orders.xlsx": data})

    rec("xlsx_encrypted", check, 3, ["work_orders.xlsx", "密码", "password to open", "Encrypt with Password"],
        "a workbook with a password to open (an OLE2 container holding EncryptedPackage): named so, with the fix, "
        "not 'corrupt'", encrypted)
    rec("xlsx_old_xls_renamed", imp, 3, ["work_orders.xlsx", "旧版 Excel", "old Excel", ".xlsx"],
        "an old binary .xls (BIFF) renamed .xlsx", (HERE / "survey/check_old_xls/d.xls").read_bytes())
    rec("xlsx_web_page_renamed", check, 3, ["work_orders.xlsx", "网页", "web page"],
        "a web page's table (a system's 'export to Excel') saved as .xlsx",
        '<html><meta charset="utf-8"><table><tr><td>工单号</td><td>窗口编号</td></tr>'
        '<tr><td>W1</td><td>PW01</td></tr></table></html>'.encode())
    rec("xlsx_gbk_text_renamed", score, 3, ["work_orders.xlsx", "文本", "text", ".csv"],
        "a GBK tab-separated export renamed .xlsx: named as text, the fix a rename",
        "工单号\t窗口编号\t工单类型\t受理时间\t到达现场时间\nW1\tPW01\tfault_repair\t2025-03-01 08:00\t2025-03-01 08:30\n"
        .encode("gbk"))
    rec("xlsx_date_past_9999", check, 3, ["work_orders.xlsx[3月]", "D5", "9999999999", "受理时间", "日期格式",
                                          "formatted as a date"],
        "a date-formatted cell holding 9999999999 (no date): the reader made it an error read blank, once said as "
        "'received_at empty' beside the reader's own warning", rezip(base, {S1: lambda x: cell(
            x, "D5", '<c r="D5" s="1"><v>9999999999</v></c>')}))
    rec("xlsx_shared_strings_missing", check, 3, ["work_orders.xlsx", "XLSX", "另存为", "save it again"],
        "a workbook whose cells point at xl/sharedStrings.xml, which is missing", rezip(shared_strings(base),
                                                                                       drop=("xl/sharedStrings.xml",)))
    rec("xlsx_shared_string_out_of_range", imp, 3, ["work_orders.xlsx", "XLSX", "IndexError"],
        "a cell pointing past the shared strings' end", rezip(shared_strings(base), {S1: lambda x: re.sub(
            r'(<c r="B3" t="s"><v>)\d+', r"\g<1>9999", x)}))
    rec("xlsx_sheet_not_xml", check, 3, ["work_orders.xlsx", "XLSX", "ParseError"],
        "a sheet's XML cut in the middle of a cell", rezip(base, {S1: lambda x: x.replace("</sheetData>",
                                                                                          "<row><c></sheetData>")}))
    rec("xlsx_error_value_na", score, 3, ["work_orders.xlsx[3月]", "D3", "#N/A", "受理时间"],
        "a #N/A error cell in a date column, through score", rezip(base, {S1: lambda x: cell(
            x, "D3", '<c r="D3" t="e"><v>#N/A</v></c>')}))
    rec("xlsx_formula_without_value", imp, 3, ["work_orders.xlsx[3月]", "E2", "F9", "到达现场时间"],
        "a formula cell with no cached value (a program wrote it, Excel never calculated it)",
        rezip(base, {S1: lambda x: cell(x, "E2", '<c r="E2" s="1"><f>D2+1/48</f></c>')}))
    rec("xlsx_text_and_serial_dates_read", imp, 0, ["6 条记录", "year=2025/month=03"],
        "a date column holding dates as text (2025/3/3 8:00) and as unstyled serials (45720.333333) beside "
        "formatted ones: every record read", rezip(base, {S1: lambda x: cell(cell(
            x, "D4", '<c r="D4" t="inlineStr"><is><t>2025/3/3 8:00</t></is></c>'), "D5",
            '<c r="D5"><v>45720.333333</v></c>')}))
    rec("xlsx_date1904_read", imp, 0, ["6 条记录", "year=2025/month=03"],
        "the same dates in Excel for Mac's 1904 date system: read as 2025, not four years on", mac_orders())
    rec("xlsx_hidden_sheet_read", check, 0, ["work_orders: 6", "隐藏", "hidden"],
        "the workbook's only sheet hidden: read, and said", rezip(base, {"xl/workbook.xml": lambda x: x.replace(
            'state="visible"', 'state="hidden"', 1)}))
    rec("xlsx_dimension_claims_every_row", check, 0, ["work_orders: 6"],
        "a sheet whose dimension claims A1:XFD1048576 over 7 rows: read quickly, 6 records",
        rezip(base, {S1: lambda x: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', x)}))
    rec("xlsx_entity_bomb", check, 3, ["work_orders.xlsx", "XLSX"],
        "a sheet with nested entity definitions (billion laughs): refused, never expanded",
        rezip(base, {S1: lambda x: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;'
                     '&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>' + x.split("?>", 1)[-1]}))

    survey = (ROOT / "tests/data/survey/clean.xlsx").read_bytes()
    chk = ["survey", "check", "{case}/d.xlsx", "--instrument", "power_hall", "--year", "2025"]
    simp = ["survey", "import", "{case}/d.xlsx", "--instrument", "power_hall", "--year", "2025", "--store", "{case}/store"]
    case("survey", "check_xlsx_encrypted", chk, 3, ["d.xlsx", "密码", "password to open", "重新交付"],
         "a delivery workbook with a password to open", {"d.xlsx": encrypted})
    case("survey", "check_xlsx_empty", chk, 3, ["d.xlsx", "空", "empty"], "a 0-byte .xlsx delivery", {"d.xlsx": b""})
    case("survey", "import_xlsx_text_renamed", simp, 3, ["d.xlsx", "文本", "text", ".csv"],
         "a CSV delivery renamed .xlsx", {"d.xlsx": b"respondent_id,window_id\n1,PW01\n"})
    case("survey", "check_xlsx_date_past_9999", chk, 1, ["interview_date", "9999999999", "第 4 行"],
         "an interview date formatted as a date holding 9999999999: its number shown, not the reader's #VALUE! "
         "called a failed formula", {"d.xlsx": rezip(survey, {S2: lambda x: cell(
             x, "C4", '<c r="C4" s="5" t="n"><v>9999999999</v></c>')})})
    case("survey", "check_xlsx_sheet_not_xml", chk, 3, ["d.xlsx", "XLSX", "ParseError"],
         "the data sheet's XML cut in the middle of a cell", {"d.xlsx": rezip(survey, {S2: lambda x: x.replace(
             "</sheetData>", "<row><c></sheetData>")})})


def instruments():
    """The survey instrument (surveys/instruments/power_hall.yaml) broken one way each, through survey check and
    survey template."""
    good = (ROOT / "surveys/instruments/power_hall.yaml").read_text(encoding="utf-8")
    csv = (HERE / "config/instrument_yaml_error/d.csv").read_bytes()
    chk = ["survey", "check", "{case}/d.csv", "--instrument", "{case}/i.yaml", "--year", "2025"]
    tpl = ["survey", "template", "--instrument", "{case}/i.yaml", "--out", "{case}/t.xlsx"]

    def ins(name, args, contains, note, text, absent=None):
        case("config", "instrument46_" + name, args, 3, ["i.yaml", *contains], note,
             {"i.yaml": text, "d.csv": csv}, absent=absent)

    ins("items_a_string", chk, ["items", "列表", "must be a list"], "items: a string, not a list (was exit 5)",
        good.replace("\nitems:\n", "\nitems: env1\nitems_old:\n"))
    ins("dimensions_a_mapping", tpl, ["dimensions", "must be a list"], "dimensions: a mapping, not a list (was exit 5)",
        good.replace("dimensions:\n  - id: environment", "dimensions:\n  x: 1\ndims_old:\n  - id: environment"))
    ins("label_code_a_word", chk, ["satisfaction", "'one'", "whole number"],
        "a label set's code written as a word (one:) (was exit 5)",
        good.replace('      1: {zh: "非常不满意"', '      one: {zh: "非常不满意"', 1))
    ins("version_a_date", tpl, ["instrument.version", "whole number"], "version: 2025-01-01 (a date) (was exit 5)",
        good.replace("  version: 1\n", "  version: 2025-01-01\n"))
    ins("scale_a_billion_codes", chk, ["1,000,000,000", "min", "max"],
        "scale max 1000000000: was built code by code until the machine killed the process",
        good.replace("  max: 5\n", "  max: 1000000000\n"), )
    ins("labels_are_numbers", chk, ["scale.labels.satisfaction.1.zh", "must be text"],
        "a label's texts written as numbers (zh: 1, en: 2): accepted before",
        good.replace('1: {zh: "非常不满意", en: "Very dissatisfied"}', "1: {zh: 1, en: 2}"))
    ins("weight_infinite", chk, ["environment", "finite"], "a dimension weight .inf: accepted before (weights NaN)",
        good.replace("weight: 0.15\n    source: 第八条\n", "weight: .inf\n    source: 第八条\n"))
    ins("reverse_a_word", chk, ["staff3", "reverse", "true or false"],
        "reverse: 'maybe' read as true in silence before",
        good.replace('reverse: true,\n     zh: "工作人员有推诿', "reverse: 'maybe',\n     zh: \"工作人员有推诿"))
    ins("nul_in_label", tpl, ["U+0000", "satisfaction.3.zh"],
        "a NUL in a label: checked clean, then the template ended in a traceback (IllegalCharacterError)",
        good.replace('"一般", en: "Neutral"', '"一\\0般", en: "Neutral"'), absent=["t.xlsx"])
    ins("title_too_long", tpl, ["instrument.title_zh", "5,000", "2,000"],
        "a 5,000-character title (a page pasted in): written into the template before", good.replace(
            'title_zh: "供电营业厅客户满意度调查问卷"', 'title_zh: "' + "长" * 5_000 + '"'), absent=["t.xlsx"])
    ins("duplicate_key", chk, ["'min'", "第 16 行", "line 16", "twice"],
        "a key written twice in one mapping (min: 1, min: 2): the first dropped in silence before",
        good.replace("  min: 1\n", "  min: 1\n  min: 2\n"))
    ins("items_twice", chk, ["'items'", "twice"],
        "a second items: block appended (new questions): the first block's questions dropped in silence before",
        good.replace("# 意见建议中的常见投诉词", "items:\n  - {id: extra1, dimension: staff, labels: satisfaction, "
                     "zh: \"新题\", en: \"New\"}\n# 意见建议中的常见投诉词"))
    ins("python_tag", chk, ["i.yaml", "YAML"], "a !!python/object/apply tag (code in the instrument): never run",
        good.replace('title_zh: "供电营业厅客户满意度调查问卷"', "title_zh: !!python/object/apply:os.system ['touch pwned']"),
        absent=["pwned"])
    laughs = "".join(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9 if i else ['"lol"'] * 9) + "]\n" for i in range(9))
    ins("alias_bomb", tpl, ["十亿笑声", "billion laughs"], "anchors and aliases nested nine deep (billion laughs)",
        laughs + good)


if __name__ == "__main__":
    main()
    instruments()
