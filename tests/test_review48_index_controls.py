"""review48: hostile47's control-character strip (report.pages._page: a NUL from the data reached a page's heading)
covered the notebook pages only; the report's index (``index.html``, report.pages._index) shows the same texts from
data: the organisation's name (windoweval.toml, where a name may keep a control character: test_left19_safety), the
headline cards, the tables' titles, the missing-evidence warnings and the data label.  The index carries none either,
in text or in an attribute, in both languages."""
import re

from windoweval.report.collect import Collected
from windoweval.report.pages import _index

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BAD = "城东\x00营业厅\x1b[31m\x07\x7f"


def _args():
    got = Collected(tables=[], figures=[], headlines=[{"group": "annual", "items": [
        {"key": "k", "label": BAD, "display": BAD}]}])
    pages = [{"name": "annual_evaluation", "page": "annual_evaluation.html", "notebook": "notebooks/a.ipynb",
              "pdf": "pdf/a.pdf"}]
    tables = [{"csv": "tables/a\x00.csv", "title": BAD, "notebook": "annual_evaluation", "rows": 3}]
    warnings = [{"notebook": "annual_evaluation", "text": BAD}]
    return dict(pages=pages, collected={"annual_evaluation": got}, tables=tables, data_label=BAD, pdf=True,
                warnings=warnings)


def test_the_index_carries_no_control_character_from_the_data():
    for language, org in (("zh+en", {"zh": BAD, "en": BAD}), ("zh", BAD)):
        page = _index(2025, language, org, **_args())
        assert not CONTROLS.search(page), (language, CONTROLS.findall(page))
        assert "城东营业厅[31m" in page     # the text itself stays, its control characters dropped
