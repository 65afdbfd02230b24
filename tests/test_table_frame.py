"""``report.build.table_frame``: a collected table as a frame, whole numbers kept whole where they fit."""
from windoweval.report.build import table_frame


def test_whole_numbers_with_gaps_stay_integer():
    df = table_frame({"columns": ["n", "flag", "r"], "data": [[282, True, 0.5], [None, False, None]]})
    assert df.dtypes.astype(str).tolist() == ["Int64", "bool", "float64"]
    assert df["n"].tolist()[0] == 282


def test_a_whole_number_beyond_int64_is_left_as_it_was():
    """A 20-digit number (an account number a notebook shows as a number) is no Int64: the table is written as it
    was before, not a traceback of the build (OverflowError)."""
    big = 2**70
    df = table_frame({"columns": ["acct", "n"], "data": [[big, 1], [None, None]]})
    assert df["acct"].tolist()[0] == big and str(df["n"].dtype) == "Int64"
    df = table_frame({"columns": ["acct"], "data": [[2**63], [None]]})
    assert df["acct"].tolist()[0] == 2**63
