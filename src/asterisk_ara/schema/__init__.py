"""Schema glue between the models, Alembic and live databases (``db`` commands)."""
