"""Helpers shared by tests across apps (not imported by the product)."""
