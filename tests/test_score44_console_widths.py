"""The console's tables (issue 14, item 1; session 44): pandas counts each text's East Asian width character by
character, every time it asks (~92,000 asks, ~500,000 characters for the scorecard's grid of 200 windows: 0.1 s of
the tables' 0.16 s).  While ``print_table`` prints, a text of ASCII alone is counted by its length (each ASCII
character is one column wide, as pandas counts it) and any other text once per table: the same text printed."""
from __future__ import annotations

import io
from contextlib import redirect_stdout

import pandas as pd
import pytest
from pandas.io.formats import printing

from windoweval import console

MIXED = pd.DataFrame({
    "测量项 / measure": ["到达现场时限", "power_window.10.2.5", "○ 仅有未到期", "全角ＡＢＣ"],
    "PW01": ["98.5✗", "—", "○", "100.0"],
    "PW0002": ["?", "99.1", "城东营业厅", ""],
    "n": [1, 22, 333, 4444],
})


def _pandas_own(df: pd.DataFrame, wide: bool) -> str:
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.unicode.east_asian_width", True, "display.unicode.ambiguous_as_wide", wide):
        return df.to_string(index=False)


@pytest.mark.parametrize("wide", [False, True])
def test_the_same_text_as_pandas_counts_it(wide):
    with pd.option_context("display.unicode.ambiguous_as_wide", wide):
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.unicode.east_asian_width", True), console._ascii_widths():
            ours = MIXED.to_string(index=False)
    assert ours == _pandas_own(MIXED, wide)
    # a grid as wide as the scorecard's (a column a window, cut at 50 columns as printed)
    grid = pd.DataFrame({f"PW{i:04d}": ["98.5✗", "—", "100.0", "○"] for i in range(120)})
    grid.insert(0, "测量项 / measure", ["到达现场", "故障抢修", "m", "业扩报装"])
    with pd.option_context("display.unicode.ambiguous_as_wide", wide):
        with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                               "display.unicode.east_asian_width", True), console._ascii_widths():
            ours = grid.to_string(index=False)
    assert ours == _pandas_own(grid, wide)


def test_ascii_text_is_not_counted_character_by_character(monkeypatch):
    asked: list = []
    real = printing.east_asian_width

    def counted(c):
        asked.append(c)
        return real(c)
    monkeypatch.setattr(printing, "east_asian_width", counted)
    df = pd.DataFrame({f"PW{i:04d}": [f"{90 + i % 10}.5", "100.0", "?"] for i in range(40)})
    df.insert(0, "measure", ["到达现场", "m1", "m2"])
    with redirect_stdout(io.StringIO()) as out:
        console.print_table(df)
    assert "到达现场" in out.getvalue()
    # each text of more than ASCII counted once, none of ASCII alone
    others = {str(v) for v in df["measure"]} | {"measure"}
    assert len(asked) <= sum(len(t) for t in others if not t.isascii())
    assert not [c for c in asked if c.isascii()]


def test_pandas_own_adjustment_is_put_back(monkeypatch):
    real = printing.get_adjustment
    with redirect_stdout(io.StringIO()):
        console.print_table(MIXED)
    assert printing.get_adjustment is real

    def broken(self, *a, **k):
        raise RuntimeError("a table that cannot be printed")
    monkeypatch.setattr(pd.DataFrame, "to_string", broken)
    with pytest.raises(RuntimeError):
        console.print_table(MIXED)
    assert printing.get_adjustment is real
    assert not console._ascii_widths._lock.locked()
