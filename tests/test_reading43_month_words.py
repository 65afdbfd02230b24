"""reading43: interview dates with an English month word (SPSS's 05-OCT-2025, English Excel's Oct 5, 2025) were
parsed through strptime's ``%b``/``%B``, whose month names follow the machine's ``LC_TIME``: on a machine set to
German, OCT was no month (every respondent refused as a bad date) and MAI was May.  The month words are now mapped
explicitly (Jan/January/JAN, Sept), whatever the locale.  No German locale is installed here (``locale -a``), so
the test sets one up as strptime sees it: German month names and a German LC_TIME for strptime's cache."""
import _strptime
import calendar
import locale

import pandas as pd
import pandas._libs.tslibs.strptime as pd_strptime
import pytest

from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")
DE_ABBR = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
DE_NAME = ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"]


@pytest.fixture
def german(monkeypatch):
    try:   # a real German locale where the machine has one
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    except locale.Error:   # else strptime's view of one: its month names and its cache's language
        monkeypatch.setattr(calendar, "month_abbr", DE_ABBR)
        monkeypatch.setattr(calendar, "month_name", DE_NAME)
        monkeypatch.setattr(_strptime, "_getlang", lambda: ("de_DE", "UTF-8"))
        monkeypatch.setattr(pd_strptime, "_getlang", lambda: ("de_DE", "UTF-8"), raising=False)
    assert pd.isna(pd.to_datetime("05-OCT-2025", format="%d-%b-%Y", errors="coerce"))   # the locale took effect
    yield
    locale.setlocale(locale.LC_TIME, "C")


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=6, seed=11, careless_share=0)


def _dates(base, tmp_path, fmt):
    d = base.copy()
    d["interview_date"] = [fmt(pd.Timestamp(v)) for v in base["interview_date"]]
    p = tmp_path / "d.csv"
    d.to_csv(p, index=False)
    return parse_delivery(p, INS, year=2025, screen=False)


EN = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December"]
FORMS = {
    "spss": lambda t: f"{t.day:02d}-{EN[t.month - 1]}-{t.year}",
    "spss_time": lambda t: f"{t.day:02d}-{EN[t.month - 1]}-{t.year} 10:05:00",
    "excel": lambda t: f"{t.day}-{EN[t.month - 1].title()}-{t.year}",
    "long": lambda t: f"{LONG[t.month - 1]} {t.day}, {t.year}",
    "sept": lambda t: f"{'Sept' if t.month == 9 else EN[t.month - 1].title()} {t.day} {t.year}",
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_english_month_words_read_under_a_german_lc_time(german, base, tmp_path, form):
    chk = _dates(base, tmp_path, FORMS[form])
    assert chk.errors.empty, chk.errors[["row", "value", "code"]].head()       # before: bad_date on every row
    got = pd.to_datetime(chk.valid["interview_date"]).dt.strftime("%Y-%m-%d").tolist()
    assert got == base["interview_date"].tolist()


def test_a_german_month_word_is_no_english_one(german, base, tmp_path):
    chk = _dates(base, tmp_path, lambda t: f"{t.day:02d}-MAI-{t.year}")
    assert (chk.errors.code == "bad_date").sum() == len(base)                  # before: read as May under de_DE
