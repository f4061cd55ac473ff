"""Readers of each input kind; each yields a RecordBatch that the validator checks."""
