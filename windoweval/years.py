"""What a year is: :data:`YEARS`, and :func:`recognise_year`, the one recogniser of a year the API, the notebooks'
parameters and ``--year`` share (standard library only: the command line imports it before pandas)."""
from __future__ import annotations

import math
import numbers

__all__ = ["YEARS", "recognise_year"]

#: The years the package evaluates: a year outside reaches no calendar source and no pandas date (1900–2200).
YEARS = range(1900, 2201)


def recognise_year(value) -> int | None:
    """A year as an integer from what a caller hands over, or None where ``value`` is no whole number: an ``int`` (not
    a bool), a NumPy integer, an integral float (``2025.0``, as a YAML or a spreadsheet cell gives it), or the ASCII
    digits of one as text (``" 2025 "``, a sign allowed).  The one recogniser of a year for the API
    (:func:`windoweval.evaluation.as_year`), the notebooks' parameters (:func:`windoweval.params.notebook_values`) and
    ``--year`` (:func:`windoweval.cli.args.year`); whether it is in :data:`YEARS`, and how a refusal is worded, is
    each caller's.

    Examples
    --------
    >>> import numpy as np
    >>> [recognise_year(v) for v in (2025, np.int64(2025), 2025.0, np.float32(2025), " 2025 ", "-5")]
    [2025, 2025, 2025, 2025, 2025, -5]
    >>> [recognise_year(v) for v in (True, np.bool_(True), 2025.5, float("nan"), "2025; import os", "２０２５", None, [2025])]
    [None, None, None, None, None, None, None, None]
    """
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return int(v) if math.isfinite(v) and v.is_integer() else None
    if isinstance(value, str):
        s = value.strip()
        digits = s[1:] if s[:1] in "+-" else s
        return int(s) if digits and digits.isascii() and digits.isdigit() and len(digits) <= 12 else None
    return None
