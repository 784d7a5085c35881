"""The names of the datasets thaiplan writes, in the contract's order (docs/DATASETS.md),
and the output's constants that need no Arrow type.

Taken from the row classes (thaiplan.extract.rows), which load no data library, so the
command line can offer them, and a worker read a whole document, without loading pyarrow.
"""

from thaiplan.extract.rows import ROW_TYPES

DATASETS: tuple[str, ...] = tuple(row_type.DATASET for row_type in ROW_TYPES)
SCHEMA_VERSION = "2"
FISCAL_YEAR = "fiscal_year_ce"
