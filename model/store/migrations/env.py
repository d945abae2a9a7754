"""Alembic's environment for the store: always run from model.store.database, which hands
over an open connection (`config.attributes["connection"]`); never from a command line."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
