"""``survey estimate --by COLUMN`` naming no column of the delivery: the message names the column, the columns it
could group by, the nearest name when there is one, and stays Chinese first; exit 2 (survey36). It had said only
"没有列 no column: window"."""
import pytest

from windoweval.cli.survey import main
from windoweval.demo import survey as demo


@pytest.fixture(scope="module")
def delivery():
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20, seed=3)
    with demo.delivery_file(df) as p:
        yield p


def _run(capsys, p, by):
    rc = main(["survey", "estimate", str(p), "--instrument", "power_hall", "--year", "2025", "--by", by])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_a_near_name_is_suggested(delivery, capsys):
    rc, msg = _run(capsys, delivery, "window")
    assert rc == 2
    assert "window" in msg and "window_id" in msg
    assert "是否应为" in msg and "did you mean" in msg
    assert msg.index("是否应为") < msg.index("did you mean")


def test_the_columns_it_can_group_by_are_listed_not_the_answers(delivery, capsys):
    rc, msg = _run(capsys, delivery, "区县")
    assert rc == 2
    assert "区县" in msg
    for c in ("window_id", "stratum", "customer_type"):
        assert c in msg
    for c in ("env1", "overall", "comment", "respondent_id"):      # answers, free text, ids: no groups
        assert c not in msg
