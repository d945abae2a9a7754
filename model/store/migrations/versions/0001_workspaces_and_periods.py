"""Workspaces, their named assumption sets, scenarios, mappings and models, and periods with
their figures and customers' estimates.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NAME = 200


def _versioned(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("name", sa.String(NAME), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "name", "version"),
    )


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(NAME), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("current_assumptions", sa.String(NAME)),
    )
    for name in ("assumption_sets", "scenarios", "mappings"):
        _versioned(name)
    op.create_table(
        "models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("artefact", sa.LargeBinary, nullable=False),
        sa.Column("card", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "version"),
    )
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("customers", sa.Integer, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("assumptions", sa.Text, nullable=False),
        sa.Column("assumption_set", sa.String(NAME)),
        sa.Column("assumption_version", sa.Integer),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("model_version", sa.Integer),
        sa.Column("prospect_value", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workspace_id", "period"),
    )
    op.create_table(
        "period_figures",
        sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id"), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(NAME), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
    )
    op.create_table(
        "period_parts",
        sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id"), primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
