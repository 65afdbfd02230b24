"""What the notebooks share: words, tables, figures and headline figures, shown the same way everywhere.

笔记本共用的展示工具:文字、表格、图和主要数据,在各笔记本中以同一方式呈现。

A notebook calls :func:`setup` with its ``language`` parameter once, then

- :func:`title`, :func:`heading`, :func:`say` show a string of
  ``windoweval/locale/strings.yaml`` in that language;
- :func:`table` shows a table (text masked, headers and values in the
  language, long tables cut with a note) and carries the whole table in the
  output under :data:`TABLE_MIME`, from which ``windoweval report`` writes
  the CSV and XLSX files;
- :func:`figure` shows a plotly figure with the sentence saying what it
  shows: a JupyterLab-native plotly output plus an HTML one that draws with
  the report's local ``plotly.min.js`` (nothing from a CDN);
- :func:`headlines` shows the notebook's key figures and carries them under
  :data:`HEADLINES_MIME` for the report's index and ``summary.json``;
- :func:`missing` says on the page that a section's evidence is missing and
  how to supply it, and carries the warning under :data:`WARNING_MIME` for
  the report's console, log, index and ``summary.json``.

Examples
--------
>>> _ = setup("en")
>>> text("verdict.no_data")
'no evidence'
>>> localise(pd.DataFrame({"verdict": ["fail"], "label_zh": ["甲"], "label_en": ["A"]})).to_dict("records")
[{'Verdict': 'not met', 'Measure': 'A'}]
>>> fmt_value("met_share", 0.9034), fmt_value("mean_change", 2.8), fmt_value("windows", 25)
('90.3%', '+2.8', '25')
>>> _ = setup("zh")
"""
from __future__ import annotations

import functools
import html
import json
import os
import re
from contextlib import contextmanager

import numpy as np
import pandas as pd

from . import i18n, numbers
from .html import escape_figure, figure_html, md_fmt, md_plain
from .privacy import mask_frame, mask_json

__all__ = ["setup", "languages", "language", "text", "title", "heading", "say", "note", "table",
           "figure", "headlines", "summary", "localise", "pick", "labels", "fmt_value", "clause_table", "promise_bars",
           "TABLE_MIME",
           "HEADLINES_MIME", "PLOTLY_MIME", "WARNING_MIME", "missing", "COLORS", "FONT"]

TABLE_MIME = "application/vnd.windoweval.table+json"
HEADLINES_MIME = "application/vnd.windoweval.headlines+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WARNING_MIME = "application/vnd.windoweval.warning+json"

FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
        '"WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif')
COLORS = {"pass": "#2e7d32", "fail": "#c62828", "insufficient": "#f9a825", "open": "#90caf9", "no_data": "#9e9e9e",
          "year": "#1f5fa8",
          "baseline": "#9fb7d9", "target": "#444444"}
COLORWAY = ["#1f5fa8", "#e07b00", "#2e7d32", "#c62828", "#6a3d9a", "#00838f", "#8d6e63", "#d81b60",
            "#7cb342", "#546e7a", "#f9a825", "#3949ab", "#00897b", "#ad1457", "#5d4037"]
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}   # no toolbar over the legends

#: Columns shown as percentages (their values are shares 0–1): these, and any ``*_rate``, ``rate_*``, ``*_share``.
PERCENT_COLUMNS = {"rate", "ci_low", "ci_high", "target", "met_share", "gap", "evidence", "share"}
_PERCENT_NAME = re.compile(r"(^|_)(rate|share)(_|$)")
#: Headline keys shown as percentages, and those shown with a sign.
PERCENT_HEADLINES = re.compile(r"(^|_)(share|rate|fulfilment)(_|$)")
SIGNED_HEADLINES = re.compile(r"change$")
#: Columns whose values are translated: column -> prefix of the string keys.
VALUE_KEYS = {"verdict": "verdict", "verdict_incl_unreachable": "verdict", "status": "verdict", "kind": "kind",
              "case_kind": "kind",
              "decision": "decision", "scope": "scope", "channel": "channel", "criterion": "criterion"}
#: Columns holding comma-separated ids, each translated: column -> prefix of the string keys.
LIST_VALUE_KEYS = {"failed_criteria": "criterion", "missing_criteria": "criterion"}

_STATE = {"language": i18n.LANGUAGES[0], "languages": (i18n.LANGUAGES[0],)}
#: Set (to anything) when the page the notebook becomes loads plotly.js itself (the report's pages, the stored
#: notebooks nbval compares): the first figure then does not carry plotly.js inline.
PAGE_PLOTLYJS_ENV = "WINDOWEVAL_PAGE_PLOTLYJS"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


# ---------------------------------------------------------------- setup and words
def languages(language: str) -> tuple[str, ...]:
    """The languages ``language`` names: ``"zh"``, ``"en"``, or both (``"zh+en"``: Chinese first, English alongside).

    Examples
    --------
    >>> languages("zh+en"), languages("en")
    (('zh', 'en'), ('en',))
    """
    got = tuple(i18n.check_language(x.strip()) for x in str(language).split("+") if x.strip())
    if not got or len(set(got)) != len(got):
        raise ValueError(f"不支持的语言 {language!r} / unsupported language {language!r}: zh, en or zh+en")
    return got


def setup(language: str = "zh") -> str:
    """Set the notebook's language (``zh``, ``en``, or ``zh+en``: every text, table and chart in both, for the
    report's language switch), plotly's look and pandas' display; returns the (first) language.

    Examples
    --------
    >>> setup("en"), language(), text("verdict.fail")
    ('en', 'en', 'not met')
    >>> setup("zh"), text("verdict.fail")
    ('zh', '未达标')
    """
    _STATE["languages"] = languages(language)
    _STATE["language"] = _STATE["languages"][0]
    _STATE["plotlyjs_shown"] = bool(os.environ.get(PAGE_PLOTLYJS_ENV))
    try:
        import plotly.io as pio

        pio.templates["windoweval"] = _template()
        pio.templates.default = "windoweval"
        # an analyst's own fig.show(): JupyterLab's plotly output, plus plotly.js inline (offline) so that the
        # chart also draws in a page written by `jupyter nbconvert --execute --to html`
        pio.renderers.default = "plotly_mimetype+notebook"
    except ImportError:  # pragma: no cover - plotly is a dependency
        pass
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.width", 160)
    return _STATE["language"]


@contextmanager
def _in(lang: str):
    """Present in ``lang`` for a while (each language of a bilingual notebook in turn)."""
    was = _STATE["language"]
    _STATE["language"] = lang
    try:
        yield lang
    finally:
        _STATE["language"] = was


def _for(fmt: dict, lang: str) -> dict:
    """``fmt`` with each ``{"zh": …, "en": …}`` value taken in ``lang`` (a name the package holds in both), every
    text through the privacy gate (:func:`windoweval.privacy.mask_message`): a table's title, a figure's caption and a
    warning's text are shown in JupyterLab as they are made, before the report's scrub (hostile42).

    >>> _for({"window": {"zh": "客户张三 13812345678", "en": "x"}, "n": 3}, "zh")
    {'window': '客户某某 [手机号]', 'n': 3}
    """
    from .privacy import mask_message

    got = {k: ((v.get(lang) or v.get("zh")) if isinstance(v, dict) and ("zh" in v or "en" in v) else v)
           for k, v in fmt.items()}
    return {k: (mask_message(v) if isinstance(v, str) else v) for k, v in got.items()}


def _both(render) -> str:
    """``render(lang)`` (HTML) for every language, each in a block the report's language switch shows or hides."""
    langs = _STATE["languages"]
    if len(langs) == 1:
        with _in(langs[0]):
            return render(langs[0])
    parts = []
    for lang in langs:
        with _in(lang):
            parts.append(f'<div class="we-l we-l-{lang}" lang="{"zh-CN" if lang == "zh" else lang}">{render(lang)}</div>')
    return "".join(parts)


def language() -> str:
    """The language set by :func:`setup`.

    Examples
    --------
    >>> language()
    'zh'
    """
    return _STATE["language"]


def text(key: str, **fmt) -> str:
    """The string ``key`` in the notebook's language.

    Examples
    --------
    >>> text("annual.title", org="城东供电公司", year=2025)
    '城东供电公司:2025 年度窗口服务评价'
    """
    return i18n.text(key, _STATE["language"], **fmt)


def pick(zh: str, en: str) -> str:
    """``zh`` or ``en``, whichever is the notebook's language (for names the package holds in both).

    Examples
    --------
    >>> pick("城东营业厅", "Chengdong hall")
    '城东营业厅'
    >>> _ = setup("en"); pick("城东营业厅", "Chengdong hall"), pick("城东营业厅", "")
    ('Chengdong hall', '城东营业厅')
    >>> _ = setup("zh")
    """
    return zh if _STATE["language"] == "zh" else (en or zh)


def _show(bundle: dict, metadata: dict | None = None):
    from IPython.display import display

    display(bundle, raw=True, metadata=metadata or {})


def _markdown(make, extra: dict | None = None):
    """Show the markdown ``make(lang)``: as markdown in one language; in both, also as HTML blocks for the switch."""
    langs = _STATE["languages"]
    with _in(langs[0]):
        md = make(langs[0])
    bundle = {"text/markdown": md, "text/plain": md_plain(md), **(extra or {})}   # plain: as a reader reads it
    if len(langs) > 1:
        import mistune    # (nbconvert's markdown renderer) values are escaped by md_fmt before they get here

        bundle["text/html"] = _both(lambda lang: mistune.html(make(lang)))
    _show(bundle)


def title(key: str, **fmt):
    """Show ``key`` as the page's title (values from data or configuration escaped: :func:`windoweval.html.md_fmt`;
    a value given as ``{"zh": …, "en": …}`` is taken in each language).

    Examples
    --------
    >>> title("annual.title", org="城东*供电*", year=2025)
    {'text/markdown': '# 城东\\\\*供电\\\\*:2025 年度窗口服务评价', 'text/plain': '# 城东*供电*:2025 年度窗口服务评价'}
    """
    _markdown(lambda lang: "# " + text(key, **md_fmt(_for(fmt, lang))))


def heading(key: str, **fmt):
    """Show ``key`` as a section heading.

    Examples
    --------
    >>> heading("annual.table.ranking")
    {'text/markdown': '## 窗口得分与排名', 'text/plain': '## 窗口得分与排名'}
    """
    _markdown(lambda lang: "## " + text(key, **md_fmt(_for(fmt, lang))))


def say(key: str, **fmt):
    """Show ``key`` as a paragraph (e.g. the sentence saying what a figure shows).

    Examples
    --------
    >>> say("annual.no_baseline")
    {'text/markdown': '未指定基准年,不作年度比较。', 'text/plain': '未指定基准年,不作年度比较。'}
    """
    _markdown(lambda lang: text(key, **md_fmt(_for(fmt, lang))))


def note(key: str, **fmt):
    """Show ``key`` as a side note (a quoted paragraph).

    Examples
    --------
    >>> note("annual.no_baseline")
    {'text/markdown': '> 未指定基准年,不作年度比较。', 'text/plain': '> 未指定基准年,不作年度比较。'}
    """
    _markdown(lambda lang: "> " + text(key, **md_fmt(_for(fmt, lang))))


def missing(key: str, **fmt):
    """Say on the page that a section's evidence is missing and how to supply it (the string ``key``), and carry
    it under :data:`WARNING_MIME` so that the report's console, log, index and ``summary.json`` say so too.

    Examples
    --------
    >>> missing("complaints.missing", year=2031)  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {'text/markdown': '> **⚠** 缺少证据:数据中没有 2031 年的客户诉求记录...', 'text/plain': '⚠ 缺少证据...',
    'application/vnd.windoweval.warning+json': {'key': 'complaints.missing', 'text': '缺少证据...', 'text_en': 'Missing
    evidence: the data holds no 2031 customer requests...'}}
    """
    msg = text(key, **_for(fmt, _STATE["language"]))
    other = [x for x in i18n.LANGUAGES if x != _STATE["language"]]
    if len(_STATE["languages"]) == 1:
        _show({"text/markdown": "> **⚠** " + text(key, **md_fmt(_for(fmt, _STATE["language"]))), "text/plain": "⚠ " + msg,
               WARNING_MIME: {"key": key, "text": msg, **{f"text_{x}": i18n.text(key, x, **_for(fmt, x)) for x in other}}})
        return
    _markdown(lambda lang: "> **⚠** " + text(key, **md_fmt(_for(fmt, lang))), extra={
        WARNING_MIME: {"key": key, "text": msg, **{f"text_{x}": i18n.text(key, x, **_for(fmt, x)) for x in other}}})


# ---------------------------------------------------------------- tables
def promise_bars(per: pd.DataFrame):
    """The promise page's chart: each promise's fulfilment as a bar, against the 100 % line.

    Only a promise judged on its records (verdict pass or fail) has a bar; one with insufficient evidence, only
    occurrences not yet due, or none (no records, no measure) has none, its verdict written where the bar would
    start, in its colour: a promise kept in the occurrences judged with others not assessable is never drawn as a
    100 % bar (the table says 证据不足 beside it).  ``per`` is :func:`windoweval.promises.fulfilment` by promise.

    Examples
    --------
    >>> per = pd.DataFrame({"public_zh": ["甲", "乙"], "public_en": ["A", "B"], "rate": [0.9, 1.0],
    ...                     "verdict": ["fail", "insufficient"]})
    >>> fig = promise_bars(per)
    >>> [[float(x) for x in t.x] for t in fig.data], fig.data[1].text   # no bar for 乙: its verdict, written
    ([[0.9, nan], [0.88]], ('证据不足',))
    """
    import plotly.express as px
    import plotly.graph_objects as go

    judged = per["verdict"].isin(["pass", "fail"]).to_numpy()
    shown = per.assign(rate=per["rate"].where(judged)).sort_values("rate", ascending=False)
    name = pick("public_zh", "public_en" if "public_en" in per.columns else "en")
    fig = px.bar(shown, x="rate", y=name, orientation="h", labels=labels())
    fig.add_vline(x=1.0, line_dash="dash", line_color=COLORS["target"])
    low = shown["rate"].min()
    left = max(0.0, low - 0.02) if low == low else 0.0
    fig.update_xaxes(tickformat=".1%", range=[left, 1.005])
    fig.update_yaxes(title=None)
    rest = shown[shown["rate"].isna().to_numpy()]
    if len(rest):   # no bar: the verdict written on the promise's row instead
        said = rest["verdict"].astype(str)
        fig.add_trace(go.Scatter(x=[left] * len(rest), y=rest[name], mode="text", showlegend=False,
                                 text=[text(f"verdict.{v}") for v in said], textposition="middle right",
                                 textfont={"color": [COLORS.get(v, COLORS["no_data"]) for v in said]},
                                 hoverinfo="skip"))
    return fig


def signed_colors(values) -> list[str]:
    """A bar's colour by its sign, for the charts of a change (a score on the baseline year, an index on last year's):
    a rise (or none) ``pass`` green, a fall ``fail`` red, and no value (no baseline to compare with) ``no_data`` grey,
    never drawn as a fall.  One place for what the annual and the survey notebooks each computed in a cell.

    Examples
    --------
    >>> signed_colors([1.5, 0.0, -2.0, float("nan"), None]) == [COLORS["pass"], COLORS["pass"], COLORS["fail"],
    ...                                                          COLORS["no_data"], COLORS["no_data"]]
    True
    """
    import numpy as np

    v = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    return np.select([v >= 0, v < 0], [COLORS["pass"], COLORS["fail"]], COLORS["no_data"]).tolist()


def labels(*columns: str) -> dict:
    """``{column: header}`` in the notebook's language (for plotly's ``labels=``); all known ones by default.

    Examples
    --------
    >>> labels("window_id", "score", "not_a_column")
    {'window_id': '窗口编号', 'score': '得分', 'not_a_column': 'not_a_column'}
    """
    strings = i18n.strings()
    cols = columns or [k[4:] for k in strings if k.startswith("col.")]
    return {c: text("col." + c) if ("col." + c) in strings else c for c in cols}


def localise(df: pd.DataFrame, *, rename: bool = True) -> pd.DataFrame:
    """``df`` in the notebook's language: ``x_zh``/``x_en`` become ``x`` (replacing an ``x`` id; ``zh``/``en`` become ``text``);
    verdicts and kinds translated; headers renamed.

    Examples
    --------
    >>> df = pd.DataFrame({"window_id": ["PW01"], "name_zh": ["城东营业厅"], "name_en": ["Chengdong hall"],
    ...                    "verdict": ["pass"], "eligible": [False]})
    >>> localise(pd.DataFrame({"overdue": [True, None, False]}), rename=False)["overdue"].tolist()   # a gap stays one
    ['是', nan, '否']
    >>> localise(df).to_dict("records")
    [{'窗口编号': 'PW01', 'name': '城东营业厅', '结论': '达标', '具备条件': '否'}]
    >>> localise(df, rename=False).to_dict("records")
    [{'window_id': 'PW01', 'name': '城东营业厅', 'verdict': '达标', 'eligible': '否'}]
    """
    lang = _STATE["language"]
    other = [x for x in i18n.LANGUAGES if x != lang]
    out = df.copy()
    for c in list(out.columns):
        if isinstance(c, str) and c.endswith(f"_{lang}"):
            base = c[: -len(lang) - 1]
            out = out.drop(columns=[f"{base}_{o}" for o in other if f"{base}_{o}" in out.columns])
            if base in out.columns:          # an id beside its names: the name in the language replaces it
                out[base] = out.pop(c)
            else:
                out = out.rename(columns={c: base})
    for c in list(out.columns):      # an English name beside a name without a Chinese twin: dropped in Chinese
        for o in other:
            if isinstance(c, str) and c.endswith(f"_{o}") and c[: -len(o) - 1] in out.columns:
                out = out.drop(columns=[c])
    if lang in out.columns and all(o in out.columns for o in other):
        out = out.drop(columns=other).rename(columns={lang: "text"})
    strings = i18n.strings()
    yes_no = {True: text("common.yes"), False: text("common.no")}
    # by position, as exports.yes_no_words: a header given twice (kept as given, msgs44) names two columns, and
    # ``out[col]`` a frame of both
    for i, col in enumerate(out.columns):
        s = out.iloc[:, i]
        if col in VALUE_KEYS:
            prefix = VALUE_KEYS[col]
            out.isetitem(i, s.map(lambda v: text(f"{prefix}.{v}") if f"{prefix}.{v}" in strings else v))
        elif col in LIST_VALUE_KEYS:
            prefix = LIST_VALUE_KEYS[col]
            out.isetitem(i, s.map(lambda v: v if not isinstance(v, str) else "、".join(
                text(f"{prefix}.{x.strip()}") if f"{prefix}.{x.strip()}" in strings else x.strip()
                for x in v.split(",") if x.strip())))
        s = out.iloc[:, i]
        # a true/false column, and one with gaps (object: True, False, None), as yes/no; a gap stays missing, which
        # the page writes as its one word for it (—) and the exports leave blank, never True/False (public43)
        if pd.api.types.is_bool_dtype(s.dtype) or (
                s.dtype == object and s.notna().any() and pd.api.types.infer_dtype(s, skipna=True) == "boolean"):
            out.isetitem(i, s.astype(object).map(yes_no))
    if rename:
        out = out.rename(columns={c: labels(c)[c] for c in out.columns if isinstance(c, str)})
    return out


def _times_as_written(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its date-time columns as people write them, as text: a column of whole days as days (a deadline
    2025-03-23, never 2025-03-23 00:00:00, which reads as that day's first second), else a day and a time to the
    second; missing stays missing.  The page's tables and the exports show times by this one rule.

    >>> _times_as_written(pd.DataFrame({"d": pd.to_datetime(["2025-03-23", None]), "n": [1, 2]}))["d"].tolist()
    ['2025-03-23', None]
    >>> t = pd.to_datetime(["2025-03-23 00:00", "2025-03-23 09:05"]) + pd.to_timedelta([1, 0], "ns")   # the first a date alone
    >>> _times_as_written(pd.DataFrame({"t": t}))["t"].tolist()
    ['2025-03-23', '2025-03-23 09:05:00']
    """
    times = [i for i, dt in enumerate(df.dtypes) if pd.api.types.is_datetime64_any_dtype(dt)]
    if times:  # not JSON's ISO form (2025-03-23T00:00:00.000): a day, or a day and a time to the second
        df = df.copy()
        from .calendar import date_only

        for i in times:
            s = df.iloc[:, i]
            # a time written as a date alone (records.cutoff.DATE_ONLY_NS) is shown as the date written
            alone = date_only(s.to_numpy()) if s.dtype == np.dtype("datetime64[ns]") else np.zeros(len(s), bool)
            whole_days = bool(((s.dropna() == s.dropna().dt.normalize()) | alone[s.notna().to_numpy()]).all())
            text = s.dt.strftime("%Y-%m-%d" if whole_days else "%Y-%m-%d %H:%M:%S").astype(object)
            if alone.any() and not whole_days:
                text = text.where(~alone, s.dt.strftime("%Y-%m-%d"))
            df.isetitem(i, text.where(s.notna(), None))
    return df


def _json_rows(df: pd.DataFrame) -> dict:
    """The rows the exports (CSV, XLSX, summary) carry: times as people write them, as the page shows them.

    >>> _json_rows(pd.DataFrame({"d": pd.to_datetime(["2025-03-23", None]), "t": pd.to_datetime(["2025-03-18 16:54:45", None])}))
    {'columns': ['d', 't'], 'data': [['2025-03-23', '2025-03-18 16:54:45'], [None, None]]}
    """
    df = _times_as_written(df)
    doc = json.loads(df.to_json(orient="split", index=False, date_format="iso", double_precision=15,
                                force_ascii=False))
    return {"columns": [str(c) for c in df.columns], "data": doc["data"]}


def table(df, name: str, title_key: str, *, max_rows: int = 40, percent=None, **fmt):
    """Show ``df`` under the title ``title_key`` and carry the whole (masked) table for the report's exports.

    ``df`` is a frame, or ``{language: frame}`` for a table written in each language (the first language's
    is exported).

    Text is masked (:func:`windoweval.privacy.mask_frame`); ``x_zh``/``x_en``
    columns, verdicts, kinds and headers follow the language; shares in
    :data:`PERCENT_COLUMNS` (or the columns ``percent`` names) show as
    percentages; at most ``max_rows`` rows are
    shown, with a note that the export has them all.  ``name`` (lower case,
    digits, ``_``) names the CSV file and the workbook's sheet.

    Examples
    --------
    >>> table(pd.DataFrame({"window_id": ["PW01", "PW02"], "rate": [0.98456, 0.99996]}), "ranking", "annual.table.ranking")  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {'text/html': '<style...<caption>窗口得分与排名</caption>...>98.5%</td>...>99.9%</td>...', 'text/plain': '窗口得分与排名 [2 ×
    2]', 'application/vnd.windoweval.table+json': {'name': 'ranking', 'title': '窗口得分与排名', 'columns': ['窗口编号', '达标率'],
    'data': [['PW01', 0.985], ['PW02', 0.999]]}}
    """
    if not _NAME.match(name):
        raise ValueError(f"表名只能含小写字母、数字和下划线 / a table name is lower case, digits and _: {name!r}")
    frames = df if isinstance(df, dict) else None     # {language: frame}: a table written in each language
    made, masks = {}, {}

    def masked(lang):
        d = (frames.get(lang, frames.get("zh")) if frames is not None else df)
        if id(d) not in masks:
            m = mask_frame(d.reset_index(drop=True))
            if any(isinstance(c, str) for c in m.columns):     # headers made from data (a pivot's window names)
                from .privacy import mask_message
                m.columns = [mask_message(c) if isinstance(c, str) and not _NAME.match(c) else c for c in m.columns]
            masks[id(d)] = (d, m)
        return masks[id(d)]

    def render(lang: str) -> str:
        d, m = masked(lang)
        body, made[lang] = _table_html(d, m, name, text(title_key, **_for(fmt, lang)), max_rows, percent)
        return body

    body = _both(render)
    caption, shown, header = made[_STATE["language"]]
    payload = {"name": name, "title": caption, **_json_rows(shown.rename(columns=header)),
               **{f"title_{x}": made[x][0] for x in _STATE["languages"][1:]}}
    for x in _STATE["languages"][1:]:    # the headers in each other language, for the exports' bilingual header
        _, shown_x, header_x = made[x]
        # a table written in each language ({language: frame}: the promises' table to publish), or one whose columns localise
        # names by language (public_zh beside public_en: the promises' fulfilment) pairs its columns by
        # position, as it is written: its headers differ by language (承诺事项, Promise), its columns do not (public43)
        if list(shown_x.columns) == list(shown.columns) or shown_x.shape == shown.shape:
            payload[f"columns_{x}"] = [str(header_x.get(c, c)) for c in shown_x.columns]
            words = _words_in(shown, shown_x, masked(_STATE["languages"][0])[1])
            if words:      # the package's words (verdicts, kinds, yes/no) in that language, for the exports' values
                payload[f"values_{x}"] = words
            cells = _cells_in(shown, shown_x, words)
            if cells:      # texts written in each language (a name_zh beside its name_en, a unit): each cell's other
                payload[f"cells_{x}"] = cells
    plain = f"{caption} [{len(shown)} × {shown.shape[1]}]"
    _show({"text/html": body, "text/plain": plain, TABLE_MIME: payload})


def _words_in(shown: pd.DataFrame, shown_x: pd.DataFrame, source: pd.DataFrame) -> dict:
    """``{column position: {word: word in the other language}}``: what :func:`localise` wrote in the package's words
    (the columns of :data:`VALUE_KEYS` and :data:`LIST_VALUE_KEYS`, yes/no of a true/false column) in the first
    language's table ``shown`` and in another's, ``shown_x`` (the same columns and rows), for the exports' values in
    every language of the build (``达标 / Pass``: :func:`windoweval.report.build.export_values`).  Names and texts from
    data (``name_zh``/``name_en``, a complaint's text) are not the package's words and are not paired; nor is a column
    whose one word would read two ways.

    Examples
    --------
    >>> a = pd.DataFrame({"window_id": ["PW01", "PW02"], "verdict": ["达标", "未达标"], "eligible": ["是", None]})
    >>> b = pd.DataFrame({"window_id": ["PW01", "PW02"], "verdict": ["Pass", "Fail"], "eligible": ["Yes", None]})
    >>> _words_in(a, b, pd.DataFrame({"window_id": ["PW01", "PW02"], "verdict": ["pass", "fail"], "eligible": [True, None]}))
    {'1': {'达标': 'Pass', '未达标': 'Fail'}, '2': {'是': 'Yes'}}
    """
    if len(shown) != len(shown_x) or not shown.columns.is_unique:
        return {}
    def yes_no(c) -> bool:      # a true/false column (with gaps: object), which localise wrote as yes/no
        if c not in source.columns or not source.columns.is_unique:
            return False
        src = source[c]
        if pd.api.types.is_bool_dtype(src.dtype):
            return True
        given = src.dropna().unique() if src.dtype == object else ()
        return len(given) > 0 and all(isinstance(v, (bool, np.bool_)) for v in given)

    import numpy as np

    out = {}
    for i, c in enumerate(shown.columns):
        if not (c in VALUE_KEYS or c in LIST_VALUE_KEYS or yes_no(c)):
            continue
        # each distinct pair looked at once (a column of verdicts holds a few words, whatever its rows)
        pairs = pd.DataFrame({"a": shown.iloc[:, i].astype(object).to_numpy(),
                              "b": shown_x.iloc[:, i].astype(object).to_numpy()}).drop_duplicates()
        words = {}
        for a, b in zip(pairs["a"], pairs["b"]):
            if isinstance(a, str) and isinstance(b, str) and a != b:
                if words.setdefault(a, b) != b:      # one word read two ways: the column is left as it is
                    words = {}
                    break
        if words:
            out[str(i)] = words
    return out


def _textual(s: pd.Series) -> bool:
    return s.dtype == object or pd.api.types.is_string_dtype(s.dtype)


def _cells_in(shown: pd.DataFrame, shown_x: pd.DataFrame, words: dict) -> dict:
    """``{column position: {row: text in the other language}}``: the cells of the first language's table ``shown`` that
    another language's ``shown_x`` (the same rows and columns) writes otherwise, as text: a ``*_zh``/``*_en`` pair
    (:func:`localise` keeps the language's one), a table written in each language, a unit or a word said in words
    (分钟 / minutes, 无数据 / no data).  The exports write each such cell in every language of the build, the first
    language's first (``居民收费业务5分钟内办结率 / Resident payments within 5 minutes``:
    :func:`windoweval.report.build.export_values`), as their headers are.  The columns :func:`_words_in` pairs (``words``)
    are left to it; a cell alike in both (a number, an id, a name with no English) is not carried.

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["M1", "M2"], "label": ["5分钟内办结", "无英文"], "n": [3, 4]})
    >>> b = pd.DataFrame({"id": ["M1", "M2"], "label": ["within 5 minutes", "无英文"], "n": [3, 4]})
    >>> _cells_in(a, b, {})
    {'1': {'0': 'within 5 minutes'}}
    """
    if len(shown) != len(shown_x) or shown.shape[1] != shown_x.shape[1]:
        return {}
    out = {}
    for i in range(shown.shape[1]):
        if str(i) in words:
            continue
        a, b = shown.iloc[:, i], shown_x.iloc[:, i]
        if not (_textual(a) or _textual(b)):               # numbers and times are written alike in every language
            continue
        a, b = a.astype(object).reset_index(drop=True), b.astype(object).reset_index(drop=True)
        said = b.map(type).eq(str) & (a.isna() | (a.astype(str) != b.astype(str)))
        if said.any():
            out[str(i)] = {str(r): v for r, v in b[said].items()}
    return out


def _table_html(df, masked, name, caption, max_rows, percent):
    """One language's HTML of a table, and (caption, shown frame, header) for the export (the first language's)."""
    shown = _times_as_written(localise(masked, rename=False))   # a deadline as a day, as the exports write it
    # a header given twice (kept as given by the privacy gate, msgs44): the later columns of one name numbered by
    # position (备注, 备注 (2)), each column shown and exported, none looked up as a frame of both
    again = {}
    if not shown.columns.is_unique:
        names, seen = [], {}
        for c in shown.columns:
            k = seen[c] = seen.get(c, 0) + 1
            names.append(c if k == 1 else f"{c} ({k})")
            if k > 1:
                again[names[-1]] = (c, k)
        shown = shown.set_axis(names, axis=1)
    # one rounding rule (windoweval.numbers): what the page shows and what the CSV, XLSX and summary carry
    kinds = _column_kinds(shown, percent)
    shown = _none_assessed(_not_estimable(numbers.round_frame(shown, kinds)))
    text_cols = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c].dtype)]
    head = shown.head(max_rows)
    header = labels(*[c for c in shown.columns if isinstance(c, str)])
    header.update({n: f"{labels(c)[c] if isinstance(c, str) else c} ({k})" for n, (c, k) in again.items()})
    seen = {}
    for c, h in list(header.items()):      # two columns with one label: each keeps its id beside the label
        seen.setdefault(h, []).append(c)
    header.update({c: f"{h} ({c})" for h, cs in seen.items() if len(cs) > 1 for c in cs})
    uuid = name if _STATE["language"] == _STATE["languages"][0] else f"{name}_{_STATE['language']}"
    # every column of verdicts styled, a header given twice too (verdict, verdict (2)): a missed one red in each
    verdicts = [n for n in shown.columns if n == "verdict" or again.get(n, ("",))[0] == "verdict"]
    body = _styled(head, header, uuid, caption, kinds, text_cols, verdicts) if len(head) \
        else f"<p><b>{html.escape(caption)}</b></p><p>{text('common.empty_table')}</p>"
    if len(shown) > max_rows:
        body += f"<p><em>{html.escape(text('common.more_rows', shown=max_rows, total=len(shown)))}</em></p>"
    return body, (caption, shown, header)


#: The pandas options a table's HTML depends on, at their defaults: the HTML is written directly (:func:`_html_table`)
#: only while they hold, through pandas' Styler otherwise.
_STYLER_DEFAULTS = {"styler.render.max_rows": None, "styler.render.max_columns": None,
                    "styler.render.max_elements": 262144, "styler.html.mathjax": True, "styler.format.decimal": ".",
                    "styler.format.thousands": None, "styler.format.escape": None, "styler.format.formatter": None,
                    "styler.format.na_rep": None, "styler.format.precision": 6, "styler.sparse.columns": True}
_TABLE_STYLES = ((("caption", (("caption-side", "top"), ("font-weight", "bold"), ("text-align", "left")))),
                 ("th", (("text-align", "left"),)))


def _styled(head, header, uuid, caption, kinds, text_cols, verdicts) -> str:
    """A table's HTML as pandas' Styler writes it (the index hidden, ``uuid``, the caption, numbers by kind,
    text escaped and left-aligned, a missed verdict in red); written directly (:func:`_html_table`, the same bytes:
    the Styler's work was a fifth of the kernels' presenting) when the frame and pandas' options are plain,
    through the Styler otherwise.  ``verdicts``: the columns of verdicts (``verdict``, and ``verdict (2)`` where the
    header is given twice), each styled; True for ``verdict`` alone, False for none."""
    if verdicts is True:
        verdicts = ["verdict"]
    verdicts = [header.get(c, c) for c in (verdicts or ())]
    shown = head.rename(columns=header)
    fmt = {header.get(c, c): functools.partial(numbers.display, kind=k) for c, k in kinds.items()}
    fail = text("verdict.fail") if verdicts else None
    plain = (all(isinstance(c, str) for c in shown.columns) and shown.columns.is_unique and shown.shape[1] > 0
             and shown.shape[0] * shown.shape[1] <= _STYLER_DEFAULTS["styler.render.max_elements"]
             and all(pd.get_option(k) == v for k, v in _STYLER_DEFAULTS.items()))
    if plain:
        return _html_table(shown, uuid, html.escape(caption), fmt, [header[c] for c in text_cols], verdicts, fail)
    styler = (shown.style.hide(axis="index").set_uuid(uuid)
              .format(na_rep=numbers.MISSING, precision=1, thousands=None, escape="html")
              .format_index(escape="html", axis=1)
              .set_caption(html.escape(caption))
              .set_table_styles([{"selector": "caption", "props": "caption-side: top; font-weight: bold; text-align: left;"},
                                 {"selector": "th", "props": "text-align: left;"}]))
    if fmt:      # one call for every numeric column (each its own kind): a call per column indexed the frame each time
        styler = styler.format(fmt, subset=list(fmt), na_rep=numbers.MISSING)
    if text_cols:
        styler = styler.set_properties(subset=[header[c] for c in text_cols], **{"text-align": "left"})
    if verdicts:
        styler = styler.map(lambda v: f"color: {COLORS['fail']}; font-weight: bold;" if v == fail else "",
                            subset=verdicts)
    return styler.to_html()


def _escape_html(x):
    """``markupsafe.escape`` (what the Styler's ``escape="html"`` calls) for a string: ``& < > ' "``."""
    if hasattr(x, "__html__"):
        return x.__html__()
    return (x.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


def _default_cell(x):
    """A cell of a text column as the Styler shows it (``format(na_rep=…, precision=1, thousands=None,
    escape="html")``): missing as —, text escaped, a float to one decimal."""
    if pd.isna(x) is True:
        return numbers.MISSING
    if isinstance(x, str):
        x = _escape_html(x)
    if pd.api.types.is_float(x) or pd.api.types.is_complex(x):
        return f"{x:.1f}"
    if pd.api.types.is_integer(x):
        return str(x)
    return x


def _html_table(df, uuid, caption, fmt, left, verdict, fail) -> str:
    """The HTML pandas' Styler writes for ``df`` (its index hidden, ids ``T_<uuid>``, ``caption`` as given, the
    columns of ``fmt`` through their function, the others escaped; the ``left`` columns left-aligned; in the
    ``verdict`` columns (a list of headers, or one header) a cell equal to ``fail`` red and bold), byte for byte,
    without the Styler.

    >>> print(_html_table(pd.DataFrame({"a": ["x<y"], "n": [1.25]}), "t", "cap", {"n": lambda v: f"{v:.2f}"}, ["a"], None, None))
    <style type="text/css">
    #T_t caption {
      caption-side: top;
      font-weight: bold;
      text-align: left;
    }
    #T_t th {
      text-align: left;
    }
    #T_t_row0_col0 {
      text-align: left;
    }
    </style>
    <table id="T_t">
      <caption>cap</caption>
      <thead>
        <tr>
          <th id="T_t_level0_col0" class="col_heading level0 col0" >a</th>
          <th id="T_t_level0_col1" class="col_heading level0 col1" >n</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td id="T_t_row0_col0" class="data row0 col0" >x&lt;y</td>
          <td id="T_t_row0_col1" class="data row0 col1" >1.25</td>
        </tr>
      </tbody>
    </table>
    <BLANKLINE>
    """
    cols = list(df.columns)
    shows = []
    for c in cols:
        f = fmt.get(c)
        shows.append(_default_cell if f is None else
                     (lambda x, f=f: numbers.MISSING if pd.isna(x) is True else f(x)))
    props = []          # each column's own style: the text columns left-aligned
    for c in cols:
        props.append((("text-align", "left"),) if c in left else ())
    if verdict is None:
        verdict = ()
    elif isinstance(verdict, str):
        verdict = (verdict,)
    vcols = {i for i, c in enumerate(cols) if c in set(verdict)}
    red = (("color", COLORS["fail"]), ("font-weight", "bold"))
    styles: dict = {}
    rows = []
    for r, values in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        for c, v in enumerate(values):
            p = props[c] + red if c in vcols and v == fail else props[c]
            if p:
                styles.setdefault(p, []).append(f"row{r}_col{c}")
            cells.append(f'      <td id="T_{uuid}_row{r}_col{c}" class="data row{r} col{c}" >{shows[c](v)}</td>\n')
        rows.append("    <tr>\n" + "".join(cells) + "    </tr>\n")
    out = ['<style type="text/css">\n']
    for sel, ps in _TABLE_STYLES:
        out.append(f"#T_{uuid} {sel} {{\n" + "".join(f"  {k}: {v};\n" for k, v in ps) + "}\n")
    for ps, sels in styles.items():
        out.append(", ".join(f"#T_{uuid}_{s}" for s in sels) + " {\n" + "".join(f"  {k}: {v};\n" for k, v in ps) + "}\n")
    out.append(f'</style>\n<table id="T_{uuid}">\n')
    if caption:
        out.append(f"  <caption>{caption}</caption>\n")
    out.append("  <thead>\n    <tr>\n")
    out.extend(f'      <th id="T_{uuid}_level0_col{c}" class="col_heading level0 col{c}" >{_escape_html(h)}</th>\n'
               for c, h in enumerate(cols))
    out.append("    </tr>\n  </thead>\n  <tbody>\n")
    out.extend(rows)
    out.append("  </tbody>\n</table>\n")
    return "".join(out)


def _none_assessed(df: pd.DataFrame) -> pd.DataFrame:
    """A rate of nothing assessed said in words: a row whose ``occurrences`` (assessed) is 0 has no ``rate``, and it
    reads 无数据 / no data on the page and in the exports, never a blank a reader takes for a figure left out (nor
    0 % or 100 %).

    Examples
    --------
    >>> _ = setup("en")
    >>> _none_assessed(pd.DataFrame({"occurrences": [0, 4], "rate": [None, 0.75]}))["rate"].tolist()
    ['no data', 0.75]
    >>> _ = setup("zh")
    """
    if not {"occurrences", "rate"} <= set(df.columns) or not df.columns.is_unique:
        return df
    none = pd.to_numeric(df["occurrences"], errors="coerce").eq(0) & pd.to_numeric(df["rate"], errors="coerce").isna()
    if not none.any():
        return df
    df = df.copy()
    df["rate"] = df["rate"].astype(object).mask(none, text("common.no_data"))
    return df


def _not_estimable(df: pd.DataFrame) -> pd.DataFrame:
    """An estimate's interval that cannot be estimated said in words, in the language, not left blank.

    A row with an estimate (``rate``, ``estimate`` or ``mean``) and no ``ci_low`` / ``ci_high``: with ``df`` 0
    (a domain of one PSU or one respondent) "not estimable (no degrees of freedom)"; otherwise with ``se`` 0
    (every respondent answered alike: a rate of 0 or 1, whose interval R's ``svyciprop`` gives as NaN)
    "not estimable (variance 0)". A group where nobody answered (``n`` 0: a window whose respondents all left
    the item blank) has no estimate: its point reads "no answers" (无回答). The page and the exports (CSV, XLSX)
    carry the words.

    Examples
    --------
    >>> _ = setup("en")
    >>> t = pd.DataFrame({"rate": [1.0, 0.5, 1.0], "se": [0.0, 0.1, 0.0], "ci_low": [None, 0.3, None],
    ...                   "ci_high": [None, 0.7, None], "df": [12, 12, 0]})
    >>> _not_estimable(t)["ci_low"].tolist()
    ['not estimable (variance 0)', 0.3, 'not estimable (no degrees of freedom)']
    >>> t = pd.DataFrame({"n": [30, 0], "estimate": [71.2, None], "se": [1.5, None], "ci_low": [68.3, None],
    ...                   "ci_high": [74.1, None]})
    >>> _not_estimable(t)["estimate"].tolist()
    [71.2, 'no answers']
    >>> _ = setup("zh")
    """
    point = next((c for c in ("rate", "estimate", "mean") if c in df.columns), None)
    if point is None or not {"ci_low", "ci_high", "se"} <= set(df.columns):
        return df
    if "n" in df.columns:
        unanswered = pd.to_numeric(df["n"], errors="coerce").eq(0) & pd.to_numeric(df[point], errors="coerce").isna()
        if unanswered.any():
            df = df.copy()
            s = df[point].astype(object)
            s[unanswered] = text("common.no_answers")
            df[point] = s
    est = pd.to_numeric(df[point], errors="coerce")
    gone = est.notna() & df["ci_low"].isna() & df["ci_high"].isna()
    if not gone.any():
        return df
    no_df = gone & (pd.to_numeric(df["df"], errors="coerce").eq(0) if "df" in df.columns else False)
    flat = gone & ~no_df & pd.to_numeric(df["se"], errors="coerce").eq(0)
    if not (no_df | flat).any():
        return df
    out = df.copy()
    for col in ("ci_low", "ci_high"):
        s = out[col].astype(object)
        s[flat] = text("common.ci_variance_zero")
        s[no_df] = text("common.ci_no_df")
        out[col] = s
    return out


def _column_kinds(df: pd.DataFrame, percent=None) -> dict:
    """``{column: kind}`` (:mod:`windoweval.numbers`) of ``df``'s numeric columns.

    Shares in :data:`PERCENT_COLUMNS`, ``*_rate``, ``rate_*`` and ``*_share``
    (or, when ``percent`` is given, only the columns it names) are rates; the
    others take the kind their name says (a p-value, a standard error, a
    change, a count), an index (one decimal) otherwise.
    """
    wanted = (lambda c: c in PERCENT_COLUMNS or bool(_PERCENT_NAME.search(str(c)))) if percent is None \
        else (lambda c: c in set(percent))
    kinds = {}
    for c in df.columns:
        if not pd.api.types.is_numeric_dtype(df[c].dtype) or pd.api.types.is_bool_dtype(df[c].dtype):
            continue
        k = numbers.kind_of(c)
        kinds[c] = "rate" if wanted(c) else ("index" if k == "rate" else k)
    return kinds


def clause_table(ids) -> pd.DataFrame:
    """The clauses ``ids`` (source, Chinese text, English summary) for a table: ``clause_id``, ``article``,
    ``text_zh``, ``text_en``.

    Examples
    --------
    >>> clause_table(["power_window.10.2.5"]).columns.tolist()
    ['clause_id', 'article', 'text_zh', 'text_en']
    >>> clause_table(["power_window.10.2.5"])["clause_id"].tolist()
    ['power_window.10.2.5']
    """
    from .catalog import load_catalog

    cat = load_catalog()
    rows = []
    for cid in ids:
        c = cat.clause(cid)
        src = c.get("source") or {}
        rows.append({"clause_id": c["id"], "article": f"{src.get('article') or ''}{src.get('item') or ''}",
                     "text_zh": c["text_zh"], "text_en": c["summary_en"]})
    return pd.DataFrame(rows, columns=["clause_id", "article", "text_zh", "text_en"])


# ---------------------------------------------------------------- figures
def _template():
    import plotly.graph_objects as go

    axis = {"gridcolor": "#e6e6e6", "zeroline": False, "linecolor": "#bdbdbd", "automargin": True}
    return go.layout.Template(layout={
        "font": {"family": FONT, "size": 13, "color": "#222222"}, "paper_bgcolor": "white", "plot_bgcolor": "white",
        "colorway": COLORWAY, "xaxis": axis, "yaxis": axis, "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}, "hoverlabel": {"font": {"family": FONT}},
        "title": {"x": 0},
    })


def figure(fig, name: str, caption_key: str, *, headline: bool = False, height: int | None = None, **fmt):
    """Show a plotly figure and the sentence ``caption_key`` saying what it shows.

    ``fig`` is a figure, or a function making it (``lambda: px.bar(wp.localise(df), labels=wp.labels())``),
    called once in each language of the notebook, so that a bilingual page has the chart in both.
    The output carries the figure as plotly JSON (JupyterLab draws it) and as HTML that draws it from a JSON
    data block (:func:`windoweval.html.figure_html`) with the page's plotly.js (the report's pages load
    ``assets/plotly.min.js``; elsewhere, e.g. ``jupyter nbconvert --execute``, the first figure carries
    plotly.js inline); ``headline=True`` also puts it on the report's index page.

    Examples
    --------
    >>> import plotly.express as px
    >>> fig = px.bar(pd.DataFrame({"window_id": ["PW01", "PW02"], "score": [91.25, 78.5]}), x="window_id", y="score")
    >>> figure(fig, "window_scores", "annual.fig.window_scores", year=2025)  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {'application/vnd.plotly.v1+json': {'data': [{...'x': ['PW01', 'PW02']...}], 'layout': {...}, 'config':
    {'displaylogo': False, 'responsive': True, 'displayModeBar': False}}, 'text/html':
    '<div id="fig-window_scores"...', 'text/plain': '[图] 图中是 2025 年各窗口的百分制得分...'}
    {'text/markdown': '*图:* 图中是 2025 年各窗口的百分制得分...', 'text/plain': '*图:* ...'}
    """
    if not _NAME.match(name):
        raise ValueError(f"图名只能含小写字母、数字和下划线 / a figure name is lower case, digits and _: {name!r}")
    specs, h = {}, None

    def render(lang: str) -> str:
        nonlocal h
        f = fig() if callable(fig) and not hasattr(fig, "to_json") else fig
        hh = int(height or f.layout.height or 440)
        h = h or hh
        f.update_layout(height=hh)
        f = numbers.round_figure(f)      # what the chart stores is what it shows, the same on every machine
        # through the privacy gate (masked), and every text from data drawn as text, never as markup
        spec = escape_figure(mask_json(json.loads(f.to_json())))
        spec["config"] = PLOTLY_CONFIG
        specs[lang] = spec
        first = lang == _STATE["languages"][0]
        return figure_html(spec, f"fig-{name}" if first else f"fig-{name}-{lang}", hh)

    div = _plotlyjs_once() + _both(render)
    lang0 = _STATE["language"]
    caption = text(caption_key, **_for(fmt, lang0))
    meta = {"figure": name, "headline": bool(headline), "caption": caption}
    if len(specs) > 1:     # the index shows a headline chart in each language too
        meta.update({"specs": {k: v for k, v in specs.items() if k != lang0},
                     "captions": {k: i18n.text(caption_key, k, **_for(fmt, k)) for k in specs if k != lang0}})
    _show({PLOTLY_MIME: specs[lang0], "text/html": div, "text/plain": f"[{text('common.figure')}] {caption}"},
          metadata={"windoweval": meta})
    _markdown(lambda lang: f"*{text('common.figure')}:* {text(caption_key, **md_fmt(_for(fmt, lang)))}")


def _plotlyjs_once() -> str:
    """plotly.js inline, before the notebook's first chart, unless the page loads it itself
    (:data:`PAGE_PLOTLYJS_ENV`): so a page written by ``jupyter nbconvert --execute`` draws its charts offline."""
    if _STATE.get("plotlyjs_shown", True):
        return ""
    _STATE["plotlyjs_shown"] = True
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript">{get_plotlyjs()}</script>\n'


# ---------------------------------------------------------------- summaries
def summary(shown: dict):
    """Show a compact summary kept as ``{"html": …, "text": …}``: a Scorecard's or an Evaluation's ``_repr_html_``
    and ``repr`` (:mod:`windoweval.summaries`), taken when the section was computed (:mod:`windoweval.sections`),
    so a notebook reading a report's kept results shows what ``display(card)`` shows in JupyterLab.

    Examples
    --------
    >>> import windoweval as we
    >>> from windoweval.demo import tiny_data_dir
    >>> card = we.score("power_window", year=2025, data=tiny_data_dir())
    >>> summary({"html": card._repr_html_(), "text": repr(card)})  # doctest: +ELLIPSIS
    {'text/html': '<div class="windoweval-summary"><h4>Scorecard power_window 2025: 1 个窗口 windows × ...', 'text/plain': 'Scorecard power_window 2025: ...'}
    """
    _show({"text/html": shown["html"], "text/plain": shown["text"]})


# ---------------------------------------------------------------- headline figures
def fmt_value(key: str, value) -> str:
    """A headline value as shown (:func:`windoweval.numbers.display`): shares as percentages, changes with a sign,
    missing as —.

    Examples
    --------
    >>> fmt_value("fulfilment", 0.98456), fmt_value("mean_change", -1.25), fmt_value("respondents", 720), fmt_value("mean_score", None)
    ('98.5%', '-1.3', '720', '—')
    """
    return numbers.display(value, numbers.kind_of(key))


def _named(value) -> bool:
    """A value the package holds in each language: ``{"zh": …, "en": …}`` (a window's name, a title)."""
    return isinstance(value, dict) and ("zh" in value or "en" in value)


def headlines(group: str, values: dict):
    """Show the key figures ``{key: value}`` (labels ``headline.<key>``) and carry them for the report's index.

    A value given as ``{"zh": …, "en": …}`` (a window's name in each language) is shown in each language: the
    item's ``display`` is the first language's, ``display_<language>`` each other one's (as ``label_<language>``),
    and its ``value`` keeps both.

    Examples
    --------
    >>> headlines("annual", {"windows": 25, "met_share": 0.9034})  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {'text/html': '<div class="windoweval-headlines">...', 'text/plain': '参评窗口: 25; 测量项达标占比: 90.3%',
    'application/vnd.windoweval.headlines+json': {'group': 'annual', 'items': [{'key': 'windows', 'label': '参评窗口',
    'value': 25, 'display': '25'}, {'key': 'met_share', 'label': '测量项达标占比', 'value': 0.903, 'display': '90.3%'}]}}
    >>> _ = setup("zh+en")
    >>> headlines("annual", {"top_window": {"zh": "城东营业厅 (PW01)", "en": "East City hall (PW01)"}})  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    {...>Best window</div>...>East City hall (PW01)</div>...'items': [{'key': 'top_window', 'label': '得分最高的窗口',
    'value': {'zh': '城东营业厅 (PW01)', 'en': 'East City hall (PW01)'}, 'display': '城东营业厅 (PW01)', 'label_en': 'Best window',
    'display_en': 'East City hall (PW01)'}]}}
    >>> _ = setup("zh")
    """
    from .privacy import mask_message   # a headline may be a name from data: through the privacy gate

    def masked(v):
        if _named(v):
            return {x: masked(w) for x, w in v.items()}
        return mask_message(v) if isinstance(v, str) else v

    values = {k: masked(v) for k, v in values.items()}
    lang0, others = _STATE["language"], _STATE["languages"][1:]

    def shown(key, value, lang):   # the one way a headline value is shown, in ``lang``
        return fmt_value(key, _for({key: value}, lang)[key])

    items = [{"key": k, "label": text("headline." + k),
              "value": v if _named(v) else numbers.rounded(v, numbers.kind_of(k)),
              "display": shown(k, v, lang0)} for k, v in values.items()]
    for i in items:
        i.update({f"label_{x}": i18n.text("headline." + i["key"], x) for x in others})
        if _named(values[i["key"]]):
            i.update({f"display_{x}": shown(i["key"], values[i["key"]], x) for x in others})

    def render(lang: str) -> str:
        cards = "".join(
            f'<div style="display:inline-block;min-width:9em;margin:0 .6em .6em 0;padding:.5em .8em;'
            f'border:1px solid #d0d7e2;border-radius:6px;background:#f6f8fb;vertical-align:top">'
            f'<div style="font-size:.85em;color:#555">{html.escape(text("headline." + i["key"]))}</div>'
            f'<div style="font-size:1.5em;font-weight:bold">{html.escape(shown(i["key"], values[i["key"]], lang))}</div></div>'
            for i in items)
        return f'<div class="windoweval-headlines"><p><b>{html.escape(text("common.headlines"))}</b></p>{cards}</div>'

    body = _both(render)
    plain = "; ".join(f"{i['label']}: {i['display']}" for i in items)
    _show({"text/html": body, "text/plain": plain, HEADLINES_MIME: {"group": group, "items": items}})
