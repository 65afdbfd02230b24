"""A work order number shaped as its filing date then a sequence number starting 13-19 (2025030513912345678) is an
id, not a date and a mobile run together: safety20 masked its last eleven digits as a phone in every column, order_id
included, so the records a verdict rests on could no longer be found (session 20, after the rev20c review)."""
import pandas as pd

from windoweval import privacy


def test_an_order_id_of_date_and_sequence_is_kept_in_its_column_and_in_text():
    df = pd.DataFrame({"order_id": ["2025030513912345678", "2025123118600000001"],
                       "description": ["工单2025030513912345678 已回访", "客户来电 13812345678"]})
    out = privacy.mask_frame(df)
    assert out["order_id"].tolist() == ["2025030513912345678", "2025123118600000001"]
    assert out["description"].tolist()[0] == "工单2025030513912345678 已回访"
    assert "13812345678" not in out["description"].tolist()[1]       # a mobile on its own is still masked
