"""Tables no recogniser reads are reported, and only those."""


def unparsed(result):
    return [d for d in result.records["diagnostics"] if d["code"] == "unparsed_table"]


def test_proposal_tables_of_the_minutes_are_reported(processed):
    notes = unparsed(processed("minutes_2564_01"))
    assert [d["line"] for d in notes] == [325, 330, 335, 340, 345]
    assert all(d["severity"] == "info" and d["context"].startswith("ข้อเสนอของ") for d in notes)


def test_continued_parts_of_read_tables_are_not_reported(processed):
    assert unparsed(processed("plan2565_ocsc")) == []
    assert unparsed(processed("plan2562_secretariat")) == []
