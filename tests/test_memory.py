"""What keeps a worker small: the newmm dictionary as sorted groups of words instead of
pythainlp's node-per-letter trie, Arrow arrays built without pandas, and `thaiplan
text` without the output stack. Each replacement must give exactly what it replaces."""

import datetime as dt
import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from thaiplan.normalize.words import dictionary, segment
from thaiplan.output.arrays import array
from thaiplan.output.schemas import SCHEMAS, _coerce, to_table, values_of
from thaiplan.output.writer import ORDER, OutputWriter, _write

DATA = Path(__file__).parent / "data"
STEMS = [p.stem for p in sorted((DATA / "text").glob("*.txt"))]


def test_the_dictionary_holds_pythainlps_words_and_finds_the_prefixes_its_trie_finds():
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    words = dictionary()
    assert len(words) == len(thai_words()) and all(w in words for w in thai_words())
    assert not any(w[:-1] in words for w in thai_words() if w[:-1] not in thai_words())
    trie = Trie(thai_words())
    text = "\n".join(p.read_text("utf-8") for p in sorted((DATA / "text").glob("*.txt")))
    found = 0
    for start in range(len(text)):
        expected = trie.prefixes(text, start)
        assert words.prefixes(text, start) == expected, (start, text[start : start + 20])
        found += len(expected)
    assert found > 10_000  # the texts are Thai: most positions begin dictionary words


def test_segmentation_is_pythainlps_own_newmm_word_for_word():
    from pythainlp.tokenize import word_tokenize

    text = (DATA / "text" / "plan2565_ocsc.txt").read_text("utf-8")
    runs = re.findall("[\u0e01-\u0e4e]+", text)
    assert len(runs) > 500
    assert [segment(run) for run in runs] == [word_tokenize(run, engine="newmm") for run in runs]


def _columns(dataset: str, rows: list) -> dict[str, list]:
    """Each column's values as the schema's coercion leaves them, before any Arrow array."""
    values = [values_of(row) for row in rows]
    return {f.name: [_coerce(f, row[i]) for row in values] for i, f in enumerate(SCHEMAS[dataset])}


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


@pytest.mark.parametrize("stem", STEMS)
def test_arrays_and_parquet_bytes_equal_pyarrows_own_conversion(processed, stem):
    records = processed(stem).records
    assert records
    for dataset, rows in records.items():
        schema = SCHEMAS[dataset]
        columns = _columns(dataset, rows)
        ours = to_table(dataset, rows)
        theirs = pa.Table.from_arrays(
            [pa.array(columns[f.name], f.type) for f in schema], schema=schema
        )
        ours.validate(full=True)
        assert ours.equals(theirs), dataset
        assert _parquet(ours) == _parquet(theirs), dataset


@pytest.mark.parametrize(
    ("type_", "values"),
    [
        (pa.int8(), [-128, None, 127]),
        (pa.int32(), []),
        (pa.float64(), [None, None]),
        (pa.bool_(), [True, None, False, True, True, False, False, True, True]),
        (pa.string(), ["", None, "ประมาณ", "a"]),
        (pa.decimal128(18, 2), [Decimal("-0.01"), None, Decimal("9999999999999999.99")]),
        (pa.date32(), [dt.date(1969, 12, 31), None, dt.date(2022, 10, 1)]),
        (pa.list_(pa.date32()), [[dt.date(2021, 10, 1)], None, []]),
        (pa.list_(pa.string()), [None, ["ก", ""], [], ["ข"]]),
    ],
)
def test_edge_values_build_as_pa_array_builds_them(type_, values):
    built = array(values, type_)
    built.validate(full=True)
    assert built.equals(pa.array(values, type_))


def _after_main(argv: list[str], probe: str) -> dict:
    """Runs `thaiplan ARGV` in a fresh interpreter, then evaluates `probe` there."""
    code = (
        "import json, sys\n"
        "from thaiplan.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        f"print(json.dumps({probe}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_reading_a_pdf_loads_neither_pandas_nor_pythainlps_trie(tmp_path):
    probe = (
        "{'pandas': 'pandas' in sys.modules,"
        " 'trie': sys.modules['pythainlp.tokenize'].word_dict_trie.cache_info().currsize,"
        " 'words': sys.modules['thaiplan.normalize.words'].dictionary.cache_info().currsize,"
        " 'pool': sys.modules['pyarrow'].default_memory_pool().backend_name}"
    )
    pdf = str(DATA / "budget_book17_pages.pdf")
    loaded = _after_main(["extract", "--workers", "1", "-q", pdf, "--out", str(tmp_path)], probe)
    # the dictionary was asked (the glyph map scores words), through the sorted groups
    assert loaded == {"pandas": False, "trie": 0, "words": 1, "pool": "system"}
    assert (tmp_path / "budget_lines").is_dir()


def test_thaiplan_text_loads_no_arrow():
    probe = "sorted({'pyarrow', 'pandas'} & set(sys.modules))"
    assert _after_main(["text", str(DATA / "budget_book17_pages.pdf")], probe) == []


def test_reading_a_pdf_holds_no_arrow_until_its_rows_are_read(tmp_path):
    code = (
        "import json, sys\n"
        "from thaiplan.extract import process\n"
        "real, seen = process.process_file, []\n"
        "def spy(*args, **kwargs):\n"
        "    result = real(*args, **kwargs)\n"
        "    seen.append(sorted(m for m in ('pyarrow', 'numpy') if m in sys.modules))\n"
        "    return result\n"
        "process.process_file = spy\n"
        "from thaiplan.cli import main\n"
        "try:\n"
        f"    main(['extract', '--workers', '1', '-q', {str(DATA / 'budget_book17_pages.pdf')!r},"
        f" '--out', {str(tmp_path)!r}])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(json.dumps([seen, 'pyarrow.compute' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    # Arrow and numpy load after the document is read; a part of one file needs no sort
    assert json.loads(done.stdout.splitlines()[-1]) == [[[]], False]
    assert pq.read_table(tmp_path / "budget_lines").num_rows > 0


def test_a_part_of_one_file_is_the_file_arrows_sort_writes(processed, tmp_path):
    """file_tables puts a file's rows in the written order, so the writer skips Arrow's
    sort; the Parquet bytes must be those of the rows as written and sorted by Arrow."""
    for stem in STEMS:
        records = processed(stem).records
        out = tmp_path / stem
        writer = OutputWriter(out)
        writer.add_file(records)
        writer.add_input(f"{stem}.txt", "0" * 64, "ok")
        writer.commit(dt.datetime(2024, 1, 2, tzinfo=dt.UTC))
        for dataset, rows in records.items():
            if not rows:
                continue
            by_arrow = to_table(dataset, rows).sort_by(
                [(key, "ascending", "at_end") for key in ORDER]
            )
            expected = tmp_path / f"{stem}-{dataset}.parquet"
            _write(expected, by_arrow)
            written = out / dataset / "part-0.parquet"
            assert written.read_bytes() == expected.read_bytes(), (stem, dataset)


def test_arrow_loading_late_is_not_counted_against_a_files_memory_ceiling(tmp_path):
    # Arrow and numpy map ~300 MiB of address space when the first file's rows become
    # tables; under a 150 MiB ceiling that load failed the file, though it fits the file
    pdf = str(DATA / "budget_book17_pages.pdf")
    argv = ["extract", "--workers", "1", "--max-memory-mb", "150", "-q", pdf, "--out"]
    loaded = _after_main([*argv, str(tmp_path)], "'pyarrow' in sys.modules")
    assert loaded is True
    assert pq.read_table(tmp_path / "budget_lines").num_rows > 0
