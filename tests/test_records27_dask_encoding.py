"""records27: the Dask reader judged a CSV's encoding on its first 64 KB only.  A GB18030 export whose rows past
that are UTF-8 (another tool appended to it) was read as GB18030 mojibake without an error (a rebuke in the text
lost in silence), while the pandas reader refuses it (records.io.mixed_encoding over the whole file, exit 3); a
UTF-8 file with GBK rows further on failed at compute with no row named, and one whose first 64 KB were ASCII and
the rest GBK was refused by Dask and read by pandas.  Now the Dask reader judges the encoding over the whole file
as the pandas reader does (records.io.file_encoding: decode's own checks, a piece at a time): the same refusal,
the same row, or the same records."""
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from windoweval.records import read_records
from windoweval.records.io import ExportError
from _workspace import write_records

HEAD = "order_id,window_id,order_type,received_at,arrived_at,customer_id\r\n"
ROW = "W{0},PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,{1}\r\n"
PAST = 4000       # rows of about 75 bytes: past the first 64 KB and Dask's 256 KB sample of the columns


def _rows(area: str, start: int, n: int) -> str:
    return "".join(ROW.format(i, area) for i in range(start, start + n))


def _dir(tmp_path, body: bytes):
    return write_records(tmp_path / "data", "work_orders.csv", body)


def _pandas(d):
    try:
        return read_records("work_orders", d, year=2025, columns=["order_id", "customer_id"]), None
    except ExportError as e:
        return None, e


def _dask(d):
    from windoweval.engine import read_dask
    from windoweval.engine.dask import _Session
    try:
        ddf = read_dask("work_orders", d, year=2025, columns=["order_id", "customer_id"])
        return _Session("sync").compute(ddf)[0], None
    except ExportError as e:
        return None, e


GB_THEN_UTF8 = ((HEAD + _rows("城东营业厅", 0, PAST)).encode("gb18030")
                + _rows("客户反映窗口人员态度恶劣", PAST, 5).encode("utf-8"))
GBK_THEN_UTF8 = ((HEAD + _rows("城东营业厅", 0, PAST * 3)).encode("gbk")          # past the 1 MB piece of the scan
                 + _rows("客户反映窗口人员态度恶劣", PAST * 3, 5).encode("utf-8"))
UTF8_THEN_GB = ((HEAD + _rows("城东营业厅", 0, PAST)).encode("utf-8")
                + _rows("客户反映窗口人员态度恶劣", PAST, 5).encode("gbk"))
ASCII_THEN_GB = (HEAD + _rows("PW", 0, PAST)).encode() + _rows("客户反映窗口人员态度恶劣", PAST, 5).encode("gbk")


@pytest.mark.parametrize("body,row", [(GB_THEN_UTF8, PAST + 2), (GBK_THEN_UTF8, PAST * 3 + 2),
                                      (UTF8_THEN_GB, PAST + 2)])
def test_dask_refuses_a_file_mixing_encodings_past_its_first_block_as_pandas_does(tmp_path, body, row):
    assert len(body) > 1 << 18
    d = _dir(tmp_path, body)
    got, pe = _pandas(d)
    assert pe is not None and pe.exit_code == 3 and pe.row == row
    got, de = _dask(d)
    assert got is None, "read as mojibake: " + repr(got["customer_id"].iloc[-1] if got is not None else "")
    assert de is not None and de.exit_code == 3
    assert (de.zh, de.en, de.row) == (pe.zh, pe.en, pe.row)      # the same refusal, the same row
    assert "work_orders.csv" in str(de) and de.zh.index("编码") < len(de.zh)


def _split_at(n: int, enc: str) -> bytes:
    """A file of Chinese rows in ``enc`` with a character cut by the byte ``n`` (a piece's or a block's edge)."""
    for pad in range(120):     # the first id one letter longer at a time, until n falls inside a character
        body = (HEAD + "W" + "X" * pad + _rows("客户反映窗口服务很好", 0, 40 * (n // 3000 + 1))).encode(enc)
        assert len(body) > n
        if body[:n].decode(enc, errors="ignore").encode(enc) != body[:n]:
            return body
    raise AssertionError("no pad cuts a character")


@pytest.mark.parametrize("body", [
    _split_at(1 << 16, "gb18030"), _split_at(1 << 20, "gb18030"), _split_at(1 << 20, "utf-8"),
    ASCII_THEN_GB,                                         # a first block without a non-ASCII byte at all
    (HEAD + _rows("PW", 0, PAST)).encode(),                 # no non-ASCII byte anywhere
    (HEAD + _rows("城东营业厅", 0, PAST)).encode("gb18030"),
], ids=["gb-64k", "gb-1m", "utf8-1m", "ascii-then-gb", "ascii", "gb"])
def test_both_readers_read_the_same_records(tmp_path, body):
    d = _dir(tmp_path, body)
    p, pe = _pandas(d)
    k, de = _dask(d)
    assert pe is None and de is None, (pe, de)
    assert k.reset_index(drop=True)[["order_id", "customer_id"]].equals(p.reset_index(drop=True)[["order_id", "customer_id"]])
    assert not k["customer_id"].str.contains("瀹|鍙|\ufffd").any()


def test_score_with_a_scheduler_refuses_it_with_exit_3(tmp_path):
    from windoweval.cli import main
    d = _dir(tmp_path, GB_THEN_UTF8)
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d),
                     "--out", str(tmp_path / "out"), "--scheduler", "sync"])
    out = so.getvalue()
    assert code == 3, out
    assert "Traceback" not in out and "work_orders.csv" in out and str(PAST + 2) in out
    assert "UTF-8" in out and "GB18030" in out
