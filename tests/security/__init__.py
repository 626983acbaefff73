"""Hostile input, crashes and limits: suites that prove nothing gets in and nothing is lost."""
