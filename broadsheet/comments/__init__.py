"""Readers' comments on articles and stories, with replies, reports and moderation."""
