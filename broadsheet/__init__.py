"""Broadsheet: a self-hostable AI news aggregator."""

__version__ = "0.1.0"
