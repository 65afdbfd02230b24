"""probe32: a government service hall's 一窗通办 recordings label the public 群众 / 办事群众 / 申请人 and the staff
窗口人员 / 受理人员, as a hall calls them.  They were unknown labels: every such transcript was refused (the file, and
with it the standard's whole score), the message showing the label masked (某某：), so the user could not tell what
to declare.  They are now known labels, read as the hospital's 患者 and 医生 are."""
import pandas as pd

from windoweval.dialogue import staff_text
from windoweval.records.files import load_files

HALL = ("录音编号,窗口编号,渠道,录音时间,转写文本\n"
        "R1,ZW01,counter,2025-03-03 09:00,工作人员:您好，请问办理什么业务？群众:我办营业执照。工作人员:请慢走。\n"
        "R2,ZW01,counter,2025-03-03 09:10,窗口人员:您好。办事群众:我叫王小明，办社保。窗口人员:好的，再见。\n"
        "R3,ZW02,counter,2025-03-03 09:20,受理人员:您好。申请人:不动产登记。受理人员:材料齐了，请慢走。\n"
        "R4,ZW02,counter,2025-03-03 09:30,工作人员:您好。办事人:还要什么？工作人员:不知道，你去问别人。\n")


def test_a_halls_labels_are_read(tmp_path):
    f = tmp_path / "transcripts.csv"
    f.write_text(HALL, encoding="utf-8")
    df = load_files("transcripts", [f]).frame
    assert len(df) == 4


def test_only_the_staffs_words_are_judged():
    got = staff_text(pd.Series(HALL.splitlines()[1:]).str.split(",", n=4).str[4]).tolist()
    assert got == ["您好，请问办理什么业务？ 请慢走。", "您好。 好的，再见。", "您好。 材料齐了，请慢走。",
                   "您好。 不知道，你去问别人。"]
