"""Personal data in the traceback of the build's log (hostile42).

Failing on the code before: :class:`windoweval.privacy.MaskingFilter` masked a record's message, but not the traceback
``log.exception`` adds (``report.build`` logs "the build failed" so, ``cli.report`` every unexpected error): an
exception whose message quotes a value from the data (a window's name with a phone number, an ID-card number) reached
the build's log file as written.  Now the traceback's text is masked too.
"""
from __future__ import annotations

import logging

import importlib

build = importlib.import_module("windoweval.report.build")    # the module (windoweval.report.build is also the function)

SECRET = "客户张三 13812345678 身份证110101199003071234"


def test_a_logged_traceback_is_masked(tmp_path):
    f = tmp_path / "build.log"
    h = build._setup_log(f)
    try:
        try:
            raise ValueError(f"窗口 {SECRET} 无法评价")
        except ValueError:
            build.log.exception("the build failed: %s", SECRET)
        try:
            raise KeyError(SECRET)
        except KeyError as e:
            build.log.error("%s", "x", exc_info=e)
        build.log.warning("where: %s", SECRET, stack_info=True)
    finally:
        build.log.removeHandler(h)
        h.close()
    text = f.read_text(encoding="utf-8")
    assert "Traceback" in text and "ValueError" in text and "KeyError" in text    # the traceback is still there
    for p in ("13812345678", "110101199003071234", "张三"):
        assert p not in text, p
    assert "[手机号]" in text


def test_the_formatter_of_another_handler_sees_the_masked_traceback(tmp_path):
    from windoweval.privacy import MaskingFilter

    lg = logging.getLogger("windoweval.test_hostile42")
    h = logging.FileHandler(tmp_path / "x.log", encoding="utf-8")
    h.addFilter(MaskingFilter())
    lg.addHandler(h)
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            lg.exception(SECRET)
    finally:
        lg.removeHandler(h)
        h.close()
    text = (tmp_path / "x.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "13812345678" not in text
