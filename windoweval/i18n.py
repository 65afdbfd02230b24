"""The words the notebooks and the report show, in Chinese (default) and English.

界面文字:中文(默认)与英文。The strings live in ``windoweval/locale/strings.yaml``;
notebooks and the report look them up here and never spell them out.

Examples
--------
>>> text("verdict.fail", "zh"), text("verdict.fail", "en")
('未达标', 'not met')
>>> text("annual.title", "en", org="X", year=2025)
'X: annual evaluation of service windows, 2025'
>>> text("nope", "zh")
Traceback (most recent call last):
...
KeyError: '没有界面文字 / no UI string: nope'
"""
from __future__ import annotations

import functools

import yaml

from . import paths

__all__ = ["LANGUAGES", "text", "has", "strings", "check_language", "prefixed"]

#: The languages every string has; the first is the default.
LANGUAGES = ("zh", "en")
STRINGS_FILE = paths.PACKAGE_DIR / "locale" / "strings.yaml"


@functools.lru_cache(maxsize=1)
def strings() -> dict:
    """All strings: ``{key: {"zh": ..., "en": ...}}``.

    Examples
    --------
    >>> sorted(strings()["common.table"]) == sorted(LANGUAGES)
    True
    """
    return yaml.load(STRINGS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # noqa: S506


def check_language(language: str) -> str:
    """``language`` if it is one of :data:`LANGUAGES`, else a ValueError naming them.

    Examples
    --------
    >>> check_language("en")
    'en'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: 不支持的语言 'fr',可选 ['zh', 'en'] / unsupported language 'fr'; choose from ['zh', 'en']
    """
    if language not in LANGUAGES:
        raise ValueError(f"不支持的语言 {language!r},可选 {list(LANGUAGES)} / unsupported language {language!r}; "
                         f"choose from {list(LANGUAGES)}")
    return language


def has(key: str) -> bool:
    """Whether ``key`` is a known string.

    Examples
    --------
    >>> has("common.table"), has("common.no_such_string")
    (True, False)
    """
    return key in strings()


def text(key: str, language: str = "zh", **fmt) -> str:
    """The string ``key`` in ``language``, with ``{placeholders}`` filled from ``fmt``.

    Examples
    --------
    >>> text("common.more_rows", "en", shown=10, total=250)
    "Showing the first 10 of 250 rows; the full table is in the report's CSV and XLSX files."
    >>> text("common.more_rows", shown=10, total=250)
    '此处显示前 10 行,共 250 行;完整表格见报告中的 CSV 与 XLSX 文件。'
    """
    check_language(language)
    entry = strings().get(key)
    if entry is None:
        raise KeyError(f"没有界面文字 / no UI string: {key}")
    s = str(entry[language])
    return s.format(**fmt) if fmt else s


def prefixed(zh: str, en: str, message) -> str:
    """A label (``zh``, ``en``) put before a message in both languages, in one line ``中文 / English``: each half of
    the label before the same language's half of the message (``缺少证据,无法判断:<zh> / evidence missing, cannot
    tell: <en>``), never the label's two halves before the message's two (zh / en: zh / en, session 47).  ``message``
    is its halves ``(zh, en)``, or a text ``中文 / English`` split at its first " / "; a text without one (a path, a
    value) is set after both halves.

    Examples
    --------
    >>> prefixed("缺少证据,无法判断", "evidence missing, cannot tell", ("超过时限 5 天", "over the limit of 5 days"))
    '缺少证据,无法判断:超过时限 5 天 / evidence missing, cannot tell: over the limit of 5 days'
    >>> prefixed("请核对", "check", "列名不明 / the header is unclear")
    '请核对:列名不明 / check: the header is unclear'
    >>> prefixed("文件", "file", "a.csv")
    '文件:a.csv / file: a.csv'
    """
    if isinstance(message, tuple):
        mzh, men = message
    else:
        mzh, sep, men = str(message).partition(" / ")
        if not sep:
            mzh = men = str(message)
    return f"{zh}:{mzh} / {en}: {men}"
