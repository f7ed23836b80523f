"""Readers that turn source files into records and records into triples."""
