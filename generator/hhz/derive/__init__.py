"""Stage 4, derive: every figure a page shows, computed once from the dataset."""
