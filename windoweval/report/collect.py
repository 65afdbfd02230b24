"""What a run notebook hands the report: its tables, figures and headline values, scrubbed of the machine's traces."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path



@dataclass
class Collected:
    """What a report takes out of an executed notebook.

    Examples
    --------
    >>> import nbformat
    >>> from windoweval.present import HEADLINES_MIME, TABLE_MIME
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("...", outputs=[
    ...     nbformat.v4.new_output("display_data", data={TABLE_MIME: {"name": "ranking", "title": "窗口得分与排名",
    ...                                                              "columns": ["窗口编号"], "data": [["PW01"]]}}),
    ...     nbformat.v4.new_output("display_data", data={HEADLINES_MIME: {"group": "annual", "items": []}})])])
    >>> got = collect(nb)
    >>> type(got).__name__, len(got.tables), len(got.headlines)
    ('Collected', 1, 1)
    >>> Collected()
    Collected(tables=[], headlines=[], figures=[], warnings=[])
    """

    tables: list = field(default_factory=list)      # [{name, title, columns, data}]
    headlines: list = field(default_factory=list)   # [{group, items: [{key, label, value, display}]}]
    figures: list = field(default_factory=list)     # [{name, caption, spec}] marked headline
    warnings: list = field(default_factory=list)    # [{key, text, text_<other language>}]: missing evidence


def collect(nb) -> Collected:
    """The tables, headline figures and headline charts that :mod:`windoweval.present` put in ``nb``'s outputs.

    Examples
    --------
    >>> import nbformat
    >>> from windoweval.present import HEADLINES_MIME, TABLE_MIME
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("...", outputs=[
    ...     nbformat.v4.new_output("display_data", data={TABLE_MIME: {"name": "ranking", "title": "窗口得分与排名",
    ...                                                              "columns": ["窗口编号"], "data": [["PW01"]]}}),
    ...     nbformat.v4.new_output("display_data", data={HEADLINES_MIME: {"group": "annual", "items": []}})])])
    >>> got = collect(nb)
    >>> [t["name"] for t in got.tables], [h["group"] for h in got.headlines], got.figures, got.warnings
    (['ranking'], ['annual'], [], [])
    """
    from ..present import HEADLINES_MIME, PLOTLY_MIME, TABLE_MIME, WARNING_MIME

    got = Collected()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data") or {}
            if TABLE_MIME in data:
                got.tables.append(dict(data[TABLE_MIME]))
            if HEADLINES_MIME in data:
                got.headlines.append(dict(data[HEADLINES_MIME]))
            if WARNING_MIME in data:
                got.warnings.append(dict(data[WARNING_MIME]))
            meta = (out.get("metadata") or {}).get("windoweval") or {}
            if PLOTLY_MIME in data and meta.get("headline"):
                got.figures.append({"name": meta.get("figure"), "caption": meta.get("caption", ""),
                                    "spec": data[PLOTLY_MIME], "specs": meta.get("specs") or {},
                                    "captions": meta.get("captions") or {}})
    return got


def _scrub(nb) -> list[str]:
    """Mask personal data in every text output left outside tables and figures; drop stderr (returned, for the log)."""
    import pandas as pd

    from ..present import PLOTLY_MIME, TABLE_MIME
    from ..privacy import mask_text

    warnings, texts = [], []   # texts: (where, key) of every text to mask, masked at once below
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        keep = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                if out.get("name") == "stderr":
                    warnings.append(out.get("text", ""))
                    continue
                out["text"] = out.get("text", "")
                texts.append((out, "text"))
            data = out.get("data") or {}
            if data and PLOTLY_MIME not in data and TABLE_MIME not in data:
                for mime in ("text/plain", "text/markdown", "text/html"):
                    if isinstance(data.get(mime), str):
                        texts.append((data, mime))
            keep.append(out)
        cell["outputs"] = keep
    if texts:
        masked = mask_text(pd.Series([where[key] for where, key in texts], dtype="string"))
        for (where, key), text in zip(texts, masked.tolist()):
            where[key] = str(text)
    return warnings


def _keep_failed(src: Path, dst: Path):
    """Copy a failed notebook for inspection with every output text (tracebacks too) masked."""
    import nbformat

    from ..privacy import mask_json

    nb = nbformat.read(src, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell["outputs"] = nbformat.from_dict(mask_json(list(cell.get("outputs", []))))
    nbformat.write(nb, dst)


# ---------------------------------------------------------------- writing
