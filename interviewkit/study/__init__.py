"""Studying: FSRS scheduling, the SQLite progress store, grading, sessions and statistics.

Importing this package imports nothing; pull in the module you need (store, sessions, ...).
None of it imports Textual, torch or SymPy, so the CLI and the UI both build on it.
"""
