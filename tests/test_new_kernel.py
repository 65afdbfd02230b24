"""A new kernel is its decorator and nothing else: no list in the engine, the catalog or the drill-down.

The kernel below is defined here, in a test module, with ``@kernel(...)`` only.  A toy standard in a
temporary directory uses it; the catalog checks its column parameters against the contract (from the
decorator's ``columns``), the engine hands it only the columns it declares and runs it piece by piece or per
Dask partition because it is ``row_local``, its ``applies`` sets the clause's own exceptions aside as
exempt, and the drill-down shows its ``detail`` column beside its message.  The counts are checked against
the demo's records counted directly.
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.catalog import StandardsError, load_catalog
from windoweval.demo import DEMO_YEAR
from windoweval.engine import needed_columns
from windoweval.kernels import KERNELS, Measure, kernel
from windoweval.records import read_records
from windoweval.scoring import score


def _not_skipped(df, by="business_type", skip=(), **_):
    """The visits the toy clause speaks of: not those of the business types it leaves out."""
    return ~df[by].isin(list(skip)).to_numpy(dtype=bool, na_value=False)


def _visit_minutes(out, params):
    """The drill-down's own column: each visit's minutes from ticket to done."""
    return out.assign(visit_min=(out[params["end"]] - out[params["start"]]).dt.total_seconds() / 60)


@kernel("toy_visit_within", "整个办理过程超过 {limit} 分钟", "the visit took longer than {limit} minutes",
        applies=_not_skipped, columns=("start", "end", "by"), row_local=True, detail=_visit_minutes)
def toy_visit_within(df: pd.DataFrame, start: str, end: str, limit: float, by: str = "business_type",
                     skip: list = ()) -> pd.Series:
    """The whole visit, from ``start`` (the ticket) to ``end`` (done), within ``limit`` minutes; a visit
    without either time, or ending before it starts, is <NA> (no evidence)."""
    mins = (df[end] - df[start]).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan) / 60
    na = np.isnan(mins) | (mins < 0)
    return pd.Series(pd.arrays.BooleanArray((mins <= limit) & ~na, na), index=df.index, name="passed")


TOY = """
standard:
  id: toy_visit
  source_file: toy.txt
  title_zh: 办理时长(示例)
  title_en: Visit length (a toy standard with its own kernel)
  window_kinds: [power_hall]
clauses:
  - id: toy_visit.1
    source: {article: 第一条, item: null}
    text_zh: "居民缴费自取号至办结不超过15分钟(其他业务除外)。"
    reading: null
    summary_en: A resident's payment takes at most 15 minutes from ticket to done (other business excepted).
    assessment: records
    window_kinds: [power_hall]
    status: active
    aliases: []
    measures:
      - id: ""
        label_zh: 15分钟内办结率
        label_en: Done within 15 minutes
        records: counter_transactions
        where: {}
        kernel: toy_visit_within
        params: {start: ticket_at, end: ended_at, limit: 15, skip: [electricity_business]}
        target: 0.9
        weight_column: null
"""


@pytest.fixture
def toy(tmp_path):
    (tmp_path / "toy_visit.yaml").write_text(TOY, encoding="utf-8")
    return load_catalog(extra_dirs=(tmp_path,))


def _direct(ws):
    """The toy measure counted directly on the demo's records, per window: n, met, exempt, missed ids."""
    halls = ws.windows.loc[ws.windows["kind"] == "power_hall", "window_id"]
    tx = read_records("counter_transactions", ws.root, year=DEMO_YEAR,
                      mapping=ws.mapping().get("counter_transactions"))
    tx = tx[tx["window_id"].isin(halls).to_numpy()]
    mins = (tx["ended_at"] - tx["ticket_at"]).dt.total_seconds() / 60
    exempt = tx["business_type"].eq("electricity_business").to_numpy(dtype=bool, na_value=False)
    seen = mins.notna().to_numpy() & (mins >= 0).to_numpy() & ~exempt
    met = seen & (mins <= 15).to_numpy()
    want = pd.DataFrame({"window_id": tx["window_id"].to_numpy(), "n": seen, "met": met, "exempt": exempt}) \
        .groupby("window_id")[["n", "met", "exempt"]].sum()
    return want, tx, set(tx.loc[seen & ~met, "ticket_id"])


def test_the_decorator_alone_registers_it_everywhere(toy):
    k = KERNELS["toy_visit_within"]
    assert (k.columns, k.reads, k.row_local, k.detail) == (("start", "end", "by"), (), True, _visit_minutes)
    m = next(x for x in toy.measures("toy_visit"))
    it = Measure.of(m, ["PW01"])
    cols = ["ticket_id", "window_id", "staff_id", "business_type", "ticket_at", "called_at", "started_at", "ended_at"]
    assert needed_columns(it, cols) == ["business_type", "ticket_at", "ended_at"]  # its default `by` too
    assert it.row_local


def test_the_catalog_checks_its_declared_column_parameters(tmp_path):
    (tmp_path / "toy_visit.yaml").write_text(TOY.replace("end: ended_at", "end: finished"), encoding="utf-8")
    with pytest.raises(StandardsError, match="toy_visit.yaml.*end='finished'.*counter_transactions"):
        load_catalog(extra_dirs=(tmp_path,))


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_it_is_scored_and_drilled_down_through_the_real_engine(toy, ws, scheduler):
    card = score("toy_visit", year=DEMO_YEAR, workspace=ws, catalog=toy, scheduler=scheduler)
    res = card.results.set_index("window_id")
    want, tx, missed = _direct(ws)
    assert sorted(res.index) == sorted(want.index) and (res["measure"] == "toy_visit.1").all()
    for c in ("n", "met", "exempt"):
        assert res[c].astype(int).to_dict() == want[c].astype(int).to_dict(), c
    assert 0 < want["met"].sum() < want["n"].sum() and want["exempt"].sum() > 0  # each outcome occurs

    d = card.drilldown("toy_visit.1")
    assert set(d["ticket_id"]) == missed  # every missed visit, no other
    assert (d["passed"] == False).all() and (d["visit_min"] > 15).all()  # noqa: E712  the kernel's detail column
    assert d["message"].iloc[0] == "整个办理过程超过 15 分钟 / the visit took longer than 15 minutes"
    w = res.index[0]
    assert len(card.drilldown("toy_visit.1", window=w)) == int(res.loc[w, "n"] - res.loc[w, "met"])


def _why_undecided(undecided, params):
    """The needs-review reason of the toy kernel: each visit it could not judge, and why."""
    end, start = undecided[params["end"]], undecided[params["start"]]
    mins = ((end - start).dt.total_seconds() / 60).to_numpy(dtype=float, na_value=np.nan)
    why = np.where(np.isnan(mins), "no time", np.where(mins < 0, "ends before it starts", "clock left running?"))
    return pd.DataFrame({"reason": why}, index=undecided.index)


@kernel("toy_visit_review", "整个办理过程超过 {limit} 分钟", "the visit took longer than {limit} minutes",
        columns=("start", "end"), row_local=True, review=_why_undecided, population={"business_type": "kinds"})
def toy_visit_review(df: pd.DataFrame, start: str, end: str, limit: float, kinds: list = ()) -> pd.Series:
    """As :func:`toy_visit_within`, for the business ``kinds`` only (its declared population); a visit it
    cannot time, or one over three times the limit (a clock left running?), is <NA> and goes to the
    needs-review list."""
    mask = toy_visit_within(df, start=start, end=end, limit=limit)
    mins = (df[end] - df[start]).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan) / 60
    mask[mins > 3 * limit] = pd.NA
    return mask


def test_a_kernel_declares_its_needs_review_rows_and_its_population(tmp_path, ws):
    """The needs-review list and a parameter-given population are the decorator's, not a kernel name's."""
    kinds = ["electricity_business"]
    (tmp_path / "toy_visit.yaml").write_text(
        TOY.replace("kernel: toy_visit_within", "kernel: toy_visit_review")
           .replace("params: {start: ticket_at, end: ended_at, limit: 15, skip: [electricity_business]}",
                    f"params: {{start: ticket_at, end: ended_at, limit: 15, kinds: {kinds}}}"), encoding="utf-8")
    cat = load_catalog(extra_dirs=(tmp_path,))
    m = next(x for x in cat.measures("toy_visit"))
    assert m["where"] == {"business_type": kinds}                 # the catalog read it from the kernel
    card = score("toy_visit", year=DEMO_YEAR, workspace=ws, catalog=cat)
    _, tx, _ = _direct(ws)
    tx = tx[tx["business_type"].isin(kinds).to_numpy(dtype=bool, na_value=False)]
    mins = (tx["ended_at"] - tx["ticket_at"]).dt.total_seconds() / 60
    undecided = set(tx.loc[(mins.isna() | (mins < 0) | (mins > 45)).to_numpy(), "ticket_id"])
    assert int(card.results["n"].sum()) == len(tx) - len(undecided) and undecided   # some visits are undecided
    rv = card.needs_review()
    assert list(rv.columns[:3]) == ["measure", "window_id", "reason"] and "ticket_id" in rv
    assert set(rv["ticket_id"]) == undecided and len(rv) == len(undecided)
    assert set(rv["reason"]) <= {"no time", "ends before it starts", "clock left running?"}
