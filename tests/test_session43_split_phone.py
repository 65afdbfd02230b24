"""session 43 (hostile43's find): a phone number split across two columns, as some call-centre exports write it
(号码前三位 ``138`` and 后八位 ``12345678``, or a 手机尾号), was written out whole: no cue in either part alone says
phone, and the headers were not read as personal. Headers naming a part of a number (前N位, 后N位, 末N位, 尾号) are
personal columns now, masked whole wherever a frame is; 小数点后两位 (a precision) is not."""
import pandas as pd

from windoweval.privacy import mask_frame, personal_column


def test_the_parts_of_a_split_phone_are_masked_whole():
    df = pd.DataFrame({"窗口编号": ["PW01"], "号码前三位": ["138"], "后八位": ["12345678"], "手机尾号": ["5678"],
                       "备注": ["好"]})
    got = mask_frame(df).iloc[0]
    assert got["窗口编号"] == "PW01" and got["备注"] == "好"
    for col in ("号码前三位", "后八位", "手机尾号"):
        assert "138" not in got[col] and "5678" not in got[col], (col, got[col])


def test_a_precision_is_no_person():
    assert not personal_column("保留小数点后两位") and not personal_column("办理时长")
    assert personal_column("证件号后6位") and personal_column("末4位")
