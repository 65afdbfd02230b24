"""Export files as tests write them, shared instead of copied (one builder per shape)."""
from __future__ import annotations

from pathlib import Path

#: A complaints export's header and its records around a line written again mid-file.
COMPLAINTS_HEADER = "工单编号,受理渠道,诉求类型,窗口编号,受理时间"


def complaints_with_header_again(folder, again: str = COMPLAINTS_HEADER) -> Path:
    """``folder/complaints.csv``: a header, a record, the line ``again`` (the header written again, as two exports
    put together have it), a record."""
    f = Path(folder) / "complaints.csv"
    f.write_text(f"{COMPLAINTS_HEADER}\n"
                 "C1,95598,complaint,PW01,2025-03-01 10:00\n"
                 f"{again}\n"
                 "C2,95598,complaint,PW01,2025-03-02 10:00\n", encoding="utf-8")
    return f
