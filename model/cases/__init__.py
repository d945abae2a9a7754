"""The built-in cases: the sources' customers as presets, the case study's rules, and the
synthetic portfolios the dashboard offers.
"""

from model.cases.case_study import (
    CASE_STUDY_CUSTOMER,
    case_customer,
    fix_savings,
    scored_fixes,
)
from model.cases.presets import (
    CUSTOMER_PRESETS,
    SCHOOL_SUPPLIES_FIGURES,
    SCHOOL_SUPPLIES_FIX,
    SCHOOL_SUPPLIES_STORY,
    TELCO,
    CustomerPreset,
    school_supplies_business_case,
    school_supplies_derivation,
)
from model.cases.synthetic_portfolios import (
    DASHBOARD_SEED,
    DEFAULT_PORTFOLIO_SIZE,
    PORTFOLIO_SIZES,
    synthetic_portfolio,
)

__all__ = [
    "CASE_STUDY_CUSTOMER",
    "CUSTOMER_PRESETS",
    "DASHBOARD_SEED",
    "DEFAULT_PORTFOLIO_SIZE",
    "PORTFOLIO_SIZES",
    "SCHOOL_SUPPLIES_FIGURES",
    "SCHOOL_SUPPLIES_FIX",
    "SCHOOL_SUPPLIES_STORY",
    "TELCO",
    "CustomerPreset",
    "case_customer",
    "fix_savings",
    "school_supplies_business_case",
    "school_supplies_derivation",
    "scored_fixes",
    "synthetic_portfolio",
]
