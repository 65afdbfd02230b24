"""A 95598 office's cases exported month by month, imported into the store.

Fixed here, each test failing on the code before:

* complaints are stored by year, and the partitions a delivery covers replace the stored ones; so importing
  February's export after January's silently removed January's cases (10 cases became 2, exit 0). An import that
  would remove stored records of the partitions it covers is now refused (exit 3), naming the partition, how many
  records would go and the first of their ids, with the fix in both languages; ``--replace`` removes them on purpose.
  The same holds for a kind stored by month (a work order received in January in February's export);
* the monthly files joined, a case listed in both months (open in January, replied and called back in February) is
  refused as a duplicate id, naming both rows; the refusal now says how to fix it (keep the latest row).
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.complaints import callback_rate, read_complaints
from windoweval.records.contract import RecordsError
from windoweval.records.store import import_records

HEAD = "工单编号,受理渠道,诉求类型,窗口编号,受理时间,答复时间,办结时间,回访时间,回访结果\n"
JAN = [f"TS25010{i:02d},95598热线,投诉,PW01,2025-01-06 09:00:00,2025-01-08 10:00:00,2025-01-08 10:00:00,"
       f"2025-01-09 10:00:00,满意" for i in range(1, 10)] + ["TS2501010,95598热线,投诉,PW01,2025-01-06 10:30:00,,,,"]
FEB = ["TS2501010,95598热线,投诉,PW01,2025-01-06 10:30:00,2025-02-03 10:00:00,2025-02-03 10:00:00,"
       "2025-02-04 10:00:00,不满意",
       "TS2502001,95598热线,举报,PW01,2025-02-03 09:00:00,2025-02-13 23:59:00,2025-02-13 23:59:00,"
       "2025-02-14 09:00:00,满意"]
MAPPING = """complaints:
  values:
    channel: {"95598热线": "95598"}
    kind: {"投诉": complaint, "举报": report}
    callback_result: {"满意": satisfied, "不满意": dissatisfied}
"""


@pytest.fixture()
def office(tmp_path):
    (tmp_path / "windoweval.toml").write_text('name = "95598"\nmapping_file = "mapping.yaml"\n[[windows]]\n'
                                              'id = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    for name, rows in (("jan.csv", JAN), ("feb.csv", FEB), ("joined.csv", JAN + FEB),
                       ("whole.csv", JAN[:-1] + FEB)):          # joined, each id once, its latest row
        (tmp_path / name).write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return tmp_path


def test_a_months_export_does_not_remove_the_other_months(office, capsys):
    d = str(office)
    assert main(["records", "import", "complaints", str(office / "jan.csv"), "--data", d]) == 0
    assert main(["records", "import", "complaints", str(office / "feb.csv"), "--data", d]) == 3
    err = capsys.readouterr().err
    assert "feb.csv" in err and "case_id" in err and "year=2025: 9/10" in err and "TS2501001" in err
    assert "不在本次交付中" in err and "would remove them" in err and "--replace" in err and "Traceback" not in err
    assert len(read_complaints(2025, data=office)) == 10                       # the store as it was
    with pytest.raises(RecordsError) as e:
        import_records("complaints", office / "feb.csv", office)
    p = e.value.problems.iloc[0]
    assert p["code"] == "would_drop_stored" and p["fix_zh"] and p["fix_en"] and e.value.exit_code == 3


def test_the_year_delivered_whole_is_counted_by_hand(office):
    d = str(office)
    assert main(["records", "import", "complaints", str(office / "jan.csv"), "--data", d]) == 0
    assert main(["records", "import", "complaints", str(office / "whole.csv"), "--data", d]) == 0   # a superset
    cases = read_complaints(2025, data=office)
    assert len(cases) == 11
    cb = callback_rate(cases).iloc[0]
    # 11 concluded cases, each called back after its reply (TS2501010 in February, dissatisfied)
    assert [int(cb[k]) for k in ("needing", "called_back", "not_called_back")] == [11, 11, 0]


def test_replace_removes_on_purpose(office):
    d = str(office)
    assert main(["records", "import", "complaints", str(office / "jan.csv"), "--data", d]) == 0
    assert main(["records", "import", "complaints", str(office / "feb.csv"), "--data", d, "--replace"]) == 0
    assert sorted(read_complaints(2025, data=office)["case_id"]) == ["TS2501010", "TS2502001"]


def test_monthly_files_joined_name_the_repeated_case_and_the_fix(office, capsys):
    assert main(["records", "import", "complaints", str(office / "joined.csv"), "--data", str(office)]) == 3
    err = capsys.readouterr().err
    assert "第 11 行" in err and "第 12 行" in err and "TS2501010" in err
    assert "保留最新的一行" in err and "keep the latest row" in err


def test_a_kind_stored_by_month_keeps_its_other_months(tmp_path, capsys):
    head = "工单号,窗口编号,工单类型,受理时间,到达现场时间\n"
    mar = "W1,PW01,fault_repair,2025-03-01 08:00,2025-03-01 08:30\nW2,PW01,fault_repair,2025-03-05 08:00,\n"
    apr = "W3,PW01,fault_repair,2025-04-02 09:00,2025-04-02 09:20\n"
    late = "W2,PW01,fault_repair,2025-03-05 08:00,2025-04-01 10:00\nW4,PW01,fault_repair,2025-04-03 09:00,\n"
    for n, body in (("mar.csv", mar), ("apr.csv", apr), ("apr2.csv", late)):
        (tmp_path / n).write_text(head + body, encoding="utf-8")
    s = tmp_path / "store"
    import_records("work_orders", tmp_path / "mar.csv", s)
    import_records("work_orders", tmp_path / "apr.csv", s)               # another month: nothing removed
    with pytest.raises(RecordsError) as e:                                # March's W1 would go with W2's update
        import_records("work_orders", tmp_path / "apr2.csv", s)
    assert "month=03: 1/2 (W1)" in e.value.problems.iloc[0]["value"]
    from windoweval.records import read_records
    assert sorted(read_records("work_orders", s, year=2025)["order_id"]) == ["W1", "W2", "W3"]
