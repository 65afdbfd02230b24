"""session 26: an encoding declared in mapping.yaml over bytes of the other Chinese family was read as mojibake
in silence (Big5 bytes declared gb18030 read 中正區 as いタ跋; GBK bytes declared big5 read 城东 as 傑陲), so a
rebuke or a window name in the text would be lost.  Now refused (exit 3) naming the file and the fix; the Dask
reader honours mapping.yaml's encoding and header row, and refuses, as the pandas reader does, a file whose few
Chinese bytes could be either family."""
import pytest

from windoweval.records import read_records
from windoweval.records.io import ExportError, read_tables
from windoweval.records.mapping import KindMapping
from _workspace import write_records

BIG5_ROWS = [["工單號", "受理時間", "區域"]] + [[f"WO{i}", "2025-06-01 09:00", "中正區臺北"] for i in range(30)]
GBK_ROWS = [["工单号", "受理时间", "区域"]] + [[f"WO{i}", "2025-06-01", "城东供电营业厅是"] for i in range(30)]


def _csv(rows):
    return "\r\n".join(",".join(r) for r in rows) + "\r\n"


@pytest.mark.parametrize("rows,enc,declared,fix", [
    (BIG5_ROWS, "big5", "gb18030", "encoding: big5"),
    (BIG5_ROWS, "big5", "GBK", "encoding: big5"),
    (BIG5_ROWS, "cp950", "gb2312", "encoding: big5"),
    (GBK_ROWS, "gbk", "big5", "encoding: gb18030"),
    (GBK_ROWS, "gb18030", "cp950", "encoding: gb18030"),
])
def test_a_declared_encoding_of_the_other_family_is_refused(tmp_path, rows, enc, declared, fix):
    f = tmp_path / "工单.csv"
    f.write_bytes(_csv(rows).encode(enc))
    with pytest.raises(ExportError) as e:
        read_tables(f, encoding=declared)
    text = str(e.value)
    assert e.value.exit_code == 3
    assert "工单.csv" in text and declared in text and fix in text
    assert text.index("乱码") < text.index("garbled")       # Chinese first, English alongside


@pytest.mark.parametrize("rows,enc,declared", [(BIG5_ROWS, "big5", "big5"), (BIG5_ROWS, "big5", "cp950"),
                                               (GBK_ROWS, "gbk", "gb18030"), (GBK_ROWS, "gbk", "GBK")])
def test_a_declared_encoding_that_fits_is_read(tmp_path, rows, enc, declared):
    f = tmp_path / "工单.csv"
    f.write_bytes(_csv(rows).encode(enc))
    t = read_tables(f, encoding=declared)[0]
    assert t.headers == rows[0] and t.frame.iloc[0].tolist() == rows[1]


def test_too_few_to_tell_is_read_as_declared(tmp_path):
    f = tmp_path / "工单.csv"
    f.write_bytes("id,area\r\nWO1,北京\r\n".encode("gbk"))
    assert read_tables(f, encoding="big5")[0].frame.shape == (1, 2)     # no evidence against the user's word


def _dask_dir(tmp_path, body: bytes):
    return write_records(tmp_path / "data", "work_orders.csv", body)


HEAD = "order_id,window_id,order_type,received_at,arrived_at,area\r\n"


def _orders(area: str, n: int = 30) -> str:
    return HEAD + "".join(f"W{i},PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,{area}\r\n" for i in range(n))


def test_dask_refuses_big5_declared_gb18030(tmp_path):
    from windoweval.engine import read_dask
    d = _dask_dir(tmp_path, _orders("中正區臺北").encode("big5"))
    with pytest.raises(ExportError) as e:
        read_dask("work_orders", d, year=2025, mapping=KindMapping.of("work_orders", {"encoding": "gb18030"}))
    assert "encoding: big5" in str(e.value) and "work_orders.csv" in str(e.value)


def test_dask_reads_the_declared_encoding(tmp_path):
    from windoweval.engine import read_dask
    # few Chinese bytes with a Big5 sign: undecidable alone, read as mapping.yaml says
    d = _dask_dir(tmp_path, _orders("中正", 2).encode("big5"))
    with pytest.raises(ExportError) as e:        # undeclared: refused as the pandas reader refuses it
        read_dask("work_orders", d, year=2025)
    assert "Big5" in str(e.value) and "encoding" in str(e.value)
    with pytest.raises(ExportError):
        read_records("work_orders", d, year=2025)
    got = read_dask("work_orders", d, year=2025, columns=["order_id"],
                    mapping=KindMapping.of("work_orders", {"encoding": "big5"})).compute(scheduler="sync")
    assert got["order_id"].tolist() == ["W0", "W1"]


def test_dask_reads_headers_below_the_first_row(tmp_path):
    from windoweval.engine import read_dask
    d = _dask_dir(tmp_path, ("工单导出 2025\r\n" + _orders("城东", 3)).encode("utf-8"))
    got = read_dask("work_orders", d, year=2025, columns=["order_id"],
                    mapping=KindMapping.of("work_orders", {"header_row": 2})).compute(scheduler="sync")
    assert got["order_id"].tolist() == ["W0", "W1", "W2"]


def test_dask_refuses_utf8_declared_gb18030(tmp_path):
    """Was a UnicodeDecodeError traceback at compute (or mojibake where the bytes happened to decode)."""
    from windoweval.engine import read_dask
    d = _dask_dir(tmp_path, _orders("城东营业厅", 5).encode("utf-8"))
    with pytest.raises(ExportError) as e:
        read_dask("work_orders", d, year=2025, mapping=KindMapping.of("work_orders", {"encoding": "gb18030"}))
    assert "encoding: utf-8" in str(e.value) and e.value.exit_code == 3


@pytest.mark.parametrize("rows", [2000, 6000])     # within Dask's 256 KB sample of the columns, and past it
def test_dask_names_the_file_when_a_later_block_does_not_decode(tmp_path, rows):
    """UTF-8 for the first 64 KB, GBK further on: was a TypeError from Dask's re-raise (in its sample) or a
    UnicodeDecodeError at compute (exit 5, internal error).  records27: the file is judged whole before Dask reads
    it, as the pandas reader judges it: the pandas reader's refusal, naming the row (a first 64 KB of ASCII with
    GBK further on is GB18030 to both readers: tests/test_records27_dask_encoding.py)."""
    from windoweval.engine import read_dask
    from windoweval.engine.dask import _Session
    body = _orders("城东", rows).encode("utf-8") + "W9,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,城东\r\n".encode("gbk")
    assert len(body) > 1 << 16
    d = _dask_dir(tmp_path, body)
    with pytest.raises(ExportError) as e:
        _Session("sync").compute(read_dask("work_orders", d, year=2025, columns=["order_id"]))
    assert "work_orders.csv" in str(e.value) and e.value.exit_code == 3 and e.value.row == rows + 2
    with pytest.raises(ExportError) as p:
        read_records("work_orders", d, year=2025)
    assert (p.value.en, p.value.row) == (e.value.en, e.value.row)
