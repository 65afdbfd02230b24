"""readings47: an organisation's ``[params."…"]`` under a clause's old id (its ``aliases``) is applied, not only
accepted.  ``_unknown_sections`` accepted such a section (msgs46b) while ``_params`` looked up only the measure and
clause ids, so the organisation's own limit was ignored in silence by ``score`` and passed unchecked by ``records
check``.  Every reader of the workspace's parameters goes through :func:`windoweval.scoring.own_section`: the plan
(so the pandas and Dask engines, the report and the notebooks, which score through it), ``records check``
(``check_params``) and the needs bands.  Two sections naming one measure (its new id and an old id) are refused
naming both, unless they say the same.
"""
import pytest

from windoweval.catalog import load_catalog
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.scoring import check_params, plan_measures

TOY = """
standard:
  id: toy_alias
  source_file: toy.txt
  title_zh: 排队等候时限(示例)
  title_en: Queue waiting limit (a toy standard)
  window_kinds: [power_hall]
clauses:
  - id: toy_alias.2
    source: {article: 第二条, item: null}
    text_zh: "客户取号后等候叫号的时间不超过10分钟。"
    reading: null
    summary_en: A customer is called within 10 minutes of taking a ticket.
    assessment: records
    window_kinds: [power_hall]
    status: active
    aliases: [toy_alias.1]
    measures:
      - id: PART
        label_zh: 10分钟内叫号率
        label_en: Called within 10 minutes
        records: counter_transactions
        where: {}
        kernel: time_limit
        params: {start: ticket_at, end: called_at, limit: 10, unit: minutes, missing: na}
        target: 0.9
        weight_column: null
"""

WIN = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]


@pytest.fixture(params=["whole", "part"])
def cat(request, tmp_path):
    """The toy clause renumbered 1 -> 2, its measure the whole clause or a part of it (#calls)."""
    text = TOY.replace("id: PART", 'id: ""' if request.param == "whole" else "id: calls")
    (tmp_path / "toy_alias.yaml").write_text(text, encoding="utf-8")
    return load_catalog(extra_dirs=(tmp_path,))


def _limit(cat, params):
    ws = Workspace.from_dict({"windows": WIN, "params": params})
    it = next(i for i in plan_measures("toy_alias", ws, cat, 2025) if i.measure.startswith("toy_alias.2"))
    return it.params["limit"], it.m["params"]["limit"]


def _suffix(cat):
    return next(m["measure"] for m in cat.measures("toy_alias"))[len("toy_alias.2"):]


def test_an_old_id_keys_the_measure_as_the_new_one_does(cat):
    part = _suffix(cat)
    assert _limit(cat, {}) == (10, 10)
    assert _limit(cat, {"toy_alias.2" + part: {"limit": 8}}) == (8, 8)
    # before: (10, 10), the organisation's 8 minutes accepted and never applied
    assert _limit(cat, {"toy_alias.1" + part: {"limit": 8}}) == (8, 8)
    assert _limit(cat, {"toy_alias.1": {"limit": 7}}) == (7, 7)
    if part:   # the measure's own section comes before its clause's, under either id
        assert _limit(cat, {"toy_alias.1": {"limit": 7}, "toy_alias.1" + part: {"limit": 6}}) == (6, 6)
        assert _limit(cat, {"toy_alias.2": {"limit": 7}, "toy_alias.1" + part: {"limit": 6}}) == (6, 6)


def test_records_check_refuses_what_score_refuses_under_an_old_id(cat):
    ws = Workspace.from_dict({"windows": WIN, "params": {"toy_alias.1" + _suffix(cat): {"limit": 12}}})
    with pytest.raises(WorkspaceError) as e:   # before: passed in silence (exit 0)
        check_params(ws, cat)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "\n" not in msg
    assert f'[params."toy_alias.1{_suffix(cat)}"] limit = 12' in msg and "组织只能定得更严" in msg and " / " in msg
    with pytest.raises(WorkspaceError, match="组织只能定得更严"):
        plan_measures("toy_alias", ws, cat, 2025)
    ws = Workspace.from_dict({"windows": WIN, "params": {"toy_alias.1": {"limt": 8}}})
    with pytest.raises(WorkspaceError, match=r'\[params\."toy_alias\.1"\] limt'):
        check_params(ws, cat)


def test_the_new_and_an_old_id_saying_different_things_are_refused_naming_both(cat):
    part = _suffix(cat)
    for a, b in ((f"toy_alias.2{part}", f"toy_alias.1{part}"), ("toy_alias.2", "toy_alias.1")):
        ws = Workspace.from_dict({"windows": WIN, "params": {b: {"limit": 8}, a: {"limit": 9}}})
        for call in (lambda: check_params(ws, cat), lambda: plan_measures("toy_alias", ws, cat, 2025)):
            with pytest.raises(WorkspaceError) as e:
                call()
            msg = str(e.value)
            assert f'[params."{a}"]' in msg and f'[params."{b}"]' in msg and e.value.exit_code == 3
            assert "不知该用哪一节" in msg and "ambiguous" in msg and "\n" not in msg
        same = {b: {"limit": 8}, a: {"limit": 8}}
        check_params(Workspace.from_dict({"windows": WIN, "params": same}), cat)
        assert _limit(cat, same) == (8, 8)


def test_the_scorer_counts_with_the_limit_set_under_the_old_id(cat, tmp_path):
    """The pandas and Dask paths end to end: with 8 minutes under the old id the counts are those of 8 minutes."""
    import pandas as pd

    from windoweval.scoring import score
    part = _suffix(cat)
    t0 = pd.Timestamp("2025-03-04 09:00:00", tz="Asia/Shanghai")
    rec = pd.DataFrame({"window_id": ["PW01"] * 3, "ticket_at": [t0] * 3,
                        "called_at": [t0 + pd.Timedelta(minutes=m) for m in (5, 9, 11)]})
    got = {}
    for key in ("toy_alias.2" + part, "toy_alias.1" + part):
        for sched in (None, "sync"):
            ws = Workspace.from_dict({"windows": WIN, "params": {key: {"limit": 8}}})
            r = score("toy_alias", year=2025, workspace=ws, catalog=cat, records={"counter_transactions": rec},
                      scheduler=sched).results
            got[key, sched] = (int(r["n"].iloc[0]), int(r["met"].iloc[0]))
    assert set(got.values()) == {(3, 1)}, got   # 5 minutes in time, 9 and 11 late (10 minutes: 9 in time)
