"""Print what a workspace costs: snapshotting a period against `model.score` on the same file,
and drawing the Trend page's figures for 24 periods.

    python benchmarks/snapshot_speed.py [--customers 1000000] [--rounds 2]

Writes one synthetic customer CSV, then times, alternated, best of `--rounds`, in this one
process: `model.score` (CSV to CSV, as `churn-cost score` runs it), `model.score --explain`
(the same with each row's root causes, the work a period needs), and `churn-cost snapshot`
of the file into a fresh SQLite store (scoring with root causes, the price of every failure,
writing the rows as Parquet parts and the figures in one transaction). Wall and CPU
seconds are printed: on a shared machine the CPU ratio is the steadier. Then the store is
given 24 periods (the snapshot's figures copied to 23 more months: the trend reads figures
only, so their number of customers does not change what it reads) and the Trend page's
reads are timed: the figures, the trend and scorecard tables, the alerts and a bridge.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from data.synthetic import generate  # noqa: E402
from model.batch import score_file  # noqa: E402
from model.store import (  # noqa: E402
    AlertRule,
    alerts_for,
    bridge,
    command_line,
    create_workspace,
    open_store,
    period_figures_of,
    save_alert_rule,
    scorecard_table,
    snapshot_file,
    trend_table,
)
from model.store.schema import period_figures, periods  # noqa: E402


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def timed_with_cpu(action, cpu: list[float]) -> float:
    """Wall seconds of `action`; its CPU seconds (every thread of this process) appended to
    `cpu`: on a machine others share, the CPU ratio moves less than the wall one."""
    start = time.process_time()
    seconds = timed(action)
    cpu.append(time.process_time() - start)
    return seconds


def copy_period(store, months: int) -> None:
    """The stored period's row and figures copied to `months` - 1 more months."""
    with store.engine.begin() as connection:
        row = connection.execute(select(periods)).first()._asdict()
        figures = connection.execute(
            select(period_figures).where(period_figures.c.period_id == row["id"])
        ).all()
        for month in range(2, months + 1):
            values = {k: v for k, v in row.items() if k != "id"}
            values["period"] = f"{2025 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
            new = connection.execute(insert(periods).values(**values).returning(periods.c.id))
            new_id = new.scalar()
            connection.execute(
                insert(period_figures),
                [{**f._asdict(), "period_id": new_id} for f in figures],
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="snapshot-speed-") as scratch:
        folder = Path(scratch)
        source = folder / "customers.csv"
        generate(args.customers, 1).drop(columns=["true_churn_probability", "churned"]).to_csv(
            source, index=False
        )
        runs = {"score": [], "score --explain": [], "snapshot": []}
        cpu = {name: [] for name in runs}
        store = None
        for round_ in range(args.rounds):
            runs["score"].append(
                timed_with_cpu(lambda: score_file(source, folder / "out.csv"), cpu["score"])
            )
            runs["score --explain"].append(
                timed_with_cpu(
                    lambda: score_file(source, folder / "out.csv", explain=True),
                    cpu["score --explain"],
                )
            )
            if store is not None:
                store.dispose()
            store = open_store(f"sqlite:///{folder / f'store-{round_}.sqlite'}").acting(
                command_line()
            )
            create_workspace(store, "Bench")
            runs["snapshot"].append(
                timed_with_cpu(
                    lambda s=store: snapshot_file(s, "Bench", "2025-01", source), cpu["snapshot"]
                )
            )
        best = {name: min(times) for name, times in runs.items()}
        least_cpu = {name: min(times) for name, times in cpu.items()}
        print(f"{args.customers:,} customers, best of {args.rounds} alternated runs:")
        for name, seconds in best.items():
            every = ", ".join(f"{t:.2f}" for t in runs[name])
            print(f"  {name:<16} {seconds:7.2f} s   (all: {every}; CPU {least_cpu[name]:.2f} s)")
        for name in ("score", "score --explain"):
            print(
                f"  snapshot / {name:<16} = {best['snapshot'] / best[name]:.2f} "
                f"(CPU {least_cpu['snapshot'] / least_cpu[name]:.2f})"
            )

        copy_period(store, 24)
        save_alert_rule(store, "Bench", AlertRule("up 10 %", "any_root_cause", rise_percent=10.0))

        def draw() -> None:
            figures = period_figures_of(store, "Bench")
            trend_table(figures)
            scorecard_table(figures)
            alerts_for(store, "Bench")
            bridge(store, "Bench", "2025-01", "2026-12")

        draws = [timed(draw) for _ in range(5)]
        print(
            f"Trend page's reads, 24 periods of {args.customers:,} customers: "
            f"best {min(draws) * 1000:.0f} ms, worst {max(draws) * 1000:.0f} ms of 5"
        )
        store.dispose()


if __name__ == "__main__":
    main()
