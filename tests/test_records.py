"""Record contracts: a bad file of each contract is refused with its rows named; nothing valid is lost."""
import pandas as pd
import pytest

from windoweval.records import RecordsError, contracts, find_file, read_records, validate

KINDS = sorted(contracts())


def _good_rows(kind, n=3):
    c = contracts()[kind]
    rows = []
    for i in range(n):
        r = dict(c.example)
        for k in c.key:  # distinct keys
            spec = c.columns[k]
            if spec["type"] == "string":
                r[k] = f"{r[k]}-{i}"
            elif spec["type"] in ("datetime", "date"):
                r[k] = str(pd.Timestamp(r[k]) + pd.Timedelta(days=i))
            elif spec["type"] == "int":
                r[k] = int(r[k]) + i
        rows.append(r)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("kind", KINDS)
def test_example_is_valid(kind):
    df = validate(_good_rows(kind), kind)
    assert len(df) == 3 and list(df.columns) == list(contracts()[kind].columns)


def _break(kind):
    """Row 3 (second record) gets a bad value of its first typed column; row 4 loses a required value."""
    c = contracts()[kind]
    df = _good_rows(kind).astype(object)
    typed = [n for n, s in c.columns.items() if s["type"] in ("datetime", "date", "int", "float", "bool", "category")
             and n in df]
    col = typed[0]
    df.loc[1, col] = "not-a-valid-value"
    req = ([n for n in c.required if n not in c.key and n != col and n in df] or [n for n in c.required if n != col])[0]
    df.loc[2, req] = None
    return df, col, req


@pytest.mark.parametrize("kind", KINDS)
def test_bad_file_is_refused_with_rows_named(kind, tmp_path):
    df, col, req = _break(kind)
    f = tmp_path / f"{kind}.csv"
    df.to_csv(f, index=False)
    with pytest.raises(RecordsError) as e:
        read_records(kind, tmp_path)
    p = e.value.problems
    assert (3, col) in set(zip(p["row"], p["column"])), p
    assert (4, req) in set(zip(p["row"], p["column"])), p
    msg = str(e.value)
    assert str(f) in msg and "row 3" in msg and "not-a-valid-value" in msg
    assert "第 3 行" in msg  # Chinese first, English alongside


def test_ids_stay_strings_and_chinese_headers_map(tmp_path):
    (tmp_path / "staff_roster.csv").write_text("工号,窗口编号,英语会话,手语服务\n0012,PW01,是,否\n", encoding="gb18030")
    df = read_records("staff_roster", tmp_path)
    assert df["staff_id"].tolist() == ["0012"] and df["english"].tolist() == [True]


def test_time_zone_aware_values_become_beijing_time(tmp_path):
    df = _good_rows("calls_95598", 1)
    df["offered_at"] = ["2025-01-02T00:00:01Z"]
    df["answered_at"] = ["2025-01-02T08:00:09+08:00"]
    out = validate(df, "calls_95598")
    assert str(out["offered_at"].iloc[0]) == "2025-01-02 08:00:01"
    assert str(out["answered_at"].iloc[0]) == "2025-01-02 08:00:09"


def test_duplicate_keys_are_named(tmp_path):
    df = pd.concat([_good_rows("work_orders", 2)] * 2, ignore_index=True)
    with pytest.raises(RecordsError) as e:
        validate(df, "work_orders", file="wo.csv")
    assert sorted(e.value.problems["row"].unique()) == [2, 3, 4, 5]


def test_missing_column_suggests_the_name():
    df = _good_rows("work_orders").rename(columns={"received_at": "recieved_at"})
    with pytest.raises(RecordsError, match="recieved_at"):
        validate(df, "work_orders")


def test_columnar_read_reads_only_some_columns(tmp_path):
    df = _good_rows("calls_95598", 4)
    validate(df, "calls_95598").assign(year=2025).to_parquet(tmp_path / "calls_95598", partition_cols=["year"])
    out = read_records("calls_95598", tmp_path, year=2025, columns=["call_id", "window_id", "offered_at"])
    assert list(out.columns) == ["call_id", "window_id", "offered_at"] and len(out) == 4
    assert read_records("calls_95598", tmp_path, year=2024).empty


def test_every_demo_kind_reads_cleanly():
    from windoweval.demo import ensure_demo
    d = ensure_demo()
    from windoweval.records.workspace import load_workspace
    m = load_workspace().mapping()
    for kind in KINDS:
        if find_file(kind, d) is not None:
            assert len(read_records(kind, d, mapping=m.get(kind))) > 0, kind


def test_contract_columns_have_only_known_fields():
    # an unquoted comma in a flow mapping silently cuts a description and adds stray keys
    known = {"type", "zh", "en", "aliases", "required", "values", "unit", "private", "blank",
             "personal", "dialogue", "min", "time_of_day", "cluster"}   # cluster: false, a category column the store never sorts by (hangup48)   # time_of_day: dates alone refused (export42)   # min: null, a number that may be negative (a monitor's 下限(%): -10; volt33)   # personal: false, a column whose name reads like a person's but is not (safety21); blank: a required
    # column whose cell may be empty (a work order's received_at while its clock has not started); dialogue: a
    # transcript's text, whose speaker labels must be known or declared (verdicts24)
    for kind, c in contracts().items():
        for name, spec in c.columns.items():
            assert set(spec) <= known, f"{kind}.{name}: unexpected {set(spec) - known}"
            assert spec["type"] in ("string", "datetime", "date", "int", "float", "bool", "category"), (kind, name)
