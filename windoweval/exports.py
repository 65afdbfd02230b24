"""Safe table exports: CSV and XLSX that a spreadsheet cannot turn into formulas, with personal data masked.

安全导出:表格单元格不会被电子表格当作公式执行,个人信息已脱敏。

A cell whose text starts with ``=``, ``+``, ``-``, ``@`` (also their full-width
forms ``＝＋－＠`` and the minus sign ``−``), after any run of spaces (ASCII,
ideographic ``\u3000``, no-break), or with a tab or a carriage return, is what
Excel or WPS would read as a formula; it is written with a leading single
quote, so it stays text (found for a whole column at once with one compiled
regular expression).  Every table the report writes goes through :func:`safe_frame`
(via :func:`write_csv` and :func:`write_xlsx`), which also masks phone numbers,
ID-card numbers and names (:func:`windoweval.privacy.mask_frame`).

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> neutralise("-5"), neutralise("城东营业厅"), neutralise(-5), neutralise("\u3000＝1+1")
("'-5", '城东营业厅', -5, "'\u3000＝1+1")
"""
from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .cells import FORMULA, FORMULA_PREFIXES, neutralise, neutralise_series, people_frame  # noqa: F401 (API)
from .privacy import mask_frame
from .records.contract import not_personal_columns

__all__ = ["FORMULA_PREFIXES", "FORMULA", "neutralise", "neutralise_series", "safe_frame", "write_csv", "write_xlsx",
           "sheet_name", "write_missed", "read_missed", "prepare_missed", "write_missing_evidence"]

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_frame(df: pd.DataFrame, not_personal=(), written=()) -> pd.DataFrame:
    """A copy of ``df`` fit to export: text masked, formula-like cells and headers neutralised (``not_personal``,
    ``written``: as :func:`windoweval.cells.people_frame`).

    Examples
    --------
    >>> safe_frame(pd.DataFrame({"=note": ["=1+1", "张先生 13812345678"], "n": [1, 2]})).to_dict("list")
    {"'=note": ["'=1+1", '某先生 [手机号]'], 'n': [1, 2]}
    """
    return people_frame(df, not_personal, written)


def yes_no_words(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each true/false column (and one with gaps: ``True``, ``False``, missing) written in words, ``是 /
    yes`` and ``否 / no``, a gap left blank: as the report's exports write them in its default zh+en build (public43,
    :func:`windoweval.present.localise`), for every CSV and workbook people open (the commands' ``--out`` files
    wrote ``True``/``False``).  The same frame when there is none; the Parquet files beside keep the booleans.

    Examples
    --------
    >>> yes_no_words(pd.DataFrame({"overdue": [True, False], "gap": pd.Series([True, None], dtype=object),
    ...                            "n": [1, 0]})).to_dict("list")
    {'overdue': ['是 / yes', '否 / no'], 'gap': ['是 / yes', nan], 'n': [1, 0]}
    """
    from . import i18n
    from .console import _all_bools

    words = {v: f"{i18n.text(k, 'zh')} / {i18n.text(k, 'en')}" for v, k in ((True, "common.yes"), (False, "common.no"))}
    out = df
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        if pd.api.types.is_bool_dtype(col.dtype) or (col.dtype == object and _all_bools(col)):
            if out is df:
                out = df.copy()
            out.isetitem(i, col.astype(object).map(words).where(col.notna(), None))
    return out


def write_csv(df: pd.DataFrame, path: str | os.PathLike, safe: pd.DataFrame | None = None, not_personal=(),
              written=()) -> Path:
    """Write ``df`` as UTF-8 CSV with a BOM (so Excel opens Chinese text correctly) and CRLF rows, made safe first
    (``not_personal``: a table of records, the columns their contract declares not personal; ``written``: the columns
    the program wrote itself from typed values, a deadline, an elapsed time, not scanned for personal data:
    :func:`safe_frame`).

    Examples
    --------
    >>> import tempfile
    >>> p = write_csv(pd.DataFrame({"窗口": ["城东营业厅"], "note": ["=1+1"]}), Path(tempfile.mkdtemp()) / "t.csv")
    >>> p.read_bytes()[:3] == b"\\xef\\xbb\\xbf", p.read_text(encoding="utf-8-sig").splitlines()
    (True, ['窗口,note', "城东营业厅,'=1+1"])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    safe = safe_frame(df, not_personal, written) if safe is None else safe   # ``safe``: made by the caller already
    safe = _dates_alone_shown(safe)
    # a true/false cell as 是 / yes, 否 / no, as the report's exports (msgs44: --out wrote True/False)
    yes_no_words(safe).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")   # RFC 4180, as Excel
    return path


def _dates_alone_shown(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each time column holding a time written as a date alone (:data:`windoweval.calendar.DATE_ONLY_NS`,
    the day's 00:00 and one nanosecond, never shown) as text: such a time as its date (2025-03-03), the others to the
    second, as the pages show them; pandas would write the whole column to the nanosecond (00:00:00.000000001), a
    workbook the day's first second (2025-03-03 00:00:00).  The one rule of both writers (:func:`write_csv`,
    :meth:`Workbook.add`).  Columns without such a time are left as they are (one OR over the column answers): the
    workbook keeps them as dates.

    >>> t = pd.to_datetime(["2025-03-03 00:00:00", "2025-03-04 09:05:07"]) + pd.to_timedelta([1, 0], "ns")
    >>> _dates_alone_shown(pd.DataFrame({"t": t, "u": t - pd.to_timedelta(1, "ns")})).to_dict("list")["t"]
    ['2025-03-03', '2025-03-04 09:05:07']
    """
    from .calendar import date_only
    # by position: a header given twice (kept as given by the privacy gate, msgs44) names a frame of two columns
    at = [i for i, t in enumerate(df.dtypes) if pd.api.types.is_datetime64_any_dtype(t) and getattr(t, "tz", None) is None]
    out = None
    for i in at:
        s = df.iloc[:, i]
        alone = date_only(s.to_numpy(dtype="datetime64[ns]"))
        if not alone.any():
            continue
        out = df.copy(deep=False) if out is None else out
        out.isetitem(i, s.dt.strftime("%Y-%m-%d %H:%M:%S").mask(alone, s.dt.strftime("%Y-%m-%d")))
    return df if out is None else out


def sheet_name(name: str, taken: set) -> str:
    """An Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``, no control character, not starting or ending
    with an apostrophe) not yet in ``taken``.  A control character (a NUL, a line end: a table named after data) was
    written into the workbook's XML as it was, and the whole workbook could not be opened (fuzz46); an apostrophe at
    either end is a name Excel refuses.

    Examples
    --------
    >>> taken = set()
    >>> sheet_name("promises/2025", taken), sheet_name("Promises/2025", taken), sorted(taken)
    ('promises_2025', 'Promises_2025~2', ['Promises_2025~2', 'promises_2025'])
    >>> sheet_name("'城东\\x00营业厅\\n'", set())
    '城东_营业厅_'
    """
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f\x7f]", "_", str(name))[:31].strip("'") or "sheet"
    cand, i = base, 2
    while cand.lower() in {t.lower() for t in taken}:
        suffix = f"~{i}"
        cand, i = base[:31 - len(suffix)] + suffix, i + 1
    taken.add(cand)
    return cand


def write_xlsx(tables: dict[str, pd.DataFrame], path: str | os.PathLike) -> Path:
    """Write ``{sheet: DataFrame}`` as one workbook, every table made safe first; text cells stay text.

    Examples
    --------
    >>> import tempfile
    >>> p = write_xlsx({"scores": pd.DataFrame({"window": ["PW01"], "score": [91.5]}), "notes": pd.DataFrame({"t": ["=1"]})},
    ...                Path(tempfile.mkdtemp()) / "t.xlsx")
    >>> {k: v.to_dict("list") for k, v in pd.read_excel(p, sheet_name=None).items()}
    {'scores': {'window': ['PW01'], 'score': [91.5]}, 'notes': {'t': ["'=1"]}}
    """
    book = Workbook()
    for name, df in tables.items():
        book.add(name, df)
    return book.save(path)


class Workbook:
    """A workbook filled one table at a time, in any order, and saved once in the order asked: the bytes of
    :func:`write_xlsx` with the tables in that order (the report adds each notebook's tables as it arrives).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> a, b = pd.DataFrame({"t": ["=1"]}), pd.DataFrame({"n": [1]})
    >>> book = Workbook()
    >>> book.add("second", b)
    >>> book.add("first", a)
    >>> _ = book.save(d / "book.xlsx", order=["first", "second"])
    >>> (d / "book.xlsx").read_bytes() == write_xlsx({"first": a, "second": b}, d / "one.xlsx").read_bytes()
    True
    """

    def __init__(self):
        from openpyxl import Workbook as _Book

        self._wb = _Book()
        self._wb.remove(self._wb.active)
        self._sheets: dict = {}

    def add(self, name: str, df: pd.DataFrame, safe: pd.DataFrame | None = None) -> None:
        """Add table ``df`` as sheet ``name`` (its title settled when saved); ``safe``: ``safe_frame(df)`` when the
        caller made it already (for the CSV beside)."""
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        if name in self._sheets:       # as a dict of tables would have it: the last one added, in the first's place
            self._wb.remove(self._sheets[name])
        ws = self._wb.create_sheet(f"t{len(self._sheets)}")      # a provisional title
        safe = yes_no_words(safe_frame(df) if safe is None else safe)   # 是 / yes, never TRUE/FALSE (msgs44)
        # a time written as a date alone as its date, the others of its column to the second: the CSV's one rule
        # (exports44: the sheet showed 2025-03-03 00:00:00, a time never written)
        safe = _dates_alone_shown(safe)
        # a header may carry a control character too (a window's name pivoted into columns): dropped, not a crash
        ws.append([_ILLEGAL_XML.sub("", c) if isinstance(c, str) else c for c in safe.columns])
        for row in safe.itertuples(index=False, name=None):
            cells = []
            for v in row:
                if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                    v = None
                elif isinstance(v, str):
                    v = _ILLEGAL_XML.sub("", v)
                elif hasattr(v, "item"):
                    v = v.item()
                cells.append(v)
            ws.append(cells)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"   # never a formula, whatever the text
        for i, col in enumerate(safe.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in safe.iloc[:200, i - 1].tolist()])
            ws.column_dimensions[get_column_letter(i)].width = min(max(8, width * 1.3), 60)
        ws.freeze_panes = "A2"
        self._sheets[name] = ws

    def save(self, path: str | os.PathLike, order=None) -> Path:
        """Write the workbook to ``path``: the sheets in ``order`` (their names; default: as added), each titled
        :func:`sheet_name` in that order."""
        import uuid

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        names = list(self._sheets) if order is None else list(order)
        if sorted(names) != sorted(self._sheets):
            raise ValueError("the order names other sheets than those added")
        sheets = [self._sheets[n] for n in names]
        for ws in sheets:          # titles no final one can be, so that no final title is taken meanwhile
            ws.title = uuid.uuid4().hex[:31]
        taken: set = set()
        for n, ws in zip(names, sheets):
            ws.title = sheet_name(n, taken)
        self._wb._sheets = sheets
        if not sheets:
            self._wb.create_sheet("empty")
        # a fixed modification time: the same tables give the same workbook
        import datetime as _dt
        fixed = _dt.datetime(2000, 1, 1)
        self._wb.properties.created = fixed
        self._wb.properties.modified = fixed
        # made in memory, then written at once (atomic.write_bytes): a save stopped half-way (a full disk, a kill)
        # leaves the former workbook whole and nothing beside it
        import io

        from .atomic import write_bytes

        buf = io.BytesIO()
        self._wb.save(buf)
        return write_bytes(path, _fixed_zip_times(buf.getvalue()))


def _fixed_zip_times(book: bytes) -> bytes:
    """The workbook ``book`` with one fixed time (zip entries, modified date), so the same tables give the same
    bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(book)) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    stamp = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
    entries = [(i, stamp.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", d) if i.filename == "docProps/core.xml" else d)
               for i, d in entries]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            z.writestr(fixed, data)
    return out.getvalue()


#: Rows of the missed records that ``windoweval score`` also writes as CSV, for people to open.
MISSED_CSV_ROWS = 10_000


def write_missed(frames, out: str | os.PathLike, name: str, csv_rows: int = MISSED_CSV_ROWS,
                 for_people=None, written=()) -> tuple[Path, Path]:
    """Write the missed records of a scorecard: all of them as Parquet, the first ``csv_rows`` as CSV.

    ``frames`` are drill-downs (one per measure, as :meth:`windoweval.scoring.Scorecard.drilldown`
    gives them: the contract's private columns already masked), or sources of them in pieces
    (:meth:`windoweval.scoring.Scorecard.missed_pieces`: ``head(n)``, ``pieces()``); a ``text``
    column is left out.  ``<name>_missed.parquet`` holds every row, measure after measure, written a
    few pieces at a time (:class:`pyarrow.parquet.ParquetWriter`: each piece masked and converted, pieces
    put end to end up to :data:`MISSED_GROUP_ROWS` rows, written as a row group, then let go; the time is
    in proportion to the rows, the memory that of a few pieces), its text masked as
    :func:`mask_frame` masks it (only the values a rule could change, :func:`windoweval.privacy.candidates`,
    each distinct value once); its columns and types are those of all the drill-downs put end to end
    (``pandas.concat``).  ``<name>_missed.csv`` the first ``csv_rows`` rows for a spreadsheet, through
    :func:`write_csv` (masked, formula-like cells neutralised): ``for_people`` when given (the narrow
    table of :func:`windoweval.summaries.missed_for_people`: measure, window, record, deadline, elapsed,
    why; or a function that makes it from the first ``csv_rows`` rows of each drill-down), else the
    first rows as they are.  ``written``: the columns of ``for_people``'s table the program wrote itself from typed
    values (:data:`windoweval.summaries.MISSED_WRITTEN`: a deadline, an elapsed time), not scanned for personal data
    (:func:`write_csv`).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> f = pd.DataFrame({"order_id": ["1", "2", "3"], "passed": pd.array([False] * 3, dtype="boolean"),
    ...                   "measure": "m", "text": "x"})
    >>> pq_, csv_ = write_missed([f], d, "power_window", csv_rows=2)
    >>> len(pd.read_parquet(pq_)), len(pd.read_csv(csv_)), "text" in pd.read_parquet(pq_)
    (3, 2, False)
    >>> g = pd.DataFrame({"order_id": ["4"], "elapsed_min": [70.0], "measure": "n"})   # columns put end to end
    >>> pd.read_parquet(write_missed([f, g], d, "x")[0]).columns.tolist()
    ['order_id', 'passed', 'measure', 'elapsed_min']
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    srcs = [f if hasattr(f, "pieces") else _WholeFrame(f) for f in frames]
    heads = [s.head(csv_rows) for s in srcs]   # the first rows of each: the columns, the CSV
    pq_path, csv_path = out / f"{name}_missed.parquet", out / f"{name}_missed.csv"
    refs_path, readme = out / f"{name}_missed_repeats.parquet", out / f"{name}_missed_README.md"
    refs_path.unlink(missing_ok=True)   # a file of an earlier run: the repeats are those of this one only
    readme.unlink(missing_ok=True)

    def people_csv():
        if for_people is None:
            people = (pd.concat(heads, ignore_index=True) if heads else pd.DataFrame()).head(csv_rows)
        else:
            people = for_people(heads) if callable(for_people) else for_people
        # records: the same gate as the Parquet file's (a column the contract declares not personal, as written)
        write_csv(people.head(csv_rows), csv_path, not_personal=not_personal_columns(),
                  written=written if for_people is not None else ())

    # the CSV for people is made from the first rows alone: written on a thread of its own while the Parquet file is
    # encoded (which lets go of the GIL), not after it; both are done (or failed) before this returns
    people_done = _Beside(people_csv, name="windoweval-people-csv")
    try:
        try:
            repeats = _write_pieces(srcs, heads, pq_path)
        except (ValueError, TypeError, NotImplementedError) as e:  # a piece that does not fit the columns' types
            import pyarrow as pa
            if not isinstance(e, (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError)):
                raise
            pq_path.unlink(missing_ok=True)   # all of them at once, as the types of the whole say
            _write_whole([s.whole() for s in srcs], pq_path)
            repeats = None
        if repeats is not None:
            import pyarrow.parquet as pq

            pq.write_table(repeats, refs_path)
            readme.write_text(MISSED_README.format(name=name), encoding="utf-8")
    except BaseException:
        people_done.wait()   # nothing is written once the caller lets the folder go; the first error is raised
        raise
    people_done.result()
    return pq_path, csv_path


class _Beside:
    """``fn()`` run on a thread of its own (named ``name``), beside the caller's work: :meth:`result` waits for it
    and raises its error (or gives what it returned), :meth:`wait` only waits.

    Examples
    --------
    >>> _Beside(lambda: 6 * 7).result()
    42
    >>> b = _Beside(lambda: 1 / 0)
    >>> b.wait()
    >>> try:
    ...     b.result()
    ... except ZeroDivisionError:
    ...     print("raised where it is asked for")
    raised where it is asked for
    """

    def __init__(self, fn, name: str = "windoweval-beside"):
        import threading

        self._got, self._err = None, None
        # waited for on an Event, not Thread.join: a join that a signal interrupts (cli.Stopped, KeyboardInterrupt)
        # marks the thread stopped while it still runs (CPython 3.11), and the wait after it would not wait
        self._done = threading.Event()

        def run():
            try:
                self._got = fn()
            except BaseException as e:   # raised by result(), on the caller's thread
                self._err = e
            finally:
                self._done.set()

        self._t = threading.Thread(target=run, name=name, daemon=True)
        self._t.start()

    def wait(self) -> None:
        while not self._done.wait(0.1):
            pass

    def result(self):
        self.wait()
        if self._err is not None:
            err, self._err = self._err, None
            raise err
        return self._got


def write_missing_evidence(frame: pd.DataFrame, out: str | os.PathLike, name: str,
                           csv_rows: int = MISSED_CSV_ROWS) -> tuple[Path, Path] | None:
    """Write the records whose evidence is missing (:meth:`windoweval.scoring.Scorecard.missing_evidence`) beside the
    missed ones: all of them as ``<name>_missing_evidence.parquet``, the first ``csv_rows`` as CSV.

    Masked as the missed records are (a ``text`` column left out; :func:`write_csv` for the CSV).  The missed
    files are not touched.  None (and an earlier run's files removed) when there is no such record.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> f = pd.DataFrame({"order_id": ["1", "2"], "measure": "m", "message": "缺少证据 / evidence missing"})
    >>> pq_, csv_ = write_missing_evidence(f, d, "power_window")
    >>> pq_.name, len(pd.read_parquet(pq_)), len(pd.read_csv(csv_))
    ('power_window_missing_evidence.parquet', 2, 2)
    >>> write_missing_evidence(f.head(0), d, "power_window") is None, pq_.exists()
    (True, False)
    """
    return _write_listing(frame, out, f"{name}_missing_evidence", csv_rows)


def write_exempted(frame: pd.DataFrame, out: str | os.PathLike, name: str,
                   csv_rows: int = MISSED_CSV_ROWS) -> tuple[Path, Path] | None:
    """Write the records a clause excuses (:meth:`windoweval.scoring.Scorecard.exempted`: its stated exceptions,
    each with why) as ``<name>_exempt.parquet``, the first ``csv_rows`` as CSV, masked as the missed records are.
    None (and an earlier run's files removed) when there is no such record.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> f = pd.DataFrame({"event_id": ["1"], "measure": "m", "reason": "=1+1 / flagged"})
    >>> pq_, csv_ = write_exempted(f, d, "hospital_commitments")
    >>> pq_.name, pd.read_csv(csv_)["reason"].tolist()
    ('hospital_commitments_exempt.parquet', ["'=1+1 / flagged"])
    """
    return _write_listing(frame, out, f"{name}_exempt", csv_rows)


def _write_listing(frame: pd.DataFrame, out, stem: str, csv_rows: int) -> tuple[Path, Path] | None:
    out = Path(out)
    pq_path, csv_path = out / f"{stem}.parquet", out / f"{stem}.csv"
    if not len(frame):
        pq_path.unlink(missing_ok=True)
        csv_path.unlink(missing_ok=True)
        return None
    out.mkdir(parents=True, exist_ok=True)
    _write_whole([frame], pq_path)
    write_csv(_untexted(frame).head(csv_rows), csv_path, not_personal=not_personal_columns())
    return pq_path, csv_path


class _WholeFrame:
    """A drill-down already taken, as a source of one piece."""

    def __init__(self, f: pd.DataFrame):
        self.f = f

    def head(self, n: int) -> pd.DataFrame:
        return self.f.head(n)

    def pieces(self):
        yield self.f

    def whole(self) -> pd.DataFrame:
        return self.f


def _untexted(f: pd.DataFrame) -> pd.DataFrame:
    """``f`` without its ``text`` column, and without attributes (a kernel's arrays: frames are put end to end)."""
    f = f.drop(columns=["text"]) if "text" in f else f.copy(deep=False)
    f.attrs = {}
    return f


def _write_whole(frames: list, path: Path) -> None:
    """Every drill-down put end to end, masked and written at once (the types are those of the whole)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frames = [_untexted(f) for f in frames]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    pq.write_table(pa.Table.from_pandas(_masked_by_value(df), preserve_index=False), path, compression="zstd")


def _masked_schema(df: pd.DataFrame):
    """``pa.Schema.from_pandas(_masked_by_value(df), preserve_index=False)`` (its pandas metadata too), without masking
    the values of ``df``'s text columns: a text column (a pandas string dtype) comes out of the masking as ``string``
    whatever its values (each column is masked on its own; a person's key with a name in it masked whole is text
    still), but for a column of personal data (masked whole: one with no value left is no text), so only the other
    columns are masked, every row of them, and the text columns stand in all missing.  The first rows of every
    drill-down (~80,000 at 10 million work orders, their customers' ids looked at for names) were masked for their
    types alone (benchmarks/README.md, session 40).

    Examples
    --------
    >>> import pyarrow as pa
    >>> df = pd.DataFrame({"order_id": pd.array(["WO1", None], dtype="str"), "联系人": ["张三", None],
    ...                    "staff_id": pd.array(["李小龙", None], dtype="str"), "open": [True, None], "n": [1.0, 2.0]})
    >>> _masked_schema(df) == pa.Schema.from_pandas(_masked_by_value(df), preserve_index=False)
    True
    """
    import pyarrow as pa

    from .privacy import personal_column

    unlike = not_personal_columns()
    text = {c for c in df.columns if isinstance(c, str) and isinstance(df[c].dtype, pd.StringDtype)
            and not personal_column(c, unlike)}
    if len(set(df.columns)) != len(df.columns) or not text:
        return pa.Schema.from_pandas(_masked_by_value(df), preserve_index=False)
    rest = _masked_by_value(df[[c for c in df.columns if c not in text]])
    blank = pd.array([pd.NA] * len(df), dtype="string")
    whole = pd.DataFrame({c: pd.Series(blank, index=rest.index, name=c) if c in text else rest[c] for c in df.columns},
                         index=rest.index)
    return pa.Schema.from_pandas(whole, preserve_index=False)


def _write_pieces(srcs: list, heads: list, path: Path) -> None:
    """Each source's pieces in turn, each put in the columns and types of all the drill-downs end to end
    (``pandas.concat`` of their first rows: its types do not depend on how many rows each has), masked,
    converted and written; nothing kept."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not srcs:
        _write_whole([], path)
        return None
    proto = pd.concat([_untexted(h) for h in heads], ignore_index=True)
    schema = _masked_schema(proto)
    empty = proto.iloc[:0]
    # Parquet's dictionary encoding for the columns of few values only (the window, the measure, its message): the
    # ids and times, nearly all distinct, are written plainly instead of tried as dictionaries first (the same values)
    # a promise's missed occurrences that repeat its time limit's missed rows, row for row, are written once (the
    # time limit's) and named by reference in ``<name>_missed_repeats.parquet`` (MISSED_README), when that time
    # limit is written in this file too
    written = {getattr(s, "measure", None) for s in srcs if getattr(s, "prepared", False) and hasattr(s, "tables")}
    written.discard(None)
    starts: dict = {}   # a measure -> its first row in the file
    repeats = []        # (row among every missed row, the _Repeat)

    def tables():
        """The file's tables in order (each piece read back, aligned, converted): made on a thread of their own
        (:func:`_ahead`) while the writer encodes the one before (Parquet's encoding lets go of the GIL)."""
        main = every = 0    # rows written; rows of every measure (the repeats' too)
        for s in srcs:
            done = getattr(s, "prepared", False)   # its pieces already went through prepare_missed
            # as put aside: a column of few values kept as its codes into its distinct values (an Arrow dictionary)
            tables = s.tables(refs=written, coded=True) if done and hasattr(s, "tables") else None
            starts.setdefault(getattr(s, "measure", None), main)
            for piece in (s.pieces() if tables is None else tables):
                if hasattr(piece, "of_measure"):   # rows repeating a written measure's: named, not written
                    template = _aligned_table(piece.template, schema)
                    if template is None:
                        piece = piece.table()
                    else:   # what the repeats file needs, nothing that holds the piece
                        repeats.append((every, piece.rows, piece.of_measure, piece.of_row, tuple(piece.copied),
                                        template))
                        every += piece.rows
                        continue
                if isinstance(piece, pa.Table):   # put aside as Arrow (prepared): aligned without pandas
                    table = _aligned_coded(piece.drop_columns(["text"]) if "text" in piece.column_names else piece,
                                           schema, wschema)
                    if table is None:
                        piece = _decoded(piece).to_pandas()
                else:
                    table = None
                if table is None and done:
                    table = _aligned(_untexted(piece), schema)
                if table is None:
                    piece = pd.concat([empty, _untexted(piece)], ignore_index=True)   # the whole's columns and types
                    table = pa.Table.from_pandas(piece if done else _masked_by_value(piece), schema=schema,
                                                 preserve_index=False)
                if not table.schema.equals(wschema):   # a piece of text where the writer takes codes
                    table = _aligned_coded(table, schema, wschema)
                main += table.num_rows
                every += table.num_rows
                del piece
                yield table
                del table

    # the columns of few values written from their dictionaries (the codes the pieces were put aside with, one
    # dictionary a row group), not decoded into text for Parquet to hash into a dictionary again; the file's Arrow
    # schema is the text's (``schema``): read back, they are text as before, never categories
    # (a pyarrow without ParquetWriter.add_key_value_metadata: the text written as text)
    few = _few_valued(proto)
    coded = hasattr(pq.ParquetWriter, "add_key_value_metadata")
    wschema = _coded_schema(schema, few) if coded else schema
    # statistics (each row group's min and max) on the columns a reader filters by (the measure, the window, a type,
    # a time, a number), not on the text columns of nearly all distinct values (an order's id, a customer's masked
    # id): their min and max prune nothing in a file laid out measure after measure, and cost the writer ~0.1 s of
    # CPU at 10 M work orders (drill45: write_table 0.64-0.73 s -> 0.55 s; the same rows and values read back)
    stats = [f.name for f in schema
             if f.name in few or not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    # each row group's columns handed to the encoder in one batch (write_batch_size: the default is 1,024 rows, a
    # round of Parquet's per-batch bookkeeping every 1,024 values of each column), not in ~21 batches a column: the
    # same pages' values and the same file size, ~17 % less of the writer's CPU (score48: 0.70 s -> 0.58 s over the
    # 2.39 M missed rows of 10 M work orders), and the writer is the command's critical path once score() is done
    with pq.ParquetWriter(path, wschema, compression="zstd", use_dictionary=few, store_schema=not coded,
                          write_statistics=stats, write_batch_size=MISSED_BATCH_ROWS) as w:
        # the pieces (a few thousand rows each: a measure's rows of one piece judged) written as row groups of
        # MISSED_GROUP_ROWS: each row group costs its column chunks (a compressor each, statistics, headers)
        for table in _ahead(_grouped(tables(), wschema, MISSED_GROUP_ROWS)):
            w.write_table(table)
            del table
        if coded:
            w.add_key_value_metadata(_stored_schema(schema))
    return _repeats_table(repeats, starts, schema) if repeats else None


#: Rows of a row group of ``<name>_missed.parquet`` (the last one fewer): the pieces put end to end up to this.
#: At 10 million work orders a piece is ~6,000 rows; 65,536 raised the command's peak by ~100 MiB (over 2x
#: DuckDB's), 16,384 does not (benchmarks/README.md, session 30).
MISSED_GROUP_ROWS = 16_384

#: Rows of a column handed to Parquet's encoder at once (``write_batch_size``) as ``<name>_missed.parquet`` is
#: written: more than a row group mostly holds (at 10 M work orders ~21,500: :data:`MISSED_GROUP_ROWS` put end to
#: end from pieces of ~6,000 rows), so each column chunk is encoded in one batch (score48, benchmarks/README.md).
MISSED_BATCH_ROWS = 65_536


def _coded_schema(schema, few: list):
    """``schema`` as the missed records are written: each text column of ``few`` (:func:`_few_valued`) an Arrow
    dictionary of that text (int32 codes), without the pandas metadata (the file's own schema is ``schema``:
    :func:`_stored_schema`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _coded_schema(pa.schema([("w", pa.large_string()), ("n", pa.float64())]), ["w", "n"]).types
    [DictionaryType(dictionary<values=large_string, indices=int32, ordered=0>), DataType(double)]
    """
    import pyarrow as pa

    def coded(f):
        if f.name in few and (pa.types.is_large_string(f.type) or pa.types.is_string(f.type)):
            return f.with_type(pa.dictionary(pa.int32(), f.type))
        return f

    return pa.schema([coded(f) for f in schema])


def _stored_schema(schema) -> dict:
    """The key-value metadata a Parquet file written with ``schema`` carries (``ARROW:schema``: the schema itself,
    as pyarrow stores it; its own metadata, pandas'): the missed records' file says its columns are text though
    written from dictionaries, so pyarrow, pandas and DuckDB read it back as the same text.

    Examples
    --------
    >>> import io, pyarrow as pa, pyarrow.parquet as pq
    >>> t = pa.table({"w": pa.array(["A", "B", "A"]).dictionary_encode()})
    >>> sink = io.BytesIO()
    >>> with pq.ParquetWriter(sink, t.schema, store_schema=False) as w:
    ...     w.write_table(t)
    ...     w.add_key_value_metadata(_stored_schema(pa.schema([("w", pa.string())])))
    >>> got = pq.read_table(io.BytesIO(sink.getvalue()))
    >>> got.schema.field("w").type, got.column("w").to_pylist()
    (DataType(string), ['A', 'B', 'A'])
    """
    import base64

    return {b"ARROW:schema": base64.b64encode(schema.serialize().to_pybytes())} | dict(schema.metadata or {})


def _decoded(t):
    """The Arrow table ``t`` with each dictionary column decoded into its values' type."""
    import pyarrow as pa

    if not any(pa.types.is_dictionary(f.type) for f in t.schema):
        return t
    return pa.Table.from_arrays([c.cast(f.type.value_type) if pa.types.is_dictionary(f.type) else c
                                 for c, f in zip(t.columns, t.schema)],
                                schema=pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type)
                                                  else f for f in t.schema], metadata=t.schema.metadata))


def _aligned_coded(t, schema, wschema):
    """:func:`_aligned_table` of ``t`` (a dictionary column counted as its values' type) against ``schema``, given
    in ``wschema`` (:func:`_coded_schema`): a dictionary column kept as its codes where ``wschema`` has one, else
    decoded; a text column ``wschema`` has as a dictionary encoded.  The same values as :func:`_aligned_table` of
    ``t`` decoded, in the types the writer takes; None where it gives None.

    Examples
    --------
    >>> import pyarrow as pa
    >>> s = pa.schema([("w", pa.large_string()), ("m", pa.large_string()), ("n", pa.float64())])
    >>> ws = _coded_schema(s, ["w", "m"])
    >>> t = pa.table({"w": pa.array(["A", None], pa.large_string()).dictionary_encode(),
    ...               "m": pa.array(["x", "x"], pa.large_string())})
    >>> got = _aligned_coded(t, s, ws)
    >>> got.schema.equals(ws), _decoded(got).to_pylist()
    (True, [{'w': 'A', 'm': 'x', 'n': None}, {'w': None, 'm': 'x', 'n': None}])
    >>> _aligned_coded(pa.table({"n": ["1"]}), s, ws) is None     # text where the whole has numbers
    True
    """
    import pyarrow as pa

    names = t.column_names
    if not set(names) <= set(schema.names) or len(set(names)) != t.num_columns:
        return None
    cols = []
    for f, wf in zip(schema, wschema):
        if f.name not in names:
            cols.append(pa.nulls(t.num_rows, wf.type))
            continue
        c = t.column(f.name)
        if pa.types.is_dictionary(c.type):
            if c.type.value_type != f.type:
                return None
            if c.type != wf.type:
                c = c.cast(f.type)
                if wf.type != f.type:
                    c = c.dictionary_encode()
        elif c.type != f.type:
            if not pa.types.is_null(c.type):
                return None
            c = pa.nulls(t.num_rows, wf.type)
        elif wf.type != f.type:
            c = c.dictionary_encode()
        cols.append(c)
    return pa.Table.from_arrays(cols, schema=wschema)


def _grouped(tables, schema, rows: int):
    """The Arrow ``tables`` (each of ``schema``) put end to end, in order, as tables of at least ``rows`` rows
    each (the last one fewer): the same rows, no copy of them (:func:`pyarrow.concat_tables`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> ts = [pa.table({"a": [i] * n}) for i, n in enumerate([3, 2, 4, 1])]
    >>> [t.column("a").to_pylist() for t in _grouped(iter(ts), ts[0].schema, 5)]
    [[0, 0, 0, 1, 1], [2, 2, 2, 2, 3]]
    >>> [t.num_rows for t in _grouped(iter(ts), ts[0].schema, 4)]
    [5, 4, 1]
    """
    import pyarrow as pa

    held, n = [], 0
    try:
        for t in tables:
            if not t.schema.equals(schema, check_metadata=True):
                t = pa.Table.from_arrays(t.columns, schema=schema)
            held.append(t)
            n += t.num_rows
            del t
            if n >= rows:
                yield _one_dictionary(held[0] if len(held) == 1 else pa.concat_tables(held))
                held, n = [], 0
        if held:
            yield _one_dictionary(held[0] if len(held) == 1 else pa.concat_tables(held))
    finally:
        close = getattr(tables, "close", None)
        if close is not None:   # closed with this (:func:`_ahead` closes it): the source's finally clauses run
            close()


def _one_dictionary(t):
    """``t`` with each dictionary column's pieces given one dictionary (:meth:`pyarrow.Table.unify_dictionaries`):
    Parquet writes a column chunk from a dictionary only while it stays the same (else it falls back to plain
    encoding for the rest of the row group)."""
    import pyarrow as pa

    if any(pa.types.is_dictionary(f.type) for f in t.schema) and any(c.num_chunks > 1 for c in t.columns):
        return t.unify_dictionaries()
    return t


def _ahead(items, depth: int = 1):
    """The items of the iterator ``items`` in order, each made on a thread of its own while the caller uses the one
    before: at most ``depth`` made and waiting.  An error raised making an item is raised here, in its place.

    Examples
    --------
    >>> list(_ahead(iter(range(5))))
    [0, 1, 2, 3, 4]
    >>> def bad():
    ...     yield 1
    ...     raise ValueError("no")
    >>> got = []
    >>> try:
    ...     for x in _ahead(bad()):
    ...         got.append(x)
    ... except ValueError as e:
    ...     got.append(str(e))
    >>> got
    [1, 'no']
    """
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=depth)
    stop, done = threading.Event(), threading.Event()
    end = object()

    def make():
        try:
            _make()
        finally:
            done.set()

    def _make():
        try:
            for x in items:
                while not stop.is_set():
                    try:
                        q.put((x, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                del x
                if stop.is_set():
                    return
            q.put((end, None))
        except BaseException as e:   # handed to the caller, raised there
            q.put((end, e))

    t = threading.Thread(target=make, name="windoweval-ahead", daemon=True)
    t.start()
    try:
        while True:
            x, err = q.get()
            if x is end:
                if err is not None:
                    raise err
                return
            yield x
            del x
    finally:
        stop.set()
        # the maker stopped (it waits for room at most 0.1 s at a time); waited for on an Event, not Thread.join: a
        # join that a signal interrupts (cli.Stopped) marks the thread stopped while it runs (CPython 3.11)
        while not done.is_set():
            try:
                q.get_nowait()
            except queue.Empty:
                pass
            done.wait(0.05)
        close = getattr(items, "close", None)
        if close is not None:   # its finally clauses run (a source's temporary folder let go)
            close()


def _repeats_table(repeats: list, starts: dict, schema):
    """The repeats of a missed-records file as one table: a row per run of rows (adjacent repeats of one measure's
    consecutive rows with the same values joined): ``row`` (where the run stands among every missed row), ``rows``,
    ``of_measure``, ``of_row`` (the first repeated row of the file), ``copied`` (the columns taken from the repeated
    rows, comma-separated), then the file's other columns with the one value each holds in the run."""
    import pyarrow as pa

    runs = []
    for row, rows, of_measure, of_row, copied, template in repeats:
        at = starts[of_measure] + of_row
        template = template.drop_columns(list(copied))   # the values every row of the run holds
        last = runs[-1] if runs else None
        if (last is not None and last[0] + last[1] == row and last[2] == of_measure and last[3] + last[1] == at
                and last[4] == copied and last[5].equals(template)):
            last[1] += rows
            continue
        runs.append([row, rows, of_measure, at, copied, template])
    cols = {"row": pa.array([r[0] for r in runs], pa.int64()), "rows": pa.array([r[1] for r in runs], pa.int64()),
            "of_measure": pa.array([r[2] for r in runs], pa.string()),
            "of_row": pa.array([r[3] for r in runs], pa.int64()),
            "copied": pa.array([",".join(r[4]) for r in runs], pa.string())}
    # a column every run copied has no value of its own; one some runs copied is empty in those runs only (their
    # rows take it from the repeated rows) and holds the others' values
    fields = [f for f in schema if f.name not in cols and not all(f.name in r[4] for r in runs)]
    for f in fields:
        own = next(r[5].column(f.name).type for r in runs if f.name not in r[4])
        cols[f.name] = pa.concat_arrays([pa.nulls(r[5].num_rows, own) if f.name in r[4]
                                         else r[5].column(f.name).combine_chunks() for r in runs])
    return pa.table(cols).replace_schema_metadata(None)


#: What ``<name>_missed_README.md`` says, written beside the missed records when some rows are repeats.
MISSED_README = """# 未达标记录文件 / The missed-record files

- `{name}_missed.csv`:前 10,000 条未达标记录,供人阅读(自成一体,无需其他文件)/ the first 10,000 missed
  records, for people; complete on its own.
- `{name}_missed.parquet`:全部未达标记录,逐项测量依次排列;但服务承诺测量(5.2)中与其时限测量的未达标记录逐条重复的
  记录不再重复写出 / every missed record, measure after measure, except the promise measure's missed
  occurrences that repeat, row for row, the missed records of the promise's own time limit.
- `{name}_missed_repeats.parquet`:这些重复记录的引用,每行一段 / those repeats, one row per run:
  `row`(该段在全部记录中的位置 / where the run stands among all missed records, from 0),`rows`(条数 / how
  many),`of_measure`(被重复的测量 / the measure repeated),`of_row`(`{name}_missed.parquet` 中被重复的第一行,
  从 0 起 / the first repeated row of `{name}_missed.parquet`, from 0),`copied`(取自被重复行的列 / the columns
  taken from those rows: the window, the order),其余各列为该段每行相同的值(承诺编号、passed、测量、说明)/ the
  other columns hold the one value of every row of the run (the promise, passed, the measure, its message);
  columns not listed are empty in the run.

全部记录(与不用引用时逐行相同)/ every row, as written without references:

```python
from windoweval.exports import read_missed
every = read_missed("DIR", "{name}")      # pandas; read_missed(..., arrow=True): an Arrow table
```
"""


def read_missed(out: str | os.PathLike, name: str, arrow: bool = False):
    """Every missed record :func:`write_missed` wrote to folder ``out`` for ``name``, in its order: the rows of
    ``<name>_missed.parquet`` with the repeats of ``<name>_missed_repeats.parquet`` (when there is one) put back in
    their places, so the rows, columns, types and order are those written without references.  A pandas frame, or
    with ``arrow`` an Arrow table.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> d = tempfile.mkdtemp()
    >>> _ = write_missed([pd.DataFrame({"order_id": ["1", "2"], "measure": "m"})], d, "x")
    >>> read_missed(d, "x").to_dict("list")
    {'order_id': ['1', '2'], 'measure': ['m', 'm']}
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .atomic import published
    from .engine.missed_pass import _repeated

    def read(paths):
        # one generation of the two files: a run publishing (or killed half-way) is read as its journal has it
        if paths[0] is None:
            raise FileNotFoundError(Path(out) / f"{name}_missed.parquet")
        repeats = paths[1] if paths[1] is not None and paths[1].exists() else None
        # each file opened once (open_regular), checked and read from that descriptor: a file swapped in between the
        # check and a read by path was read unchecked (safety24, as safety23 for the inputs)
        with contextlib.ExitStack() as stack:
            opened = [None if f is None else stack.enter_context(_checked_missed(f)) for f in (paths[0], repeats)]
            refs = pq.read_table(opened[1]).to_pylist() if opened[1] is not None else None
            return pq.read_table(opened[0]), refs

    main, refs = published(out, [f"{name}_missed.parquet", f"{name}_missed_repeats.parquet"], read)
    if refs is not None:
        parts, at, every = [], 0, 0
        empty = main.slice(0, 0)
        for r in sorted(refs, key=lambda r: r["row"]):
            n = r["row"] - every          # rows of the file before the run
            if n:
                parts.append(main.slice(at, n))
                at, every = at + n, every + n
            copied = [c for c in r["copied"].split(",") if c]
            template = pa.Table.from_pylist([{f.name: r.get(f.name) for f in main.schema}], schema=main.schema)
            parts.append(_repeated(template, main.slice(r["of_row"], r["rows"]), copied))
            every += r["rows"]
        parts.append(main.slice(at))
        main = pa.concat_tables([empty, *parts]).combine_chunks()
    return main if arrow else main.to_pandas()


@contextlib.contextmanager
def _checked_missed(f: Path):
    """A missed-records file opened once (:func:`windoweval.records.io.open_regular`: a FIFO or a device refused),
    checked from that descriptor and given back at its start, to be read from it and from nothing else (a file moved
    into its place after the check is never read: safety24).  Refused (:class:`~windoweval.errors.InputError`, exit 3)
    when its footer lies or it would take far more memory than its size (:func:`windoweval.safepath.parquet_problem`),
    as every reader of a store does: a footer saying 10 rows of 200,000 had ``pyarrow`` read 10 and drop the rest
    without a word."""
    from . import safepath
    from .records.io import open_regular

    with open_regular(f) as fh:
        problem = safepath.parquet_problem(f, opened=fh)
        if problem is not None:
            from .errors import InputError
            raise InputError(f"未达标记录文件 {f.name}:{problem[0]};或重新运行 score 写出该文件 / "
                             f"the missed-records file {f.name}: {problem[1]}; or run score again to write it anew")
        fh.seek(0)
        yield fh


def _few_valued(frame: pd.DataFrame) -> list:
    """The columns of ``frame`` (the first rows of every drill-down) holding few distinct values: at most one in
    sixteen of their values, or none at all."""
    few = []
    for c in frame.columns:
        s = frame[c].dropna()
        if s.nunique() <= max(1, len(s) // 16):
            few.append(c)
    return few


def _aligned(piece: pd.DataFrame, schema):
    """``piece`` (masked) as a table of ``schema``: its own columns converted as they are, the columns it lacks all
    missing; None when a column of it converts to another type than the schema's (then the piece is put into the
    whole's pandas types first).  The same table as ``from_pandas`` of the piece put end to end with the whole's
    empty frame, without that copy."""
    import pyarrow as pa

    return _aligned_table(pa.Table.from_pandas(piece, preserve_index=False), schema)


def _aligned_table(t, schema):
    """:func:`_aligned` of a piece already made an Arrow table (``from_pandas``, no index)."""
    import pyarrow as pa

    if not set(t.column_names) <= set(schema.names) or len(set(t.column_names)) != t.num_columns:
        return None
    cols = []
    for f in schema:
        if f.name not in t.column_names:
            cols.append(pa.nulls(t.num_rows, f.type))
            continue
        c = t.column(f.name)
        if c.type != f.type:
            if not pa.types.is_null(c.type):
                return None
            c = c.cast(f.type)
        cols.append(c)
    return pa.Table.from_arrays(cols, schema=schema)


def prepare_missed(f):
    """A piece of missed records as :func:`write_missed` writes it: without ``text``, masked (each distinct value
    once).  Given to :meth:`windoweval.scoring.Scorecard.missed_pieces` (``prepare``), the pieces are masked
    before they are put aside in a temporary folder, and written as they are.  A list of pieces gives the list
    of them prepared, their text scanned at once (``prepare_missed.batch``: the engine gives it the pieces of
    several measures so).

    Examples
    --------
    >>> prepare_missed(pd.DataFrame({"n": ["张先生 13812345678"], "text": ["x"]})).to_dict("list")
    {'n': ['某先生 [手机号]']}
    >>> [x.to_dict("list") for x in prepare_missed([pd.DataFrame({"n": ["王女士"]}), pd.DataFrame({"m": ["WO1"]})])]
    [{'n': ['某女士']}, {'m': ['WO1']}]
    """
    if isinstance(f, list):
        return _masked_frames([_untexted(x) for x in f])
    return _masked_by_value(_untexted(f))


prepare_missed.batch = True


#: A short text array (a piece's windows, types, measures' messages, put end to end) is masked value by value from a
#: memo of this process (the next piece brings mostly the same values; a scan's cost is mostly per call).
_SMALL_ARRAY = 512
_SMALL_MASKED: dict = {}


def _masked_arrow(arr, name=None):
    """:func:`_masked_arrow_of`; a short array (at most :data:`_SMALL_ARRAY` values) by its values, each looked up
    (under the rules its column's name calls for: personal, an id, free text) where it was masked before in this
    process, the others masked in one call.  Masking is value by value, so the values are those of one call on the
    whole array.

    Examples
    --------
    >>> import pyarrow as pa
    >>> a = pa.array(["PW01", "张先生 13812345678", None], type=pa.large_string())
    >>> _masked_arrow(a).to_pylist() == _masked_arrow(a).to_pylist() == ['PW01', '某先生 [手机号]', None]
    True
    """
    import pyarrow as pa

    if len(arr) > _SMALL_ARRAY:
        return _masked_arrow_of(arr, name)
    from .privacy import free_text_column, id_column, person_key_column, personal_column

    # what decides a value's masking besides the value: the rules its column's name calls for (names may be
    # several columns' end to end), the column's type
    scope = (personal_column(name, not_personal_columns()), bool(id_column(name)), bool(free_text_column(name)),
             person_key_column(name), str(arr.type))
    values = arr.to_pylist()
    got = {v: _SMALL_MASKED.get((scope, v)) for v in dict.fromkeys(values) if v is not None}
    new = [v for v, m in got.items() if m is None]
    if new:
        done = dict(zip(new, _masked_arrow_of(pa.array(new, type=arr.type), name).to_pylist()))
        got.update(done)
        if len(_SMALL_MASKED) > 100_000:   # cleared when full (another thread may clear it: this call's own look-up)
            _SMALL_MASKED.clear()
        _SMALL_MASKED.update({(scope, v): m for v, m in done.items()})
    return pa.array([None if v is None else got[v] for v in values], type=arr.type)


def _masked_arrow_of(arr, name=None):
    """One text column of missed records as an Arrow array, masked as :func:`_masked_by_value` masks it: the values
    some rule could change found in one scan (:func:`windoweval.privacy.candidates`' pattern, RE2 on the array),
    each distinct one of them through :func:`windoweval.privacy.mask_text` once (remembered for the next piece when
    the column holds few), the rest as they are; missing values stay missing.  Masking is value by value, so a
    column put end to end from several measures' rows is masked as each measure's rows alone would be.  ``name``:
    the column's name (several columns put end to end: the name they share, or None), which decides whether a
    passport-shaped token alone in a cell is a document (a free-text column,
    :func:`windoweval.privacy.free_text_column`) or a record's id, as in :func:`_masked_by_value`.

    Examples
    --------
    >>> import pyarrow as pa
    >>> _masked_arrow(pa.array(["WO1", "张先生 13812345678", None, "WO1"], type=pa.large_string())).to_pylist()
    ['WO1', '某先生 [手机号]', None, 'WO1']
    >>> [_masked_arrow(pa.array(["E12345678", "x"]), c).to_pylist() for c in ("note", "visit_id")]
    [['[证件号]', 'x'], ['E12345678', 'x']]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .cells import MASKED
    from .privacy import (free_text_column, id_column, names_in_key_values, person_key_column, personal_column,
                          whole_values)

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if personal_column(name, not_personal_columns()):   # a column of names: masked whole, as :func:`windoweval.privacy.mask_frame` masks it
        filled = pc.fill_null(pc.not_equal(pc.utf8_trim_whitespace(arr), ""), False)
        return pc.if_else(filled, pa.scalar(MASKED, arr.type), arr)
    named = names_in_key_values(arr) if person_key_column(name) else None
    if named is not None:   # a name where a person's key belongs (李小龙 for S0101): masked whole, as in a frame
        arr = pc.if_else(named, pa.scalar(MASKED, arr.type), arr)
    if id_column(name):     # a record's key: masked only whole (:func:`windoweval.privacy.whole_values`)
        done = _masked_arrow_values(arr)
        changed = pc.fill_null(pc.not_equal(done, arr), False)
        if not pc.any(changed).as_py():
            return done
        was, got = arr.filter(changed), done.filter(changed)
        kept = whole_values(pd.Series(was.to_pylist(), dtype="string"), pd.Series(got.to_pylist(), dtype="string"))
        return pc.replace_with_mask(done, changed, pa.array(kept.to_numpy(dtype=object, na_value=None), type=arr.type))
    arr = _masked_arrow_values(arr)
    return _documents_alone_arrow(arr) if free_text_column(name) else arr


def _documents_alone_arrow(arr):
    """``arr`` (masked text, Arrow) with each cell that is nothing but a passport-shaped token masked as a document:
    :func:`windoweval.privacy.mask_text`'s ``free_text`` rule, looked at only in the short cells that could be one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .privacy import _documents_alone

    maybe = pc.less_equal(pc.utf8_length(arr), 32).fill_null(False)
    if not pc.any(maybe).as_py():
        return arr
    vals = arr.filter(maybe)
    done = _documents_alone(pd.Series(vals.to_pandas(types_mapper=pd.ArrowDtype), dtype="string"))
    return pc.replace_with_mask(arr, maybe, pa.array(done.to_numpy(dtype=object, na_value=None), type=arr.type))


def _masked_arrow_values(arr):
    """:func:`_masked_arrow` but the ``free_text`` rule."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .privacy import candidate_pattern, mask_text

    hits = pc.match_substring_regex(arr, candidate_pattern("records")).fill_null(False)
    if not pc.any(hits).as_py():
        return arr
    vals = arr.filter(hits)
    uniq = pc.unique(vals)
    texts = uniq.to_numpy(zero_copy_only=False).astype(object)
    if len(uniq) <= _FEW // 32:   # few (a window, a type, a measure's message): each worked out once per process
        done = _masked_few(texts, mask_text)
    else:
        done = mask_text(pd.Series(texts, dtype=object)).tolist()
    repl = pa.array(done, type=arr.type).take(pc.index_in(vals, value_set=uniq))
    return pc.replace_with_mask(arr, hits, repl)


# the export's masking of one text column given as Arrow (the engine puts a piece's missed rows aside in Arrow)
prepare_missed.arrow = _masked_arrow


#: Rows looked at to tell a column of few distinct values (masked by its codes) from one of many.
_FEW = 2048


def _masked_by_value(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`mask_frame` of ``df``, each text column masked once per distinct value (codes taken back).

    The values some rule could change are found in one scan of every text column at once
    (:func:`windoweval.privacy.candidates`: its cost is mostly per call, not per value); a column of few
    distinct values is scanned by its distinct values, whose masked forms are remembered for the next piece.

    Examples
    --------
    >>> import pandas as pd
    >>> _masked_by_value(pd.DataFrame({"n": ["张先生 13812345678"] * 2 + [None], "k": [1, 2, 3]}))["n"].tolist()
    ['某先生 [手机号]', '某先生 [手机号]', <NA>]
    """
    return _masked_frames([df])[0]


def _masked_frames(frames: list) -> list:
    """:func:`_masked_by_value` of each of ``frames``, the text of all of them scanned at once.

    The text columns of one name are put end to end across the frames (a piece's drill-downs of every measure
    share most of their columns) and masked as one column, then given back to each frame: the per-column cost of
    pandas is paid once per name, not once per frame and name.  Masking is value by value, so the values are
    those each frame masked alone would get (tests/test_mask_batch.py).
    """
    from .privacy import (_documents_alone, candidates, free_text_column, id_column, mask_text, whole_personal_columns,
                          whole_values)

    outs = []
    groups: dict = {}   # column name -> [(frame's place, text column)], in the frames' order
    for i, df in enumerate(frames):
        # a column of names masked whole, in every format (the Parquet as the CSV: mask_frame's gate)
        # (records read through their contract: a column it declares not personal, a service's name, as written)
        out = whole_personal_columns(df, not_personal_columns()).copy(deep=False)   # copy on write: this copy's
        outs.append(out)
        for c in out.columns:
            s = out[c]
            if not (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
                continue
            if pd.api.types.infer_dtype(s, skipna=True) == "string":
                # text only: one scan finds the values a rule could change (ids and codes are not among them),
                # and only those are masked, each distinct value once; the rest are written as they are
                groups.setdefault(c, []).append((i, s.astype("string")))
                continue
            codes, uniq = pd.factorize(s)
            if not len(uniq):  # nothing but missing values
                continue
            masked = mask_frame(pd.DataFrame({c: pd.Series(uniq, dtype=object)}), not_personal=not_personal_columns())[c]
            vals = masked.astype(object).to_numpy()
            col = pd.Series(vals.take(codes, mode="clip"), index=s.index, dtype=object)
            col[codes < 0] = None
            out[c] = col.astype(masked.dtype) if str(masked.dtype) == "string" else col
    if not groups:
        return outs
    todo = []   # (the group's parts, its column end to end, few: (codes, distinct values) or None)
    for name, parts in groups.items():
        col = pd.concat([x for _, x in parts], ignore_index=True) if len(parts) > 1 else parts[0][1]
        if len(col) > _FEW and _distinct(col.iloc[:_FEW]) <= _FEW // 32:
            # few distinct values (windows, types, the measure, its message): each scanned and masked once, the
            # column taken back from its codes
            codes, uniq = pd.factorize(col)
            todo.append((parts, col, (codes, pd.Series(uniq, dtype="string")), free_text_column(name)))
        else:
            todo.append((parts, col, None, free_text_column(name)))
    scanned = [few[1] if few is not None else col for _, col, few, _free in todo]
    hits = candidates(pd.concat(scanned, ignore_index=True) if len(scanned) > 1 else scanned[0])
    at = np.cumsum([0] + [len(x) for x in scanned])
    for (parts, col, few, free), a, b in zip(todo, at[:-1], at[1:]):
        cand = hits[a:b]
        was = col
        if few is not None:
            codes, u = few
            if cand.any():
                vals = u.to_numpy(dtype=object)
                vals[cand] = _masked_few(vals[cand], mask_text)
                u = pd.Series(pd.array(vals, dtype="string"))
            arr = u.array.take(codes, allow_fill=True)
        else:
            if cand.any():
                col = col.copy()
                codes, uniq = pd.factorize(col[cand])
                col[cand] = mask_text(pd.Series(uniq, dtype=object)).array.take(codes)
            arr = col.array
        if free:    # a note, a description: a passport-shaped token alone in a cell is a document there
            arr = _documents_alone(pd.Series(arr, dtype="string")).array
        elif cand.any() and id_column(parts[0][1].name):   # a record's key: masked only whole (safety21)
            arr = whole_values(pd.Series(was.array, dtype="string"), pd.Series(arr, dtype="string")).array
        off = 0
        for i, part in parts:   # each frame's rows of the column, on its own index
            n = len(part)
            outs[i][part.name] = pd.Series(arr[off:off + n], index=part.index, dtype="string", name=part.name)
            off += n
    return outs


def _distinct(s: pd.Series) -> int:
    """How many distinct values (missing ones not counted) ``s`` holds."""
    arr = getattr(s.array, "_pa_array", None)
    if arr is not None:
        import pyarrow.compute as pc
        return int(pc.count_distinct(arr, mode="only_valid").as_py())
    return int(s.nunique())


#: Masked forms of the values of few-valued columns already masked (a measure's id, its message): text -> masked.
_FEW_MASKED: dict = {}


def _masked_few(values: np.ndarray, mask_text) -> list:
    """``mask_text`` of a few distinct texts, each worked out once per process (the next piece has the same).

    The answer is taken from this call's own look-up, not from the memo afterwards: the memo is cleared when
    full, and another scoring thread may clear it meanwhile.
    """
    got = {v: _FEW_MASKED.get(v) for v in dict.fromkeys(values.tolist())}
    new = [v for v, m in got.items() if m is None]
    if new:
        done = dict(zip(new, mask_text(pd.Series(new, dtype=object)).tolist()))
        got.update(done)
        if len(_FEW_MASKED) > 100_000:
            _FEW_MASKED.clear()
        _FEW_MASKED.update(done)
    return [got[v] for v in values.tolist()]
