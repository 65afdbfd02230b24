"""leaks45: what hostile45 found and left in the privacy gate.

* an English label inside a longer key masked a thing's name: ``window_name: East City business hall`` became
  ``window_name: 某某 business hall`` (the ``=`` form had been fixed, the colon's not); a person's key
  (``customer_name``, ``contactName``) is still a label;
* numbers not masked: Hong Kong, Macau and Taiwan phones (``+852 9123 4567``, ``0912-345-678``,
  ``+886 912 345 678``), a landline with 杠 for its dash (``0755杠12345678``), a mobile run on from letters
  (``zhangsan13800138000.xlsx``).  An order id of two letters and eleven digits of a mobile's shape
  (``WO13812345678``) is masked with it: it cannot be told from a mobile.
"""
import pandas as pd
import pytest

from windoweval.privacy import candidates, mask_message, mask_text


@pytest.mark.parametrize("text", ["window_name: East City business hall", "filename: Report Final",
                                  "sheet_name: March Data", "column_name: Wait Time", "window_name: zhang san",
                                  "filename=Report", "rename: Old File"])
def test_a_key_that_ends_in_name_is_no_label(text):
    assert mask_message(text) == text


@pytest.mark.parametrize("text,shown", [("name: Wang Xiaoming", "name: 某某"), ("Name: zhang san", "Name: 某某"),
                                        ("customer_name: Li Si", "customer_name: 某某"),
                                        ("contactName: Zhang San", "contactName: 某某"),
                                        ("PATIENT_NAME=Li Si", "PATIENT_NAME=某某"),
                                        ("Customer: Li Si", "Customer: 某某")])
def test_a_person_s_label_still_masks(text, shown):
    assert mask_message(text) == shown


@pytest.mark.parametrize("text", ["+852 9123 4567", "+85291234567", "(852) 2123-4567", "00853 6612 3456",
                                  "0912-345-678", "0912 345 678", "+886 912 345 678", "+886-2-2345-6789",
                                  "+886 (0)912 345 678", "0755杠12345678", "0755 杠 12345678转801",
                                  "0755-12345678转801"])
def test_hong_kong_taiwan_and_spoken_dash_numbers_are_masked(text):
    shown = mask_message(f"客户来电 {text} 反映")
    assert shown.startswith("客户来电 [") and shown.endswith("] 反映"), shown
    assert not any(c.isdigit() for c in shown), shown


def test_a_mobile_run_on_from_letters_is_masked():
    assert mask_message("zhangsan13800138000.xlsx") == "zhangsan[手机号].xlsx"
    assert mask_message("tel13800138000") == "tel[手机号]"
    # decided: an order id of letters and eleven digits of a mobile's shape cannot be told from one, masked
    assert mask_message("WO13812345678") == "WO[手机号]"


@pytest.mark.parametrize("text", ["WO1381234567", "ab138123456789", "a13812345678", "价格 852 元", "编号 0912345",
                                  "2025年09月12日", "W20250912345678", "PW01"])
def test_what_is_no_phone_stays(text):
    assert mask_message(text) == text


def test_the_column_pass_finds_them_as_one_value_does():
    texts = ["zhangsan13800138000.xlsx", "+852 9123 4567", "0912-345-678", "0755杠12345678", "PW01"] * 100
    s = pd.Series(texts, dtype="string")
    assert candidates(s)[:4].all()
    assert mask_text(s).tolist() == [mask_message(t) for t in texts]


def test_an_id_column_keeps_letters_run_into_a_mobile_shape_whole():
    from windoweval.privacy import mask_frame
    df = pd.DataFrame({"order_id": ["WO13812345678", "WO13912345678", "Tel13812345678", "13812345678"],
                       "note": ["zhangsan13800138000.xlsx"] * 4})
    got = mask_frame(df)
    # two orders are never made one key; a phone's own word or a bare mobile in the key is still masked
    assert got["order_id"].tolist() == ["WO13812345678", "WO13912345678", "Tel[手机号]", "[手机号]"]
    assert got["note"].tolist() == ["zhangsan[手机号].xlsx"] * 4
