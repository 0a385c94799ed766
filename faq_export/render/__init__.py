"""Renderers: each turns the document model into one output format."""
