"""Write corpus/lexicons/proper_names.csv: Vietnamese place and person names for the repair decoder.

Repair gives capitalised tokens a prior towards proper-name syllables, and a bonus to neighbouring
capitalised syllables that form a name ("Mộ Đức", "Tân Phú"), so that a name the plans never wrote
is not "repaired" into a common word ("Mô Dục", "Tận Phụ"). The names come from two MIT-licensed
PyPI packages, used only here (build time), never at run time:

- vietnamadminunits (Tran Ngoc Minh Hieu, MIT): every province, district and commune/ward of Vietnam,
  both before the 2025 reorganisation (63 provinces) and after it (34 provinces);
- vnfaker (Phan Duc Quang, MIT): Vietnamese surnames, middle names and given names.

Install them anywhere (`pip install --target /tmp/names vietnamadminunits vnfaker`) and run from the
repository root: `PYTHONPATH=/tmp/names python corpus/lm/build_names.py`. Only their data files are
read (not imported), so their own dependencies are not needed (`--no-deps` is fine).

Columns: name (NFC, as written), kind (province, district, commune, surname, middle name, given name),
units (how many administrative units, or 1 for a person-name entry, bear that name).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "lexicons" / "proper_names.csv"
KINDS = ("province", "district", "commune", "surname", "middle name", "given name")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} not found: pip install --target DIR {name}; PYTHONPATH=DIR python {__file__}")
    return Path(list(spec.submodule_search_locations)[0])


def clean(name) -> str | None:
    """NFC, the Icelandic eth some lists use for Đ fixed, spaces normalised; None if not a name."""
    if not isinstance(name, str):
        return None
    name = unicodedata.normalize("NFC", name).replace("Ð", "Đ").replace("ð", "đ")
    name = re.sub(r"\s+", " ", name).strip()
    if not name or not any(c.isalpha() for c in name) or any(c.isdigit() for c in name):
        return None  # 'Phường 15': a number, not a name
    return name


def admin_units() -> Counter:
    data = _package_dir("vietnamadminunits") / "data"
    counts: Counter = Counter()
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    for province in legacy["DICT_PROVINCE"].values():
        counts[("province", clean(province["provinceShort"]))] += 1
    for districts in legacy["DICT_PROVINCE_DISTRICT"].values():
        for district in districts.values():
            counts[("district", clean(district["districtShort"]))] += 1
    for districts in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].values():
        for wards in districts.values():
            for ward in wards.values():
                counts[("commune", clean(ward["wardShort"]))] += 1
    current = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))
    for province in current["DICT_PROVINCE"].values():
        counts[("province", clean(province["provinceShort"]))] += 1
    for wards in current["DICT_PROVINCE_WARD_NO_ACCENTED"].values():
        for ward in wards.values():
            counts[("commune", clean(ward["wardShort"]))] += 1
    return counts


def person_names() -> Counter:
    data = _package_dir("vnfaker") / "data" / "person"
    files = {"last.name": "surname", "first.name": "surname", "male_middle.name": "middle name",
             "female_middle.name": "middle name", "male.name": "given name", "female.name": "given name"}
    counts: Counter = Counter()
    for file, kind in files.items():
        for line in (data / file).read_text(encoding="utf-8").splitlines():
            name = clean(line)
            if name:
                counts[(kind, name)] = 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = admin_units() + person_names()
    rows = sorted(((kind, name, n) for (kind, name), n in counts.items() if name),
                  key=lambda r: (KINDS.index(r[0]), r[1]))
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "kind", "units"])
        for kind, name, n in rows:
            writer.writerow([name, kind, n])
    print(f"{len(rows)} names → {args.out}")


if __name__ == "__main__":
    main()
