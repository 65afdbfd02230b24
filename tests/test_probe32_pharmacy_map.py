"""probe32: a pharmacy system's dispensing export (处方号, 就诊卡号, 收方时间, 发药时间).  `records map` proposed the
patient's card number 就诊卡号 as the event id (spelt close to 就诊流水号) and left the prescription's own number 处方号
unread: a patient's identifier would have named every record in the drill-down.  处方号 is now a known header of the
event id, as 条码号 and 检查单号 are."""
import yaml

from windoweval.records.propose import propose


def test_the_prescription_number_is_the_event_id(tmp_path):
    f = tmp_path / "药房发药明细.csv"
    f.write_text("处方号,患者姓名,就诊卡号,处方类型,付数,发药窗口,收方时间,发药时间\n"
                 "CF001,张三,JZ0001,西药,,HPHA,2025-03-04 09:00:00,2025-03-04 09:04:59\n"
                 "CF002,李四,JZ0002,中药,5,HPHA,2025-03-04 09:00:00,2025-03-04 09:10:00\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]
    assert got["columns"]["处方号"] == "event_id"
    assert "就诊卡号" not in got["columns"]
