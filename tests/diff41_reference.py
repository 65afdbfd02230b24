"""An independent reading of the year's evaluations as the readers sign them, for differential testing
(tests/test_diff41_*.py): the complaint evaluation (标准1 第十三条(五): replies in time, the callback rate, the
satisfaction of those called back, the cases open at the cut-off, the customers who complain again), per window and
for the organisation, and the fulfilment of the two promises that come from it (第五条(二) 供电服务承诺兑现率100%,
第十三条(六) 定期向社会公布承诺兑现率: per promise the cases, kept, broken, open, missing evidence, and the rate the
public reads).

Written from the standards' texts (/work/shared/standards/*.zh.txt) and their README's readings (calendar days from
the day after receipt, art. 201, the art. 203 option; a case with no completion missed once its deadline passed at the
cut-off, open before; a case belongs to the year it was received).  The record verdicts are tests/diff37_reference's
and diff38_reference's (plain Python and ``chinese_calendar``); what is new here is how they add up.  It imports
nothing from windoweval.

The readings, where the text is open (each a number a reader sees):
- 对客户投诉在5天内、举报在10天内答复: a reply on or before the last day is in time, later late; no reply and the last
  day over at the cut-off: overdue (a miss, counted with the late ones); no reply and the last day not over: open,
  neither met nor missed.  The rate a reader reads = in time / (in time + late + overdue).  A case the customer
  withdrew before its last day ended without a reply is owed none: counted apart (withdrawn within the limit), in no
  rate; withdrawn after the limit had run out unanswered it was overdue; withdrawn at an unrecorded time, or marked
  closed with no reply time: missing evidence, in no rate, and it holds a pass back (insufficient), never a pass.
  The target is every case (the text names no lower rate): one miss fails.
- 回访率不低于90%: due a callback is every complaint, report and fault repair concluded (replied or resolved; a repair
  once repaired) by the cut-off, and one concluded later whose callback the records already show; called back is a
  callback that reached the customer (satisfied, dissatisfied, declined) at or after the conclusion; an unreachable
  customer is not called back (the rate beside it counts any attempt after the conclusion, an unreachable customer or
  a blank result, over the cases whose order of conclusion and callback is known).  Rate = called back / (due - missing evidence); the verdict stands only if it
  would stand with every case without evidence going the other way (else insufficient); no case due: no data.
- Satisfaction (听取意见): satisfied / (satisfied + dissatisfied) among the cases called back; declined and blank views
  are in neither.
- Open at the cut-off: a case of the year with no reply (a complaint or report) or neither reply nor resolution (the
  other kinds) at the cut-off, its state not closed or withdrawn; overdue once its last day is over at the cut-off.
- A repeat: a complaint of a customer (its pseudonymous key) received at most 30 calendar days (by date) after the
  same customer's previous complaint, the previous one possibly of the year before.
- A window's figures are its own cases; the organisation's are every case of the windows the rule applies to.
- A promise's fulfilment: occurrences = the cases judged (in time, late, overdue); kept = in time; broken = the rest;
  open and missing evidence apart; withdrawn within the limit owed nothing.  Verdict: fail on one broken, insufficient
  when none broken but some without evidence, open when none judged and some open, no data when nothing at all.  The
  rate the public reads is to 0.1 %, rounded half up, except that a rate short of 100 % never reads as 100 %.
- The scorecard's roll-up (:func:`rollup`): from the window × measure verdicts, never a pass on missing evidence.
"""
from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from diff37_reference import (FAIL, MISSING, NOT_ASSESSED, OPEN, OUT, PASS, calendar_days_deadline,  # noqa: F401
                              in_year)
from diff38_reference import callback

LIMITS = {"complaint": 5, "report": 10}
CALLBACK_KINDS = ("complaint", "report", "fault_repair")
ORG = "__org__"

# reply classes
IN_TIME, LATE, OVERDUE, NOT_DUE, WITHDRAWN, NO_EVIDENCE = "in_time", "late", "overdue", "open", "withdrawn", "missing"


def reply_class(r: dict, cut: datetime, art203: bool = False, target_days: dict | None = None) -> str | None:
    """One complaint's or report's reply against its limit; None for a kind with no reply limit."""
    days = (target_days or LIMITS).get(r["kind"])
    if days is None:
        return None
    rec, rep, status = r["received_at"], r.get("replied_at"), r.get("case_status")
    deadline = calendar_days_deadline(rec, days, art203)   # the exclusive end of the last day
    if rep is not None:
        return IN_TIME if rep < deadline else LATE
    if status == "withdrawn":
        gone = r.get("resolved_at")
        if gone is None:
            return NO_EVIDENCE
        return WITHDRAWN if gone < deadline else OVERDUE
    if status == "closed":   # concluded, with no reply time: replied when, unknown
        return NO_EVIDENCE
    return OVERDUE if deadline <= cut else NOT_DUE


def _sure(worst: float, best: float, target: float) -> str:
    if worst >= target:
        return PASS
    if best < target:
        return FAIL
    return "insufficient"


def _rate(num: int, den: int) -> float | None:
    return num / den if den else None


def by_window(r: dict) -> str:
    return r["window_id"]


def by_month(r: dict) -> str:
    return r["received_at"].strftime("%Y-%m")


def timeliness(cases: list[dict], year: int, cut: datetime, art203: bool = False, classify=None, scope=by_window,
               **kw) -> dict:
    """{(scope, kind): figures} for scope each window with a case of the kind and ORG (``classify``: another reading
    of one case's reply, for the sensitivity test; :func:`reply_class` by default)."""
    classify = classify or reply_class
    out: dict = {}
    for r in cases:
        if not in_year(r["received_at"], year):
            continue
        c = classify(r, cut, art203, **kw)
        if c is None:
            continue
        for at in (scope(r), ORG):
            f = out.setdefault((at, r["kind"]), {k: 0 for k in (IN_TIME, LATE, OVERDUE, NOT_DUE, WITHDRAWN,
                                                                   NO_EVIDENCE)})
            f[c] += 1
    for f in out.values():
        f["assessed"] = f[IN_TIME] + f[LATE] + f[OVERDUE]
        f["cases"] = f["assessed"] + f[NOT_DUE] + f[NO_EVIDENCE]
        f["rate"] = _rate(f[IN_TIME], f["assessed"])
        if f["assessed"] == 0:
            f["verdict"] = "insufficient" if f[NO_EVIDENCE] else "no_data"
        elif f[IN_TIME] < f["assessed"]:
            f["verdict"] = FAIL
        else:
            f["verdict"] = "insufficient" if f[NO_EVIDENCE] else PASS
    return out


def callback_verdicts(cases: list[dict], year: int, cut: datetime) -> dict:
    """{case_id: verdict} of every case of the year a callback is owed to (pass, fail, missing, not_assessed)."""
    kinds_conclude = {k: any(r.get("replied_at") is not None or r.get("resolved_at") is not None
                             or r.get("case_status") is not None for r in cases if r["kind"] == k)
                      for k in CALLBACK_KINDS}
    out = {}
    for r in cases:
        if r["kind"] not in CALLBACK_KINDS or not in_year(r["received_at"], year):
            continue
        after = ("resolved_at",) if r["kind"] == "fault_repair" else ("replied_at", "resolved_at")
        out[r["case_id"]] = callback(r, after, year, cut, kind_concludes=kinds_conclude[r["kind"]])
    return out


def _concluded(r: dict) -> datetime:
    after = ("resolved_at",) if r["kind"] == "fault_repair" else ("replied_at", "resolved_at")
    ends = [r[c] for c in after if r.get(c) is not None]
    return min(ends) if ends else datetime.max


def callbacks(cases: list[dict], year: int, cut: datetime, target: float = 0.9, scope=by_window) -> dict:
    """{scope: figures}: due, called back, unreachable, missing evidence, rate, verdict."""
    v = callback_verdicts(cases, year, cut)
    out: dict = {}
    for r in cases:
        c = v.get(r["case_id"])
        if c not in (PASS, FAIL, MISSING):
            continue
        for at in (scope(r), ORG):
            f = out.setdefault(at, {"due": 0, "called_back": 0, "missing": 0, "unreachable": 0, "withdrawn": 0,
                                       "unknown_order": 0, "attempted": 0})
            f["due"] += 1
            f["called_back"] += c == PASS
            f["missing"] += c == MISSING
            # unreachable: an attempt after the conclusion that did not reach the customer (one before it is no
            # callback attempt at all: not called back either way)
            f["unreachable"] += (c == FAIL and r.get("callback_result") == "unreachable"
                                 and r.get("callback_at") is not None and r["callback_at"] >= _concluded(r))
            f["withdrawn"] += r.get("case_status") == "withdrawn"
            # the rate with any attempt counted (shown beside the rule's): an attempt after the conclusion whose result
            # is blank is an attempt; a case whose order of conclusion and callback is unknown is in neither count
            attempt = r.get("callback_at") is not None and r["callback_at"] >= _concluded(r)
            f["unknown_order"] += c == MISSING and not attempt
            f["attempted"] += c == PASS or (attempt and r.get("callback_result") != "not_called_back")
    for f in out.values():
        f["rate_incl_unreachable"] = _rate(f.pop("attempted"), f["due"] - f.pop("unknown_order"))
        f["rate"] = _rate(f["called_back"], f["due"] - f["missing"])
        if f["due"] == 0:
            f["verdict"] = "no_data"
        else:
            f["verdict"] = _sure(f["called_back"] / f["due"], (f["called_back"] + f["missing"]) / f["due"], target)
    return out


def satisfaction(cases: list[dict], year: int, cut: datetime, scope=by_window) -> dict:
    """{scope: (satisfied, dissatisfied, rate)} among the cases called back."""
    v = callback_verdicts(cases, year, cut)
    out: dict = {}
    for r in cases:
        if v.get(r["case_id"]) != PASS:
            continue
        for at in (scope(r), ORG):
            f = out.setdefault(at, [0, 0])
            f[0] += r.get("callback_result") == "satisfied"
            f[1] += r.get("callback_result") == "dissatisfied"
    return {s: (a, b, _rate(a, a + b)) for s, (a, b) in out.items()}


def open_at(cases: list[dict], year: int, cut: datetime, art203: bool = False) -> dict:
    """{case_id: overdue (True, False, or None for a kind with no limit)} of the year's cases open at the cut-off."""
    out = {}
    for r in cases:
        if not in_year(r["received_at"], year) or r["received_at"] > cut:
            continue
        if r.get("case_status") in ("closed", "withdrawn"):
            continue
        rep = r.get("replied_at")
        replied = rep is not None and rep <= cut
        days = LIMITS.get(r["kind"])
        if days is not None:
            if replied:
                continue
            out[r["case_id"]] = calendar_days_deadline(r["received_at"], days, art203) <= cut
        else:
            res = r.get("resolved_at")
            if replied or (res is not None and res <= cut):
                continue
            out[r["case_id"]] = None
    return out


def repeats(cases: list[dict], year: int, days: int = 30) -> set:
    """{(case_id, previous_case_id)}: complaints of the year made again within ``days`` of the customer's previous."""
    mine = sorted((r for r in cases if r["kind"] == "complaint" and r.get("customer_key") is not None
                   and r["received_at"].year in (year - 1, year)),
                  key=lambda r: (r["customer_key"], r["received_at"], r["case_id"]))
    out = set()
    for a, b in zip(mine, mine[1:]):
        if a["customer_key"] != b["customer_key"] or b["received_at"].year != year:
            continue
        if (b["received_at"].date() - a["received_at"].date()).days <= days:
            out.add((b["case_id"], a["case_id"]))
    return out


def breakdown(cases: list[dict], year: int, cut: datetime, scope=by_window) -> dict:
    """{group: figures} of the breakdown a page shows per window or month: the year's cases by kind, the replies of
    complaints and reports together (in time, late, overdue, open, rate), the callbacks (due, called back,
    unreachable, rate both ways) and the satisfaction of those called back."""
    t = timeliness(cases, year, cut, scope=scope)
    cb = callbacks(cases, year, cut, scope=scope)
    sat = satisfaction(cases, year, cut, scope=scope)
    out: dict = {}
    for r in cases:
        if in_year(r["received_at"], year):
            f = out.setdefault(scope(r), {"cases": 0, "complaint": 0, "report": 0, "suggestion": 0,
                                          "fault_repair": 0, "enquiry": 0})
            f["cases"] += 1
            f[r["kind"]] += 1
    for g, f in out.items():
        rep = [t.get((g, k)) for k in LIMITS]
        f.update({x: sum(v[y] for v in rep if v) for x, y in (("replied_in_time", IN_TIME), ("replied_late", LATE),
                                                                 ("overdue", OVERDUE), ("open", NOT_DUE))})
        f["reply_rate"] = _rate(f["replied_in_time"], f["replied_in_time"] + f["replied_late"] + f["overdue"])
        c = cb.get(g, {})
        f.update({"callbacks_due": c.get("due", 0), "called_back": c.get("called_back", 0),
                  "unreachable": c.get("unreachable", 0), "callback_rate": c.get("rate"),
                  "callback_rate_incl_unreachable": c.get("rate_incl_unreachable")})
        sa = sat.get(g, (0, 0, None))
        f.update({"satisfied": sa[0], "dissatisfied": sa[1], "satisfaction_rate": sa[2]})
    return out


PROMISES = {"pw_complaint_reply_5d": "complaint", "pw_report_reply_10d": "report"}


def promise_fulfilment(cases: list[dict], year: int, cut: datetime, art203: bool = False, scope: str = ORG) -> dict:
    """{promise_id: figures} of the organisation (``scope``: of one window): occurrences (judged), met, broken, open,
    not_assessed, withdrawn_in_limit, rate, verdict, published (the percentage the public reads, floored to 0.1 %)."""
    t = timeliness(cases, year, cut, art203)
    out = {}
    for pid, kind in PROMISES.items():
        f = t.get((scope, kind))
        if f is None:
            out[pid] = {"occurrences": 0, "met": 0, "broken": 0, "open": 0, "not_assessed": 0,
                        "withdrawn_in_limit": 0, "rate": None, "verdict": "no_data", "published": None}
            continue
        g = {"occurrences": f["assessed"], "met": f[IN_TIME], "broken": f[LATE] + f[OVERDUE], "open": f[NOT_DUE],
             "not_assessed": f[NO_EVIDENCE], "withdrawn_in_limit": f[WITHDRAWN], "rate": f["rate"]}
        if g["occurrences"] == 0:
            g["verdict"] = "insufficient" if g["not_assessed"] else ("open" if g["open"] else "no_data")
        elif g["broken"]:
            g["verdict"] = FAIL
        else:
            g["verdict"] = "insufficient" if g["not_assessed"] else PASS
        g["published"] = published(g["met"], g["occurrences"])
        out[pid] = g
    return out


def published(met: int, n: int) -> float | None:
    """The percentage the public reads, to 0.1 %: rounded half up, except that a rate short of 100 % never reads as
    100.0 % (99.95 % and over, not all kept, reads 99.9 %)."""
    if not n:
        return None
    tenths = (Fraction(met * 1000, n) + Fraction(1, 2)).__floor__()
    if met < n:
        tenths = min(tenths, 999)
    return tenths / 10


# ---------------------------------------------------------------- the scorecard's roll-up
def rollup(cells: list[dict]) -> dict:
    """A window's and a standard's result from the window × measure verdicts (``cells``: window_id, standard,
    verdict, weight; a measure only reported beside another, verdict ``report``, is no cell; an alternative measure
    of a clause that carries no weight and has no data is none either: its clause is measured the other way).

    A window's score: the weight of its cells met over the weight of all its cells, out of 100, to 0.1: a cell
    without evidence (no data, insufficient, open) earns nothing and still weighs, never a pass on missing evidence;
    a window none of whose cells is decided (met or missed) has no score and no rank (never 0).  Its evidence: the
    share of the weight decided, to 0.001.  Its rank: one more than the windows with a higher score (as shown).
    A standard's: its cells by verdict, and the share met of those decided, to 0.0001.  The organisation's:
    the share met of every decided cell, the cells missed, the cells with no data, the windows' mean score."""
    cells = [c for c in cells if c["verdict"] != "report" and not (c["weight"] == 0 and c["verdict"] == "no_data")]
    wins: dict = {}
    stds: dict = {}
    for c in cells:
        w = wins.setdefault(c["window_id"], {"measures": 0, "pass": 0, "fail": 0, "insufficient": 0, "open": 0,
                                             "no_data": 0, "w": 0.0, "w_pass": 0.0, "w_decided": 0.0})
        w["measures"] += 1
        w[c["verdict"]] += 1
        w["w"] += c["weight"]
        w["w_pass"] += c["weight"] * (c["verdict"] == PASS)
        w["w_decided"] += c["weight"] * (c["verdict"] in (PASS, FAIL))
        s = stds.setdefault(c["standard"], {"pass": 0, "fail": 0, "insufficient": 0, "open": 0, "no_data": 0})
        s[c["verdict"]] += 1
    for w in wins.values():
        w["score"] = _half_up(100 * w["w_pass"] / w["w"], 1) if w["w_decided"] > 0 else None
        w["evidence"] = _half_up(w["w_decided"] / w["w"], 3) if w["w"] else None
    for w in wins.values():
        w["rank"] = None if w["score"] is None else 1 + sum(
            1 for x in wins.values() if x["score"] is not None and x["score"] > w["score"])
    for s in stds.values():
        d = s["pass"] + s["fail"]
        s["met_share"] = _half_up(s["pass"] / d, 4) if d else None
    n_pass = sum(s["pass"] for s in stds.values())
    n_fail = sum(s["fail"] for s in stds.values())
    scores = [w["score"] for w in wins.values() if w["score"] is not None]
    org = {"windows": len(wins), "failed": n_fail, "no_data": sum(s["no_data"] for s in stds.values()),
           "met_share": None if not n_pass + n_fail else n_pass / (n_pass + n_fail),
           "mean_score": sum(scores) / len(scores) if scores else None}
    return {"windows": wins, "standards": stds, "organisation": org}


def _half_up(x: float, digits: int) -> float:
    return float((Fraction(x) * 10 ** digits + Fraction(1, 2)).__floor__()) / 10 ** digits


# ---------------------------------------------------------------- 礼仪规范 附件2 1. 急什么!: the finer readings
# 附件2 quotes the rebuke 急什么! ("what's the hurry!"), not every sentence in which the three characters meet
# (the reading guide: a forbidden phrase is the standard's quoted wording).  The measure's parameters only name the
# word lists (polite negations, then, served, asks, any, denied); how a turn is read is this reference's own:
# - the three characters together (spaces dropped, full width and 麼 folded, 您 read as 你) are the phrase when the
#   words after them close it: a mark, the turn's end, a particle then a mark or the end (急什么呀！), 急 said again
#   or a pronoun opening a new clause (急什么急, 急什么我马上办);
# - said on into 时候/时间/事/地方 they ask (你急什么时候要？); into 都/也 they say "anything" (什么都会办好) — unless
#   a negation (没/不/别/白) follows 都/也, after such a word or not: rushing helps nothing, the rebuke (急什么事都没用);
# - said on into a thing the window serves (手续, 号, 药 …): a question with ? or 吗/呢 (您急什么手续？), the rebuke
#   with ! (急什么号！, 急什么药啊！), undecidable otherwise (急什么号，后面还有人: to review);
# - said on into any other words: undecidable (急什么东西, 急什么排队去: to review), never a violation by rule;
# - after a negation of 急 (别急, 不着急 …: no hurry): polite, unless the three characters close the clause there or
#   say 急 again (不急什么！, 别急什么急！: the negation reaches only its own 急).
PARTICLES = "啊呀呢吧嘛啦哦"
REBUKE, ASKED, UNDECIDED = "rebuke", "polite", "review"


def _jsm_text(turn: str) -> str:
    import unicodedata
    t = unicodedata.normalize("NFKC", turn).replace("您", "你").replace("麼", "么")
    return "".join(ch for ch in t if not ch.isspace())


def _is_mark(ch: str) -> bool:
    import unicodedata
    return unicodedata.category(ch).startswith("P")


def jishenme(turn: str, spec: dict) -> str | None:
    """The reading of 急什么 in one staff turn: REBUKE, UNDECIDED (review), ASKED (said, not the rebuke) or None."""
    t = _jsm_text(turn)
    polite = [_jsm_text(p) for p in spec.get("polite", [])]
    found = []
    i = t.find("急什么")
    while i >= 0:
        before, after = t[:i + 1], t[i + 3:]
        negated = any(before.endswith(p) for p in polite)
        found.append(_after(after, negated, spec))
        i = t.find("急什么", i + 1)
    for v in (REBUKE, UNDECIDED, ASKED):
        if v in found:
            return v
    return None


def _closes(rest: str) -> bool:
    """The clause ends here: the turn's end, a mark, or a particle then either."""
    if not rest or _is_mark(rest[0]):
        return True
    return rest[0] in PARTICLES and (len(rest) == 1 or _is_mark(rest[1]))


def _marks(rest: str) -> str:
    """The marks (and particles) that close what came before: the run of particles and marks at ``rest``'s start."""
    out = ""
    for ch in rest:
        if ch in PARTICLES + "吗" or _is_mark(ch):
            out += ch
        else:
            break
    return out


def _after(rest: str, negated: bool, spec: dict) -> str:
    if _closes(rest):
        return REBUKE
    if rest.startswith("急"):
        return REBUKE
    if negated:
        return ASKED
    denied = tuple(spec.get("denied", ()))
    anyw = tuple(spec.get("any", ()))
    if rest[0] in "你我他她咱":
        return REBUKE
    for w in tuple(spec.get("asks", ())):
        if rest.startswith(w):
            tail = rest[len(w):]
            return REBUKE if tail[:1] in anyw and tail[1:2] in denied and tail[1:2] else ASKED
    if rest[:1] in anyw:
        return REBUKE if rest[1:2] and rest[1:2] in denied else ASKED
    for w in sorted(spec.get("served", ()), key=len, reverse=True):
        if rest.startswith(w):
            tail = rest[len(w):]
            if tail[:1] in anyw and tail[1:2] and tail[1:2] in denied:
                return REBUKE
            m = _marks(tail)
            if "!" in m:
                return REBUKE
            if "?" in m or m[:1] in "吗呢" and m:
                return ASKED
            return UNDECIDED
    return UNDECIDED


def forbidden_jishenme(staff: list[str], spec: dict) -> str:
    """附件2 1 alone over a dialogue's staff turns: a rebuke in any is a violation (fail); else one undecidable goes to
    review (not assessed); else met."""
    got = [jishenme(t, spec) for t in staff]
    return FAIL if REBUKE in got else (NOT_ASSESSED if UNDECIDED in got else PASS)


# ---------------------------------------------------------------- one turn per row
STAFF_WORD, CUSTOMER_WORD = "staff", "customer"


def dialogue_of_rows(rows: list[dict]) -> dict[str, dict]:
    """{transcript_id: {"recorded_at", "window_id", "channel", "turns": [(speaker, words)]}} of an export with one
    turn per row: each recording's rows in the order of their turn numbers (the file's order is no order), the
    recording dated, placed and channelled as its first turn; a row of no speaker in a recording whose other rows
    name theirs: whose words they are is unknown (speaker None)."""
    by: dict = {}
    for pos, r in enumerate(rows):
        by.setdefault(r["transcript_id"], []).append((r.get("turn") if r.get("turn") is not None else float("inf"),
                                                      pos, r))
    out = {}
    for tid, rs in by.items():
        rs.sort(key=lambda x: (x[0], x[1]))
        first = rs[0][2]
        out[tid] = {"recorded_at": first.get("recorded_at"), "window_id": first.get("window_id"),
                    "channel": first.get("channel"),
                    "turns": [(r.get("speaker"), r.get("text") or "") for _, _, r in rs]}
    return out


def as_text(turns: list[tuple]) -> str | None:
    """The dialogue as one text, a turn a line led by its speaker (diff40_reference.staff_turns reads it); None where
    a turn's speaker is unknown."""
    if any(s not in (STAFF_WORD, CUSTOMER_WORD) for s, _ in turns):
        return None
    return "\n".join(("员工:" if s == STAFF_WORD else "客户:") + w for s, w in turns)
