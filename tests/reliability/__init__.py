"""Reliability and security suite: bad input, atomicity, read-only Cypher, injection, fuzzing,
store faults and limits. See docs/reliability.md for what each test proves."""
