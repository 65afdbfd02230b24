"""Report parameters are data, never code: ``-p NAME VALUE`` checked against what the notebooks declare.

报告参数只是数据，不是代码：``-p 名称 值`` 先按笔记本声明的参数（名称与类型）检查，再交给 papermill。

The notebooks' ``parameters`` cells (tagged ``parameters``) declare each parameter as a plain
assignment ``name = literal``; :func:`declared` reads them (with :mod:`ast`, nothing is run) and the
type of each default says what a value may be:

==============  ====================================================================
default         accepted values
==============  ====================================================================
an int          an integer (``2025``), nothing else
a float         a number
a bool          ``true`` / ``false``
a str           any text (taken as written, not parsed)
None            nothing (``null``/``none``), a text, or a list of texts (YAML ``[a, b]``)
==============  ====================================================================

An unknown name is refused (exit 2) with the list of known ones; so is a value of the wrong type.
Papermill then writes each value with ``repr`` into the injected cell: a value can never become code.

Examples
--------
>>> sorted(declared())[:3]
['baseline_year', 'data', 'instrument']
>>> validate([("baseline_year", "2023"), ("windows", "[PW01, PW02]"), ("instrument", "power_hall")])
{'baseline_year': 2023, 'windows': ['PW01', 'PW02'], 'instrument': 'power_hall'}
>>> validate([("x = __import__('os').system('id') #", "1")])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
windoweval.params.UnknownParameter: 未知的报告参数 ...
"""
from __future__ import annotations

import ast
import functools
import json
import os
import re

from .errors import UsageError

__all__ = ["declared", "validate", "notebook_values", "UnknownParameter", "BadParameter"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_INT = re.compile(r"^[+-]?\d{1,12}$")
_MAX_VALUE = 4096


class UnknownParameter(UsageError):
    """``-p NAME``: no notebook declares NAME (exit 2).

    Examples
    --------
    >>> try:
    ...     validate([("yaer", "2025")])
    ... except UnknownParameter as e:
    ...     print(e.exit_code)
    2
    """


class BadParameter(UsageError):
    """``-p NAME VALUE``: VALUE is not of the declared type (exit 2).

    Examples
    --------
    >>> try:
    ...     validate([("year", "twenty")])
    ... except BadParameter as e:
    ...     print(e.exit_code)
    2
    """


@functools.lru_cache(maxsize=1)
def declared(notebooks: tuple[str, ...] | None = None) -> dict:
    """``{name: default}`` of every parameter the report's ``notebooks`` (default: every one in ``notebooks/``)
    declare in their ``parameters`` cells.

    Examples
    --------
    >>> d = declared()
    >>> "year" in d and "data" in d, isinstance(d["year"], int)
    (True, True)
    """
    from . import paths

    out: dict = {}
    names = notebooks or tuple(sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")))
    for name in names:
        f = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
        if not f.exists():
            continue
        nb = json.loads(f.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code" or "parameters" not in (cell.get("metadata", {}).get("tags") or []):
                continue
            src = "".join(cell.get("source", ""))
            for node in ast.parse(src).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    try:
                        out.setdefault(node.targets[0].id, ast.literal_eval(node.value))
                    except ValueError:
                        continue
    return out


def _kind(default) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "str"
    return "any"


_KIND_TEXT = {"int": "整数 / an integer", "float": "数字 / a number", "bool": "true 或 false / true or false",
              "str": "文本 / text", "any": "空、文本或文本列表 / null, a text or a list of texts, e.g. [PW01, PW02]"}


def _convert(name: str, value: str, kind: str):
    import yaml

    def bad():
        return BadParameter(f"报告参数 {name} 的值 {value!r} 应为{_KIND_TEXT[kind].split(' / ')[0]} / "
                            f"report parameter {name}: {value!r} is not {_KIND_TEXT[kind].split(' / ')[1]}")

    if len(value) > _MAX_VALUE:
        raise BadParameter(f"报告参数 {name} 的值过长 / report parameter {name}: value longer than {_MAX_VALUE} characters")
    if kind == "str":
        return value
    if kind == "int":
        if not _INT.match(value.strip()):
            raise bad()
        return int(value)
    if kind == "float":
        try:
            v = float(value)
        except ValueError:
            raise bad() from None
        if v != v or v in (float("inf"), float("-inf")):
            raise bad()
        return v
    if kind == "bool":
        low = value.strip().lower()
        if low in ("true", "yes", "1"):
            return True
        if low in ("false", "no", "0"):
            return False
        raise bad()
    try:
        v = yaml.safe_load(value)
    except yaml.YAMLError:
        raise bad() from None
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return value            # a bare number (a window id "01") is the text as written
    if isinstance(v, list) and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in v):
        return [str(x) for x in v]
    raise bad()


def validate(pairs, notebooks=None) -> dict:
    """``{name: value}`` from the ``-p NAME VALUE`` pairs, each checked against :func:`declared`.

    Raises :class:`UnknownParameter` or :class:`BadParameter` (both exit 2).

    Examples
    --------
    >>> validate([("year", "2024"), ("data", "/srv/records")])
    {'year': 2024, 'data': '/srv/records'}
    >>> validate([("year", "next year")])
    Traceback (most recent call last):
    ...
    windoweval.params.BadParameter: 报告参数 year 的值 'next year' 应为整数 / report parameter year: 'next year' is not an integer
    """
    known = declared(tuple(notebooks) if notebooks else None)
    out = {}
    for name, value in pairs or []:
        name, value = str(name), str(value)
        if not _IDENT.match(name) or name not in known:
            raise UnknownParameter(f"未知的报告参数 {name!r};笔记本声明的参数有 / unknown report parameter {name!r}; "
                                   f"the notebooks declare: {', '.join(sorted(known))}")
        out[name] = _convert(name, value, _kind(known[name]))
    return out


def notebook_values(**values) -> dict:
    """The values a notebook's parameters cell gives (Python objects, as papermill or an analyst writes them), checked
    as :func:`validate` checks ``-p`` text: ``year`` and ``baseline_year`` years as the API takes them
    (:func:`windoweval.calendar.recognise_year`: an integer, its text ``"2025"`` or ``2025.0``; 1900–2200), ``windows`` None, a text or a list of texts, the others text or None.  A value is data: it is
    never run, and a wrong one is refused (:class:`BadParameter`, exit 2) naming the parameter, the value and the fix,
    before any record is read (a notebook opened alone shows that message, not a traceback from deep inside).

    Examples
    --------
    >>> notebook_values(year="2025", baseline_year=None, windows=["PW01"])
    {'year': 2025, 'baseline_year': None, 'windows': ['PW01']}
    >>> notebook_values(year="2025; import os")
    Traceback (most recent call last):
    ...
    windoweval.params.BadParameter: 笔记本参数 year 的值 '2025; import os' 不是年份（1900–2200 的整数）;请写成 year = 2025 / notebook parameter year: '2025; import os' is not a year (an integer from 1900 to 2200); write it as year = 2025
    """
    out = {}
    for name, value in values.items():
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        if name in ("year", "baseline_year"):
            if value is None and name == "baseline_year":
                out[name] = None
                continue
            # the API's recogniser (windoweval.calendar.recognise_year, as evaluation.as_year): 2025.0 taken, a year
            # outside 1900–2200 refused here, before pandas meets it deep inside (99999 ended in a traceback)
            from .years import YEARS, recognise_year

            got = recognise_year(value)
            if got is None or got not in YEARS:
                zh, en = (("year = 2025", "year = 2025") if name == "year" else
                          ("baseline_year = 2024（不比较时写 None）", "baseline_year = 2024 (None: no comparison)"))
                raise BadParameter(f"笔记本参数 {name} 的值 {shown} 不是年份（1900–2200 的整数）;请写成 {zh} / "
                                   f"notebook parameter {name}: {shown} is not a year (an integer from 1900 to 2200); "
                                   f"write it as {en}")
            out[name] = got
        elif name == "windows":
            if value is None or isinstance(value, str) or (
                    isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value)):
                out[name] = list(value) if isinstance(value, tuple) else value
            else:
                raise BadParameter(f"笔记本参数 windows 的值 {shown} 应为 None、窗口编号或类型，或其列表，如 "
                                   f"[\"PW01\", \"power_hall\"] / notebook parameter windows: {shown} is not None, a window "
                                   f"id or kind, or a list of them such as [\"PW01\", \"power_hall\"]")
        else:
            if value is not None and not isinstance(value, (str, os.PathLike)):
                raise BadParameter(f"笔记本参数 {name} 的值 {shown} 应为文本（或 None）/ notebook parameter {name}: "
                                   f"{shown} is not a text (or None)")
            out[name] = value
    y, b = out.get("year"), out.get("baseline_year")
    if y is not None and b is not None and b >= y:
        # compared with itself every change reads +0.0 (green bars, "no change"); with a later year it runs backwards
        raise BadParameter(f"笔记本参数 baseline_year 的值 {b} 不早于评价年度 year = {y}：与自身比较时每个变化都是 +0.0；"
                           f"请写成 baseline_year = {y - 1}（上一年，报告的默认），或 None 不比较 / notebook parameter "
                           f"baseline_year: {b} is not before the year evaluated, year = {y} (compared with itself every "
                           f"change reads +0.0); write baseline_year = {y - 1} (the year before, the report's default), or "
                           "None for no comparison")
    return out
