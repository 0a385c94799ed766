"""Accessibility checks of finished documents: each checker returns a list of Findings."""
