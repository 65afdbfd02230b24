"""A `sheets` entry written as the sheet's tab reads that sheet, brackets and all (the thirteenth round's review)."""
from windoweval.records.mapping import KindMapping, sheet_matches


def test_a_sheet_named_with_brackets_is_read_by_its_own_name_not_another():
    """Every `sheets` entry was an fnmatch glob, so 工单[3月], written exactly as on its tab, was a character class:
    the sheet 工单[3月] was not read (and the entry refused as matching no sheet) while a sheet 工单3 was read in its
    place.  Brackets are part of a name; `*` and `?` stay wildcards."""
    km = KindMapping("work_orders", sheets=["工单[3月]"])
    assert km.reads_sheet("工单[3月]")
    assert not km.reads_sheet("工单3")
    assert KindMapping("work_orders", sheets=["工单*"]).reads_sheet("工单[3月]")
    assert sheet_matches("工单(3月)", "工单?3月?")
