"""session 26: a zip that is not a workbook (a delivery zipped whole, an OpenDocument .ods) under a .csv, .xls or
.xlsx name was refused as "the XLSX workbook cannot be read (corrupt ...): KeyError".  Now named as what it is,
with its fix, exit 3; a real workbook under those names still read."""
import zipfile

import openpyxl
import pytest

from windoweval.records.io import ExportError, read_tables


def _archive(f, members):
    with zipfile.ZipFile(f, "w") as z:
        for name, body in members:
            z.writestr(name, body)


@pytest.mark.parametrize("name", ["work_orders.csv", "work_orders.xls", "work_orders.xlsx", "work_orders.txt"])
def test_an_archive_is_named_an_archive(tmp_path, name):
    f = tmp_path / name
    _archive(f, [("张三/work_orders.csv", "order_id,window_id\nW1,PW01\n"), ("说明.txt", "x")])
    with pytest.raises(ExportError) as e:
        read_tables(f)
    text = str(e.value)
    assert e.value.exit_code == 3
    assert "ZIP 压缩包" in text and "zip archive" in text and "2 个文件" in text and "unzip" in text
    assert text.index("压缩包") < text.index("a zip archive")
    assert "张三" not in text and "XLSX 工作簿(文件损坏" not in text and "KeyError" not in text


def test_an_ods_is_named_an_ods(tmp_path):
    f = tmp_path / "work_orders.xlsx"
    _archive(f, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")])
    with pytest.raises(ExportError) as e:
        read_tables(f)
    assert ".ods" in str(e.value) and ".xlsx" in str(e.value) and e.value.exit_code == 3


@pytest.mark.parametrize("name", ["work_orders.csv", "work_orders.xls", "work_orders.xlsx"])
def test_a_workbook_under_those_names_is_read(tmp_path, name):
    wb = openpyxl.Workbook()
    wb.active.append(["order_id", "window_id"])
    wb.active.append(["W1", "PW01"])
    wb.save(tmp_path / "w.xlsx")
    (tmp_path / "w.xlsx").rename(tmp_path / name)
    t = read_tables(tmp_path / name)[0]
    assert t.headers == ["order_id", "window_id"] and t.frame.iloc[0].tolist() == ["W1", "PW01"]


def test_a_truncated_workbook_keeps_its_refusal(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["order_id"])
    wb.save(tmp_path / "w.xlsx")
    b = (tmp_path / "w.xlsx").read_bytes()
    (tmp_path / "w.xlsx").write_bytes(b[: len(b) // 2])
    with pytest.raises(ExportError) as e:
        read_tables(tmp_path / "w.xlsx")
    assert "XLSX" in str(e.value) and e.value.exit_code == 3


# -- survey deliveries: a survey firm's whole interface is the delivery format and our messages ---------------

@pytest.mark.parametrize("name", ["交付.csv", "交付.xlsx", "交付.xls", "交付.txt"])
def test_a_zipped_delivery_is_named_an_archive(tmp_path, name):
    from windoweval.survey.delivery import DeliveryError, read_delivery
    f = tmp_path / name
    _archive(f, [("交付.csv", "受访者编号,窗口编号\nR1,PW01\n")])
    with pytest.raises(DeliveryError) as e:
        read_delivery(f)
    text = str(e.value)
    assert "ZIP 压缩包" in text and "zip archive" in text and "deliver the data file" in text
    assert "编码" not in text.split("/")[0].split("不是")[0]     # not "cannot decode", not "corrupt XLSX"
    assert "KeyError" not in text


def test_a_workbook_delivered_under_a_csv_name_is_read(tmp_path):
    from windoweval.survey.delivery import read_delivery
    wb = openpyxl.Workbook()
    wb.active.append(["受访者编号", "窗口编号"])
    wb.active.append(["R1", "PW01"])
    wb.save(tmp_path / "交付.csv")
    dl = read_delivery(tmp_path / "交付.csv")
    assert dl.frame[["respondent_id", "window_id"]].values.tolist() == [["R1", "PW01"]] and not dl.problems


def test_an_old_workbook_delivered_under_a_csv_name_is_named(tmp_path):
    from windoweval.survey.delivery import DeliveryError, read_delivery
    (tmp_path / "交付.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(DeliveryError) as e:
        read_delivery(tmp_path / "交付.csv")
    assert "旧版 Excel" in str(e.value) and "old Excel" in str(e.value) and ".xlsx" in str(e.value)
