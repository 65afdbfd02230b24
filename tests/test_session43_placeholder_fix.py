"""session 43 (survey43's find): a callback result written ``/`` or ``—`` (a 95598 export's blank) in a category
column was refused as a value not allowed, and the fix said to write ``code: value`` in mapping.yaml, as if ``/``
were the export's code for one of the values. Its fix now says what it is: a placeholder for a blank, read as blank
with ``"/": null`` under the column's values (which validate's docstring already described); a mapped placeholder
then reads as blank (no callback result), and an ordinary unknown word keeps the ``code: value`` fix.
"""
from windoweval import cli

from test_audit15_callbacks import HEAD, MAPPING

ROWS = ["TS001,95598热线,投诉,PW01,2025-01-06 09:00:00,2025-01-08 10:00:00,2025-01-08 10:00:00,2025-01-09 10:00:00,满意",
        "TS002,95598热线,投诉,PW01,2025-01-06 09:00:00,2025-01-08 10:00:00,2025-01-08 10:00:00,,/",
        "TS003,95598热线,投诉,PW01,2025-01-06 09:00:00,2025-01-08 10:00:00,2025-01-08 10:00:00,,—",
        "TS004,95598热线,投诉,PW01,2025-01-06 09:00:00,2025-01-08 10:00:00,2025-01-08 10:00:00,,很好"]


def _office(tmp_path, mapping):
    (tmp_path / "complaints.csv").write_text(HEAD + "\n".join(ROWS) + "\n", encoding="utf-8-sig")
    (tmp_path / "windoweval.toml").write_text('name = "95598"\nmapping_file = "mapping.yaml"\n[[windows]]\n'
                                              'id = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return tmp_path


def test_a_placeholder_in_a_category_column_is_told_it_reads_as_blank(tmp_path, capsys):
    rc = cli.main(["records", "check", "--data", str(_office(tmp_path, MAPPING))])
    out = capsys.readouterr()
    text = out.out + out.err
    assert rc == 3, text
    assert '`"/": null`' in text and '`"—": null`' in text, text
    assert "表示空白的占位符" in text and "a placeholder for a blank" in text, text
    assert "complaints.values.callback_result" in text
    # the unknown word keeps the export's-code fix, and the placeholders' rows do not get it
    assert "很好" in text and "`code: value`" in text, text


def test_the_placeholder_mapped_to_null_reads_as_blank(tmp_path, capsys):
    mapping = MAPPING.replace('"拒访": declined}', '"拒访": declined, "/": null, "—": null, "很好": satisfied}')
    assert mapping != MAPPING
    rc = cli.main(["records", "check", "--data", str(_office(tmp_path, mapping))])
    out = capsys.readouterr()
    assert rc == 0, out.out + out.err
