"""An independent reading of the clauses no earlier reference covers, for differential testing (tests/test_diff40_*.py):
the registers counted per window and year (标准1 第八条(五) 自助查询终端, 第十条(三)1 24个月电费/业扩进程查询,
(三)4 不少于三种缴费方式, (三)5 上门服务, (三)7 客户经理, 第十二条(二) 每年至少召开三次客户座谈会 and the third-party
survey, 第十三条(二) 定期召开座谈会 / 走访客户, (三) 领导接待日, (六) 承诺公示, (七) 五项公开制度) and the inspection
and mystery-shopper checklists of every standard (one item of one visit each); the voltage monitors' statistics
(第六条(一): minutes outside the band, the 35 kV span); the required and the forbidden phrases (标准2 附件1, 2; 标准5
四, 六4).

Written from the standards' texts (/work/shared/standards/*.zh.txt) and their README's readings; the workspace's
contract only names the columns and the measures' parameters (the items a clause's checklist holds, the kind of
register entry a clause counts, its minimum, what makes two entries one).  It imports nothing from windoweval, only the
standard library.  Verdicts: pass, fail, missing (missing evidence), not_assessed (the rule leaves it undecided: an
item marked not applicable) and out (not in the clause's population: another year, another item, another window).

The readings, where the text is open:
- 每年至少 N / 不少于 N: the window's entries of the clause's kind in the evaluated year, counted once each (two rows
  of one activity, or one payment channel written twice, are one), at least N.  An entry that counts only with a
  value (bills queryable for at least 24 months) counts when its value is at least that; the value itself is met.
  An entry whose counted value (the subject disclosed, the months queryable) is blank may be the one missing: a window
  short of N that such entries could make up is unknown (missing evidence), never a miss on what was not written,
  never a pass either.  A window whose register holds no entry of the year at all (none of any kind) has nothing to
  show: missing evidence; a register with entries of the year and none of the clause's: those are missed (the hall
  records what it does, and did not do this).  An entry of the organisation (ORG) is no window's.
- A checklist item: 合格 met, 不合格 missed, 不适用 not assessed (the rule does not speak of it), blank missing
  evidence (the contract refuses a blank result before scoring, so it is never seen here); a visit belongs to the
  year of its own time; only the items the clause names, at the windows of the kinds
  the clause applies to.
"""
from __future__ import annotations

from datetime import date, datetime

PASS, FAIL, MISSING, NOT_ASSESSED, OUT = "pass", "fail", "missing", "not_assessed", "out"


def _year(v) -> int | None:
    if v is None:
        return None
    if isinstance(v, (datetime, date)):
        return v.year
    return int(v)


def count_at_least(rows: list[dict], windows: list[str], year: int, kinds: tuple, n_min: int, time: str,
                   distinct: str | None = None, value: str | None = None, value_min: float | None = None) -> dict:
    """{window: verdict}: ``rows`` the whole register (every kind), ``kinds`` what the clause counts (the register's
    ``kind``), ``time`` the column dating an entry (a date or a year), ``distinct`` what makes two entries one
    (None: the whole entry), ``value``/``value_min`` the value an entry needs to count."""
    out = {}
    for w in windows:
        mine = [r for r in rows if r.get("window_id") == w and _year(r.get(time)) == year]
        if not mine:
            out[w] = MISSING
            continue
        known, unknown = set(), 0
        for r in mine:
            if r.get("kind") not in kinds:
                continue
            if value is not None and value_min is not None:
                if r.get(value) is None:
                    unknown += 1
                    continue
                if float(r[value]) < value_min:
                    continue
            if distinct is not None:
                if r.get(distinct) is None:
                    unknown += 1
                    continue
                known.add(r[distinct])
            else:
                known.add(tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("row",))))
        if len(known) >= n_min:
            out[w] = PASS
        elif len(known) + unknown >= n_min:
            out[w] = MISSING
        else:
            out[w] = FAIL
    return out


def checklist(r: dict, items: tuple, windows: set, year: int) -> str:
    """One inspection row (one item of one visit)."""
    if r.get("window_id") not in windows or r.get("item") not in items:
        return OUT
    if r.get("visited_at") is None or r["visited_at"].year != year:
        return OUT
    res = r.get("result")
    if res is None:
        return MISSING
    return {"pass": PASS, "fail": FAIL, "na": NOT_ASSESSED}[res]


# ---------------------------------------------------------------- 第六条(一) voltage: a monitor's statistics rows
LOST = "lost"   # missing evidence that surely misses in part (some minute known outside, how many unknown)
TOL = 5e-4      # a monitor's limit within 0.05 % of nominal is the standard's own


def _limit(v, pct, nominal, sign):
    """A monitor's limit in volts: written in volts, else as a percentage of nominal (a lower one of either sign)."""
    if v is not None:
        return float(v)
    if pct is not None and nominal is not None:
        return nominal * (1 + sign * abs(float(pct)) / 100)
    return None


def voltage_minutes(r: dict, low: float, high: float, year: int) -> str:
    """第六条(一)1 (2)(3), 2: 供电电压允许偏差 ±7 %, +7 % -10 %, ±10 %, judged on a statistics row's minutes over the
    monitor's upper and under its lower limit.  A row is met whole with no minute outside the standard's band; the
    minutes beyond a monitor's limit are the standard's only where its limit is the standard's: a limit tighter than the
    standard's with no minute beyond it is within, with minutes beyond them unknown (they may be within the
    standard's); a looser one with none beyond it unknown, with minutes beyond it surely outside (beyond the standard's
    too: missed in part, how much unknown); a limit not shown, or minutes not written, unknown.  A row without minutes
    monitored (none) gives no share of the time: missing evidence; one whose minutes monitored are not written ran
    for some time: missing evidence, and surely missed in part where a minute outside is known (diff40)."""
    if _row_year(r) != year:
        return OUT
    run, nominal = r.get("run_min"), r.get("nominal_v")
    if (run is not None and run <= 0) or nominal is None:
        return MISSING
    sides = []
    for minutes, lim, std, up in (
            (r.get("over_min"), _limit(r.get("upper_limit_v"), r.get("upper_limit_pct"), nominal, 1),
             nominal * (1 + high), True),
            (r.get("under_min"), _limit(r.get("lower_limit_v"), r.get("lower_limit_pct"), nominal, -1),
             nominal * (1 + low), False)):
        if minutes is None or lim is None:
            sides.append(MISSING)
            continue
        same = abs(lim - std) <= TOL * nominal
        tighter = (lim < std) if up else (lim > std)
        if same:
            sides.append(PASS if minutes == 0 else FAIL)
        elif tighter:
            sides.append(PASS if minutes == 0 else MISSING)
        else:
            sides.append(LOST if minutes > 0 else MISSING)
    if run is None:   # minutes monitored not written: some time, how much unknown; a minute outside surely misses
        return LOST if (FAIL in sides or LOST in sides) else MISSING
    if sides == [PASS, PASS]:
        return PASS
    if MISSING not in sides and LOST not in sides:
        return FAIL
    return LOST if (FAIL in sides or LOST in sides) else MISSING


def _row_year(r: dict) -> int | None:
    for c in ("stat_date", "stat_month"):
        if r.get(c) is not None:
            return r[c].year
    return None


def voltage_span(r: dict, max_span: float, year: int) -> str:
    """第六条(一)1(1) 35千伏以上: 电压正、负偏差的绝对值之和不超过额定值的10%: the day's largest positive deviation
    (its highest voltage above nominal, else none) and largest negative one (its lowest below nominal, else none),
    summed, at most 10 % of nominal (at it: met).  A day's row is met or missed whole; a month's row within is met
    (no day's span can be wider than the month's), over it unknown (which days, the row does not say).  Without the
    highest, the lowest or the nominal voltage: missing evidence.  The clause is judged by time as the others (the
    contract: a row of no minutes monitored gives no share of the time): such a row is missing
    evidence; with them not written the day ran for some time, and a day surely over is missed in part (its share
    unknown: missing evidence that decides a fail, diff40)."""
    if _row_year(r) != year:
        return OUT
    if r.get("run_min") is not None and r["run_min"] <= 0:   # the monitor did not run: no extremes to read
        return MISSING
    hi, lo, nom = r.get("max_v"), r.get("min_v"), r.get("nominal_v")
    if hi is None or lo is None or nom is None:
        return MISSING
    span = max(hi - nom, 0.0) + max(nom - lo, 0.0)
    within = span <= max_span * nom * (1 + 1e-12)
    if r.get("run_min") is None:   # ran for some time, how long unknown: its share unknown; a day over surely missed
        return MISSING if within or r.get("stat_date") is None else LOST
    if r.get("stat_date") is not None:
        return PASS if within else FAIL
    return PASS if within else MISSING


def cell_verdict(rows: list[tuple[str, float, float]], target: float = 1.0) -> str:
    """A window's verdict from its rows ``(verdict, run minutes, minutes within)`` by time (target 100 %): pass only
    when every minute is proven within; fail when some minute is proven outside (a row missed, or missed in part);
    else, with rows of unknown evidence, insufficient; no row: no_data."""
    rows = [x for x in rows if x[0] != OUT]
    if not rows:
        return "no_data"
    if any(v in (FAIL, LOST) for v, _, _ in rows):
        return "fail"
    if any(v == MISSING for v, _, _ in rows):
        return "insufficient"
    return "pass"


# ---------------------------------------------------------------- 礼仪规范 附件1, 工作人员规范 四: required phrases
STAFF = ("员工", "坐席", "柜员", "工作人员")
CUSTOMER = ("客户", "用户", "患者")


def staff_turns(text: str) -> list[str] | None:
    """The staff's turns of a dialogue written one turn a line, each led by its speaker and a colon (half or full
    width); None where a line names no speaker this reading knows (the seeds write none such)."""
    turns = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, sep, words = line.replace("：", ":").partition(":")
        if not sep or head not in STAFF + CUSTOMER:
            return None
        if head in STAFF:
            turns.append(words)
    return turns


def _said(turn: str, phrase: str) -> bool:
    """The phrase said in a turn: its words in order, not a longer word that starts with them (您好像 is 'you seem',
    no greeting; nor 祝您好运, 请您好好核对, 您好久没来了, 您好些了吗, review40)."""
    i = turn.find(phrase)
    while i >= 0:
        nxt = turn[i + len(phrase):i + len(phrase) + 1]
        if not (phrase.endswith("好") and nxt and nxt in "像运好久些"):
            return True
        i = turn.find(phrase, i + 1)
    return False


def phrases_required(r: dict, phrases: tuple, position: str, channel: str | None, year: int) -> str:
    """首问语 “您好” in the staff's first turn (start), 结束语 “请慢走” in their last (end), “请您检查好随身物品”
    anywhere (any); the phrases a clause lists are alternatives (“请慢走”、“再见”等: any one).  Only the staff's words
    count (a customer's 您好 is no greeting).  A dialogue in which the staff say nothing: the phrase was not said
    (missed)."""
    if channel is not None and r.get("channel") != channel:
        return OUT
    if r.get("recorded_at") is None or r["recorded_at"].year != year:
        return OUT
    turns = staff_turns(r.get("text") or "")
    if turns is None:
        return MISSING
    pick = {"start": turns[:1], "end": turns[-1:], "any": turns}[position]
    return PASS if any(_said(t, p) for t in pick for p in phrases) else FAIL


# ---------------------------------------------------------------- 礼仪规范 附件2, 工作人员规范 六4: forbidden phrases
REVIEW = "review"   # a fragment of a quoted phrase found alone: the rules cannot tell; an inspector decides
_MARKS = "，,。.！!？?；;、：:…~～ \u3000"
_ENDS = "。.！!？?；;…"


def _flat(s: str) -> str:
    """The words without marks or spaces, full width folded, 您 read as 你 (the standard quotes 你)."""
    import unicodedata
    s = unicodedata.normalize("NFKC", s).replace("您", "你")
    return "".join(ch for ch in s if ch not in _MARKS and not unicodedata.category(ch).startswith("P"))


def _said_as_quoted(turn: str, phrase: str, ends: bool) -> bool:
    """``phrase`` (its marks aside; XX: any few words) said in ``turn``; with ``ends``, as a sentence the phrase's
    last word closes (不可能的。, not 不可能的事情)."""
    import re
    import unicodedata
    t = unicodedata.normalize("NFKC", turn).replace("您", "你")
    pat = r"\w{1,6}?".join(r"[\W_]*".join(re.escape(ch) for ch in _flat(w)) for w in phrase.split("XX"))
    for m in re.finditer(pat, t):
        if not ends or m.end() == len(t) or t[m.end()] in _ENDS:
            return True
    return False


def phrases_forbidden(r: dict, phrases: list, year: int) -> str:
    """附件2 服务禁忌用语 / 六4 不当用语: none said by the staff (their turns only), each matched as the standard quotes
    it (marks aside, 您 as 你); a phrase said inside one of its polite contexts (我不知道您是否了解, 别急) is no
    violation; a fragment the clause lists as undecidable said alone (不是告诉你了吗 without 怎么还问) goes to review:
    no verdict until an inspector decides (not assessed), never a violation by rule."""
    if r.get("recorded_at") is None or r["recorded_at"].year != year:
        return OUT
    turns = staff_turns(r.get("text") or "")
    if turns is None:
        return MISSING
    review = False
    for t in turns:
        flat = _flat(t)
        for p in phrases:
            spec = p if isinstance(p, dict) else {"phrase": p}
            polite = [_flat(x) for x in spec.get("polite", [])]
            if _said_as_quoted(t, spec["phrase"], bool(spec.get("ends"))):
                if not any(x in flat for x in polite):
                    return FAIL
                continue
            for frag in spec.get("review", []):
                if _flat(frag) in flat and not any(x in flat for x in polite):
                    review = True
    return NOT_ASSESSED if review else PASS
