"""Demo queue tickets (排队叫号记录) of the hospital billing office and pharmacy, for the waiting-time reading.

Exported with the queue system's own Chinese headers (the contract's aliases read them).  Drawn from
a generator of their own (seeded by the demo's seed and the year), so adding them changes no other
demo record.  Planted: the billing office (HBIL) waits less in the evaluation year than in the
year before (shortened), the pharmacy (HPHA) waits longer (not shortened); a few tickets in each are
never called.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["queue_tickets", "write_demo", "TICKETS_PER_WINDOW", "MEDIAN_WAIT_MIN"]

#: Tickets per window and year.
TICKETS_PER_WINDOW = 1500
#: The typical wait (minutes, the lognormal's median) drawn per window: (the year before, the evaluation year).
MEDIAN_WAIT_MIN = {"HBIL": (12.0, 7.0), "HPHA": (6.0, 9.0)}
_QUEUES = {"HBIL": "挂号收费", "HPHA": "门诊取药"}


def queue_tickets(year: int, seed: int, evaluation_year: bool) -> pd.DataFrame:
    """The year's tickets of the demo's billing office and pharmacy, with the queue system's headers.

    Examples
    --------
    >>> a, b = queue_tickets(2025, 1, True), queue_tickets(2025, 1, True)
    >>> a.equals(b), len(a), list(a.columns)[:3]
    (True, 3000, ['票号流水号', '窗口编号', '队列名称'])
    """
    rng = np.random.default_rng([int(seed), int(year), 11])
    days = pd.date_range(f"{year}-01-01", f"{year}-12-20", freq="D")
    parts = []
    for w, (before, now) in MEDIAN_WAIT_MIN.items():
        n = TICKETS_PER_WINDOW
        day = days[rng.integers(0, len(days), n)]
        secs = rng.uniform(7.5 * 3600, 17 * 3600, n).round()
        taken = pd.DatetimeIndex(day) + pd.to_timedelta(secs, unit="s")
        med = now if evaluation_year else before
        wait = np.round(rng.lognormal(np.log(med * 60), 0.55, n))          # seconds
        called = taken + pd.to_timedelta(wait, unit="s")
        never = rng.random(n) < 0.03                                       # left before being called
        called = pd.Series(called).where(~never)
        parts.append(pd.DataFrame({"window_id": w, "queue": _QUEUES[w], "ticket_at": taken, "called_at": called.to_numpy(),
                                   "counter_id": rng.integers(1, 5, n).astype(str)}))
    df = pd.concat(parts, ignore_index=True).sort_values(["ticket_at", "window_id"], kind="stable", ignore_index=True)
    df.insert(0, "ticket_id", [f"Q{year % 100}{i:07d}" for i in range(1, len(df) + 1)])
    df.loc[df["called_at"].isna(), "counter_id"] = None
    return df.rename(columns={"ticket_id": "票号流水号", "window_id": "窗口编号", "queue": "队列名称",
                              "ticket_at": "取号时间", "called_at": "叫号时间", "counter_id": "柜台号"})


def write_demo(out, year: int, seed: int) -> None:
    """``queue_tickets.csv`` of ``year - 1`` and ``year`` in ``out``, as :func:`windoweval.demo.generate` writes it
    (for a demo directory generated before the queue tickets existed)."""
    from pathlib import Path

    from ..atomic import write_text

    df = pd.concat([queue_tickets(year - 1, seed, False), queue_tickets(year, seed, True)], ignore_index=True)
    write_text(Path(out) / "queue_tickets.csv", df.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S"))
