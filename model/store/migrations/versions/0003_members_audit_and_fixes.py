"""The team: members with roles, the audit trail, who saved each version, fixes followed.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ACTOR = 320


def upgrade() -> None:
    for table in ("assumption_sets", "scenarios", "mappings", "models"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("created_by", sa.String(ACTOR)))
    op.create_table(
        "members",
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
        sa.Column("email", sa.String(ACTOR), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_by", sa.String(ACTOR), nullable=False),
    )
    op.create_table(
        "audit_trail",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(ACTOR), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("audit_trail_by_workspace", "audit_trail", ["workspace_id", "id"])
    op.create_table(
        "fixes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("scenario_version", sa.Integer, nullable=False),
        sa.Column("started_in", sa.String(7), nullable=False),
        sa.Column("forecast", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(ACTOR), nullable=False),
        sa.UniqueConstraint("workspace_id", "scenario"),
    )
