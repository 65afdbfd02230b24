"""Review of the thirteenth round, the privacy and message findings (/tmp/review14): a phone typed with any
invisible character is masked; a workspace parameter of the wrong type is refused with the fix, never a traceback;
a hover template keeps only the placeholders plotly reads, so a window's name cannot carry a link into a tooltip."""
from __future__ import annotations

import unicodedata

import pandas as pd
import pytest


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200e", "\u200f", "\u2062", "\u2063", "\u061c", "\u034f"])
def test_a_phone_typed_with_any_invisible_format_character_is_masked(invisible):
    """privacy._FOLD folded only six zero-width characters (ZWSP, ZWNJ, ZWJ, WJ, BOM, MVS); a phone typed or pasted
    with another invisible format character (soft hyphen U+00AD, LRM/RLM U+200E/U+200F, invisible times/separator
    U+2062/U+2063, Arabic letter mark U+061C, combining grapheme joiner U+034F) still showed as 13912345678 and
    reached every output unmasked.  Right: every invisible (Cf / default-ignorable) character is a separator for
    the matching, as ZWSP is: [手机号]."""
    from windoweval.privacy import mask_text

    got = mask_text(pd.Series([f"电话139{invisible}1234{invisible}5678"], dtype="string")).iloc[0]
    assert "[手机号]" in got, repr(got)


@pytest.mark.parametrize("invisible", ["\u3164", "\uffa0", "\u115f", "\ufe0f", "\u180b", "\U000e0041", "\U000e0100",
                                       "\u2064", "\ufff9", "\U0001d173"])
def test_the_other_default_ignorable_characters_are_folded_and_kept_outside_a_match(invisible):
    from windoweval.privacy import mask_text

    text = f"电话139{invisible}1234{invisible}5678，态度{invisible}好"
    pad = [f"WO{i}" for i in range(300)]            # past the pre-filter's threshold: the candidate scan finds it
    for s in ([text], [text, *pad]):
        got = mask_text(pd.Series(s, dtype="string")).iloc[0]
        assert got == f"电话[手机号]，态度{invisible}好", repr(got)


def test_every_format_character_python_knows_is_folded_but_the_bidi_controls_dropped():
    from windoweval.privacy import _FOLD, BIDI_CONTROLS, INVISIBLE, candidates, mask_text

    cf = {chr(k) for k in range(0x110000) if unicodedata.category(chr(k)) == "Cf"}
    bidi = {chr(k) for k in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    assert cf - bidi <= INVISIBLE and not bidi & INVISIBLE and BIDI_CONTROLS == "\u202a-\u202e\u2066-\u2069"
    assert all(_FOLD[ord(c)] == " " for c in INVISIBLE)        # one for one: a span of the folded text is the text's
    # a bidi override inside a number is still dropped, an invisible character beside it folded
    got = mask_text(pd.Series(["电话139\u202e1234\u00ad5678"], dtype="string")).iloc[0]
    assert got == "电话[手机号]", repr(got)
    # an id with no invisible character is no candidate; one with any is (its folded form is matched)
    assert candidates(pd.Series(["WO1381234567", "WO\u00ad1", "WO\U000e00411"], dtype="string")).tolist() == [
        False, True, True]


_REL = "power_window.6.2.1"


def _reliability_files(tmp_path, params: str):
    from _workspace import write_workspace

    files = write_workspace(tmp_path / "files", (("PW01", "城东营业厅", "power_hall"),))
    (files / "windoweval.toml").write_text((files / "windoweval.toml").read_text(encoding="utf-8")
                                           + f'\n[params."{_REL}"]\n{params}\n', encoding="utf-8")
    pd.DataFrame({"outage_id": ["O2"], "customer_id": ["C2"], "window_id": ["PW01"], "voltage_class": ["lv220"],
                  "outage_kind": ["fault"], "start_at": ["2025-03-01 10:00:00"],
                  "restored_at": ["2025-03-01 11:00:00"]}).to_csv(files / "outages.csv", index=False)
    return files


def test_a_provincial_standard_written_as_text_is_refused_with_the_fix(tmp_path):
    """(pre-existing) scoring._params passed the workspace's [params."power_window.6.2.1"] min_rate = "99.9%" to the
    reliability kernel unchecked: `windoweval score` died with TypeError ('str' - 'float', kernels/values.py) and
    exit 5, a traceback for a user's typo.  Right: a WindowevalError naming windoweval.toml, the measure, min_rate,
    the value and the fix (a number such as 0.999), in Chinese and English."""
    from windoweval.errors import WindowevalError
    from windoweval.records.workspace import WorkspaceError
    from windoweval.scoring import score

    files = _reliability_files(tmp_path, 'min_rate = "99.9%"')
    with pytest.raises(WindowevalError) as e:
        score("power_window", 2025, data=files)
    assert "min_rate" in str(e.value) and "99.9%" in str(e.value)
    msg = str(e.value)
    assert isinstance(e.value, WorkspaceError) and e.value.exit_code == 3
    assert "windoweval.toml" in msg and f'[params."{_REL}"] min_rate = "99.9%"' in msg
    zh, en = msg.index("应写成不加引号的数"), msg.index("must be a number without quotes")
    assert zh < en and "min_rate = 0.999" in msg[zh:en] and "min_rate = 0.999" in msg[en:]


@pytest.mark.parametrize("value, says", [("99.9", "written as a percent"), ("-0.5", "within 0-1"),
                                         ("150", "within 0-1"), ("nan", "must be a finite number"),
                                         ("true", "number without quotes"), ('"0.999"', "min_rate = 0.999")])
def test_a_rate_outside_0_1_or_of_another_type_is_refused(tmp_path, value, says):
    from windoweval.records.workspace import WorkspaceError
    from windoweval.scoring import score

    with pytest.raises(WorkspaceError) as e:
        score("power_window", 2025, data=_reliability_files(tmp_path, f"min_rate = {value}"))
    assert says in str(e.value) and f"min_rate = {value}" in str(e.value), str(e.value)
    if value == "99.9":
        assert "百分数" in str(e.value) and "min_rate = 0.999" in str(e.value)


def test_a_rate_written_right_is_taken(tmp_path):
    from windoweval.scoring import score

    r = score("power_window", 2025, data=_reliability_files(tmp_path, "min_rate = 0.999")).results
    assert r.set_index("measure").loc[_REL, "verdict"] == "pass"


@pytest.mark.parametrize("measure, params, says", [
    ("power_window.10.2.5", 'limit = "20"', "must be a number without quotes, such as limit = 20"),
    ("power_window.10.2.5", "unit = 3", "must be a quoted text"),
    ("power_window.10.2.5", 'extend_to_workday = "yes"', "must be true or false"),
])
def test_every_workspace_parameter_is_checked_against_what_the_kernel_takes(tmp_path, measure, params, says):
    from _workspace import write_workspace
    from windoweval.catalog import load_catalog
    from windoweval.kernels import KERNELS
    from windoweval.records.workspace import WorkspaceError
    from windoweval.scoring import score

    m = next(x for x in load_catalog().measures() if x["measure"] == measure)
    assert m["kernel"] == "time_limit" and params.split(" =")[0] in KERNELS["time_limit"].parameters
    files = write_workspace(tmp_path / "files", (("PW01", "城东营业厅", "power_hall"),))
    (files / "windoweval.toml").write_text((files / "windoweval.toml").read_text(encoding="utf-8")
                                           + f'\n[params."{measure}"]\n{params}\n', encoding="utf-8")
    with pytest.raises(WorkspaceError) as e:
        score("power_window", 2025, data=files)
    assert says in str(e.value) and f'[params."{measure}"] {params}' in str(e.value), str(e.value)


def test_the_command_refuses_it_with_exit_3_and_no_traceback(tmp_path):
    from _workspace import run_cli

    files = _reliability_files(tmp_path, 'min_rate = "99.9%"')
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(files),
                "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert p.returncode == 3, p.stderr[-2000:]
    assert "Traceback" not in p.stderr and "TypeError" not in p.stderr
    assert 'min_rate = "99.9%"' in p.stderr and "0.999" in p.stderr, p.stderr[-2000:]


def test_a_template_placeholder_from_data_cannot_carry_a_link():
    """html._esc_template: _TEMPLATE_KEEP kept anything of the form %{...} verbatim, so a group value plotly express
    writes into the hovertemplate (a window's name) such as %{<a href="https://x.example">点此</a>} kept its markup:
    plotly.js does not take a key with a space as a placeholder and draws the text with its <a href> (a clickable
    link in the report's tooltip).  Right: only well-formed placeholders (no space, no tag characters inside) are
    kept; the rest is escaped."""
    from windoweval.html import escape_figure

    spec = {"data": [{"type": "bar", "hovertemplate": '窗口名称=%{<a href="https://x.example">点此</a>}<br>得分=%{x}'}]}
    out = escape_figure(spec)["data"][0]["hovertemplate"]
    assert "<a" not in out, out
    assert "%{x}" in out and "<br>" in out


@pytest.mark.parametrize("kept", ["%{x}", "%{y:.1f}", "%{x:+.1f}", "%{customdata[0]}", "%{fullData.name}",
                                  "%{x|%Y-%m-%d}", "%{y:,.0%}", "%{text}", "<extra></extra>", "<b>x</b>"])
def test_the_placeholders_plotly_reads_are_kept(kept):
    from windoweval.html import _esc_template

    assert _esc_template(f"w={kept}<br>") == f"w={kept}<br>"


@pytest.mark.parametrize("bad", ['%{x:<img src=x onerror=alert(1)>}', '%{a b<a href="y">}', "%{<script>}",
                                 '%{x|"><a href=y>z</a>}', "%{x:&lt;a&gt;}"])
def test_any_other_percent_brace_is_escaped(bad):
    from windoweval.html import escape_figure

    out = escape_figure({"data": [{"type": "bar", "texttemplate": [f"{bad}%{{x}}"], "hovertemplate": bad}]})["data"][0]
    for t in (out["hovertemplate"], out["texttemplate"][0]):
        assert "<img" not in t and "<a" not in t and "<script" not in t and "&lt;a&gt;" not in t, t
