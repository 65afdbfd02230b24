"""rev23b: ``survey estimate --weighting``'s trim block read its bounds from the design's last weighting record; but
trim_weights returns the design as it was when no weight lies outside the bounds, so that record was the raking's
(or none) and the account gave no bound, no rows set to a bound and no rounds -- the reader could not tell which
bounds were checked.  The bounds are now the options', and an untouched trim says 0 rows, 0 shared, 0 rounds."""
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from test_survey23_weighting import _run, files  # noqa: E402,F401  (the fixture)


def _acc(files, capsys, extra):
    out = files / "w.csv"
    rc, got = _run(capsys, files, [*extra, "--weighting", str(out)])
    assert rc == 0, got.err
    acc = pd.read_csv(out, encoding="utf-8-sig")
    return acc[acc["step"].eq("截尾 trimming")]


def test_a_trim_that_changes_nothing_still_gives_its_bound(files, capsys):
    acc = _acc(files, capsys, ["--rake", str(files / "rake.csv"), "--trim-lower", "200"])
    bound = acc[acc["variable"].eq("界限 bound")]
    assert bound[["level", "target"]].values.tolist() == [["下限 lower", 200.0]]
    rows = acc[acc["level"].eq("设为界限的行 rows set to a bound")]
    assert rows["after"].tolist() == [0.0]


def test_a_trim_alone_that_changes_nothing_gives_both_bounds(files, capsys):
    acc = _acc(files, capsys, ["--trim-upper", "1e9", "--trim-lower", "1"])
    bound = acc[acc["variable"].eq("界限 bound")]
    assert bound[["level", "target"]].values.tolist() == [["上限 upper", 1e9], ["下限 lower", 1.0]]
    assert acc[acc["level"].eq("轮数 rounds")]["after"].tolist() == [0.0]
