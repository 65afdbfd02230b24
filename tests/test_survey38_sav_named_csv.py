"""survey38, as a firm: an SPSS data file saved under a .csv name (交付.csv: the firm's export dialog kept the last
extension) was decoded as text and refused as "cannot decode the file: save it as UTF-8 or GB18030" (since the
UTF-16 reading, as "UTF-16 without a byte-order mark"), neither of which it is.  As a workbook under a text name is
read as the workbook it is, an SPSS file ($FL2 / $FL3, its first bytes) is read as the SPSS file it is, each answer
as the same file named .sav."""
import shutil
from pathlib import Path

import pandas as pd
import pyreadstat

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def test_an_spss_file_under_a_csv_name_reads_as_spss(tmp_path):
    sav = tmp_path / "交付.sav"
    shutil.copy(DATA / "clean.sav", sav)
    csv = tmp_path / "交付.csv"
    shutil.copy(sav, csv)
    got = D.parse_delivery(csv, INS, year=2025, screen=False)            # before: DeliveryError, not text
    want = D.parse_delivery(sav, INS, year=2025, screen=False)
    assert got.delivery.format == "sav"
    pd.testing.assert_frame_equal(got.responses, want.responses)
    assert got.problems.drop(columns="file").equals(want.problems.drop(columns="file"))


def test_a_compressed_spss_file_too(tmp_path):
    df, meta = pyreadstat.read_sav(str(DATA / "clean.sav"))
    zsav = tmp_path / "d.csv"
    pyreadstat.write_sav(df, str(zsav), compress=True, variable_value_labels=meta.variable_value_labels)
    assert zsav.read_bytes()[:4] == b"$FL3"
    assert len(D.parse_delivery(zsav, INS, year=2025, screen=False).valid) == len(df)
