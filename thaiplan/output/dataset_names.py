"""The names of the datasets thaiplan writes, in the contract's order (docs/DATASETS.md).

Taken from the row classes (thaiplan.extract.rows), which load no data library, so the
command line can offer them without loading pyarrow.
"""

from thaiplan.extract.rows import ROW_TYPES

DATASETS: tuple[str, ...] = tuple(row_type.DATASET for row_type in ROW_TYPES)
