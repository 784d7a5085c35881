from tests.rows import as_dicts

"""Tables no recogniser reads are reported, and only those."""


def unparsed(result):
    return [d for d in as_dicts(result)["diagnostics"] if d["code"] == "unparsed_table"]


def test_proposal_tables_of_the_minutes_are_reported(processed):
    notes = unparsed(processed("minutes_2564_01"))
    assert [d["line"] for d in notes] == [325, 330, 335, 340, 345]
    assert all(d["severity"] == "info" and d["context"].startswith("ข้อเสนอของ") for d in notes)


def test_continued_parts_of_read_tables_are_not_reported(processed):
    assert unparsed(processed("plan2565_ocsc")) == []
    assert unparsed(processed("plan2562_secretariat")) == []


def test_a_table_no_recogniser_knows_is_kept_cell_by_cell(tmp_path, units):
    """A document whose table no recogniser claims still gives that table (`tables`)."""
    from thaiplan.extract.process import process_file

    path = tmp_path / "plan.txt"
    path.write_text(
        "แผนปฏิบัติราชการประจำปี พ.ศ. 2565\n\n"
        "รายชื่อสถานที่\tจำนวนผู้มาใช้บริการ\n"
        "ห้องสมุดประชาชน\t1,200\n"
        "ศูนย์กีฬา\t3,400\n",
        "utf-8",
    )
    cells = as_dicts(process_file(path, path.name, units))["tables"]
    grid = {(c["row_index"], c["col_index"]): c["text"] for c in cells}
    assert grid[(0, 1)] == "จำนวนผู้มาใช้บริการ" and grid[(2, 0)] == "ศูนย์กีฬา"
    assert {c["table_index"] for c in cells} == {0} and cells[0]["line"] == 3
