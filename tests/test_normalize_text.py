"""normalize.text and normalize.digits on the examples of NORMALIZATION.md."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thaiplan.normalize.digits import thai_to_arabic
from thaiplan.normalize.text import (
    clean_text,
    compact_key,
    join_linebreak_hyphens,
    split_footnote_mark,
    split_measure_ref,
    strip_markup,
)


def test_thai_digits_become_arabic() -> None:
    assert thai_to_arabic("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert thai_to_arabic("ครั้งที่ ๑/๒๕๖๔") == "ครั้งที่ 1/2564"


@pytest.mark.parametrize(
    ("wrapped", "joined"),
    [
        ("กองพัฒนาระบบราชการ-กรุงเทพมหานคร", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        ("ข้าราชการ- กรุงเทพมหานคร", "ข้าราชการกรุงเทพมหานคร"),
        ("เลขานุการ-ปลัด", "เลขานุการปลัด"),
        ("กองพิทักษ์-ระบบคุณธรรม", "กองพิทักษ์ระบบคุณธรรม"),
        ("การบริหารจัดการเมือง-\n มหานคร", "การบริหารจัดการเมืองมหานคร"),
    ],
)
def test_linebreak_hyphen_between_thai_letters_is_joined(wrapped: str, joined: str) -> None:
    assert join_linebreak_hyphens(wrapped) == joined


@pytest.mark.parametrize(
    "kept",
    [
        "2566 - 2570",
        "2561 – 2565",
        "(พ.ศ. 2566 - 2570)",
        "(พ.ศ. ๒๕๖๑ - ๒๕๖๕)",
        "- ความสำเร็จในการพัฒนาเครือข่ายธรรมาภิบาล",
        "ตัวชี้วัดภารกิจสำคัญของหน่วยงาน\n- ความสำเร็จในการพัฒนา",
        "มิติที่ ๗.๓ - การบริหารทรัพยากรบุคคล",
        "กองพัฒนาระบบฯ - กองวินัยฯ",
        "การจัดทางเข้า - ออก คนละเส้นทาง",
        "ตัวชี้วัด -ความสำเร็จ",
    ],
)
def test_dashes_that_are_not_wraps_are_kept(kept: str) -> None:
    assert join_linebreak_hyphens(kept) == kept


def test_clean_text_spacing_and_invisible_characters() -> None:
    assert clean_text("\ufeffกองทะเบียนประวัติ\u00a0\u00a0ข้าราชการ\u200b\u200d ") == (
        "กองทะเบียนประวัติ ข้าราชการ"
    )
    assert clean_text("ส่วนเลขานุการและ\n\tศูนย์เรื่องราวร้องทุกข์") == ("ส่วนเลขานุการและ ศูนย์เรื่องราวร้องทุกข์")


def test_clean_text_keeps_digits_and_ranges() -> None:
    assert clean_text("๑๔,๗๐๐,๐๐๐.-") == "๑๔,๗๐๐,๐๐๐.-"
    assert clean_text("(พ.ศ. 2561 – 2565)") == "(พ.ศ. 2561 – 2565)"


def test_clean_text_joins_wraps_then_collapses_space() -> None:
    assert clean_text("สำนักงาน เลขานุการ-ปลัด กรุงเทพมหานคร") == ("สำนักงาน เลขานุการปลัด กรุงเทพมหานคร")


def test_clean_text_canonicalises_thai_mark_order() -> None:
    # pythainlp.util.normalize: nikhahit + tone + sara aa is the same glyph as tone + sara am
    assert clean_text("น\u0e4d\u0e49\u0e32") == "น\u0e49\u0e33"
    # the OCR-style misspelling of a word is kept as written
    assert clean_text("อค์ศึภย") == "อค์ศึภย"


def test_compact_key_matches_summary_and_detail_names() -> None:
    summary = "โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับ บุคคลในรูปแบบอิเล็กทรอนิกส์*"
    detail = "2. โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับบุคคลในรูปแบบอิเล็กทรอนิกส์*"
    assert compact_key(summary) == compact_key(detail.removeprefix("2. "))
    assert compact_key("โครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร (๓)") == (
        compact_key("โครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของกรุงเทพมหานคร")
    )
    assert compact_key("กิจกรรมพัฒนารูปแบบและเวลาการทำงาน**") == ("กิจกรรมพัฒนารูปแบบและเวลาการทำงาน")


def test_compact_key_keeps_a_bracket_that_is_not_a_measure_ref() -> None:
    assert compact_key("แผนยุทธศาสตร์ (พ.ศ. ๒๕๖๖ - ๒๕๗๐)") == "แผนยุทธศาสตร์(พ.ศ.2566-2570)"


def test_split_measure_ref_and_footnote_mark() -> None:
    assert split_measure_ref("โครงการฝึกอบรมการป้องกันอัคคีภัย (๔)") == (
        "โครงการฝึกอบรมการป้องกันอัคคีภัย",
        "4",
    )
    assert split_measure_ref("กองอัตรากำลัง") == ("กองอัตรากำลัง", None)
    assert split_footnote_mark("โครงการจ้างเหมาพัฒนาระบบ สังกัดกรุงเทพมหานคร*") == (
        "โครงการจ้างเหมาพัฒนาระบบ สังกัดกรุงเทพมหานคร",
        "*",
    )


def test_strip_markup_block_tags_become_spaces() -> None:
    cell = (
        "<p>นิยาม</p> <p>การพัฒนาระบบสารสนเทศ</p> <p>ค่าเป้าหมาย</p> <p>ระดับ 5</p>"
        '<ol style="list-style-type: none"> 1. ผลการประเมิน ITA<li>2. รายงาน</li></ol>'
    )
    assert strip_markup(cell) == (
        "นิยาม การพัฒนาระบบสารสนเทศ ค่าเป้าหมาย ระดับ 5 1. ผลการประเมิน ITA 2. รายงาน"
    )
    assert strip_markup("นางสาวธนพร แดงจิว<br>ผู้ช่วยปลัดกรุงเทพมหานคร") == (
        "นางสาวธนพร แดงจิว ผู้ช่วยปลัดกรุงเทพมหานคร"
    )


def test_strip_markup_inline_tags_vanish_and_entities_unescape() -> None:
    assert strip_markup("<p><u>ขั้นตอน พ.ศ. ๒๕๖๒</u></p>") == "ขั้นตอน พ.ศ. ๒๕๖๒"
    assert strip_markup('<span class="x">ก</span><b>ข</b>&amp;&lt;ค&gt;') == "กข&<ค>"


def test_strip_markup_markdown_emphasis_only_when_paired() -> None:
    assert strip_markup("**ผู้ไม่มาประชุม**") == "ผู้ไม่มาประชุม"
    assert strip_markup("*ผลประเมินตัวชี้วัด*") == "ผลประเมินตัวชี้วัด"
    assert strip_markup("**1.2 หน่วยงานที่รับผิดชอบ**") == "1.2 หน่วยงานที่รับผิดชอบ"
    assert strip_markup("(* 2.1 / 2.2 *)") == "(* 2.1 / 2.2 *)"


@pytest.mark.parametrize(
    "footnoted",
    [
        "โครงการพัฒนาระบบประเมินผลการปฏิบัติราชการระดับบุคคลในรูปแบบอิเล็กทรอนิกส์*",
        "กิจกรรมพัฒนารูปแบบและเวลาการทำงาน**",
        "**โครงการที่ไม่ได้รับการจัดสรรงบประมาณ แต่ปรับเปลี่ยนรูปแบบ",
        "* มติที่ประชุมคณะอนุกรรมการ",
        "*** สยป. ตรวจประเมินตัวชี้วัด",
    ],
)
def test_strip_markup_keeps_footnote_marks(footnoted: str) -> None:
    assert strip_markup(footnoted) == footnoted


def test_strip_markup_escaped_stars_are_literal() -> None:
    heading = "**\\*\\* แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ \\*\\***"
    assert strip_markup(heading) == "** แบบแสดงรายงานความก้าวหน้าและข้อมูลเกี่ยวกับโครงการ **"


thai_text = st.text(
    alphabet=st.sampled_from("กขคงาิ่้ำเ ะ-–*()๑๒0123456789.,\u00a0\u200b\n\tABC"), max_size=40
)


@given(thai_text)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\u200b" not in once and "  " not in once and once == once.strip()


@given(thai_text)
def test_compact_key_has_no_spaces_or_marks(text: str) -> None:
    key = compact_key(text)
    assert not any(ch.isspace() for ch in key)
    assert "*" not in key
