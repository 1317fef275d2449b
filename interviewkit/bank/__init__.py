"""The question bank: schema, loading with per-question errors, statistics and filtering."""
