"""Readers' accounts: sign-up with email verification, profiles, account deletion."""
