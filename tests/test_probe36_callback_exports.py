"""probe36: a 95598 callback export as a new user takes it (records map, then records check), without editing it.

- A complaints-only export (回访明细 of 投诉: 业务类型 is 投诉 on every row) had 业务类型 proposed as the business
  category (a synonym of 业务类别), since the values decide a code column only with two different values; the kind,
  required, was then missing and the proposal refused by records check. Every filled row reading as a kind's label
  is the kind, one value or several, where no header names the kind.
- A case state saying the row is a duplicate or a void order (重复工单, 作废, 已合并) was proposed as TODO: mapped to
  closed by a user it would be judged (a second case, missing its reply), while the original is judged already. It
  is proposed under drop, counted by records check. 转办 (referred to another unit: still being handled) is open.
"""
import yaml

from windoweval.records.propose import propose

HEAD = "工单编号,业务类型,受理渠道,责任单位,受理时间,答复时间,办结时间,工单状态,回访时间,回访结果\n"


def _section(text, kind="complaints"):
    return yaml.safe_load(text)[kind]


def test_a_complaints_only_export_gets_its_kind(tmp_path):
    f = tmp_path / "投诉回访.csv"
    f.write_text(HEAD + "".join(f"TS00{i},投诉,95598,PW01,2025/3/1 8:05,2025/3/3 10:00,2025/3/3 10:00,已办结,"
                                f"2025/3/4 9:00,满意\n" for i in range(1, 6)), encoding="utf-8")
    sec = _section(propose(f, "complaints"))
    assert sec["columns"]["业务类型"] == "kind"
    assert sec["values"]["kind"] == {"投诉": "complaint"}
    assert "category" not in sec["columns"].values()


def test_a_single_code_that_is_no_label_is_not_taken(tmp_path):
    # 业务类型 of one value that reads as no kind (停电) stays the category it is near in spelling
    f = tmp_path / "诉求.csv"
    f.write_text(HEAD + "".join(f"TS00{i},停电,95598,PW01,2025/3/1 8:05,,,已办结,,\n" for i in range(1, 6)),
                 encoding="utf-8")
    sec = _section(propose(f, "complaints"))
    assert sec["columns"]["业务类型"] == "category"


def test_duplicate_and_void_orders_are_proposed_under_drop(tmp_path):
    f = tmp_path / "诉求.csv"
    rows = [("投诉", "已办结"), ("举报", "已办结"), ("投诉", "重复工单"), ("投诉", "作废"), ("投诉", "转办"),
            ("投诉", "已撤销"), ("咨询", "已合并")]
    f.write_text(HEAD + "".join(f"TS00{i},{k},95598,PW01,2025/3/1 8:05,,,{s},,\n" for i, (k, s) in enumerate(rows)),
                 encoding="utf-8")
    text = propose(f, "complaints")
    sec = _section(text)
    assert sorted(sec["drop"]["工单状态"]) == sorted(["重复工单", "作废", "已合并"])
    status = sec["values"]["case_status"]
    assert status["转办"] == "open" and status["已撤销"] == "withdrawn" and status["已办结"] == "closed"
    assert not ({"重复工单", "作废", "已合并"} & set(status))
    assert "TODO" not in text
    assert "重复" in text.split("drop:")[1].splitlines()[0]   # the note says why


def test_a_work_order_export_too(tmp_path):
    f = tmp_path / "工单.csv"
    rows = [("W1", "居民新装", "2025/2/7 16:00", "已归档"), ("W2", "居民新装", "", "重复工单"), ("W3", "故障报修", "", "转派")]
    f.write_text("工单编号,营业厅,工单类型,受理时间,完成时间,工单状态\n"
                 + "".join(f"{o},PW01,{t},2025/1/24 10:00,{done},{s}\n" for o, t, done, s in rows), encoding="utf-8")
    sec = _section(propose(f, "work_orders"), "work_orders")
    assert sec["drop"]["工单状态"] == ["重复工单"]
    assert sec["values"]["order_status"]["转派"] == "open"
