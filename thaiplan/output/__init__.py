"""The output stage: Arrow schemas, the Parquet writer and manifest, reading the datasets
back, and what is made from them (the HTML report, CSV/xlsx and community-CSV export)."""
