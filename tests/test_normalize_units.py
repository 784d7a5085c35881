"""normalize.units: the registry of NORMALIZATION.md "Organisation names"."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from thaiplan.normalize.units import Resolved, UnitRegistry, name_key, parse_units_tsv

# The table of NORMALIZATION.md, one row per written form.
SPEC_TABLE = [
    ("กองสรรหาฯ", "กองสรรหาบุคคล"),
    ("กองพัฒนาระบบฯ", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
    ("กองพัฒนา ระบบราชการ กรุงเทพมหานคร", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
    ("กองทะเบียนฯ", "กองทะเบียนประวัติข้าราชการ"),
    ("กองทะเบียน- ประวัติข้าราชการ", "กองทะเบียนประวัติข้าราชการ"),
    ("กองวินัยฯ", "กองวินัยและเสริมสร้างจริยธรรม"),
    ("กองพิทักษ์ฯ", "กองพิทักษ์ระบบคุณธรรม"),
    ("กองพิทักษ์-ระบบคุณธรรม", "กองพิทักษ์ระบบคุณธรรม"),
    ("สำนักงาน ก.ก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),
    ("สกก.", "สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร"),
    ("ก.ก.", "คณะกรรมการข้าราชการกรุงเทพมหานครและบุคลากรกรุงเทพมหานคร"),
    ("ก.พ.ค. กรุงเทพมหานคร", "คณะกรรมการพิทักษ์ระบบคุณธรรมกรุงเทพมหานคร"),
    ("สพข.", "สถาบันพัฒนาข้าราชการกรุงเทพมหานคร"),
    ("สนป.", "สำนักปลัดกรุงเทพมหานคร"),
    ("สกจ.สนป.", "สำนักงานการเจ้าหน้าที่ สำนักปลัดกรุงเทพมหานคร"),
    ("สยป.", "สำนักยุทธศาสตร์และประเมินผล"),
    ("สงม.", "สำนักงบประมาณกรุงเทพมหานคร"),
    ("สนค.", "สำนักการคลัง"),
    ("สตน.", "สำนักงานตรวจสอบภายใน"),
    ("สนอ.", "สำนักอนามัย"),
    ("ผตร.", "ผู้ตรวจราชการกรุงเทพมหานคร"),
    ("ป.ป.ช.", "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"),
    ("ก.พ.", "สำนักงานคณะกรรมการข้าราชการพลเรือน"),
    ("กทม.", "กรุงเทพมหานคร"),
]

# Full unit names found in the unit columns of shared/corpus/text.
CORPUS_UNITS = [
    "กองบริหารทั่วไป",
    "กองสรรหาบุคคล",
    "กองอัตรากำลัง",
    "กองทะเบียนประวัติข้าราชการ",
    "กองวินัยและเสริมสร้างจริยธรรม",
    "กองพิทักษ์ระบบคุณธรรม",
    "กองพัฒนาระบบราชการกรุงเทพมหานคร",
    "ส่วนบริหารกลาง",
    "ส่วนเลขานุการ",
    "ฝ่ายการคลัง",
    "ฝ่ายบริหารงานทั่วไป",
    "ศูนย์เรื่องราวร้องทุกข์",
    "สำนักงานเลขานุการปลัดกรุงเทพมหานคร",
]


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return UnitRegistry.load()


def _package_rows() -> list[tuple[str, str]]:
    text = files("thaiplan.normalize").joinpath("data/units.tsv").read_text(encoding="utf-8")
    return parse_units_tsv(text, "units.tsv")


def test_package_file_holds_every_row_of_the_spec_table() -> None:
    rows = _package_rows()
    assert [row for row in SPEC_TABLE if row not in rows] == []


def test_package_file_holds_identity_rows_for_corpus_units() -> None:
    rows = _package_rows()
    assert [name for name in CORPUS_UNITS if (name, name) not in rows] == []


@pytest.mark.parametrize(("written", "full_name"), SPEC_TABLE)
def test_every_written_form_resolves(registry: UnitRegistry, written: str, full_name: str) -> None:
    assert registry.resolve(written) == Resolved(full_name, written, ())


@pytest.mark.parametrize(
    ("written", "full_name"),
    [
        ("กองทะเบียนประวัติ ข้าราชการ", "กองทะเบียนประวัติข้าราชการ"),
        ("กองทะเบียน- ประวัติข้าราชการ", "กองทะเบียนประวัติข้าราชการ"),
        ("กองพัฒนา ระบบราชการ กรุงเทพมหานคร", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        ("กองพัฒนาระบบราชการ- กรุงเทพมหานคร", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        ("กองพัฒนาระบบราชการ-กรุงเทพมหานคร", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        ("กองวินัยและ เสริมสร้างจริยธรรม", "กองวินัยและเสริมสร้างจริยธรรม"),
        ("สำนักงาน เลขานุการ-ปลัด กรุงเทพมหานคร", "สำนักงานเลขานุการปลัดกรุงเทพมหานคร"),
        ("สำนักงาน ป.ป.ช", "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"),
        ("  กองสรรหาฯ\u00a0", "กองสรรหาบุคคล"),
    ],
)
def test_wrapped_and_shortened_names_resolve(
    registry: UnitRegistry, written: str, full_name: str
) -> None:
    assert registry.resolve(written).name == full_name


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("กองทะเบียนประวัติข้าราชการ สำนักงาน ก.ก.", "กองทะเบียนประวัติข้าราชการ"),
        ("กองสรรหาบุคคล สำนักงาน ก.ก.", "กองสรรหาบุคคล"),
        ("กองบริหารทั่วไป สำนักงาน ก.ก.", "กองบริหารทั่วไป"),
        ("กองพัฒนาระบบราชการ กรุงเทพมหานคร สำนักงาน ก.ก.", "กองพัฒนาระบบราชการกรุงเทพมหานคร"),
        ("กองพิทักษ์ระบบคุณธรรมสำนักงาน ก.ก.", "กองพิทักษ์ระบบคุณธรรม"),
        ("กองสรรหาฯ สกก.", "กองสรรหาบุคคล"),
        ("สำนักงานเลขานุการปลัดกรุงเทพมหานคร สำนักปลัดกรุงเทพมหานคร", "สำนักงานเลขานุการปลัดกรุงเทพมหานคร"),
    ],
)
def test_unit_followed_by_parent_keeps_the_unit(
    registry: UnitRegistry, written: str, unit: str
) -> None:
    assert registry.resolve(written).name == unit


def test_units_joined_by_and_resolve_each(registry: UnitRegistry) -> None:
    for written in ("ส่วนเลขานุการและ ศูนย์เรื่องราวร้องทุกข์", "ส่วนเลขานุการและศูนย์เรื่องราวร้องทุกข์"):
        assert registry.resolve(written).name == "ส่วนเลขานุการและศูนย์เรื่องราวร้องทุกข์"


def test_unknown_name_is_kept_as_written(registry: UnitRegistry) -> None:
    # a misspelt unit (กองทุน for กองวินัย) is not guessed at
    assert registry.resolve("กองทุนระบบราชการ  กรุงเทพมหานคร") == Resolved(
        "กองทุนระบบราชการ กรุงเทพมหานคร", "กองทุนระบบราชการ  กรุงเทพมหานคร", ()
    )
    assert registry.resolve("ศูนย์ กทม. ๑๕๕๕").name == "ศูนย์ กทม. 1555"


@pytest.mark.parametrize(
    ("written", "unknown"),
    [
        ("สกม.", ("สกม.",)),
        ("อ.ก.ก. หน่วยงาน", ("อ.ก.ก.",)),
        ("ผตร. และ กต.", ("กต.",)),
        ("กองอัตราฯ", ("กองอัตราฯ",)),
        ("สกม. และ สกม.", ("สกม.",)),
        ("ส่วนเลขาธิการและ ศูนย์เรื่องราวร้องทุกข์", ()),
        ("กลุ่มงานใหม่ สำนักงาน ก.ก.", ()),
        ("คณะอนุกรรมการ ก.พ.ค.", ()),
    ],
)
def test_unknown_abbreviations_are_reported(
    registry: UnitRegistry, written: str, unknown: tuple[str, ...]
) -> None:
    resolved = registry.resolve(written)
    assert resolved.name is not None
    assert resolved.unknown_abbreviations == unknown


@pytest.mark.parametrize("empty", ["", "   ", "-", "–"])
def test_empty_cell_has_no_name(registry: UnitRegistry, empty: str) -> None:
    assert registry.resolve(empty) == Resolved(None, empty, ())


def test_name_key_ignores_spaces_wraps_and_final_dot() -> None:
    assert name_key("กองทะเบียน- ประวัติ ข้าราชการ") == "กองทะเบียนประวัติข้าราชการ"
    assert name_key("ป.ป.ช.") == name_key("ป.ป.ช") == "ป.ป.ช"


def test_user_file_adds_and_overrides_rows(tmp_path: Path) -> None:
    extra = tmp_path / "my_units.tsv"
    extra.write_text(
        "written\tfull_name\nสกม.\tสำนักงบประมาณกรุงเทพมหานคร\n\nกองวินัยฯ\tกองวินัย\n",
        encoding="utf-8",
    )
    registry = UnitRegistry.load(extra)
    assert registry.resolve("สกม.") == Resolved("สำนักงบประมาณกรุงเทพมหานคร", "สกม.", ())
    assert registry.resolve("กองวินัยฯ").name == "กองวินัย"
    assert registry.resolve("กองสรรหาฯ").name == "กองสรรหาบุคคล"
    assert UnitRegistry.load().resolve("สกม.").unknown_abbreviations == ("สกม.",)


def test_malformed_user_file_names_the_line(tmp_path: Path) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text(
        "written\tfull_name\nสกม.\tสำนักงบประมาณกรุงเทพมหานคร\nสยป. สำนักยุทธศาสตร์\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"bad\.tsv:3: expected 2 tab-separated fields") as error:
        UnitRegistry.load(extra)
    assert "สยป. สำนักยุทธศาสตร์" in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("สกม.\tสำนักงบประมาณกรุงเทพมหานคร\n", r"bad\.tsv:1: expected the header"),
        ("", r"bad\.tsv:1: expected the header"),
        ("written\tfull_name\nสกม.\t\n", r"bad\.tsv:2: expected 2 tab-separated fields .* got 1"),
        ("written\tfull_name\nก\tข\tค\n", r"bad\.tsv:2: expected 2 tab-separated fields .* got 3"),
    ],
)
def test_malformed_user_file_messages(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "bad.tsv"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        UnitRegistry.load(extra)


def test_expand_abbreviations_in_free_text(registry: UnitRegistry) -> None:
    text = "ตามที่ สกก. และ สตน. กำหนด"
    assert registry.expand_abbreviations(text) == (
        "ตามที่ สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร และ สำนักงานตรวจสอบภายใน กำหนด"
    )
    assert registry.expand_abbreviations("คำวินิจฉัย ก.พ.ค. กรุงเทพมหานคร") == (
        "คำวินิจฉัย คณะกรรมการพิทักษ์ระบบคุณธรรมกรุงเทพมหานคร"
    )
    assert registry.expand_abbreviations("ของสำนักงาน ป.ป.ช") == (
        "ของสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"
    )
    assert registry.expand_abbreviations("งานของกองสรรหาฯ") == "งานของกองสรรหาบุคคล"


def test_expand_abbreviations_leaves_longer_abbreviations_alone(registry: UnitRegistry) -> None:
    assert registry.expand_abbreviations("ประธาน อ.ก.ก.") == "ประธาน อ.ก.ก."
    assert registry.expand_abbreviations("ปสกก.") == "ปสกก."
    assert registry.expand_abbreviations("ความก้าวหน้าของงานฯ") == "ความก้าวหน้าของงานฯ"


def test_a_long_line_of_units_joined_by_and_resolves_in_linear_time():
    """A cell listing many units joined by และ: every split was tried on both sides
    (16 names took 112 s); the resolver is now linear in the number of names."""
    import time

    registry = UnitRegistry.load()
    written = ["กองสรรหาฯ", "กองทะเบียนฯ", "กองพิทักษ์ฯ", "ส่วนบรรจุและแต่งตั้ง"]
    full = ["กองสรรหาบุคคล", "กองทะเบียนประวัติข้าราชการ", "กองพิทักษ์ระบบคุณธรรม", "ส่วนบรรจุและแต่งตั้ง"]
    names = [written[i % len(written)] for i in range(40)]
    started = time.perf_counter()
    resolved = registry.resolve("และ ".join(names))
    elapsed = time.perf_counter() - started
    assert resolved.name == "และ".join(full[i % len(full)] for i in range(40))
    assert elapsed < 0.5


def test_an_unknown_name_in_a_long_line_leaves_the_line_as_written():
    registry = UnitRegistry.load()
    line = "และ".join(["กองสรรหาฯ"] * 30 + ["กองที่ไม่มีในทะเบียน"])
    assert registry.resolve(line).name == line


def test_a_stem_ocr_misread_by_a_letter_resolves_to_the_registry_form_it_nearly_is(units):
    """A scan of the OCSC plan read กองพัฒนาระบบฯ as กองพัฒนาระบบาฯ and กองพัฒนาะบบๆ (a
    letter extra or lost, ฯ as ๆ); both are the one ฯ form of the registry a letter away.
    A stem two registry forms are equally near stays as written."""
    full = units.resolve("กองพัฒนาระบบฯ").name
    assert full == "กองพัฒนาระบบราชการกรุงเทพมหานคร"
    assert units.resolve("กองพัฒนาระบบาฯ").name == full
    assert units.resolve("กองพัฒนาะบบๆ").name == full
    assert units.resolve("กองพัฒนาระบบงานฯ").name != full
