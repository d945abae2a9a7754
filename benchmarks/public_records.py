"""Run the records import on public real logs and check its counts against independent ones.

    python benchmarks/public_records.py [--olist DIR] [--nyc311 FILE] [--servicenow FILE]
                                        [--work DIR] [--dask]

The sets are fetched by hand and kept outside the repository (their licences do not let us
commit them; docs/records.md, "Public sets tried", says where they come from):

- `--olist DIR`: the Brazilian E-Commerce Public Dataset by Olist (CC BY-NC-SA 4.0), or a
  sample of it: `olist_orders_dataset.csv`, and where present `olist_customers_dataset.csv`,
  `olist_order_payments_dataset.csv` and `olist_order_reviews_dataset.csv`.
- `--nyc311 FILE`: an export of NYC 311 Service Requests (NYC Open Data).
- `--servicenow FILE`: the ServiceNow incident event log published by UCI ("Incident
  management process enriched event log", CC BY 4.0), or a sample of it.

None has a CRM export, so the script writes one as a company would hold it: Olist's people
(`customer_unique_id`, or the order's `customer_id` without the customers file) with their
first purchase and their payments over the 12 months before the cut-off; for 311, each
building (`BBL`, else the `Incident Zip`), and for ServiceNow each caller, with revenue and
tenure 0. The logs are the public files as published, except that each Olist order gets its
person's `customer_unique_id` as a last column (a join a user makes; every other cell is
copied as it is). Runs:

1. Olist orders as tickets: a placed order is opened, its delivery closes it, the estimated
   delivery is its due date; a late or overdue delivery is a missed promise.
2. Olist reviews as tickets of the order (the customer file keyed by order): multi-line
   quoted comments, review ids that Olist reuses across orders.
3. NYC 311 requests as tickets of the building (created, closed, due date, agency).
4. NYC 311 requests as outages of the building (created to closed; still open runs on).
5. The ServiceNow log as it is, with no mapping: its columns found as a ServiceNow export;
   an incident's missed promises are its reopens plus one if it missed its SLA.

Each run goes through `data.records.prepare_records`, the command line's own path, and
prints per log rows read, used, outside the window, of an unknown customer and rejected,
the reasons of the rows not used, and checks against counts worked out here from the CSV
module alone: the records in the file, the tickets in the window, the missed promises and
the hours of the union of outage intervals. With `--dask` each import runs again on a local
Dask cluster, whose files must be the same bytes. Any mismatch is printed and the exit
status is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.records import date_lines, load_mapping, mapping_lines, prepare_records  # noqa: E402

#: The date formats the public files were seen in (ISO in Olist's own files, month-first
#: with no seconds where a copy went through a spreadsheet, month-first with AM/PM in 311).
FORMATS = ("%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p")
#: ServiceNow's UCI log writes day first ("29-02-2016 01:16"; a copy "29/2/2016 01:16").
DAY_FIRST = ("%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M")


def when(value: str, formats=FORMATS) -> dt.datetime | None:
    """A cell's time by the first of `formats` that reads it, or None for a blank."""
    if not value.strip() or value.strip() == "?":
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    raise ValueError(f"no known date format reads {value!r}")


def records(path: Path) -> list[dict[str, str]]:
    """The file's records by Python's CSV module (quoted line breaks stay in their cell)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def window(events: list[dt.datetime]) -> tuple[dt.datetime, dt.datetime]:
    """The importer's default window: to the midnight after the latest event, 12 months."""
    latest = max(events)
    end = dt.datetime(latest.year, latest.month, latest.day) + dt.timedelta(days=1)
    return end.replace(year=end.year - 1), end


def missed_promises(rows, opened, closed, due, start, end) -> tuple[int, int]:
    """(tickets opened in the window, their missed promises: closed after due, a due at
    midnight being a day kept until the next midnight, or still open with due before the
    end), one ticket per row."""
    inside = [r for r in rows if start <= when(r[opened]) < end]
    late = 0
    for r in inside:
        shut, promised = when(r[closed]), when(r[due])
        if promised is None:
            continue
        kept_until = promised + (dt.timedelta(days=1) if promised.time() == dt.time() else
                                 dt.timedelta(microseconds=1))  # fmt: skip
        if shut >= kept_until if shut else promised < end:
            late += 1
    return len(inside), late


def union_hours(intervals: dict[str, list[tuple[dt.datetime, dt.datetime]]]) -> float:
    """Hours of the union of each key's intervals, summed over keys."""
    total = 0.0
    for spans in intervals.values():
        spans.sort()
        start, stop = spans[0]
        for s, e in spans[1:]:
            if s > stop:
                total += (stop - start).total_seconds()
                start, stop = s, e
            else:
                stop = max(stop, e)
        total += (stop - start).total_seconds()
    return total / 3600


#: A Dask client when --dask is given: each run is repeated on the Dask engine.
DASK_CLIENT: list = []


class Run:
    """One import: its files, its mapping, and the checks against independent counts."""

    def __init__(self, name: str, inputs: dict[str, Path], mapping: dict | None, folder: Path):
        """`mapping`: the mapping file's content, or None to let the columns be found."""
        self.name, self.inputs, self.folder = name, inputs, folder
        self.mapping_path = None
        if mapping is not None:
            self.mapping_path = folder / f"{name}-mapping.json"
            self.mapping_path.write_text(json.dumps(mapping, indent=1), encoding="utf-8")
        self.failures = 0

    def prepare(self):
        began = time.perf_counter()
        given = load_mapping(self.mapping_path) if self.mapping_path else None
        done = prepare_records(self.inputs, given)
        seconds = time.perf_counter() - began
        done.write_customers(self.folder / f"{self.name}-prepared.csv")
        done.write_report(self.folder / f"{self.name}-unused.csv")
        print(f"\n== {self.name} ({seconds:.2f} s)")
        print(f"   window {done.window.describe()} ({done.window.origin()})")
        if self.mapping_path is None:
            print("   found: " + "; ".join(line.strip() for line in mapping_lines(done.found)))
        for line in date_lines(done.families, done.mapping):
            print(f"   {line.strip()}")
        for log, counts in done.counts.items():
            print(f"   {log}: {counts.read:,} read, {counts.used:,} used, "
                  f"{counts.outside:,} outside, {counts.unknown:,} unknown customer, "
                  f"{counts.rejected:,} rejected")  # fmt: skip
            self.check(f"{log}: read = used + outside + unknown + rejected",
                       counts.adds_up(), True)  # fmt: skip
        report = done.report()
        reasons = Counter(
            (log, reason.split(":")[0].split(" 20")[0])
            for log, reason in zip(report["log"], report["reason"], strict=True)
        )
        for (log, reason), n in reasons.most_common(8):
            print(f"   not used: {log}: {reason}: {n:,}")
        if DASK_CLIENT:
            self.same_on_dask(given, seconds)
        return done

    def same_on_dask(self, given, seconds: float) -> None:
        """The same import on the Dask engine: its files byte for byte the same."""
        from data.records.distributed import prepare_on_dask

        began = time.perf_counter()
        other = prepare_on_dask(self.inputs, given, client=DASK_CLIENT[0])
        took = time.perf_counter() - began
        other.write_customers(self.folder / f"{self.name}-dask-prepared.csv")
        other.write_report(self.folder / f"{self.name}-dask-unused.csv")
        same = all(
            (self.folder / f"{self.name}-{part}.csv").read_bytes()
            == (self.folder / f"{self.name}-dask-{part}.csv").read_bytes()
            for part in ("prepared", "unused")
        )
        print(f"   Dask engine: {took:.2f} s ({took / seconds:.1f} times one process)")
        self.check("Dask engine's prepared file and report are the same bytes", same, True)

    def check(self, what: str, got, expected) -> None:
        same = abs(got - expected) < 1e-6 if isinstance(expected, float) else got == expected
        self.failures += not same  # a bool: True counts 1
        verdict = "ok" if same else "MISMATCH"
        if isinstance(expected, bool):
            print(f"   check {what}: {verdict}")
        else:
            print(f"   check {what}: got {got:,}, independent {expected:,}: {verdict}")


def olist_orders(folder: Path, work: Path) -> int:
    """Run 1: Olist's orders as tickets, by person; missed promises checked."""
    orders_path = folder / "olist_orders_dataset.csv"
    orders = records(orders_path)
    people_path = folder / "olist_customers_dataset.csv"
    person = {}
    if people_path.exists():
        person = {r["customer_id"]: r["customer_unique_id"] for r in records(people_path)}
    key = "customer_unique_id" if person else "customer_id"
    with orders_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[*row, person.get(row[1], row[1])] for row in reader]
    tickets = write_csv(work / "olist-orders.csv", [*header, "customer_unique_id"], rows)
    start, end = window([when(r["order_purchase_timestamp"]) for r in orders])
    paid = defaultdict(float)
    payments = folder / "olist_order_payments_dataset.csv"
    if payments.exists():
        for r in records(payments):
            paid[r["order_id"]] += float(r["payment_value"])
    people: dict[str, list] = {}
    for r in orders:
        who = person.get(r["customer_id"], r["customer_id"])
        bought = when(r["order_purchase_timestamp"])
        entry = people.setdefault(who, [r["order_purchase_timestamp"], bought, 0.0])
        if bought < entry[1]:
            entry[:2] = [r["order_purchase_timestamp"], bought]
        if start <= bought < end:
            entry[2] += paid[r["order_id"]]
    crm = write_csv(
        work / "olist-crm.csv",
        [key, "first_purchase", "revenue_12m"],
        ([who, first, f"{revenue:.2f}"] for who, (first, _, revenue) in people.items()),
    )
    mapping = {
        "customers": {"columns": {"customer_id": key, "monthly_revenue": "revenue_12m",
                                  "customer_since": "first_purchase"}, "revenue_per": "year"},
        "tickets": {"columns": {"customer_id": "customer_unique_id", "ticket_id": "order_id",
                                "created_at": "order_purchase_timestamp",
                                "closed_at": "order_delivered_customer_date",
                                "due_at": "order_estimated_delivery_date"}},
    }  # fmt: skip
    run = Run("olist-orders", {"customers": crm, "tickets": tickets}, mapping, work)
    done = run.prepare()
    prepared = done.customers()
    inside, late = missed_promises(
        orders, "order_purchase_timestamp", "order_delivered_customer_date",
        "order_estimated_delivery_date", start, end,
    )  # fmt: skip
    run.check("tickets read", done.counts["tickets"].read, len(orders))
    run.check("customers read", done.counts["customers"].read, len(people))
    run.check("orders in the window", int(prepared["support_calls"].sum()), inside)
    run.check("missed promises", int(prepared["unresolved_promises"].sum()), late)
    return run.failures


def olist_reviews(folder: Path, work: Path) -> int:
    """Run 2: Olist's reviews as tickets of their order; records and cells checked."""
    reviews_path = folder / "olist_order_reviews_dataset.csv"
    if not reviews_path.exists():
        return 0
    reviews = records(reviews_path)
    orders = records(folder / "olist_orders_dataset.csv")
    crm = write_csv(
        work / "olist-orders-crm.csv",
        ["order_id", "order_purchase_timestamp", "yearly_value"],
        ([r["order_id"], r["order_purchase_timestamp"], "0"] for r in orders),
    )
    mapping = {
        "customers": {"columns": {"customer_id": "order_id", "monthly_revenue": "yearly_value",
                                  "customer_since": "order_purchase_timestamp"},
                      "revenue_per": "year"},
        "tickets": {"columns": {"customer_id": "order_id", "ticket_id": "review_id",
                                "created_at": "review_creation_date",
                                "closed_at": "review_answer_timestamp"}},
    }  # fmt: skip
    run = Run("olist-reviews", {"customers": crm, "tickets": reviews_path}, mapping, work)
    done = run.prepare()
    run.check("tickets read", done.counts["tickets"].read, len(reviews))
    multi = sum(any("\n" in v for v in r.values()) for r in reviews)
    print(f"   reviews with a line break in a quoted cell: {multi:,}")
    with (work / "olist-reviews-unused.csv").open(encoding="utf-8", newline="") as handle:
        unused = [row for row in csv.DictReader(handle) if row["log"] == "tickets"]
    differ = sum(
        any(reviews[int(row["row_number"]) - 1][c] != row[c] for c in reviews[0]) for row in unused
    )
    run.check("report rows whose cells differ from the file's", differ, 0)
    return run.failures


def nyc311(path: Path, work: Path) -> int:
    """Runs 3 and 4: NYC 311 requests as tickets and as outages of the building."""
    rows = records(path)
    key = "BBL" if "BBL" in rows[0] else "Incident Zip"
    keys = sorted({r[key] for r in rows if r[key].strip()})
    crm = write_csv(
        work / f"{path.stem}-crm.csv",
        [key, "monthly_revenue", "tenure_months"],
        ([k, "0", "0"] for k in keys),
    )
    customers = {"columns": {"customer_id": key, "monthly_revenue": "monthly_revenue",
                             "tenure_months": "tenure_months"}}  # fmt: skip
    start, end = window([when(r["Created Date"]) for r in rows])
    keyed = [r for r in rows if r[key].strip()]
    tickets = {"columns": {"customer_id": key, "ticket_id": "Unique Key",
                           "created_at": "Created Date", "closed_at": "Closed Date",
                           "due_at": "Due Date", "agent": "Agency",
                           "category": "Complaint Type"}}  # fmt: skip
    run = Run(
        f"{path.stem}-tickets", {"customers": crm, "tickets": path},
        {"customers": customers, "tickets": tickets}, work,
    )  # fmt: skip
    done = run.prepare()
    prepared = done.customers()
    # A request closed before it was created breaks the tickets' rule and is not counted.
    in_order = [r for r in keyed if not (when(r["Closed Date"]) or end) < when(r["Created Date"])]
    inside, late = missed_promises(in_order, "Created Date", "Closed Date", "Due Date", start, end)
    run.check("tickets read", done.counts["tickets"].read, len(rows))
    run.check("requests in the window", int(prepared["support_calls"].sum()), inside)
    run.check("missed promises", int(prepared["unresolved_promises"].sum()), late)
    outages = {"columns": {"customer_id": key, "start": "Created Date", "end": "Closed Date"}}
    second = Run(
        f"{path.stem}-outages", {"customers": crm, "outages": path},
        {"customers": customers, "outages": outages}, work,
    )  # fmt: skip
    done = second.prepare()
    spans = defaultdict(list)
    for r in keyed:
        s, e = when(r["Created Date"]), when(r["Closed Date"]) or end
        if s <= e and s < end and e > start:
            spans[r[key]].append((max(s, start), min(e, end)))
    second.check("outages read", done.counts["outages"].read, len(rows))
    second.check("outage hours", float(done.customers()["outage_hours"].sum()), union_hours(spans))
    return run.failures + second.failures


def servicenow(path: Path, work: Path) -> int:
    """Run 5: a ServiceNow incident event log as it is, its columns found (not mapped)."""
    rows = records(path)
    callers = sorted({r["caller_id"] for r in rows if r["caller_id"] not in ("", "?")})
    crm = write_csv(
        work / f"{path.stem}-crm.csv",
        ["customer_id", "monthly_revenue", "tenure_months"],
        ([caller, "0", "0"] for caller in callers),
    )
    run = Run(f"{path.stem}-found", {"customers": crm, "tickets": path}, None, work)
    done = run.prepare()
    incidents: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        incidents[r["number"]].append(r)
    start, end = window([when(r["opened_at"], DAY_FIRST) for r in rows])
    inside = [
        updates
        for updates in incidents.values()
        if start <= min(when(r["opened_at"], DAY_FIRST) for r in updates) < end
    ]
    missed = sum(
        max(int(r["reopen_count"]) for r in updates)
        + any(r["made_sla"].lower() == "false" for r in updates)
        for updates in inside
    )
    prepared = done.customers()
    run.check("tickets read", done.counts["tickets"].read, len(rows))
    run.check("incidents in the window", int(prepared["support_calls"].sum()), len(inside))
    run.check(
        "missed promises (reopens + SLA missed)", int(prepared["unresolved_promises"].sum()), missed
    )
    agents = {
        (r["caller_id"], r["assigned_to"]) for u in inside for r in u if r["assigned_to"] != "?"
    }
    run.check("agents contacted", int(prepared["agents_contacted"].sum()), len(agents))
    return run.failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--olist", type=Path, help="a folder of Olist CSV files")
    parser.add_argument(
        "--nyc311",
        type=Path,
        action="append",
        default=[],
        help="an NYC 311 Service Requests CSV (may be repeated)",
    )
    parser.add_argument("--servicenow", type=Path, action="append", default=[],
                        help="a ServiceNow incident event log CSV (may be repeated)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="where to write (default: a temporary one)")
    parser.add_argument(
        "--dask", action="store_true", help="also run each import on a local Dask cluster"
    )
    args = parser.parse_args(argv)
    if args.olist is None and not args.nyc311 and not args.servicenow:
        parser.error("give --olist DIR, --nyc311 FILE or --servicenow FILE")
    with tempfile.TemporaryDirectory() as temporary, contextlib.ExitStack() as stack:
        if args.dask:
            from data.dask_cluster import dask_client

            DASK_CLIENT.append(stack.enter_context(dask_client(None)))
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        failures = 0
        if args.olist is not None:
            failures += olist_orders(args.olist, work) + olist_reviews(args.olist, work)
        for path in args.nyc311:
            failures += nyc311(path, work)
        for path in args.servicenow:
            failures += servicenow(path, work)
    print(f"\n{failures} mismatch(es) against the independent counts.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
