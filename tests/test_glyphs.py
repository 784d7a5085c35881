"""normalize.glyphs: string-level Thai glyph repair, on examples from the corpus PDFs."""

import pytest

from thaiplan.normalize.glyphs import (
    PUA_MAP,
    canonical_marks,
    map_pua,
    rebuild_sara_am,
    remove_space_before_marks,
    reorder_marks,
    repair_thai,
)


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("ได\uf70b", "ได้"),  # PUA_MAP.md rule 1
        ("ต\uf70aอ", "ต่อ"),
        ("เป\uf712น", "เป็น"),  # rule 2, upper vowel after ป
        ("ป\uf702", "ปี"),
        ("เป\uf706าหมาย", "เป้าหมาย"),  # rule 2, low-left tone
        ("ผู\uf70b", "ผู้"),
        ("\uf70fุ", "ญุ"),  # rule 3
        ("ฎ\uf718", "ฎุ"),  # rule 4
        ("ป\uf885", "ปิ"),  # Mac form
    ],
)
def test_map_pua(broken, fixed):
    assert map_pua(broken) == fixed


def test_pua_table_covers_both_ranges():
    assert all(chr(c) in PUA_MAP for c in range(0xF700, 0xF71B))
    assert all(chr(c) in PUA_MAP for c in range(0xF884, 0xF89F))
    assert PUA_MAP["\uf701"] == "\u0e34"  # HarfBuzz, not the tables that say ก


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("สำานักงาน", "สำนักงาน"),
        ("ประจำาปี", "ประจำปี"),
        ("ลาํ", "ลำ"),  # stored after า (budget fonts)
        ("ลํ้า", "ล้ำ"),
        ("ลำ้า", "ล้ำ"),  # nikhahit glyph (read as ำ) before the tone
        ("ก\u200bาร", "กำร"),  # zero-width space glyph standing for nikhahit
        ("น าความ", "นำความ"),
    ],
)
def test_rebuild_sara_am(broken, fixed):
    assert rebuild_sara_am(broken) == fixed


def test_spaces_before_marks():
    assert remove_space_before_marks("ศักดิ ์") == "ศักดิ์"
    assert remove_space_before_marks("ตัวชวี้ ัด") == "ตัวชวี้ัด"
    assert remove_space_before_marks("ก ข") == "ก ข"


def test_canonical_marks_tone_after_vowel():
    assert canonical_marks("ช\u0e48\u0e35") == "ชี่"
    assert canonical_marks("ผ\u0e49\u0e39") == "ผู้"


def test_reorder_marks_with_dictionary():
    assert reorder_marks("ช่อื") == "ชื่อ"
    assert reorder_marks("ขนั้ตอน") == "ขั้นตอน"
    assert reorder_marks("เพ่อื") == "เพื่อ"
    # valid spellings stay
    assert reorder_marks("ไม่ดี") == "ไม่ดี"
    assert reorder_marks("กลั้น") == "กลั้น"


def test_repair_thai_all_together():
    assert repair_thai("สำานักงาน ศักดิ ์  ได\uf70b") == "สำนักงาน ศักดิ์ ได้"
    assert repair_thai("ตัวชวี้ ัด", dictionary=True) == "ตัวชี้วัด"
