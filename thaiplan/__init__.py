"""thaiplan: Thai government plan documents in, typed Parquet datasets out.

>>> import thaiplan
>>> datasets = thaiplan.extract("plans/")  # doctest: +SKIP
>>> datasets["kpis"].to_pandas()  # doctest: +SKIP
"""

import os

# pythainlp must never reach for the network; it reads this when it is first imported, so it
# is set here, the one place every import of thaiplan (CLI, API, a stage module) passes first.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

# The extraction stages' package is loaded first, so that the API function below, not the
# package, is what `thaiplan.extract` names; stage code imports from the package itself.
import thaiplan.extract as _extraction_stages  # noqa: F401
from thaiplan._version import __version__
from thaiplan.api import Datasets, extract, read_output

__all__ = ["Datasets", "__version__", "extract", "read_output"]
