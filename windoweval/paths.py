"""Where things are: worked out once, from the project root.

Every other module and every notebook asks this module for a path; nobody else
builds one.  The project root is the directory holding ``pyproject.toml`` (a
source checkout); it can be overridden with the ``WINDOWEVAL_HOME`` environment
variable (an installed package run against a workspace elsewhere).

Examples
--------
>>> from windoweval import paths
>>> paths.STANDARDS_DIR.name
'standards'
>>> paths.report_dir(2025).name
'2025'
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STANDARDS_DIR = PACKAGE_DIR / "standards"
CONTRACTS_FILE = PACKAGE_DIR / "records" / "contracts.yaml"


def _find_root() -> Path:
    env = os.environ.get("WINDOWEVAL_HOME")
    if env:
        return Path(env).resolve()
    here = PACKAGE_DIR.parent
    if (here / "pyproject.toml").exists():
        return here
    return Path.cwd().resolve()


ROOT = _find_root()
DATA_DIR = ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
STORE_DIR = DATA_DIR / "store"
#: The file in a store dataset's directory that records its imports (pyarrow and Dask skip ``_`` files):
#: :mod:`windoweval.records.store` writes it, :mod:`windoweval.records.files` tells a dataset by it.
STORE_MARKER = "_windoweval.json"
SURVEYS_DIR = ROOT / "surveys"
INSTRUMENTS_DIR = SURVEYS_DIR / "instruments"
INCOMING_DIR = SURVEYS_DIR / "incoming"
#: The endings of a survey delivery file's name (those read, and those refused with the fix: .xls, .tsv, .htm): the
#: files a folder given as a delivery is said to hold, and a source of ``survey estimate`` named so is a file, never a
#: survey id.  One set, here (base): the reader (:data:`windoweval.survey.delivery.DELIVERY_SUFFIXES`) and the command
#: line, which starts without importing the reader, both take it.
DELIVERY_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".sav", ".zsav", ".dta", ".htm",
                               ".html"})
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
BENCHMARKS_DIR = ROOT / "benchmarks"


def data_dir(data: str | os.PathLike | None = None) -> Path:
    """The records directory to read: ``data`` if given, else the bundled demo data.

    Examples
    --------
    >>> data_dir() == DEMO_DIR
    True
    >>> data_dir("/srv/records").as_posix()
    '/srv/records'
    """
    return Path(data).resolve() if data else DEMO_DIR


def report_dir(year: int, out: str | os.PathLike | None = None) -> Path:
    """The directory the report of ``year`` is built into.

    Examples
    --------
    >>> report_dir(2025, out="/srv/reports").as_posix()
    '/srv/reports/2025'
    >>> report_dir("2024") == REPORTS_DIR / "2024"
    True
    """
    return (Path(out) if out else REPORTS_DIR) / str(int(year))


def workspace_file(data: str | os.PathLike | None = None) -> Path:
    """The organisation's ``windoweval.toml`` that lives beside its records.

    Examples
    --------
    >>> workspace_file("/srv/records").as_posix()
    '/srv/records/windoweval.toml'
    """
    return data_dir(data) / "windoweval.toml"


def readable(text: str | os.PathLike) -> str:
    """A path (or any text from the file system) as text every writer can encode: a name the system gave as bytes
    that are not UTF-8 (Python keeps them as lone surrogates, which JSON, a UTF-8 file and the terminal refuse) is
    read as GB18030 when it is (a folder unpacked from a Chinese Windows archive), else its bad bytes become U+FFFD.

    Examples
    --------
    >>> readable(b"/x/\\xb9\\xa4\\xb5\\xa5.csv".decode("utf-8", "surrogateescape"))   # 工单 in GBK
    '/x/工单.csv'
    >>> readable(b"x.\\xff\\xfeCSV".decode("utf-8", "surrogateescape"))
    'x.��CSV'
    >>> readable("读取 " + b"\\xb9\\xa4\\xb5\\xa5".decode("utf-8", "surrogateescape") + ".csv …")
    '读取 工单.csv …'
    """
    s = os.fspath(text)
    if isinstance(s, bytes):
        s = os.fsdecode(s)
    if not any("\udc80" <= ch <= "\udcff" for ch in s):
        return s
    import re

    def run(m):        # each run of undecoded bytes on its own: the text around it is text already
        raw = m.group(0).encode("utf-8", "surrogateescape")
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return raw.decode("utf-8", "replace")

    return re.sub("[\udc80-\udcff]+", run, s)
