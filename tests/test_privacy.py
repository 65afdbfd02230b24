"""Personal data in free text is masked (windoweval.privacy), and no complaint output shows it unmasked."""
import re

import pandas as pd
import pytest

from windoweval.privacy import mask_frame, mask_text

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
IDCARD = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


@pytest.mark.parametrize("raw, expected", [
    ("电话13812345678", "电话[手机号]"),
    ("电话 +86 13812345678。", "电话 [手机号]。"),
    ("电话8613812345678", "电话[手机号]"),
    ("138-1234-5678 或 139 8765 4321", "[手机号] 或 [手机号]"),
    ("座机010-12345678", "座机[电话]"),
    ("座机(0571)88886666转", "座机[电话]转"),
    ("座机0755 22334455", "座机[电话]"),
    ("分机 021-62345678-123", "分机 [电话]"),
    ("身份证11010119900307123X", "身份证[身份证号]"),
    ("身份证 330106198506121234。", "身份证 [身份证号]。"),
    ("姓名:张三,", "姓名:某某,"),
    ("联系人 欧阳娜娜", "联系人 某某"),
    ("王先生来电", "某先生来电"),
    ("客户反映李女士家停电", "客户反映某女士家停电"),
    ("欧阳明先生", "某先生"),
    ("诸葛小姐", "某小姐"),
])
def test_masks_each_kind_of_personal_data(raw, expected):
    assert mask_text(pd.Series([raw])).tolist() == [expected]


@pytest.mark.parametrize("raw", [
    "请拨打95598", "12345热线", "工单号1381234567890", "金额12345678元", "这位先生", "2025-03-05 10:00",
    "户号0012345678",
])
def test_leaves_service_numbers_ids_and_amounts_alone(raw):
    assert mask_text(pd.Series([raw])).tolist() == [raw]


def test_id_card_is_masked_whole_not_as_a_phone_inside_it():
    out = mask_text(pd.Series(["11010119900307123X"]))[0]
    assert out == "[身份证号]"


def test_missing_values_and_index_are_kept():
    s = pd.Series(["王先生", None, "ok"], index=[10, 11, 12])
    out = mask_text(s)
    assert out.index.tolist() == [10, 11, 12]
    assert out.isna().tolist() == [False, True, False]
    assert mask_text(out).tolist()[0] == out.tolist()[0]  # masking twice changes nothing


def test_mask_frame_masks_text_columns_only():
    df = pd.DataFrame({"case": ["C1", "C2"], "text": ["王女士 13812345678", None], "n": [1, 2],
                       "t": pd.to_datetime(["2025-01-01", "2025-01-02"])})
    out = mask_frame(df)
    assert out["text"].tolist()[0] == "某女士 [手机号]"
    assert out["n"].tolist() == [1, 2] and out["t"].equals(df["t"]) and out["case"].tolist() == ["C1", "C2"]
    assert df["text"][0] == "王女士 13812345678"  # the input is not changed


@pytest.fixture(scope="module")
def demo_cases():
    from windoweval.complaints import read_complaints
    return read_complaints()


def test_demo_descriptions_carry_personal_data_and_mask_clean(demo_cases):
    d = demo_cases["description"]
    assert d.str.contains(MOBILE).sum() > 100 and d.str.contains(IDCARD).sum() > 100
    m = mask_text(d)
    assert not m.str.contains(MOBILE).any()
    assert not m.str.contains(IDCARD).any()
    assert not m.str.contains(r"[王李张刘陈][伟芳娜敏静]?(?:先生|女士)").any()


def test_complaint_tables_never_carry_the_description(demo_cases):
    from windoweval import complaints as C

    cases = demo_cases[demo_cases["received_at"].dt.year == 2025]
    a = C.assess_cases(cases)
    for t in (a, C.timeliness(a, by="window_id"), C.callback_rate(a, by="month"), C.breakdown(a, "category"),
              C.repeat_complainants(demo_cases)):
        assert "description" not in t.columns
    o = C.open_cases(cases, "2025-12-31 23:59:59")
    assert not o["description"].dropna().str.contains(MOBILE).any()


def test_scorecard_drilldown_masks_the_description(demo_cases):
    from windoweval.promises import _sub_catalog
    from windoweval.scoring import score

    card = score("power_window", year=2025, catalog=_sub_catalog({"power_window.13.5#complaint_reply"}))
    d = card.drilldown("power_window.13.5#complaint_reply", include_passed=True)
    assert len(d) > 400
    assert not d["description"].dropna().str.contains(MOBILE).any()
    assert d["description"].str.contains(r"\[手机号\]").any()


def test_name_after_a_full_width_colon_is_masked():
    import pandas as pd
    from windoweval.privacy import mask_text

    out = mask_text(pd.Series(["客户姓名：张三丰 来电投诉", "姓名:李四"])).tolist()
    assert "张三丰" not in out[0] and "李四" not in out[1]


# ---------------------------------------------------------------- issue 11: every written form, every output
@pytest.mark.parametrize("raw, expected", [
    ("电话０１０ 6111 0007", "电话[电话]"),
    ("座机0571-8111-0008。", "座机[电话]。"),
    ("+86 571 8111 0008", "[电话]"),
    ("电话１３８１２３４５６７８", "电话[手机号]"),
    ("１３８－１２３４－５６７８", "[手机号]"),
    ("+86 138 1234 5678", "[手机号]"),
    ("(+86)13812345678", "[手机号]"),
    ("身份证号330106850612203", "身份证号[身份证号]"),
    ("客户：张三丰,", "客户：某某,"),
    ("客户:李四", "客户:某某"),
    ("患者：王小明", "患者：某某"),
    ("患者:赵六", "患者:某某"),
    ("联系人：钱七", "联系人：某某"),
    ("邮箱 zhang.san@example.com.cn", "邮箱 [邮箱]"),
    # the street or estate masked with its number, to the district at most (newuser48: 中山路, 幸福小区 were kept)
    ("家住中山路128号3栋2单元501室", "家住[地址]"),
    ("幸福小区5栋1单元302室", "[地址]"),
    ("5栋1单元302室", "[地址]"),
])
def test_masks_every_written_form(raw, expected):
    assert mask_text(pd.Series([raw])).tolist() == [expected]


def test_full_width_text_outside_a_match_is_kept_as_written():
    assert mask_text(pd.Series(["ＰＷ01 窗口，电话０１０ 6111 0007"])).tolist() == ["ＰＷ01 窗口，电话[电话]"]


@pytest.mark.parametrize("raw", ["客户反映排队久", "第3号窗口", "2025-03-05 10:00:00", "工单号 20250305001",
                                 "金额 1,234.50 元", "12345热线", "95598"])
def test_ordinary_text_is_left_alone(raw):
    assert mask_text(pd.Series([raw])).tolist() == [raw]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", " =1", "\u3000=1", "\u3000＝1", "＝1", "＋1",
                                  "－1", "＠x", "\t=1", "\r=1", "\u00a0+1"])
def test_formulas_are_neutralised_in_every_form(cell):
    from windoweval.exports import neutralise, safe_frame

    assert neutralise(cell) == "'" + cell
    assert safe_frame(pd.DataFrame({"x": [cell, "ok", None, 3]}))["x"].tolist()[:2] == ["'" + cell, "ok"]


def test_score_csvs_pass_the_gate(tmp_path):
    """``windoweval score`` writes through exports.write_csv: masked and neutralised."""
    import inspect

    from windoweval.cli import scoring as cli

    # the command's body moved into _score (score20: cmd_score releases the scorecard however _score ends); the
    # whole module is looked at so that a helper it calls cannot write a CSV around the gate either
    src = inspect.getsource(cli)
    assert "write_csv(" in inspect.getsource(cli._score) and ".to_csv(" not in src


def test_failed_notebook_is_masked(tmp_path):
    import nbformat

    from windoweval.report.collect import _keep_failed

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="客户：张三丰 13812345678",
                                           traceback=["ValueError: 0571-8111-0008"]),
                    nbformat.v4.new_output("stream", name="stdout", text="邮箱 a.b@example.com")]
    nb.cells.append(cell)
    src, dst = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    nbformat.write(nb, src)
    _keep_failed(src, dst)
    text = dst.read_text(encoding="utf-8")
    assert "张三丰" not in text and "13812345678" not in text and "8111" not in text and "a.b@" not in text


def test_log_and_console_messages_are_masked(tmp_path, capsys):
    import logging

    from windoweval.cli import main
    from windoweval.privacy import MaskingFilter

    log = logging.getLogger("windoweval.test-mask")
    h = logging.FileHandler(tmp_path / "x.log", encoding="utf-8")
    h.addFilter(MaskingFilter())
    log.addHandler(h)
    log.error("value %s refused", "13812345678")
    h.close()
    log.removeHandler(h)
    assert "13812345678" not in (tmp_path / "x.log").read_text(encoding="utf-8")
    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "a"\nkind = "power_hall"\n'
                                              '[targets]\n"a" = "13812345678"\n', encoding="utf-8")
    assert main(["records", "check", "--data", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "[targets]" in err and "[手机号]" in err and "13812345678" not in err


def test_safe_frame_keeps_object_columns_without_text():
    from windoweval.exports import safe_frame

    df = pd.DataFrame({"flag": pd.Series([True, False], dtype=object), "n": pd.Series([1, None], dtype=object),
                       "x": ["=1", "ok"], "c": pd.Categorical(["+1", "客户：张三"])})
    out = safe_frame(df)
    assert out["flag"].tolist() == [True, False] and out["x"].tolist() == ["'=1", "ok"]
    assert out["c"].tolist() == ["'+1", "客户：某某"]


@pytest.mark.parametrize("text, masked", [
    ("客户张三来电反映停电", "客户某某来电反映停电"),
    ("客户王小明反映电费异常", "客户某某反映电费异常"),
    ("患者欧阳娜娜称排队过久", "患者某某称排队过久"),
    ("投诉人李四，电话已留", "投诉人某某，电话已留"),
    ("市民赵六多次来电", "市民某某多次来电"),
    ("客户张三", "客户某某"),
    # no name: a verb or a word that is not a surname follows the party
    ("客户反映业扩报装问题", "客户反映业扩报装问题"),
    ("客户对服务不满", "客户对服务不满"),
    ("客户服务中心回访", "客户服务中心回访"),
    ("市民高度评价", "市民高度评价"),
    ("用户于2025年来电", "用户于2025年来电"),
    # a negation is never part of a name, and ends one as a verb does (before: 客户白天不在家 -> 客户某某在家, its
    # 不 taken; 客户张三没有收到通知 not masked)
    ("客户白天不在家", "客户白天不在家"),   # 白天 is no name (fifth audit: it was 客户某某不在家)
    ("客户张三不在家", "客户某某不在家"),
    ("客户张三没有收到通知", "客户某某没有收到通知"),
    ("客户李四未到场", "客户某某未到场"),
])
def test_a_name_right_after_the_party_is_masked_without_a_colon(text, masked):
    """Issue 11's rule masked ``客户：张三`` but let ``客户张三来电`` through (found by the session-5 audit)."""
    import pandas as pd

    from windoweval.privacy import mask_text

    assert mask_text(pd.Series([text])).tolist() == [masked]
    assert mask_text(pd.Series([text] * 300)).tolist() == [masked] * 300     # the column path, pre-filtered



@pytest.mark.parametrize("party", ["客户", "患者", "投诉人", "市民", "群众", "用户", "居民", "家属"])
def test_a_name_after_any_party_and_a_colon_is_masked(party):
    """The colon rule listed seven parties while the rule without a colon listed twelve, so ``市民：张三`` kept
    its name while ``市民张三来电`` lost it (found reading session 6's change). Both rules now share one list."""
    import pandas as pd

    from windoweval.privacy import mask_text

    for text in (f"{party}：张三丰", f"{party}: 李四 来电"):
        for out in (mask_text(pd.Series([text])).tolist(), mask_text(pd.Series([text] * 300)).tolist()):
            assert "张三丰" not in out[0] and "李四" not in out[0], (text, out[0])
