"""process_file's own duties: reading order of records and the shared columns."""

from thaiplan.extract.model import Block, Cell, Document, Provenance, Row
from thaiplan.extract.process import in_reading_order
from thaiplan.extract.records import Record
from thaiplan.extract.rows import KpiTargetRow


def test_records_follow_the_rows_of_the_page_not_the_recogniser_order():
    top, middle, bottom = (Provenance("a.pdf", page=3, bbox=(0, y, 1, y + 1)) for y in (10, 20, 30))
    table = Block("table", middle, rows=[Row([Cell("x", 0)], middle), Row([Cell("y", 0)], bottom)])
    doc = Document("a.pdf", "0" * 64, "pdf", [Block("paragraph", top, text="1. ตัวชี้วัด"), table])
    from_tables = [Record(KpiTargetRow(year_be=2), middle), Record(KpiTargetRow(year_be=3), bottom)]
    from_lists = [Record(KpiTargetRow(year_be=1), top), Record(KpiTargetRow(year_be=4), None)]
    ordered = in_reading_order(doc, from_tables + from_lists)
    assert [r.row.year_be for r in ordered] == [1, 2, 3, 4]
