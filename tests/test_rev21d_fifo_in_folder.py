"""A FIFO inside a records folder (a year-partitioned Parquet dataset, complaints/year=2025/part-0.parquet) hung
``records check`` for ever, SIGTERM too (rev21d): safety21 refused a records file name that is a FIFO or a device,
but not one among a dataset folder's files.  Now refused as the file is: exit 3, the file, what it is and the fix,
Chinese first.  A link to a regular file inside the folder is still read.
"""
from __future__ import annotations

import os

import pytest

from windoweval.records.files import find_files
from windoweval.records.io import ExportError


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_dataset_folder_is_refused(tmp_path):
    part = tmp_path / "complaints" / "year=2025"
    part.mkdir(parents=True)
    os.mkfifo(part / "part-0.parquet")
    with pytest.raises(ExportError) as e:
        find_files("complaints", tmp_path, mapping={})
    msg = str(e.value)
    assert e.value.exit_code == 3 and "part-0.parquet" in msg
    assert "不是普通文件" in msg and "not a regular file" in msg and msg.index("不是普通") < msg.index("not a regular")
    assert "请把导出文件本身放在这里" in msg and "put the export itself here" in msg


def test_a_link_to_a_regular_file_in_a_folder_is_kept(tmp_path):
    part = tmp_path / "complaints" / "year=2025"
    part.mkdir(parents=True)
    (tmp_path / "real.parquet").write_bytes(b"PAR1")
    (part / "part-0.parquet").symlink_to(tmp_path / "real.parquet")
    assert find_files("complaints", tmp_path, mapping={}) == [tmp_path / "complaints"]
