"""Plan records and error lines → JSON Lines files (one object a line, UTF-8), written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from vnplan.output.atomic import atomic_open


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    count = 0
    with atomic_open(path) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
            count += 1
    return count


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
