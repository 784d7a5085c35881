"""normalize.keywords: structural keywords read through the typos plans are typed with."""

from __future__ import annotations

from thaiplan.extract.context.names import result_type
from thaiplan.extract.context.sections import Section, dimension_code
from thaiplan.normalize.dates import month_number
from thaiplan.normalize.keywords import closest, matches, starts_with


def test_each_kind_of_typo_reads_as_its_keyword():
    assert starts_with("สรุปรโครงการ/กิจกรรม", "สรุปโครงการ") is not None  # a letter doubled
    assert matches("มติ", "มิติ")  # a vowel mark dropped
    assert month_number("มีย") == 6  # a vowel mark mistyped
    assert result_type("จำนวนผู้เข้ารับการอบรม (ผลิต)") == ("output", "จำนวนผู้เข้ารับการอบรม")


def test_other_words_are_not_taken_for_a_keyword():
    assert starts_with("มาตรการที่ 1", "มิติ") is None
    assert starts_with("สรุปผลการดำเนินงาน", "สรุปโครงการ") is None
    assert month_number("ระยะเวลา") is None and month_number("มี") is None
    assert result_type("โครงการ (ผู้รับผิดชอบ)") == (None, "โครงการ (ผู้รับผิดชอบ)")
    assert closest("ผล", ["ผลผลิต", "ผลลัพธ์"]) is None


def test_a_misspelt_heading_moves_the_context():
    assert dimension_code("- มติที่ 2.1 การพัฒนาบุคลากร") == "2.1"
    summary = Section().after("สรุปรโครงการ/กิจกรรม ตามแผนปฏิบัติราชการ")
    assert summary.part == "summary"
