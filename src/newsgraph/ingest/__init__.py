"""Turning raw input (file, stdin, URL; text or HTML) into a cleaned, language-identified Article."""

from newsgraph.ingest.prepare import prepare
from newsgraph.ingest.read import RawInput, read_source

__all__ = ["RawInput", "prepare", "read_source"]
