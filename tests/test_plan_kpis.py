"""kpis and kpi_targets on the two real plans: sets, codes, targets, units."""

from collections import Counter

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts


def kpi(result, line):
    (row,) = rows_at(result, "kpis", line)
    return row


def test_sets_of_every_indicator(processed):
    sets = Counter(
        r["kpi_set"]
        for stem in ("plan2565_ocsc", "plan2562_secretariat")
        for r in as_dicts(processed(stem))["kpis"]
    )
    assert sets == {
        "headline": 2,
        "negotiated": 8,
        "mission": 16,
        "objective": 12,
        "measure": 24,
        "component": 14,
    }


def test_listed_indicators_take_their_target_from_the_note(processed):
    plan = processed("plan2565_ocsc")
    row = kpi(plan, 299)  # ….(ค่าเป้าหมาย..จำนวน 1..ฉบับ)
    assert (
        row["kpi_set"],
        row["seq"],
        row["target_text"],
        row["target_value"],
        row["target_unit"],
    ) == ("mission", None, "จำนวน 1 ฉบับ", 1.0, "count")
    assert row["name"] == "แผนยุทธศาสตร์การบริหารทรัพยากรบุคคลของกรุงเทพมหานคร (พ.ศ. 2566 – 2570)"
    wrapped = kpi(plan, 323)  # the indicator and its target wrap over three lines
    assert wrapped["name"].endswith("ไม่น้อยกว่าระดับ A (85.00 คะแนน)")
    assert wrapped["target_text"] == "ระดับ 5" and wrapped["objective_code"] is None
    first = kpi(plan, 220)
    assert (first["kpi_set"], first["seq"], first["target_unit"]) == ("negotiated", "1", "level")


def test_codes_in_force_where_the_table_stands(processed):
    plan = processed("plan2565_ocsc")
    row = kpi(plan, 262)
    assert (
        row["kpi_set"],
        row["pillar_code"],
        row["dimension_code"],
        row["goal_code"],
        row["objective_code"],
        row["measure_no"],
    ) == ("measure", "7", "7.1", "7.1.1", "7.1.1.1", "1")
    assert kpi(plan, 483)["objective_code"] is None  # only เป้าหมาย 7.1.2 is in force there
    assert kpi(plan, 459)["responsible_unit"] == "กองทะเบียนประวัติข้าราชการ"  # parent agency dropped


def test_measure_tables(processed):
    plan = processed("plan2565_ocsc")
    row = kpi(plan, 462)
    assert (row["kpi_set"], row["result_type"], row["target_text"]) == (
        "measure",
        "output",
        "ระดับ 5",
    )
    assert row["name"] == "ระดับความสำเร็จของการพัฒนาระบบสารสนเทศทรัพยากรบุคคลของกรุงเทพมหานคร"
    assert kpi(plan, 551)["target_text"] is None  # no target table right above it
    plan2562 = processed("plan2562_secretariat")
    assert (kpi(plan2562, 406)["seq"], kpi(plan2562, 406)["measure_no"]) == ("1", "2")
    assert kpi(plan2562, 479)["measure_no"] == "1"  # from the เชื่อมโยงกับมาตรการ column


def test_components_weights_and_group_heads(processed):
    plan = processed("plan2565_ocsc")
    assert (kpi(plan, 596)["seq"], kpi(plan, 596)["weight_pct"]) == ("5.1", 10.0)
    assert kpi(plan, 596)["responsible_unit"] == "กองบริหารทั่วไป"
    plan2562 = processed("plan2562_secretariat")
    head = kpi(plan2562, 501)
    assert head["seq"] == "1" and head["name"].startswith("ร้อยละความสำเร็จของการก่องหน้ผูกพัน")
    assert kpi(plan2562, 518)["seq"] == "10"
    assert kpi(plan2562, 511)["responsible_unit"] is None  # names two units


def test_multi_year_targets(processed):
    plan = processed("plan2565_ocsc")
    targets = as_dicts(plan)["kpi_targets"]
    assert len(targets) == 12
    row = kpi(plan, 274)
    by_year = {
        t["year_be"]: (t["target_text"], t["target_value"])
        for t in targets
        if t["kpi_id"] == row["kpi_id"]
    }
    assert by_year == {2563: ("ร้อยละ 40", 40.0), 2564: (None, None), 2565: ("ร้อยละ 80", 80.0)}
    assert row["target_value"] == 80.0  # the plan's own year


def test_kpi_ids_are_unique_and_stable(processed, units):
    from tests.conftest import TEXT
    from thaiplan.extract.process import process_file

    first = [r["kpi_id"] for r in as_dicts(processed("plan2565_ocsc"))["kpis"]]
    again = [
        r["kpi_id"]
        for r in as_dicts(process_file(TEXT / "plan2565_ocsc.txt", "plan2565_ocsc.txt", units))[
            "kpis"
        ]
    ]
    assert first == again and len(set(first)) == len(first)


def test_indicators_read_as_ocr_writes_their_headings(tmp_path, units):
    """OCR joins `๒.` to its word, reads ตัวชี้วัดมาตรการ as ตัวขี้วัดมาตรการ and the ตัวชี้วัด
    header as `9/ ๑ AY ตวชวด` (its marks as words); every indicator keeps its set."""
    from thaiplan.extract.process import process_file

    lines = (TEXT / "plan2562_secretariat.txt").read_text(encoding="utf-8").splitlines()
    assert lines[218].startswith("๒. ความสำเร็จ") and lines[242] == "ตัวชี้วัดมาตรการ"
    assert lines[236] == lines[244] == "ลำดับที่\tตัวชี้วัด\tค่าเป้าหมาย"
    lines[218] = lines[218].replace("๒. ", "๒.")
    lines[242] = "ตัวขี้วัดมาตรการ"
    lines[236] = "ลำดับที่\t9/ ๑ AY ตวชวด\tค่าเป้าหมาย"
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    read = process_file(path, path.name, units)
    original = process_file(TEXT / "plan2562_secretariat.txt", "plan2562_secretariat.txt", units)

    def sets(result, first, last):
        return [
            (r["line"], r["kpi_set"], r["seq"], r["target_value"])
            for r in as_dicts(result)["kpis"]
            if first <= r["line"] <= last
        ]

    assert sets(read, 217, 246) == sets(original, 217, 246)
    assert [s[:3] for s in sets(read, 217, 246)] == [
        (217, "headline", "1"),
        (219, "headline", "2"),
        (238, "objective", "1"),
        (246, "measure", "1"),
    ]


def test_a_unit_whose_unit_word_lost_its_mark_is_the_one_the_document_spells(tmp_path, units):
    """OCR reads (ฝ่ายการคลัง) in one project cell as (ฝายการคลัง); the plan spells the unit
    elsewhere, so the indicator keeps its responsible unit."""
    from thaiplan.extract.process import process_file

    lines = (TEXT / "plan2562_secretariat.txt").read_text(encoding="utf-8").splitlines()
    assert lines[503].endswith("(ฝ่ายการคลัง)")
    lines[503] = lines[503].replace("(ฝ่ายการคลัง)", "(ฝายการคลัง)")
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    (row,) = rows_at(process_file(path, path.name, units), "kpis", 504)
    assert (row["responsible_unit"], row["responsible_unit_raw"]) == ("ฝ่ายการคลัง", "ฝายการคลัง")


def test_a_listed_indicator_ocr_lost_its_point_or_split_keeps_its_place(tmp_path, units):
    """A scan of the OCSC plan read `3 ระดับ…` (the point lost) and set a gap inside item 2
    before its target note: items 3 of both lists and the rest of the second were lost.
    The list's numbering says `3` follows `2`; an item short of the target note its list's
    items close with goes on past a gap."""
    from thaiplan.extract.process import process_file

    name = "plan2565_ocsc.txt"
    lines = (TEXT / name).read_text(encoding="utf-8").splitlines()
    assert lines[220].startswith("2. ") and lines[221].startswith("3. ")
    assert lines[227].startswith("3. ") and lines[229].startswith("5. ")
    split = lines[220].index(" (BMA")
    lines[220:221] = [lines[220][:split], "", lines[220][split + 1 :]]  # a gap in item 2
    lines[222] = lines[222].replace("3. ", "3 ", 1)
    lines[228] = lines[228].replace("3. ", "3 ", 1)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")

    def listed(result):
        return [
            (r["kpi_set"], r["seq"], r["name"], r["target_value"])
            for r in as_dicts(result)["kpis"]
            if r["kpi_set"] in ("negotiated", "mission") and r["line"] < 240
        ]

    read, original = process_file(path, name, units), process_file(TEXT / name, name, units)
    assert len(listed(original)) == 11
    assert listed(read) == listed(original)


def test_a_scans_lost_numbers_and_cut_target_word_are_mended(tmp_path, units, scanning):
    """Scans of the plan lost the lone `1` of each one-row KPI table right under its set's
    heading, and read the target `ระดับ 5` as `ะดับ 5`: the group opens at 1, and no Thai
    word opens with a vowel sign, so the cut word is the one target word it ends."""
    from thaiplan.extract import process

    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    for number in (250, 262, 274):
        assert lines[number - 1].startswith("1\t")
        lines[number - 1] = lines[number - 1][1:]
    assert lines[282].endswith("\tระดับ 5")
    lines[282] = lines[282][: -len("ระดับ 5")] + "ะดับ 5"
    path = tmp_path / "plan2565_ocsc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    exported = process.process_file(path, path.name, units)
    assert [kpi(exported, line)["seq"] for line in (250, 262, 274)] == [None] * 3  # printed blank

    scanning()
    scanned = process.process_file(path, path.name, units)
    assert [kpi(scanned, line)["seq"] for line in (250, 262, 274)] == ["1"] * 3
    assert (kpi(scanned, 283)["target_value"], kpi(scanned, 283)["target_unit"]) == (5.0, "level")
    targets = {r["year_be"]: r for r in rows_at(scanned, "kpi_targets", 283)}
    assert (targets[2565]["target_value"], targets[2565]["target_unit"]) == (5.0, "level")


def test_a_list_number_ocr_misread_is_the_one_between_its_neighbours(tmp_path, units):
    """A scan read item ๗ of the mission list as `‘2`: item 6 before it and item 8 after
    it decide that it is 7."""
    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    assert lines[231].startswith("7. ")
    lines[231] = "‘2 " + lines[231][3:]
    path = tmp_path / "plan2565_ocsc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    from thaiplan.extract.process import process_file

    result = process_file(path, path.name, units)
    (row,) = rows_at(result, "kpis", 232)
    assert (row["seq"], row["kpi_set"], row["target_value"]) == ("7", "mission", 80.0)
    assert row["name"].startswith("ร้อยละความพึงพอใจ")
    assert kpi(result, 231)["name"].endswith("บุคลากรในองค์กร")  # item 6 does not run on


def test_an_evaluation_table_whose_letter_ocr_read_as_latin_still_names_its_set(tmp_path, units):
    """A scan read `ตาราง ก.` as `ตาราง A.`: its indicators are still the negotiated ones."""
    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    assert lines[446].startswith("ตาราง ก. ")
    lines[446] = "ตาราง A. " + lines[446][len("ตาราง ก. ") :]
    path = tmp_path / "plan2565_ocsc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    from thaiplan.extract.process import process_file

    result = process_file(path, path.name, units)
    assert [kpi(result, line)["kpi_set"] for line in (459, 483, 531)] == ["negotiated"] * 3


def test_dot_leaders_ocr_read_as_ones_leave_the_target_note(tmp_path, units):
    """A scan read the dot leaders before `(ค่าเป้าหมาย …)` as ๑๑๑๑๑, inside and outside
    the bracket: the note is still the target, and the ones are no part of the name."""
    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    assert "องค์กร.....(ค่าเป้าหมาย" in lines[362] and "การทำงาน.....(ค่า" in lines[363]
    lines[362] = lines[362].replace("องค์กร.....(ค่า", "องค์กร.....(๑๑๑๑๑ ค่า")
    lines[363] = lines[363].replace("การทำงาน.....(ค่า", "การทำงาน ๑๑๑๑๑(ค่า")
    path = tmp_path / "plan2565_ocsc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    from thaiplan.extract.process import process_file

    result = process_file(path, path.name, units)
    assert [
        (kpi(result, n)["target_value"], kpi(result, n)["target_unit"]) for n in (363, 364)
    ] == [
        (1.0, "count"),
        (80.0, "percent"),
    ]
    assert kpi(result, 364)["name"].endswith("เวลาการทำงาน")
