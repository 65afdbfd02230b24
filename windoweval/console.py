"""Tables printed to a terminal (the commands' output), wide and with Chinese columns aligned."""
from __future__ import annotations

import pandas as pd

__all__ = ["print_table"]


def print_table(df: pd.DataFrame):
    """Print ``df`` without its index, up to 500 rows and 50 columns, East Asian widths counted.

    The console is an output for people too: text passes the privacy gate (:func:`windoweval.privacy.mask_frame`).

    Examples
    --------
    >>> print_table(pd.DataFrame({"窗口": ["城东营业厅", "PW02"], "联系人": ["张先生 13812345678", "—"], "得分": [91.5, 78.0]}))
          窗口          联系人  得分
    城东营业厅 某先生 [手机号]  91.5
          PW02               —  78.0
    """
    from .privacy import mask_frame

    df = mask_frame(df)
    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 200,
                           "display.unicode.east_asian_width", True):
        print(df.to_string(index=False))
