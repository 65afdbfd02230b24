"""records25: a records CSV in Big5 (traditional Chinese) was decoded as GB18030 and read as mojibake in silence.
Now the byte rule (records.io.han_bytes) the deliveries and HTML pages use decides: Big5 read as Big5, bytes that
cannot be told refused naming the file and the fix (encoding: in mapping.yaml); GBK unchanged."""
import pytest

from windoweval.records.io import ExportError, read_tables, sniff_encoding

ROWS = [["工單號", "受理時間", "窗口", "區域"]] + [[f"WO{i}", "2025-06-01 09:00", "PW01", "中正區臺北"] for i in range(30)]


def _csv(rows):
    return "\r\n".join(",".join(r) for r in rows) + "\r\n"


def test_big5_csv_read_as_big5(tmp_path):
    f = tmp_path / "工单.csv"
    f.write_bytes(_csv(ROWS).encode("big5"))
    t = read_tables(f)[0]
    assert t.headers == ROWS[0]
    assert t.frame.iloc[0].tolist() == ROWS[1]
    assert sniff_encoding(f.read_bytes()) == "big5"     # the streaming readers (Dask) judge alike


def test_big5_undecidable_refused_with_fix(tmp_path):
    # few double-byte characters, with a Big5 sign (中 = A4 A4) that GB2312 uses only for kana: cannot be told
    f = tmp_path / "工单.csv"
    f.write_bytes("id,area\r\nWO1,中正\r\nWO2,中\r\n".encode("big5"))
    with pytest.raises(ExportError) as e:
        read_tables(f)
    text = str(e.value)
    assert "工单.csv" in text and "Big5" in text and "encoding" in text
    assert e.value.exit_code == 3
    assert text.index("Big5") < text.index("too few")    # Chinese first


def test_big5_undecidable_read_as_declared(tmp_path):
    f = tmp_path / "工单.csv"
    f.write_bytes("id,area\r\nWO1,中正\r\nWO2,中\r\n".encode("big5"))
    assert read_tables(f, encoding="big5")[0].frame.iloc[0].tolist() == ["WO1", "中正"]


@pytest.mark.parametrize("rows", [
    [["工单号", "受理时间", "区域"]] + [[f"WO{i}", "2025-06-01", "城东供电营业厅是"] for i in range(30)],
    [["工单号", "区域"], ["WO1", "北京"]],           # too few to tell, no Big5 sign: GB18030 as before
])
def test_gbk_unchanged(tmp_path, rows):
    f = tmp_path / "工单.csv"
    f.write_bytes(_csv(rows).encode("gbk"))
    t = read_tables(f)[0]
    assert t.headers == rows[0] and t.frame.iloc[0].tolist() == rows[1]
