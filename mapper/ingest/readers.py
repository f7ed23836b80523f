"""Import every reader module so that each registers itself (order = sniffing order: specific first)."""

from mapper.ingest import tabular  # noqa: F401
