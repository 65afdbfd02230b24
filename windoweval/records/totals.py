"""A totals row (合计) at the foot of an export, named for what it is when a file is refused.

Exports saved from a business system through Excel often end with a row 合计 / 总计 / 小计 whose
other cells are blank or hold counts. Such a row is not a record: the file is refused (as before),
and the refusal now says which row is a totals row and how to fix the export, beside the blank
required values the row also has.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata

import numpy as np
import pandas as pd

from .problems import Problems

#: Cell texts that mark a totals row (compared after NFKC, trimming and case-folding; a trailing colon allowed).
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数", "合 计", "总 计", "total", "grand total", "subtotal", "sum")


#: A count footer (共 3 条, 合计：12 笔, 总计 1,200 条记录, Total: 3 rows), after NFKC, trimming and case folding: a
#: totals row whatever its count, so one ``drop`` entry serves every month's export.
COUNT_FOOTER = (r"(?:共计?|合计|总计|小计|总数|记录数|总记录数|总条数|total|count)\s*[:：]?\s*\d[\d,]*\s*"
                r"(?:条|行|笔|件|户|个|项|单|次|人|份|records?|rows?)?\s*(?:记录|数据)?")
_COUNT_FOOTER = re.compile(COUNT_FOOTER)


def _is_total(v) -> bool:
    s = unicodedata.normalize("NFKC", str(v)).strip().rstrip(":：").strip().casefold()
    return s in TOTAL_WORDS or bool(_COUNT_FOOTER.fullmatch(s))


def _count_shape(s: pd.Series) -> pd.Series:
    """A count footer's text with its count left out (``共 3 条`` and ``共 1,200 条`` both ``共#条``), other cells NA:
    a ``drop`` entry written from one month's export matches the next month's count.

    Examples
    --------
    >>> _count_shape(pd.Series(["共 3 条", "共1,200条", "合计", "GD001", None])).tolist()
    ['共#条', '共#条', <NA>, <NA>, <NA>]
    """
    t = s.astype("string").str.normalize("NFKC").str.strip().str.rstrip(":：").str.strip().str.casefold()
    t = t.str.replace(r"\s+", "", regex=True)
    foot = t.str.fullmatch(COUNT_FOOTER).fillna(False).astype(bool)
    return t.str.replace(r"\d[\d,]*", "#", regex=True).where(foot)


def total_mask(s: pd.Series) -> np.ndarray:
    """Which cells of a column read as a totals word (:func:`_is_total` over the column at once: NFKC, trimming, a
    trailing colon, case folding by pandas' string methods; only text cells, as before).

    Examples
    --------
    >>> total_mask(pd.Series(["1", " 合计： ", "Total", None, 3, "合计行", "共 3 条", "Total: 12 rows"], dtype=object)).tolist()
    [False, True, True, False, False, False, True, True]
    """
    if not len(s) or s.dtype.kind in "biufcmM":
        return np.zeros(len(s), dtype=bool)
    t = s.astype("string")   # a number's text is never a totals word: no test per cell needed
    if not t.str.isascii().fillna(True).all():
        t = t.str.normalize("NFKC")
    t = t.str.strip().str.rstrip(":：").str.strip().str.casefold()
    hit = t.isin(TOTAL_WORDS).to_numpy(dtype=bool, na_value=False)
    return hit | t.str.fullmatch(COUNT_FOOTER).to_numpy(dtype=bool, na_value=False)


def totals_rows(df: pd.DataFrame, files, rownum: np.ndarray, problems: list) -> Problems | None:
    """Problems naming each refused row that is a totals row (a cell reading 合计, 总计, 小计 ...).

    Only rows that already have a problem are looked at, so a clean file costs nothing.

    Parameters
    ----------
    df : pandas.DataFrame
        The records as read (contract column names), one row per record.
    files : array-like
        Each record's file (or sheet) label.
    rownum : numpy.ndarray
        Each record's row number as the file shows it.
    problems : list of Problems
        The problems found so far.

    Returns
    -------
    Problems or None
        One problem per totals row (code ``totals_row``), or ``None`` when there is none.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> df = pd.DataFrame({"ticket_id": ["T1", "合计："], "window_id": ["PW01", None]})
    >>> found = Problems.of(file="t.csv", row=[3], column="window_id", value=[""], code="missing_value",
    ...                     problem_zh="必填项为空", problem_en="required value is empty")
    >>> t = totals_rows(df, np.array(["t.csv", "t.csv"], dtype=object), np.array([2, 3]), [found])
    >>> t[["row", "column", "value", "code"]].values.tolist()
    [[3, 'ticket_id', '合计：', 'totals_row']]
    """
    probs = [p for p in problems if len(p)]
    if not probs or df.empty:
        return None
    bad = pd.to_numeric(Problems.concat(probs)["row"], errors="coerce").dropna().astype(np.int64).unique()
    pos = np.flatnonzero(np.isin(rownum, bad))
    if not len(pos):
        return None
    sub = df.iloc[pos]
    hits_pos, hits_col, hits_val = [], [], []
    for col in sub.columns:
        s = sub[col]
        if s.dtype.kind in "biufcmM":
            continue
        mark = total_mask(s)
        for k in np.flatnonzero(mark):
            hits_pos.append(pos[k])
            hits_col.append(str(col))
            hits_val.append(str(s.iloc[k]))
    if not hits_pos:
        return None
    first = pd.DataFrame({"p": hits_pos, "c": hits_col, "v": hits_val}).drop_duplicates("p")
    p = first["p"].to_numpy()
    f = np.asarray([files[i] for i in p], dtype=object)
    return Problems.of(
        file=f, row=np.asarray(rownum)[p], column=first["c"].to_numpy(), value=first["v"].to_numpy(),
        code="totals_row",
        problem_zh="这一行是合计行（" + first["v"].to_numpy().astype(object) + "），不是一条记录；该行的其他错误都由此而来",
        problem_en="this row is a totals row (" + first["v"].to_numpy().astype(object) + "), not a record; its other "
                   "errors all come from that",
        fix_zh="在 mapping.yaml 的这类记录下写 `drop: {该列的表头: [" + first["v"].to_numpy().astype(object)
               + "]}` 跳过合计行，不必改动导出文件（或导出时不加合计、从导出中删除合计行）",
        fix_en="skip it with `drop: {<this column's header>: [" + first["v"].to_numpy().astype(object)
               + "]}` under this kind in mapping.yaml, the export left as it is (or export without totals)",
    )


def _header_text(s: pd.Series) -> pd.Series:
    """Cells compared as headers are (NFKC, case folded, no white space, zero-width characters or BOM), at once."""
    t = s.astype("string").str.normalize("NFKC").str.casefold()
    return t.str.replace(r"[\s\u200b\u200c\u200d\u2060\ufeff]+", "", regex=True)


#: The code points whose header folding (NFKC, case folded, white space and zero-width characters dropped) is not
#: themselves, or that decompose (NFD): upper case, full-width and other compatibility forms, spaces, accented
#: letters, Hangul syllables, compatibility ideographs.  Scanned once, on the first use.
_FOLDING_RANGES = ((0x0000, 0x0530), (0x1D00, 0x2000), (0x2000, 0x3400), (0xA640, 0xA800), (0xAC00, 0xD7A4),
                   (0xF900, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F300), (0x2F800, 0x2FA20))


@functools.lru_cache(maxsize=1)
def _fold_bytes() -> tuple[dict, dict, np.ndarray, np.ndarray]:
    """For the scan of :func:`repeated_headers`: which first (last) UTF-8 bytes a cell can have whose folding starts
    (ends) with a given character, beyond that character's own: ``({char: bytes}, {char: bytes}, lead, trail)``,
    ``lead``/``trail`` the 256 flags of the bytes a character folding away (a space, U+3000, a zero-width space, a
    BOM) starts or ends with."""
    import unicodedata

    first: dict = {}
    last: dict = {}
    lead, trail = np.zeros(256, dtype=bool), np.zeros(256, dtype=bool)
    gone = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
    for lo, hi in _FOLDING_RANGES:
        for cp in range(lo, hi):
            if 0xD800 <= cp < 0xE000:
                continue
            x = chr(cp)
            f = gone.sub("", unicodedata.normalize("NFKC", x).casefold())
            d = unicodedata.normalize("NFD", x)
            if f == x and d == x:
                continue
            b = x.encode("utf-8")
            if not f:
                lead[b[0]] = trail[b[-1]] = True
                continue
            # the character as written, and decomposed (NFD: É as E and a combining accent, as macOS and some
            # databases store text), which the folding composes again
            for w in (b, d.encode("utf-8")):
                first.setdefault(f[0], set()).add(w[0])
                last.setdefault(f[-1], set()).add(w[-1])
    return first, last, lead, trail


#: Values a piece of :func:`_edge_pieces`: a few integers per value stay in the caches (and in memory the allocator
#: reuses), never fresh memory the size of the column.
_EDGE_BLOCK = 1 << 16


def _edge_pieces(arr, block: int | None = None, firsts: bool = True):
    """Each cell's first byte and where cells start and end in the text, piece by piece (``block`` values at most,
    :data:`_EDGE_BLOCK` unless given; chunk by chunk, in order): ``(first, start, end, data)``, read from each chunk's
    own buffers, no cell copied and the chunks never combined into one copy of the column's text.  An empty cell's
    first byte is its neighbour's (clipped at the ends): ``end > start`` leaves it out.  The last bytes are read by
    the caller (:func:`_last_bytes`), and only of the cells whose first byte could start the header: at the demo x100
    almost none, where every cell's last byte was read (session 36).  ``firsts=False``: no first bytes (None in their
    place), for a caller reading only a few cells' (csv40).

    Examples
    --------
    >>> import pyarrow as pa
    >>> [(b0.tolist(), s.tolist(), e.tolist()) for b0, s, e, _d in _edge_pieces(pa.chunked_array([["ab", ""], ["c"]]))]
    [([97, 98], [0, 2], [2, 2]), ([99], [0], [1])]
    """
    import pyarrow as pa

    block = block or _EDGE_BLOCK
    chunks = [ch if pa.types.is_string(ch.type) or pa.types.is_large_string(ch.type) else ch.cast(pa.string())
              for ch in (arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr])]   # all before the first piece
    for ch in chunks:
        n = len(ch)
        if not n:
            continue
        bufs = ch.buffers()
        width = np.int64 if pa.types.is_large_string(ch.type) else np.int32
        off = np.frombuffer(bufs[1], dtype=width)[ch.offset:ch.offset + n + 1]
        data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None and bufs[2].size else np.zeros(1, np.uint8)
        for b in range(0, n, block):
            stop = min(b + block, n)
            start, end = off[b:stop], off[b + 1:stop + 1]
            yield (np.take(data, start, mode="clip") if firsts else None), start, end, data


def _last_bytes(data: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The last byte of each cell ending at ``end`` in ``data`` (an empty cell's: its neighbour's, clipped)."""
    return np.take(data, end - 1, mode="clip")


def repeated_headers(headers: list, frame: pd.DataFrame, rownum, keep=None) -> np.ndarray:
    """The row numbers (of ``rownum``) of the rows of ``frame`` that are the header written again, looked for in every
    row, not only in the rows refused for something else: a repeated header whose cells are valid text in every
    column read (a column pruning read of ids and windows) is no record either.  ``keep``: the row numbers read as
    records (the rows a mapping's ``drop`` skips are left out).

    The rule (:func:`headers_in_tables`'): at least two of the row's cells, and at least half of its filled ones,
    equal their column's header as headers are matched when the file is read (NFKC: full-width letters; case; white
    space inside or around).  Vectorised over every text column: a cell can equal its header so only if its first
    byte is one a character folding to the header's first character starts with (or a space's), and its last byte
    likewise; each is read off the Arrow buffers, and only the rows where two cells pass are judged by the rule.

    Examples
    --------
    >>> frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["PW01", "窗口 ", "PW01"]}, dtype="str")
    >>> repeated_headers(["工单号", "窗口"], frame, np.array([2, 3, 4])).tolist()
    [3]
    >>> frame = pd.DataFrame({0: ["GD1", "", "GD2"], 1: ["PW01", "窗 口", "PW01"], 2: ["a", "ＮＯＴＥ", "b"]}, dtype="str")
    >>> repeated_headers(["工单号", "窗口", "note"], frame, np.array([2, 3, 4])).tolist()
    [3]
    """
    import pyarrow as pa

    rownum = np.asarray(rownum)
    width = min(frame.shape[1], len(headers))
    if width < 2 or not len(frame):
        return np.zeros(0, dtype=np.int64)
    heads = [str(h) for h in headers[:width]]
    folded = _header_text(pd.Series(heads, dtype=object)).fillna("").tolist()
    first, last, lead, trail = _fold_bytes()
    hits = np.zeros(len(frame), dtype=np.int8)   # a count per row, held at 2 (all the rule needs): no wrap at 128
    searched = [j for j in range(width) if folded[j] and (pd.api.types.is_string_dtype(frame.dtypes.iloc[j])
                                                          or frame.dtypes.iloc[j] == object)]
    for j in searched if len(searched) >= 2 else []:   # one column alone never makes a row's two cells
        col = frame.iloc[:, j]
        h0, h1 = folded[j][0], folded[j][-1]
        ok0, ok1 = lead.copy(), trail.copy()
        ok0[list(first.get(h0, ())) + [h0.encode("utf-8")[0]]] = True
        ok1[list(last.get(h1, ())) + [h1.encode("utf-8")[-1]]] = True
        # the last column searched: only the rows with a cell equal to its header already (a row needs two; at most
        # one of them in this column), none at all in an export without a repeated header: its cells never read
        only = np.flatnonzero(hits) if j == searched[-1] else None
        if only is not None and not len(only):
            break
        try:
            arr = pa.array(col.array if isinstance(col.dtype, pd.StringDtype) else col.astype("str").array)
            pos = 0
            for b0, start, end, data in _edge_pieces(arr, firsts=only is None):   # piece by piece: no copy of the
                n = len(start)                                                      # column, no column-long temporaries
                pos += n
                if only is None:
                    at = np.flatnonzero(np.take(ok0, b0))   # the cells whose first byte may start the header: few
                else:   # the few rows with a hit, in this piece
                    at = only[(only >= pos - n) & (only < pos)] - (pos - n)
                    at = at[np.take(ok0, np.take(data, start[at], mode="clip"))]
                if not len(at):
                    continue
                at = at[(end[at] > start[at]) & np.take(ok1, _last_bytes(data, end[at]))]   # filled, and the last
                if len(at):                                                               # byte may end it
                    at += pos - n
                    hits[at] = np.minimum(hits[at] + 1, 2)
        except (pa.ArrowException, TypeError, ValueError):   # a column no text reader gave: never a header
            continue   # (raised before the first piece: every chunk is made text before any is read)
    pos = np.flatnonzero(hits >= 2)                      # the rule needs two cells equal to their headers
    if keep is not None and len(pos):   # the candidates only (a few rows), never the whole table
        pos = pos[np.isin(rownum[pos], np.asarray(keep))]
    if not len(pos):
        return np.zeros(0, dtype=np.int64)
    sub = frame.iloc[pos, :width]
    head = np.asarray(folded, dtype=object)
    cells = pd.DataFrame({j: _header_text(sub.iloc[:, j].astype(object)) for j in range(width)})
    filled = cells.notna() & cells.ne("")
    same = (cells.eq(pd.Series(head, index=cells.columns), axis=1) & filled
            & pd.Series(head != "", index=cells.columns)).to_numpy(dtype=bool)
    n_same, n_filled = same.sum(axis=1), filled.to_numpy(dtype=bool).sum(axis=1)
    return rownum[pos[(n_same >= 2) & (2 * n_same >= n_filled)]].astype(np.int64)


def headers_in_tables(tables: list, problems: pd.DataFrame, found: dict | None = None) -> Problems | None:
    """Problems naming each refused row that is the header written again (two exports concatenated, a header
    repeated on every printed page): at least two of the row's cells, and at least half of its filled ones, equal
    their own column's header as headers are compared (code ``header_repeated``), with the mapping.yaml ``drop``
    entry that skips it.  Its other problems (受理时间 is no date) all come from that.

    Looked for among the rows already refused and the rows ``found`` (label -> row numbers,
    :func:`repeated_headers`: the repeated headers of the rows read, refused for nothing else); one comparison per
    column, not per row.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["PW01", "窗口 ", "PW01"], 2: ["9:00", "受理时间", "x"]})
    >>> found = Problems.of(file="t.csv", row=[3, 3, 4], column="received_at", value=["受理时间", "受理时间", "x"],
    ...                     code="bad_datetime", problem_zh="", problem_en="")
    >>> t = headers_in_tables([("t.csv", ["工单号", "窗口", "受理时间"], frame, np.array([2, 3, 4]))], found)
    >>> t[["row", "column", "value", "code"]].values.tolist()
    [[3, '工单号', '工单号', 'header_repeated']]
    >>> "drop: {工单号: [工单号]}" in t["fix_zh"].iloc[0]
    True
    """
    found = {str(k): v for k, v in (found or {}).items() if len(v)}
    if (problems is None or not len(problems)) and not found:
        return None
    if problems is None:
        problems = Problems.of(file=[], row=[], problem_zh="", problem_en="")
    out = []
    for label, headers, frame, rownum in tables:
        bad = pd.to_numeric(problems.loc[problems["file"].astype(str) == str(label), "row"], errors="coerce")
        bad = pd.concat([bad, pd.Series(np.asarray(found.get(str(label), []), dtype=float))], ignore_index=True)
        pos = np.flatnonzero(np.isin(rownum, bad.dropna().astype(np.int64).unique()))
        width = min(frame.shape[1], len(headers))
        if not len(pos) or width < 2:
            continue
        sub = frame.iloc[pos, :width]
        head = _header_text(pd.Series([str(h) for h in headers[:width]], dtype=object)).to_numpy(dtype=object)
        cells = pd.DataFrame({j: _header_text(sub.iloc[:, j]) for j in range(width)})
        filled = cells.notna() & cells.ne("")
        same = (cells.eq(pd.Series(head, index=cells.columns), axis=1) & filled
                & pd.Series(head != "", index=cells.columns)).to_numpy(dtype=bool)
        n_same, n_filled = same.sum(axis=1), filled.to_numpy(dtype=bool).sum(axis=1)
        hit = np.flatnonzero((n_same >= 2) & (2 * n_same >= n_filled))
        refused = set(bad.dropna().astype(np.int64).tolist())
        if pos[0] == 0 and (not len(hit) or hit[0] != 0):
            second = _second_header(sub.iloc[0], width)
            if second is not None:
                out.append((label, int(rownum[0]), str(headers[second]), str(sub.iloc[0, second]).strip(), "second"))
        for k in hit:
            j = int(np.argmax(same[k]))
            out.append((label, int(rownum[pos[k]]), str(headers[j]), str(sub.iloc[k, j]), "header"))
            # the second export's title above its header (报表名称：…, 导出时间：…: one filled cell a row), refused too
            p = int(pos[k]) - 1
            while p >= 0 and int(rownum[p]) in refused and pos[k] - p <= TITLE_ROWS_MAX:
                row = frame.iloc[p, :width].astype("string").str.strip().fillna("")
                if int(row.ne("").sum()) != 1:
                    break
                jj = int(np.flatnonzero(row.ne("").to_numpy())[0])
                out.append((label, int(rownum[p]), str(headers[jj]), str(row.iloc[jj]), "title"))
                p -= 1
    if not out:
        return None
    out.sort(key=lambda o: (str(o[0]), o[1]))
    f, r, h, v, what = (np.asarray(x, dtype=object) for x in zip(*out))
    second = what == "second"
    head = (what == "header") | second
    drop = "drop: {" + h + ": [" + np.asarray([json.dumps(x, ensure_ascii=False) if x.strip() != x or ":" in x
                                               else x for x in v], dtype=object) + "]}"
    files_zh = ("或把每次导出各存为一个文件，在 mapping.yaml 的 file 中一并列出（如 `file: 工单_*.csv`），每个文件的标题与表头"
                "都会自动识别")
    files_en = ("or keep each export as a file of its own and list them under `file` in mapping.yaml (such as `file: "
                "工单_*.csv`), each file's title and header then found by itself")
    problems = Problems.of(
        file=f, row=r.astype(np.int64), column=h, value=v, code=np.where(head, "header_repeated", "title_repeated"),
        problem_zh=np.where(head, "这一行是重复的表头（两次导出拼接在一起，或每页重复表头），不是一条记录；该行的其他错误都由此而来",
                            "这一行是重复表头之上的标题（第二次导出的报表名称、导出时间等），不是一条记录；该行的其他错误都由此而来"),
        problem_en=np.where(head, "this row is the header again (two exports put together, or a header repeated on "
                                  "every page), not a record; its other errors all come from that",
                            "this row is a title above the repeated header (the second export's report name, export "
                            "time), not a record; its other errors all come from that"),
        fix_zh=np.where(head, "在 mapping.yaml 的这类记录下写 `" + drop + "` 跳过重复的表头（不必改动导出文件；records check "
                              "会列出去掉的行数），或从导出中删去这一行，" + files_zh + "；两次导出若有重叠的记录，主键检查会指出",
                        "从导出中删去这一行，" + files_zh),
        fix_en=np.where(head, "skip it with `" + drop + "` under this kind in mapping.yaml (the export stays as it "
                              "is; records check counts the rows skipped), or delete the row, " + files_en + "; records "
                              "the two exports share are named by the key check",
                        "delete the row, " + files_en),
    )
    if second.any():   # a second header row right under the header: names again (English, field codes), no record
        problems.loc[second, "code"] = "header_second_row"
        problems.loc[second, "problem_zh"] = ("这一行紧接在表头之下，每格都是没有数字的文字（如英文列名或系统字段名），是表头的第二行，"
                                              "不是一条记录；该行的其他错误都由此而来")
        problems.loc[second, "problem_en"] = ("this row, right under the header, holds text without a digit in every "
                                              "cell (English column names or the system's field names, say): the "
                                              "header's second row, not a record; its other errors all come from that")
        problems.loc[second, "fix_zh"] = ("在 mapping.yaml 的这类记录下写 `" + drop[second] + "` 跳过这一行（不必改动导出文件；"
                                          "records check 会列出去掉的行数），或导出时只要一行表头、从导出中删去这一行")
        problems.loc[second, "fix_en"] = ("skip it with `" + drop[second] + "` under this kind in mapping.yaml (the "
                                          "export stays as it is; records check counts the rows skipped), or export "
                                          "one header row, deleting this one")
    return problems


def _second_header(row: pd.Series, width: int) -> int | None:
    """The position of the first filled cell of ``row`` (the first row under a table's header) when the row reads
    as the header's second row: at least two cells and half the header's width filled, each with a different text
    and none with a digit (English names or field codes under the Chinese ones: a record has a date, an id or a
    count), else ``None``.

    Examples
    --------
    >>> _second_header(pd.Series(["Order No", "Window", "Type", "Received"]), 4)
    0
    >>> _second_header(pd.Series(["", "window_id", "order_type", "received_at"]), 4)
    1
    >>> _second_header(pd.Series(["GD1", "PW01", "故障报修", "2025-03-05 09:00"]), 4) is None
    True
    >>> _second_header(pd.Series(["合计", "", "", ""]), 4) is None
    True
    """
    cells = row.iloc[:width].astype("string").str.strip().fillna("")
    filled = cells.ne("")
    n = int(filled.sum())
    if n < 2 or 2 * n < width:
        return None
    text = cells[filled]
    if text.str.contains(r"\d", regex=True).any() or text.nunique() != n:
        return None
    return int(np.flatnonzero(filled.to_numpy())[0])


#: How many title rows (one filled cell each) above a repeated header are named as the second export's title.
TITLE_ROWS_MAX = 5


def totals_in_tables(tables: list, problems: pd.DataFrame, found: dict | None = None,
                     used: list | None = None) -> Problems | None:
    """Problems naming each refused row that is a totals row, a note (:func:`notes_in_tables`) or the header
    written again (:func:`headers_in_tables`), each with the mapping.yaml ``drop`` entry that skips it.  ``used``:
    each table's headers and the contract columns each is read for (:attr:`.mapping.Plan.used`), in the tables'
    order, for an unlabelled total's fix (:func:`unlabelled_totals`).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({0: ["GD1", "工单号"], 1: ["W1", "窗口"]})
    >>> found = Problems.of(file="t.csv", row=[3], column="window_id", value=["窗口"], code="x",
    ...                     problem_zh="", problem_en="")
    >>> totals_in_tables([("t.csv", ["工单号", "窗口"], frame, np.array([2, 3]))], found)["code"].tolist()
    ['header_repeated']
    """
    again = headers_in_tables(tables, problems, found)
    rest = _totals_and_notes(tables, problems, used)
    if again is None or rest is None:
        return again if rest is None else rest
    seen = set(zip(again["file"].astype(str), again["row"].astype(np.int64)))
    keep = [(str(a), int(b)) not in seen for a, b in zip(rest["file"], rest["row"])]
    return Problems.concat([again, Problems(rest[np.asarray(keep, dtype=bool)])])


def _totals_and_notes(tables: list, problems: pd.DataFrame, used: list | None = None) -> Problems | None:
    """Problems naming each refused row that is a totals row by a cell of any column of the export, the columns
    not read included (合计 under 序号, say), with the mapping.yaml ``drop`` entry that skips it.

    Looked for only among the rows already refused, and only when none of them was named a totals row already.

    Parameters
    ----------
    tables : list of (label, headers, frame, row numbers)
        The tables read (cells as text, columns by position), each with its label and its rows' numbers.
    problems : pandas.DataFrame
        The problems found (file, row, code ...).

    Returns
    -------
    Problems or None
        One problem per totals row (code ``totals_row``), or ``None``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({0: ["1", "合计"], 1: ["W1", "2条"]})
    >>> found = Problems.of(file="t.csv", row=[3], column="window_id", value=[""], code="missing_value",
    ...                     problem_zh="必填项为空", problem_en="required value is empty")
    >>> t = totals_in_tables([("t.csv", ["序号", "工单号"], frame, np.array([2, 3]))], found)
    >>> t[["row", "column", "value", "code"]].values.tolist()
    [[3, '序号', '合计', 'totals_row']]
    >>> "drop: {序号: [合计]}" in t["fix_zh"].iloc[0]
    True
    """
    if problems is None or not len(problems):
        return None
    notes = notes_in_tables(tables, problems)
    if (problems["code"] == "totals_row").any():
        return notes
    out = []
    for label, headers, frame, rownum in tables:
        bad = pd.to_numeric(problems.loc[problems["file"].astype(str) == str(label), "row"], errors="coerce")
        pos = np.flatnonzero(np.isin(rownum, bad.dropna().astype(np.int64).unique()))
        if not len(pos):
            continue
        sub = frame.iloc[pos]
        seen = set()
        for j in range(min(sub.shape[1], len(headers))):
            s = sub.iloc[:, j]
            if s.dtype.kind in "biufcmM":
                continue
            for k in np.flatnonzero(total_mask(s)):
                if k in seen:
                    continue
                seen.add(k)
                out.append((label, int(rownum[pos[k]]), str(headers[j]), str(s.iloc[k])))
    if notes is not None:   # a row that is a note is not named a totals row too
        noted = set(zip(notes["file"].astype(str), notes["row"].astype(np.int64)))
        out = [o for o in out if (str(o[0]), o[1]) not in noted]
    if not out:
        bare = unlabelled_totals(tables, problems, used)   # no 合计 written: a row of sums under a blank key
        return notes if bare is None else bare if notes is None else Problems.concat([bare, notes])
    f, r, h, v = (np.asarray(x, dtype=object) for x in zip(*out))
    drop = "drop: {" + h + ": [" + v + "]}"
    t = Problems.of(
        file=f, row=r.astype(np.int64), column=h, value=v, code="totals_row",
        problem_zh="这一行是合计行（" + v + "），不是一条记录；该行的其他错误都由此而来",
        problem_en="this row is a totals row (" + v + "), not a record; its other errors all come from that",
        fix_zh="在 mapping.yaml 的这类记录下写 `" + drop + "` 去掉合计行（不必改动导出文件；records check 会列出去掉的行数）",
        fix_en="skip it with `" + drop + "` under this kind in mapping.yaml (the export stays as it is; records check "
               "counts the rows skipped)",
    )
    return t if notes is None else Problems.concat([t, notes])


#: The fewest records above a row of sums for it to be named a totals row (one record's numbers are its own "sum").
UNLABELLED_MIN_ROWS = 2


def _numbers(s: pd.Series) -> pd.Series:
    """A column's cells as numbers where they read as one (1,234 and full-width digits too), else NaN."""
    t = s.astype("string").str.normalize("NFKC").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(t.where(t.str.fullmatch(r"[+-]?(?:\d+\.?\d*|\.\d+)").fillna(False)), errors="coerce")


#: What a header is read for, as :attr:`.mapping.Plan.used` names it: the column itself (``window_id``), or the column
#: then the part the header gives it (``observed_at(日期 / date)`` of a ``combine``, ``x(其他 / other 类型)`` of a
#: ``pick``, ``x(时长 / duration, 分钟)`` of a ``derive``); not a header that only decides or groups a column.
_READ_FOR = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\(.*\))?")


def _read_for(labels) -> set:
    """The contract columns a header is read for, from its :attr:`.mapping.Plan.used` labels.

    Examples
    --------
    >>> sorted(_read_for(["observed_at(日期 / date)", "window_id", "status 的依据 / decides status"]))
    ['observed_at', 'window_id']
    """
    return {m.group(1) for m in map(_READ_FOR.fullmatch, map(str, labels)) if m is not None}


def unlabelled_totals(tables: list, problems: pd.DataFrame, used: list | None = None) -> Problems | None:
    """Problems naming each refused row that is a totals row with no word (合计) written: its filled cells are all
    numbers, a cell is blank (a value the contract requires among them: ``missing_value`` named on it), and a number is the sum of its column over the records above it (since the table's
    first record or the previous such row; two records at least).  The fix is one a mapping can write and that
    works: ``drop: {<header>: [""]}`` on a column blank in those rows and filled in every other row of the table
    (so only they are skipped); with no such column, the row is deleted from the export (code ``totals_row``).
    Of such columns, one read for a column the contract requires (``used``: each table's :attr:`.mapping.Plan.used`,
    a part of one too, :func:`_read_for`: the date of a ``combine``; and a ``missing_value`` named there on each
    such row) comes first: a row with it blank is refused anyway, so
    the entry can never skip a record (another month's with its 序号 blank) as an optional column's would.

    Examples
    --------
    >>> frame = pd.DataFrame({0: ["PW01", "PW02", None], 1: ["09:00", "09:00", None], 2: ["3", "2", "5"]})
    >>> found = Problems.of(file="q.csv", row=[4], column="window_id", value=[""], code="missing_value",
    ...                     problem_zh="必填项为空", problem_en="required value is empty")
    >>> t = unlabelled_totals([("q.csv", ["窗口编号", "时间", "排队人数"], frame, np.array([2, 3, 4]))], found)
    >>> t[["row", "column", "value", "code"]].values.tolist(), 'drop: {窗口编号: [""]}' in t["fix_en"].iloc[0]
    ([[4, '排队人数', '5', 'totals_row']], True)
    """
    out = []
    for ti, (label, headers, frame, rownum) in enumerate(tables):
        width = min(frame.shape[1], len(headers))
        # a row with a value the contract requires blank (its key: window, time): a record's numbers with only an
        # optional cell blank (分流人数) and a value refused for itself (开放窗口数 -1) is a record, never a total
        bad = pd.to_numeric(problems.loc[(problems["file"].astype(str) == str(label))
                                         & (problems["code"] == "missing_value"), "row"], errors="coerce")
        pos = np.flatnonzero(np.isin(rownum, bad.dropna().astype(np.int64).unique()))
        if not len(pos) or width < 2:
            continue
        sub = frame.iloc[pos, :width]
        filled = np.column_stack([(sub.iloc[:, j].astype("string").str.strip().fillna("") != "").to_numpy(dtype=bool)
                                  for j in range(width)])
        nums = np.column_stack([_numbers(sub.iloc[:, j]).to_numpy(dtype=float) for j in range(width)])
        cand = filled.any(axis=1) & ~filled.all(axis=1) & (~filled | ~np.isnan(nums)).all(axis=1)
        if not cand.any():
            continue
        at = pos[cand]                              # the candidates' positions in the table, in order
        whole = np.column_stack([_numbers(frame.iloc[:, j]).to_numpy(dtype=float) for j in range(width)])
        rec = np.ones(len(frame), dtype=bool)
        rec[at] = False
        summed = np.where(rec[:, None], np.nan_to_num(whole), 0.0).cumsum(axis=0)
        count = rec.cumsum()
        hits, prev = [], -1
        for k, p in enumerate(at):   # a few rows (those refused and numbers only), never the table
            above = summed[p - 1] if p else np.zeros(width)
            n_above = count[p - 1] if p else 0
            start = summed[prev] if prev >= 0 else np.zeros(width)
            n_seg = n_above - (count[prev] if prev >= 0 else 0)
            row = nums[np.flatnonzero(cand)[k]]
            for total, n in ((above, n_above), (above - start, n_seg)):
                ok = ~np.isnan(row) & np.isclose(row, total, rtol=1e-9, atol=1e-9) & (n >= UNLABELLED_MIN_ROWS)
                if ok.any():
                    j = int(np.flatnonzero(ok)[0])
                    hits.append((int(p), j, filled[np.flatnonzero(cand)[k]]))
                    break
            prev = p
        if not hits:
            continue
        at = np.asarray([h[0] for h in hits])
        blank_there = ~np.logical_or.reduce([h[2] for h in hits])   # columns blank in every such row
        others = np.ones(len(frame), dtype=bool)
        others[at] = False
        key = None
        # a column the contract requires, named missing on every such row, first: its blank never a record's
        mine = problems[(problems["file"].astype(str) == str(label)) & (problems["code"] == "missing_value")]
        req = set.intersection(*(set(mine.loc[pd.to_numeric(mine["row"], errors="coerce") == rownum[p], "column"]
                                     .astype(str)) for p in at))
        reads = used[ti] if used is not None and ti < len(used) and used[ti] else {}
        first = [j for j in np.flatnonzero(blank_there) if req & _read_for(reads.get(headers[j], ()))]
        for j in first + [j for j in np.flatnonzero(blank_there) if j not in first]:
            col = frame.iloc[:, j].astype("string").str.strip().fillna("")
            if (col[others] != "").all():   # filled in every other row: drop: {header: [""]} skips only these
                key = str(headers[j])
                break
        for p, j, _ in hits:
            out.append((label, int(rownum[p]), str(headers[j]), str(frame.iloc[p, j]), key))
    if not out:
        return None
    f, r, h, v, key = (np.asarray(x, dtype=object) for x in zip(*out))
    has = np.asarray([k is not None for k in key])
    drop = np.asarray(["drop: {" + str(k) + ': [""]}' for k in key], dtype=object)
    kz = np.asarray([str(k) for k in key], dtype=object)
    return Problems.of(
        file=f, row=r.astype(np.int64), column=h, value=v, code="totals_row",
        problem_zh="这一行像是没有写“合计”的合计行：只有数字，" + h + " 的 " + v + " 是上面各行之和；不是一条记录，该行的其他错误都由此而来",
        problem_en="this row looks like a totals row with no label: numbers only, and " + h + "'s " + v + " is the "
                   "sum of the rows above; not a record, and its other errors all come from that",
        fix_zh=np.where(has, "在 mapping.yaml 的这类记录下写 `" + drop + "` 跳过 " + kz + " 为空的行（本文件中只有合计行的 " + kz
                        + " 为空；不必改动导出文件，records check 会列出去掉的行数），或导出时不加合计",
                        "从导出中删去这一行，或导出时不加合计（其他各列在别的行中也有空白，drop 无法只跳过这一行）"),
        fix_en=np.where(has, "skip it with `" + drop + "` under this kind in mapping.yaml: rows whose " + kz + " is "
                        "blank are skipped, and in this file only the totals row's is (the export stays as it is; "
                        "records check counts the rows skipped), or export without totals",
                        "delete the row from the export, or export without totals (each of its blank columns is blank "
                        "in other rows too, so no drop entry skips this row alone)"),
    )


#: A note written into an export's table (注：时间均为北京时间, 说明: ..., 填表说明：…, Note: times are Beijing time),
#: after NFKC, trimming and case folding: a cue word, then a colon.
NOTE_START = (r"^[*※#]?\s*(?:注|注意|注释|(?:填表|填报|编制|统计|数据|导出|字段|指标)?说明|备注|提示|附注|note|notes|"
              r"remark|remarks)\s*\d*\s*[:：]")


def notes_in_tables(tables: list, problems: pd.DataFrame) -> Problems | None:
    """Problems naming each refused row that is a note written into the table (注：时间均为北京时间 under the header,
    说明：… at the foot): the row's only filled cell starts with a cue word and a colon. Such a row is no record; the
    fix is the mapping.yaml ``drop`` entry that skips it (code ``notes_row``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> frame = pd.DataFrame({0: ["注：时间均为北京时间", "GD001"], 1: [None, "PW01"]})
    >>> found = Problems.of(file="t.xlsx", row=[2], column="window_id", value=[""], code="missing_value",
    ...                     problem_zh="必填项为空", problem_en="required value is empty")
    >>> t = notes_in_tables([("t.xlsx", ["工单编号", "网点"], frame, np.array([2, 3]))], found)
    >>> t[["row", "column", "value", "code"]].values.tolist()
    [[2, '工单编号', '注：时间均为北京时间', 'notes_row']]
    """
    out = []
    for label, headers, frame, rownum in tables:
        bad = pd.to_numeric(problems.loc[problems["file"].astype(str) == str(label), "row"], errors="coerce")
        pos = np.flatnonzero(np.isin(rownum, bad.dropna().astype(np.int64).unique()))
        if not len(pos):
            continue
        width = min(frame.shape[1], len(headers))
        sub = frame.iloc[pos, :width]
        text = sub.astype("string")
        filled = text.apply(lambda s: s.str.strip().fillna("") != "").to_numpy(dtype=bool)   # by column, not by row
        one = filled.sum(axis=1) == 1
        if not one.any():
            continue
        for j in range(width):
            rows_j = np.flatnonzero(one & filled[:, j])
            if not len(rows_j):
                continue
            cells = text.iloc[rows_j, j].str.normalize("NFKC").str.strip().str.casefold()
            hit = cells.str.contains(NOTE_START, regex=True).fillna(False).to_numpy(dtype=bool)
            for k in rows_j[hit]:
                out.append((label, int(rownum[pos[k]]), str(headers[j]), str(sub.iloc[k, j])))
    if not out:
        return None
    f, r, h, v = (np.asarray(x, dtype=object) for x in zip(*out))
    drop = "drop: {" + h + ": [" + np.asarray([json.dumps(x, ensure_ascii=False) for x in v], dtype=object) + "]}"
    return Problems.of(
        file=f, row=r.astype(np.int64), column=h, value=v, code="notes_row",
        problem_zh="这一行是写在表格里的注释，不是一条记录；该行的其他错误都由此而来",
        problem_en="this row is a note written into the table, not a record; its other errors all come from that",
        fix_zh="在 mapping.yaml 的这类记录下写 `" + drop + "` 跳过这一行（不必改动导出文件；records check 会列出去掉的行数）",
        fix_en="skip it with `" + drop + "` under this kind in mapping.yaml (the export stays as it is; records check "
               "counts the rows skipped)",
    )


#: A cell of a units or format row under the header (分钟, (元), 单位：次, yyyy-mm-dd hh:mm, 年-月-日 时:分): no record's
#: value; compared after NFKC and case folding.
UNIT_CELL = (r"[(\[]?(?:单位[:：]?)?\s*(?:分钟|分|秒|小时|时|天|日|工作日|元|万元|次|人|个|件|笔|户|%|‰|kwh|kw·h|千瓦时|v|kv|"
             r"[ymdhs年月日时分秒:：/\-. ]*(?:yyyy|yy|mm|dd|hh|年|月|日)[ymdhs年月日时分秒:：/\-. ]*|文本|数值|数字|日期|时间|"
             r"日期时间|字符)[)\]]?")


def unit_rows(df: pd.DataFrame, files, rownum: np.ndarray, problems: list) -> Problems | None:
    """Problems naming a refused first row of a file (the row right under its header) whose every filled cell is a
    unit or a format (分钟, (元), yyyy-mm-dd hh:mm): a second header row, no record; its other errors (a required
    value empty, ``yyyy-mm-dd`` no date) come from that, and ``drop`` skips it (export42).  Only a file's first row,
    and only where it already has a problem.

    Examples
    --------
    >>> df = pd.DataFrame({"ticket_id": ["", "T1"], "ended_at": ["yyyy-mm-dd hh:mm", "2025-03-04 09:05"],
    ...                    "minutes": ["(分钟)", "5"]})
    >>> found = Problems.of(file="t.csv", row=[2], column="ticket_id", value=[""], code="missing_value",
    ...                     problem_zh="必填项为空", problem_en="required value is empty")
    >>> u = unit_rows(df, np.array(["t.csv", "t.csv"], dtype=object), np.array([2, 3]), [found])
    >>> u[["row", "column", "value", "code"]].values.tolist()
    [[2, 'ended_at', 'yyyy-mm-dd hh:mm', 'unit_row']]
    """
    probs = [p for p in problems if len(p)]
    if not probs or df.empty:
        return None
    f = np.asarray(files[np.arange(len(df))] if not isinstance(files, np.ndarray) else files, dtype=object)
    firsts = np.unique(f, return_index=True)[1]   # each file's first record
    bad = pd.to_numeric(Problems.concat(probs)["row"], errors="coerce").dropna().astype(np.int64).unique()
    firsts = firsts[np.isin(np.asarray(rownum)[firsts], bad)]
    if not len(firsts):
        return None
    hits = []
    for p in firsts:   # a file's first row each: a few rows, never the table
        cells = [(str(c), str(v).strip()) for c, v in df.iloc[p].items()
                 if v is not None and not (isinstance(v, float) and v != v) and str(v).strip() not in ("", "<NA>", "nan")]
        if not cells:
            continue
        norm = [unicodedata.normalize("NFKC", v).casefold() for _, v in cells]
        if all(re.fullmatch(UNIT_CELL, v) for v in norm):
            col, val = max(cells, key=lambda cv: len(cv[1]))
            hits.append((p, col, val))
    if not hits:
        return None
    p = np.array([h[0] for h in hits])
    vals = np.array([h[2] for h in hits], dtype=object)
    return Problems.of(
        file=f[p], row=np.asarray(rownum)[p], column=np.array([h[1] for h in hits], dtype=object), value=vals,
        code="unit_row",
        problem_zh="这一行是表头下的单位或格式说明行(" + vals + "),不是一条记录;该行的其他错误都由此而来",
        problem_en="this row under the header gives units or formats (" + vals + "), not a record; its other errors "
                   "all come from that",
        fix_zh="在 mapping.yaml 的这类记录下写 `drop: {该列的表头: [" + vals + "]}` 跳过这一行,不必改动导出文件(或导出时不带单位行)",
        fix_en="skip it with `drop: {<this column's header>: [" + vals + "]}` under this kind in mapping.yaml, the "
               "export left as it is (or export without the units row)",
    )
