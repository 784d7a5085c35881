"""Bad input: every bad file becomes an `error` diagnostic with a message a person can act
on, never a traceback, and every good file beside it keeps all its rows.

One batch (through the command line and the default process pool) holds all the cases.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

import thaiplan.limits
import thaiplan.tasks
from tests.rows import as_dicts
from thaiplan.cli import main
from thaiplan.extract import process as extract_process
from thaiplan.extract.errors import UnreadableFile
from thaiplan.extract.process import process_file
from thaiplan.extract.readers import read_document
from thaiplan.extract.readers.text import read_text
from thaiplan.extract.rows import Placed
from thaiplan.normalize.units import UnitRegistry
from thaiplan.output.schemas import DATASETS
from thaiplan.output.writer import DATAPACKAGE_NAME, MANIFEST_NAME
from thaiplan.pipeline import find_inputs, run
from thaiplan.runners import in_process
from thaiplan.tasks import Job, extract_file

TEXT = Path(__file__).parent / "data" / "text"
GOOD = "kpi_detail_hrsmart.txt"  # has kpi_results rows
OUTSIDE_PLAN = "plan2562_secretariat.txt"  # its title is the marker of a read outside
THAI_NAME = "แผนปฏิบัติราชการ ปี 2565 (ฉบับ..ร่าง).txt"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>"
)


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 the catalog), its xref offsets computed."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def one_page_pdf(
    content: bytes, page: bytes = PAGE, font: bytes = HELVETICA, *extra: bytes
) -> bytes:
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    return pdf_of([catalog, pages, page, content, font, *extra])


def minimal_pdf(text: str = "Annual plan") -> bytes:
    """A one-page PDF with a line of Helvetica text."""
    return one_page_pdf(stream(f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()))


def inflate_bomb_pdf(megabytes: int) -> bytes:
    """A page whose content stream, a few hundred KB, inflates to `megabytes` of spaces."""
    deflater = zlib.compressobj(9)
    spaces = b" " * 2**20
    data = b"".join(deflater.compress(spaces) for _ in range(megabytes)) + deflater.flush()
    return one_page_pdf(stream(data, b"/Filter /FlateDecode"))


def reference_loop_pdf() -> bytes:
    """The page's resources are object 6, whose whole body is a reference to itself."""
    page = PAGE.replace(b"<< /Font << /F1 5 0 R >> >>", b"6 0 R")
    return one_page_pdf(stream(b"BT /F1 18 Tf 72 720 Td (plan) Tj ET"), page, HELVETICA, b"6 0 R")


def huge_cmap_pdf() -> bytes:
    """A font whose ToUnicode map claims every four-byte code (pdfminer would expand it)."""
    cmap = (
        b"begincmap 1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange "
        b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange endcmap"
    )
    font = HELVETICA.replace(b">>", b"/ToUnicode 6 0 R >>")
    return one_page_pdf(stream(b"BT /F1 18 Tf 72 720 Td (plan) Tj ET"), PAGE, font, stream(cmap))


def page_tree_loop_pdf() -> bytes:
    """The page tree lists itself among its kids."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    pages = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    content = stream(b"BT /F1 18 Tf 72 720 Td (Annual plan) Tj ET")
    return pdf_of([catalog, pages, PAGE, content, HELVETICA])


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf())))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_xref_pdf() -> bytes:
    """The xref table replaced by garbage and startxref pointing past the end."""
    good = minimal_pdf()
    start, end = good.index(b"xref\n"), good.index(b"trailer")
    broken = good[:start] + b"xref\n0 6\nthis is not an xref table\n" + good[end:]
    return broken[: broken.rindex(b"startxref")] + b"startxref\n999999\n%%EOF\n"


def huge_line() -> str:
    words = [
        "แผนปฏิบัติราชการ",
        "ตัวชี้วัด",
        "ร้อยละ",
        "80",
        "<b>โครงการ</b>",
        "งบประมาณ",
        "1,000,000",
        "\t",
    ]
    rng = random.Random(7)
    return " ".join(rng.choice(words) for _ in range(25_000))  # one line of ~0.5 MB


BAD = {  # file -> (code, words the message must contain)
    "empty.txt": ("unreadable_file", "is empty"),
    "random bytes.pdf": ("unreadable_file", "is named .pdf but is not a PDF"),
    "truncated.pdf": ("unreadable", "cannot be read as a PDF"),
    "encrypted.pdf": ("encrypted_pdf", "protected by a password"),
    "picture.txt": ("unreadable_file", "not a text export"),
    "dangling.txt": ("unreadable_file", "cannot be read from disk"),
    "self-link.txt": ("unreadable_file", "cannot be read from disk"),
    "loop-a.txt": ("unreadable_file", "cannot be read from disk"),
    "loop-b.txt": ("unreadable_file", "cannot be read from disk"),
    "bomb.pdf": ("pdf_limit", "inflates to more than 256 MB"),
    "reference-loop.pdf": ("pdf_limit", "refers to itself"),
    "huge-cmap.pdf": ("pdf_limit", "maps 4,294,967,296 codes"),
}
NOT_UTF8_NAME = b"plan-\xff\xfe.txt"  # a name in no Unicode encoding
SKIPPED = {  # entry -> words of its line in the summary
    "pipe.txt": "not a regular file",
    "notes.txt": "outside the inputs",
    "outside_link.txt": "outside the inputs",  # a plan file outside, by its own name
    "outside folder": "outside the inputs",
    "passwd.txt": "outside the inputs",
    "README.md": "not a plan",
}
STARS = "**ก " * 16_384  # 64 KB of emphasis openers that never close
READ = [
    "encrypted-empty-password.pdf",
    "broken-xref.pdf",
    "page-tree-loop.pdf",
    "legacy-tis620.txt",
    "huge-line.txt",
    "no-year.txt",
    "stars.txt",
    "huge-number.txt",  # a 5,000-digit target: that value only is lost
    "plan-\\xff\\xfe.txt",  # NOT_UTF8_NAME, its bytes shown escaped
    GOOD,
    THAI_NAME,
]


def write_bad_inputs(root: Path, outside: Path) -> None:
    """Every bad entry of BAD, READ and SKIPPED in `root` (with the good files GOOD and
    THAI_NAME); `outside` is a folder outside it, for a link that leads out."""
    (root / "sub dir").mkdir(parents=True)
    good = (TEXT / GOOD).read_bytes()
    (root / GOOD).write_bytes(good)
    (root / "sub dir" / THAI_NAME).write_bytes((TEXT / "progress_report_2449.txt").read_bytes())
    (root / "empty.txt").write_bytes(b"")
    (root / "random bytes.pdf").write_bytes(random.Random(3).randbytes(4096))
    (root / "truncated.pdf").write_bytes(minimal_pdf()[:200])
    (root / "encrypted.pdf").write_bytes(encrypted_pdf("secret"))
    (root / "encrypted-empty-password.pdf").write_bytes(encrypted_pdf(""))
    (root / "broken-xref.pdf").write_bytes(broken_xref_pdf())
    (root / "bomb.pdf").write_bytes(inflate_bomb_pdf(300))
    (root / "reference-loop.pdf").write_bytes(reference_loop_pdf())
    (root / "huge-cmap.pdf").write_bytes(huge_cmap_pdf())
    (root / "page-tree-loop.pdf").write_bytes(page_tree_loop_pdf())
    (root / "picture.txt").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(5).randbytes(600)
    )
    (root / "dangling.txt").symlink_to(root / "no such file.txt")
    (root / "legacy-tis620.txt").write_bytes(good.decode("utf-8").encode("cp874"))
    (root / "huge-line.txt").write_text(huge_line(), "utf-8")
    (root / "no-year.txt").write_text(
        "แผนปฏิบัติราชการ สำนักงานตัวอย่าง\nตัวชี้วัด\tค่าเป้าหมาย\n1. ร้อยละความพึงพอใจของผู้รับบริการ\tร้อยละ 80\n",
        "utf-8",
    )
    (root / "self-link.txt").symlink_to(root / "self-link.txt")
    (root / "loop-a.txt").symlink_to(root / "loop-b.txt")
    (root / "loop-b.txt").symlink_to(root / "loop-a.txt")
    os.mkfifo(root / "pipe.txt")  # opening it would wait for a writer for ever
    secret = outside / "secret"  # no plan suffix, like /etc/passwd
    secret.write_text("ความลับ\tของระบบ\n", "utf-8")
    (root / "notes.txt").symlink_to(secret)
    (outside / "folder").mkdir()
    for plan in (outside / "plan.txt", outside / "folder" / "plan.txt"):
        plan.write_bytes((TEXT / OUTSIDE_PLAN).read_bytes())
    (root / "outside_link.txt").symlink_to(outside / "plan.txt")
    (root / "outside folder").symlink_to(outside / "folder")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "huge-number.txt").write_text(
        (TEXT / GOOD).read_text("utf-8").replace("ระดับ : 5", f"ระดับ : {'9' * 5000}", 1), "utf-8"
    )
    (root / "README.md").write_text("# วิธีใช้\nตัวชี้วัด\tค่าเป้าหมาย\nวิธีใช้งาน\tร้อยละ 1\n", "utf-8")
    (root / "stars.txt").write_text(f"แผนปฏิบัติราชการ\n{STARS}\n", "utf-8")
    with open(os.fsencode(root) + b"/" + NOT_UTF8_NAME, "wb") as handle:
        handle.write("แผนปฏิบัติราชการ ชื่อแปลก\nตัวชี้วัด\tค่าเป้าหมาย\n1. ร้อยละผู้ผ่าน\tร้อยละ 70\n".encode())


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, Path, object]:
    """The bad and the good files in one folder, extracted through the command line."""
    root = tmp_path_factory.mktemp("bad") / INPUT_FOLDER
    write_bad_inputs(root, tmp_path_factory.mktemp("outside"))
    out = root.parent / "out"
    result = CliRunner().invoke(
        main, ["extract", str(root), "--out", str(out), "--file-timeout", "120"]
    )
    return root, out, result


INPUT_FOLDER = "in put"


def read(out: Path, dataset: str) -> list[dict]:
    """Rows with source_path below the input folder (whose name leads every source_path)."""
    rows = ds.dataset(out / dataset).to_table().to_pylist()
    for row in rows:
        if row.get("source_path", "").startswith(f"{INPUT_FOLDER}/"):
            row["source_path"] = row["source_path"].removeprefix(f"{INPUT_FOLDER}/")
    return rows


def test_the_batch_finishes_and_reports_the_bad_files(batch):
    _, _, result = batch
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for name in BAD:
        assert f"error: {INPUT_FOLDER}/{name}" in result.output


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_is_one_error_diagnostic(batch, name):
    _, out, _ = batch
    code, words = BAD[name]
    errors = [r for r in read(out, "diagnostics") if r["source_path"] == name]
    assert len(errors) == 1 and errors[0]["severity"] == "error"
    assert errors[0]["code"].startswith(code) and words in errors[0]["message"]
    assert "Traceback" not in errors[0]["message"] and "\n" not in errors[0]["message"]
    assert errors[0]["fiscal_year_ce"] is None
    assert name not in [r["source_path"] for r in read(out, "documents")]


@pytest.mark.parametrize("name", READ)
def test_readable_files_have_a_document_and_no_error(batch, name):
    _, out, _ = batch
    documents = [r for r in read(out, "documents") if r["source_path"].endswith(name)]
    assert len(documents) == 1
    assert not [
        r
        for r in read(out, "diagnostics")
        if r["source_path"].endswith(name) and r["severity"] == "error"
    ]


def test_a_dask_batch_ends_like_the_local_one(batch, tmp_path):
    """The same bad and good files on a Dask LocalCluster: the same rows and diagnostics."""
    root, out, _ = batch
    on_dask = tmp_path / "out dask"
    result = CliRunner().invoke(
        main,
        ["extract", str(root), "--out", str(on_dask), "--engine", "dask", "--file-timeout", "120"],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    for dataset in DATASETS:
        assert read(on_dask, dataset) == read(out, dataset), dataset


@pytest.mark.parametrize(
    ("pdf", "words"),
    [
        (inflate_bomb_pdf(300), "inflates to more than 256 MB"),
        (reference_loop_pdf(), "refers to itself"),
    ],
)
def test_text_of_a_hostile_pdf_is_one_error_line(tmp_path, pdf, words):
    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf)
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 1 and words in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1


def test_good_files_keep_every_row(batch, tmp_path):
    root, out, _ = batch
    alone_in = tmp_path / INPUT_FOLDER  # the same folder name, so the same source paths
    (alone_in / "sub dir").mkdir(parents=True)
    for relative in (GOOD, f"sub dir/{THAI_NAME}"):
        (alone_in / relative).write_bytes((root / relative).read_bytes())
    run([alone_in], tmp_path / "alone", None, progress=False, runner=in_process)
    for dataset in DATASETS:
        alone = read(tmp_path / "alone", dataset)
        ids = {r["doc_id"] for r in read(tmp_path / "alone", "documents")}
        assert [r for r in read(out, dataset) if r["doc_id"] in ids] == alone, dataset
    assert sum(len(read(tmp_path / "alone", d)) for d in DATASETS) > 10


def test_nothing_outside_the_inputs_is_read(batch):
    _, out, _ = batch
    outside = process_file(TEXT / OUTSIDE_PLAN, OUTSIDE_PLAN, UnitRegistry.load(None))
    title = as_dicts(outside)["documents"][0]["title"]
    written = "".join(str(read(out, dataset)) for dataset in DATASETS)
    assert title and title not in written and "root:" not in written


def test_a_huge_number_costs_only_its_value(batch):
    _, out, _ = batch
    documents = {r["source_path"]: r["doc_id"] for r in read(out, "documents")}
    huge, good = documents["huge-number.txt"], documents[GOOD]
    for dataset in ("kpi_results", "kpis"):
        rows = read(out, dataset)
        assert len([r for r in rows if r["doc_id"] == huge]) == len(
            [r for r in rows if r["doc_id"] == good]
        ), dataset
    warnings = [r for r in read(out, "diagnostics") if r["doc_id"] == huge]
    assert [(w["code"], w["line"]) for w in warnings if w["severity"] != "info"] == [
        ("value_out_of_range", 7)
    ]


def test_a_legacy_thai_encoding_is_decoded(batch):
    _, out, _ = batch
    documents = {r["source_path"]: r for r in read(out, "documents")}
    legacy, utf8 = documents["legacy-tis620.txt"], documents[GOOD]
    assert legacy["title"] == utf8["title"] and legacy["fiscal_year_ce"] == utf8["fiscal_year_ce"]

    def results(doc_id: str) -> list[dict]:
        return [
            {k: v for k, v in r.items() if k != "doc_id"}
            for r in read(out, "kpi_results")
            if r["doc_id"] == doc_id
        ]

    assert results(legacy["doc_id"]) == results(utf8["doc_id"]) != []


def test_an_unknown_fiscal_year_is_a_null_column_value(batch):
    _, out, _ = batch
    documents = {r["source_path"]: r for r in read(out, "documents")}
    assert documents["no-year.txt"]["fiscal_year_ce"] is None
    kpis = [r for r in read(out, "kpis") if r["doc_id"] == documents["no-year.txt"]["doc_id"]]
    assert kpis and all(r["fiscal_year_ce"] is None for r in kpis)


def test_pdfs_with_an_empty_password_or_a_broken_xref_are_read(batch):
    root, _, _ = batch
    for name in ("encrypted-empty-password.pdf", "broken-xref.pdf"):
        path = root / name
        document = read_document(path, name, path.read_bytes())
        assert "Annual plan" in " ".join(block.text for block in document.blocks), name


def test_odd_names_are_kept_as_data_and_no_path_escapes_the_output(batch):
    root, out, _ = batch
    sources = {r["source_path"] for r in read(out, "documents")}
    assert f"sub dir/{THAI_NAME}" in sources
    allowed = re.compile(r"^[a-z_]+/part-(\d+|empty)\.parquet$")
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        if path.is_file() and path.name not in (MANIFEST_NAME, DATAPACKAGE_NAME):
            assert allowed.match(path.relative_to(out).as_posix()), path
    assert sorted(p.name for p in root.parent.iterdir()) == ["in put", "out"]


def test_dot_dot_in_a_command_line_path(batch, tmp_path):
    root, _, _ = batch
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(root / "sub dir" / ".." / GOOD), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert [r["source_path"] for r in read(out, "documents")] == [GOOD]  # its name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_entries_that_are_not_plan_files_are_skipped_with_a_line(batch):
    root, out, result = batch
    _, skipped = find_inputs([root], exclude=out)
    for name, words in SKIPPED.items():
        assert [
            entry
            for entry in skipped
            if str(entry).startswith(f"{INPUT_FOLDER}/{name}: ") and words in str(entry)
        ], name
    assert not {r["source_path"] for r in read(out, "documents")} & set(SKIPPED)
    assert "ความลับ" not in str(read(out, "documents")) and "Traceback" not in result.output


def test_skipped_entries_are_rows_in_diagnostics_and_the_manifest(batch):
    """A pipe, a link out, a folder's notes: each a `skipped` row a user finds by its name."""
    _, out, _ = batch
    rows = {r["source_path"]: r for r in read(out, "diagnostics") if r["code"] == "skipped"}
    assert set(rows) == set(SKIPPED)
    for name, words in SKIPPED.items():
        assert rows[name]["severity"] == "info" and words in rows[name]["message"]
        assert rows[name]["message"].startswith(f"{INPUT_FOLDER}/{name}: ")
    manifest = json.loads((out / MANIFEST_NAME).read_text("utf-8"))
    inputs = {i["source_path"]: i for i in manifest["inputs"]}
    for name in SKIPPED:
        entry = inputs[f"{INPUT_FOLDER}/{name}"]
        assert (entry["status"], entry["sha256"], entry["rows"]) == (
            "skipped",
            None,
            {"diagnostics": 1},
        )


def test_a_link_inside_the_inputs_is_followed(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / GOOD).write_bytes((TEXT / GOOD).read_bytes())
    (root / "alias.txt").symlink_to(root / GOOD)  # the same file: read once, by its first name
    (root / "more").symlink_to(root)  # a folder link back into the input: walked once
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "plan.txt").write_bytes((TEXT / "minutes_2564_01.txt").read_bytes())
    (root / "linked.txt").symlink_to(elsewhere / "plan.txt")  # a plan file outside: not read
    (root / "away").symlink_to(elsewhere)  # a folder outside: not walked
    files, skipped = find_inputs([root])
    assert [(f.source_path, f.path) for f in files] == [("in/alias.txt", root / GOOD)]
    assert [str(entry) for entry in skipped] == [
        "in/away: symlink to a path outside the inputs, not followed",
        "in/linked.txt: symlink to a path outside the inputs, not followed",
    ]


def links_in_and_out(tmp_path: Path) -> Path:
    """An input folder with a good plan, a link to a plan inside it, and links that lead out:
    to a plan file, to a folder holding a plan, and to /etc/passwd."""
    root, outside = tmp_path / "in", tmp_path / "outside"
    (root / "sub").mkdir(parents=True)
    (outside / "folder").mkdir(parents=True)
    (root / GOOD).write_bytes((TEXT / GOOD).read_bytes())
    (root / "sub" / "minutes.txt").write_bytes((TEXT / "minutes_2564_01.txt").read_bytes())
    (root / "inside_link.txt").symlink_to(root / "sub" / "minutes.txt")
    for target in (outside / "plan.txt", outside / "folder" / "plan.txt"):
        target.write_bytes((TEXT / OUTSIDE_PLAN).read_bytes())
    (root / "outside_link.txt").symlink_to(outside / "plan.txt")
    (root / "outside_folder").symlink_to(outside / "folder")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    return root


@pytest.mark.parametrize("workers", ["1", "2"])
def test_links_out_of_the_inputs_are_never_read(tmp_path, workers):
    root = links_in_and_out(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(root), "--out", str(out), "--workers", workers]
    )
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    documents = ds.dataset(out / "documents").to_table().to_pylist()
    assert sorted(d["source_path"] for d in documents) == ["in/inside_link.txt", f"in/{GOOD}"]
    outside_title = process_file(TEXT / OUTSIDE_PLAN, "x.txt", UnitRegistry.load(None))
    title = as_dicts(outside_title)["documents"][0]["title"]
    written = "".join(str(ds.dataset(out / d).to_table().to_pylist()) for d in DATASETS)
    assert title and title not in written and "root:" not in written
    skipped = {
        r["source_path"]: r["message"]
        for r in ds.dataset(out / "diagnostics").to_table().to_pylist()
        if r["code"] == "skipped"
    }
    for name in ("outside_link.txt", "outside_folder", "passwd.txt"):
        assert f"skipped in/{name}: symlink to a path outside the inputs" in result.output
        assert "symlink to a path outside the inputs" in skipped[f"in/{name}"]


def test_a_long_line_of_unclosed_emphasis_is_read_in_linear_time():
    started = time.monotonic()
    document = read_text(Path("stars.txt"), "stars.txt", STARS.encode())
    assert time.monotonic() - started < 1.0
    assert document.blocks[0].text.startswith("**ก **ก")


def kpi_rows(path: Path) -> list[dict]:
    records = as_dicts(process_file(path, path.name, UnitRegistry.load(None)))
    return [
        {k: v for k, v in r.items() if k not in ("doc_id", "source_path")}
        for r in records["kpi_results"]
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_unicode_export_with_a_byte_order_mark_is_read(tmp_path, encoding):
    path = tmp_path / "unicode.txt"
    path.write_bytes((TEXT / GOOD).read_text("utf-8").encode(encoding))  # BOM first
    assert kpi_rows(path) == kpi_rows(TEXT / GOOD) != []


def test_one_tis620_line_in_a_utf8_file_keeps_the_rest_with_a_warning(tmp_path):
    lines = (TEXT / GOOD).read_text("utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if not line.isascii())
    data = [line.encode("utf-8") for line in lines]
    data[number - 1] = lines[number - 1].encode("cp874")
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\n".join(data))
    records = as_dicts(process_file(path, path.name, UnitRegistry.load(None)))
    warnings = [r for r in records["diagnostics"] if r["code"] == "mixed_encoding"]
    assert [w["message"] for w in warnings] == [
        f"mixed.txt line {number} is not UTF-8 and was read as TIS-620; check its Thai text"
    ]
    assert kpi_rows(path) == kpi_rows(TEXT / GOOD) != []


def test_a_value_too_large_for_its_column_is_null_and_the_document_kept(tmp_path, monkeypatch):
    """An amount over decimal(18,2) (a recogniser reading a run-together number) loses
    only its cell: the document's other rows are all written, with a warning naming it."""
    real = extract_process.process_file
    too_large = Decimal("10000000000123456.78")

    def oversized(path, source_path, units, ocr="auto", on_page=None):
        result = real(path, source_path, units)
        items = result.records["budget_items"]
        items[1] = Placed(items[1].common, replace(items[1].row, amount=too_large))
        return result

    path = tmp_path / "plan.txt"
    path.write_bytes((TEXT / "plan2565_ocsc.txt").read_bytes())
    expected = as_dicts(real(path, "plan.txt", UnitRegistry.load(None)))
    monkeypatch.setattr(extract_process, "process_file", oversized)
    outcome = extract_file(Job(0, path, "plan.txt"), UnitRegistry.load(None))
    assert outcome.error is None
    rows = outcome.tables["budget_items"].to_pylist()
    assert len(rows) == len(expected["budget_items"]) and rows[1]["amount"] is None
    assert [r["amount"] for r in rows[2:]] == [r["amount"] for r in expected["budget_items"][2:]]
    warnings = [
        r for r in outcome.tables["diagnostics"].to_pylist() if r["code"] == "value_out_of_range"
    ]
    line = expected["budget_items"][1]["line"]
    assert [w["message"] for w in warnings] == [
        f"budget_items.amount at line {line} does not fit its column "
        f"({too_large!r} does not fit decimal128(18, 2)), so it was left empty."
    ]


def test_a_memory_error_inside_a_parser_error_is_a_memory_limit(tmp_path, monkeypatch):
    """A PDF parser that turns a MemoryError into its own error (a decompression bomb)."""

    def bomb(path, source_path, units, ocr="auto", on_page=None):
        try:
            raise MemoryError
        except MemoryError as exc:
            raise UnreadableFile("unreadable_file", "damaged") from exc

    path = tmp_path / "bomb.pdf"
    path.write_bytes(minimal_pdf())
    monkeypatch.setattr(extract_process, "process_file", bomb)
    outcome = extract_file(Job(0, path, "bomb.pdf"), UnitRegistry.load(None))
    assert outcome.code == "memory_limit" and "--max-memory-mb" in (outcome.error or "")


def test_a_file_over_the_size_cap_is_skipped_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes((TEXT / GOOD).read_bytes())
    monkeypatch.setattr(thaiplan.tasks, "MAX_FILE_BYTES", path.stat().st_size - 1)
    monkeypatch.setattr(extract_process, "process_file", None)  # must not be called
    outcome = extract_file(Job(0, path, "big.txt"), UnitRegistry.load(None))
    assert outcome.code == "file_too_large" and "split it into smaller files" in (
        outcome.error or ""
    )


HUGE = "9" * 5_000  # past Python's 4,300-digit limit on int(): a ValueError lost the document
PLAN = "plan2565_ocsc.txt"


BYTES_DECIDE = {"source_path", "source_sha256", "n_diagnostics"}


def without_ids(rows: list[dict], changed_line: int) -> list[dict]:
    """Rows not from the changed line, without the columns a file's bytes decide (ids)."""
    return [
        {k: v for k, v in row.items() if not k.endswith("_id") and k not in BYTES_DECIDE}
        for row in rows
        if row.get("line") != changed_line
    ]


@pytest.mark.parametrize(
    ("line", "written", "hostile"),
    [
        (250, "1\t", f"{HUGE}\t"),  # a KPI's number
        (250, "ร้อยละ 60", f"ร้อยละ {HUGE}"),  # a target
        (596, "ร้อยละ 10)", f"ร้อยละ {HUGE})"),  # a weight
    ],
)
def test_a_5000_digit_number_loses_only_its_value(tmp_path, line, written, hostile):
    lines = (TEXT / PLAN).read_text("utf-8").split("\n")
    assert written in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(written, hostile, 1)
    path = tmp_path / PLAN
    path.write_text("\n".join(lines), "utf-8")
    clean = extract_file(Job(0, TEXT / PLAN, PLAN), UnitRegistry.load(None))
    outcome = extract_file(Job(0, path, PLAN), UnitRegistry.load(None))
    assert outcome.error is None
    for dataset, table in clean.tables.items():
        if dataset != "diagnostics":
            rows = outcome.tables[dataset].to_pylist()
            assert len(rows) == table.num_rows, dataset
            assert without_ids(rows, line) == without_ids(table.to_pylist(), line), dataset
    warnings = [
        r for r in outcome.tables["diagnostics"].to_pylist() if r["code"] == "value_out_of_range"
    ]
    assert [(w["line"], w["severity"]) for w in warnings] == [(line, "warning")]
    assert (
        f"{PLAN} line {line}" in warnings[0]["message"] and "5,000 digits" in warnings[0]["message"]
    )


def test_a_5000_digit_section_number_keeps_every_row(tmp_path):
    """The rows under a heading whose number has no value lose only that number's context."""
    lines = (TEXT / PLAN).read_text("utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, start=1) if text.startswith("มิติที่ 7.1"))
    lines[line - 1] = lines[line - 1].replace("7.1", HUGE)
    path = tmp_path / PLAN
    path.write_text("\n".join(lines), "utf-8")
    clean = extract_file(Job(0, TEXT / PLAN, PLAN), UnitRegistry.load(None))
    outcome = extract_file(Job(0, path, PLAN), UnitRegistry.load(None))
    assert outcome.error is None
    assert {d: n for d, n in outcome.rows.items() if d != "diagnostics"} == {
        d: n for d, n in clean.rows.items() if d != "diagnostics"
    }
    diagnostics = outcome.tables["diagnostics"].to_pylist()
    assert [r["line"] for r in diagnostics if r["code"] == "value_out_of_range"] == [line]


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> tuple[Path, Path]:
    """Two plans extracted: their input folder and a sound output."""
    root = tmp_path_factory.mktemp("previous") / "in"
    root.mkdir()
    for name in (GOOD, PLAN):
        (root / name).write_bytes((TEXT / name).read_bytes())
    out = root.parent / "out"
    assert run([root], out, None, runner=in_process).documents
    return root, out


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(11).randbytes(3000))


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def of_another_dataset(path: Path) -> None:
    other = "documents" if path.parent.name != "documents" else "kpis"
    path.write_bytes(next((path.parent.parent / other).glob("part-*.parquet")).read_bytes())


def emptied(path: Path) -> None:
    for part in path.parent.glob("*"):
        part.unlink()


DAMAGES = [garbage, truncated, of_another_dataset, emptied]


def damaged_copy(out: Path, to: Path, damage) -> Path:
    """A copy of `out` with every dataset's first part file damaged."""
    shutil.copytree(out, to)
    for dataset in DATASETS:
        damage(sorted((to / dataset).glob("part-*.parquet"))[0])
    return to


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize(
    "command",
    [["audit"], ["report"], ["export", "--format", "csv"], ["export", "--format", "kaogeek-csv"]],
)
def test_a_command_on_a_damaged_output_says_so_in_one_line(good_output, tmp_path, damage, command):
    out = damaged_copy(good_output[1], tmp_path / "out", damage)
    result = CliRunner().invoke(main, [command[0], str(out), *command[1:]])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert result.output.startswith(f"Error: {out}/") and "part" in result.output


@pytest.mark.parametrize("damage", DAMAGES)
def test_an_incremental_run_over_a_damaged_output_extracts_again(good_output, tmp_path, damage):
    root, out = good_output
    previous = damaged_copy(out, tmp_path / "out", damage)
    result = CliRunner().invoke(
        main, ["extract", str(root), "--out", str(previous), "--incremental", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "Extracting every file: " in line]
    assert len(said) == 1 and "part-0.parquet" in said[0], result.output
    for dataset in DATASETS:
        assert read(previous, dataset) == read(out, dataset), dataset


def test_a_part_damaged_behind_a_sound_footer_is_found_while_copied(good_output, tmp_path):
    """The footer reads (the plan accepts the part), its pages do not: found while the
    part is carried over, and the run starts again in full."""
    root, out = good_output
    previous = tmp_path / "out"
    shutil.copytree(out, previous)
    part = previous / "kpis" / "part-0.parquet"
    data = bytearray(part.read_bytes())
    data[4:200] = b"\xff" * 196  # the first page header, behind "PAR1"
    part.write_bytes(bytes(data))
    changed = tmp_path / "in"
    shutil.copytree(root, changed)
    with open(changed / GOOD, "a", encoding="utf-8") as handle:
        handle.write("\nหมายเหตุ\n")  # one changed file: the part is read to be rewritten
    result = CliRunner().invoke(
        main, ["extract", str(changed), "--out", str(previous), "--incremental", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert f"Extracting every file: the previous output is damaged: {part} " in result.output
    assert len(read(previous, "kpis")) == len(read(out, "kpis"))


def special_file(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)  # opening it would wait for a writer for ever
    else:
        path.symlink_to("/dev/zero")  # never ends


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_text_of_a_special_file_is_refused_at_once(tmp_path, kind):
    path = tmp_path / "plan.txt"
    special_file(kind, path)
    thaiplan = Path(sys.executable).parent / "thaiplan"
    done = subprocess.run(
        [str(thaiplan), "text", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr == (
        f"error: {path} is not a regular file (a pipe, device or socket), so it was not read\n"
    )


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("random bytes.pdf", random.Random(3).randbytes(4096), "is named .pdf but is not a PDF"),
        ("truncated.pdf", minimal_pdf()[:200], "truncated.pdf cannot be read as a PDF"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(600), "not a text"),
    ],
)
def test_text_of_a_file_that_is_no_plan_names_it_in_one_line(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.splitlines()) == 1 and words in result.output, result.output


def test_text_of_a_file_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes((TEXT / GOOD).read_bytes())
    monkeypatch.setattr(thaiplan.limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == 1 and "split it into smaller files" in result.output
    assert len(result.output.splitlines()) == 1


def test_an_incremental_run_keeps_one_skipped_row_per_entry(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / GOOD).write_bytes((TEXT / GOOD).read_bytes())
    os.mkfifo(root / "pipe.txt")
    (root / "table.csv").write_text("a,b\n", "utf-8")
    out = tmp_path / "out"
    first = run([root], out, None, runner=in_process)
    again = run([root], out, None, runner=in_process, incremental=True)
    assert (again.kept, again.removed) == (1, 0) and first.row_counts == again.row_counts
    skipped = [r["source_path"] for r in read(out, "diagnostics") if r["code"] == "skipped"]
    assert sorted(skipped) == ["in/pipe.txt", "in/table.csv"]


SLOW = " ".join(["แผนปฏิบัติราชการ ตัวชี้วัด ร้อยละ 80"] * 200_000)  # minutes to read


def test_dask_on_a_folder_of_slow_files_keeps_up_with_the_pool(tmp_path):
    """Files past --file-timeout among good ones: Dask gives the pool's rows and
    diagnostics in about its time (restarting each worker politely, one after the
    other, took 144 s where the pool takes 10). The bound is loose on purpose: on a
    loaded two-core machine the two walls vary apart by half, the regression by 14x."""
    root = tmp_path / "in"
    root.mkdir()
    for name in (GOOD, PLAN, "minutes_2564_01.txt"):
        (root / name).write_bytes((TEXT / name).read_bytes())
    for number in range(4):  # four files, not four copies of one (a copy is read once)
        (root / f"slow{number}.txt").write_text(f"{SLOW} {number}", "utf-8")
    walls = {}
    for name, engine in (("pool", "local"), ("dask", "dask")):
        started = time.monotonic()
        options = ["--engine", engine, "--workers", "2", "--file-timeout", "3"]
        result = CliRunner().invoke(
            main, ["extract", str(root), "--out", str(tmp_path / name), *options]
        )
        walls[name] = time.monotonic() - started
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    for dataset in DATASETS:
        assert read(tmp_path / "dask", dataset) == read(tmp_path / "pool", dataset), dataset
    codes = [r["code"] for r in read(tmp_path / "dask", "diagnostics") if r["severity"] == "error"]
    assert codes == ["file_timeout"] * 4
    assert walls["dask"] < 3 * walls["pool"] + 20, walls
