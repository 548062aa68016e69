"""``asterisk-ara conf import`` / ``conf export``: a pjsip.conf into the ARA tables, and back.

reader: Asterisk's config format -> sections; mapping: sections -> rows; load: rows -> the
database in one transaction; export: the database -> pjsip.conf text.
"""
from __future__ import annotations

from .export import ConfExport, export_pjsip_conf
from .load import ConfImportErrors, ConfImportReport, import_pjsip_conf
from .mapping import TYPES, parse_types
from .reader import read_config

__all__ = ["TYPES", "ConfExport", "ConfImportErrors", "ConfImportReport", "export_pjsip_conf",
           "import_pjsip_conf", "parse_types", "read_config"]
