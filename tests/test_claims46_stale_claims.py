"""claims46: a store's plain-text claims written under other masking rules (an older release) are claimed again once.

Each store file names in its metadata the text columns no masking rule could change a value of, under the rules of the
release that wrote it (:func:`windoweval.records.store.with_plain_text`).  A release that adds a rule made every older
store's claims stale, and ``windoweval score`` then scanned every text column of the missed records again on every run
(~2.4 s of CPU at 10 million work orders) until the store was imported again.  Now the first ``score`` (or ``report``,
or ``records check``) claims those files again, once, in a file beside the dataset
(:data:`~windoweval.records.store.PLAIN_CLAIMS`) keyed by each file's footprint and the rules' fingerprint: the later
runs do not scan; a file changed since, or rules changed again, are never covered by the old claim.
"""
from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import windoweval.records.store as store
from windoweval.cli import main
from windoweval.records.store import (PLAIN_CLAIMS, plain_text_columns, refresh_plain_claims, stale_plain_files)

OTHER_RULES = "0123456789abcdef"   # the fingerprint of a release whose masking rules differ from the files' writer's


@pytest.fixture
def stale_store(work_orders_store, tmp_path, monkeypatch):
    """A copy of the demo's work-order store, read under other masking rules than those its files were written under."""
    d = tmp_path / "store"
    shutil.copytree(work_orders_store, d)
    claimed = plain_text_columns(d / "work_orders")
    assert {"order_id", "window_id"} <= claimed and not stale_plain_files(d / "work_orders")
    monkeypatch.setattr(store, "_masking_fingerprint", lambda: OTHER_RULES)
    return d, claimed


def _run(argv) -> tuple[int, str]:
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(argv)
    return code, so.getvalue()


def _score(d, out) -> tuple[pa.Table, str]:
    code, said = _run(["score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(out)])
    assert code == 0, said
    return pq.read_table(out / "power_window_missed.parquet"), said


def _count_scans(monkeypatch) -> list:
    """Each file's text columns scanned for a claim (:func:`windoweval.records.store._plain_of`)."""
    seen = []
    real = store._plain_of

    def spy(table):
        seen.append(table.num_rows)
        return real(table)

    monkeypatch.setattr(store, "_plain_of", spy)
    return seen


def test_a_stale_store_is_claimed_again_once_then_not_scanned(stale_store, tmp_path, monkeypatch):
    d, claimed = stale_store
    files = stale_plain_files(d / "work_orders")
    assert files and plain_text_columns(d / "work_orders") == frozenset()    # the old claims are not trusted
    scans = _count_scans(monkeypatch)
    first, said = _score(d, tmp_path / "first")
    assert len(scans) == len(files)                       # each stale file scanned once, by the first run
    assert "重新确认" in said and "re-claimed the plain text columns" in said
    assert json.loads((d / "work_orders" / PLAIN_CLAIMS).read_text())["rules"] == OTHER_RULES
    assert not stale_plain_files(d / "work_orders")
    assert plain_text_columns(d / "work_orders") == claimed   # the same columns as the files' own claims said
    scans.clear()
    second, said = _score(d, tmp_path / "second")
    assert scans == [] and "re-claimed" not in said        # claimed: the second run does not scan again
    assert first.equals(second, check_metadata=True) and first.num_rows


def test_the_missed_records_are_the_same_claimed_or_scanned(stale_store, tmp_path, monkeypatch):
    d, _ = stale_store
    scanned, _said = _score(d, tmp_path / "scanned")   # claims again at start-up
    monkeypatch.setattr(store, "plain_text_columns", lambda f: frozenset())
    whole, _said = _score(d, tmp_path / "whole")
    assert scanned.equals(whole, check_metadata=True)


def test_a_file_changed_since_is_not_covered_by_its_old_claim(stale_store, monkeypatch):
    d, _ = stale_store
    ds = d / "work_orders"
    assert refresh_plain_claims(ds) > 0 and "order_id" in plain_text_columns(ds)
    f = sorted(ds.rglob("*.parquet"))[0]
    t = pq.read_table(f)
    ids = t.column("order_id").to_pylist()
    ids[0] = "13812345678"   # a phone written as an order id, by hand, after the claim
    t = t.set_column(t.schema.get_field_index("order_id"), "order_id", pa.array(ids, t.schema.field("order_id").type))
    pq.write_table(t.replace_schema_metadata(t.schema.metadata), f)   # its own claim: of the rules it was written under
    assert [str(f)] == stale_plain_files(ds) and plain_text_columns(ds) == frozenset()
    scans = _count_scans(monkeypatch)
    assert refresh_plain_claims(ds) == 1 and len(scans) == 1            # only the changed file scanned again
    assert "order_id" not in plain_text_columns(ds) and "window_id" in plain_text_columns(ds)


def test_a_file_rewritten_with_the_same_content_is_scanned_again(stale_store):
    d, _ = stale_store
    ds = d / "work_orders"
    refresh_plain_claims(ds)
    f = sorted(ds.rglob("*.parquet"))[-1]
    shutil.copy(f, f.with_suffix(".tmp"))
    f.with_suffix(".tmp").replace(f)                # another inode: another file, whatever it holds
    assert stale_plain_files(ds) == [str(f)]


def test_claims_written_under_rules_changed_again_are_not_trusted(stale_store, monkeypatch):
    d, _ = stale_store
    ds = d / "work_orders"
    refresh_plain_claims(ds)
    assert not stale_plain_files(ds)
    monkeypatch.setattr(store, "_masking_fingerprint", lambda: "fedcba9876543210")
    assert stale_plain_files(ds) and plain_text_columns(ds) == frozenset()


def test_a_name_or_a_phone_in_a_column_is_still_masked(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "_masking_fingerprint", lambda: OTHER_RULES)
    ds = tmp_path / "work_orders"
    ds.mkdir()
    pq.write_table(pa.table({"order_id": ["WO1", "13812345678"], "staff_id": ["S0101", "李小龙"],
                             "window_id": ["PW01", "PW01"]}), ds / "part-0.parquet")
    assert refresh_plain_claims(ds) == 1
    assert plain_text_columns(ds) == {"window_id"}    # a phone among the ids, a name where a person's key belongs


def test_a_stop_while_writing_the_claims_leaves_the_former_ones(stale_store, monkeypatch):
    d, _ = stale_store
    ds = d / "work_orders"
    refresh_plain_claims(ds)
    before = (ds / PLAIN_CLAIMS).read_bytes()
    monkeypatch.setattr(store, "_masking_fingerprint", lambda: "fedcba9876543210")
    import windoweval.atomic as atomic

    def stopped(path, data):
        raise KeyboardInterrupt
    monkeypatch.setattr(atomic, "write_bytes", stopped)
    with pytest.raises(KeyboardInterrupt):
        refresh_plain_claims(ds)
    assert (ds / PLAIN_CLAIMS).read_bytes() == before
    assert sorted(p.name for p in ds.iterdir() if p.name.startswith(".")) == []


def test_records_check_says_it_claimed_a_stale_store_again(stale_store):
    d, _ = stale_store
    code, said = _run(["records", "check", "--data", str(d)])
    assert code == 0, said
    assert "重新确认" in said and "re-claimed" in said
    assert not stale_plain_files(d / "work_orders")


def test_names_in_keys_looks_in_python_only_at_values_with_a_han_character(monkeypatch):
    import windoweval.privacy as privacy

    values = ["S0101", "C00012345", "李小龙", "李\u200b小龙", "张\u3000三", "欧阳娜娜", "1号柜员", "城东营业厅", "ＳＯ１",
              "陳大文", "王·小明", "13812345678", "", " ", None, "李小龙"]
    arr = pa.array(values)
    handed = []
    real = privacy._names_in_keys

    def spy(col):
        handed.extend(col.tolist())
        return real(col)

    monkeypatch.setattr(privacy, "_names_in_keys", spy)
    got = privacy.names_in_key_values(arr).to_pylist()
    # the same answer as every value judged in Python
    want = real(pd.Series(values, dtype=object)).tolist()
    assert got == want and got[2] and got[3] and not got[0]
    assert not {"S0101", "C00012345", "ＳＯ１", "13812345678", "", " "} & set(handed)   # no key without Han judged in Python
    assert privacy.names_in_key_values(pa.array(["S0101", "C1"] * 3)) is None


def test_records_check_says_what_a_stale_store_costs_when_it_cannot_claim_it(stale_store):
    import subprocess
    import sys

    d, _ = stale_store
    # another process holds the store's lock (an import running): nothing is claimed, nothing waited for
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
                               "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(120)", str(d)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, said = _run(["records", "check", "--data", str(d)])
    finally:
        holder.kill()
        holder.wait()
    assert code == 0, said
    assert "未能重新确认" in said and "could not be claimed again" in said
    rows = sum(pq.read_metadata(f).num_rows for f in stale_plain_files(d / "work_orders"))
    assert f"共 {rows:,} 条记录" in said and f"they hold {rows:,} records" in said   # the store's own, no fixed figure
    assert "2.4 s" not in said and "10 million" not in said
    assert "windoweval records check --data" in said and "windoweval score --data" in said
    assert stale_plain_files(d / "work_orders")


def _one_month_file(tmp_path, month: str):
    """A delivery of one work order (the demo's first, a new id) dated in ``month``."""
    from windoweval import paths

    rows = pd.read_csv(paths.data_dir(None) / "work_orders.csv", dtype=str, keep_default_na=False).head(1)
    for col in rows.columns:    # every date of the row moved into the month
        rows[col] = rows[col].str.replace(r"^\d{4}-\d{2}", month, regex=True)
    rows.iloc[0, 0] = "WO" + month.replace("-", "") + "99"    # an id like the demo's (WO24000001)
    src = tmp_path / f"工单{month}.csv"
    rows.to_csv(src, index=False)
    return src


def _import_one_month(d, tmp_path, month="2026-01", *extra) -> None:
    """That delivery imported into the store ``d`` (the stored partitions it does not cover kept)."""
    code, said = _run(["records", "import", "work_orders", str(_one_month_file(tmp_path, month)), "--data", str(d),
                       *extra])
    assert code == 0, said


def test_an_import_that_keeps_partitions_carries_their_claims(stale_store, tmp_path, monkeypatch):
    # review46: the import built the new dataset without _windoweval_plain.json, so the next score claimed every kept
    # file again (scanned each text column of the whole store) after every monthly import
    d, claimed = stale_store
    ds = d / "work_orders"
    assert refresh_plain_claims(ds) > 0 and not stale_plain_files(ds)
    kept = {p.relative_to(ds).as_posix() for p in ds.rglob("*.parquet")}
    _import_one_month(d, tmp_path)
    now = {p.relative_to(ds).as_posix() for p in ds.rglob("*.parquet")}
    assert kept < now                                      # the stored partitions kept, one new
    assert stale_plain_files(ds) == []                     # each kept file still claimed; the new one by its own
    assert set(json.loads((ds / PLAIN_CLAIMS).read_text())["files"]) == kept
    assert plain_text_columns(ds) == claimed
    scans = _count_scans(monkeypatch)
    _score(d, tmp_path / "after")
    assert scans == []                                     # nothing claimed again by the next score


def test_an_import_does_not_carry_a_claim_its_file_no_longer_matches(stale_store, tmp_path):
    d, _ = stale_store
    ds = d / "work_orders"
    refresh_plain_claims(ds)
    f = sorted(ds.rglob("*.parquet"))[0]
    t = pq.read_table(f)
    ids = t.column("order_id").to_pylist()
    ids[0] = "13812345678"   # written into by hand after the claim: the claim is not of this file any more
    t = t.set_column(t.schema.get_field_index("order_id"), "order_id", pa.array(ids, t.schema.field("order_id").type))
    pq.write_table(t, f)
    _import_one_month(d, tmp_path)
    assert stale_plain_files(ds) == [str(f)]               # scanned again, never trusted on the old claim
    assert refresh_plain_claims(ds) == 1 and "order_id" not in plain_text_columns(ds)


def test_an_import_replacing_a_partition_drops_its_claim(stale_store, tmp_path):
    d, _ = stale_store
    ds = d / "work_orders"
    refresh_plain_claims(ds)
    first = sorted(ds.rglob("*.parquet"))[0].relative_to(ds)
    month = "-".join(x.split("=")[1] for x in first.parts[:-1])   # year=2024/month=01 -> 2024-01
    _import_one_month(d, tmp_path, month, "--replace")
    files = json.loads((ds / PLAIN_CLAIMS).read_text())["files"]
    assert first.as_posix() not in files and files      # the replaced file's claim gone, the others' kept
    assert stale_plain_files(ds) == []

