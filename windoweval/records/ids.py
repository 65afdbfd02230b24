"""How ids arrive mangled by a spreadsheet, read once for records and survey deliveries alike.

Two shapes a numeric id takes when a spreadsheet held it as a number and saved it as text:

- Excel's scientific notation (``1.23457E+17``): the digits past the sixth are gone; no rule reads them back
  (:data:`SCIENTIFIC_ID_RE`, refused by the records' reader and by a survey delivery's check).
- A float's text (``100000.0``): a sheet or a program that typed the id column as numbers writes every id with
  ``.0``; the integer it stands for is exact while it has at most 15 digits (what a spreadsheet keeps), and is read
  as that integer's text (:func:`decimal_ids`), so that ``100000.0`` is the order ``100000`` another export names.

Examples
--------
>>> import re
>>> bool(re.fullmatch(SCIENTIFIC_ID_RE, "4.40101E+17")), bool(re.fullmatch(SCIENTIFIC_ID_RE, "1E+1234"))
(True, False)
"""
from __future__ import annotations

__all__ = ["SCIENTIFIC_ID_RE"]

#: An id as Excel shows a long number and saves it to CSV or text (1.23457E+17, 4.40101E+17): the digits past the
#: sixth are gone.  A positive exponent with its sign and one to three digits, as Excel writes it (its numbers end
#: below 1E+308); an id such as ``3E5``, ``12E+`` or ``1E+1234`` is no number Excel wrote, and is left alone.  Anchored,
#: for pyarrow's ``match_substring_regex`` and pandas' ``fullmatch`` alike.  The one pattern the records' reader
#: (``records.validate``) and the survey delivery's check (``survey.delivery``) use.
SCIENTIFIC_ID_RE = r"^[+-]?\d(?:\.\d+)?[Ee]\+\d{1,3}$"
