"""A bad-input corpus case read as every kind it holds: the frame, or the refusal's text (shared by the tests that
check a faster reading path against the one it replaced)."""
from __future__ import annotations

import pandas as pd


def read_case(case) -> dict:
    """``{kind: frame or refusal text}`` for every kind of records ``case`` holds."""
    from windoweval.errors import InputError
    from windoweval.records import contracts, find_file, read_records

    got = {}
    for k in contracts():
        try:
            if find_file(k, case) is None:
                continue
            got[k] = read_records(k, case)
        except InputError as e:
            got[k] = str(e)
    return got


def assert_read_alike(old: dict, new: dict) -> None:
    """The same kinds, each refused with the same text or read into the same frame."""
    assert old.keys() == new.keys()
    for k, was in old.items():
        if isinstance(was, str):
            assert was == new[k], k
        else:
            pd.testing.assert_frame_equal(was, new[k], obj=k)
