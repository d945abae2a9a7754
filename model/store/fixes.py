"""Fixes followed: a saved scenario marked "started in period P", its forecast kept, and every
later period set against it.

The forecast (`mark_fix`, an analyst's) is the business case of the scenario on the latest
period stored before P (the baseline), priced with the assumptions and model that period
was priced with: the incidents it avoids per type (the types whose counts the scenario
changes), per 1,000 customers; the year's saving (`model.money.compare`'s, the What-if
page's "saving of the year's failures"); and the business case's saving over its horizon.

For every period from P on (`follow_fix`, any member), per type the fix acts on:

- incidents per 1,000 customers: before (the mean of the periods before P), forecast
  (before less the avoided), realised (the period's own);
- churn of the customers who had those incidents: realised against the model's expected.
  Realised comes from the periods themselves: with a `churned` column in the period's file,
  its mean (leaving within 12 months, against `churn_probability`, the model's 12 months);
  without one, a customer present in this period and absent from the next stored one has
  left (against 1 - (1 - churn_probability) ** (months between the two / 12));
- the saving realised: the year's saving the forecast gives each avoided incident,
  times the incidents realised avoided. For type t, with F_t the forecast avoided per 1,000
  customers, S_t the year's saving shared over the types in proportion to the money each
  avoided incident carried in the baseline (its root cause money per incident), n_0 the
  baseline's customers and n the period's, and R_t the realised avoided per 1,000 (before
  less realised): saving = sum over t of S_t * (R_t * n) / (F_t * n_0). Incidents that fall
  exactly as forecast realise exactly the forecast saving.

The range of the saving realised so far (the mean over the periods followed): the rates'
period-to-period spread s_t (the standard deviation of the periods before P) gives the
mean's standard error s_t * sqrt(1/m + 1/k), m periods before and k followed; the range is
the mean +/- Student's t (97.5 %, m - 1 degrees of freedom) standard errors, priced as
above. With fewer than two periods before P, or none followed, the periods are too few to
tell and no range is given. docs/methodology/fixes.md says the same to users.
"""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sqlalchemy import insert, select

from model.display import money
from model.money import FixCost, assumptions_from_json, business_case, compare, estimate
from model.store.access import ANALYST, VIEWER, acting, authorize
from model.store.audit import record
from model.store.bridge import inputs_file
from model.store.database import Store, StoreError, now
from model.store.models import model_in_use
from model.store.named import load_saved_scenario, version_history
from model.store.periods import PeriodRecord, period_figures_of, period_tables, stored_periods
from model.store.schema import fixes
from model.store.workspaces import NameTaken, check_period

#: Below these, the periods are too few to tell.
LEAST_BEFORE, LEAST_AFTER = 2, 1


@dataclass(frozen=True)
class Forecast:
    """What the business case said when the fix was marked."""

    baseline_period: str
    customers: int
    #: Incidents of each type the fix acts on, per 1,000 customers, in the baseline period.
    baseline_per_thousand: dict[str, float]
    #: Incidents avoided of each type, in the baseline period's customers, and per 1,000.
    avoided: dict[str, float]
    avoided_per_thousand: dict[str, float]
    #: The year's saving (the What-if page's) and its share per type.
    yearly_saving: float
    yearly_saving_by_type: dict[str, float]
    #: The business case's saving over its horizon (the What-if page's business case).
    horizon_saving: float
    horizon_years: int


@dataclass(frozen=True)
class PeriodFollowed:
    """One period from the start on, against the forecast."""

    period: str
    customers: int
    before_per_thousand: dict[str, float]
    forecast_per_thousand: dict[str, float]
    realised_per_thousand: dict[str, float]
    #: Customers who had an incident of the fix's types; the share who left; the model's.
    customers_with: int
    realised_churn: float | None
    expected_churn: float | None
    #: "churned column" or "absent from the next period"; None when neither is known yet.
    churn_source: str | None
    yearly_saving_realised: float


@dataclass(frozen=True)
class FixFollowed:
    scenario: str
    scenario_version: int
    started_in: str
    forecast: Forecast
    periods: tuple[PeriodFollowed, ...]
    #: The mean of the periods' realised yearly saving; its range (None: too few to tell).
    saving_so_far: float | None
    low: float | None
    high: float | None
    words: str


def _baseline(records: list[PeriodRecord], started_in: str) -> PeriodRecord:
    before = [r for r in records if r.period < started_in]
    if not before:
        raise StoreError(
            f"A fix started in {started_in} needs a period stored before it, as the baseline "
            "its forecast is priced on."
        )
    return before[-1]


def _forecast(store: Store, workspace: str, ws: int, baseline: PeriodRecord, name: str):
    scenario, fix_cost = load_saved_scenario(store, workspace, name)
    assumptions = assumptions_from_json(baseline.assumptions)
    with store.engine.connect() as connection:
        model = model_in_use(connection, ws, baseline.model_version).model
    with tempfile.TemporaryDirectory(prefix="churn-cost-fix-") as scratch:
        customers = pd.read_parquet(inputs_file(store, workspace, baseline.period, Path(scratch)))
    pv = baseline.prospect_value
    today = estimate(customers, model, assumptions, prospect_value=pv)
    fixed = estimate(customers, model, assumptions, scenario, prospect_value=pv)
    table = compare(today, fixed)
    figures = period_figures_of(store, workspace)[baseline.period]
    avoided, weight = {}, {}
    for name_t, before in figures.incidents.items():
        if name_t in today.columns:
            counted = float(pd.to_numeric(today[name_t]).sum())
            after = float(pd.to_numeric(fixed[name_t]).sum())
            if counted - after > 1e-9 * max(1.0, counted):  # more than a sum's rounding
                avoided[name_t] = counted - after
                cost = figures.root_causes.get(name_t, 0.0)
                weight[name_t] = avoided[name_t] * (cost / before if before else 0.0)
    yearly = float(table.loc["total_expected_cost", "saving"])
    total_weight = sum(weight.values())
    n = figures.customers
    case = business_case(today, fixed, fix_cost or FixCost(), assumptions)
    return Forecast(
        baseline_period=baseline.period,
        customers=n,
        baseline_per_thousand={t: figures.incidents[t] * 1000 / n for t in avoided},
        avoided=avoided,
        avoided_per_thousand={t: v * 1000 / n for t, v in avoided.items()},
        yearly_saving=yearly,
        yearly_saving_by_type={
            t: yearly * (w / total_weight if total_weight else 1 / len(weight))
            for t, w in weight.items()
        },
        horizon_saving=case.saving,
        horizon_years=case.horizon_years,
    )


def mark_fix(store: Store, workspace: str, scenario: str, started_in: str) -> Forecast:
    """Mark the saved scenario `scenario` (its latest version) as started in `started_in`,
    keeping its forecast; a scenario is followed once (NameTaken when already marked)."""
    check_period(started_in)
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
    version = version_history(store, workspace, "scenario", scenario)
    if not version:
        raise StoreError(f"The workspace holds no scenario {scenario!r}.")
    baseline = _baseline(stored_periods(store, workspace), started_in)
    forecast = _forecast(store, workspace, ws, baseline, scenario)
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        taken = fixes.c.workspace_id == ws, fixes.c.scenario == scenario
        if connection.execute(select(fixes.c.id).where(*taken)).first():
            raise NameTaken(f"The scenario {scenario!r} is already followed as a fix.")
        connection.execute(
            insert(fixes).values(
                workspace_id=ws,
                scenario=scenario,
                scenario_version=version[-1].version,
                started_in=started_in,
                forecast=json.dumps(asdict(forecast)),
                created_at=now(),
                created_by=acting(store).name,
            )
        )
        record(
            connection,
            store,
            ws,
            "fix started",
            f"scenario {scenario!r} version {version[-1].version} started in {started_in}; "
            f"forecast saving {money(forecast.yearly_saving, cents=True)} a year",
        )
    return forecast


def _months_between(a: str, b: str) -> int:
    return (int(b[:4]) - int(a[:4])) * 12 + int(b[5:]) - int(a[5:])


def _customers(store: Store, workspace: str, period: str, types) -> pd.DataFrame:
    frames = []
    for table in period_tables(store, workspace, period):
        keep = ["customer_id", "churn_probability", *types, "churned"]
        frames.append(table.select([c for c in keep if c in table.column_names]).to_pandas())
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _churn(store, workspace, period, later, types):
    """(customers with incidents, realised churn, expected churn, source) of a period."""
    rows = _customers(store, workspace, period, types)
    had = np.zeros(len(rows), dtype=bool)
    for t in types:
        had |= pd.to_numeric(rows[t]).to_numpy(dtype="float64") > 0
    group = rows[had]
    if group.empty:
        return 0, None, None, None
    p = group["churn_probability"].to_numpy(dtype="float64")
    if "churned" in group.columns and group["churned"].notna().all():
        realised = float(pd.to_numeric(group["churned"]).mean())
        return len(group), realised, float(p.mean()), "churned column"
    if later is None:
        return len(group), None, None, None
    present = set(_customers(store, workspace, later, ())["customer_id"].astype(str))
    left = ~group["customer_id"].astype(str).isin(present)
    months = _months_between(period, later)
    expected = 1.0 - (1.0 - p) ** (months / 12.0)
    return len(group), float(left.mean()), float(expected.mean()), "absent from the next period"


def _rate(figures, t: str) -> float:
    n = figures.customers
    return figures.incidents.get(t, 0.0) * 1000.0 / n if n else 0.0


def _priced(forecast: Forecast, avoided_per_thousand: dict[str, float], customers: float):
    """The year's saving of incidents avoided per 1,000 customers, at the forecast's price."""
    total = 0.0
    for t, share in forecast.yearly_saving_by_type.items():
        planned = forecast.avoided_per_thousand[t] * forecast.customers
        total += share * avoided_per_thousand.get(t, 0.0) * customers / planned if planned else 0
    return total


def _range(forecast: Forecast, before: dict, followed: list[PeriodFollowed]):
    """(mean, low, high, words) of the realised yearly saving."""
    if not followed:
        return None, None, None, "No period stored since the fix started: nothing to tell yet."
    mean = float(np.mean([p.yearly_saving_realised for p in followed]))
    m, k = len(next(iter(before.values()), [])), len(followed)
    if m < LEAST_BEFORE or k < LEAST_AFTER:
        return (
            mean,
            None,
            None,
            (
                f"Too few periods to tell: {m} before the start and {k} since; a range needs at "
                f"least {LEAST_BEFORE} before and {LEAST_AFTER} since."
            ),
        )
    t_value = float(stats.t.ppf(0.975, m - 1))
    customers = float(np.mean([p.customers for p in followed]))
    spread = {
        t: t_value * float(np.std(rates, ddof=1)) * math.sqrt(1 / m + 1 / k)
        for t, rates in before.items()
    }
    half = math.sqrt(sum(_priced(forecast, {t: s}, customers) ** 2 for t, s in spread.items()))
    words = (
        f"From {m} periods before the start and {k} since, the year's saving realised is "
        f"{money(mean)}, between {money(mean - half)} and {money(mean + half)} (95 %); the "
        f"forecast was {money(forecast.yearly_saving)}."
    )
    if mean - half <= 0 <= mean + half:
        words += " The range holds no saving at all: too early to tell the fix has worked."
    return mean, mean - half, mean + half, words


def _follow(store: Store, workspace: str, row) -> FixFollowed:
    forecast = Forecast(**json.loads(row.forecast))
    figures = period_figures_of(store, workspace)
    periods = sorted(figures)
    types = list(forecast.avoided)
    before = {t: [_rate(figures[p], t) for p in periods if p < row.started_in] for t in types}
    mean_before = {t: float(np.mean(r)) if r else 0.0 for t, r in before.items()}
    followed = []
    for period in (p for p in periods if p >= row.started_in):
        f = figures[period]
        later = next((p for p in periods if p > period), None)
        with_, realised, expected, source = _churn(store, workspace, period, later, types)
        realised_rates = {t: _rate(f, t) for t in types}
        avoided = {t: mean_before[t] - realised_rates[t] for t in types}
        followed.append(
            PeriodFollowed(
                period=period,
                customers=f.customers,
                before_per_thousand=mean_before,
                forecast_per_thousand={
                    t: mean_before[t] - forecast.avoided_per_thousand[t] for t in types
                },
                realised_per_thousand=realised_rates,
                customers_with=with_,
                realised_churn=realised,
                expected_churn=expected,
                churn_source=source,
                yearly_saving_realised=_priced(forecast, avoided, f.customers),
            )
        )
    mean, low, high, words = _range(forecast, before, followed)
    return FixFollowed(
        row.scenario,
        row.scenario_version,
        row.started_in,
        forecast,
        tuple(followed),
        mean,
        low,
        high,
        words,
    )


def fixes_followed(store: Store, workspace: str) -> list[FixFollowed]:
    """Every fix of the workspace, each against the periods stored since it started."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        rows = connection.execute(
            select(fixes).where(fixes.c.workspace_id == ws).order_by(fixes.c.id)
        ).all()
    return [_follow(store, workspace, row) for row in rows]
