"""The flat tables → one indicator's targets across plans: long (one row per target) and wide (one row
per plan, a numeric column per year), each row with the plan's commune, province and period."""

from __future__ import annotations

import pandas as pd

from vnplan.output.columns import CONTEXT

PLAN_KEYS = ["plan_id"] + [c.name for c in CONTEXT]
_ORDER = ["province", "district", "unit_name", "period_start_year", "doc_number", "plan_id"]


def compare_long(frames: dict[str, pd.DataFrame], indicator: str) -> pd.DataFrame:
    """One row per target of INDICATOR: plan context, year, comparator, percent (a number), the clause."""
    targets = frames["targets"]
    chosen = targets[targets["indicator"] == indicator]
    columns = PLAN_KEYS + ["target_no", "year", "comparator", "percent", "metric", "text"]
    return (chosen[columns].sort_values(_ORDER + ["year", "target_no"], na_position="last")
            .reset_index(drop=True))


def compare_wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per plan; per year a column with the percent and one with its comparator. A plan that
    sets several different targets for one year gets "2023", "2023_2", … (in the order the plan
    states them); targets without a year go in "no_year"."""
    if long.empty:
        return pd.DataFrame(columns=PLAN_KEYS)
    # the same value stated twice (in the text and in an indicator table) is one target here
    long = long.drop_duplicates(["plan_id", "year", "comparator", "percent"]).copy()
    long["key"] = long["year"].map(lambda y: "no_year" if y is pd.NA or y is None else str(int(y)))
    long["rank"] = long.groupby(["plan_id", "key"]).cumcount() + 1
    long["column"] = long["key"] + long["rank"].map(lambda r: "" if r == 1 else f"_{r}")
    plans = long[PLAN_KEYS].drop_duplicates("plan_id").set_index("plan_id")
    percent = long.pivot(index="plan_id", columns="column", values="percent")
    comparator = long.pivot(index="plan_id", columns="column", values="comparator")
    ordered = sorted(percent.columns, key=lambda c: (c.startswith("no_year"), c.split("_")[0],
                                                     int(c.split("_")[-1]) if "_" in c and c[-1].isdigit()
                                                     and not c.startswith("no_year") else 1))
    wide = plans.copy()
    for column in ordered:
        wide[column] = percent[column].astype("Float64")
        wide[f"{column}_comparator"] = comparator[column]
    return wide.reset_index().sort_values(_ORDER, na_position="last").reset_index(drop=True)
