"""A reader's own state: what they follow, what they saved, what they have read."""
