"""The XLSX template surveyors fill in: errors stopped where they start.

交付模板（XLSX）：含中英文填写说明、代码表，每个编码列都有下拉选择与数据验证。

Examples
--------
>>> import tempfile, pathlib
>>> from windoweval.survey.template import write_template
>>> with tempfile.TemporaryDirectory() as d:
...     t = write_template("power_hall", pathlib.Path(d) / "t.xlsx", year=2025)
>>> t["sheet"].tolist()
['说明 Instructions', '数据 data', '代码 codes']
"""
from __future__ import annotations

import datetime as _dt
import io
import os
from pathlib import Path

import pandas as pd

from ..atomic import write_bytes
from ..cells import neutralise
from .instrument import COLUMN_LABELS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Instrument, load_instrument

__all__ = ["write_template", "template_columns"]

DATA_SHEET = "数据 data"
INFO_SHEET = "说明 Instructions"
CODES_SHEET = "代码 codes"


def template_columns(instrument: Instrument | str) -> pd.DataFrame:
    """The columns of a delivery, in template order, with their meaning and allowed values.

    交付文件各列：顺序、含义、取值、是否必填。

    Parameters
    ----------
    instrument : Instrument or str

    Returns
    -------
    pandas.DataFrame
        Columns ``column``, ``required``, ``zh``, ``en``, ``values`` (allowed codes or rule),
        ``coded`` (a drop-down list applies).

    Examples
    --------
    >>> t = template_columns("power_hall")
    >>> t.loc[t.column == "overall", ["required", "values", "coded"]].values.tolist()
    [[True, '1,2,3,4,5,9', True]]
    >>> t.loc[t.column == "customer_type", "values"].item()
    'resident,business,other'
    """
    ins = load_instrument(instrument)
    codes = ",".join(str(c) for c in ins.valid_codes)
    rows = []
    rules = {
        "respondent_id": "文本，唯一 / text, unique",
        "window_id": "文本 / text",
        "interview_date": "YYYY-MM-DD",
        "stratum": "文本 / text",
        "psu": "文本 / text",
        "weight": "> 0",
        "duration_s": ">= 0",
        "comment": "文本 / text",
    }
    for c in REQUIRED_COLUMNS[:6]:
        zh, en = COLUMN_LABELS[c]
        rows.append({"column": c, "required": True, "zh": zh, "en": en, "values": rules[c], "coded": False})
    if ins.customer_types:
        zh, en = COLUMN_LABELS["customer_type"]
        rows.append({"column": "customer_type", "required": False, "zh": zh, "en": en,
                     "values": ",".join(ins.customer_types), "coded": True})
    for q in ins.items + (ins.overall,):
        rows.append({"column": q.id, "required": True, "zh": q.zh + ("（反向题）" if q.reverse else ""),
                     "en": q.en + (" (reverse-worded)" if q.reverse else ""),
                     "values": ",".join(str(c) for c in ins.item_codes(q.id)) if q.scale else codes, "coded": True})
    for c in OPTIONAL_COLUMNS:
        if c == "customer_type":
            continue
        zh, en = COLUMN_LABELS[c]
        rows.append({"column": c, "required": False, "zh": zh, "en": en, "values": rules[c], "coded": False})
    return pd.DataFrame(rows)


def write_template(instrument: Instrument | str, out: str | os.PathLike, *, year: int | None = None,
                   rows: int = 2000) -> pd.DataFrame:
    """Write the XLSX template of an instrument.

    生成某问卷的 XLSX 交付模板：说明页（中英文）、数据页（每个编码列有下拉列表和数据验证）、代码表。

    Parameters
    ----------
    instrument : Instrument or str
    out : path
        The ``.xlsx`` file to write.
    year : int, optional
        The survey year; interview dates are then limited to it.
    rows : int
        Data rows prepared with validation.

    Returns
    -------
    pandas.DataFrame
        Columns ``sheet``, ``purpose``: the sheets written.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d) / "t.xlsx"
    ...     _ = write_template("hospital_window", p, year=2025, rows=50)
    ...     ws = openpyxl.load_workbook(p)["数据 data"]
    ...     lists = sorted({v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"})
    >>> lists
    ['"1,2,3,4,5,9"', '"outpatient,inpatient,family"']
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ins = load_instrument(instrument)
    cols = template_columns(ins)
    wb = openpyxl.Workbook()

    info = wb.active
    info.title = INFO_SHEET
    bold = Font(bold=True)
    miss = "；".join(f"{k} = {zh}" for k, (zh, en) in ins.missing_codes.items())
    miss_en = "; ".join(f"{k} = {en}" for k, (zh, en) in ins.missing_codes.items())
    lines = [
        (f"{ins.title_zh}：交付模板", f"{ins.title_en}: delivery template"),
        (f"问卷 {ins.id}，第 {ins.version} 版" + (f"；调查年度 {year}" if year else ""),
         f"Instrument {ins.id}, version {ins.version}" + (f"; survey year {year}" if year else "")),
        ("", ""),
        ("填写说明", "How to fill in"),
        ("1. 在「数据 data」页填写，每位受访者一行；不要改动第 1 行的列名，不要增删列。",
         "1. Fill in the 'data' sheet, one row per respondent; do not change the column names in row 1 or add or remove columns."),
        ("2. 受访者编号为文本且不能重复（如 000123，前导零会保留）。",
         "2. Respondent ids are text and must be unique (e.g. 000123; leading zeros are kept)."),
        ("3. 访问日期写成 YYYY-MM-DD，且须在调查年度内。", "3. Write interview dates as YYYY-MM-DD, within the survey year."),
        ("4. stratum 为抽样层，psu 为层内的初级抽样单元（如某窗口某一天的访问），weight 为抽样权重（大于 0）。",
         "4. stratum is the sampling stratum, psu the primary sampling unit within it (e.g. one day of interviews at a window), "
         "weight the sampling weight (greater than 0)."),
        (f"5. 题目用代码作答：{ins.scale_min}–{ins.scale_max}（{ins.scale_max} = 最满意/最同意）；{miss}。请用下拉列表选择。"
         + ("写成「代码」页中本题选项的标签原文（如“满意”）也可，检查时读作其代码并列出。" if ins.value_labels is not None else ""),
         f"5. Answer items with codes: {ins.scale_min}-{ins.scale_max} ({ins.scale_max} = most satisfied / agree); "
         f"{miss_en}. Pick from the drop-down list."
         + (" The exact label of the question's option on the codes sheet (such as 满意) is read as its code too, "
            "and listed by the check." if ins.value_labels is not None else "")),
        *[(f"5a. 题目 {q} 用它自己的量表作答：{lo}–{hi}（{lo} = {ins.label_sets[ins.question(q).labels][lo][0]}，"
            f"{hi} = {ins.label_sets[ins.question(q).labels][hi][0]}），{lo}–{hi} 之间的每个数都是评分"
            + (f"；缺失代码 {'、'.join(str(k) for k in ins.item_codes(q)[hi - lo + 1:])}" if ins.item_codes(q)[hi - lo + 1:]
               else "；本题没有缺失代码，不知道、不适用、拒答请留空（不要填 99 等代码）") + "。",
            f"5a. Item {q} is answered on its own scale: {lo}-{hi} ({lo} = "
            f"{ins.label_sets[ins.question(q).labels][lo][1]}, {hi} = {ins.label_sets[ins.question(q).labels][hi][1]}); "
            f"every number {lo}-{hi} is a rating"
            + (f"; missing codes {', '.join(str(k) for k in ins.item_codes(q)[hi - lo + 1:])}" if ins.item_codes(q)[hi - lo + 1:]
               else "; it has no missing code: leave don't know, not applicable and refused blank (not 99 or another "
                    "code)") + ".")
          for q, (lo, hi, _) in ins.own_scales.items()],
        ("6. 反向题（标有“反向题”）按题意如实作答，不要自行反转。若贵方系统把整个量表反向编码"
         f"（{ins.scale_min} = 最满意），请把「代码 codes」页该标签组的每个代码都按反向标注后交付，检查时按其换算并列出警告；"
         "代码页与问卷既不同向也不完全反向时不予读取。",
         "6. Answer reverse-worded items as worded; do not reverse them yourself. If your system codes a whole scale "
         f"the other way ({ins.scale_min} = most satisfied), label every code of that set mirrored on the 'codes' sheet "
         "and deliver it so: the check recodes it and lists a warning; a codes sheet neither the instrument's nor "
         "wholly mirrored is refused."),
        ("7. 交付前请运行：windoweval survey check 文件 --instrument " + ins.id,
         "7. Before delivering, run: windoweval survey check FILE --instrument " + ins.id),
        ("8. 可另存为 CSV（UTF-8 或 GB18030），或直接交付本 XLSX；SPSS .sav、Stata .dta 亦可（值标签须与代码表一致）。",
         "8. Save as CSV (UTF-8 or GB18030) or deliver this XLSX; SPSS .sav and Stata .dta are accepted too (value labels must agree with the codes sheet)."),
        ("", ""),
        ("列 column", "含义 meaning / 取值 values"),
    ]
    for zh, en in lines:
        info.append([zh, en])
    for r in cols.itertuples(index=False):
        info.append([r.column, f"{r.zh} / {r.en}  [{r.values}]" + ("  必填 required" if r.required else "")])
    info["A1"].font = Font(bold=True, size=14)
    info["A4"].font = bold
    info.column_dimensions["A"].width = 60
    info.column_dimensions["B"].width = 100

    ws = wb.create_sheet(DATA_SHEET)
    ws.append(cols["column"].tolist())
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    last = rows + 1
    label_text = {}
    for name, labels in ins.label_sets.items():
        label_text[name] = "；".join(f"{k} {zh}" for k, (zh, en) in labels.items()) + "；" + "；".join(
            f"{k} {zh}" for k, (zh, en) in ins.missing_codes.items())
    for j, r in enumerate(cols.itertuples(index=False), start=1):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        cell.comment = Comment(f"{r.zh}\n{r.en}\n[{r.values}]", "windoweval", width=300, height=120)
        ws.column_dimensions[letter].width = max(10, min(30, len(r.column) + 4))
        rng = f"{letter}2:{letter}{last}"
        dv = None
        if r.coded and r.column == "customer_type":
            choices = "；".join(f"{k} {zh}" for k, (zh, en) in ins.customer_types.items())
            dv = DataValidation(type="list", formula1=f'"{r.values}"', allow_blank=True)
            dv.prompt = choices
        elif r.coded:
            dv = DataValidation(type="list", formula1=f'"{r.values}"', allow_blank=True)
            dv.prompt = label_text[ins.question(r.column).labels]
            if ins.question(r.column).scale:     # its own scale: its labels and only the missing codes off it
                own = ins.on_scale_of(r.column)
                dv.prompt = "；".join(f"{k} {zh}" for k, (zh, en) in ins.label_sets[ins.question(r.column).labels].items()
                                     ) + "".join(f"；{k} {zh}" for k, (zh, en) in own.missing_codes.items())
        elif r.column == "weight":
            dv = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
            dv.prompt = "大于 0 的数 / a number greater than 0"
        elif r.column == "duration_s":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.prompt = "秒，整数 / seconds, whole number"
        elif r.column == "interview_date" and year:
            start = (_dt.date(int(year), 1, 1) - _dt.date(1899, 12, 30)).days
            end = (_dt.date(int(year), 12, 31) - _dt.date(1899, 12, 30)).days
            dv = DataValidation(type="date", operator="between", formula1=str(start), formula2=str(end), allow_blank=True)
            dv.prompt = f"{year} 年内的日期 YYYY-MM-DD / a date in {year}"
        if r.column in ("respondent_id", "window_id", "stratum", "psu"):
            for row in range(2, last + 1):
                ws.cell(row=row, column=j).number_format = "@"
        if r.column == "interview_date":
            for row in range(2, last + 1):
                ws.cell(row=row, column=j).number_format = "yyyy-mm-dd"
        if dv is not None:
            dv.error = f"该列只接受：{r.values} / this column accepts only: {r.values}"
            dv.errorTitle = "无效值 Invalid value"
            dv.promptTitle = r.column
            dv.showErrorMessage = True
            dv.showInputMessage = True
            dv.errorStyle = "stop"
            ws.add_data_validation(dv)
            dv.add(rng)
    ws.freeze_panes = "B2"

    codes = wb.create_sheet(CODES_SHEET)
    codes.append(["标签组 label set", "代码 code", "中文", "English"])
    for c in codes[1]:
        c.font = bold
    for name, labels in ins.label_sets.items():
        for k, (zh, en) in labels.items():
            codes.append([name, k, zh, en])
    for k, (zh, en) in ins.missing_codes.items():
        codes.append(["missing 缺失", k, zh, en])
    for k, (zh, en) in ins.customer_types.items():
        codes.append(["customer_type", k, zh, en])
    for col, w in zip("ABCD", (20, 12, 20, 30)):
        codes.column_dimensions[col].width = w

    # the instrument's words (its title, questions and labels: a file an organisation or a survey firm wrote) are text
    # in every cell, never a formula: openpyxl writes a text starting with = as one (=HYPERLINK(…) in the title)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    c.value = neutralise(c.value)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()        # built in memory, written aside and moved in: a full disk leaves the former file whole
    wb.save(buf)
    write_bytes(out, buf.getvalue())
    return pd.DataFrame({
        "sheet": [INFO_SHEET, DATA_SHEET, CODES_SHEET],
        "purpose": ["填写说明 instructions", "数据（含下拉与验证）data with drop-downs and validation",
                    "代码与标签 codes and labels"],
    })
