"""The standards as data: all five, every clause once, typos fail loudly."""
import shutil

import pytest
import yaml

from windoweval import paths
from windoweval.catalog import StandardsError, coverage, load_catalog
from windoweval.cli import main

FIVE = {"power_window", "etiquette", "hospital_commitments", "hospital_departments", "window_staff"}


def test_coverage_lists_all_five_standards():
    cov = coverage()
    assert set(cov["standard"]) == FIVE
    assert (cov["clauses"] == cov["records"] + cov["checklist"] + cov["not_measured"] + cov["withdrawn"]).all()
    assert (cov["records"] + cov["checklist"] > 0).all()


def test_every_clause_appears_exactly_once():
    cat = load_catalog()
    seen = {}
    for cid, c in cat.clauses.items():
        key = (c["standard"], str(c["source"].get("section", "")), str(c["source"].get("article", "")),
               str(c["source"].get("item", "")))
        assert key not in seen, f"{cid} and {seen.get(key)} encode the same source item {key}"
        seen[key] = cid
        assert c["text_zh"].strip() and c["summary_en"].strip(), cid


def test_clause_words_are_the_documents_own():
    cat = load_catalog()
    src = {sid: (paths.ROOT.parent / "shared" / "standards" / s["source_file"]) for sid, s in cat.standards.items()}
    if not all(p.exists() for p in src.values()):
        pytest.skip("the source texts (../shared/standards) are not beside this checkout")
    texts = {sid: "".join(p.read_text(encoding="utf-8").split()) for sid, p in src.items()}
    for cid, c in cat.clauses.items():
        words = "".join(c["text_zh"].split())
        probe = words[:12]
        assert probe in texts[c["standard"]], f"{cid}: {probe!r} not found in {src[c['standard']].name}"


def test_the_evident_typos_carry_their_reading():
    cat = load_catalog()
    readings = " ".join(str(c.get("reading") or "") for c in cat.clauses.values())
    for right in ("最大允许偏差", "用电及节电", "工作日", "缴纳电费", "合理用电", "减少服务环节", "召开", "意见箱", "行风监督员"):
        assert right in readings, right


def _copy_standards(tmp_path):
    d = tmp_path / "std"
    shutil.copytree(paths.STANDARDS_DIR, d)
    return d


def test_a_misspelled_parameter_fails_with_file_and_clause(tmp_path, monkeypatch):
    d = _copy_standards(tmp_path)
    f = d / "power_window.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    clause = next(c for c in doc["clauses"] if c["id"] == "power_window.10.2.5")
    clause["measures"][0]["params"]["limt"] = clause["measures"][0]["params"].pop("limit")
    f.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "STANDARDS_DIR", d)
    with pytest.raises(StandardsError) as e:
        load_catalog()
    msg = str(e.value)
    assert "power_window.yaml" in msg and "power_window.10.2.5" in msg and "limt" in msg and "limit" in msg


def test_an_unknown_column_fails(tmp_path, monkeypatch):
    d = _copy_standards(tmp_path)
    f = d / "power_window.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    clause = next(c for c in doc["clauses"] if c["id"] == "power_window.10.2.6")
    clause["measures"][0]["params"]["end"] = "answerd_at"
    f.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "STANDARDS_DIR", d)
    with pytest.raises(StandardsError, match="answerd_at"):
        load_catalog()


def test_renumbered_clause_keeps_an_alias_and_withdrawn_keeps_its_id(tmp_path, monkeypatch):
    d = _copy_standards(tmp_path)
    f = d / "window_staff.yaml"
    doc = yaml.safe_load(f.read_text(encoding="utf-8"))
    c = doc["clauses"][-1]
    old = c["id"]
    c["id"] = "window_staff.99.1"
    c["aliases"] = [old]
    doc["clauses"][-2]["status"] = "withdrawn"
    f.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "STANDARDS_DIR", d)
    cat = load_catalog()
    assert cat.clause(old)["id"] == "window_staff.99.1"
    cov = coverage(cat).set_index("standard")
    assert cov.loc["window_staff", "withdrawn"] == 1


def test_adding_a_standard_is_adding_a_file(tmp_path, monkeypatch):
    d = _copy_standards(tmp_path)
    (d / "gov_hall.yaml").write_text(yaml.safe_dump({
        "standard": {"id": "gov_hall", "source_file": "x.txt", "title_zh": "政务大厅", "title_en": "Gov hall",
                     "window_kinds": ["service_hall"]},
        "clauses": [{"id": "gov_hall.1", "source": {"article": "第一条"}, "text_zh": "15分钟内办结。",
                     "summary_en": "Done in 15 min.", "assessment": "records",
                     "measures": [{"id": "", "records": "counter_transactions", "kernel": "time_limit",
                                   "params": {"start": "started_at", "end": "ended_at", "limit": 15, "unit": "minutes"},
                                   "target": 1.0}]}]}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(paths, "STANDARDS_DIR", d)
    assert "gov_hall" in set(coverage()["standard"])


def test_cli_coverage_and_show(capsys):
    assert main(["standards", "coverage"]) == 0
    out = capsys.readouterr().out
    assert all(s in out for s in FIVE)
    assert main(["standards", "show", "power_window.10.2.6"]) == 0
    out = capsys.readouterr().out
    assert "12" in out and "第十条" in out
    assert main(["standards", "show", "power_window.10.2.66"]) == 2
    assert "power_window.10.2.6" in capsys.readouterr().err


def test_filing_year_decides_the_year_not_the_clock_start():
    """A receipt (受理) on 31 December whose clock starts in January belongs to the year it was filed."""
    import pandas as pd
    from windoweval.records import contracts
    c = contracts()["work_orders"]
    df = pd.DataFrame({"filed_at": pd.to_datetime(["2025-12-31 16:00", None]),
                       "received_at": pd.to_datetime(["2026-01-05 10:00", "2026-01-06 09:00"])})
    assert c.year_of(df).tolist() == [2025, 2026]
    assert len(c.rows_of_year(df, 2025)) == 1 and len(c.rows_of_year(df, 2026)) == 1


def test_scorecard_open_thin_and_unscored():
    """Open cases counted apart, thin evidence as insufficient, and records no measure took listed."""
    import pandas as pd
    from windoweval.records import validate
    from windoweval.scoring import score
    from windoweval.records.workspace import Workspace
    ws = Workspace.from_dict({"name": "x", "extracted_at": "2025-06-01 20:55:00", "min_records": 2,
                              "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}],
                              "applies": {"power_window": ["PW01"]}})
    rows = [{"order_id": "1", "window_id": "PW01", "order_type": "fault_repair", "received_at": "2025-06-01 20:10:00",
             "arrived_at": None},
            {"order_id": "2", "window_id": "PW01", "order_type": "fault_repair", "received_at": "2025-06-01 18:00:00",
             "arrived_at": "2025-06-01 18:20:00"},
            {"order_id": "3", "window_id": "PW09", "order_type": "fault_repair", "received_at": "2025-06-01 18:00:00",
             "arrived_at": "2025-06-01 18:20:00"}]
    from windoweval.records import contracts
    df = validate(pd.DataFrame(rows), "work_orders", file="t")
    recs = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}
    card = score("power_window", 2025, workspace=ws, records={**recs, "work_orders": df})
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["open"]), int(r["n"]), int(r["met"]), r["verdict"]) == (1, 1, 1, "insufficient")
    u = card.unscored
    assert u.loc[u["reason"] == "window", "records"].sum() >= 1


def test_thin_checklist_evidence_is_counted_in_visits():
    """A checklist measure with fewer inspection visits than the workspace's min_visits: 证据不足, apart from
    pass and fail; with enough visits the same items pass."""
    import pandas as pd
    from windoweval.records import contracts, validate
    from windoweval.scoring import score
    from windoweval.records.workspace import Workspace

    recs = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}

    def card(visits):
        rows = [{"visit_id": f"V{i}", "window_id": "PW01", "visited_at": f"2025-05-0{i + 1} 10:00:00",
                 "method": "inspection", "item": "dress_neat", "result": "pass"} for i in range(visits)]
        ws = Workspace.from_dict({"name": "x", "min_visits": 2,
                                  "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
        insp = validate(pd.DataFrame(rows), "inspections", file="t")
        return score("etiquette", 2025, workspace=ws, records={**recs, "inspections": insp}).results.set_index("measure")

    one, two = card(1).loc["etiquette.5"], card(2).loc["etiquette.5"]
    assert (int(one["visits"]), one["verdict"]) == (1, "insufficient")
    assert (int(two["visits"]), two["verdict"]) == (2, "pass")


def test_a_misspelt_measure_suggests_the_nearest():
    """A drill-down on a measure id one digit off names the nearest ids, not the first ten alphabetically."""
    import windoweval as we
    from windoweval.catalog import UnknownName

    card = we.score("power_window", year=2025)
    with pytest.raises(UnknownName) as e:
        card.drilldown("power_window.10.2.55")
    assert "最接近的 / nearest: power_window.10.2.5," in str(e.value)
    assert e.value.exit_code == 2


GOOD = {"standard": {"id": "toy", "title_zh": "示例"},
        "clauses": [{"id": "toy.1", "source": {"article": "第一条"}, "text_zh": "十二秒内接听。", "summary_en": "x",
                     "assessment": "records", "measures": [
                         {"id": "", "records": "calls_95598", "kernel": "time_limit", "target": 1.0,
                          "params": {"start": "offered_at", "end": "answered_at", "limit": 12, "unit": "seconds"}}]}]}


def _broken(edit):
    import copy

    doc = copy.deepcopy(GOOD)
    edit(doc)
    return doc


@pytest.mark.parametrize("edit, where, zh, en", [
    (lambda d: d.pop("clauses"), "-", "文件应有 standard 与 clauses 两部分", "file must have 'standard' and 'clauses'"),
    (lambda d: d["standard"].update(id="toy2"), "-", "standard.id 'toy2' 应与文件名 'toy' 相同",
     "standard.id 'toy2' must equal the file name 'toy'"),
    (lambda d: d["clauses"][0].update(id="other.1"), "other.1", "条款编号应以 toy. 开头", "clause id must start with toy."),
    (lambda d: d["clauses"][0].pop("summary_en"), "toy.1", "缺少字段 summary_en", "missing field 'summary_en'"),
    (lambda d: d["clauses"][0].update(assessment="guess"), "toy.1", "assessment 应为", "assessment must be one of"),
    (lambda d: d["clauses"][0].update(status="gone"), "toy.1", "status 应为 active 或 withdrawn",
     "status must be active or withdrawn"),
    (lambda d: d["clauses"][0].update(measures=[]), "toy.1", "须至少有一个测量", "needs at least one measure"),
    (lambda d: d["clauses"][0]["measures"][0].pop("target"), "toy.1#", "测量缺少字段 target", "measure lacks field 'target'"),
    (lambda d: d["clauses"][0]["measures"][0].update(target=1.5), "toy.1#", "目标应为 0–1 之间的达标率,实际为 1.5",
     "target must be a pass rate between 0 and 1, found 1.5"),
    (lambda d: d["clauses"][0]["measures"][0].update(target="0.9"), "toy.1#", "实际为 '0.9'", "found '0.9'"),
    (lambda d: d["clauses"][0]["measures"][0].update(records="calls"), "toy.1#", "未知的记录类型 'calls'",
     "unknown records 'calls'"),
    (lambda d: d["clauses"][0]["measures"][0].update(kernel="time_limt"), "toy.1#", "未知的算子 'time_limt'",
     "unknown kernel 'time_limt'"),
    (lambda d: d["clauses"][0]["measures"][0]["params"].pop("limit"), "toy.1#", "算子 time_limit 缺少参数 ['limit']",
     "kernel time_limit needs parameter(s) ['limit']"),
    (lambda d: d["clauses"][0]["measures"][0].update(where={"chanel": "x"}), "toy.1#", "筛选列 'chanel' 不在记录约定",
     "population column 'chanel' is not in the calls_95598 contract"),
    (lambda d: d["clauses"][0]["measures"][0].update(where={"answered_at": {"about": 1}}), "toy.1#",
     "未知的比较 ['about']", "unknown comparison(s) ['about']"),
    (lambda d: d["clauses"][0]["measures"][0].update(weight_column="minutes"), "toy.1#", "权重列 'minutes' 不在约定中",
     "weight column 'minutes' not in contract"),
    (lambda d: d["clauses"][0].update(source="第一条"), "toy.1", "字段 source 不符合条款格式", "source: Input should be"),
])
def test_each_schema_refusal_names_file_clause_and_says_it_in_both_languages(tmp_path, edit, where, zh, en):
    """The schema is pydantic's (catalog.StandardsFileSchema); its refusals keep the catalog's bilingual words."""
    (tmp_path / "toy.yaml").write_text(yaml.safe_dump(_broken(edit), allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardsError) as e:
        load_catalog(extra_dirs=(tmp_path,))
    msg = str(e.value)
    assert f"toy.yaml: 条款 / clause {where}" in msg and zh in msg and en in msg, msg
    assert msg.index(zh) < msg.index(en)  # Chinese first


def test_a_good_toy_file_loads_and_ids_stay_unique_across_files(tmp_path):
    (tmp_path / "toy.yaml").write_text(yaml.safe_dump(GOOD, allow_unicode=True), encoding="utf-8")
    assert "toy.1" in load_catalog(extra_dirs=(tmp_path,)).clauses
    other = tmp_path / "more"
    other.mkdir()
    (other / "toy.yaml").write_text(yaml.safe_dump(GOOD, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StandardsError, match="standard toy defined twice"):
        load_catalog(extra_dirs=(tmp_path, other))
