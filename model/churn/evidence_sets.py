"""The public churn data sets the evidence table is derived from, and how each is read.

Each set is public real data that links a kind of service failure to whether the customer
left. None is committed here (see `PUBLIC_SETS` for each one's licence); `python -m
model.churn.evidence --data DIR` reads them from a folder and writes the figures derived
from them (facts, not data) to model/churn/evidence_table.json. Each reader gives one frame:
`churned`, `monthly_revenue` and `tenure_months` as the data contract means them, the set's
failure columns under the evidence's names (`EVIDENCE_KINDS`), and its other numeric traits
(usage, plan), which the fit holds fixed so that a failure is not credited with what comes
with heavy use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of failure public data record, and which of our incidents it informs.

    `incident` is the data contract's column whose effect it measures (None: none of the
    contract's has its unit; it informs a company's own declared column of that name)."""

    name: str
    label: str
    incident: str | None
    how: str


#: Each kind of failure public sets record, mapped to our incidents (docs/methodology).
EVIDENCE_KINDS: dict[str, EvidenceKind] = {
    kind.name: kind
    for kind in (
        EvidenceKind(
            "support_calls",
            "calls to customer service",
            "support_calls",
            "customer service calls are our support calls, counted the same way; they carry "
            "the time on the phone and the agents that come with each call, so the effect is "
            "the whole call group's",
        ),
        EvidenceKind(
            "complaints",
            "a complaint",
            "regulator_complaint",
            "a complaint made to the company (0 or 1); our regulator or public complaint is "
            "the same step taken further, so it is the closest of our incidents",
        ),
        EvidenceKind(
            "call_failures",
            "failed calls",
            None,
            "failed or dropped calls are outage-like, but counted, not timed: no contract "
            "column has their unit, so they inform a company's own column of failed or "
            "dropped calls, not outage hours",
        ),
    )
}

#: A company's declared column names that mean one of the kinds (lower case, underscores).
KIND_ALIASES: dict[str, str] = {
    "call_failures": "call_failures",
    "call_failure": "call_failures",
    "failed_calls": "call_failures",
    "dropped_calls": "call_failures",
    "dropped_blocked_calls": "call_failures",
    "blocked_calls": "call_failures",
    "complaints": "complaints",
    "complaint": "complaints",
    "complains": "complaints",
    "customer_service_calls": "support_calls",
    "customer_care_calls": "support_calls",
}


@dataclass(frozen=True)
class PublicSet:
    """One public data set: where it comes from, its licence and the file names it is read
    from inside the data folder."""

    key: str
    name: str
    source: str
    licence: str
    files: tuple[str, ...]


PUBLIC_SETS: dict[str, PublicSet] = {
    s.key: s
    for s in (
        PublicSet(
            "orange_telecom",
            "Orange telecom churn (BigML's churn-bigml-80 and -20)",
            "BigML's split of the Orange telecom churn set (copies on GitHub, e.g. "
            "ABKevin/Customer-churn-dataset)",
            "not stated: not committed",
            ("churn-bigml-80.csv", "churn-bigml-20.csv"),
        ),
        PublicSet(
            "iranian_telecom",
            "Iranian telecom churn (UCI 563)",
            "UCI Machine Learning Repository, data set 563 'Iranian Churn' (copies on GitHub, "
            "e.g. Sabreen-Nazar/Iranian_Churn)",
            "CC BY 4.0 (attribution: UCI Machine Learning Repository, Iranian Churn data set)",
            ("iranian-customer-churn.csv",),
        ),
        PublicSet(
            "ecommerce",
            "E-commerce customer churn (Kaggle)",
            "the 'E Commerce Dataset' workbook published on Kaggle (copies on GitHub, e.g. "
            "Daman-bir/Churn-Analysis)",
            "not stated: not committed",
            ("ecommerce-churn.xlsx",),
        ),
    )
}


def _orange(folder: Path) -> pd.DataFrame:
    raw = pd.concat([pd.read_csv(folder / name) for name in PUBLIC_SETS["orange_telecom"].files])
    plans = ("International plan", "Voice mail plan")
    yes = {c: raw[c].astype(str).str.strip().str.lower().eq("yes").astype(float) for c in plans}
    return pd.DataFrame(
        {
            "churned": raw["Churn"].astype(str).str.strip().str.upper().eq("TRUE").astype(int),
            "monthly_revenue": raw[[c for c in raw.columns if c.endswith("charge")]].sum(axis=1),
            "tenure_months": raw["Account length"] / 30.4,
            "support_calls": raw["Customer service calls"].astype(float),
            "international_plan": yes["International plan"],
            "voice_mail_plan": yes["Voice mail plan"],
            "day_minutes": raw["Total day minutes"],
            "eve_minutes": raw["Total eve minutes"],
            "night_minutes": raw["Total night minutes"],
            "intl_minutes": raw["Total intl minutes"],
        }
    ).reset_index(drop=True)


def _iranian(folder: Path) -> pd.DataFrame:
    raw = pd.read_csv(folder / PUBLIC_SETS["iranian_telecom"].files[0])
    raw.columns = [" ".join(c.split()).lower().replace(" ", "_") for c in raw.columns]
    return pd.DataFrame(
        {
            "churned": raw["churn"].astype(int),
            "monthly_revenue": raw["customer_value"] / 9,  # its nine months
            "tenure_months": raw["subscription_length"].astype(float),
            "call_failures": raw["call_failure"].astype(float),
            "complaints": raw["complains"].astype(float),
            "seconds_of_use": raw["seconds_of_use"],
            "frequency_of_use": raw["frequency_of_use"],
            "frequency_of_sms": raw["frequency_of_sms"],
            "distinct_numbers": raw["distinct_called_numbers"],
            "charge_amount": raw["charge_amount"],
            "tariff_plan": raw["tariff_plan"],
            # not `status` (active or not): written as the customer is leaving, near the outcome
        }
    )


def _ecommerce(folder: Path) -> pd.DataFrame:
    raw = pd.read_excel(
        folder / PUBLIC_SETS["ecommerce"].files[0], sheet_name="E Comm", engine="openpyxl"
    )
    gaps = ("Tenure", "OrderCount", "HourSpendOnApp", "DaySinceLastOrder", "CouponUsed")
    filled = {c: raw[c].fillna(raw[c].median()) for c in gaps}  # blank cells: the median
    return pd.DataFrame(
        {
            "churned": raw["Churn"].astype(int),
            "monthly_revenue": raw["CashbackAmount"] / 12,  # no revenue column: a stand-in
            "tenure_months": filled["Tenure"].astype(float),
            "complaints": raw["Complain"].astype(float),
            "order_count": filled["OrderCount"],
            "hours_on_app": filled["HourSpendOnApp"],
            "days_since_last_order": filled["DaySinceLastOrder"],
            "coupons_used": filled["CouponUsed"],
            "satisfaction_score": raw["SatisfactionScore"].astype(float),
            "city_tier": raw["CityTier"].astype(float),
        }
    )


READERS = {"orange_telecom": _orange, "iranian_telecom": _iranian, "ecommerce": _ecommerce}


def read_public_set(key: str, folder: str | Path) -> pd.DataFrame:
    """One public set from `folder`, in the frame the evidence fit reads (module docstring).

    FileNotFoundError naming the set and the file when one of its files is not there."""
    folder = Path(folder)
    for name in PUBLIC_SETS[key].files:
        if not (folder / name).is_file():
            raise FileNotFoundError(
                f"{PUBLIC_SETS[key].name}: {folder / name} is not there (source: "
                f"{PUBLIC_SETS[key].source})"
            )
    return READERS[key](folder)


def available_sets(folder: str | Path) -> list[str]:
    """The keys of the public sets whose every file is in `folder`."""
    folder = Path(folder)
    return [key for key, s in PUBLIC_SETS.items() if all((folder / f).is_file() for f in s.files)]


def failure_columns(frame: pd.DataFrame) -> list[str]:
    """A set frame's failure columns: those named after an evidence kind."""
    return [c for c in frame.columns if c in EVIDENCE_KINDS]


def trait_columns(frame: pd.DataFrame) -> list[str]:
    """A set frame's traits: every column but `churned` and its failures."""
    failures = set(failure_columns(frame))
    return [c for c in frame.columns if c != "churned" and c not in failures]
