"""The demo halls' document-review evidence, with the cases planted for the tests."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..review import _DOCUMENT_ITEMS


#: Document-review evidence planted in the demo (demo year).
REVIEW_PLANTED = {
    "major_incident": ["PW08"],           # no_major_incident: fail
    "systems_not_good": ["PW05"],         # systems_rated_good: fail
    "systems_evidence_missing": ["PW06"],  # no systems_rated_good record at all
    "conduct_rating_na": ["PW03"],        # conduct_rating_top recorded as na (undecided): missing
}


def write_demo(out_dir, year: int, windows: pd.DataFrame):
    """Write the demo halls' document-review evidence (``year - 1`` and ``year``): :data:`REVIEW_PLANTED`."""
    from pathlib import Path

    from ..atomic import write_text

    halls = windows.loc[windows["kind"] == "power_hall", "window_id"].tolist()
    frames = []
    for y in (year - 1, year):
        e = pd.MultiIndex.from_product([halls, _DOCUMENT_ITEMS], names=["window_id", "item"]).to_frame(index=False)
        e["year"] = y
        e["result"] = "pass"
        e["reviewed_on"] = f"{y + 1}-01-15"
        e["document"] = np.where(e["item"] == "no_major_incident", f"{y}年度重大事件台账", f"{y}年度评审材料")
        e["note"] = ""
        if y == year:
            sel = lambda w, it: (e["window_id"].isin(w) & (e["item"] == it)).to_numpy()  # noqa: E731
            e.loc[sel(REVIEW_PLANTED["major_incident"], "no_major_incident"), ["result", "note"]] = \
                ["fail", "发生一起经媒体报道的服务纠纷"]
            e.loc[sel(REVIEW_PLANTED["systems_not_good"], "systems_rated_good"), ["result", "note"]] = \
                ["fail", "95598系统实用化评价为“一般”"]
            e.loc[sel(REVIEW_PLANTED["conduct_rating_na"], "conduct_rating_top"), ["result", "note"]] = \
                ["na", "行风测评结果尚未公布"]
            e = e[~sel(REVIEW_PLANTED["systems_evidence_missing"], "systems_rated_good")]
        frames.append(e)
    df = pd.concat(frames, ignore_index=True)[["window_id", "year", "item", "result", "reviewed_on", "document", "note"]]
    write_text(Path(out_dir) / "demonstration_evidence.csv", df.to_csv(index=False))
    return Path(out_dir) / "demonstration_evidence.csv"
