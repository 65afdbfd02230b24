"""score49: ``records.validate.empty`` (no records of a kind, typed as the contract says) made from the contract's
types instead of by validating an empty frame: the same frame for every kind, and no validation run.

The score command makes one for every kind the data holds no file of (``engine.run._no_evidence``: 11 kinds for
power_window on a work-order store), on one core before its pass; validating each took ~15 ms of pandas calls.
"""
from __future__ import annotations

import importlib

import pandas as pd
import pandas.testing as pdt
import pytest

from windoweval.records import contracts
validate_mod = importlib.import_module("windoweval.records.validate")   # the module (the package names its function)


@pytest.mark.parametrize("kind", sorted(contracts()))
def test_empty_is_the_validated_empty_frame(kind):
    made = validate_mod.empty(kind)
    cols = contracts()[kind].columns
    validated = validate_mod.validate(pd.DataFrame({n: pd.Series(dtype="string") for n in cols}), kind, file="<none>")
    pdt.assert_frame_equal(made, validated, check_exact=True, check_index_type=True, check_column_type=True)
    assert [type(made[c].array) for c in made] == [type(validated[c].array) for c in validated]
    assert made.attrs == validated.attrs
    assert list(made.columns) == list(cols) and len(made) == 0


def test_empty_runs_no_validation(monkeypatch):
    # before score49 empty() validated an all-text empty frame (failed here: the stand-in raised)
    def refuse(*a, **k):
        raise AssertionError("validate() called for an empty frame")

    monkeypatch.setattr(validate_mod, "validate", refuse)
    e = validate_mod.empty("work_orders")
    assert str(e["received_at"].dtype) == "datetime64[ns]" and str(e["order_id"].dtype) == "string"


def test_a_missing_column_and_an_empty_frame_agree():
    # one table of dtypes for both (validate's blank column for a column the export lacks, and empty()'s)
    e = validate_mod.empty("work_orders")
    got = validate_mod.validate(pd.DataFrame({"order_id": ["1"], "window_id": ["PW01"], "order_type": ["fault_repair"],
                                              "received_at": ["2025-06-01 09:00"]}), "work_orders")
    for c in e.columns:
        if c in got:
            assert got[c].dtype == e[c].dtype, c


def test_the_promise_register_is_parsed_by_the_c_parser(monkeypatch, tmp_path):
    # before score49 the register went through yaml.safe_load (PyYAML's Python parser, ~12 ms for the bundled one
    # under load): failed here, the Python loader refused
    import yaml

    from windoweval import promise_register as pr

    f = tmp_path / "promises.yaml"
    f.write_bytes(pr.REGISTER_FILE.read_bytes())
    want = yaml.safe_load(f.read_text(encoding="utf-8"))

    class Refused(yaml.SafeLoader):
        def __init__(self, *a, **k):
            raise AssertionError("the Python YAML parser used")

    monkeypatch.setattr(yaml, "SafeLoader", Refused)
    assert pr._read(str(f)) == want
    pdt.assert_frame_equal(pr.load_promises(f), pr.load_promises())


def test_a_broken_promise_register_is_still_named_with_its_place(tmp_path):
    from windoweval.promise_register import PromiseRegisterError, load_promises

    f = tmp_path / "promises.yaml"
    f.write_text("promises:\n  - id: a\n    clause: [x\n", encoding="utf-8")
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(f)
    said = str(e.value)
    assert "YAML 格式错误(行:列 " in said and "invalid YAML (line:column " in said and str(f) in said


def test_a_broken_register_says_what_the_python_parser_said(tmp_path):
    # the C parser's words differ ("did not find expected ',' or ']'"): the message keeps the Python parser's
    from windoweval.promise_register import PromiseRegisterError, load_promises

    f = tmp_path / "promises.yaml"
    f.write_text("promises:\n  - id: a\n    measure: [power_window.10.2.5\n", encoding="utf-8")
    with pytest.raises(PromiseRegisterError) as e:
        load_promises(f)
    assert "line:column 4:1: expected ',' or ']', but got '<stream end>'" in str(e.value)


def test_the_counts_of_a_measure_without_records_are_copied_not_built(monkeypatch):
    # before score49 each call built its frame (~0.9 ms of pandas calls, 55 calls before the score command's pass):
    # failed here, the second call made Series again
    from windoweval.engine import frame

    first = frame._empty_agg()
    monkeypatch.setattr(frame.pd, "Series", None)   # any frame built now fails
    second = frame._empty_agg()
    monkeypatch.undo()
    pdt.assert_frame_equal(first, second, check_exact=True, check_index_type=True)
    second.loc["PW01"] = 1      # a frame of its own: what a caller does with it changes no other
    assert len(frame._empty_agg()) == 0 and len(first) == 0
