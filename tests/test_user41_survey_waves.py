"""user41: a survey firm's second wave of the year, delivered apart, numbering its respondents from 000001 again.

The second wave's import was refused with "pass --replace" alone (its ids overlap the first's, so the hint for
another part of a delivery stayed silent), and ``--replace`` then left only the second wave's respondents in the
year's figures, silently.  Now the refusal names the two periods, the ids both use for other interviews and the fix
(join the waves, ids unique across the year, then --replace), and ``--replace`` with a file whose interviews all
fall in another period is refused too (exit 3), the current delivery kept; a corrected delivery of the same
fieldwork still replaces.
"""
from pathlib import Path

import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.survey.store import load_responses

HERE = Path(__file__).parent / "golden"


@pytest.fixture()
def waves(tmp_path):
    d = pd.read_csv(HERE / "survey40_data.csv", dtype=str, keep_default_na=False)
    a = d[d["set"] == "A"].drop(columns=["set", "N_psu"]).reset_index(drop=True)
    w1 = a[a["interview_date"] < "2025-07-01"].reset_index(drop=True)
    w2 = a[a["interview_date"] >= "2025-07-01"].reset_index(drop=True)
    w2["respondent_id"] = [f"{i + 1:06d}" for i in range(len(w2))]      # numbered from 000001 again
    joined = pd.concat([w1, w2.assign(respondent_id="W2-" + w2["respondent_id"])], ignore_index=True)
    paths = {}
    for name, f in (("wave1", w1), ("wave2", w2), ("joined", joined),
                    ("fixed", w1.assign(weight=(w1["weight"].astype(float) * 1.01).round(3).astype(str)))):
        paths[name] = tmp_path / f"{name}.csv"
        f.to_csv(paths[name], index=False)
    return paths, len(w1), len(w2), tmp_path / "store"


def _run(capsys, *args):
    rc = main(["survey", "import", *map(str, args)])
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def test_a_second_wave_is_named_with_both_periods_and_the_fix(waves, capsys):
    paths, n1, n2, store = waves
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    assert _run(capsys, paths["wave1"], *imp)[0] == 0
    rc, msg = _run(capsys, paths["wave2"], *imp)
    assert rc == 3 and "Traceback" not in msg
    assert msg.index("另一轮") < msg.index("another wave")
    assert "2025-02-09–2025-05-23" in msg and "2025-08-12 to 2025-11-23" in msg
    assert f"{min(n1, n2)} 个相同的受访者编号" in msg and "W2-000001" in msg
    assert f"只剩这 {n2} 位受访者" in msg


def test_replace_with_the_second_wave_alone_is_refused_and_the_first_kept(waves, capsys):
    paths, n1, n2, store = waves
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    assert _run(capsys, paths["wave1"], *imp)[0] == 0
    rc, msg = _run(capsys, paths["wave2"], *imp, "--replace")
    assert rc == 3 and "Traceback" not in msg
    assert "未替换" in msg and "was not replaced" in msg and "--replaces" in msg   # survey42: was survey remove
    assert len(load_responses("power_hall_2025", store_dir=store)) == n1      # the first wave still counts
    # the fix: both waves in one file, ids unique across the year
    assert _run(capsys, paths["joined"], *imp, "--replace")[0] == 0
    assert len(load_responses("power_hall_2025", store_dir=store)) == n1 + n2


def test_a_corrected_delivery_of_the_same_fieldwork_still_replaces(waves, capsys):
    paths, n1, _, store = waves
    imp = ["--instrument", "power_hall", "--year", "2025", "--store", store]
    assert _run(capsys, paths["wave1"], *imp)[0] == 0
    rc, msg = _run(capsys, paths["fixed"], *imp)
    assert rc == 3 and "另一轮" not in msg and "--replace" in msg
    assert _run(capsys, paths["fixed"], *imp, "--replace")[0] == 0
    got = load_responses("power_hall_2025", store_dir=store)
    assert len(got) == n1
