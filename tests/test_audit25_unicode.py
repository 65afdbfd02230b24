"""Unicode tricks around numbers (twenty-fifth audit).

Failing on the code before: a mobile number typed with zero-width spaces between its groups
(``139\\u200b1234\\u200b5678``, shown as ``13912345678``) or in another script's digits (Arabic-Indic ``١٣٨١٢٣٤٥٦٧٨``,
mathematical ``𝟏𝟑𝟖…``) passed every masking rule, and reached the missed-records CSV and Parquet of ``score`` as
written.  Masking now folds every script's decimal digits to ASCII and zero-width characters to a space for the
matching (one character for one: the text outside a match is kept as written).
"""
from __future__ import annotations

import pandas as pd
import pytest

from _workspace import write_workspace
from windoweval.cli import main
from windoweval.privacy import candidates, mask_message

TRICKS = {"zero_width": "139\u200b1234\u200b5678", "word_joiner": "139\u20601234\u20605678",
          "bom": "\ufeff13912345678", "arabic_indic": "١٣٨١٢٣٤٥٦٧٨", "devanagari": "१३८१२३४५६७८",
          "mathematical": "𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "id_card_arabic": "١١٠١٠١١٩٩٠٠٣٠٧١٢٣X"}


@pytest.mark.parametrize("name", list(TRICKS))
def test_a_number_in_unicode_disguise_is_masked(name):
    text = f"客户来电 {TRICKS[name]} 反映"
    assert candidates(pd.Series([text]))[0]
    got = mask_message(text)
    assert ("[身份证号]" if name.startswith("id_card") else "[手机号]") in got, got
    assert got.startswith("客户来电 ") and got.endswith(" 反映")


def test_an_id_with_a_zero_width_space_is_kept_as_written():
    assert mask_message("WO\u200b2025001") == "WO\u200b2025001"


def test_score_writes_no_disguised_phone_number(tmp_path, capsys):
    d = write_workspace(tmp_path / "ws")
    rows = "".join(f"{v},PW01,fault_repair,2025-06-0{i + 1} 18:00,2025-06-0{i + 1} 19:20\n"
                   for i, v in enumerate(TRICKS.values()))
    (d / "work_orders.csv").write_text("工单号,窗口编号,工单类型,受理时间,到达时间\n" + rows, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(out)]) == 0
    missed = pd.read_parquet(out / "power_window_missed.parquet")
    assert len(missed) >= len(TRICKS)
    written = missed.astype(str).to_csv() + (out / "power_window_missed.csv").read_text(encoding="utf-8-sig")
    written += "".join(capsys.readouterr())
    for v in TRICKS.values():
        assert v not in written and v.replace("\u200b", "") not in written
    assert "5678" not in written and "٥٦٧٨" not in written
