"""Header and task-row figures of the five real gold documents (corpus/real/gold), per document."""

from __future__ import annotations


def main() -> dict:
    import real_gold  # tests/ is on sys.path (bench/run.py puts it there)

    figures = real_gold.main([])
    return {name: {k: v for k, v in fig.items() if not k.endswith("misses")} for name, fig in figures.items()}


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    main()
