"""tidy45 (session 44's note, item 1): a kept folder of an earlier build of the same version is computed again.

``sections.parameters_key`` keyed the kept sections by the package's version alone: a report folder kept by an
earlier build of the same dev version (``0.1.0``), its tables of other columns, was read by the notebooks of a later
one as if it were theirs.  The key now carries the number of what is kept (``KEPT_SCHEMA``) and the digest of the
package's code; a folder whose key differs in either is computed again, never read."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from windoweval import sections
from windoweval.sections import Section, keep, parameters_key, section


def _stale(tmp_path, key: dict):
    """A kept ``complaints`` section as an earlier build wrote it: a table of an old column, under ``key``."""
    old = Section("complaints", {"open": pd.DataFrame({"old_column": ["kept before"]})}, {"present": True})
    d = keep({"complaints": old}, tmp_path / "kept", parameters_key(2025))
    (d / "key.json").write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    return d


def test_the_key_carries_the_schema_and_the_code():
    k = parameters_key(2025)
    assert k["schema"] == sections.KEPT_SCHEMA and k["code"].startswith("sha256:")
    assert k["code"] == parameters_key(2025)["code"]          # one build: one key, in the build and its notebooks


def test_a_folder_kept_under_the_version_alone_is_computed_again(tmp_path):
    """The key an earlier build of the same version wrote (no schema, no code digest): not read."""
    before = {k: v for k, v in parameters_key(2025).items() if k not in ("schema", "code")}
    d = _stale(tmp_path, before)
    got = section("complaints", 2025, kept=d)
    assert got.origin == "computed"
    assert got.get("open") is None or "old_column" not in got["open"].columns


@pytest.mark.parametrize("field, value", [("schema", -1), ("code", "sha256:" + "0" * 64)])
def test_a_folder_kept_under_another_schema_or_code_is_computed_again(tmp_path, field, value):
    d = _stale(tmp_path, {**parameters_key(2025), field: value})
    assert sections.load(d, "complaints", parameters_key(2025)) is None
    assert section("complaints", 2025, kept=d).origin == "computed"


def test_the_same_key_is_still_read(tmp_path):
    d = _stale(tmp_path, parameters_key(2025))
    got = section("complaints", 2025, kept=d)
    assert got.origin == "kept" and got["open"]["old_column"].tolist() == ["kept before"]


def test_a_changed_schema_number_changes_the_key(monkeypatch):
    k = parameters_key(2025)
    monkeypatch.setattr(sections, "KEPT_SCHEMA", sections.KEPT_SCHEMA + 1)
    assert parameters_key(2025) != k
