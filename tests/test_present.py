"""The notebooks' shared parts: UI strings, tables and figures as outputs, safe exports, the notebooks' parameters."""
from __future__ import annotations

import ast
import re

import nbformat
import pandas as pd
import pytest

from windoweval import exports, i18n, paths, present
from windoweval.report import NOTEBOOKS, collect
from windoweval.report.collect import _scrub

PARAMETERS = {"year": 2025, "data": None, "instrument": "power_hall", "baseline_year": 2024, "windows": None,
              "scheduler": None, "language": "zh"}


@pytest.fixture
def shown(monkeypatch):
    """The bundles present would display, captured instead."""
    got = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: got.append((bundle, metadata or {})))
    present.setup("zh")
    yield got
    present.setup("zh")


def test_every_string_has_both_languages():
    for key, entry in i18n.strings().items():
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(str(entry[lang]).strip() for lang in i18n.LANGUAGES), key
        # the same placeholders in both languages
        holes = [set(re.findall(r"{(\w+)}", str(entry[lang]))) for lang in i18n.LANGUAGES]
        assert holes[0] == holes[1], key


def test_notebooks_have_one_parameters_cell_and_use_known_strings():
    for name in NOTEBOOKS:
        nb = nbformat.read(paths.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, name
        values = {}
        for node in ast.parse(tagged[0].source).body:
            values[node.targets[0].id] = ast.literal_eval(node.value)
        if name == "explore":       # the notebook that shows one standard takes it as a parameter
            assert values.pop("standard") == "power_window"
        assert values == PARAMETERS, name
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        keys = [n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and re.fullmatch(r"(annual|survey|complaints|promises|explore|common|series)\.[a-z_.]*[a-z_]", n.value)]
        assert keys, name
        for key in keys:
            assert i18n.has(key), f"{name}: no UI string {key}"
        assert "Path(" not in code and "os.path" not in code, f"{name} builds a path (ask windoweval.paths)"
        # every code cell ran in the stored version (nbval compares against these outputs)
        assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), f"{name} has unexecuted cells"


def test_table_masks_localises_and_carries_the_whole_table(shown):
    df = pd.DataFrame({"window_id": [f"W{i:02d}" for i in range(50)], "verdict": ["fail"] * 50,
                       "rate": [0.5] * 50, "comment": ["请回电 13812345678,王先生"] * 50})
    present.table(df, "demo", "annual.table.missed", max_rows=10)
    bundle, _ = shown[-1]
    payload = bundle[present.TABLE_MIME]
    assert payload["name"] == "demo" and len(payload["data"]) == 50
    assert payload["columns"][:3] == ["窗口编号", "结论", "达标率"]
    assert payload["data"][0][1] == "未达标" and payload["data"][0][2] == 0.5
    assert "13812345678" not in str(payload) and "王先生" not in str(payload)
    assert "13812345678" not in bundle["text/html"] and "50.0%" in bundle["text/html"]
    assert "共 50 行" in bundle["text/html"]


def test_figure_draws_with_the_local_plotly_only(shown):
    import plotly.express as px

    present.figure(px.bar(x=["a"], y=[1]), "one", "annual.fig.window_scores", headline=True, year=2025)
    (fig, meta), (caption, _) = shown[-2], shown[-1]
    assert meta["windoweval"] == {"figure": "one", "headline": True,
                                  "caption": i18n.text("annual.fig.window_scores", "zh", year=2025)}
    assert fig[present.PLOTLY_MIME]["data"][0]["type"] == "bar"
    assert 'id="fig-one"' in fig["text/html"] and "cdn" not in fig["text/html"].lower()
    assert "<script src" not in fig["text/html"]
    assert caption["text/markdown"].endswith(i18n.text("annual.fig.window_scores", "zh", year=2025))


def _machine(x: float, seed: int) -> float:
    """``x`` as another machine's iterative fit gives it: different from the 9th significant digit on."""
    return x * (1 + (seed - 0.5) * 4e-9)


@pytest.mark.parametrize("seed", [0, 1])
def test_stored_tables_and_figures_hold_only_the_precision_shown(shown, seed):
    """What a notebook stores (nbval compares it exactly) is the same on two machines whose fits differ in the
    9th digit: table values, headline values, chart data (plotly's base64 arrays) and shape positions."""
    import json

    import plotly.graph_objects as go

    imp = [_machine(v, seed) for v in (0.138548077159182, 0.0712345678, 0.2501)]
    df = pd.DataFrame({"dimension": ["a", "b", "c"], "importance": imp, "performance": [_machine(65.0568827, seed)] * 3,
                       "se": [_machine(2.507247669901508, seed)] * 3, "p_value": [_machine(0.0412345, seed)] * 3,
                       "rate": [_machine(0.99996, seed), 0.9034, None]})
    present.table(df, "ipa", "survey.table.ipa")
    bundle = shown[-1][0]
    fig = go.Figure(go.Scatter(x=imp, y=df["performance"], error_y={"array": df["se"]}))
    fig.add_vline(x=sum(imp) / 3)
    present.figure(fig, "ipa", "survey.fig.ipa")
    present.headlines("survey", {"composite_index": _machine(65.0568827, seed), "satisfied_share": _machine(0.5909, seed)})
    stored = json.dumps([bundle, shown[-3][0], shown[-1][0]], sort_keys=True, ensure_ascii=False)
    if seed == 0:
        test_stored_tables_and_figures_hold_only_the_precision_shown.first = stored
    else:
        assert stored == test_stored_tables_and_figures_hold_only_the_precision_shown.first
    payload = bundle[present.TABLE_MIME]
    assert payload["data"][0][1:] == [0.139, 65.1, 2.51, 0.0412, 0.999]   # 99.996 % shows 99.9 %, never 100 %
    assert "99.9%" in bundle["text/html"] and "100.0%" not in bundle["text/html"]
    assert "0.139" in bundle["text/html"] and "2.51" in bundle["text/html"]
    assert "138548" not in stored and "65.0568" not in stored


def test_headlines_are_formatted_and_carried(shown):
    present.headlines("g", {"met_share": 0.9, "mean_change": -1.25, "windows": 3, "top_window": None})
    items = shown[-1][0][present.HEADLINES_MIME]["items"]
    # windoweval.numbers: half away from zero, one rule everywhere
    assert [i["display"] for i in items] == ["90.0%", "-1.3", "3", "—"]
    assert [i["value"] for i in items] == [0.9, -1.3, 3, None]
    assert items[0]["label"] == i18n.text("headline.met_share", "zh")


def test_formula_cells_are_neutralised(tmp_path):
    df = pd.DataFrame({"a": ["=1+2", "+86", "-x", "@SUM(A1)", "\tx", "\rx", "ok", "−1"], "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    csv = exports.write_csv(df, tmp_path / "t.csv")
    back = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["a"].tolist()[:4] == ["'=1+2", "'+86", "'-x", "'@SUM(A1)"]
    assert back["a"].tolist()[6:] == ["ok", "'−1"]
    assert back["n"].tolist()[0] == "-1"          # numbers stay numbers
    from openpyxl import load_workbook
    exports.write_xlsx({"t": df, "=evil": df}, tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["t"]
    assert ws["A2"].value == "'=1+2" and ws["A2"].data_type == "s" and ws["B2"].value == -1
    assert all(c.data_type != "f" for s in wb for row in s.iter_rows() for c in row)


def test_exports_mask_personal_data(tmp_path):
    df = pd.DataFrame({"comment": ["联系人:张三 电话 010-87654321 身份证 11010119900307123X"]})
    text = exports.write_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "张三" not in text and "87654321" not in text and "11010119900307123X" not in text


def test_scrub_masks_text_outputs_and_drops_stderr():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="call 13912345678\n"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "王女士 13912345678"}),
    ])])
    warnings = _scrub(nb)
    outs = nb.cells[0].outputs
    assert warnings == ["a warning\n"] and len(outs) == 2
    assert "13912345678" not in outs[0]["text"] and "13912345678" not in outs[1]["data"]["text/plain"]
    assert collect(nb).tables == []


def test_same_tables_give_the_same_workbook(tmp_path):
    import time

    df = pd.DataFrame({"a": ["x", "=y"], "n": [1, 2.5]})
    exports.write_xlsx({"t": df}, tmp_path / "a.xlsx")
    time.sleep(1.1)
    exports.write_xlsx({"t": df}, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_columns_with_one_label_stay_apart(shown):
    present.setup("en")            # "passed" and "met" are both "Met" in English
    present.table(pd.DataFrame({"passed": [3], "met": [2], "clause_id": ["a.1"]}), "c", "annual.table.missed")
    cols = shown[-1][0][present.TABLE_MIME]["columns"]
    assert len(set(cols)) == len(cols) == 3 and "Met (passed)" in cols
