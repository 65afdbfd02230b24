"""A survey firm's .sav cut short in transfer: the refusal names the file, says in Chinese (not pyreadstat's English
alone) that the file ends part way through, and the fix (newuser48's find: the Chinese half held "Unable to read from
file" and never said the file was cut short)."""
import pandas as pd
import pytest

pyreadstat = pytest.importorskip("pyreadstat")

from windoweval.survey.delivery import DeliveryError, read_delivery  # noqa: E402


@pytest.mark.parametrize("kept", [0.05, 0.4, 0.95])
def test_a_sav_cut_short_says_so_in_both_languages(tmp_path, kept):
    whole = tmp_path / "whole.sav"
    df = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(200)], "q1": [float(i % 5 + 1) for i in range(200)]})
    pyreadstat.write_sav(df, str(whole))
    data = whole.read_bytes()
    cut = tmp_path / "交付_截断.sav"
    cut.write_bytes(data[: int(len(data) * kept)])
    with pytest.raises(DeliveryError) as e:
        read_delivery(cut)
    msg = str(e.value)
    zh, en = msg.split(" / ", 1)
    assert "交付_截断.sav" in zh and "交付_截断.sav" in en
    assert "截断" in zh and "传输中断" in zh           # what happened, in Chinese
    assert "cut short" in en and "send it whole" in en
    assert "\n" not in msg
