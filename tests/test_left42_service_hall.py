"""left42: a government service hall's 办件 are counted, not dropped in silence; records map reads their number; the
report does not ask a service hall for a power-hall survey.

Before: a workspace of one service hall (SH01) with its 办件 exported as counter_transactions was scored with 49
measures of 礼仪规范 and 窗口工作人员服务规范, none of which reads those records, so the file was never read and
``card.unscored`` was empty: two records vanished without a word.  ``records map`` left 办件编号 under ``ignore``
(ticket_id not found), and the report's survey page asked for a ``power_hall`` survey.
"""
import io
from contextlib import redirect_stderr, redirect_stdout

import windoweval as we
from windoweval.cli import main
from windoweval.records.propose import propose
from windoweval.report.settings import parameters

HEAD = "办件编号,窗口编号,业务类型,取号时间,叫号时间,办理开始时间,办理结束时间\n"
ROWS = ("B1,SH01,general_affairs,2025-03-03 09:00,2025-03-03 09:05,2025-03-03 09:06,2025-03-03 09:20\n"
        "B2,SH01,general_affairs,2025-03-04 09:00,2025-03-04 09:05,2025-03-04 09:06,2025-03-04 09:20\n"
        "B3,SH01,general_affairs,2024-12-04 09:00,2024-12-04 09:05,2024-12-04 09:06,2024-12-04 09:20\n")
WS = 'name = "x"\n[[windows]]\nid = "SH01"\nname = "政务服务大厅"\nkind = "service_hall"\n'


def _data(d, head=HEAD):
    (d / "windoweval.toml").write_text(WS, encoding="utf-8")
    (d / "counter_transactions.csv").write_text(head.replace("办件编号", "ticket_id").replace("窗口编号", "window_id")
                                                .replace("业务类型", "business_type").replace("取号时间", "ticket_at")
                                                .replace("叫号时间", "called_at").replace("办理开始时间", "started_at")
                                                .replace("办理结束时间", "ended_at") + ROWS, encoding="utf-8")
    return d


def test_the_halls_records_are_counted_as_in_no_measure(tmp_path):
    d = _data(tmp_path)
    card = we.score(None, 2025, data=d)
    u = card.unscored
    got = u[u["record_kind"] == "counter_transactions"][["reason", "column", "value", "records"]].values.tolist()
    assert got == [["no_measure", "window_id", "SH01", 2]], u   # 2025's two, the 2024 one in its own year
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        rc = main(["score", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "out")])
    assert rc == 0
    text = out.getvalue()
    assert "没有适用于政务服务大厅(service_hall)的测量项 no measure for service_hall" in text, text
    assert "SH01" in text


def test_a_window_of_a_measured_kind_beside_it_is_in_no_measure(tmp_path):
    """With a power hall beside the service hall, counter_transactions is read for the hall's measures and the service
    hall's rows are counted there once, as no measure for its kind (reason ``no_measure``, verdict43; before, ``window``)."""
    d = _data(tmp_path)
    (d / "windoweval.toml").write_text(WS + '[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    u = we.score("power_window", 2025, data=d).unscored
    rows = u[(u["record_kind"] == "counter_transactions") & (u["value"] == "SH01")]
    assert rows[["reason", "records"]].values.tolist() == [["no_measure", 2]], u


def test_records_map_proposes_the_matters_number(tmp_path):
    for header in ("办件编号", "办件号", "受理编号", "申请编号"):
        f = tmp_path / f"x_{header}.csv"
        f.write_text(HEAD.replace("办件编号", header) + ROWS, encoding="utf-8")
        text = propose(f, "counter_transactions")
        assert f'"{header}": ticket_id' in text, (header, text)


def test_the_report_asks_no_power_hall_survey_of_a_service_hall(tmp_path):
    d = _data(tmp_path)
    assert parameters(2025, d)["instrument"] is None
    sv = we.yearbook("survey", 2025, data=d, instrument=None)
    assert sv.meta["present"] is False and sv.meta["kinds"] == ["service_hall"]
    from windoweval.i18n import text
    said = text("survey.no_instrument", "zh").format(kinds="service_hall", year=2025)
    assert "service_hall" in said and "--instrument" in said and "power_hall" not in said
