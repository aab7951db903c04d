"""A typed flat table → one Parquet file (pyarrow), each column with its declared type, written atomically."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from vnplan.output.atomic import atomic_path
from vnplan.output.columns import COLUMNS

_ARROW = {"text": pa.string(), "list": pa.string(), "integer": pa.int64(), "number": pa.float64(),
          "boolean": pa.bool_(), "date": pa.date32()}


def arrow_schema(name: str) -> pa.Schema:
    """The explicit Arrow schema of one table (never inferred from the data)."""
    return pa.schema([pa.field(c.name, _ARROW[c.kind], nullable=c.name not in ("plan_id",),
                               metadata={"meaning": c.meaning}) for c in COLUMNS[name]])


def iso_date(value) -> dt.date | None:
    """'2024-03-31' → a date; a value that is not a full ISO date stays out of typed outputs (the CSV
    keeps the text)."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _values(series: pd.Series, kind: str) -> list:
    if kind == "date":
        return [iso_date(v) for v in series]
    return [None if v is pd.NA or v is None else v for v in series.astype(object)]


def arrow_table(frame: pd.DataFrame, name: str) -> pa.Table:
    schema = arrow_schema(name)
    arrays = [pa.array(_values(frame[c.name], c.kind), type=_ARROW[c.kind]) for c in COLUMNS[name]]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(frame: pd.DataFrame, name: str, path) -> None:
    with atomic_path(path) as tmp:
        pq.write_table(arrow_table(frame, name), tmp)
