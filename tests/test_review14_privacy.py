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
