"""safety22 gave a text bidi controls reorder in the order shown when masking that order found something: the
twenty-eighth audit's hostile report (tests/test_audit28_hostile.py, in the full suite) then leaked seven planted forms
into the review criteria, the promise tables and the annual page — a label and its name parted by the reordering
(``客户 柯明远`` behind an embedding reaching the text's end read ``柯明远 ；客户``), an ID's digits split.  The text is now
given in its stored order; an override's run is read as shown in its place only (``privacy._bidi_masked``)."""
import pandas as pd
import pytest

from windoweval.privacy import mask_text

RLO, PDF, RLE, RLI, PDI = "\u202e", "\u202c", "\u202b", "\u2067", "\u2069"
PAYLOAD = '<img src=x onerror="console.log(1)">'


@pytest.mark.parametrize("text, needle", [
    (f"=WEVCALC(1) {RLE}{PAYLOAD} ；客户 柯明远 来电；2025年度评审材料", "柯明远"),
    (f"=WEVCALC(1) {RLE}{PAYLOAD} ；客户：Qiao Yunfei；2025年度评审材料", "Yunfei"),
    (f"=WEVCALC(1) {RLE}{PAYLOAD} ；客户：{RLI}柏青{PDI}松；2025年度评审材料", "柏青"),
    (f"=WEVCALC(1) {RLO} \"><b x=\" ；客户：{RLI}柏青{PDI}松；", "柏青"),
    (f"=WEVCALC(1) {RLI}{PAYLOAD} ；身份证33010619850612207x；", "33010619850612207"),
])
@pytest.mark.parametrize("n", [1, 300])      # the few-text path and the column path
def test_a_reordered_text_never_parts_a_label_from_its_name(text, needle, n):
    got = mask_text(pd.Series([text] * n), free_text=True).tolist()[0]
    assert needle not in got.replace(" ", ""), got
    assert not any(c in got for c in (RLO, PDF, RLE, RLI, PDI))
