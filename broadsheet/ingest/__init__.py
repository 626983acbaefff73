"""Ingestion: poll feeds, fetch pages, extract, store articles."""
