"""``windoweval records map FILE --kind KIND``: a first ``mapping.yaml`` section proposed from an export.

The proposal is for a person to review and keep, never applied by itself:

1. each header is matched to a contract column by the contract's headers and
   aliases (after trimming, NFKC and case folding), then by close matches
   (``difflib``), marked ``# 请核对 / check``;
2. when several headers land on one contract column (送电时间, 答复时间,
   恢复供电时间 -> ``completed_at``) and the export has the kind's code column
   (工单类型), a ``pick`` is proposed: for each code, the header that is filled
   most often in that code's rows (one ``groupby`` over the file);
3. a header of dates only and a header of times only make a ``combine`` for a
   required date-time the export otherwise lacks;
4. the codes of each category column are listed under ``values``, with the
   contract's value where a code equals one, matches a known Chinese label, or
   is close to one; the others are left as ``TODO`` (which ``records check``
   refuses until they are filled in).

Examples
--------
>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "calls.csv"
>>> _ = f.write_text("话单号,坐席组,振铃时间,接听时间\\nC1,CC,2025-01-02 08:00:01,\\n", encoding="utf-8")
>>> print(propose(f, "calls_95598").split("columns:")[1].split("\\n")[1].strip())
"话单号": call_id
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import prefixed
from ..privacy import looks_like_a_record, mask_lines, mask_text
from .contract import contracts
from .speakers import CUSTOMER_LABELS, STAFF_LABELS
from .io import read_tables
from .mapping import _RANGE_IN_CELL, _TIME_RANGE, _start_seconds, hhmm_times, norm, norm_series
from .totals import _second_header, total_mask
from .validate import _placeholder

__all__ = ["propose"]

#: Chinese labels of the contracts' codes, by keyword (first match wins), for the value proposals.
KEYWORDS: dict[str, list[tuple[str, str]]] = {
    # a meter's words before 故障 (表计故障 is a meter fault), and a fault's before the customer's class (居民故障报修 is
    # a repair, not a new connection)
    "order_type": [("计量", "meter_fault"), ("表计", "meter_fault"), ("电能表", "meter_fault"),
                   ("报修", "fault_repair"), ("抢修", "fault_repair"), ("故障", "fault_repair"),
                   # the customer's class before the work: 受理居民客户用电申请 (低压居民增容 too) is the resident's limit
                   ("非居民", "new_connection_other"), ("高压", "new_connection_other"), ("居民", "new_connection_resident"),
                   ("增容", "new_connection_other"), ("新装", "new_connection_resident"), ("电费", "billing_query"), ("查询", "billing_query"), ("账单", "billing_query"),
                   ("预约", "appointment"), ("约定", "appointment"), ("复电", "supply_restoration"),
                   ("恢复供电", "supply_restoration"), ("停电", "supply_restoration")],
    "channel": [("柜台", "counter"), ("现场", "counter"), ("来访", "counter"), ("当面", "counter"), ("营业厅", "counter"), ("窗口", "counter"), ("95598", "95598"), ("电话", "phone"),
                # 微信 (WeChat) before 信 (a letter): 微信 was read as a letter (left40)
                ("热线", "phone"), ("微信", "online"), ("信", "letter"), ("传真", "fax"), ("网", "online"), ("app", "online")],
    "kind": [("投诉", "complaint"), ("举报", "report"), ("建议", "suggestion"), ("意见", "suggestion"),
             ("报修", "fault_repair"), ("咨询", "enquiry"),
             # an activities register (活动台账): each kind's own words, the supervisors' before a symposium's (行风监督员
             # 座谈 is their meeting); a code the kind does not allow is passed over (complaints' words, activities')
             ("监督员", "supervisor_meeting"), ("行风", "supervisor_meeting"), ("接待", "leadership_reception"),
             ("第三方", "third_party_survey"), ("满意度调查", "third_party_survey"), ("承诺", "promise_publication"),
             ("信息公开", "info_disclosure"), ("公开", "info_disclosure"), ("走访", "customer_visit"),
             ("座谈", "customer_symposium"),
             # a hall's register of its services (服务项目一览表): the kind of each offering
             ("缴费", "payment_channel"), ("自助", "self_service_terminal"), ("终端", "self_service_terminal"),
             ("上门", "home_visit_service"), ("客户经理", "account_manager"), ("电费查询", "bill_history_query"),
             ("账单查询", "bill_history_query"), ("营业时间", "opening_hours"), ("进度查询", "application_progress_query")],
    # 95598 exports: 未回访 is no callback (a time beside it or not), 拒访 a customer reached who gave no view,
    # 联系不上 / 无人接听 / 关机 / 空号 an attempt that did not reach the customer; 基本满意 is satisfied
    # (newuser46) a callback result written as free text: a refusal to be called back said with 不/未接受 or 不愿
    # before 未接 (未接受回访 is no call missed) and 未回访; a satisfaction negated by a degree (不太满意, 不够满意) before
    # 满意; a customer never reached in other words (联系未果, 未联系上, 占线, 无应答, 拒接: the call rejected unanswered)
    "callback_result": [("不接受回访", "declined"), ("未接受回访", "declined"), ("不愿", "declined"),
                        ("不太满意", "dissatisfied"), ("不够满意", "dissatisfied"), ("不大满意", "dissatisfied"),
                        ("不是很满意", "dissatisfied"), ("不很满意", "dissatisfied"),
                        ("联系未果", "unreachable"), ("未联系上", "unreachable"), ("没联系上", "unreachable"),
                        ("占线", "unreachable"), ("无应答", "unreachable"), ("拒接", "unreachable"),
                        ("未回访", "not_called_back"), ("拒访", "declined"), ("拒绝", "declined"), ("不满意", "dissatisfied"), ("满意", "satisfied"),
                        ("联系不上", "unreachable"), ("无法", "unreachable"), ("未接", "unreachable"),
                        ("无人接听", "unreachable"), ("关机", "unreachable"), ("空号", "unreachable"),
                        ("停机", "unreachable")],
    # 撤诉 / 已撤销 / 撤单: the customer withdrew the case (checked before 办结: 撤诉办结 is withdrawn)
    # 转办 / 转派: referred to another unit, still being handled
    "case_status": [("撤", "withdrawn"), ("转办", "open"), ("转派", "open"), ("未办结", "open"), ("未结", "open"),
                    ("处理中", "open"), ("办理中", "open"),
                    ("受理中", "open"), ("进行中", "open"), ("跟进中", "open"), ("在办", "open"), ("在途", "open"),
                    ("待", "open"),
                    ("办结", "closed"), ("已结", "closed"), ("归档", "closed"), ("结案", "closed"), ("完结", "closed"),
                    ("已处理", "closed"), ("完成", "closed"), ("关闭", "closed")],
    # a work order's and an outage's state, read as the complaints' (已办结, 归档, 完成: closed; 处理中: open); an outage
    # is restored (已恢复, 已送电) or not yet (停电中); it has no withdrawal
    "outage_status": [("未恢复", "open"), ("停电中", "open"), ("未送电", "open"), ("处理中", "open"), ("进行中", "open"),
                      ("待", "open"), ("恢复", "closed"), ("已送电", "closed"), ("复电", "closed"), ("办结", "closed"),
                      ("归档", "closed"), ("结案", "closed"), ("完结", "closed"), ("完成", "closed"), ("关闭", "closed")],
    "outage_kind": [("计划", "planned"), ("检修", "planned"), ("临时", "temporary"), ("紧急", "emergency"),
                    ("抢修", "emergency"), ("故障", "fault")],
    "voltage_class": [("35kv", "kv35_plus"), ("66kv", "kv35_plus"), ("110kv", "kv35_plus"), ("220kv", "kv35_plus"),
                      ("10kv", "kv10"), ("20kv", "kv10"), ("6kv", "kv10"), ("0.4kv", "lv380"), ("380v", "lv380"),
                      ("400v", "lv380"), ("220v", "lv220")],
    # a voltage monitoring system's 电压等级 as a point's supply (35 kV and above before 10 kV: 110kV holds 10kV)
    "supply_type": [("35kv", "kv35_plus"), ("66kv", "kv35_plus"), ("110kv", "kv35_plus"), ("220kv", "kv35_plus"),
                    ("10kv", "three_phase_10kv_below"), ("20kv", "three_phase_10kv_below"),
                    ("380v", "three_phase_10kv_below"), ("400v", "three_phase_10kv_below"), ("0.4kv", "three_phase_10kv_below"),
                    ("220v", "single_phase_220v")],
    "patient_kind": [("门诊", "outpatient"), ("急诊", "emergency"), ("住院", "inpatient")],
    "event_type": [("收费", "billing"), ("结算", "billing"), ("挂号", "billing"), ("划价", "billing"), ("西药", "prescription_western"), ("中药", "prescription_chinese"),
                   ("煎", "decoction"), ("放射", "radiology_exam"), ("影像", "radiology_exam"), ("CT", "radiology_exam"),
                   # a laboratory's 肝功能 / 肾功能 / 甲状腺功能 are blood chemistry (急诊 first: 急诊肝功 is an
                   # emergency sample), never a function test (心电, 肺功能, B超)
                   ("磁共振", "radiology_exam"), ("MR", "radiology_exam"), ("DR", "radiology_exam"),
                   ("X线", "radiology_exam"),
                   ("心电", "function_exam"), ("B超", "function_exam"), ("超声", "function_exam"), ("彩超", "function_exam"),
                   ("脑电", "function_exam"), ("肺功", "function_exam"),
                   ("急诊", "lab_emergency"), ("肝功", "lab_biochem_immuno"), ("肾功", "lab_biochem_immuno"),
                   ("甲状腺", "lab_biochem_immuno"), ("甲功", "lab_biochem_immuno"), ("血脂", "lab_biochem_immuno"),
                   ("血糖", "lab_biochem_immuno"), ("电解质", "lab_biochem_immuno"), ("功能", "function_exam"),
                   ("生化", "lab_biochem_immuno"), ("免疫", "lab_biochem_immuno"), ("常规", "lab_routine")],
    "result": [("不合格", "fail"), ("不通过", "fail"), ("不符合", "fail"), ("合格", "pass"), ("通过", "pass"),
               ("符合", "pass"), ("不适用", "na"), ("不是", "fail"), ("否", "fail"), ("是", "pass")],
    # the demonstration review's items as a review sheet names them (第三条–第五条)
    "item": [("标准化", "standard_window_met"), ("支撑", "support_system_built"), ("制度", "systems_rated_good"),
             ("行风", "conduct_rating_top"), ("名列前茅", "conduct_rating_top"), ("重大", "no_major_incident")],
    "business_type": [("缴费", "resident_payment"), ("收费", "resident_payment"), ("用电", "electricity_business"),
                      ("业扩", "electricity_business"), ("挂号", "registration_billing"), ("医保", "medical_insurance"),
                      ("咨询", "enquiry")],
}
#: a work order's state is read as a complaint's: the same words (已办结, 归档, 完成: closed; 撤单: withdrawn)
KEYWORDS["order_status"] = KEYWORDS["case_status"]
#: a hospital event's state: a sample's report released (已发布, 已审核, 已报告, 已签发) or drugs handed out (已发药) is
#: closed; not yet (待检, 未完成, 检验中: :data:`_NOT_DONE`, checked first) open.  Proposed only where every code of the
#: column is placed so (:func:`_status_placed`)
KEYWORDS["event_status"] = [("待", "open"), ("发布", "closed"), ("审核", "closed"), ("报告", "closed"),
                            ("签发", "closed"), ("发药", "closed"), ("完成", "closed"), ("归档", "closed")]
#: a 95598 call's hang-up reason (挂机原因): hung up in the queue (排队中挂机, 排队超时, 放弃) is abandoned; ended as
#: usual or by the agent (正常结束, 坐席挂机) answered; a transfer (转接, 转接其他坐席) says nothing of the answer, as the
#: contract says: other (newuser49: it was left TODO).  Who hung up alone (用户挂机) says nothing of the answer either, but
#: may be abandoned where the export writes every answer: asked (:data:`_EITHER_SIDE`), never placed
KEYWORDS["hang_up"] = [("排队", "abandoned"), ("放弃", "abandoned"), ("正常结束", "answered"), ("坐席挂", "answered"),
                       ("座席挂", "answered"), ("坐席挂断", "answered"), ("转接", "other")]
#: A hang-up reason naming the caller alone (用户挂机, 客户挂断, 主叫挂机): before or after an answer, which the code does
#: not say.  Left TODO with the reading (hang_up is read only where answered_at is blank), never guessed.
_EITHER_SIDE = re.compile(r"^(?:用户|客户|主叫|来电人?|呼入方?)(?:主动)?挂(?:机|断|线)$")
_EITHER_SIDE_NOTE = ("来电人挂机,可能在接听之前或之后:挂机原因只在接听时间为空时读取,有接听时间的按接听时间判断(已接听);"
                     "导出对每个接听的来电都写接听时间时填 abandoned(没有接听时间即未接听、放弃),否则填 other / the caller "
                     "hung up, before or after an answer: hang_up is read only where answered_at is blank, a call with "
                     "an answer time is judged by it (answered); write abandoned if the export writes an answer time "
                     "for every answered call (no answer time: abandoned), else other")
#: A hang-up reason saying the call rang at an agent who did not pick it up (振铃未接, 坐席未接, 振铃超时): still in the
#: queue then; abandoned if the caller hung up after it.  Left TODO with the reading, never guessed (leftovers49).
_RANG_UNANSWERED = re.compile(r"^(?:(?:坐席|座席|话务员)(?:振铃|久振)?|振铃|久振)(?:未接|未应答|无应答|超时)(?:听|起)?$")
_RANG_UNANSWERED_NOTE = ("振铃未接:来电已振铃到坐席,坐席未接起,来电仍在排队中;来电人随后挂机即为放弃。挂机原因只在接听时间为空时读取:"
                         "导出中此后再被接起的来电都写有接听时间时填 abandoned,否则填 other / rang at an agent who did not "
                         "pick up: the call was still in the queue, abandoned if the caller then hung up; hang_up is "
                         "read only where answered_at is blank: write abandoned if every call answered after it has "
                         "an answer time in the export, else other")
#: A hang-up reason saying the call was transferred (转接, 转移, 转出): to another agent or queue; whether it was
#: answered is its answer time's to say.  Left TODO with the reading (leftovers49).
_TRANSFERRED = re.compile(r"^(?:已|被)?(?:转接|转移|转出|转至|转到)")
_TRANSFERRED_NOTE = ("转接:来电被转到其他坐席或队列,是否接听由接听时间判断;挂机原因只在接听时间为空时读取,“转接”本身不说明是否接听,"
                     "一般填 other(按空白读取);若本单位的“转接”只记未接起就转走且未再接听的来电,填 abandoned / transferred: "
                     "the answer time decides whether it was answered; hang_up is read only where answered_at is blank "
                     "and 转接 says nothing of an answer: usually other (read as blank); abandoned only if your "
                     "export writes 转接 for calls moved on unanswered and never answered")
# a turn's speaker by the labels a dialogue's text is read with (员工, 坐席, 客服 …; 客户, 用户, 患者 …), the longer first
KEYWORDS["speaker"] = sorted([(w, "staff") for w in STAFF_LABELS] + [(w, "customer") for w in CUSTOMER_LABELS],
                             key=lambda kv: -len(kv[0]))
# how an inspection was made (暗访 before 检查: 暗访检查 is a mystery shopper's visit)
KEYWORDS["method"] = [("暗访", "mystery_shopper"), ("神秘", "mystery_shopper"), ("台账", "document_review"),
                      ("资料", "document_review"), ("查阅", "document_review"), ("访谈", "interview"),
                      ("座谈", "interview"), ("现场", "inspection"), ("检查", "inspection"), ("巡查", "inspection"),
                      ("明查", "inspection"), ("明察", "inspection"), ("督查", "inspection")]
#: The state columns, whose closing words (办结, 完成, 归档, 恢复 …) say the opposite when negated (未完成, 未归档,
#: 未复电), still awaited (待归档) or under way (恢复中, 处理中): such a value is proposed as open, never as closed.
_STATUS_COLUMNS = ("case_status", "order_status", "outage_status", "event_status")
_NOT_DONE = re.compile(r"[未没无待]|不(?!满)|中$")
#: Codes of a code column that name rows that are no records of the kind (a praise in a 95598 case export: owed no
#: reply, no callback): proposed under ``drop``, left out and counted, for the user to check; never a value.
_NOT_OF_KIND = {"kind": ("表扬", "感谢", "致谢", "锦旗")}
#: A state that says a row is no case of its own (the whole cell): a duplicate order (重复工单, 重复派单: the same
#: request entered again, its original judged), one merged into another (已合并, 并单) or a void one (作废, 无效工单).
#: In a state column the contract reads (case_status, order_status) it is no value of it: proposed under ``drop``,
#: left out and counted, never TODO for the user to map to closed, where it would be judged a second time.
_NO_CASE_STATE = re.compile(r"^(?:已|被)?(?:重复|重单|合并|并单|作废|无效)(?:工单|派单|诉求|来电|单)?$")
#: The code columns that say what a row is (a case's kind, a work order's type): a code of them that is no value may
#: be rows of another kind, for ``drop``; a code of any other column (a callback's result: 一般) is the record's own.
_KIND_COLUMNS = ("kind", "order_type")

#: The time a withdrawn record was withdrawn is read as this column of the kind whose state column (the key) has the
#: value ``withdrawn``: a complaint withdrawn (撤诉) is concluded then (case_status: "then resolved_at is when"), a
#: work order withdrawn (撤单) was never completed and its completion time is its withdrawal (order_status).
_WITHDRAWN_TIME = {"case_status": "resolved_at", "order_status": "completed_at"}
#: A header of the time a record was withdrawn (撤诉时间, 撤单时间, 撤销时间, 撤回时间, 客户撤诉日期, 撤诉办结时间), after
#: :func:`~windoweval.records.mapping.norm` and without a bracketed note: never a receipt or a callback by a near
#: spelling (撤诉时间 is close to 投诉时间, 撤回时间 to 回访时间).
_WITHDRAWAL_HEADER = re.compile(r"^(?:客户|用户|申请人)?(?:申请)?撤(?:诉|单|销|回|件|案|办)(?:工单|诉求|申请|办结|确认|成功)?"
                                r"(?:日期)?(?:时间|时刻|日期)$")


def _withdrawal_headers(headers, c) -> tuple[str | None, list]:
    """``(state column, headers)``: the contract's state column with a ``withdrawn`` value whose withdrawal time
    :data:`_WITHDRAWN_TIME` names, and the export's headers of a withdrawal time (:data:`_WITHDRAWAL_HEADER`), in
    the export's order; ``(None, [])`` where the kind has no such column or the export no such header.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> _withdrawal_headers(["工单编号", "撤诉时间", "回访时间", "撤回时间(系统)"], contracts()["complaints"])
    ('case_status', ['撤诉时间', '撤回时间(系统)'])
    >>> _withdrawal_headers(["撤单时间"], contracts()["work_orders"]), _withdrawal_headers(["撤销时间"], contracts()["calls_95598"])
    (('order_status', ['撤单时间']), (None, []))
    """
    state = next((s for s in _WITHDRAWN_TIME if s in c.columns and _WITHDRAWN_TIME[s] in c.columns
                  and "withdrawn" in map(str, c.columns[s].get("values") or [])), None)
    if state is None:
        return None, []
    hs = [h for h in headers if str(h).strip() and _WITHDRAWAL_HEADER.match(_BRACKETED.sub("", norm(h)).strip())]
    return (state, hs) if hs else (None, [])


def _withdrawal_pick(frame, pos: dict, foot, columns: dict, pick: dict, combine: dict, used: set, c, state,
                     hs: list) -> tuple[list[str], bool]:
    """``(lines, picked)``: the ``pick`` entry, as YAML lines (indented under ``pick:``; ``picked`` True), that reads a
    withdrawn record's time from the
    export's withdrawal time ``hs[0]`` (撤诉时间) and every other record's from the header ``columns`` gives the
    column (办结时间: its ``default``; none: null), by the header proposed for the state column ``state`` (工单状态),
    whose codes the values section maps (已撤诉 -> withdrawn); the headers taken are added to ``used`` and the
    default header taken out of ``columns``.  A comment line instead (``picked`` False) where the export has no
    state column, or the column is already picked or combined; ``([], False)`` with no withdrawal header.

    Without it a withdrawn case's time lay unread (ignore): the case, owed no reply after its withdrawal, read as
    missing evidence.
    """
    if not hs or state is None:
        return [], False
    target = _WITHDRAWN_TIME[state]
    wh = hs[0]
    state_h = next((h for h, col in columns.items() if col == state), None)
    if state_h is None or target in pick or target in combine:
        why = (f"导出中没有{c.columns[state].get('zh', state)}列,撤销的记录无从识别 / the export has no {state} column: the "
               "withdrawn records cannot be told" if state_h is None else
               f"{target} 已按其他列选取,请把撤销的记录并入其中 / {target} is taken otherwise: add the withdrawn records to it")
        return [f"  # {_q(wh)}: " + prefixed("撤销时间未读入", "the time of withdrawal is not read", why)], False
    default = next((h for h, col in columns.items() if col == target), None)
    if default is not None:
        del columns[default]
    used.update([wh, state_h])
    # the share of the withdrawn records that fill each header: the state's codes read once each, rows by code
    allowed = [str(a) for a in c.columns[state]["values"]]
    codes = frame.iloc[:, pos[state_h]].astype("string").str.strip()
    uniq = codes.dropna().unique()
    gone = {u for u in uniq if str(u) == "withdrawn"
            or _guess_value(str(u), state, allowed, c.columns[state].get("en", ""))[0] == "withdrawn"}
    rows = codes.isin(list(gone)).to_numpy(dtype=bool, na_value=False) & ~np.asarray(foot, dtype=bool)
    shares = []
    for h in [wh] + ([default] if default is not None else []):
        v = frame.iloc[:, pos[h]][rows].astype("string").str.strip()
        shares.append(f"{h} {int((v.notna() & (v != '')).sum())}/{int(rows.sum())}")
    zh = c.columns[target].get("zh", target)
    other = _q(default) if default is not None else "null"
    return [f"    {target}:   # 请核对 / check: 撤销(撤诉、撤单)的记录以 {_q(wh)} 为{zh},其余取 "
            f"{_q(default) if default is not None else '空'};撤销的记录中有值 / filled in the withdrawn rows: "
            f"{', '.join(shares)} / a withdrawn record's {target} is its withdrawal, the others' "
            + (f"{_q(default)}" if default is not None else "blank"),
            f"      by: {_q(state_h)}",
            f"      cases: {{withdrawn: {_q(wh)}}}   # 取值为 withdrawn 的代码(见 values)/ the codes mapped to withdrawn "
            "(see values)",
            f"      default: {other}"], True

#: A status code that says a visit or a case was cancelled (已退号, 已退费, 退药, 作废, 已取消, 撤销, 红冲), a sample the
#: laboratory refused (拒收: no report is owed, a new sample is drawn), drugs the patient never came for (未取药: no
#: one waited at the window), or a shift not worked (请假, 调休, 休息), the whole cell (free text that mentions a
#: refund, 患者退费, is none; a report not yet fetched, 报告未取, was sent): in a column no contract column reads (a
#: hospital's 标本状态, 处方状态; a hall's 办件状态, 考勤状态), its rows are no service given, proposed under ``drop``
#: for the user to check, never left to be judged as overdue (a refunded sample's report never sent) or as missing
#: evidence (a day on leave's blank clock-in).
_CANCELLED = re.compile(r"^(?:(?:已|被)?(?:退号|退费|退药|退款|退票|作废|取消|撤销|撤回|撤单|红冲|冲红|冲销|拒收"
                        r"|请假|病假|事假|年假|婚假|产假|丧假|休假|调休|轮休|公休|休息|出差)(?:成功)?"
                        r"|(?:标本)?(?:已|被)?拒收|(?:患者|病人)?(?:未取药|未领药))$")

#: A visit that never took place at the window: the patient booked and never came (未签到, 未到诊, 爽约, 失约, 未就诊)
#: or the clinic was stopped (停诊, 医生停诊), the whole cell.  In a queue's, a hospital window's or a counter's export
#: (:data:`_NO_SHOW_KINDS`) its row is no ticket anyone waited on, proposed under ``drop`` for the user to check, never
#: left to be refused for its blank sign-in time or judged as a ticket never called (newuser46).  Not in an attendance
#: export: a 未签到 there is a staff member's missed clock-in, a fault to judge, never a row to leave out.
_NO_SHOW = re.compile(r"^(?:(?:患者|病人|客户)?(?:未签到|未报到|未到诊|未到院|未到|未就诊|爽约|失约|过期未签到)"
                      r"|(?:医生|专家|门诊)?(?:已|临时)?停诊)$")
_NO_SHOW_KINDS = frozenset({"queue_tickets", "hospital_events", "counter_transactions"})

#: A checklist item's cell (是, 否, 合格, √, ×, 不适用 …): a column of only these is one item of a checklist exported wide.
_RESULT_LIKE = (r"^(?:是|否|合格|不合格|符合|不符合|通过|未通过|有|达标|未达标|正常|不正常|√|✓|✔|×|✗|✘|y|n|yes|no|pass|fail"
                r"|不适用|na|n/a)$")
def _checklist_item(header, items: dict):
    """The standards' checklist item a wide checklist's column ``header`` stands for, ``(code, zh)``, or None: the one
    item whose Chinese name is the header, else the one whose name holds the header's words (after :func:`norm`) or
    is held in the header (挂牌上岗 in 是否挂牌上岗); never a guess between two.

    Examples
    --------
    >>> items = {"badge_worn": {"zh": "挂牌上岗"}, "smile_service": {"zh": "微笑服务,自然真诚"}}
    >>> _checklist_item("是否挂牌上岗", items), _checklist_item("微笑服务", items), _checklist_item("佩戴工牌", items)
    (('badge_worn', '挂牌上岗'), ('smile_service', '微笑服务,自然真诚'), None)
    """
    h = norm(header)
    if len(h) < 2:
        return None
    same = [(code, v["zh"]) for code, v in items.items() if v.get("zh") and norm(v["zh"]) == h]
    if len(same) == 1:   # the item's own name
        return same[0]
    hits = [(code, v["zh"]) for code, v in items.items() if v.get("zh") and (h in norm(v["zh"]) or norm(v["zh"]) in h)]
    return hits[0] if len(hits) == 1 else None


#: A wide checklist's header that asks whether a fault happened (是否使用服务忌语, 有无吸烟): the question, then the fault.
_FAULT_ASKED = re.compile(r"^(?:是否|是不是|有无|有没有|有否)(?:使用|出现|存在|有)?(.{2,})$")


def _fault_item(header, items: dict):
    """The standards' checklist item ``(code, zh)`` a header asks as a fault names (是否使用服务忌语: 是 is a fail of
    杜绝服务忌语), or None: the fault's words held in the name of exactly one item that forbids (its code ``no_…``).

    Examples
    --------
    >>> items = {"no_forbidden_phrases": {"zh": "杜绝服务忌语"}, "no_smoking": {"zh": "工作时、工作场所内不吸烟"},
    ...          "badge_worn": {"zh": "挂牌上岗"}}
    >>> _fault_item("是否使用服务忌语", items), _fault_item("有无吸烟", items), _fault_item("是否挂牌上岗", items)
    (('no_forbidden_phrases', '杜绝服务忌语'), ('no_smoking', '工作时、工作场所内不吸烟'), None)
    """
    m = _FAULT_ASKED.match(norm(header))
    if not m:
        return None
    hits = [(code, v["zh"]) for code, v in items.items()
            if str(code).startswith("no_") and v.get("zh") and m.group(1) in norm(v["zh"])]
    return hits[0] if len(hits) == 1 else None


def _fault_entry(fault: tuple, seen) -> str:
    """The proposal of an item asked as a fault (``fault``: :func:`_fault_item`'s code and name), its cells ``seen``
    read by codes of its own: 是/有 fail, 否/无 pass, any other result-like cell the reverse of what it says elsewhere.

    >>> _fault_entry(("no_smoking", "不吸烟"), ["否", "合格"]).split("   #")[0]
    '{item: no_smoking, values: {"是": fail, "有": fail, "否": pass, "无": pass, "合格": fail}}'
    """
    own = {**{x: "fail" for x in ("是", "有")}, **{x: "pass" for x in ("否", "无")}}
    own.update({x: {"pass": "fail", "fail": "pass"}.get(_RESULT_OF[norm(x)], "na") for x in seen
                if norm(x) in _RESULT_OF and x not in own})
    shown = ", ".join(f"{_q(k)}: {v}" for k, v in own.items())
    return (f"{{item: {fault[0]}, values: {{{shown}}}}}   # 请核对 / check: {fault[1]};"
            "问的是过错,是/有 即不合格 / asks whether the fault happened: 是/有 fails")


#: Those cells as the checklist's result (:data:`_RESULT_LIKE`), compared after :func:`norm`.
_RESULT_OF = {**{x: "pass" for x in ("是", "合格", "符合", "通过", "有", "达标", "正常", "√", "✓", "✔", "y", "yes", "pass")},
              **{x: "fail" for x in ("否", "不合格", "不符合", "未通过", "未达标", "不正常", "×", "✗", "✘", "n", "no",
                                     "fail")},
              **{x: "na" for x in ("不适用", "na", "n/a")}}

#: Headers common in real exports that the contracts do not list as aliases (used for proposals only, never
#: applied by themselves): contract column -> headers.
HEADER_HINTS: dict[str, list[str]] = {
    "window_id": ["被检查单位", "受检单位", "被检查窗口", "供电单位", "营业厅", "服务网点", "网点", "受理单位", "责任单位", "科室", "执行科室", "窗口", "部门", "所属部门",
                  "技能组", "话务组", "呼叫中心"],
    # a connection (业扩) export: the application's number, its power-on time (装表接电, the 5 working days' end;
    # 供电方案答复时间, the supply plan's reply, is a step before it) and its process state (在途 / 归档)
    "order_id": ["工单流水号", "流水号", "申请编号", "申请单号", "业务编号", "流程编号",
                 # a government service hall's 办件 (a matter handled at a counter, e.g. 居民用电新装): its number
                 "办件编号", "办件号", "受理编号"],
    "completed_at": ["装表接电时间", "装表送电时间", "接电时间", "送电完成时间"],
    "order_status": ["流程状态", "工单流程状态", "业务状态"], "call_id": ["流水号", "通话流水号", "呼叫编号"],
    "offered_at": ["来电时间", "进线时间", "呼入时间", "振铃开始时间"],
    "answered_at": ["应答时间", "摘机时间", "坐席应答时间", "接通时间",
                    # a 95598 CDR's conversation (通话) starts at the answer, after 来电时间; it ends at the hang-up
                    "通话开始", "通话开始时间"],
    "hung_up_at": ["通话结束", "通话结束时间", "挂断时间"],
    "agent_id": ["坐席号", "座席工号", "坐席编号"],
    "customer_id": ["用户编号", "客户号"], "staff_id": ["员工编号", "操作员", "收费员工号", "人员编号", "考勤号码"],
    # a government service hall's 办件 (a matter applied for and handled at a counter: its number is the record's key)
    "ticket_id": ["排队号码", "取号号码", "排队号", "办件编号", "办件号", "受理编号", "申请编号"],
    # a hospital's queue (分诊叫号): the patient signs in (签到, 报到) at a kiosk or the triage desk: the ticket taken
    "ticket_at": ["取票时间", "签到时间", "报到时间", "分诊签到时间", "分诊时间"], "called_at": ["呼叫时间"],
    # a registration office's HIS export: 挂号时间, the registration paid (the billing office's 挂号收费)
    "started_at": ["办理开始时间", "受理开始时间", "挂号时间"], "ended_at": ["办理结束时间", "结束办理时间"],
    "recorded_at": ["录音开始时间", "通话时间"], "text": ["录音文本", "内容", "对话内容", "文本"],
    "transcript_id": ["会话编号", "会话ID", "录音流水号"],
    "event_id": ["就诊流水号", "单据号", "条码号", "标本号", "标本条码号", "检验单号", "代煎单号", "煎药单号", "代煎编号",
                 # a pharmacy system's prescription (never the patient's 就诊卡号, spelt close to 就诊流水号)
                 "处方号", "处方编号", "发药单号"],
    # a laboratory system's (LIS) report released: its audit time; a pharmacy's drugs handed to the patient (发药, never
    # 配药完成: made up, before the patient has them)
    "finished_at": ["审核时间", "报告审核时间", "报告发布时间", "发报告时间", "发药时间", "发药完成时间", "实际发药时间"],
    "event_type": ["业务类型", "项目类型", "服务类型", "检验项目", "检验项目名称"], "queue": ["业务类型", "业务名称", "服务类型", "队列类型"],
    # an attendance daily report: the clock-in is the day's first punch (WeCom's 最早打卡时间), the clock-out its last
    # (最晚打卡时间): spelt alike, told apart by these words only
    "shift_start": ["上班时间", "应到时间", "班次开始时间"],
    "arrived_at": ["签到时间", "上班打卡时间", "最早打卡时间", "首次打卡时间", "第一次打卡时间", "上班打卡"],
    "shift_end": ["下班时间", "班次结束时间"],
    "left_at": ["签退时间", "下班打卡时间", "最晚打卡时间", "末次打卡时间", "最后一次打卡时间", "下班打卡"],
    # an inspection register (明察暗访记录): the visit's date and the unit inspected (检查单位 is the inspector's)
    "visited_at": ["检查日期", "暗访日期", "暗访时间", "检查日期时间"],
    "held_on": ["活动日期", "召开日期", "举办日期", "活动时间"],
    # a queue system's snapshots (排队监控): the moment, the people waiting, an extra window opened
    "observed_at": ["统计时间", "采集时间", "监控时间", "快照时间"],
    "queue_length": ["等候人数", "当前等候人数", "候诊人数", "等待人数", "排队等候人数"],
    "diverted": ["是否增开窗口", "增开窗口", "是否分流疏导"],
    # a meter-reading export: the day actually read (a date alone: on_day compares days)
    "read_at": ["实际抄表日期", "实抄日期", "实际抄表时间", "抄见日期"],
    # a queue system's pause log (暂停开始 / 暂停结束, 离席 / 回席) and who took the counter over (顶岗人, 替岗人)
    "paused_at": ["暂停开始", "暂停开始时间", "暂停服务时间", "离席时间"],
    "resumed_at": ["暂停结束", "暂停结束时间", "恢复服务时间", "回席时间"],
    "covered_by": ["顶岗人", "替岗人", "代岗人", "顶岗人员姓名"],
    # an outage notice system's export: the actual times (实际停电时间, 实际送电时间), the notice's publication
    "outage_id": ["停电信息编号", "停电计划编号", "停电事件编号"],
    "start_at": ["实际停电时间", "停电时间", "实际停电开始时间"],
    "restored_at": ["实际送电时间", "送电时间", "复电时间", "实际复电时间", "恢复送电时间", "实际恢复供电时间"],
    "announced_at": ["发布时间", "通知时间", "信息发布时间", "公告发布时间", "停电通知时间"],
}
# a hospital's complaints register (患者投诉登记): the complaint's date, how it came (投诉方式), what about (投诉类别),
# the feedback to the patient (反馈时间) and the callback's date; a radiology / function-exam system (检查预约 / 登记 /
# 报告): the exam itself, the start the 30 minutes run from (登记 and 预约 come before it); a government service hall's
# queue (业务事项: the matter the ticket was taken for)
for _col, _hs in {"received_at": ["投诉日期", "投诉时间", "反映时间", "来访时间"],
                  "channel": ["投诉方式", "投诉途径", "投诉渠道", "反映方式", "来源方式", "受理方式"],
                  "category": ["投诉类别", "投诉分类", "问题类别", "问题分类", "投诉事由"],
                  "replied_at": ["反馈时间", "答复日期", "回复日期", "反馈日期", "处理反馈时间"],
                  "callback_at": ["回访日期", "回访日期时间"],
                  "started_at": ["检查时间", "检查开始时间", "实际检查时间"],
                  "queue": ["业务事项", "事项名称", "办理事项"]}.items():
    HEADER_HINTS.setdefault(_col, []).extend(_hs)
HEADER_HINTS.update({
    # an HR roster (花名册): the skills asked as questions, the dates on and off the counter
    "english": ["是否掌握英语", "英语", "会英语", "英语能力", "英语服务", "外语服务"],
    "sign_language": ["手语", "是否会手语", "会手语", "手语能力"],
    "active_from": ["入职日期", "上岗日期", "到岗日期", "在岗开始日期"],
    "active_to": ["离岗日期", "离职日期", "调离日期", "在岗结束日期"],
    # a hall's register of its services, and the demonstration review's sheet (评审内容, 是否符合, 依据材料)
    "name": ["服务项目名称", "服务项目", "项目名称", "渠道名称"],
    "item": ["评审内容", "评审项目", "审查内容"], "result": ["是否符合", "审查结论", "评审结论"],
    "document": ["依据材料", "佐证材料", "证明材料"],
})
HEADER_HINTS["event_id"] += ["检查号", "检查单号", "申请单号", "影像号"]
HEADER_HINTS["window_id"] += ["被投诉科室", "责任科室", "涉及科室", "检查科室"]
# a laboratory system's (LIS) sample state and a pharmacy's prescription state: proposed as event_status only where
# every code is placed as closed or open (:func:`_status_placed`); else unread, its cancelled codes under drop
HEADER_HINTS["event_status"] = ["标本状态", "样本状态", "报告状态", "检验状态", "处方状态", "发药状态"]
#: The same in English, as queue-ticket systems and ACDs write their reports (matched after case folding, no spaces).
for _col, _hs in {"ticket_id": ["Serial No", "Ticket No", "Ticket Number"], "ticket_at": ["Take Time", "Ticket Time",
                  "Issue Time"], "called_at": ["Call Time", "First Call Time"], "counter_id": ["Counter", "Counter No"],
                  "window_id": ["Dept", "Department", "Branch", "Skill Group"], "queue": ["Queue", "Queue Name", "Service"],
                  "call_id": ["Call ID", "Call No"], "offered_at": ["Ring Start", "Ring Time", "Offer Time", "Arrival Time"],
                  "answered_at": ["Answer Time", "Answered Time", "Connect Time"],
                  "hung_up_at": ["Abandon Time", "Hang Up Time"], "agent_id": ["Agent No", "Agent ID"],
                  "staff_id": ["Staff No", "Employee No", "Agent"],
                  # a vendor's speech-to-text export, one turn a row (Speaker A/B, Start/End in seconds)
                  "transcript_id": ["Call ID", "Session ID", "Conversation ID", "Recording ID"],
                  "recorded_at": ["Start Time", "Call Start Time", "Record Time", "Recording Time"],
                  "text": ["Transcript", "Utterance"],
                  # a vendor's HIS, LIS or marketing system with English headers (newuser45): the prescription's or
                  # sample's number is the record's key (never rows numbered by `sequence`: the drill-down names the
                  # record as the system does), the prescription or sample accepted, the drugs or report out
                  "event_id": ["Rx No", "Prescription No", "Sample No", "Specimen No", "Barcode", "Bar Code"],
                  "order_id": ["Order No", "Order ID", "Work Order No", "Work Order ID"],
                  "started_at": ["Accept Time", "Receive Time", "Received Time", "Receipt Time"],
                  "finished_at": ["Finish Time", "Report Time", "Dispense Time", "Dispensed Time"],
                  "received_at": ["Accept Time", "Receive Time", "Received Time", "Apply Time"],
                  "completed_at": ["Finish Time", "Complete Time", "Completed Time", "Power On Time"],
                  "case_id": ["Case No", "Case ID"], "replied_at": ["Reply Time", "Replied Time", "Response Time"],
                  "callback_at": ["Callback Time", "Call Back Time", "Revisit Time"]}.items():
    HEADER_HINTS.setdefault(_col, []).extend(_hs)


#: A date (2025-03-03, 2025年3月3日) or a time of day (08:15, 8时5分) somewhere in a cell: what makes a cell that is no
#: date alone, or no time alone, a cell of another form rather than a typing slip (:func:`_mostly`'s callers).
_A_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
_A_TIME = r"\d{1,2}\s*[:时点]\s*\d{2}"


def _mostly(hit: np.ndarray, empty: bool = False) -> bool:
    """Whether the cells ``hit`` marks as of a form (a date, a time of day) are the column's form: all of them, or
    all but a mistyped one in fifty (at least one), at least two holding it; ``empty``: what no cell at all says.

    Examples
    --------
    >>> _mostly(np.array([True, True, False])), _mostly(np.array([True, False])), _mostly(np.array([True] * 48 + [False] * 2))
    (True, False, False)
    >>> _mostly(np.array([], dtype=bool)), _mostly(np.array([], dtype=bool), empty=True), _mostly(np.array([True]))
    (False, True, True)
    """
    n = len(hit)
    if not n:
        return empty
    good = int(np.count_nonzero(hit))
    return good == n or (good >= 2 and n - good <= max(1, n // 50))


def _span_headers(frame: pd.DataFrame, pos: dict, rest: list, times: list) -> dict:
    """The headers of a daily report's later spans beside each time header numbered 1 (上班1打卡时间: [上班2打卡时间,
    上班3打卡时间]): the same header numbered 2, 3 … in turn, each holding times of day or nothing (a blank cell, - or
    缺卡) in every row.

    Examples
    --------
    >>> f = pd.DataFrame({0: ["08:15", "08:20"], 1: ["13:50", None], 2: ["12:02", "17:30"], 3: [None, "缺卡"], 4: ["x", "y"]})
    >>> hs = ["上班1打卡时间", "上班2打卡时间", "下班1打卡时间", "下班2打卡时间", "上班3备注"]
    >>> _span_headers(f, {h: i for i, h in enumerate(hs)}, hs, ["上班1打卡时间", "上班2打卡时间", "下班1打卡时间"])
    {'上班1打卡时间': ['上班2打卡时间'], '下班1打卡时间': ['下班2打卡时间']}
    """
    by_norm = {norm(h): h for h in rest}
    got = {}
    for h in times:
        m = re.fullmatch(r"(\D*)1(\D*)", norm(h))
        if not m:
            continue
        more = []
        for k in range(2, 10):
            o = by_norm.get(f"{m.group(1)}{k}{m.group(2)}")
            if o is None:
                break
            v = frame.iloc[:, pos[o]].astype("string").str.strip()
            v = v[v.notna() & (v != "") & ~_placeholder(v).to_numpy(dtype=bool)]
            if not (_mostly(v.str.match(_TIME_ONLY).to_numpy(dtype=bool), empty=True)
                    or v.str.contains("次日", regex=False).all()):
                break
            more.append(o)
        if more:
            got[h] = more
    return got


#: A date alone: a weekday may follow it (2025-03-03 星期一, as attendance reports write it); also Excel's serial day
#: (45719 = 2025-03-03) beside dates written as text.
_DATE_ONLY = (r"^(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
              r"(?:\s*[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?)?(?:\s+0{1,2}:00(?::00)?)?"
              r"|[1-6]\d{4}(?:\.0+)?)$")
#: Excel's serial day alone (45719 = 2025-03-03), as :data:`_DATE_ONLY` also takes it.
_SERIAL_DAY = r"^[1-6]\d{4}(?:\.0+)?$"
_TIME_ONLY = (r"^(?:[(（]?次日[)）]?\s*)?(?:(?:上午|下午|晚上|中午|凌晨|早上|am|pm)\s*)?\d{1,2}\s*[:时点]\s*\d{2}"
              r"(?:\s*[:分]\s*\d{2}\s*秒?)?(?:\s*(?:am|pm))?(?:\s*[(（]次日[)）])?$|^0?\.\d+$")
# 下午2:10, 2:10 PM, 次日 06:05 (a night shift's clock-out), and Excel's fraction of a day (0.6 = 14:24)
#: A duration: a plain number below an Excel serial day (12, 8.5), or one with its unit (12秒, 30 s).
_DURATION = (r"^(?:\d{1,4}(?:\.\d+)?)\s*(?:秒|s|sec|分钟|min)?$"
             r"|^(?:\d+(?:\.\d+)?\s*(?:小时|时|h))(?:\s*\d+\s*(?:分钟|分|min))?(?:\s*\d+\s*秒)?$"
             r"|^\d+\s*(?:分钟|分)\s*\d+\s*秒$|^\d{1,2}:\d{2}:\d{2}$")   # 12 s, 1.5分钟, 7小时20分, 5小时, 3分20秒: a duration, never a date-time


#: A header naming a duration (办理时长, 通话时长, 用时, 耗时, 历时, duration, elapsed), its values never a time of day.
_DURATION_HEADER = r"时长|用时|耗时|历时|duration|elapsed"
#: A header that names a time of day (RecvHHMM, 打卡时刻, 上班时间, Accept Time): where a column of bare numbers may be
#: HHMM times (915 for 09:15), as a combine or a punch log reads them (mapping.hhmm_times); never 金额, 付数, 序号.
_HHMM_HEADER = r"hhmm|hh:?mm|时刻|时间|time|点钟"


def _q(s) -> str:
    """A YAML scalar (JSON's quoting is YAML's), of the header as it reads: NFKC, trimmed."""
    return json.dumps(unicodedata.normalize("NFKC", str(s)).strip(), ensure_ascii=False)


def _names(kind):
    c = contracts()[kind]
    out = {}
    for col, spec in c.columns.items():
        for x in [col, spec.get("zh", col), *(spec.get("aliases") or [])]:
            out.setdefault(norm(x), col)
    for col, hs in HEADER_HINTS.items():
        if col in c.columns:
            for x in hs:
                out.setdefault(norm(x), col)
    return out


def _alias_names(kind):
    c = contracts()[kind]
    return {norm(x) for col, spec in c.columns.items() for x in [col, spec.get("zh", col), *(spec.get("aliases") or [])]}


#: A bracketed note in a header (after NFKC): (北京时间), 【系统】, [秒].
_BRACKETED = re.compile(r"\s*[(\[【][^)\]】]*[)\]】]\s*")


#: Words exports use for one another in their headers (业务类别 for 事件类型's 类型, 结束时间 for 完成时间, 患者类型 for
#: 病人类别): a header that matches no name as written is matched again with each of these words written as the first
#: of its group, on both sides (a proposal marked for review, never applied by itself); a form two columns of the
#: contract share proposes neither.
_SYNONYMS = (("类型", "类别", "种类", "分类"), ("病人", "患者", "病患", "就诊人"), ("完成", "结束", "办结", "完结"),
             ("开始", "起始"), ("时间", "时刻"), ("编号", "编码", "代码"))
_SYNONYM_RE = re.compile("|".join(sorted({w for g in _SYNONYMS for w in g[1:]}, key=len, reverse=True)))
_SYNONYM_OF = {w: g[0] for g in _SYNONYMS for w in g[1:]}


def _canonical(n: str) -> str:
    """A normalised header (:func:`norm`) with each word of :data:`_SYNONYMS` written as the first of its group.

    Examples
    --------
    >>> _canonical("业务类别"), _canonical("结束时刻"), _canonical("患者类型")
    ('业务类型', '完成时间', '病人类型')
    """
    return _SYNONYM_RE.sub(lambda m: _SYNONYM_OF[m.group(0)], n)


def _canonical_names(names: dict) -> dict:
    """:func:`_canonical` of each of ``names`` (normalised name -> column); a form two columns share is left out.

    Examples
    --------
    >>> _canonical_names({"完成时间": "finished_at", "结束时间": "finished_at", "开始时间": "started_at"})
    {'完成时间': 'finished_at', '开始时间': 'started_at'}
    >>> _canonical_names({"完成时间": "finished_at", "结束时间": "ended_at"})
    {}
    """
    out, seen = {}, {}
    for n, col in names.items():
        c = _canonical(n)
        seen.setdefault(c, set()).add(col)
        out[c] = col
    return {c: col for c, col in out.items() if len(seen[c]) == 1}


#: A header that names a plan (计划停电时间, 预计送电时间, 预约时间): never matched to a column that is no plan by a
#: near spelling or a synonym alone (the planned start is not the outage's start: 实际停电时间 is).
_PLAN = re.compile(r"计划|预计|预定|拟|预约|plan|schedul|expect", re.I)


def _a_plan_for_no_plan(n: str, col: str, kind) -> bool:
    """``n`` (a normalised header) names a plan and ``col`` of ``kind`` is none (no name of it names one).

    >>> _a_plan_for_no_plan("计划停电时间", "start_at", "outages"), _a_plan_for_no_plan("实际停电时间", "start_at", "outages")
    (True, False)
    >>> _a_plan_for_no_plan("计划抄表日期", "scheduled_on", "meter_readings")
    False
    """
    if not _PLAN.search(n):
        return False
    return not any(_PLAN.search(x) for x in _own_names(col, kind, english=True))


def _own_names(col: str, kind, english: bool = False) -> list:
    """Every name ``col`` of ``kind`` goes by: itself, its Chinese name, its aliases and the headers hinted for it;
    with ``english``, its English description too (prose: "First called" is no name of a first call).

    >>> _own_names("called_at", "queue_tickets")[:2]
    ['called_at', '叫号时间']
    """
    spec = contracts()[kind].columns[col]
    return [str(x) for x in [col, spec.get("zh", col), *([spec.get("en", "")] if english else []),
                             *(spec.get("aliases") or []), *HEADER_HINTS.get(col, [])]]


#: Words that say which of several events a time is: the first (首次叫号时间, 最早打卡时间) or the last (末次呼叫时间,
#: 最晚打卡时间). Spelt alike otherwise, a first and a last are told apart by these alone.
_FIRST = re.compile(r"首次|第一次|最早|初次|first|earliest", re.I)
_LAST = re.compile(r"末次|最后|最晚|最终|最近一次|last|latest|final", re.I)


def _order_against(n: str, col: str, kind) -> bool:
    """``n`` (a normalised header) names the last of several events and every name of ``col`` of ``kind`` that
    names one names the first, or the reverse: never matched by a near spelling or a synonym (末次呼叫时间 is no
    ``called_at``, the first call; 最晚打卡时间 no ``arrived_at``, the day's first punch).

    >>> _order_against("末次呼叫时间", "called_at", "queue_tickets"), _order_against("首次呼叫时间", "called_at", "queue_tickets")
    (True, False)
    >>> _order_against("最晚打卡时间", "arrived_at", "attendance"), _order_against("最晚打卡时间", "left_at", "attendance")
    (True, False)
    >>> _order_against("最终答复时间", "replied_at", "complaints")   # a column that names neither: either may be it
    False
    """
    first, last = bool(_FIRST.search(n)), bool(_LAST.search(n))
    if first == last:
        return False
    own = _own_names(col, kind)
    says_first, says_last = any(_FIRST.search(x) for x in own), any(_LAST.search(x) for x in own)
    return (says_first and not says_last) if last else (says_last and not says_first)


def _repeats(col: pd.Series, foot: np.ndarray, frame: pd.DataFrame | None = None) -> bool:
    """Whether a filled value of ``col`` (a totals row left out) occurs twice: no column of ids.  With ``frame`` (the
    export), a value repeated only on whole rows repeated (every cell the same: one record exported twice) is no
    repeat: the column is still the records' id, and records check refuses the repeat as a duplicate key, never
    counting the record twice (:func:`_whole_row_repeats` names them).

    Examples
    --------
    >>> _repeats(pd.Series(["D1", "D2", "D1"]), np.zeros(3, bool)), _repeats(pd.Series(["R1", "R2", None]), np.zeros(3, bool))
    (True, False)
    >>> f = pd.DataFrame({"id": ["D1", "D2", "D1"], "t": ["9:00", "9:05", "9:00"]})
    >>> _repeats(f["id"], np.zeros(3, bool), f), _repeats(f["id"], np.zeros(3, bool), f.assign(t=["9:00", "9:05", "9:01"]))
    (False, True)
    """
    v = col[~foot].dropna().astype(str).str.strip()
    v = v[v != ""]
    again = v.duplicated(keep=False)
    if not again.any():
        return False
    if frame is None:
        return True
    rows = frame[~foot].loc[v.index[again.to_numpy()]].astype("string").apply(lambda x: x.str.strip())
    return bool((~rows.duplicated(keep=False)).any())


def _whole_row_repeats(col: pd.Series, foot: np.ndarray) -> list:
    """The values of ``col`` (a key column) written on more than one row, in file order (first 5).

    Examples
    --------
    >>> _whole_row_repeats(pd.Series(["D1", "D2", "D1", "D2", "D3"]), np.zeros(5, bool))
    ['D1', 'D2']
    """
    v = col[~foot].dropna().astype(str).str.strip()
    v = v[v != ""]
    return v[v.duplicated()].drop_duplicates().head(5).tolist()


#: Words of a limit or a statistic over readings (a voltage system's 电压上限, 最大值, 平均值, 合格率, 越限时间): such a
#: header is near a value's name in spelling (电压上限 and 额定电压) and never that value.
_BOUND = re.compile(r"上限|下限|最大|最小|最高|最低|平均|合格率|越限|超限|超上限|超下限")
#: A rate or a share (电压合格率(%), 超上限率, 占比): a statistic of the rows, never a column of another kind spelt close
#: to it (电压合格率(%) is no 电压下限(%): session 33 had it proposed as the monitor's lower limit)
_RATE = re.compile(r"率|占比|比例|百分比")


def _match(headers, kind):
    """header -> (column, how) for each header that matches something.

    Examples
    --------
    >>> m = _match(["流水号", "业务类别", "患者类型", "结束时间", "叫号时间"], "hospital_events")
    >>> {h: col for h, (col, how) in m.items()}
    {'流水号': 'event_id', '业务类别': 'event_type', '患者类型': 'patient_kind', '结束时间': 'finished_at', '叫号时间': 'called_at'}
    >>> m["业务类别"][1]
    'synonym:事件类型'
    """
    names, aliases = _names(kind), _alias_names(kind)
    canon = None
    got = {}
    for h in headers:
        n = norm(h)
        if not n:
            continue
        if n in names:
            got[h] = (names[n], "alias" if n in aliases else f"hint:{h}")
            continue
        bare = _BRACKETED.sub("", n).strip()   # 受理时间(北京时间), 办结时间【系统】: the header without its note
        if bare != n and bare in names:
            got[h] = (names[bare], f"note:{bare}")
            continue
        if canon is None:
            canon = _canonical_names(names)
        c = _canonical(bare)
        if c in canon and not _a_plan_for_no_plan(n, canon[c], kind) and not _order_against(n, canon[c], kind):
            col = canon[c]
            spec = contracts()[kind].columns[col]
            got[h] = (col, f"synonym:{spec.get('zh', col)}")
            continue
        close = difflib.get_close_matches(n, list(names), n=1, cutoff=0.6)
        if close and _BOUND.search(n) and not _BOUND.search(close[0]):
            continue   # a limit or a statistic (电压上限, 最大值, 合格率) is never the value itself (额定电压, 实测电压)
        if close and bool(_RATE.search(n)) != bool(_RATE.search(close[0])):
            continue   # a rate is never a limit or a count, nor these a rate (电压合格率(%) is no 电压下限(%))
        if close and not _a_plan_for_no_plan(n, names[close[0]], kind) and not _order_against(n, names[close[0]],
                                                                                                 kind):
            got[h] = (names[close[0]], f"close:{close[0]}")   # (a plan, or the last for the first: never by spelling)
    return got


#: A turn's start time in a one-turn-a-row transcript (开始时间, 起始时间, 开始(秒), begin, start, offset).
_START_HEADER = re.compile(r"开始|起始|start|begin|offset|^bg$")


def _starts_read(v: pd.Series) -> bool:
    """Whether every filled cell of ``v`` is a start time :func:`windoweval.records.mapping._start_seconds` reads
    (and some is filled)."""
    got, bad = _start_seconds(v)
    return bool((~np.isnan(got)).any()) and not bool(bad.any())


#: Keywords (:data:`KEYWORDS`) that count only as a word of their own: ``app`` is inside apply, application, happy.
_WHOLE_WORDS = frozenset({"app"})


#: A state that undoes the event anywhere in its words (报告作废, 报告已撤回, 撤销报告, 报告召回, 取消发药): never placed
#: closed by the 报告/发药 in it (review47: _CANCELLED and _NO_CASE_STATE match a code's start only)
_UNDONE_STATE = re.compile(r"作废|撤回|撤销|召回|取消|退|拒")


def _status_placed(values: pd.Series, kind: str, c, max_codes: int = 60) -> bool:
    """Whether every code of a state column (``values``, an export's 标本状态 or 处方状态) is placed as ``event_status``'
    closed or open by the proposal, so that the proposal taken as written reads every row (readings47; msgs46's
    proposal took 处方状态 beside 未取药 and 标本状态 beside 作废 and was refused).  A column holding a code of a service
    not given (:data:`_CANCELLED`: 未取药, 拒收, 已退费; :data:`_NO_CASE_STATE`: 作废; :data:`_NO_SHOW`) is never proposed:
    its codes are drops, proposed under ``drop`` with the column unread; nor one with a code no word places (TODO), a
    report not yet fetched (报告未取: sent, not open), or more codes than are listed.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> c = contracts()["hospital_events"]
    >>> _status_placed(pd.Series(["已审核", "待检", "检验中", "已报告", None]), "hospital_events", c)
    True
    >>> _status_placed(pd.Series(["已发药", "未取药"]), "hospital_events", c), _status_placed(pd.Series(["已审核", "作废"]),
    ...     "hospital_events", c), _status_placed(pd.Series(["已审核", "复核"]), "hospital_events", c)
    (False, False, False)
    """
    v = values.astype("string").str.strip().dropna()
    v = v[(v != "").to_numpy(dtype=bool)]
    codes = v[~_placeholder(v).to_numpy(dtype=bool)].unique()
    if not len(codes) or len(codes) > max_codes:
        return False
    allowed = [str(a) for a in c.columns["event_status"]["values"]]
    en = c.columns["event_status"].get("en", "")
    for code in codes:
        n = norm(code)
        if (_CANCELLED.match(n) or _NO_CASE_STATE.match(n) or (kind in _NO_SHOW_KINDS and _NO_SHOW.match(n)) or "未取" in n
                or _UNDONE_STATE.search(n)):
            return False
        got, how = _guess_value(str(code), "event_status", allowed, en)
        if got not in ("open", "closed") or how == "close":
            return False
    return True


def _guess_value(code: str, col: str, allowed: list, en: str) -> tuple[str | None, str]:
    n = norm(code)
    for a in allowed:
        if norm(a) == n:
            return str(a), "same"
    pairs = dict((norm(zh), v) for v, zh in re.findall(r"(\w+) ([\u4e00-\u9fff]+)", en))
    if n in pairs and pairs[n] in map(str, allowed):
        return pairs[n], "contract"
    if col in _STATUS_COLUMNS and "open" in map(str, allowed) and _NOT_DONE.search(n) and not (
            "withdrawn" in map(str, allowed) and "撤" in n):
        return "open", "keyword"   # 未完成, 未归档, 恢复中, 待回复: a closing word negated or still under way
    for kw, v in KEYWORDS.get(col, []):
        k = norm(kw)
        # app a word of its own (手机APP, APP渠道; never the app of apply: left40); any other keyword anywhere in the
        # code (MR in MRI, CT in CTA, agent in agents)
        hit = (re.search(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])", n) is not None if k in _WHOLE_WORDS
               else k in n)
        if hit and v in map(str, allowed):
            return v, "keyword"
    close = difflib.get_close_matches(n, [norm(a) for a in allowed], n=1, cutoff=0.7)
    if close:
        return next(str(a) for a in allowed if norm(a) == close[0]), "close"
    return None, ""


#: How strongly a header's match says what it is (``how`` before its colon): the contract's own name or alias, the
#: alias with a note, a common export header; any other match (a synonym, the values, a near spelling) 0.
_STRENGTH = {"alias": 3, "pickup": 3, "note": 2, "hint": 1}


#: A decoction (中药代煎) export says so in its name, a header (送煎时间, 煎药室) or its event types (代煎).
_DECOCTION = re.compile("煎")


def _decoction_export(m: dict, file, headers, frame, pos) -> bool:
    """Whether the export is a decoction's (中药代煎): :data:`_DECOCTION` in the file's name, a header (送煎时间) or a
    value of the header ``m`` takes for the event type (代煎).

    Examples
    --------
    >>> _decoction_export({}, "中药代煎登记表.csv", ["单号"], pd.DataFrame([[0]]), {"单号": 0})
    True
    """
    types = [h for h, (col, _) in m.items() if col == "event_type"]
    return bool(_DECOCTION.search(Path(str(file)).name) or any(_DECOCTION.search(str(h)) for h in headers)
                or any(frame.iloc[:, pos[h]].astype("string").str.contains("煎", na=False).any() for h in types))


#: A billing office's export (HIS 收费明细, 挂号明细) by its name or its event types; its one time of the charge.
_BILLING = re.compile("收费|挂号|结算|划价")
_CHARGE = re.compile("^(?:收费|结算|缴费|挂号)(?:日期)?时间$")


def _charge_time(columns: dict, m: dict, file, headers, frame, pos) -> str | None:
    """The header of a billing export's one charge time (收费时间, 挂号时间) proposed as ``started_at`` when no header is
    ``finished_at``: an HIS settles the charge and prints the receipt at once, so it is the receipt's time too.  A
    billing export says so in its file's name or in every event type it writes (收费, 挂号); None otherwise.

    Examples
    --------
    >>> f = pd.DataFrame([["1", "2025-03-01 09:00"]])
    >>> _charge_time({"流水号": "event_id", "收费时间": "started_at"}, {}, "HIS收费明细.csv", ["流水号", "收费时间"], f,
    ...              {"流水号": 0, "收费时间": 1})
    '收费时间'
    """
    if "finished_at" in columns.values():
        return None
    charge = next((h for h, col in columns.items() if col == "started_at" and _CHARGE.match(norm(h))), None)
    if charge is None:
        return None
    types = [h for h, (col, _) in m.items() if col == "event_type" and h in pos]
    named = bool(_BILLING.search(Path(str(file)).name))
    written = bool(types) and all(
        frame.iloc[:, pos[h]].dropna().astype(str).str.contains(_BILLING).all() for h in types)
    return charge if (named or written) and not _decoction_export(m, file, headers, frame, pos) else None


def _pick_up(m: dict, file, headers, frame, pos) -> None:
    """The patient's pick-up (取药时间, 领药时间: ``collected_at``) in ``m`` read as the export says it: in a decoction
    export (:data:`_DECOCTION` in the file's name, a header or an event type) the patient's, after the medicine was
    ready (kept as ``collected_at``, the latest it can have been ready: a late pick-up is missing evidence); in a
    dispensing export with no dispensing time (发药时间) the drugs handed over at the window (``finished_at``).  With a
    ready or dispensing time beside it, it stays ``collected_at``.

    Examples
    --------
    >>> m = {"送煎时间": ("started_at", "alias"), "取药时间": ("collected_at", "alias")}
    >>> _pick_up(m, "代煎.csv", list(m), pd.DataFrame([[0, 0]]), {"送煎时间": 0, "取药时间": 1}); m["取药时间"]
    ('collected_at', 'pickup:decoction')
    >>> m = {"收方时间": ("started_at", "hint:收方时间"), "取药时间": ("collected_at", "alias")}
    >>> _pick_up(m, "药房.csv", list(m), pd.DataFrame([[0, 0]]), {"收方时间": 0, "取药时间": 1}); m["取药时间"]
    ('finished_at', 'pickup:dispensing')
    """
    picks = [h for h, (col, _) in m.items() if col == "collected_at"]
    if not picks:
        return
    if _decoction_export(m, file, headers, frame, pos):
        for h in picks:
            m[h] = ("collected_at", "pickup:decoction")
    elif not any(col == "finished_at" for col, _ in m.values()):
        for h in picks:
            m[h] = ("finished_at", "pickup:dispensing")


def _strength(how: str) -> int:
    """:data:`_STRENGTH` of a match's ``how`` (``alias``, ``note:…``, ``hint:…``; 0 for any other)."""
    return _STRENGTH.get(how.split(":", 1)[0], 0)


def _strong(how: str) -> bool:
    """Whether a header's match says what the column is by its own words (an alias, a common export header, the
    alias with a note): a match the values of another column never override."""
    return _strength(how) > 0


#: A header that names a category (业务类型, 诉求分类, 受理方式, 办理状态, 回访结果, 来源渠道; type, status): its cells are
#: codes whatever their number, never free text for having few rows to repeat in (a pilot's export of five cases).
_CATEGORY_HEADER = re.compile(r"类型|类别|分类|种类|方式|渠道|途径|来源|状态|结果|等级|级别|性质|满意度"
                              r"|type|kind|status|channel|category|class|result", re.I)
#: The longest cell a code is (居民客户新装增容业务 is 10): a longer one is a sentence, whatever its header says.
_CODE_LEN = 16


def _names_a_category(header, codes) -> bool:
    """Whether ``header`` names a category (:data:`_CATEGORY_HEADER`) and every one of its distinct ``codes`` is short
    enough to be a code (:data:`_CODE_LEN`): then its cells are read as codes however few rows the export has (a
    pilot's five cases, each of another kind, are no free text).

    Examples
    --------
    >>> _names_a_category("业务类型", ["投诉", "举报", "咨询"]), _names_a_category("联系人", ["张伟", "李娜", "王芳"])
    (True, False)
    >>> _names_a_category("问题类型", ["客户反映本月电费比上月高出很多请核实处理"])
    False
    """
    n = norm(header)
    return bool(_CATEGORY_HEADER.search(n)) and all(len(norm(x)) <= _CODE_LEN for x in codes)


def _by_values(frame, pos, headers, m, c, skip, max_codes: int = 60) -> dict:
    """header -> (column, ``values:<column's Chinese name>:<share>``) for the contract's code columns that no header
    names by its words, found by what a header's cells hold: a column of codes (few distinct values, none personal)
    whose cells, for at least 60% of the filled rows, read as the code column's values by their labels
    (:func:`_guess_value`'s same, contract or keyword readings: never a near spelling), with two different values at
    least; one value is enough for a required column no header gives where every filled row reads as it (a
    complaints-only export: 业务类型 投诉 on every row is the kind).  A header matched only by a synonym or a near
    spelling (业务类型 read as 业务类别) is taken when its values say otherwise (投诉, 举报, 咨询: the kind of a case);
    one matched by its words (an alias, a common header) is never taken.  One header per column and one column per header, the best share first; a proposal, marked for
    review.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> f = pd.DataFrame({0: ["投诉", "咨询", "举报", "表扬", "投诉"] * 3, 1: ["满意", "不满意", "未回访", "一般", None] * 3})
    >>> got = _by_values(f, {"业务类型": 0, "回访满意度": 1}, ["业务类型", "回访满意度"],
    ...                  {"业务类型": ("category", "synonym:业务类别")}, contracts()["complaints"], set())
    >>> got["业务类型"], got["回访满意度"]
    (('kind', 'values:诉求类型:80%'), ('callback_result', 'values:回访结果:75%'))
    >>> _by_values(pd.DataFrame({0: ["投诉"] * 4}), {"业务类型": 0}, ["业务类型"],
    ...            {"业务类型": ("category", "synonym:业务类别")}, contracts()["complaints"], set())
    {'业务类型': ('kind', 'values:诉求类型:100%')}
    """
    strong = {col for col, how in m.values() if _strong(how)}
    given = {col for col, _how in m.values()}
    targets = [col for col, spec in c.columns.items() if spec["type"] == "category" and spec.get("values")
               and col not in strong]
    if not targets:
        return {}
    fits = []
    for h in headers:
        if not str(h).strip() or h in skip or (h in m and _strong(m[h][1])) or h not in pos:
            continue
        if pos[h] >= frame.shape[1]:
            continue
        v = frame.iloc[:, pos[h]].dropna().astype(str).str.strip()
        v = v[(v != "") & ~_placeholder(v).to_numpy(dtype=bool)]
        if not len(v):
            continue
        vc, private = _without_personal(v.value_counts())
        named = _names_a_category(h, vc.index)
        if private or len(vc) > max_codes or (len(vc) > max(2, len(v) // 2) and not named):
            continue     # free text, names, ids: no column of codes (a header naming a category: codes, however few rows)
        for col in targets:
            allowed = [str(a) for a in c.columns[col]["values"]]
            en = c.columns[col].get("en", "")
            got = {code: _guess_value(code, col, allowed, en) for code in vc.index}
            read = [code for code, (val, how) in got.items() if val is not None and how in ("same", "contract", "keyword")]
            share = vc[read].sum() / len(v)
            kinds = len({got[code][0] for code in read})
            # every row reads as one value: taken for a required column no header gives, or for any column no header
            # gives under a header that names a category (回访满意度 满意: a pilot's one row, or every case satisfied),
            # unless the header reads as one of its values itself (故障报修 above 故障报修: an export without its header
            # row, its first record where the headers belong, said so below, never read as a column)
            alone = ((c.columns[col].get("required", True) or named) and col not in given and share == 1
                     and (named or _guess_value(str(h).strip(), col, allowed, en)[0] is None))
            if share >= 0.6 and (kinds >= 2 or (kinds == 1 and alone)):
                fits.append((share, h, col))
    out, taken = {}, set()
    for share, h, col in sorted(fits, key=lambda x: -x[0]):
        if h in out or col in taken:
            continue
        out[h] = (col, f"values:{c.columns[col].get('zh', col)}:{share:.0%}")
        taken.add(col)
    return out


def _without_personal(counts: pd.Series) -> tuple[pd.Series, tuple[int, int] | None]:
    """``counts`` (rows by code) without the codes that hold personal data, and (codes, rows) of those left out.

    A code the masking would change (a phone number, an ID-card number, 张先生 typed where a code belongs) is what a
    person wrote, never an export's code for a mapping to read: the proposal (printed, written with ``--out``) does
    not list it (:func:`windoweval.privacy.mask_text`, the rule of every output), it counts it.

    Examples
    --------
    >>> kept, left = _without_personal(pd.Series([5, 1, 1], index=["故障报修", "13812345678", "张先生"]))
    >>> kept.to_dict(), left
    ({'故障报修': 5}, (2, 2))
    >>> _without_personal(pd.Series([1], index=["\u202e备注"]))[1] is None    # a bidi control alone is no person's
    True
    """
    if not len(counts):
        return counts, None
    from ..privacy import BIDI_CONTROLS

    codes = pd.Series(counts.index.astype(str), dtype="string")
    # the masking drops bidi controls (its first rule): a code holding one is changed without holding anyone's data
    # (a header written 备注 behind an override was counted among the personal ones and not listed, left39)
    plain = codes.str.replace(f"[{BIDI_CONTROLS}]", "", regex=True)
    personal = (mask_text(codes) != plain).fillna(False).to_numpy(dtype=bool)
    if not personal.any():
        return counts, None
    return counts[~personal], (int(personal.sum()), int(counts[personal].sum()))


def _personal_note(codes: int, rows: int) -> str:
    """The comment that stands for the codes :func:`_without_personal` leaves out."""
    return (f"      # {codes} 个值含个人信息(电话、证件号、姓名),不列出,{rows} 行;请在导出系统中改正 / {codes} values hold "
            f"personal data (a phone, an ID number, a name), not listed, {rows} rows: correct them in the exporting system")


def _no_empty_keys(val_lines: list[str]) -> list[str]:
    """``values`` lines with each column holding comments alone (codes no window is known by, personal values left
    out) written ``column: {}``: YAML reads a key with nothing but comments under it as null, and the proposal,
    kept as it is, was refused (``values.window_id: must be a mapping``, left39).  A column with an entry commented out
    for the user to take (``# "3号窗口": "3"``, a counter's number: "remove the leading #") is left ``column:``: with
    ``{}`` the entry, once uncommented, made the file invalid YAML (newuser49); the mapping reads the column kept as
    it is, comments alone, as no codes.

    Examples
    --------
    >>> _no_empty_keys(["    window_id:      # 营业厅", "      # 1 个值不是窗口 / no window: X", "    kind:", "      投诉: complaint"])[:3]
    ['    window_id: {}   # 营业厅', '      # 1 个值不是窗口 / no window: X', '    kind:']
    >>> _no_empty_keys(["    window_id:   # 窗口", '      # "3号窗口": "3"   # 编号中的数字与窗口 3 相同'])[0]
    '    window_id:   # 窗口'
    """
    out = list(val_lines)
    for i, line in enumerate(out):
        m = re.match(r"^(    [^\s#][^#]*?:)(\s*)(#.*)?$", line)
        if not m:
            continue
        rest = []
        for nxt in out[i + 1:]:
            if nxt.startswith("    ") and not nxt.startswith("     "):
                break
            rest.append(nxt)
        if (all(x.strip().startswith("#") or not x.strip() for x in rest)
                and not any(re.match(r'^\s*#\s*"[^"]*":\s', x) for x in rest)):
            out[i] = (m.group(1) + " {}" + ("   " + m.group(3) if m.group(3) else "")).rstrip()
    return out


def _shown_id(w: str) -> str:
    """An id as the proposal's comment shows it, quoted: one longer than an id can be (:data:`.validate.MAX_ID`; a
    text pasted into the id column, a quote never closed) cut to its first 32 characters and its length, as ``records
    check`` shows it, never written out whole on one line of mapping.yaml (left40: 10,000 characters were).

    >>> _shown_id("PW01"), _shown_id("P" * 10000)
    ('"PW01"', '"PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP…(10,000 字符 / characters)"')
    """
    from .validate import MAX_ID

    w = str(w)
    return json.dumps(w if len(w) <= MAX_ID else f"{w[:32]}…({len(w):,} 字符 / characters)", ensure_ascii=False)


#: A header that flags urgent samples (急诊 是/否, 急查, 加急, STAT): :func:`_urgent_flag`.
_URGENT_HEADER = re.compile(r"急诊|急查|加急|紧急|^stat$|^urgent$|^emergency$", re.I)


def _urgent_flag(frame, pos, foot, headers, columns, used, c):
    """``(flag header, test header, counts of its yes codes)``: in an export whose event type is read from a
    laboratory's test names (血常规, 肝功能: a code proposed as ``lab_*``), a header no column reads that flags urgent
    samples (:data:`_URGENT_HEADER`) and holds yes/no words only (是/否, Y/N, 1/0, as bool columns read them), with
    some yes; else None."""
    from .validate import _FALSE, _TRUE

    test_h = next(h for h, col in columns.items() if col == "event_type")
    allowed = [str(a) for a in c.columns["event_type"]["values"]]
    codes = frame.iloc[:, pos[test_h]][~foot].astype("string").str.strip().dropna().unique()[:60]
    if not any(str(_guess_value(str(x), "event_type", allowed, "")[0] or "").startswith("lab_") for x in codes):
        return None
    for h in headers:
        if h in used or h not in pos or h == test_h or not _URGENT_HEADER.search(norm(h)):
            continue
        v = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().dropna()
        v = v[v != ""]
        low = v.str.lower()
        if v.empty or not low.isin(_TRUE + _FALSE).all():
            continue
        yes = v[low.isin(_TRUE).to_numpy(dtype=bool)].value_counts()
        if not yes.empty:
            return h, test_h, yes
    return None


def _without_long(counts: pd.Series) -> tuple[pd.Series, list[str]]:
    """The codes of ``counts`` (code -> rows) short enough to be codes, and the comment naming the others: a value
    longer than an id can be (:data:`.validate.MAX_ID` characters; a quote never closed, a text pasted into a
    category column) is no code, so never written whole as a key of ``values`` (left41: 10,000 characters on one
    line of mapping.yaml), but shown cut as :func:`_shown_id` shows an id, with how many there are and their rows.

    >>> kept, note = _without_long(pd.Series([5, 1], index=["投诉", "长" * 300]))
    >>> kept.index.tolist(), "300 字符" in note[0], "长" * 40 in note[0]
    (['投诉'], True, False)
    """
    from .validate import MAX_ID

    if counts.empty:
        return counts, []
    long = pd.Series(counts.index.astype(str), dtype="string").str.len().gt(MAX_ID).to_numpy(dtype=bool)
    if not long.any():
        return counts, []
    cut = counts[long]
    k, n = int(long.sum()), int(cut.sum())
    return counts[~long], [
        f"      # 请核对 / check: {k} 个取值超过 {MAX_ID} 个字符({n} 行),不是代码,未列为键(常见原因是引号未闭合或把整段文本粘进了"
        f"该列),如 {_shown_id(cut.index[0])} / {k} values longer than {MAX_ID} characters ({n} rows) are no code "
        "and not listed as keys (often a quote never closed, or a text pasted into the column): shown cut"]


#: A counter's number as a queue system writes it: 3, 03, 第3, 3号, 3号窗口, 三号窗, 12号柜台 (after NFKC).
_COUNTER_NUMBER = re.compile(r"^第?[0-9〇零一二两三四五六七八九十]{1,3}号?(?:窗口|窗|柜台|台)?$")


def _counters_of_one_window(col: pd.Series, workspace) -> bool:
    """Whether ``col`` (a column proposed as ``window_id`` by a near header, 窗口号) holds counter numbers of the one
    window of ``workspace``: it has one window, every filled value is a counter number (:data:`_COUNTER_NUMBER`) and
    none is a window of the workspace, by id, name or another spelling.

    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "SH01", "name": "政务大厅", "kind": "service_hall"}]})
    >>> _counters_of_one_window(pd.Series(["1", "2", "3号窗口", "", None]), ws)
    True
    >>> _counters_of_one_window(pd.Series(["1", "SH01"]), ws), _counters_of_one_window(pd.Series(["1", "东厅"]), ws)
    (False, False)
    """
    from .check import window_spellings

    if workspace is None or len(workspace.windows) != 1:
        return False
    v = col.astype("string").str.strip().dropna()
    v = v[v != ""].unique()
    if not len(v):
        return False
    near = window_spellings(workspace)
    return all(_COUNTER_NUMBER.match(unicodedata.normalize("NFKC", str(x))) and norm(str(x)) not in near
               and str(x) not in set(workspace.windows["window_id"].astype(str)) for x in v)


def _window_values(col: pd.Series, header: str, workspace) -> list[str]:
    """The ``values.window_id`` lines for the ids of ``col`` a workspace does not know but can tell (a window's name,
    or its id written otherwise), and a comment naming how many it cannot tell."""
    from .check import unknown_windows

    ids = col.astype("string").str.strip()
    u = unknown_windows(pd.DataFrame({"window_id": ids[ids != ""]}), workspace)
    if not len(u):
        return []
    out = []
    for w, n, likely, by in u.itertuples(index=False):
        if likely and by == "number":
            # a counter's name carrying a window id's number (2号窗 and PW02): maybe that window, maybe a counter of
            # another hall; offered commented out, as records check names it, never proposed as the reading
            out.append(f"      # {json.dumps(w, ensure_ascii=False)}: {_q(likely)}   # 编号中的数字与窗口 {likely} 相同,可能只是"
                       f"柜台号;若确是该窗口,去掉行首的 # / its number is window {likely}'s, and may be a counter's only: "
                       f"if it is that window, remove the leading #   # {n} 行 / rows")
        elif likely:
            why = ("windoweval.toml 中该窗口的名称 / the window's name in windoweval.toml" if by == "name" else
                   "同一窗口编号的另一写法(全角/空格/大小写)/ the same id written otherwise (full-width, spaces, case)")
            out.append(f"      {json.dumps(w, ensure_ascii=False)}: {_q(likely)}   # 请核对 / check: {why}   # {n} 行 / rows")
    rest = u[u["likely"] == ""]
    shown, private = _without_personal(pd.Series(rest["records"].to_numpy(), index=rest["window_id"].to_numpy()))
    rest = rest[rest["window_id"].isin(shown.index)]
    if private:
        out.append(_personal_note(*private))
    if len(rest):
        out.append(f"      # {len(rest)} 个值不是 windoweval.toml 的窗口 / values that are no window of windoweval.toml: "
                   + ", ".join(_shown_id(w) for w in rest["window_id"].head(10)) + (" …" if len(rest) > 10 else ""))
    return [f"    window_id:                      # {_q(header)}"] + out if out else []


def km_sheet_as_free(km) -> bool:
    """Whether a workspace's own section (``km``) leaves the window to be proposed: no section, or one whose window is
    not given another way already."""
    return km is None or not (km.sheet_as or "window_id" in km.constant)


def _sheets_are_windows(data: list, workspace) -> pd.Series | None:
    """The sheets' names, one a record (``data``: the tables of records), where a workbook holds a sheet per window:
    several sheets, each named by a window's id or name in ``workspace`` (spaces, full width and case aside); else None.

    >>> from windoweval.records.io import Table
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "HW", "name": "西药房", "kind": "hospital_pharmacy"},
    ...                                       {"id": "HC", "name": "中药房", "kind": "hospital_pharmacy"}]})
    >>> def t(s, n):
    ...     return Table(f"f.xlsx[{s}]", ["处方号"], pd.DataFrame({0: ["R"] * n}), 2, sheet=s)
    >>> _sheets_are_windows([t("西药房", 2), t("中药房", 1)], ws).tolist()
    ['西药房', '西药房', '中药房']
    >>> _sheets_are_windows([t("西药房", 2), t("汇总", 1)], ws) is None
    True
    """
    from .check import window_spellings

    if workspace is None or len(data) < 2 or any(x.sheet is None for x in data):
        return None
    known = set(window_spellings(workspace))
    if not all(norm(str(x.sheet)) in known for x in data):
        return None
    return pd.Series([str(x.sheet) for x in data for _ in range(len(x.frame))], dtype="string")


def _window_column(frame: pd.DataFrame, pos: dict, headers: list, foot, workspace) -> tuple | None:
    """``(header, share)`` of the column whose filled cells name the workspace's windows, by id or by name (spaces,
    full width and case aside), in at least 60% of its rows: the best such column, or None.  Asked only where other
    headers were read (a row of values where the headers belong is a record, not headers), never of a header that is
    itself a window (PW01: a record's cell).

    Examples
    --------
    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东供电所", "kind": "power_hall"},
    ...                                       {"id": "PW02", "name": "城西供电所", "kind": "power_hall"}]})
    >>> f = pd.DataFrame({0: ["城东供电所", "城西供电所", "城东供电所"], 1: ["张三", "李四", "王五"]})
    >>> _window_column(f, {"所属供电所": 0, "抢修人员": 1}, ["所属供电所", "抢修人员"], np.zeros(3, bool), ws)
    ('所属供电所', 1.0)
    """
    from .check import window_spellings

    known = set(window_spellings(workspace))   # its ids and names, as records check reads them
    best = None
    for h in headers:
        if h not in pos or pos[h] >= frame.shape[1] or norm(str(h)) in known:   # a header that is a window: a record
            continue
        v = frame.iloc[:, pos[h]][~np.asarray(foot, dtype=bool)].astype("string").str.strip().dropna()
        v = v[v != ""]
        if not len(v):
            continue
        counts = v.value_counts()
        if len(counts) > max(50, len(known) * 4):   # free text, ids, names of people: no column of windows
            continue
        hit = sum(n for x, n in counts.items() if norm(x) in known)
        share = hit / len(v)
        if share >= 0.6 and (best is None or share > best[1]):
            best = (h, share)
    return best


#: A header that counts the units an event touched (影响户数, 停电户数, 户数): a count, never an id.
_COUNT_HEADER = re.compile(r"户数|用户数|客户数|数量$|count", re.I)
#: A header naming whom an event touched (停电用户, 户号, 影响客户): where a list of ids is looked for first.
_UNITS_HEADER = re.compile(r"户号|用户|客户|户|customer", re.I)
#: An id in a list (3001, 0101234567, K35-001): letters, digits, - and _ only.
_LISTED_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-.]*$")


def _per_event(frame, pos: dict, headers: list, used: set, made: set, c, foot) -> dict | None:
    """An export of one row per event for a kind whose key has a part that may be blank (an outage's customer_id),
    that part found nowhere: ``{column, headers, line}``, the proposal's line for it.  A column whose cells list
    ids separated by ; 、 , | / or line breaks (at least one cell two or more, every filled cell ids only) is proposed
    as ``split`` (with ``count``, a number column named 户数, to check each list against); with no list, ``constant:
    {column: null}``, saying the clauses counted per that column will read insufficient evidence.  None where the
    kind has no such key part or the export maps it.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> f = pd.DataFrame({0: ["T1", "T2"], 1: ["3001;3002", "3003"], 2: ["2", "1"]})
    >>> got = _per_event(f, {"停电编号": 0, "停电用户": 1, "影响户数": 2}, ["停电编号", "停电用户", "影响户数"], {"停电编号"},
    ...                  {"outage_id"}, contracts()["outages"], np.zeros(2, dtype=bool))
    >>> got["line"].split("#")[0].strip(), got["headers"]
    ('split: {customer_id: {from: "停电用户", count: "影响户数"}}', ['停电用户', '影响户数'])
    """
    from .mapping import SPLIT_SEPARATORS

    col = next((k for k in c.key if k not in made and c.columns[k].get("blank")
                and c.columns[k]["type"] == "string"), None)
    if col is None or len(c.key) < 2:
        return None
    spare = [h for h in headers if str(h).strip() and h not in used and h in pos]
    count = next((h for h in spare if _COUNT_HEADER.search(norm(h)) and
                  pd.to_numeric(frame.iloc[:, pos[h]][~foot].dropna(), errors="coerce").notna().all()), None)
    lists = []
    for h in sorted((h for h in spare if h != count), key=lambda h: not _UNITS_HEADER.search(norm(h))):
        v = frame.iloc[:, pos[h]][~foot].dropna().astype("string").str.strip()
        v = v[v != ""]
        if not len(v):
            continue
        parts = v.str.split(SPLIT_SEPARATORS, regex=True).explode().astype("string")
        parts = parts[parts.str.len() > 0]
        if len(parts) > len(v) and parts.str.match(_LISTED_ID).all():
            lists.append(h)
            break
    zh = c.columns[col].get("zh", col)
    if lists:
        h = lists[0]
        spec = f"{{from: {_q(h)}, count: {_q(count)}}}" if count else _q(h)
        return {"column": col, "headers": [h] + ([count] if count else []),
                "line": f"  split: {{{col}: {spec}}}   # 请核对 / check: 每件事一行,{_q(h)} 一格中列出各{zh},每个成一条记录"
                        + (f",并与 {_q(count)} 核对个数" if count else "")
                        + f" / one row per event, {_q(h)} lists the {col}s in one cell: a record each"
                        + (f", checked against {_q(count)}" if count else "")}
    return {"column": col, "headers": [],
            "line": f"  constant: {{{col}: null}}   # 请核对 / check: 每件事一行,导出中没有{zh}"
                    + (f"(只有 {_q(count)})" if count else "")
                    + f":按{zh}计的条款(如供电可靠率、计划停电次数)将为证据不足;要评价它们,请导出{zh}(每户一行,或一格中列出)"
                    f" / one row per event, no {col} in the export"
                    + (f" (only {_q(count)})" if count else "")
                    + f": the clauses counted per {col} (reliability, planned outages a year) will read insufficient "
                    f"evidence; to judge them, export the {col}s (a row each, or listed in one cell)"}


def _shown_name(file, root=None) -> str:
    """``file`` relative to the data folder ``root`` when it lies inside it, else its name alone: never a full path
    (a folder can carry a person's name).

    Examples
    --------
    >>> _shown_name("/home/张伟/exports/工单.xlsx"), _shown_name("/srv/d/exports/工单.xlsx", "/srv/d")
    ('工单.xlsx', 'exports/工单.xlsx')
    """
    f = Path(file)
    if root is not None:
        try:
            return f.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return f.name


#: Step names of a process log that carry no time a contract reads (proposed under ``steps.ignore``, for review).
_UNTIMED_STEPS = ("派工", "派单", "接单", "转派", "改派", "归档", "回访", "审核", "审批", "催办", "督办", "评价", "分派", "挂起",
                  "退回", "发起", "确认")
#: Step names no contract alias spells, onto the column their step times (for review).
_STEP_WORDS = (("竣工", "completed_at"), ("办结", "completed_at"), ("结单", "completed_at"), ("复电", "completed_at"),
               ("到场", "arrived_at"), ("抵达", "arrived_at"))
_DATETIME_CELL = r"^\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*T?\s*\d{1,2}\s*[:时]\s*\d{2}"


def _step_stems(c) -> list[tuple[str, str]]:
    """``(stem, column)``: each time column's Chinese names without 时间 (受理, 到达现场, 送电), longest first, and
    :data:`_STEP_WORDS`: the vocabulary a step name is read by."""
    out = []
    for col, spec in c.columns.items():
        if spec["type"] != "datetime":
            continue
        for name in [spec.get("zh", "")] + list(spec.get("aliases") or []):
            stem = re.sub(r"(时间|日期|时刻)$", "", norm(name))
            if len(stem) >= 2 and not stem.isascii():
                out.append((stem, col))
    out += [(norm(w), col) for w, col in _STEP_WORDS if col in c.columns]
    return sorted(dict.fromkeys(out), key=lambda x: -len(x[0]))


def _proposed_steps(frame, headers, pos, foot, columns: dict, used: set, c) -> tuple[list, set]:
    """The ``steps`` entry for an export that is a process log, as YAML lines, and the contract columns it makes;
    ``([], set())`` for any other.  A log: the key's header (already proposed) repeats its values, a header not read
    holds few distinct values of which at least two are step names (受理, 到达现场, 竣工, 派工 …: the contract's time
    names without 时间, and :data:`_STEP_WORDS` / :data:`_UNTIMED_STEPS`), and a header not read holds date-times.
    Each step name proposed onto its column (a name matched to none: TODO), the untimed ones under ignore; a step
    met twice for one order named in a comment (``repeated``: first or last, for the user to decide).
    The headers taken are added to ``used``.

    Examples
    --------
    >>> from windoweval.records.contract import contracts
    >>> f = pd.DataFrame([["G1", "受理", "2025-03-03 09:00"], ["G1", "到达现场", "2025-03-03 09:40"],
    ...                   ["G1", "归档", "2025-03-04 09:00"], ["G2", "受理", "2025-03-05 09:00"]])
    >>> lines, cols = _proposed_steps(f, ["工单编号", "环节名称", "环节时间"], {"工单编号": 0, "环节名称": 1, "环节时间": 2},
    ...                               np.zeros(4, dtype=bool), {"工单编号": "order_id"}, {"工单编号"}, contracts()["work_orders"])
    >>> sorted(cols), [x.split("#")[0].strip() for x in lines[5:8]]
    (['arrived_at', 'received_at'], ['"受理": received_at', '"到达现场": arrived_at', 'ignore: ["归档"]'])
    """
    if len(c.key) != 1:
        return [], set()
    key_h = next((h for h, col in columns.items() if col == c.key[0]), None)
    if key_h is None:
        return [], set()
    keys = frame.iloc[:, pos[key_h]][~foot].astype("string").str.strip()
    if not keys.dropna().duplicated().any():
        return [], set()
    stems = _step_stems(c)
    untimed = {norm(w) for w in _UNTIMED_STEPS}

    def column_of(name: str):
        n = norm(name)
        for stem, col in stems:
            if n == stem or n.startswith(stem) or (len(n) >= 2 and stem.startswith(n)):
                return col
        return None

    free = [h for h in headers if str(h).strip() and h not in used and h in pos]
    step_h, names = None, None
    for h in free:
        vc = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().dropna()
        vc = vc[vc != ""].value_counts()
        if not (2 <= len(vc) <= 40):
            continue
        known = [v for v in vc.index if column_of(v) is not None or norm(v) in untimed]
        if len(known) >= 2 and sum(vc[v] for v in known) * 2 >= vc.sum():
            step_h, names = h, vc
            break
    if step_h is None:
        return [], set()
    times = []
    for h in free:
        if h == step_h:
            continue
        v = frame.iloc[:200, pos[h]][~foot[:200]].astype("string").str.strip().dropna()
        v = v[v != ""]
        if len(v) and v.str.match(_DATETIME_CELL).all():
            times.append(h)
    if not times:
        return [], set()
    time_h = next((h for h in times if re.search(r"环节|步骤|节点|操作|处理|流程", str(h))), times[0])
    lines = ["  steps:                        # 流程日志:每个环节一行,按工单转为一行 / a process log, a row per step: "
             "one row per order (data/README.md)",
             f"    key: {_q(key_h)}", f"    step: {_q(step_h)}", f"    time: {_q(time_h)}"
             + (f"   # 另有时间列 / other time headers: {', '.join(map(_q, [h for h in times if h != time_h]))}"
                if len(times) > 1 else ""),
             "    as:                         # 环节名称: 约定的时间列 / step name: the contract's time column"]
    made, ignored = set(), []
    for name, n in names.items():
        col = column_of(name)
        if norm(name) in untimed:
            ignored.append(name)
        elif col is not None:
            made.add(col)
            lines.append(f"      {_q(name)}: {col}   # 请核对 / check   # {n} 行 / rows")
        else:
            lines.append(f"      {_q(name)}: TODO   # 它的时间对应的列,或移到 ignore / its time's column, or move it to "
                         f"ignore   # {n} 行 / rows")
    if ignored:
        lines.append(f"    ignore: [{', '.join(map(_q, ignored))}]   # 请核对 / check: 不计时的环节 / steps with no time read")
    st = pd.DataFrame({"k": frame.iloc[:, pos[key_h]].astype("string").str.strip(),
                       "s": frame.iloc[:, pos[step_h]].astype("string").str.strip()})[~foot].dropna()
    twice = st[st.duplicated()]
    timed = {x: column_of(x) if norm(x) not in untimed else None for x in twice["s"].unique()}   # once per name
    twice = twice[twice["s"].map(timed).notna().to_numpy()]
    cols_twice = sorted({timed[x] for x in twice["s"].unique()})
    if cols_twice:
        lines.append(f"    # repeated: {{{', '.join(f'{x}: first' for x in cols_twice)}}}   # 请写明 / decide: 有工单的同一环节"
                     f"出现多次(如工单 {twice['k'].iloc[0]} 的 {twice['s'].iloc[0]}),标准未规定取哪一次:first 取最早,last 取"
                     f"最晚;不写则被拒绝 / a step met twice for one order (order {twice['k'].iloc[0]}'s "
                     f"{twice['s'].iloc[0]}); the standard does not say which counts: first the earliest, last the "
                     f"latest; unset, refused")
    used.update({step_h, time_h})
    return lines, made


#: A punch log's headers (原始打卡记录, one row per punch): its time, its type (上班/下班), its staff id.
_PUNCH_TIME = r"(?:打卡|刷卡|签到)(?:日期)?时间|^(?:打卡|刷卡)时刻$|^日期时间$|^考勤时间$|^punch ?time$"
_PUNCH_TYPE = r"^(?:打卡|签到|考勤)?类型$|^打卡状态$|^punch ?type$"
_PUNCH_STAFF = r"^(?:工号|员工编号|员工工号|人员编号|用户id|userid|员工id|考勤号码?)$"


def _punch_log_beside(file, staff_heads: set) -> tuple | None:
    """A raw punch log in the folder of the schedule ``file``: ``(its name, staff header, time header, type header or
    None)``, or None.  A punch log has a punch time header and a staff id header (the schedule's own, else 工号 …),
    and no shift (班次) header: a row per punch, not per shift.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "排班.csv").write_text("工号,日期,班次\\nS1,2025-03-03,08:30-17:30\\n", encoding="utf-8")
    >>> _ = (d / "打卡.csv").write_text("姓名,工号,打卡时间,打卡类型\\n张三,S1,2025-03-03 08:15,上班\\n", encoding="utf-8")
    >>> _punch_log_beside(d / "排班.csv", {"工号"})
    ('打卡.csv', '工号', '打卡时间', '打卡类型', None)
    """
    from .io import SUFFIXES

    here = Path(file)
    for f in sorted(here.parent.iterdir()) if here.parent.is_dir() else []:
        if f == here or not f.is_file() or f.suffix.lower() not in SUFFIXES or f.name.startswith((".", "~$")):
            continue
        try:
            tables = [t for t in read_tables(f) if t.headers]
        except Exception:  # noqa: BLE001 - a file that cannot be read is no punch log proposed
            continue
        got = _punch_headers(tables[0].headers, staff_heads) if tables else None
        if got is not None:
            return (f.name, *got, _punch_date(tables[0], got[1]))
    return None


def _punch_date(t, time_h: str) -> str | None:
    """The date header of a punch log whose punch times are times of day alone (打卡日期 2025-03-03 beside 打卡时间
    08:15, as a machine or a workbook writes them): the first header named as a date (日期, date) holding a date in
    every filled cell; None when the times hold their dates (2025-03-03 08:15), or no such header is there.

    >>> from windoweval.records.io import Table
    >>> heads = ["工号", "打卡日期", "打卡时间"]
    >>> _punch_date(Table("打卡.csv", heads, pd.DataFrame({0: ["S1"], 1: ["2025-03-03"], 2: ["08:15"]}), 2), "打卡时间")
    '打卡日期'
    >>> _punch_date(Table("打卡.csv", heads, pd.DataFrame({0: ["S1"], 1: ["2025-03-03"], 2: ["2025-03-03 08:15"]}), 2),
    ...             "打卡时间") is None
    True
    """
    heads = [str(h).strip() for h in t.headers]
    head = t.frame.iloc[:200]

    def cells(j):
        v = head.iloc[:, j].astype("string").str.strip()
        return v[v.notna() & (v != "") & ~_placeholder(v).to_numpy(dtype=bool)]

    tj = heads.index(time_h)
    if cells(tj).str.match(r"\d{4}\s*[-/年.]").any():
        return None
    for j, h in enumerate(heads):
        if j != tj and re.search(r"日期|date", norm(h)):
            v = cells(j)
            if len(v) and (v.str.match(_DATE_ONLY) | v.str.match(_SERIAL_DAY)).all():
                return h
    return None


def _punch_headers(headers, staff_heads: set = frozenset()) -> tuple | None:
    """``(staff header, time header, type header or None)`` when ``headers`` are a punch log's (a punch time and a
    staff id, no 班次: a row per punch), else None.

    >>> _punch_headers(["姓名", "工号", "打卡时间", "考勤机"]), _punch_headers(["工号", "日期", "班次", "打卡时间"])
    (('工号', '打卡时间', None), None)
    """
    heads = [str(h).strip() for h in headers]
    low = [norm(h) for h in heads]
    if any("班次" in h for h in heads):
        return None
    time = next((h for h, n in zip(heads, low) if re.search(_PUNCH_TIME, n)), None)
    staff = next((h for h in heads if h in staff_heads), None) or next(
        (h for h, n in zip(heads, low) if re.search(_PUNCH_STAFF, n)), None)
    if not (time and staff):
        return None
    return staff, time, next((h for h, n in zip(heads, low) if re.search(_PUNCH_TYPE, n)), None)


#: The headers of a government service hall's case export that carry its own promised limit or class (办件明细:
#: 承诺时限(工作日), 办件类型 即办件/承诺件); its number alone (办件编号) is no sign: a hall's 居民用电新装 is read as work
#: orders (hostile47), its queue as counter transactions (left42).
_CASE_EXPORT = re.compile(r"承诺时限|办结时限|法定时限|办件类型|即办件|承诺件")
_CASE_EXPORT_NOTE = (
    "# 注意:这像是政务服务大厅的办件导出(承诺时限、办件类型 即办件/承诺件)。五份标准都没有规定办件的办结时限,也没有“即办件”"
    "“承诺件”的说法,每件的承诺时限不被读取,也没有一条条款按它评价(窗口工作人员服务规范 五、5 即 window_staff.5.5 限期办结、"
    "缩短承诺时限,按文件审查,不由记录计量);只有供电业务的办件(如 居民用电新装)按本类记录自己的时限(如供电工单 power_window 10.2)"
    "评价,其他事项请不要这样读入(data/README.md 办件时限) / Note: this looks like a government service hall's case export "
    "(承诺时限, 办件类型 即办件/承诺件). None of the five standards sets a case's time limit or speaks of 即办件/承诺件: a "
    "case's promised limit is not read and no clause judges a case by it (window_staff.5.5, finish within the limit and "
    "shorten the promised limits, is a document review, not measured from records); only a power-supply case (居民用电新装) "
    "is judged, by this kind's own limits (power_window 10.2 for work orders); do not read other matters so "
    "(data/README.md, 办件时限 / Business time limits).")


def propose(file, kind: str, header_row: int | None = None, encoding: str | None = None, max_codes: int = 60,
            workspace=None, mapping=None, checklist_items: dict | None = None) -> str:
    """The proposed ``mapping.yaml`` section for ``kind`` from the export ``file``, as YAML text with comments.

    With a ``workspace`` (:class:`~windoweval.records.workspace.Workspace`), the window column's values that are
    no window id of it but a window's name (城东营业厅) or its id written otherwise (ＰＷ01) are proposed under
    ``values.window_id``, so the export is read as it is (``records check`` names the same ones).  With
    ``checklist_items`` (the catalog's: code -> ``{zh, …}``; the records layer does not read the standards), a wide
    checklist's columns are proposed with the codes their names give, else TODO.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> f = Path(tempfile.mkdtemp()) / "工单导出.csv"
    >>> _ = f.write_text("工单编号,营业厅,业务类型,受理时间\\nWO1,PW01,故障报修,2025-06-01 18:00\\n", encoding="utf-8")
    >>> text = propose(f, "work_orders")
    >>> import yaml
    >>> proposed = yaml.safe_load(text)["work_orders"]
    >>> proposed["columns"], proposed["values"]
    ({'工单编号': 'order_id', '营业厅': 'window_id', '业务类型': 'order_type', '受理时间': 'received_at'}, {'order_type': {'故障报修': 'fault_repair'}})

    A hall written by its name, with the workspace that names it:

    >>> from windoweval.records.workspace import Workspace
    >>> ws = Workspace.from_dict({"windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    >>> _ = f.write_text("工单编号,营业厅,业务类型,受理时间\\nWO1,城东营业厅,故障报修,2025-06-01 18:00\\n", encoding="utf-8")
    >>> yaml.safe_load(propose(f, "work_orders", workspace=ws))["work_orders"]["values"]["window_id"]
    {'城东营业厅': 'PW01'}
    """
    from .io import ExportError
    from .mapping import KindMapping, required_found

    c = contracts()[kind]
    # the workspace's own section (its sheets, header_row, encoding kept), once its mapping file is written
    km = mapping if mapping is not None else (workspace.mapping().get(kind) if workspace is not None
                                              and workspace.mapping_written() else None)
    if header_row is None:
        header_row = km.header_row if km is not None else 1
    if encoding is None and km is not None:
        encoding = km.encoding
    tables = [t for t in read_tables(file, header_row, encoding) if t.headers]
    if not tables:
        raise ExportError(file, "文件中没有表头", "the file has no headers")
    named = None
    if km is not None and km.sheets and any(t.sheet is not None for t in tables):
        # the workspace's mapping.yaml names the sheets to read: the proposal looks at those only, as load reads them
        named = [t for t in tables if km.reads_sheet(t.sheet)]
        if not named:
            want = ", ".join(map(repr, km.sheets))
            own = "、".join(str(t.sheet) for t in tables)
            raise ExportError(file, f"工作簿中没有 mapping.yaml 中 {kind}.sheets({want})所列的工作表(工作表有:{own});"
                                    "请改正 sheets 后再运行 records map",
                              f"the workbook has none of the sheets {kind}.sheets names in mapping.yaml ({want}; its "
                              f"sheets: {own.replace('、', ', ')}); correct `sheets`, then run records map again")
        tables = named
    scored = [(sum(1 for v in _match(t.headers, kind).values() if v[1] == "alias"), i) for i, t in enumerate(tables)]
    t = tables[max(scored)[1]]
    # the sheets load reads as records (every sheet with the kind's required columns, or those `sheets` names): their
    # headers all, not the best sheet's alone, are mapped, and their codes all proposed (one sheet a month under
    # headers that change in May: 受理时间 became 登记时间, a column 渠道 was added)
    bare = KindMapping(kind)
    best_req = required_found(t.headers, kind, bare)
    # (a sheet holding every header of the best sheet's that the proposal takes for a required column is another
    # month of the same records, whatever the contract's own names find in them: none, in an export whose every
    # header is the system's own, a column added in April or not; the same headers, when fewer than two are taken so)
    same = {norm(h) for h, (col, _) in _match(t.headers, kind).items() if col in c.required}
    if len(same) < 2:   # one header alone (科室) is no month's sheet: a summary by department holds it too
        same = {norm(h) for h in t.headers if str(h).strip()}
    data = [x for x in tables if len(x.frame) and (x is t or required_found(x.headers, kind, bare) >= max(1, (best_req + 1) // 2)
                                                   or same <= {norm(h) for h in x.headers if str(h).strip()})]
    if t not in data:
        data.insert(0, t)
    alike = data
    union: list = []
    for x in [t] + [x for x in data if x is not t]:
        for h in x.headers:
            if str(h).strip() not in {str(u).strip() for u in union}:
                union.append(h)
    key = {str(h).strip(): j for j, h in enumerate(union)}
    pieces = []
    for x in [t] + [x for x in data if x is not t]:
        cols = {}
        for i, h in enumerate(x.headers):
            j = key[str(h).strip()]
            if j not in cols and i < x.frame.shape[1]:
                cols[j] = i
        piece = x.frame.iloc[:, list(cols.values())].set_axis(list(cols), axis=1)
        pieces.append(piece.reindex(columns=range(len(union))))
    frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
    # a second header row right under the header (English names, field codes: totals._second_header): no record, so
    # none of its names proposed as a code; a drop entry proposed that skips it, as a refusal would give
    second = None
    if len(t.frame):
        at = _second_header(t.frame.iloc[0], min(t.frame.shape[1], len(t.headers)))
        if at is not None:
            second = (t.headers[at], str(t.frame.iloc[0, at]).strip())
            frame = frame.iloc[1:].reset_index(drop=True)
    headers = union
    pos = {h: i for i, h in enumerate(headers)}
    m = _match(headers, kind)
    # a withdrawal time (撤诉时间) is no receipt nor callback spelt near it: proposed below, for the withdrawn records
    w_state, w_headers = _withdrawal_headers(headers, c)
    for h in w_headers:
        m.pop(h, None)

    foot = np.zeros(len(frame), dtype=bool)   # a totals row (合计, Total) says nothing of a column's form
    for j in range(frame.shape[1]):
        foot |= total_mask(frame.iloc[:, j])

    def only(h, pattern):
        v = frame.iloc[:200, pos[h]][~foot[:200]].dropna().astype(str).str.strip()
        v = v[~_placeholder(v).to_numpy(dtype=bool)]   # - / 无 / N/A written for a blank: no evidence either way
        if pattern is _TIME_RANGE:   # a day off or on leave (休息, 请假) in a 班次 column: no shift, proposed under drop
            v = v[~v.map(lambda x: bool(_CANCELLED.match(norm(x)))).to_numpy(dtype=bool)]
        if pattern is _TIME_ONLY and len(v) and re.search(_HHMM_HEADER, norm(h)) \
                and not re.search(_DURATION_HEADER, norm(h)):
            # times of day kept as HHMM numbers (an LIS's RecvHHMM 915, a machine's 打卡时刻 1735: zeros lost), read
            # as combine and punches read them (mapping.hhmm_times); under a header that names a time, never a
            # duration, and only where every number is an HHMM time and one has three or four digits
            hm, bad, unclear = hhmm_times(v.astype("string"))
            if not bad.any() and not unclear.any():
                v = hm.astype(str)
        hit = v.str.match(pattern, case=False)
        if pattern is _TIME_RANGE:   # a split shift (早班 08:30-12:00 14:00-17:30): a shift per span (files._shift_halves)
            hit = hit | (v.str.count(_RANGE_IN_CELL) >= 2)
        if pattern in (_DATE_ONLY, _TIME_ONLY, _TIME_RANGE):
            # a column of dates or times with a mistyped cell or two (1x:55) is one still: proposed as the others
            # are, the cell named by records check and import with its row (left39: one bad punch gave up the
            # whole split-shift combine, its headers proposed as columns of their own)
            # a cell of the other form is no typing slip: a date-time among dates (a midnight written as the date
            # alone beside it), a date among times, says the column is another
            miss = v[~hit.to_numpy(dtype=bool)]
            other = miss.str.contains(_A_TIME if pattern is _DATE_ONLY else _A_DATE, regex=True).to_numpy(dtype=bool)
            return not other.any() and _mostly(hit.to_numpy(dtype=bool))
        return bool(len(v)) and bool(hit.all())

    # a time of day somewhere in the export: a date alone may be half of a date-time, to combine with it
    any_time = any(str(h).strip() and (only(h, _TIME_ONLY) or only(h, _TIME_RANGE)) for h in headers)
    repeated_key: list = []   # a common header of the one-column key whose values repeat (a daily queue number)
    date_only = set()   # a date-time proposed from a column of dates alone (实际抄表日期): read as the day's 00:00
    for h, (col, how) in list(m.items()):  # a date or a time alone is half a date-time: left for combine
        # (a contract header holding times of day only, 报告时间 01:30, too: read alone it has no date)
        if c.columns[col]["type"] == "datetime" and how != "alias" and only(h, _DATE_ONLY) and not any_time:
            date_only.add(h)   # no time to combine it with: the date is all the export says (on_day reads days)
        elif c.columns[col]["type"] == "datetime" and (only(h, _TIME_ONLY) or (how != "alias" and only(h, _DATE_ONLY))
                                                       or only(h, _TIME_RANGE)):
            del m[h]   # (a time range, 班次 09:00-17:00, is two halves: proposed below as a start and an end)
        elif c.columns[col]["type"] == "datetime" and how != "alias" and only(h, _DURATION):
            del m[h]   # small numbers (RingSec 12) are a duration, never a date-time: named below for derive
        elif c.columns[col]["type"] in ("datetime", "date") and not _strong(how) and only(h, r"^\D*$"):
            del m[h]   # no digit in any value (班次 of 早班/晚班, near 班次结束 in spelling): no date or time
        elif c.key == [col] and how != "alias" and _repeats(frame.iloc[:, pos[h]], foot, frame):
            del m[h]   # the key near in spelling (抄表段编号, near 抄表编号) whose values repeat: a group, no record's id;
            if how.startswith(("hint:", "note:")):   # a common header of it (取号号码 A001 again each day): said why
                repeated_key.append(h)
    # a checklist exported wide (one column per item, cells 是/否): proposed as `wide`, each header's item code guessed
    # from the standards' checklist items by its words (a header matched to none is named, never given a code)
    wide_items: dict = {}
    if {"item", "result"} <= set(c.columns) and not any(col in ("item", "result") for col, _ in m.values()):
        results = [h for h in headers if str(h).strip() and only(h, _RESULT_LIKE)]
        if len(results) >= 2:
            for h in results:
                m.pop(h, None)
                wide_items[h] = _checklist_item(h, checklist_items or {})
    for h, fit in _by_values(frame, pos, headers, m, c, set(wide_items), max_codes).items():
        m[h] = fit   # 业务类型 of 投诉/举报/咨询 is the kind, whatever its header's words say
    for h in [h for h, (col, _) in m.items() if col == "event_status"]:
        if not _status_placed(frame.iloc[:, pos[h]][~foot], kind, c, max_codes):
            del m[h]   # a code the proposal cannot place, or a cancelled one (未取药, 作废): unread, drops proposed
    if "collected_at" in c.columns:
        _pick_up(m, file, headers, frame, pos)
    by_col: dict[str, list[str]] = {}
    for h, (col, how) in m.items():
        by_col.setdefault(col, []).append(h)
    for col, hs in by_col.items():   # a header named by its words beats one near it in spelling (执行科室, a common
        strong = [h for h in hs if _strong(m[h][1])]   # header of the window, over 申请科室 near 科室)
        if strong and len(strong) < len(hs):
            for h in hs:
                if h not in strong:
                    del m[h]
            by_col[col] = strong
    name = Path(file).name
    shown_name = mask_lines(name)   # a name holding a phone or a name (导出_张三_13812345678.xlsx): not written (safe38)
    lines = [f"# 由 windoweval records map 根据 {shown_name} 生成:请逐项核对后并入 mapping.yaml。",
             f"# Proposed by windoweval records map from {shown_name}: review every entry, then keep it in mapping.yaml.",
             f"{kind}:"]
    if any(_CASE_EXPORT.search(str(h)) for x in tables for h in x.headers):
        # a government service hall's case export (办件: 承诺时限, 即办件/承诺件): no clause judges it; read as work
        # orders it would be judged by the power-supply limits it has nothing to do with (newuser48)
        lines[2:2] = [_CASE_EXPORT_NOTE]
    if shown_name != name:   # its masked name would match no file: the proposal says to rename it instead
        lines.append(f"  # file: 文件名含个人信息(电话、证件号、姓名),不写出;请把文件改名(如 {kind}{Path(name).suffix})"
                     f"后在此写 file: 新文件名 / the file's name holds personal data (a phone, an ID number, a name) and "
                     f"is not written: rename the file (e.g. {kind}{Path(name).suffix}) and name it here with file:")
    elif name not in {f"{kind}{s}" for s in (".csv", ".xlsx", ".xls", ".parquet", ".tsv", ".txt")}:
        lines.append(f"  file: {_q(name)}")
    if header_row != 1:
        lines.append(f"  header_row: {header_row}")
    if named is not None:
        lines.append(f"  sheets: [{', '.join(_q(x) for x in km.sheets)}]   # 沿用 mapping.yaml / as in mapping.yaml")
    sheets_at = len(lines)
    if len(alike) > 1:
        names = "、".join(str(x.sheet) for x in alike)
        same = all([h.strip() for h in x.headers] == [h.strip() for h in t.headers] for x in alike)
        lines.append(f"  # 表头相同的 {len(alike)} 个工作表都已查看并都会读入 / {len(alike)} sheets with these headers "
                     f"looked at, and all are read: {names}" if same else
                     f"  # {len(alike)} 个工作表都已查看并都会读入,表头不尽相同,各表的表头都已提议 / {len(alike)} sheets "
                     f"looked at, and all are read; their headers differ, and every sheet's are proposed: {names}")
    # the kind's code column, to pick by
    cat_cols = [col for col, spec in c.columns.items() if spec["type"] == "category"]
    code_col = next((col for col in cat_cols if len(by_col.get(col, [])) == 1), None)
    code_hdr = by_col[code_col][0] if code_col else None
    columns, pick, used, others = {}, {}, set(), {}
    sheet_sets = [{str(h).strip() for h in x.headers} for x in data]
    for col, hs in by_col.items():
        if len(hs) == 1 or (len(data) > 1 and all(sum(str(h).strip() in S for h in hs) <= 1 for S in sheet_sets)):
            # one header, or one per sheet (受理时间 in March, 申请时间 from April on): each maps to the column
            for h in hs:
                columns[h] = col
                used.add(h)
        elif c.columns[col]["type"] in ("datetime", "date") and code_hdr is not None:
            codes = norm_series(frame.iloc[:, pos[code_hdr]]).fillna("")
            raw_first = frame.iloc[:, pos[code_hdr]].astype("string").str.strip().fillna("")
            filled = pd.DataFrame({h: frame.iloc[:, pos[h]].notna().to_numpy() for h in hs})
            filled["_code"] = codes.to_numpy()
            share = filled.groupby("_code", sort=True).mean()
            label = raw_first.groupby(codes.to_numpy()).first()
            cases = {}
            for code, row in share.iterrows():
                if code == "":
                    continue
                # the header filled most for the code; of those filled as often, the one the contract names
                # (报告时间, finished_at's own word, over 审核时间 beside it: the audit precedes the report)
                tied = [h for h in hs if row[h] == row.max()]
                best = max(tied, key=lambda h: _strength(m[h][1]))
                cases[str(label.get(code, code))] = (best if row.max() > 0 else None, row.to_dict())
            # a code none of whose rows fills any of them says nothing of which header it is
            chosen = {best for best, _ in cases.values() if best is not None}
            if len(chosen) == 1:
                # every code fills the same header best (both filled for all): no choice by code, that header read
                # (a pick by 电压等级 between two columns every row fills says nothing); the others stay unread
                best = chosen.pop()
                columns[best] = col
                used.add(best)
                continue
            pick[col] = cases
            used.update(hs)
        else:  # no code column: the header named by the contract's own words (振铃时间, the contract's offered_at,
            # over 进线时间, an export's common header: the ring, not the call's arrival, starts 4 rings), then the one
            # filled most often; the others named beside it for review
            best = max(hs, key=lambda h: (_strength(m[h][1]), frame.iloc[:, pos[h]].notna().sum()))
            columns[best] = col
            used.add(best)
            # the others named when they too say what the column is by their own words (进线时间 beside 振铃时间),
            # not a header merely near in spelling (检查人 near 检查项)
            others[best] = [h for h in hs if h != best and _strong(m[h][1])]
    # a date header and a time header for a required date-time not found
    # date headers and time headers for the date-times the export lacks: each time header to the column whose
    # names it is closest to; one date header may serve several (来电日期 with 振铃时刻, 应答时刻, 挂机时刻)
    missing_dt = [col for col in c.columns if c.columns[col]["type"] == "datetime" and col not in by_col]
    combine = {}
    rest = [h for h in headers if h not in used and str(h).strip()]
    # a column of Excel serial days alone (45719) is a date column only under a header that says so (日期, date):
    # a row number (序号 10001, 10002 …) has the same form; one with dates written as text is preferred
    dates = [h for h in rest if only(h, _DATE_ONLY)
             and (not only(h, _SERIAL_DAY) or re.search(r"日期|date|day", norm(h)))]
    # a header that says it holds a duration (办理时长 00:05:10, 用时): never a time of day, however its values read
    # (00:05:10 is five minutes, not 00:05 at night); offered for derive below (export42)
    times = [h for h in rest if only(h, _TIME_ONLY) and not re.search(_DURATION_HEADER, norm(h))]
    # a daily report's numbered punches beside a shift's range (上班1打卡时间 … 上班2打卡时间, as DingTalk and WeCom
    # write a split shift's second span): the later ones proposed with the first, a header per span in one list
    # (files._apply_spans), never as columns of their own; a later one blank throughout is one still (no split day yet)
    later = _span_headers(frame, pos, rest, times) if any(only(h, _TIME_RANGE) for h in rest) else {}
    times = [h for h in times if not any(h in v for v in later.values())]
    def names(col):
        spec = c.columns[col]
        return [norm(x) for x in [spec.get("zh", col), *(spec.get("aliases") or []), *HEADER_HINTS.get(col, [])]]

    def score(h, col):
        return max(difflib.SequenceMatcher(None, norm(h), x).ratio() for x in names(col))

    if missing_dt and dates and times:
        pairs = sorted(((score(tm, col), tm, col) for tm in times for col in missing_dt), reverse=True)
        for sc, tm, col in pairs:
            if col in combine or any(tm == v[1] for v in combine.values()) or sc < 0.3 or _order_against(
                    norm(tm), col, kind):
                continue
            d = max(dates, key=lambda x: (not only(x, _SERIAL_DAY),
                                          difflib.SequenceMatcher(None, norm(x), norm(tm)).ratio()))
            combine[col] = (d, tm)
    # no date header, a time of day alone named as the column (叫号时间 08:25) beside the date-time read as the column
    # it never precedes (签到时间 2025-03-04 08:10 → ticket_at): its date from that header, a time before it the next
    # day (after); never ignored, every ticket then read as never called (newuser46)
    after_whole: dict = {}
    if missing_dt and times and not dates:
        src_of = {col: h for h, col in columns.items()}
        for col in missing_dt:
            start = next((x for x in (c.not_before.get(col) or []) if x in src_of), None)
            free = [tm for tm in times if tm not in {v[1] for v in combine.values()} and score(tm, col) >= 0.75
                    and not _order_against(norm(tm), col, kind)]
            if start is not None and free and col not in combine:
                combine[col] = (src_of[start], max(free, key=lambda tm: score(tm, col)))
                after_whole[col] = start
    # a time range (班次 09:00-17:00) beside a date: the start and the end of a pair the contract orders (shift_start,
    # shift_end: the end never before the start), both missing
    ranges = [h for h in rest if only(h, _TIME_RANGE) and h not in {v[1] for v in combine.values()}]
    if dates and ranges:
        for end, starts_ in c.not_before.items():
            for start in starts_:
                if not ranges or start not in missing_dt or end not in missing_dt or start in combine or end in combine:
                    continue
                rng = ranges.pop(0)
                d = max(dates, key=lambda x: (not only(x, _SERIAL_DAY), difflib.SequenceMatcher(None, norm(x),
                                                                                               norm(rng)).ratio()))
                combine[start], combine[end] = (d, rng, "start"), (d, rng, "end")
    if combine:
        # required ones first, in the contract's order
        combine = {col: combine[col] for col in c.columns if col in combine}
        for v in combine.values():
            used.update(v[:2])
            used.update(later.get(v[1], ()))
    if "window_id" in c.columns and "window_id" not in columns.values() and workspace is not None and columns:
        # no header named the window, a column holds the workspace's windows by their names or ids (所属供电所:
        # 城东供电所, the name in windoweval.toml): that column, for review; never a constant where several windows are
        got = _window_column(frame, pos, [h for h in headers if h not in used and str(h).strip()], foot, workspace)
        if got is not None:
            h, share = got
            columns[h] = "window_id"
            m[h] = ("window_id", f"values:{c.columns['window_id'].get('zh', 'window_id')}:{share:.0%}")
            used.add(h)
    # a header near the window's (窗口号, close to 窗口编号) holding counter numbers (1 … 5, 3号窗口) in a workspace of one
    # window: the counters of that hall, no window of theirs (newuser49: a government hall's queue export, each
    # number listed as an unknown window).  Not read; every record proposed as the one window's, below
    counters_h = next((h for h, col in columns.items() if col == "window_id" and str(m[h][1]).startswith("close:")
                       and _counters_of_one_window(frame.iloc[:, pos[h]][~foot], workspace)), None)
    if counters_h is not None:
        columns.pop(counters_h)
        m.pop(counters_h, None)
        used.discard(counters_h)
        by_col["window_id"] = [h for h in by_col.get("window_id", []) if h != counters_h]
        if not by_col["window_id"]:
            by_col.pop("window_id")
    # a process log (a row per step: 环节名称, 环节时间, the order id repeated): proposed as `steps` (records.steps)
    step_lines, step_cols = _proposed_steps(frame, headers, pos, foot, columns, used, c)
    w_lines, w_picked = _withdrawal_pick(frame, pos, foot, columns, pick, combine, used, c, w_state,
                                         [h for h in w_headers if h not in used and not only(h, _TIME_ONLY)])
    # a laboratory export's urgent flag (急诊 是/否, Y/N, 1/0) beside its test names: an urgent sample is promised its
    # report in 2 hours (lab_emergency), whatever the test; read by the test alone, an urgent 血常规 was judged on the
    # routine 30 minutes (left41).  Proposed as a pick: the flagged rows' event type from the flag column itself
    urgent = _urgent_flag(frame, pos, foot, headers, columns, used, c) if (
        kind == "hospital_events" and not pick and "event_type" in columns.values()) else None
    if urgent is not None:
        used.add(urgent[0])
    if columns:
        lines.append("  columns:                      # 导出表头: 约定列 / export header: contract column")
        for h, col in columns.items():
            if urgent is not None and h == urgent[1]:
                continue     # read through the pick below
            how = m[h][1]
            note = "" if how == "alias" else (
                "   # 代煎导出:病人取药时间,药煎好不晚于此;取药晚于承诺时间而无煎好时间的,计为缺少证据 / a decoction "
                "export: the patient's pick-up, the medicine was ready no later; picked up after the promised time "
                "with no ready time, missing evidence" if how == "pickup:decoction"
                else "   # 请核对 / check: 发药窗口取药即发药(非代煎导出);代煎导出的取药时间应映射为 collected_at / at a "
                "dispensing window the pick-up is the handout (no decoction export); a decoction export's pick-up "
                "maps to collected_at" if how == "pickup:dispensing"
                else "   # 请核对 / check: 常见表头 / a common export header" if how.startswith("hint:")
                else f"   # 请核对单位或时区 / check its unit or time zone: 去掉括注即 without its note {how.split(':', 1)[1]!r}"
                if how.startswith("note:")
                else f"   # 请核对 / check: 同义于 a synonym of {how.split(':', 1)[1]!r}" if how.startswith("synonym:")
                else f"   # 请核对 / check: 取值像{how.split(':')[1]} / the values look like {col}'s "
                     f"({how.split(':')[2]} 行 / of rows)" if how.startswith("values:")
                else f"   # 请核对 / check: 近似于 close to {how.split(':', 1)[1]!r}")
            if others.get(h):   # 进线时间 read, 振铃时间 too would fill it: the user decides which
                alt = "、".join(str(x) for x in others[h])
                note += (f"   # 请核对 / check: {alt} 也可作为 {col},二选一 / {', '.join(map(str, others[h]))} could "
                         f"be {col} too: choose one")
            if h in date_only and col != c.period:
                # a date alone read as the day's 00:00 where a limit in hours or minutes may end (completed, arrived:
                # 2025-03-03 for a repair done at 23:00 the day after it came would pass 24 hours): offered commented
                # out, for a rule that compares days (a meter read on its scheduled day) to take on purpose
                lines.append(f"    # {_q(h)}: {col}   # 只有日期,读作当日 0 点:按天比较的条款(如按抄表例日抄表)可用,按小时、"
                             "分钟计的时限会误判达标;确认后去掉行首 # / dates only, read as the day's 00:00: a rule that "
                             "compares days (a meter read on its scheduled day) can use it, a limit in hours or minutes "
                             "would pass wrongly; remove the leading # once checked")
                continue
            if h in date_only:   # the year's own date (检查日期): when and in which year, 00:00 only starts a limit
                note = ("   # 请核对 / check: 只有日期,读作当日 0 点 / dates only, read as the day's 00:00")
            lines.append(f"    {_q(h)}: {col}{note}")
    if pick:
        lines.append(f"  pick:                         # 按 {_q(code_hdr)} 取不同的表头 / a header per code")
        for col, cases in pick.items():
            lines.append(f"    {col}:")
            lines.append(f"      by: {_q(code_hdr)}")
            lines.append("      cases:                    # 依据:该类工单中此列有值的比例 / share of the code's rows filled")
            for code, (best, shares) in cases.items():
                sh = ", ".join(f"{h} {v:.0%}" for h, v in shares.items())
                lines.append(f"        {_q(code)}: {_q(best) if best else 'null'}   # {sh}")
    if w_picked and not pick:   # a pick for the withdrawn records: under the same `pick` key
        lines.append("  pick:                         # 撤诉(撤单)的记录取撤销时间 / a withdrawn record's time of "
                     "withdrawal")
    lines += w_lines
    if urgent is not None:
        flag_h, test_h, yes = urgent
        cases = ", ".join(f"{_q(code)}: {_q(flag_h)}" for code in yes.index)
        lines.append(f"  pick:                         # 请核对 / check: {_q(flag_h)} 标明的急诊标本按急诊检验(收到标本 2 小时内)"
                     f"评价,其余按 {_q(test_h)} / samples {_q(flag_h)} marks urgent are judged as emergency tests "
                     f"(2 hours from receipt), the others by {_q(test_h)}")
        lines.append(f"    event_type: {{by: {_q(flag_h)}, cases: {{{cases}}}, default: {_q(test_h)}}}")
    charge = _charge_time(columns, m, file, headers, frame, pos) if "called_at" in c.columns else None
    charge = charge if not pick and "finished_at" not in combine and urgent is None else None
    if charge is not None:
        # an HIS billing export's one 收费时间: paid (started_at) and the receipt (finished_at) at once; a pick with a
        # default only is how a header is read as a second column
        by = next((h for h, col in columns.items() if col == "event_id"), charge)
        lines.append(f"  pick:                         # 请核对 / check: HIS 的{charge}即缴费完成、打印电脑票据之时,也读作 "
                     f"finished_at(划价缴费5分钟止于此)/ an HIS's {charge} is when the charge is settled and the "
                     "receipt printed: read as finished_at too (the 5 minutes end there)")
        lines.append(f"    finished_at: {{by: {_q(by)}, cases: {{}}, default: {_q(charge)}}}")
    if combine:
        lines.append("  combine:                      # 日期列 + 时间列 / a date header and a time header")
        for col, (d, tm, *part) in combine.items():
            # past midnight: the next day, only after the column the contract says this one never precedes (a call
            # answered after it rang, a clock-out after the clock-in); an early clock-in before the shift's start
            # stays on its day, never moved to the next
            starts = [x for x in (c.not_before.get(col) or []) if x in combine and combine[x][0] == d]
            # a start that may be blank (a clock-in missed, 缺卡) cannot move a night shift's clock-out to the next
            # morning: the record's required start of the same date (the shift's start) does it whenever it is given
            sure = [x for x in combine if x in c.required and x != col and combine[x][0] == d and len(combine[x]) > 2
                    and combine[x][2] == "start"]
            if starts and starts[0] not in c.required and sure:
                starts = sure
            after = f", after: {starts[0]}" if starts else ""
            if col in after_whole:   # the date of the date-time it follows: past midnight, the next day
                after = f", after: {after_whole[col]}"
            elif not starts and not part and sure:
                # a clock-in beside a shift read from the same date: put on the day nearest the shift's start (a night
                # shift's clock-in at 00:05 is the next day's, late; at 21:40 the day's own, early)
                after = f", near: {sure[0]}"
            part = f", part: {part[0]}" if part else ""   # the start or the end of a time range
            tms = _q(tm) if tm not in later else f"[{', '.join(_q(x) for x in [tm, *later[tm]])}]"   # a header a span
            lines.append(f"    {col}: {{date: {_q(d)}, time: {tms}{part}{after}}}   # 请核对 / check")
    # a sheet load would read too, under the proposed headers (a 汇总 sheet by 营业厅), that is no sheet of records:
    # the file would be refused for its rows, so the sheets of records are named
    req_heads = {norm(h) for h, col in columns.items() if col in c.required}
    stray = [x for x in tables if named is None and x not in data and x.sheet is not None
             and (required_found(x.headers, kind, bare) > 0 or req_heads & {norm(h) for h in x.headers})]
    if stray:
        lines.insert(sheets_at, f"  sheets: [{', '.join(_q(str(x.sheet)) for x in data)}]   # 只读这些工作表 / read "
                                f"these sheets only; 不是记录 / not records: {', '.join(_q(str(x.sheet)) for x in stray)}")
    # codes -> values
    val_lines = []
    not_of_kind: dict = {}   # header -> codes of rows that are no records of the kind (表扬 in a case export)
    no_case: dict = {}   # header -> a state's codes of duplicate or void orders (重复工单, 作废): no case of their own
    sources = {col: h for h, col in columns.items()}
    cancelled_read: dict = {}   # header -> a read code column's codes of cancelled visits (退号 as an event type)
    for col in cat_cols:
        h = sources.get(col)
        if h is None:
            continue
        allowed = [str(a) for a in c.columns[col]["values"]]
        vc = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().dropna()   # a totals row's count is no code
        vc = vc[vc != ""].value_counts()
        entries = []
        vc, private = _without_personal(vc)
        vc, long_note = _without_long(vc)   # a 10,000-character value is no code: shown cut, never a key (left41)
        blanks = set(vc.index[_placeholder(pd.Series(vc.index, dtype="string")).to_numpy()])
        if urgent is not None and col == "event_type":
            for code, n in urgent[2].items():   # the urgent flag's codes, read as the event type by the pick
                entries.append(f"      {_q(code)}: lab_emergency   # 请核对 / check: {_q(urgent[0])} 列的急诊标记 / the urgent "
                               f"flag of {_q(urgent[0])}   # {n} 行 / rows")
        for code, n in vc.head(max_codes).items():
            v, how = _guess_value(code, col, allowed, c.columns[col].get("en", ""))
            if how == "same":
                continue
            if col in _STATUS_COLUMNS and _NO_CASE_STATE.match(norm(code)):
                no_case.setdefault(h, []).append(code)   # a duplicate or void order: dropped, counted (below)
                continue
            if col == "hang_up" and _EITHER_SIDE.match(norm(code)):   # 用户挂机: before or after the answer, asked
                entries.append(f"      {_q(code)}: TODO        # {n} 行 / rows; {_EITHER_SIDE_NOTE}; 取值 / one of: "
                               f"{', '.join(allowed)}")
                continue
            if col == "hang_up" and v is None:   # 振铃未接, 转接: asked with what decides it (leftovers49)
                note = next((nt for rx, nt in ((_RANG_UNANSWERED, _RANG_UNANSWERED_NOTE),
                                               (_TRANSFERRED, _TRANSFERRED_NOTE)) if rx.match(norm(code))), None)
                if note is not None:
                    entries.append(f"      {_q(code)}: TODO        # {n} 行 / rows; {note}; 取值 / one of: "
                                   f"{', '.join(allowed)}")
                    continue
            if v is None and code in blanks:   # - / 无 / 暂无 written for a blank cell
                entries.append(f"      {_q(code)}: null   # 请核对 / check: 占位符即为空 / a placeholder for a blank   # {n} 行 / rows")
            elif v is None and _CANCELLED.match(norm(code)):   # 退号 among the event types: no service, dropped
                cancelled_read.setdefault(h, []).append(code)
            elif v is None and any(w in code for w in _NOT_OF_KIND.get(col, ())):
                not_of_kind.setdefault(h, []).append(code)   # no record of the kind: dropped, counted (below)
            elif v is None:   # a code of a column that says what a row is may be rows of another kind
                other = ("; 不是本类记录则把代码写入 drop / rows that are no records of this kind: list the code under "
                         "drop") if col in _KIND_COLUMNS else ""
                entries.append(f"      {_q(code)}: TODO        # {n} 行 / rows; 取值 / one of: {', '.join(allowed)}{other}")
            elif col == "hang_up" and _TRANSFERRED.match(norm(code)):   # 转接: proposed other (newuser49), with what
                # decides it (leftovers49)
                entries.append(f"      {_q(code)}: {v}   # 请核对 / check: {_TRANSFERRED_NOTE}   # {n} 行 / rows")
            else:
                entries.append(f"      {_q(code)}: {v}" + ("" if how == "contract" else "   # 请核对 / check") + f"   # {n} 行 / rows")
        if len(vc) > max_codes:
            entries.append(f"      # …… 另有 {len(vc) - max_codes} 个代码未列出 / {len(vc) - max_codes} more codes not listed")
        entries += long_note
        if private:
            entries.append(_personal_note(*private))
        if entries:
            val_lines.append(f"    {col}:                      # {_q(h)}")
            val_lines += entries
    if "item" in sources and checklist_items and not wide_items and c.columns["item"].get("values") is None:
        # a checklist written long (a row per item, its name as written: 工作人员着装统一、佩戴工牌): each name's item
        # code guessed from the standards' checklist items, as the wide form's headers are; a name no item matches is
        # TODO, never left to be read as a code no measure reads
        h = sources["item"]
        vc = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().dropna()
        vc, private = _without_personal(vc[vc != ""].value_counts())
        vc, long_note = _without_long(vc)
        entries = []
        results = frame.iloc[:, pos[sources["result"]]][~foot] if "result" in sources else None
        for code, n in vc.head(max_codes).items():
            if code in checklist_items:
                continue
            fault = _fault_item(code, checklist_items)
            if fault is not None:   # asked as a fault (是否使用服务忌语): its rows' results by their own codes
                item_rows = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().eq(code).to_numpy(dtype=bool, na_value=False)
                seen = ([] if results is None else
                        results[item_rows].dropna().astype(str).str.strip().unique())
                entries.append(f"      {_q(code)}: {_fault_entry(fault, seen)}   # {n} 行 / rows")
                continue
            got = _checklist_item(code, checklist_items)
            entries.append(f"      {_q(code)}: {got[0]}   # 请核对 / check: {got[1]}   # {n} 行 / rows" if got is not None
                           else f"      {_q(code)}: TODO   # {n} 行 / rows; 检查项代码见各标准的 checklist_items / the "
                                "item's code: the standards' checklist_items")
        if len(vc) > max_codes:
            entries.append(f"      # …… 另有 {len(vc) - max_codes} 个检查项未列出 / {len(vc) - max_codes} more items not listed")
        entries += long_note
        if private:
            entries.append(_personal_note(*private))
        if entries:
            val_lines += [f"    item:                      # {_q(h)}"] + entries
    # (a totals row's cells are no window: 合计's count under 供电营业厅 was listed as a window id, left39)
    val_lines += _window_values(frame.iloc[:, pos[sources["window_id"]]][~foot], sources["window_id"], workspace) \
        if workspace is not None and "window_id" in sources else []
    # a workbook of a sheet per window (门诊药房发药记录.xlsx: 西药房, 中药房) and no window column: each sheet's name
    # its records' window (sheet_as), the names read through values.window_id as a column's would be (hostile47)
    by_sheet = _sheets_are_windows(data, workspace) if "window_id" in c.columns and "window_id" not in sources \
        and km_sheet_as_free(km) else None
    if by_sheet is not None:
        val_lines += _window_values(by_sheet, "工作表名称 / the sheets' names", workspace)
    if wide_items:
        lines.append("  wide:                         # 每个检查项一列 / one column per checklist item (data/README.md)")
        lines.append("    item: item")
        lines.append("    value: result")
        lines.append("    headers:")
        for h, got in wide_items.items():
            fault = _fault_item(h, checklist_items or {})
            if fault is not None:   # asked as a fault: 是 (or 有) is a fail, its own codes before the section's
                seen = frame.iloc[:, pos[h]][~foot].dropna().astype(str).str.strip().unique()
                lines.append(f"      {_q(h)}: {_fault_entry(fault, seen)}")
                continue
            lines.append(f"      {_q(h)}: {got[0]}   # 请核对 / check: {got[1]}" if got is not None else
                         f"      {_q(h)}: TODO   # 检查项代码见各标准的 checklist_items / the item's code: the standards' "
                         "checklist_items")
        # the totals row's cells (合计: 2, 2, 2, its items' counts) are no results: left out, as the drop proposed skips it
        cells = pd.concat([frame.iloc[:, pos[h]][~foot] for h in wide_items], ignore_index=True).dropna().astype(str).str.strip()
        cells = cells[(cells != "") & ~_placeholder(cells).to_numpy(dtype=bool)]
        entries = []
        counts, private = _without_personal(cells.value_counts())   # a phone typed into a cell: counted, not listed
        counts, long_note = _without_long(counts)
        entries += long_note
        for code, n in counts.items():
            v = _RESULT_OF.get(norm(code))
            entries.append(f"      {_q(code)}: {v if v else 'TODO'}   # 请核对 / check   # {n} 格 / cells")
        if private:
            entries.append(_personal_note(*private))
        if entries:
            val_lines += ["    result:                      # 检查项各列的取值 / the checklist columns' cells"] + entries
        used.update(wide_items)
    lines += step_lines
    if val_lines:
        lines.append("  values:                       # 代码: 约定取值 / code: contract value")
        lines += _no_empty_keys(val_lines)
    drop = {}   # a totals row (合计 / 总计) at the foot: skipped by drop, the export left as it is
    for j, h in enumerate(headers):
        if str(h).strip() and j < frame.shape[1]:
            cells = frame.iloc[:, j].dropna()
            hits = cells[total_mask(cells)]   # the whole column at once
            if len(hits):
                drop[h] = sorted(set(hits.astype(str).str.strip()))
    # an unread status column's codes of cancelled visits (已退号, 作废), or a read one's no value takes: no service,
    # dropped, counted
    cancelled = {h: sorted(codes) for h, codes in cancelled_read.items()}
    no_show: dict = {}   # header -> codes of visits that never took place (未签到, 停诊): no ticket, no wait
    ranged = {v[1] for v in combine.values() if len(v) > 2}   # a 班次 column read as a range: its days off too
    for h in headers:
        if str(h).strip() and (h not in used or h in ranged) and h not in wide_items and h in pos:
            vc = frame.iloc[:, pos[h]][~foot].astype("string").str.strip().dropna().value_counts()
            codes = [code for code in vc.index if _CANCELLED.match(norm(code))]
            if codes:
                cancelled[h] = sorted(codes)
            shows = [code for code in vc.index if kind in _NO_SHOW_KINDS and _NO_SHOW.match(norm(code))]
            if shows:
                no_show[h] = sorted(shows)
    if drop or second or not_of_kind or cancelled or no_case or no_show:
        entry, notes = {}, []
        if drop:
            h, vals = next(iter(drop.items()))
            entry[h] = list(vals)
            notes.append("合计行不是记录 / a totals row is not a record")
        for h, codes in not_of_kind.items():
            entry.setdefault(h, []).extend(codes)
            notes.append(f"请核对 / check: {'、'.join(codes)} 不是需答复的诉求,不计入,records check 列出行数 / "
                         "praise or thanks is no case owed a reply: left out, counted by records check")
        for found, zh, en in (
                (no_case, "是重复、合并或作废的工单,不是另一件(原工单照常评价),",
                 "duplicate, merged or void orders are no case of their own (the original is judged)"),
                (cancelled, "是已退、已取消、作废、拒收、未取药或请假的,没有发生的服务",
                 "cancelled, refunded, void, refused, never collected or on leave: no service given"),
                (no_show, "是病人未到(未签到、爽约)或停诊的,没有排队、没有发生的服务",
                 "the patient never came (未签到, 爽约) or the clinic was stopped (停诊): no queue, no service")):
            for h, codes in found.items():
                entry.setdefault(h, []).extend(codes)
            if found:
                notes.append(f"请核对 / check: {'、'.join(c for cs in found.values() for c in cs)} {zh}不计入,records "
                             f"check 列出行数 / {en}: left out, counted by records check")
        if second:
            entry.setdefault(second[0], []).append(second[1])
            notes.append("表头的第二行(英文列名或字段名)不是记录 / the header's second row (English names or field "
                         "codes) is not a record")
        shown = ", ".join(f"{_q(h)}: [{', '.join(_q(v) for v in vals)}]" for h, vals in entry.items())
        lines.append(f"  drop: {{{shown}}}   # " + "; ".join(notes))
    # one turn a row and no turn number: a turn's start in seconds or h:mm:ss (开始时间 12.5), by which `sequence`
    # numbers the turns whatever the file's order (a two-channel recording's export lists the staff's channel first)
    turn_start = None
    if len(c.key) == 2 and "turn" in c.key and "turn" not in set(columns.values()) \
            and "speaker" in set(columns.values()):
        starts = [h for h in headers if str(h).strip() and h not in used and _START_HEADER.search(norm(h))
                  and h in pos and _starts_read(frame.iloc[:, pos[h]][~foot])]
        if starts:
            turn_start = starts[0]
            used.add(turn_start)
    # an export of one row per event (an outage) whose per-unit key part (the customer) is a list in one cell, or only
    # a count: `split`, or `constant: null`, never an id made up of the event's time and window
    per_event = _per_event(frame, pos, headers, used, set(columns.values()) | set(by_col) | set(combine), c, foot)
    used.update(h for h in (per_event or {}).get("headers", ()))
    derive_lines, derived = [], set()
    durations = [h for h in headers if h not in used and str(h).strip() and only(h, _DURATION)
                 and re.search(r"时长|秒|dur|sec|len|time|用时|耗时|历时", norm(h))]
    spare = [col for col in c.columns if c.columns[col]["type"] == "datetime" and col not in by_col and col not in combine]
    if durations and spare:
        derive_lines.append(f"  # 时长列 / duration headers: {', '.join(map(_q, durations))}:若为振铃或处理时长,可用 derive 由开始时间推算 "
                     f"{', '.join(spare)}(data/README.md)/ if a ring or handling duration, derive {', '.join(spare)} "
                     f"from the start with derive (data/README.md)")
        have = set(by_col) | set(combine)
        for col in spare:   # the end a duration header most plausibly gives: from the start the contract orders it after
            start = next((x for x in c.not_before.get(col, ()) if x in have), None)
            if start is not None and len(durations) == 1 and c.columns[col].get("required", True):
                unit = "seconds" if only(durations[0], r"^\d{1,2}:\d{2}:\d{2}$|^\d+\s*(?:分钟|分)\s*\d+\s*秒$") else "minutes"
                derive_lines.append(f"  # derive: {{{col}: {{from: {start}, add: {_q(durations[0])}, unit: {unit}}}}}   # 请核对单位后去掉行首"
                             f" # / check the unit, then remove the leading #")
                derived.add(durations[0])   # listed once: in its derive, not under ignore too
                break
    ignored = [h for h in headers if h not in used and str(h).strip() and h not in derived]
    if ignored and not used and looks_like_a_record(ignored):
        # no header read and the row holds dates or long numbers: a record (an export without its header row), whose
        # cells (a customer's name, a phone) are never echoed as headers
        lines.append(f"  # 第 {header_row} 行看来是一条记录而不是表头(含日期或长数字),其内容不列出;请带表头行重新导出,或用 "
                     f"--header-row 指定表头所在行 / row {header_row} looks like a record, not a header (it holds dates or "
                     "long numbers), and is not listed: export the file with its header row, or name that row with "
                     "--header-row")
    elif ignored:
        shown, private = _without_personal(pd.Series(1, index=[str(h) for h in ignored]))
        listed = [h for h in ignored if str(h) in shown.index]
        if listed:
            lines.append(f"  ignore: [{', '.join(_q(h) for h in listed)}]   # 不读的表头 / headers not read")
        if private:
            lines.append(f"  # 另有 {private[0]} 个表头含个人信息(电话、证件号、姓名),不列出 / {private[0]} more headers hold "
                         "personal data (a phone, an ID number, a name) and are not listed")
    lines.extend(derive_lines)
    found = set(by_col) | set(combine) | set(columns.values()) | ({"item", "result"} if wide_items else set()) | step_cols
    found |= {"finished_at"} if charge is not None else set()
    found |= {_WITHDRAWN_TIME[w_state]} if w_picked else set()
    consts, why = {}, []   # one constant entry (a second `constant:` key would be a YAML error)
    if by_sheet is not None and "window_id" not in found:
        lines.append("  sheet_as: window_id   # 请核对 / check: 各工作表的名称是 windoweval.toml 的窗口 / each sheet's name is a "
                     "window of windoweval.toml: its records are that window's")
        found.add("window_id")
    if "window_id" in c.columns and "window_id" not in found and workspace is not None:
        wins = workspace.windows["window_id"].astype(str).tolist()
        if len(wins) == 1:   # no window column, one window in windoweval.toml: every record is that window's
            consts["window_id"] = _q(wins[0])
            why.append(f"{_q(counters_h)} 写的是柜台号(1、2、3号窗口),不是窗口;windoweval.toml 只有这一个窗口 / "
                       f"{_q(counters_h)} holds counter numbers (1, 2, 3号窗口), no window; the only window of "
                       "windoweval.toml" if counters_h is not None else
                       "导出中没有窗口列,windoweval.toml 只有这一个窗口 / no window column in the export; the only window "
                       "of windoweval.toml")
            found.add("window_id")
        elif wins:
            # (one section a kind: "a constant in each file's section" could not be written; hostile47)
            lines.append("  # 导出中没有窗口列:工作簿一个窗口一个工作表时写 sheet_as: window_id(工作表名称经 values.window_id 对应);"
                         "整份导出只属一个窗口时写 constant: {window_id: 窗口编号};否则请导出窗口列 / no window column: for a "
                         "workbook of one sheet per window write sheet_as: window_id (the sheets' names read through "
                         "values.window_id); for an export of one window only, constant: {window_id: <window id>}; "
                         "else export the window column")
    if "collected_at" in c.columns and "event_type" not in found and _decoction_export(m, file, headers, frame, pos):
        # a decoction register (中药代煎登记表) has no event type column: every row is a decoction
        consts["event_type"] = "decoction"
        why.append("代煎导出,没有事件类型列 / a decoction export with no event type column")
        found.add("event_type")
    elif "collected_at" in c.columns and "event_type" not in found and _BILLING.search(Path(str(file)).name):
        # an HIS billing export (收费明细, 挂号明细) has none either: every row is a charge at the billing office
        consts["event_type"] = "billing"
        why.append("收费(挂号)导出,没有事件类型列 / a billing export with no event type column")
        found.add("event_type")
    if consts:
        lines.append(f"  constant: {{{', '.join(f'{k}: {v}' for k, v in consts.items())}}}   # 请核对 / check: "
                     + ";".join(why))
    made = {col: h for h, col in columns.items()}
    if per_event:
        lines.append(per_event["line"])
        found.add(per_event["column"])
    # a key part the export does not write that stands for an occasion (an inspection's visit, a row per item; a
    # dialogue, a row per turn): the occasion made of its date and its window, as `join` makes it; never where the
    # key's other part is that date (a person's or a point's id beside a time: no date and window make one)
    for key in c.key if len(c.key) > 1 and c.period not in c.key else []:
        parts = [made.get(c.period), made.get("window_id")]
        if (key not in found and key in c.required and c.columns[key]["type"] == "string" and all(parts)
                and key not in (c.period, "window_id")):
            lines.append(f"  join: {{{key}: [{', '.join(_q(h) for h in parts)}]}}   # 请核对 / check: 导出中没有"
                         f"{c.columns[key].get('zh', key)},按{'、'.join(map(str, parts))}拼成(同一天同一窗口有两次时请改用"
                         f"系统的编号)/ no {key} in the export: made of {', '.join(map(str, parts))} (two the same day at "
                         f"one window: use the system's id)")
            found.add(key)
    # one turn a row (a speaker column) and no turn number: the turns numbered in file order within each dialogue,
    # as `sequence` numbers them (a vendor's ASR export gives the seconds a turn starts at, never its number)
    if (len(c.key) == 2 and "turn" in c.key and "turn" not in found and "speaker" in found
            and made.get(c.key[0]) is not None):
        if turn_start is not None:   # (found above, before the headers not read are listed)
            lines.append(f"  sequence: {{turn: {{by: {_q(made[c.key[0]])}, order: {_q(turn_start)}}}}}   # 请核对 / check: "
                         f"一行一轮而没有轮次列,在每个{c.columns[c.key[0]].get('zh', c.key[0])}内按 {turn_start} 的先后编为 1、2、3…… / one "
                         f"turn a row and no turn number: the rows numbered 1, 2, 3 … within each {c.key[0]}, by "
                         f"{turn_start}")
        else:
            lines.append(f"  sequence: {{turn: {_q(made[c.key[0]])}}}   # 请核对 / check: 一行一轮而没有轮次列,按文件中的行序在每个"
                         f"{c.columns[c.key[0]].get('zh', c.key[0])}内编为 1、2、3……(文件须按时间先后排列)/ one turn a row and no "
                         f"turn number: the rows numbered 1, 2, 3 … within each {c.key[0]}, in file order (the file must be "
                         f"in time order)")
        found.add("turn")
    key = c.key[0] if len(c.key) == 1 else None
    day_of = combine[c.period][0] if c.period in combine else None   # the date the record's own time is made with
    for h in repeated_key:
        if key is not None and key not in found and day_of in pos and h in pos:
            # a number that starts again each day (排队号 A001) and the day: one ticket each, where the export says so
            both = frame.iloc[:, [pos[day_of], pos[h]]][~foot].astype("string")
            if both.notna().all(axis=None) and not both.duplicated().any():
                lines.append(f"  join: {{{key}: [{_q(day_of)}, {_q(h)}]}}   # 请核对 / check: {_q(h)} 每天从头编号,与日期拼成"
                             f"(同一天同一号码在两个队列时请改用系统的流水号)/ {_q(h)} starts again each day: joined with "
                             "the date (one number in two queues the same day: use the system's serial number)")
                found.add(key)
                continue
        lines.append(f"  # {_q(h)} 的取值有重复(如每天从头编的排队号),不能作为 {key}:请改用系统的流水号 / {_q(h)} repeats its "
                     f"values (a number that starts again each day): no {key}; use the system's serial number")
    if (key is not None and key not in found and key in c.required and len(data) == 1
            and not any(key in cc.columns for k2, cc in contracts().items() if k2 != kind)):
        # no id in the export (a pause log, a meter-reading list): the rows numbered in file order, one id each, as
        # `sequence` numbers them; the records' drill-down then names each by its place in the file.  Never an id
        # other records name (a roster's staff_id, which attendance and transcripts refer to): a number is no person
        lines.append(f"  sequence: {{{key}: null}}   # 请核对 / check: 导出中没有记录编号,按文件中的行序编为 1、2、3……"
                     f"(只在本文件内唯一,每月一个文件时请改用导出系统的编号)/ no record id in the export: the rows numbered "
                     f"1, 2, 3 … in file order (unique within this file only: with a file per month, use the system's id)")
        found.add(key)
    if key is not None and sources.get(key) in pos and kind != "complaints":
        # the id repeated on whole rows repeated (one record exported twice): still the id (_repeats), the repeats
        # named here; records check refuses them as duplicate keys with their rows, never counts a record twice
        twice = _whole_row_repeats(frame.iloc[:, pos[sources[key]]], foot)
        if twice and not _repeats(frame.iloc[:, pos[sources[key]]], foot, frame):
            lines.append(f"  # {_q(sources[key])} 有整行重复的记录(同一记录导出两次):{', '.join(map(str, twice))};records check "
                         f"将按主键重复拒绝这些行,请在导出中删去重复的行,或重新导出 / whole rows repeated (one record exported "
                         f"twice): {', '.join(map(str, twice))}; records check refuses them as duplicate keys: remove the "
                         f"repeated rows from the export, or export again")
    if kind == "complaints" and sources.get("case_id") in pos and ({"callback_at", "callback_result"} & set(sources)):
        # a case id written on several rows, with callback columns: a 95598 回访记录 one row per callback attempt
        ids = frame.iloc[:, pos[sources["case_id"]]][~foot].astype("string").str.strip()
        again = int((ids.notna() & ids.ne("") & ids.duplicated()).sum())
        if again:
            lines.append(f"  attempts: callback   # 请核对 / check: {_q(sources['case_id'])} 有 {again} 行与前面的行重复,像是每次回访"
                         f"尝试一行:每个工单取联系上客户的那次回访,否则取最后一次 / {again} rows repeat a case id above them, "
                         "a row per callback attempt: each case read with the attempt that reached the customer, else the "
                         "last")
    if kind == "attendance" and "shift_start" in found and not {"arrived_at", "left_at"} & found:
        # a schedule with no punch in it, beside a raw punch log (DingTalk, WeCom, a machine): read together
        log = _punch_log_beside(file, {h for h, col in columns.items() if col == "staff_id"})
        if log is not None:
            name, staff, time, ty, day = log
            lines.append(f"  punches: {{file: {_q(name)}, staff: {_q(staff)}"
                         + (f", date: {_q(day)}" if day else "") + f", time: {_q(time)}"
                         + (f", type: {_q(ty)}" if ty else "") + "}   # 请核对 / check: 旁边的原始打卡记录,每个班次取最近的"
                         "上班卡、下班卡(data/README.md)/ the raw punch log beside it: each shift's nearest clock-in and "
                         "clock-out")
            found |= {"arrived_at", "left_at"}
    if kind == "attendance" and "shift_start" not in found and _punch_headers(headers) is not None:
        # a raw punch log given alone: its rows are punches, not shifts; read beside the schedule instead
        lines.append("  # 这像是原始打卡记录(每次打卡一行),不是每个班次一行:请对排班表运行 records map,把这个文件写在其 punches 中"
                     "(data/README.md)/ this looks like a raw punch log (a row per punch), not a row per shift: run "
                     "records map on the schedule and name this file under its punches (data/README.md)")
    miss = [col for col in c.columns if col not in found]
    if miss:
        lines.append("  # 未找到的约定列 / contract columns not found: " + ", ".join(
            f"{col}{'(必填 required)' if col in c.required else ''}" for col in miss))
        lines.append("  # 必要时用 columns、pick、combine 或 constant 补上 / add them with columns, pick, combine or constant")
    if len(tables) > 1:
        # the file as the data folder names it (a full path can carry a person's name: /home/张伟/...), its sheet
        shown = _shown_name(file, workspace.root if workspace is not None else None)
        lines.append("  # 工作簿有多个工作表;提议依据 / the workbook has several sheets; this proposal is from: "
                     + ", ".join(f"{shown}[{x.sheet}]" if x.sheet is not None else shown for x in data))
    # the proposal is an output: a sheet's or a file's name, a header, a code holding personal data masked as
    # everywhere (the console's gate masks what it prints; a proposal written with --out is masked here)
    return mask_lines("\n".join(lines) + "\n")


#: Characters that make a ``records map`` argument a pattern of several exports (2025-*.csv), as ``file`` takes one.
GLOB_CHARS = frozenset("*?[")


def propose_files(pattern: str, files: list, kind: str, **kw) -> str:
    """The proposed ``mapping.yaml`` section for ``kind`` from several exports of one kind (a month a file:
    ``2025-*.csv``), read together under ``file: <pattern>``: the first file's proposal (:func:`propose`), and each
    header another file spells otherwise (工单编号 where the others write 工单号, 受理日期时间 for 受理时间) added
    under ``columns`` with the files that spell it so, for review; a header no file's proposal could place is named
    with its files.  Without it each month had to be mapped alone and the sections merged by hand (newuser48).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "2025-01.csv").write_text("工单号,受理时间\\nW1,2025-01-02 08:00\\n", encoding="utf-8")
    >>> _ = (d / "2025-02.csv").write_text("工单编号,受理时间\\nW2,2025-02-03 08:00\\n", encoding="utf-8")
    >>> import yaml
    >>> got = yaml.safe_load(propose_files("2025-*.csv", sorted(d.glob("2025-*.csv")), "work_orders"))["work_orders"]
    >>> got["file"], got["columns"]
    ('2025-*.csv', {'工单号': 'order_id', '受理时间': 'received_at', '工单编号': 'order_id'})
    """
    import yaml

    files = [Path(f) for f in files]
    first = propose(files[0], kind, **kw)
    lines = first.splitlines()
    section = (yaml.safe_load(first) or {}).get(kind) or {}
    placed = dict(section.get("columns") or {})
    ignored = set(section.get("ignore") or [])
    extra: dict = {}      # header -> (column, [files])
    unplaced: dict = {}   # header -> [files]
    seen = {tuple(placed) + tuple(sorted(ignored))}
    for f in files[1:]:
        got = yaml.safe_load(propose(f, kind, **kw)) or {}
        sec = got.get(kind) or {}
        cols = dict(sec.get("columns") or {})
        key = tuple(cols) + tuple(sorted(sec.get("ignore") or []))
        if key in seen:
            continue
        seen.add(key)
        for h, col in cols.items():
            if h in placed:
                continue
            extra.setdefault(h, (col, []))[1].append(mask_lines(f.name))
        for h in sec.get("ignore") or []:
            if h not in placed and h not in ignored and h not in extra:
                unplaced.setdefault(h, []).append(mask_lines(f.name))
    shown = mask_lines(Path(pattern).name)
    names = [mask_lines(f.name) for f in files]
    out = [f"# 由 windoweval records map 根据 {shown} 的 {len(files)} 个文件生成({', '.join(names[:3])}"
           f"{' …' if len(names) > 3 else ''}):请逐项核对后并入 mapping.yaml。",
           f"# Proposed by windoweval records map from the {len(files)} files of {shown}: review every entry, then keep "
           "it in mapping.yaml."]
    body = [ln for ln in lines if not ln.startswith("#")]
    at_file = next((i for i, ln in enumerate(body) if ln.startswith("  file:") or ln.startswith("  # file:")), None)
    if at_file is not None:
        body[at_file] = f"  file: {_q(shown)}"
    else:
        body.insert(1, f"  file: {_q(shown)}")
    if extra:
        start = next((i for i, ln in enumerate(body) if ln.startswith("  columns:")), None)
        add = [f"    {_q(h)}: {col}   # 请核对 / check: {'、'.join(fs[:3])}{' …' if len(fs) > 3 else ''} 的写法 / as "
               f"{', '.join(fs[:3])}{' …' if len(fs) > 3 else ''} spell{'s' if len(fs) == 1 else ''} it"
               for h, (col, fs) in extra.items()]
        if start is None:
            at = (at_file + 1) if at_file is not None else 2
            body[at:at] = ["  columns:                      # 导出表头: 约定列 / export header: contract column", *add]
        else:
            end = start + 1
            while end < len(body) and body[end].startswith("    "):
                end += 1
            body[end:end] = add
        # a contract column another file's header supplies is found after all
        got_cols = set(placed.values()) | {col for col, _ in extra.values()}
        for i, ln in enumerate(body):
            if ln.startswith("  # 未找到的约定列 / contract columns not found: "):
                left = [x for x in ln.split(": ", 1)[1].split(", ") if x.split("(")[0] not in got_cols]
                body[i] = "  # 未找到的约定列 / contract columns not found: " + ", ".join(left) if left else ""
        body = [ln for ln in body if ln != ""]
    for h, fs in unplaced.items():
        body.append(f"  # {_q(h)}: 未能对应({'、'.join(fs[:3])})/ not placed ({', '.join(fs[:3])}): 请在 columns 中写明或"
                    "留在 ignore / name it under columns or leave it ignored")
    return "\n".join(out + body) + "\n"
