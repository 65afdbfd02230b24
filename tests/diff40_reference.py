"""An independent reading of the clauses no earlier reference covers, for differential testing (tests/test_diff40_*.py):
the registers counted per window and year (标准1 第八条(五) 自助查询终端, 第十条(三)1 24个月电费/业扩进程查询,
(三)4 不少于三种缴费方式, (三)5 上门服务, (三)7 客户经理, 第十二条(二) 每年至少召开三次客户座谈会 and the third-party
survey, 第十三条(二) 定期召开座谈会 / 走访客户, (三) 领导接待日, (六) 承诺公示, (七) 五项公开制度) and the inspection
and mystery-shopper checklists of every standard (one item of one visit each).

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
  evidence (the contract refuses a blank result before scoring, so it is never seen here); a visit belongs to the year of its own time; only the items the clause names, at the windows of the kinds
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
