"""Editors' helpers: the form editor beheer/ (Decap CMS), a new region, a new zelfevaluatie."""
