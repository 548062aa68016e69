"""What every command group shares: global settings and output helpers."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import typer


@dataclass
class Settings:
    database_url: str | None = None
    json: bool = False

    def db(self):
        from ..dburl import resolve

        return resolve(self.database_url)


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings()


def want_json(ctx: typer.Context, local: bool = False) -> bool:
    return local or settings(ctx).json


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def info(message: str) -> None:
    """Human-oriented messages go to stderr so stdout stays clean for data."""
    typer.echo(message, err=True)
