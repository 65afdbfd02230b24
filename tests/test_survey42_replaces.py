"""survey42: a corrected delivery whose interview dates all moved (the firm's export had shifted every date; the
corrected file has the same interviews on their right days) was refused even with ``--replace`` as a second wave of
the year, and the message's only way on was ``survey remove`` then import: the survey id gone with its delivery
history, and the year's report without a survey until the import.  Now ``--replaces SHA`` names the delivery the file
corrects (its SHA-256, as the import and the refusal show it): held to the current delivery, it replaces it (the
earlier one kept, as ``--replace`` keeps it); ``--replace`` alone still refuses a file of another period, and its
message names ``--replaces`` with the current delivery's digits."""
from pathlib import Path

import pandas as pd

from windoweval.cli import main
from windoweval.survey.store import list_deliveries, load_responses

HERE = Path(__file__).parent / "golden"


def _files(tmp_path):
    d = pd.read_csv(HERE / "survey40_data.csv", dtype=str, keep_default_na=False)
    a = d[d["set"] == "A"].drop(columns=["set", "N_psu"]).reset_index(drop=True)
    first = a[a["interview_date"] < "2025-07-01"].reset_index(drop=True)
    moved = first.assign(interview_date=(pd.to_datetime(first["interview_date"]) + pd.Timedelta(days=183))
                         .dt.strftime("%Y-%m-%d"))
    paths = {}
    for name, f in (("first", first), ("moved", moved)):
        paths[name] = tmp_path / f"{name}.csv"
        f.to_csv(paths[name], index=False)
    return paths, moved, tmp_path / "store"


def _run(capsys, *args):
    rc = main(["survey", "import", *map(str, args)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_a_corrected_delivery_with_every_date_moved_replaces_the_one_it_names(tmp_path, capsys):
    paths, moved, store = _files(tmp_path)
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    assert _run(capsys, paths["first"], *imp)[0] == 0
    sha = list_deliveries("power_hall_2025", store_dir=store).iloc[0]["sha256"]
    rc, msg = _run(capsys, paths["moved"], *imp, "--replace")            # still refused: it looks like a second wave
    assert rc == 3 and "Traceback" not in msg
    assert f"--replaces {sha[:12]}" in msg and msg.index("改正交付") < msg.index("corrected delivery")
    rc, msg = _run(capsys, paths["moved"], *imp, "--replaces", sha[:8])   # before: no such option (exit 2)
    assert rc == 0 and "已替换" in msg
    got = load_responses("power_hall_2025", store_dir=store)
    assert sorted(got["interview_date"].astype(str).str[:10]) == sorted(moved["interview_date"])
    recs = list_deliveries("power_hall_2025", store_dir=store)
    assert len(recs) == 2 and recs.iloc[-1]["replaces"] == sha             # the earlier one kept, named


def test_replaces_naming_no_current_delivery_is_refused_and_nothing_moves(tmp_path, capsys):
    paths, _, store = _files(tmp_path)
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    rc, msg = _run(capsys, paths["moved"], *imp, "--replaces", "0123abcd")       # nothing to replace yet
    assert rc == 3 and "还没有交付" in msg and "has no delivery yet" in msg and "Traceback" not in msg
    assert _run(capsys, paths["first"], *imp)[0] == 0
    sha = list_deliveries("power_hall_2025", store_dir=store).iloc[0]["sha256"]
    wrong = ("f" if sha[0] != "f" else "0") + sha[1:8]
    rc, msg = _run(capsys, paths["moved"], *imp, "--replaces", wrong)
    assert rc == 3 and f"现有交付是 {sha[:12]}" in msg and "is not the current delivery" in msg
    rc, msg = _run(capsys, paths["moved"], *imp, "--replaces", "最新")
    assert rc == 3 and "不是一份交付的 SHA-256" in msg and msg.index("SHA-256") < msg.index("no delivery's")
    assert len(list_deliveries("power_hall_2025", store_dir=store)) == 1
