"""Project results and scoring criteria: project_outcomes and kpi_rubrics."""

from collections import Counter

import pytest

from tests.conftest import TEXT, rows_at
from tests.rows import as_dicts
from thaiplan.extract.process import process_file


def only(result, dataset: str, line: int) -> dict:
    (row,) = rows_at(result, dataset, line)
    return row


def test_prior_year_result_table(processed):
    plan = processed("plan2565_ocsc")
    rows = as_dicts(plan)["project_outcomes"]
    assert len(rows) == 23 and {r["line"] for r in rows} == set(range(161, 174)) | set(
        range(178, 188)
    )
    assert Counter(r["status"] for r in rows) == {"achieved": 19, "not_achieved": 3, "unknown": 1}
    first = only(plan, "project_outcomes", 161)
    assert (
        first["status"],
        first["status_text"],
        first["responsible_unit"],
        first["strategy"],
    ) == ("achieved", "บรรลุเป้าหมาย", "กองสรรหาบุคคล", None)
    assert only(plan, "project_outcomes", 178)["status"] == "unknown"  # no mark in either column
    missed = only(plan, "project_outcomes", 186)
    assert (missed["status"], missed["status_text"]) == ("not_achieved", "ไม่บรรลุเป้าหมาย")
    assert missed["note"].startswith("ผลการเบิกจ่าย ณ 30 ก.ย. 64 คิดเป็นร้อยละ 82.66")
    assert only(plan, "project_outcomes", 183)["project_name"].endswith("กรุงเทพมหานครฯ")


def test_minutes_outcome_tables(processed):
    minutes = processed("minutes_2564_01")
    rows = as_dicts(minutes)["project_outcomes"]
    assert len(rows) == 31
    assert Counter(r["strategy"] for r in rows) == {"1": 6, "2": 3, "3": 8, "4": 9, "5": 5}
    assert Counter(r["status"] for r in rows) == {"completed": 19, "in_progress": 10, "not_done": 2}
    done = only(minutes, "project_outcomes", 206)
    assert (done["status"], done["status_text"], done["responsible_unit"]) == (
        "completed",
        "แล้วเสร็จ",
        None,
    )
    assert done["note"].startswith("ได้สมรรถนะผู้บริหารกรุงเทพมหานคร จำนวน 7 สมรรถนะ")
    assert (
        only(minutes, "project_outcomes", 221)["status"],
        only(minutes, "project_outcomes", 221)["strategy"],
    ) == ("not_done", "2")
    assert only(minutes, "project_outcomes", 241)["strategy"] == "3"  # ยุทธศาสตร์ที่ ๓ (ต่อ)
    assert only(minutes, "project_outcomes", 275)["status"] == "completed"  # <b>แล้วเสร็จ :</b>
    assert not [r for r in rows if r["line"] > 278]  # the proposal tables are no outcome tables


def test_rubrics_of_the_plan(processed):
    plan = processed("plan2565_ocsc")
    rows = as_dicts(plan)["kpi_rubrics"]
    assert [r["line"] for r in rows] == [
        470,
        471,
        472,
        473,
        474,
        515,
        516,
        517,
        518,
        522,
        542,
        543,
        544,
        545,
        546,
    ]
    assert [(r["level"], r["criterion_pct"], r["points"]) for r in rows[:5]] == [
        (5, 100.0, 20.0),
        (4, 80.0, 18.0),
        (3, 60.0, 16.0),
        (2, 40.0, 14.0),
        (1, 20.0, 12.0),
    ]
    assert (
        only(plan, "kpi_rubrics", 543)["criterion_pct"],
        only(plan, "kpi_rubrics", 546)["points"],
    ) == (90.0, 3.0)
    assert rows[0]["kpi_name"] == "ระดับความสำเร็จของการพัฒนาระบบสารสนเทศทรัพยากรบุคคลของกรุงเทพมหานคร"
    continued = only(plan, "kpi_rubrics", 518)  # level 2 goes on in the next table part (521)
    assert continued["description"].startswith("ดำเนินการตามแนวทางการดูแลและพัฒนา")
    assert "5) ติดตามประเมินผลความสามารถในการปรับตัว" in continued["description"]
    assert rows[5]["kpi_name"].startswith(
        "ระดับความสำเร็จของการดูแลและพัฒนา"
    )  # the heading's own wording


def test_rubrics_join_the_indicator_above(processed):
    plan = processed("plan2565_ocsc")
    kpis = {r["kpi_id"]: r for r in as_dicts(plan)["kpis"]}
    joined = {
        r["line"]: kpis[r["kpi_id"]] for r in as_dicts(plan)["kpi_rubrics"] if r["kpi_id"] in kpis
    }
    assert len(joined) == 15
    assert (joined[470]["line"], joined[470]["kpi_set"]) == (
        462,
        "measure",
    )  # the nearest same-named above
    assert (joined[542]["line"], joined[542]["kpi_set"]) == (534, "measure")


def test_rubric_without_heading_is_reported(tmp_path, units):
    path = tmp_path / "plan.txt"
    path.write_text(
        "แผนปฏิบัติการประจำปี พ.ศ. 2566\n\nระดับความสำเร็จ\tเกณฑ์การให้คะแนน\tผลการดำเนินงาน\t"
        "คะแนนที่ได้รับ\n5\tร้อยละ 100\tครบทุกขั้นตอน\t20 คะแนน\n",
        encoding="utf-8",
    )
    result = process_file(path, path.name, units)
    assert as_dicts(result).get("kpi_rubrics", []) == []
    assert [d["code"] for d in as_dicts(result)["diagnostics"]] == ["unparsed_table"]


def test_a_result_table_whose_negation_ocr_lost_still_reads_each_status(tmp_path, units):
    """A scan of the OCSC plan read the status pair's header as บรรลุเป้าหมาย twice (its
    ไม่ lost): the table was taken for an outcome list and every status came out unknown.
    Two status labels alike are the pair; each mark keeps its status."""
    name = "plan2565_ocsc.txt"
    original = (TEXT / name).read_text(encoding="utf-8")
    header = "\t\t\tบรรลุเป้าหมาย\tไม่บรรลุเป้าหมาย\t"
    assert original.count(header) == 2
    path = tmp_path / name
    path.write_text(original.replace(header, "\t\t\tบรรลุเป้าหมาย\tบรรลุเป้าหมาย\t"), "utf-8")

    def statuses(result):
        return [(r["line"], r["project_name"], r["status"]) for r in result]

    read = as_dicts(process_file(path, name, units))["project_outcomes"]
    before = as_dicts(process_file(TEXT / name, name, units))["project_outcomes"]
    assert Counter(r["status"] for r in before) == {"achieved": 19, "not_achieved": 3, "unknown": 1}
    assert statuses(read) == statuses(before)
    texts = {(r["status"], r["status_text"]) for r in read}  # the negation's wording unread
    assert texts == {("achieved", "บรรลุเป้าหมาย"), ("not_achieved", None), ("unknown", None)}


@pytest.mark.parametrize("misread", ["๑", "ด", ""])
def test_strategy_headings_misread_are_numbered_by_their_order(tmp_path, units, misread):
    """Scans of the minutes read the heading `ยุทธศาสตร์ที่ ๓ การบริหารกำลังคน…` as ๑, or
    its ๓ as a letter or not at all (its projects went to strategy 1), and a page the
    table join missed opened with the table's repeated header `ยุทธศาสตร์ที่ ๓ (ต่อ)` above
    strategy 4's projects. The strategies are listed in turn: a new title after strategy
    2 opens strategy 3, and a restatement never reopens a strategy already passed."""
    name = "minutes_2564_01.txt"
    original = (TEXT / name).read_text(encoding="utf-8")
    heading, repeated = "ยุทธศาสตร์ที่ ๓ การบริหารกำลังคน", "ยุทธศาสตร์ที่ ๔ (ต่อ)"
    assert heading in original and original.count(repeated) == 1
    wrong = original.replace(heading, f"ยุทธศาสตร์ที่ {misread} การบริหารกำลังคน", 1)  # outcomes'
    path = tmp_path / name
    path.write_text(wrong.replace(repeated, "ยุทธศาสตร์ที่ ๓ (ต่อ)"), "utf-8")

    def strategies(result):
        return [(r["line"], r["strategy"]) for r in as_dicts(result)["project_outcomes"]]

    read = strategies(process_file(path, name, units))
    assert read == strategies(process_file(TEXT / name, name, units))
    assert Counter(s for _, s in read) == {"1": 6, "2": 3, "3": 8, "4": 9, "5": 5}


def test_a_strategy_heading_whose_word_ocr_split_still_opens_its_strategy(tmp_path, units):
    """A held-out scan of the minutes read the heading as `ยุทธศาส ตร์ที่ ๓ …` (a space
    inside the word), so it was no heading and its projects stayed under strategy 1."""
    name = "minutes_2564_01.txt"
    original = (TEXT / name).read_text(encoding="utf-8")
    heading = "ยุทธศาสตร์ที่ ๓ การบริหารกำลังคน"
    assert original.count(heading) >= 1
    path = tmp_path / name
    path.write_text(original.replace(heading, "ยุทธศาส ตร์ที่ ๓ การบริหารกำลังคน"), "utf-8")

    def strategies(result):
        return [(r["line"], r["strategy"]) for r in as_dicts(result)["project_outcomes"]]

    assert strategies(process_file(path, name, units)) == strategies(
        process_file(TEXT / name, name, units)
    )


def _misread_plan(tmp_path, misread: dict[int, tuple[str, str]]):
    """The OCSC plan's export with lines changed as a scan's OCR read them."""
    lines = (TEXT / "plan2565_ocsc.txt").read_text(encoding="utf-8").split("\n")
    for number, (old, new) in misread.items():
        assert lines[number - 1].startswith(old)
        lines[number - 1] = new + lines[number - 1][len(old) :]
    path = tmp_path / "plan2565_ocsc.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_rubric_levels_ocr_lost_are_decided_by_the_levels_around(tmp_path, units):
    """Scans of the plan lost a lone level digit (blank) or read it as letters (`ศุ`), and
    read the heading's ตัวชี้วัด as ตัวชี่วัด: the levels around decide the level."""
    path = _misread_plan(
        tmp_path,
        {
            473: ("2\t", "\t"),
            543: ("4\t", "ศุ\t"),
            512: ("เกณฑ์การให้คะแนน ตัวชี้วัด", "เกณฑ์การให้คะแนน ตัวชี่วัด"),
        },
    )
    rows = as_dicts(process_file(path, path.name, units))["kpi_rubrics"]
    assert [(r["line"], r["level"]) for r in rows] == [
        (line, level)
        for first in (470, 515, 542)
        for line, level in zip(
            (first, first + 1, first + 2, first + 3, 522 if first == 515 else first + 4),
            (5, 4, 3, 2, 1),
            strict=True,
        )
    ]
    assert rows[5]["kpi_name"].startswith("ระดับความสำเร็จของการดูแล")


def test_a_rubric_level_nothing_decides_is_kept_unread_and_noted(tmp_path, units):
    path = _misread_plan(tmp_path, {543: ("4\t", "\t"), 544: ("3\t", "2\t")})
    result = process_file(path, path.name, units)
    assert only(result, "kpi_rubrics", 543)["level"] is None  # 5, ?, 2: no run by one
    assert "unread_level" in {d["code"] for d in as_dicts(result)["diagnostics"]}
