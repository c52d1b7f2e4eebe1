"""Sample values of every value-model type, shared by the driver files that check round trips in
text and binary format (psycopg 3, asyncpg). Each value is exactly representable in its column
type, so binary transfer (no text rounding) must give it back unchanged; VECTOR is HeliosDB-only
and is not part of the PostgreSQL matrix."""
import datetime as dt
import uuid
from decimal import Decimal

UTC = dt.timezone.utc
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))

# (SQL type, Python type returned, values that must round-trip unchanged)
ROUND_TRIPS = [
    ("BOOLEAN", bool, [True, False]),
    ("SMALLINT", int, [0, 1, -32768, 32767]),
    ("INTEGER", int, [0, -1, -2147483648, 2147483647]),
    ("BIGINT", int, [0, 42, -9223372036854775808, 9223372036854775807]),
    # float4 values a float8 holds exactly (1e30 would come back rounded in binary)
    ("REAL", float, [0.0, 1.5, -3.25, 16777216.0]),
    ("DOUBLE PRECISION", float, [0.0, 3.141592653589793, -1e-300, 1.7976931348623157e308]),
    ("NUMERIC(12,3)", Decimal, [Decimal("0.000"), Decimal("123456789.123"), Decimal("-0.001"),
                                Decimal("10000.500")]),
    ("VARCHAR(16)", str, ["", "abc", "exactly16chars!!"]),
    ("TEXT", str, ["", "plain", "héllo wörld ☃ 𝄞 中文", "it's \"quoted\" \\ back\\slash",
                   "line1\nline2\ttab", "x" * 10000]),
    ("BYTEA", bytes, [b"", b"\x00", b"a\x00b\x00\xff", bytes(range(256))]),
    ("DATE", dt.date, [dt.date(2024, 2, 29), dt.date(1970, 1, 1), dt.date(1, 1, 1),
                       dt.date(9999, 12, 31)]),
    ("TIME", dt.time, [dt.time(0, 0), dt.time(13, 45, 30, 123456), dt.time(23, 59, 59, 999999)]),
    ("TIMESTAMP", dt.datetime, [dt.datetime(2024, 2, 29, 13, 45, 30, 123456),
                                dt.datetime(1999, 12, 31, 23, 59, 59), dt.datetime(1960, 1, 1, 0, 0, 1)]),
    ("TIMESTAMPTZ", dt.datetime, [dt.datetime(2024, 6, 1, 12, 0, tzinfo=UTC),
                                  dt.datetime(2024, 6, 1, 17, 30, 0, 5, tzinfo=IST)]),
    ("UUID", uuid.UUID, [uuid.UUID("12345678-1234-5678-1234-567812345678"), uuid.UUID(int=0)]),
    ("JSON", (dict, list), [{"a": 1, "b": [1, 2, None], "s": "ü"}, [1, "two", {"three": 3.5}]]),
    ("JSONB", (dict, list), [{"a": 1, "nested": {"k": True}}, []]),
]

SQL_TYPES = [t[0] for t in ROUND_TRIPS]

# The OID PostgreSQL reports for a column of each type (pg_type.oid).
OIDS = {
    "BOOLEAN": 16, "SMALLINT": 21, "INTEGER": 23, "BIGINT": 20, "REAL": 700, "DOUBLE PRECISION": 701,
    "NUMERIC(12,3)": 1700, "VARCHAR(16)": 1043, "TEXT": 25, "BYTEA": 17, "DATE": 1082, "TIME": 1083,
    "TIMESTAMP": 1114, "TIMESTAMPTZ": 1184, "UUID": 2950, "JSON": 114, "JSONB": 3802,
}
