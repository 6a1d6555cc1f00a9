"""Rendering: turn the dataset and derived figures into site files (Markdown, SVG, JSON, CSV, Atom)."""
