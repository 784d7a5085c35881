"""What a harsh scan of the OCSC plan read wrong in its KPI and budget tables, written
into its text export line by line, and read back as a scan (issue 26): a bullet lost,
a weight word and a sub-number misread, unit names run into a misread parent office, a
unit's letter misread, the amount header's first letter lost."""

from __future__ import annotations

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts
from thaiplan.extract import process
from thaiplan.extract.context.reading import Reading
from thaiplan.extract.model import Block, Document, Provenance
from thaiplan.normalize.units import UnitRegistry

NAME = "plan2565_ocsc.txt"


def _edited(tmp_path, edits: dict[int, tuple[str, str]]):
    """The plan's text export with line N's `old` replaced by `new` (N as the datasets count)."""
    lines = (TEXT / NAME).read_text(encoding="utf-8").split("\n")
    for number, (old, new) in edits.items():
        assert old in lines[number - 1], (number, old)
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path = tmp_path / NAME
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _one(result, dataset: str, line: int) -> dict:
    (row,) = rows_at(result, dataset, line)
    return row


def test_a_listed_indicator_whose_bullet_ocr_lost_follows_the_target_note_before_it(
    tmp_path, units
):
    """The scan read the mission list's second `- ร้อยละ…` without its dash, on the line
    right after the first item's `(ค่าเป้าหมาย ร้อยละ 100)`: that note closed the first
    item, so the line opens the second; both keep their target."""
    path = _edited(tmp_path, {345: ("- ร้อยละ", "ร้อยละ")})
    result = process.process_file(path, NAME, units)
    first, second = _one(result, "kpis", 343), _one(result, "kpis", 345)
    assert [(r["kpi_set"], r["target_value"], r["target_unit"]) for r in (first, second)] == [
        ("mission", 100.0, "percent")
    ] * 2
    assert first["name"].endswith("(เครือข่าย STRONG)")
    assert second["name"].startswith("ร้อยละความสำเร็จในการจัดทำสื่อ")


def test_a_component_table_as_the_scan_read_it(tmp_path, units, as_scanned):
    """The scan read ค่าน้ำหนัก as ค่าน้าหนัก (ำ as า), 5.1 as `51` and a speck after a
    measure's `(ผลผลิต)` as a dot: the weight is still the note's, the number the one the
    next row (5.2) runs on from, and the dot no part of the name."""
    original = process.process_file(TEXT / NAME, NAME, units)
    path = _edited(
        tmp_path,
        {
            591: ("ค่าน้ำหนัก", "ค่าน้าหนัก"),
            596: ("5.1 ", "51 "),
            462: ("(ผลผลิต)", "(ผลผลิต) ."),
        },
    )
    result = process.process_file(path, NAME, units)
    weighted = _one(result, "kpis", 591)
    assert (weighted["weight_pct"], weighted["name"]) == (10.0, _one(original, "kpis", 591)["name"])
    assert _one(result, "kpis", 596)["seq"] == "5.1"
    assert _one(result, "kpis", 462)["name"] == _one(original, "kpis", 462)["name"]


def test_a_lost_point_is_mended_only_on_a_scan(tmp_path, units):
    """A text layer prints what it prints: `51` there stays 51."""
    path = _edited(tmp_path, {596: ("5.1 ", "51 ")})
    assert _one(process.process_file(path, NAME, units), "kpis", 596)["seq"] == "51"


def test_units_the_scan_misread_or_cut_are_the_ones_the_plan_and_registry_name(
    tmp_path, units, as_scanned
):
    """The scan ran units into a misread parent office (`…ข้าราชการสำนักงาน ก.ุก.`, no
    space left to tell them apart), cut a project cell's last line with its bracket's
    close, and misread a letter of two units (`ราชกาว์`, `คุณจรรม`): each is the unit its
    text layer names."""
    original = process.process_file(TEXT / NAME, NAME, units)
    path = _edited(
        tmp_path,
        {
            459: ("ข้าราชการ สำนักงาน ก.ก.", "ข้าราชการสำนักงาน ก.ุก."),
            574: ("จริยธรรมสำนักงาน ก.ก.)", "จริยธรรมสำนักงานก.ุก.)"),
            486: ("(กองสรรหาบุคคล สำนักงาน ก.ก.)", "(กองสรรหาบุคคลสำนักงาน"),
            415: ("ราชการ-", "ราชกาว์-"),
            437: ("กองพิทักษ์-ระบบคุณธรรม", "กองพิทักษ์ระบบคุณจรรม"),
        },
    )
    result = process.process_file(path, NAME, units)
    for dataset, line in [
        ("kpis", 459),
        ("kpis", 574),
        ("kpis", 486),
        ("budget_items", 415),
        ("budget_items", 437),
    ]:
        unit = _one(result, dataset, line)["responsible_unit"]
        assert unit == _one(original, dataset, line)["responsible_unit"], (dataset, line)
    assert _one(original, "kpis", 574)["responsible_unit"] == "กองทุนและเสริมสร้างจริยธรรม"


def test_a_misread_unit_near_two_known_names_is_kept_as_read():
    """`กองคลาง` is a mark from กองคลัง and a letter from กองกลาง: two fits, so neither."""
    prov = Provenance("plan.pdf", page=1)
    names = ["กองคลัง มีหน้าที่", "กองกลาง มีหน้าที่"]
    blocks = [Block("paragraph", prov, text=line) for line in names]
    doc = Document("plan.pdf", "0", "pdf", blocks)
    doc.text_source = "ocr"
    reading = Reading.of(doc, UnitRegistry.load(), None, None)
    assert {"กองคลัง", "กองกลาง"} <= reading.spelled_units
    assert reading.unit("กองคลาง") == "กองคลาง"
    assert [d.code for d in reading.diagnostics] == ["ambiguous_unit"]
    assert reading.unit("กองคลัง") == "กองคลัง"


def test_a_budget_table_whose_amount_header_lost_its_first_letter(tmp_path, units, as_scanned):
    """The scan read a mission table's งบประมาณ header as `NU ประมาณ` (no keyword match
    guesses a first letter): every other column is the plan's other budget tables', so
    it is their amount column, and its project is read."""
    path = _edited(tmp_path, {305: ("\tงบประมาณ\t", "\tNU ประมาณ\t")})
    row = _one(process.process_file(path, NAME, units), "budget_items", 306)
    assert (row["budget_table"], row["section"], row["amount"]) == ("mission", "detail", 192000)


def test_a_header_is_not_borrowed_in_a_text_layer(tmp_path, units):
    path = _edited(tmp_path, {305: ("\tงบประมาณ\t", "\tNU ประมาณ\t")})
    assert rows_at(process.process_file(path, NAME, units), "budget_items", 306) == []
    assert as_dicts(process.process_file(path, NAME, units))["budget_items"]
