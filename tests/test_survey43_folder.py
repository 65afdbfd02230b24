"""survey43: a firm delivered its survey split over several files in one folder (a file a window).  ``survey
import`` of the folder ended in a traceback (IsADirectoryError, exit 5: "internal error"), ``survey check`` called
it an unsupported file type '' and ``survey estimate`` a file not found.  Each now refuses the folder (exit 3)
naming it as a folder, the delivery files it holds and the fix (one file, or one workbook with a sheet each, read
as one delivery); nothing reaches the store.  The same files as sheets of one workbook are read with the same
estimates as the single file."""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.estimate import satisfaction_index
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


@pytest.fixture()
def folder(tmp_path):
    d = demo.generate_delivery(INS, 2025, ["PW01", "PW02", "PW03"], n_per_window=10, seed=4, careless_share=0)
    f = tmp_path / "交付"
    f.mkdir()
    for w, g in d.groupby("window_id"):
        g.to_csv(f / f"{w}.csv", index=False, encoding="utf-8-sig")
    (f / "说明.docx").write_bytes(b"x")
    return d, f


@pytest.mark.parametrize("command", ["check", "import", "estimate"])
def test_a_folder_is_refused_with_its_files_and_the_fix(folder, tmp_path, capsys, command):
    _, f = folder
    store = tmp_path / "store"
    rc = main(["survey", command, str(f), "--instrument", "power_hall", "--year", "2025",
               *(["--store", str(store)] if command != "check" else [])])
    cap = capsys.readouterr()
    text = cap.out + cap.err
    assert rc == 3, text                     # before: 5 (import: a traceback), 3 with a wrong message otherwise
    assert "Traceback" not in text and "internal error" not in text
    assert "是文件夹" in text and "is a folder" in text
    assert "3 个文件（PW01.csv、PW02.csv、PW03.csv）" in text and "说明.docx" not in text
    assert text.index("是文件夹") < text.index("is a folder")            # Chinese first, English alongside
    assert "工作表" in text and "a sheet each" in text                    # the fix
    assert not store.exists() or not any(store.rglob("*.parquet"))


def test_the_same_files_as_sheets_of_one_workbook_read_as_the_one_file(folder, tmp_path):
    d, _ = folder
    one = tmp_path / "one.csv"
    d.to_csv(one, index=False)
    book = tmp_path / "book.xlsx"
    with pd.ExcelWriter(book) as w:
        for win, g in d.groupby("window_id"):
            g.to_excel(w, sheet_name=win, index=False)
    a = parse_delivery(one, INS, year=2025, screen=False)
    b = parse_delivery(book, INS, year=2025, screen=False)
    assert a.errors.empty and b.errors.empty and len(b.valid) == len(d)
    pd.testing.assert_frame_equal(satisfaction_index(b.valid.sort_values("respondent_id").reset_index(drop=True),
                                                     INS, by="window_id"),
                                  satisfaction_index(a.valid.sort_values("respondent_id").reset_index(drop=True),
                                                     INS, by="window_id"), rtol=1e-12)
