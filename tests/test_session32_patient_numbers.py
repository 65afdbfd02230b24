"""A patient's own number (病历号, 病案号, 住院号, 门诊号, 医保号) names the patient in every visit: a column so headed is
personal data, blanked whole in a table for people, as 就诊卡号 (卡号) already was (session 32, from probe32)."""
import pandas as pd
import pytest

from windoweval.privacy import personal_column, whole_personal_columns


@pytest.mark.parametrize("name", ["病历号", "病案号", "住院号", "门诊号", "医保号", "社保号", "医保卡号", "患者病历号"])
def test_a_patients_number_is_personal(name):
    assert personal_column(name)


@pytest.mark.parametrize("name", ["门诊量", "住院人数", "病历书写合格率", "窗口号", "排队号"])
def test_counts_and_other_numbers_are_not(name):
    assert not personal_column(name)


def test_blanked_whole_in_a_table_for_people():
    out = whole_personal_columns(pd.DataFrame({"门诊号": ["MZ20250001"], "窗口号": ["3"]}))
    assert out["门诊号"].iloc[0] != "MZ20250001" and out["窗口号"].iloc[0] == "3"
