"""The clause and sentence marks of ``kernels.text`` are noncharacters, never a character of the data (rev22b left
it): they were the private-use U+E001/U+E000, where GBK's user-defined characters land (systems store rare name
characters there), so one in a staff's words was read as a sentence's end — 您不可能的<U+E000>事情也会尽力 read as
不可能的 ending a sentence, a forbidden phrase (标准2 附件2 3. 不可能的。) said where the staff promised to try."""
import pandas as pd


from windoweval.kernels.text import END, SEP, clause_text
from test_verdicts21_phrases import _verdicts

MID = "etiquette.annex2"


def test_a_private_use_character_in_the_words_is_no_mark():
    t = clause_text(pd.Series(["张\ue000女士，您好\ue001再见"])).tolist()[0]
    assert "\ue000" in t and "\ue001" in t and t.count(SEP) == 1 and END not in t


def test_a_mark_written_in_the_data_is_dropped():
    assert clause_text(pd.Series([f"急{END}什么{SEP}"])).tolist() == ["急什么"]


def test_a_user_defined_character_does_not_end_a_sentence():
    assert _verdicts(MID, ["您不可能的\ue000事情也会尽力", "您不可能的事情也会尽力", "不可能的！"]) == [
        "pass", "pass", "fail"]
