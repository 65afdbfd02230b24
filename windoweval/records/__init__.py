"""Record contracts: what each kind of record must look like, and reading records against them.

The contracts live in ``contracts.yaml`` beside this module (documented for
people in ``data/README.md``).  :func:`read_records` finds a kind's file in a
data directory (Parquet dataset, Parquet, CSV or XLSX), maps the export's
own headers and codes onto the contract, coerces types and validates with
pandera.  A bad file is refused with *every* bad row named: file, row as
the clerk sees it, column, value, and what was expected, in Chinese and
English.

Examples
--------
>>> c = contracts()["work_orders"]
>>> c.period, c.columns["received_at"]["type"]
('received_at', 'datetime')
"""
from __future__ import annotations

from .contract import Contract, RecordsError, contracts, contracts_markdown
from .files import Loaded, find_file, find_files, load, load_files, workspace_mapping
from .read import read_records
from .validate import validate

__all__ = ["Contract", "contracts", "read_records", "validate", "RecordsError", "find_file", "find_files", "load",
           "load_files", "Loaded", "workspace_mapping", "contracts_markdown"]
