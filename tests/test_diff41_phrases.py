"""The diff41 differential test of the phrase rules session 40's references left: the finer readings of 附件2 1 急什么!
(tests/diff41_reference.jishenme) and transcripts exported one turn per row (tests/diff41_reference.dialogue_of_rows),
each transcript's verdict through ``windoweval.score``'s drill-down, as test_diff40_phrases reads them.

Seeded: 急什么 closed by a mark, a particle or the turn's end; said on into a question word (时候, 时间, 事, 地方),
into 都/也 with and without a negation after, into 急 again or a pronoun, into a thing the window serves with ?, 吗,
!, a comma or nothing, into other words; after a negation of 急 (别急, 不着急 …) closing there or said on; spaced, in
Traditional characters; said by the customer.  One turn per row: the rows in another order than their turns', the
greeting in the staff's first turn only by the turn numbers, the closing in a customer's last row, a recording whose
first turn falls on 31 December and last on 1 January, and the required and forbidden phrases of session 40's seeds
cut into rows."""
from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta

import pandas as pd
import pytest

import diff40_reference as ref40
import diff41_reference as ref
from test_diff40_phrases import REQUIRED, _rows, compared, engine_verdicts
from test_diff40_reference import measures

YEAR = 2025
WINDOWS = (("PW01", "城东营业厅", "power_hall"), ("SH01", "政务服务大厅", "service_hall"))
FORBIDDEN = measures("phrases_forbidden")
ANNEX2 = "etiquette.annex2"
SPEC = next(p for p in FORBIDDEN[ANNEX2][0]["phrases"] if isinstance(p, dict) and p["phrase"] == "急什么")

SAID = ["急什么！", "急什么，时候还早呢！", "你急什么时候要？", "您不急什么时候来都行。", "您别急，什么时候都行。",
        "您别急什么都会给您办好的。", "急什么事都没用。", "急什么也不行！", "急什么急！", "急什么我马上办。", "急什么东西？",
        "急什么排队去！", "您急什么手续？", "急什么单子吗？", "急什么号！", "急什么药啊！", "急什么号，后面还有人。",
        "急什么药", "不急什么！", "别急什么急！", "不要急什么材料都不用带。", "您别着急什么呀！", "急 什 么！", "急什麼！",
        "急什么呀！", "急什么时间都来得及。", "急什么地方都没用！", "急什么？", "好的，马上给您办。"]


def jsm_transcripts(rng: random.Random, n: int = 160) -> pd.DataFrame:
    rows = []
    for i in range(n):
        said = SAID[i % len(SAID)] if i < len(SAID) else rng.choice(SAID)
        who = "员工" if i < len(SAID) or rng.random() < 0.85 else "客户"
        lines = ["员工:您好,请问办理什么业务?", "客户:交电费。", f"{who}:{said}", "员工:请慢走。"]
        rows.append({"transcript_id": f"J{i:04d}", "window_id": rng.choice(["PW01", "SH01"]), "channel": "counter",
                     "recorded_at": datetime(YEAR, 6, 3, 10), "text": "\n".join(lines)})
    return pd.DataFrame(rows)


def jsm_reference(frame: pd.DataFrame) -> dict:
    out = {}
    for r in _rows(frame):
        staff = ref40.staff_turns(r["text"])
        out[(ANNEX2, r["transcript_id"])] = ref.forbidden_jishenme(staff, SPEC)
    return out


@functools.lru_cache(maxsize=None)
def jsm_engine() -> tuple:
    frame = jsm_transcripts(random.Random(41))
    return frame, engine_verdicts(frame, [ANNEX2], WINDOWS)


def test_jishenme_as_the_reference_reads_it():
    frame, got = jsm_engine()
    got = {k: v for k, v in got.items() if k[0] == ANNEX2}
    bad = compared(frame, got, jsm_reference(frame))
    assert not bad, f"{len(bad)} disagreements:\n" + "\n".join(map(str, bad[:20]))


def test_the_jishenme_seeds_reach_every_reading():
    frame, _ = jsm_engine()
    seen = {v for v in jsm_reference(frame).values()}
    assert seen == {ref.PASS, ref.FAIL, ref.NOT_ASSESSED}, seen


@pytest.mark.parametrize("flip", ["served_question", "negation_reach", "asks"])
def test_a_flipped_jishenme_reading_is_caught(monkeypatch, flip):
    """Sensitivity: a question about a served thing read as undecidable; a negation read as reaching 急什么 closed
    after it (不急什么！ polite); a question word read as the rebuke: the comparison fails."""
    frame, got = jsm_engine()
    orig = ref._after
    if flip == "served_question":
        monkeypatch.setattr(ref, "_after", lambda rest, neg, spec: ref.UNDECIDED if orig(rest, neg, spec) == ref.ASKED
                            and not neg and not any(rest.startswith(w) for w in spec["asks"] + spec["any"]) else
                            orig(rest, neg, spec))
    elif flip == "negation_reach":
        monkeypatch.setattr(ref, "_after", lambda rest, neg, spec: ref.ASKED if neg else orig(rest, neg, spec))
    else:
        monkeypatch.setattr(ref, "_after", lambda rest, neg, spec: ref.REBUKE if any(
            rest.startswith(w) for w in spec["asks"]) else orig(rest, neg, spec))
    got = {k: v for k, v in got.items() if k[0] == ANNEX2}
    assert compared(frame, got, jsm_reference(frame)), flip


# ---------------------------------------------------------------- one turn per row
def per_row(frame: pd.DataFrame, rng: random.Random) -> pd.DataFrame:
    """Each dialogue of ``frame`` (a turn a line, led by its speaker) cut into one row per turn, numbered in the
    dialogue's order, the rows shuffled within the file; a dialogue's turns a minute apart from its time, so one that
    starts on 31 December 23:59:59 ends in the next year."""
    rows = []
    for r in frame.to_dict("records"):
        for k, line in enumerate(r["text"].splitlines(), start=1):
            head, _, words = line.replace("：", ":").partition(":")
            rows.append({"transcript_id": r["transcript_id"], "turn": k, "window_id": r["window_id"],
                         "channel": r["channel"], "recorded_at": r["recorded_at"] + timedelta(minutes=k - 1),
                         "speaker": "staff" if head in ref40.STAFF else "customer", "text": words})
    rng.shuffle(rows)
    return pd.DataFrame(rows)


def row_reference(rows: pd.DataFrame, measured: dict, kernel) -> dict:
    """Each recording's verdicts read from its rows (diff41_reference.dialogue_of_rows), the dialogue then read as
    diff40_reference reads a dialogue."""
    out = {}
    for tid, d in ref.dialogue_of_rows(_rows(rows)).items():
        text = ref.as_text(d["turns"])
        r = {"transcript_id": tid, "recorded_at": d["recorded_at"], "channel": d["channel"],
             "window_id": d["window_id"], "text": text}
        for m, (p, where, _) in measured.items():
            v = ref40.MISSING if text is None else kernel(r, p, where)
            if v != ref40.OUT:
                out[(m, tid)] = v
    return out


def _required(r, p, where):
    return ref40.phrases_required(r, tuple(p["phrases"]), p["position"], where.get("channel"), YEAR)


def _forbidden(r, p, where):
    return ref40.phrases_forbidden(r, p["phrases"], YEAR)


@functools.lru_cache(maxsize=None)
def row_engine() -> tuple:
    import test_diff40_forbidden as fb
    import test_diff40_phrases as ph

    rng = random.Random(4141)
    req = per_row(ph.transcripts(random.Random(41), 200), rng)
    forb = per_row(fb.transcripts(random.Random(41), 150), rng)
    windows = tuple({w: (w, n, k) for w, n, k in ph.WINDOWS + WINDOWS}.values())
    return req, forb, engine_verdicts(req, REQUIRED, windows), engine_verdicts(forb, FORBIDDEN, windows)


def test_one_turn_per_row_as_the_reference_reads_it():
    req, forb, got_req, got_forb = row_engine()
    text = {}
    for rows in (req, forb):
        for tid, d in ref.dialogue_of_rows(_rows(rows)).items():
            text[tid] = ref.as_text(d["turns"])
    bad = []
    for rows, got, measured, kernel in ((req, got_req, REQUIRED, _required), (forb, got_forb, FORBIDDEN, _forbidden)):
        want = row_reference(rows, measured, kernel)
        bad += [(k, "engine", got.get(k, ref40.OUT), "reference", want.get(k, ref40.OUT), text[k[1]])
                for k in sorted(set(want) | set(got)) if want.get(k, ref40.OUT) != got.get(k, ref40.OUT)]
    assert not bad, f"{len(bad)} disagreements:\n" + "\n".join(map(str, bad[:12]))


def test_a_flipped_turn_order_is_caught(monkeypatch):
    """Sensitivity: the rows read in the file's order, not their turns', no longer agree."""
    req, _, got_req, _ = row_engine()
    monkeypatch.setattr(ref, "dialogue_of_rows", lambda rows, f=ref.dialogue_of_rows: f(
        [{**r, "turn": None} for r in rows]))
    want = row_reference(req, REQUIRED, _required)
    assert any(want.get(k, ref40.OUT) != got_req.get(k, ref40.OUT) for k in set(want) | set(got_req))


def test_a_recording_across_the_years_end_is_judged_whole_in_the_year_it_began():
    """One turn per row, a recording begun on 31 December and ended on 1 January: it belongs to the year it began, all
    its turns with it (the year filter took each row by its own time: the staff's greeting, said after midnight, was
    cut off and the recording failed 您好 in 2025; one begun in 2024 was judged in 2025 without its first turn)."""
    import tempfile

    import windoweval as we
    from _workspace import workspace
    from test_diff37_reference import validated

    t = [datetime(YEAR, 12, 31, 23, 59, 30), datetime(YEAR + 1, 1, 1, 0, 0, 10), datetime(YEAR + 1, 1, 1, 0, 1)]
    rows = pd.DataFrame({"transcript_id": ["A"] * 3 + ["B"] * 3, "turn": [1, 2, 3] * 2, "window_id": "PW01",
                         "channel": "counter", "recorded_at": t + [x.replace(year=x.year - 1) for x in t],
                         "speaker": ["customer", "staff", "staff"] * 2,
                         "text": ["你好,交电费。", "您好,请出示户号。", "请慢走。"] * 2})
    for year, judged in ((YEAR, "A"), (YEAR - 1, "B")):
        card = we.score(["etiquette"], year, data=tempfile.mkdtemp(), workspace=workspace(WINDOWS[:1]),
                        records=validated({"transcripts": rows}))
        dd = card.drilldown("etiquette.annex1.1", include_passed=True)
        assert dd[["transcript_id", "passed"]].values.tolist() == [[judged, True]], (year, dd.to_dict("records"))


def test_a_turn_of_no_speaker_in_a_turn_per_row_recording_is_refused():
    """One turn per row, one row's 说话人 blank: whose words they are is unknown.  They were split off as a dialogue of
    their own under the same recording id, with no label, so read as the staff's words alone: a customer's 急什么！ was
    a forbidden phrase charged to the window, and the recording counted twice.  Refused when read, with the file, the
    row, the column and the fix (an input error: exit 3), never judged; a recording none of whose rows names a
    speaker is a whole dialogue, as before."""
    from windoweval.errors import EXIT_INPUT
    from windoweval.records import validate
    from windoweval.records.contract import RecordsError

    rows = pd.DataFrame({"transcript_id": ["A", "A", "A", "B"], "turn": [1, 2, 3, 1], "window_id": "PW01",
                         "channel": "counter", "recorded_at": "2025-06-01 09:00:00",
                         "speaker": ["staff", None, "staff", None],
                         "text": ["您好,请问办什么业务?", "急什么!", "请慢走。", "员工:您好,请慢走。"]})
    with pytest.raises(RecordsError) as e:
        validate(rows.astype(object).where(rows.notna(), None), "transcripts", file="transcripts.csv")
    assert e.value.exit_code == EXIT_INPUT
    pr = e.value.problems
    assert pr[["row", "column", "code"]].values.tolist() == [[3, "speaker", "blank_speaker"]], pr.to_dict("records")
    assert "staff" in pr["fix_zh"].iloc[0] and "customer" in pr["fix_en"].iloc[0]
    # the whole dialogue (B, no speaker on any of its rows) is no problem
    ok = rows[rows["transcript_id"] != "A"]
    assert len(validate(ok.astype(object).where(ok.notna(), None), "transcripts", file="transcripts.csv")) == 1


def test_a_recording_across_the_years_end_is_stored_whole_in_the_year_it_began(tmp_path):
    """The same recording imported into the Parquet store (``windoweval records import transcripts``): its rows sit in
    the partition of the year it began, all of them, so a year's scan reads it whole (each row went to the partition
    of its own time: its turns after midnight were in year=2026, unread for 2025)."""
    import tempfile

    import windoweval as we
    from _workspace import workspace
    from windoweval.records.store import import_records

    t = [datetime(YEAR, 12, 31, 23, 59, 30), datetime(YEAR + 1, 1, 1, 0, 0, 10), datetime(YEAR + 1, 1, 1, 0, 1)]
    rows = pd.DataFrame({"录音编号": ["A"] * 3, "轮次": [1, 2, 3], "窗口编号": "PW01", "渠道": "counter",
                         "录音时间": [x.strftime("%Y-%m-%d %H:%M:%S") for x in t],
                         "说话人": ["customer", "staff", "staff"], "转写文本": ["你好,交电费。", "您好,请出示户号。", "请慢走。"]})
    rows.to_csv(tmp_path / "t.csv", index=False, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    import_records("transcripts", tmp_path / "t.csv", data)
    assert sorted(p.name for p in (data / "transcripts").glob("year=*")) == [f"year={YEAR}"]
    card = we.score(["etiquette"], YEAR, data=data, workspace=workspace(WINDOWS[:1]))
    dd = card.drilldown("etiquette.annex1.1", include_passed=True)
    assert dd[["transcript_id", "passed"]].values.tolist() == [["A", True]], dd.to_dict("records")
