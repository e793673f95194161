"""council-extract: council reports -> typed records in Parquet.  ``pipeline/`` knows council reports, not file formats."""

__version__ = "0.1.0"
# Part of the incremental-run key: bump when a change alters the records produced for the same input.
PIPELINE_VERSION = f"{__version__}+p1"
