"""safety20: a ``file:`` URL without a path is shown as written, never mangled into another path (shown_paths)."""
from __future__ import annotations

import pytest

from windoweval.privacy import shown_paths


@pytest.mark.parametrize("text", [
    "值 'file://x'",                    # a host and no path: the value the user has to find, as written
    "see file://server for the share",
    "file://",
    "a file://x b",
    "file://x/",
    "file:///",
])
def test_file_url_without_a_path_is_kept(text):
    assert shown_paths(text) == text


@pytest.mark.parametrize("text,shown", [
    ("file://localhost/home/李四/x.csv", "x.csv"),
    ("file:///home/张三/a.csv", "a.csv"),
    ("file:/home/张三/a.csv", "a.csv"),
    ("file://server/share/王五/b.csv; 值 'file://x'", "b.csv; 值 'file://x'"),
])
def test_file_url_with_a_path_loses_its_folders(text, shown):
    assert shown_paths(text) == shown
