from pathlib import Path

import pytest

from tests.conftest import TEXT
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.readers.text import read_text


def read(name: str):
    return read_text(TEXT / name, name)


def table_at(doc, line: int):
    return next(
        b for b in doc.blocks if b.kind == "table" and any(r.prov.line == line for r in b.rows)
    )


def test_tab_table_rows_keep_their_line_numbers():
    doc = read("plan2565_ocsc.txt")
    table = table_at(doc, 383)
    assert [r.prov.line for r in table.rows] == [382, 383, 384, 385, 386, 387]
    assert table.rows[1].values()[:3] == [
        "1",
        "โครงการพัฒนาระบบบริหารทรัพยากรบุคคลของ กรุงเทพมหานคร",
        "11,125,900",
    ]


def test_markdown_separator_row_is_dropped_and_pipe_table_read():
    doc = read("minutes_2564_01.txt")
    table = table_at(doc, 12)
    assert table.rows[0].prov.line == 12
    assert table.rows[1].values()[1] == "นางสาวธนพร แดงจิว ผู้ช่วยปลัดกรุงเทพมหานคร แทนปลัดกรุงเทพมหานคร"


def test_tab_separator_row_is_dropped():
    doc = read("plan2562_secretariat.txt")
    assert all(
        not set(r.values()[0]) <= {"-"}
        for b in doc.blocks
        if b.kind == "table"
        for r in b.rows
        if r.values()[0]
    )


def test_html_in_cells_becomes_plain_text():
    doc = read("plan2565_ocsc.txt")
    row = next(r for r in table_at(doc, 465).rows if r.prov.line == 465)
    assert "<p>" not in row.values()[2] and row.values()[2].startswith("วิธีคำนวณ")


def test_bold_title_over_two_lines_is_a_heading_and_footnote_stars_stay():
    doc = read("plan2565_ocsc.txt")
    by_line = {b.prov.line: b for b in doc.blocks if b.kind != "table"}
    assert by_line[235].kind == "heading" and by_line[236].kind == "heading"
    assert not by_line[235].text.startswith("*")
    assert by_line[404].text.startswith("**โครงการที่ไม่ได้รับการจัดสรรงบประมาณ")
    assert by_line[404].kind == "paragraph"


def test_blank_line_marks_a_new_paragraph():
    doc = read("plan2565_ocsc.txt")
    by_line = {b.prov.line: b for b in doc.blocks if b.kind != "table"}
    assert by_line[323].starts_paragraph is False  # ภารกิจที่ 3 heading is right above
    assert by_line[324].starts_paragraph is False
    assert by_line[327].starts_paragraph is True


def test_legacy_thai_encoding_is_decoded(tmp_path: Path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("แผนปฏิบัติการประจำปี พ.ศ. 2565\nลำดับที่\tตัวชี้วัด\n".encode("cp874"))
    doc = read_text(path, "legacy.txt")
    assert doc.blocks[0].text == "แผนปฏิบัติการประจำปี พ.ศ. 2565"
    assert doc.blocks[1].rows[0].values() == ["ลำดับที่", "ตัวชี้วัด"]


def test_binary_data_is_refused_with_a_clear_error(tmp_path: Path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableFile) as caught:
        read_text(path, "image.txt")
    assert caught.value.code == "unreadable_file"
    assert "image.txt is not a text export" in caught.value.message
