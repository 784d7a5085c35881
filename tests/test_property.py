"""Generated text exports through the reader and every recogniser: no exception escapes
process_file except UnreadableFile (which the batch turns into a diagnostic), and the
rows always fit their schemas."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.rows import as_dicts
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.process import process_file
from thaiplan.output.writer import file_tables

WORDS = [
    "แผนปฏิบัติราชการ",
    "โครงการ",
    "กิจกรรม",
    "ตัวชี้วัด",
    "ค่าเป้าหมาย",
    "ร้อยละ",
    "ระดับ",
    "ฉบับ",
    "ครั้ง",
    "งบประมาณ",
    "บาท",
    "ไม่ใช้งบประมาณ",
    "ผลการดำเนินงาน",
    "หน่วยงานรับผิดชอบ",
    "กองสรรหาฯ",
    "สกก.",
    "สำนักงาน ก.ก.",
    "ผลผลิต",
    "ผลลัพธ์",
    "ค่าน้ำหนัก",
    "รวม",
    "ขั้นตอน",
    "เป็นไปตามแผน",
    "บรรลุเป้าหมาย",
    "ไตรมาสที่",
    "-",
    "*",
    "✓",
]
HEADINGS = [
    "ด้านที่",
    "มิติที่",
    "เป้าหมาย",
    "เป้าประสงค์ที่",
    "มาตรการที่",
    "ยุทธศาสตร์ที่",
    "ตัวชี้วัดที่",
    "ภารกิจที่",
    "ตาราง ก",
    "องค์ประกอบที่",
    "รายงานครั้งที่",
    "ปีงบประมาณ พ.ศ.",
    "แผนปฏิบัติการประจำปี พ.ศ.",
    "สรุปโครงการ/กิจกรรมและงบประมาณ",
    "รวมงบประมาณทั้งสิ้น",
    "ระดับความสำเร็จ",
    "เกณฑ์การให้คะแนน",
]
MONTHS = [
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
]
MARKUP = [
    "<b>",
    "</b>",
    "<br/>",
    "<td>",
    "</td>",
    "<span style='x'>",
    "**",
    "# ",
    "|",
    "---",
    "&nbsp;",
    "↔",
    "←",
    "→",
]

numbers = st.one_of(
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.integers(2540, 2570).map(str),
    st.integers(1, 12).map(lambda n: f"{n}.{n % 3 + 1}"),
    st.decimals(0, 10**7, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:,}"),
    st.integers(0, 999).map(lambda n: str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))),
    st.integers(1, 28).map(lambda d: f"{d}/10/2562"),
)
pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(HEADINGS),
    st.sampled_from(MONTHS),
    st.sampled_from(MARKUP),
    numbers,
    st.text(max_size=6),
)
cells = st.lists(pieces, min_size=0, max_size=4).map(" ".join)
lines = st.one_of(
    cells,
    st.lists(cells, min_size=2, max_size=8).map("\t".join),  # a tab-separated table row
    st.lists(cells, min_size=2, max_size=6).map(lambda c: "| " + " | ".join(c) + " |"),
    st.tuples(st.sampled_from(HEADINGS), numbers, cells).map(" ".join),
)
exports = st.tuples(st.lists(lines, max_size=40), st.sampled_from(["\n", "\r\n"]), st.booleans())


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("property")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports)
def test_no_exception_escapes_and_rows_fit(export, workdir, units):
    body, newline, legacy = export
    text = newline.join(body)
    data = text.encode("utf-8")
    if legacy:  # the same text as a TIS-620/cp874 export, where it can be written so
        with contextlib.suppress(UnicodeEncodeError):
            data = text.encode("cp874")
    path = workdir / "generated.txt"
    path.write_bytes(data)
    try:
        result = process_file(path, "generated.txt", units)
    except UnreadableFile as exc:
        assert exc.code and exc.message
        return
    tables = file_tables(result.records)  # raises SchemaError if a row does not fit
    assert tables["documents"]
    for row in as_dicts(result)["diagnostics"]:
        assert row["severity"] in {"error", "warning", "info"} and row["code"] and row["message"]
