"""Test harness for the compliance matrix: launching the server under test (HeliosDB or a private
PostgreSQL 15) and naming per-test tables. It drives servers only as a client and through their
command line; it never reads their data files."""
