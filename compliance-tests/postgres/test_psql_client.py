"""The real psql client (15) x the catalogs: its backslash commands send their own catalog queries
(\\dt, \\d TABLE, \\di, \\l, \\dn, \\du ...), \\x changes the output layout, \\copy runs COPY
FROM STDIN / TO STDOUT with a local file. Skipped when no psql binary is installed."""
import os
import shutil
import subprocess

import pytest


PSQL = shutil.which("psql")
pytestmark = pytest.mark.skipif(PSQL is None, reason="no psql binary on this machine")


def _psql(server, *commands, aligned=False):
    p = server.connect_params(sslmode="disable")
    env = dict(os.environ, PGPASSWORD=p["password"], PGCONNECT_TIMEOUT="10")
    dsn = f"host={p['host']} port={p['port']} user={p['user']} dbname={p['dbname']} sslmode=disable"
    args = [PSQL, dsn, "-X", "-v", "ON_ERROR_STOP=1"] + ([] if aligned else ["-A", "-F", "|"])
    for command in commands:
        args += ["-c", command]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def items(tables):
    return tables.create("id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, note TEXT", hint="items")


def test_list_tables(server, items):
    code, out, err = _psql(server, "\\dt")
    assert code == 0, err
    user = server.connect_params()["user"]
    assert f"public|{items}|table|{user}" in out.splitlines()


def test_describe_table(server, items):
    code, out, err = _psql(server, f"\\d {items}")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f'Table "public.{items}"'
    assert "id|integer||not null|" in lines
    assert "name|character varying(20)||not null|" in lines
    assert "note|text|||" in lines
    assert f'    "{items}_pkey" PRIMARY KEY, btree (id)' in lines


def test_describe_table_verbose(server, items):
    # \d+ concatenates arrays (reloptions || ARRAY(SELECT ... FROM pg_catalog.unnest(...) x))
    code, out, err = _psql(server, f"\\d+ {items}")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f'Table "public.{items}"'
    assert lines[1] == "Column|Type|Collation|Nullable|Default|Storage|Compression|Stats target|Description"
    assert "id|integer||not null||plain|||" in lines
    assert "name|character varying(20)||not null||extended|||" in lines
    assert "note|text||||extended|||" in lines
    assert f'    "{items}_pkey" PRIMARY KEY, btree (id)' in lines
    assert "Access method: heap" in lines


def test_list_indexes(server, items):
    code, out, err = _psql(server, "\\di")
    assert code == 0, err
    user = server.connect_params()["user"]
    assert f"public|{items}_pkey|index|{user}|{items}" in out.splitlines()


def test_list_tables_with_size_column(server, items):
    code, out, err = _psql(server, "\\dt+")
    assert code == 0, err
    header = out.splitlines()[1]
    assert header.split("|")[:4] == ["Schema", "Name", "Type", "Owner"]
    assert any(line.startswith(f"public|{items}|table|") for line in out.splitlines())


def test_list_sequences_and_views_finds_none_of_a_table(server, items):
    for command in ("\\dv", "\\ds"):
        code, out, err = _psql(server, command)
        assert code == 0, err
        assert items not in out


def test_list_databases(server):
    code, out, err = _psql(server, "\\l")
    assert code == 0, err
    p = server.connect_params()
    assert any(line.startswith(f"{p['dbname']}|{p['user']}|UTF8|") for line in out.splitlines())


def test_list_schemas(server, tables):
    schema = tables.unique_name("psqlsch")
    tables.execute(f"CREATE SCHEMA {schema}")
    try:
        code, out, err = _psql(server, "\\dn")
        assert code == 0, err
        names = [line.split("|")[0] for line in out.splitlines()]
        assert "public" in names and schema in names
    finally:
        tables.execute(f"DROP SCHEMA {schema}")


def test_list_roles(server):
    code, out, err = _psql(server, "\\du")
    assert code == 0, err
    user = server.connect_params()["user"]
    row = next(line for line in out.splitlines() if line.startswith(f"{user}|"))
    assert "Superuser" in row


def test_expanded_output(server, items, tables):
    tables.execute(f"INSERT INTO {items} VALUES (1, 'one', 'first'), (2, 'two', NULL)")
    code, out, err = _psql(server, "\\x on", f"SELECT id, name, note FROM {items} ORDER BY id", aligned=True)
    assert code == 0, err
    lines = [line.rstrip() for line in out.splitlines()]
    assert "Expanded display is on." in lines
    record = next(i for i, line in enumerate(lines) if line.startswith("-[ RECORD 1 ]"))
    assert lines[record + 1:record + 4] == ["id   | 1", "name | one", "note | first"]
    assert any(line.startswith("-[ RECORD 2 ]") for line in lines)
    assert "note |" in lines


def test_copy_round_trip_through_a_local_file(server, items, tables, tmp_path):
    rows = [(1, "tab\there", "back\\slash"), (2, "quote'd", None), (3, "ünïcødé", "line\nbreak")]
    tables.execute(f"INSERT INTO {items} VALUES " + ", ".join(["(%s, %s, %s)"] * len(rows)),
                   [v for row in rows for v in row])
    exported = tmp_path / "items.tsv"
    code, out, err = _psql(server, f"\\copy (SELECT * FROM {items} ORDER BY id) TO '{exported}'")
    assert code == 0, err
    assert out.strip() == "COPY 3"
    assert exported.read_text().splitlines()[1] == "2\tquote'd\t\\N"
    copy = tables.create("id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, note TEXT", hint="psqlcopy")
    code, out, err = _psql(server, f"\\copy {copy} FROM '{exported}'")
    assert code == 0, err
    assert out.strip() == "COPY 3"
    csv_file = tmp_path / "items.csv"
    code, out, err = _psql(server, f"\\copy {copy} TO '{csv_file}' WITH (FORMAT csv, HEADER)")
    assert code == 0, err
    assert csv_file.read_text().splitlines()[0] == "id,name,note"
    code, out, err = _psql(server, f"SELECT id, name, coalesce(note, '<null>') FROM {copy} ORDER BY id",
                           aligned=False)
    assert code == 0, err
    assert out.splitlines()[1:4] == ["1|tab\there|back\\slash", "2|quote'd|<null>", "3|ünïcødé|line"]


def test_copy_from_bad_file_reports_postgres_error(server, items, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\tok\tx\nnot-a-number\tbad\ty\n")
    code, out, err = _psql(server, f"\\copy {items} FROM '{bad}'")
    assert code != 0
    assert 'invalid input syntax for type integer: "not-a-number"' in err
    code, out, err = _psql(server, f"SELECT count(*) FROM {items}")
    assert out.splitlines()[1] == "0"
