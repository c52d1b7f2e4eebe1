"""Side-by-side run: a private PostgreSQL 15 and HeliosDB (bin/heliosdb) on free ports on this
machine, the same tables loaded into both, the same psycopg2 client driving both; prints
throughput, P50/P99 and the HeliosDB/PostgreSQL ratio, and writes the numbers as JSON."""
import argparse
import datetime
import json
import pathlib
import secrets
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "compliance-tests"))  # reuse the test harness's launchers

from harness.servers import HeliosServer, PostgresServer  # noqa: E402

import benchlib  # noqa: E402
import pointselect  # noqa: E402
import scanselect  # noqa: E402


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=100_000, help="rows in the point-select table")
    p.add_argument("--scan-rows", type=int, default=None,
                   help="rows in the scan table (default: 10 x --rows, at least 1M at full size)")
    p.add_argument("--clients", type=int, default=8, help="point-select client processes")
    p.add_argument("--duration", type=float, default=30.0, help="seconds of point selects")
    p.add_argument("--scan-reps", type=int, default=5, help="repetitions of the 1%% scan")
    p.add_argument("--batch", type=int, default=1000, help="rows per multi-row INSERT when loading")
    p.add_argument("--targets", default="postgres,heliosdb", help="comma list: postgres,heliosdb")
    p.add_argument("--out", type=pathlib.Path, default=None, help="JSON result file")
    return p.parse_args()


def bench_one(server, args):
    params = server.connect_params(sslmode="disable")
    print(f"[{server.name}] loading {args.rows} + {args.scan_rows} rows", file=sys.stderr, flush=True)
    load_s = benchlib.load_tables(params, args.rows, args.scan_rows, args.batch, server.name)
    if server.name == "postgres":
        conn = benchlib.connect(params)
        conn.cursor().execute("VACUUM ANALYZE")  # PostgreSQL's normal steady state after a load
        conn.close()
    print(f"[{server.name}] point selects: {args.clients} clients x {args.duration}s",
          file=sys.stderr, flush=True)
    point = pointselect.run(params, args.rows, args.clients, args.duration)
    print(f"[{server.name}] 1% scan x {args.scan_reps}", file=sys.stderr, flush=True)
    scan = scanselect.run(params, args.scan_rows, args.scan_reps)
    return {"load_seconds": load_s, "point_select": point, "scan_1pct": scan}


def _ratio(helios, postgres):
    return helios / postgres if postgres else float("nan")


def print_table(results):
    pg, hd = results.get("postgres"), results.get("heliosdb")
    rows = []
    for bench, metric in (("point_select", "throughput_per_s"), ("point_select", "p50_ms"),
                          ("point_select", "p99_ms"), ("scan_1pct", "throughput_per_s"),
                          ("scan_1pct", "p50_ms"), ("scan_1pct", "p99_ms"),
                          ("scan_1pct", "rows_scanned_per_s")):
        a = pg[bench][metric] if pg else None
        b = hd[bench][metric] if hd else None
        ratio = _ratio(b, a) if a is not None and b is not None else None
        rows.append((f"{bench}.{metric}", a, b, ratio))
    fmt = "{:<34} {:>14} {:>14} {:>10}"
    print(fmt.format("metric", "PostgreSQL 15", "HeliosDB", "HD/PG"))
    for name, a, b, ratio in rows:
        cell = lambda v: "-" if v is None else f"{v:,.2f}"  # noqa: E731
        print(fmt.format(name, cell(a), cell(b), "-" if ratio is None else f"{ratio:.3f}"))
    for target, res in results.items():
        bad = res["point_select"]["wrong_or_missing_rows"] + res["scan_1pct"]["wrong_results"]
        if bad:
            print(f"WARNING: {target} returned {bad} wrong results", file=sys.stderr)


def main():
    args = parse_args()
    if args.scan_rows is None:
        args.scan_rows = args.rows * 10
    password = "bench-" + secrets.token_hex(6)
    makers = {"postgres": PostgresServer, "heliosdb": HeliosServer}
    results, failures = {}, {}
    for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
        server = makers[target](password)
        try:
            server.start()
            results[target] = bench_one(server, args)
            code = server.stop()
            if code not in server.clean_exit_codes:
                print(f"WARNING: {target} exited with {code}", file=sys.stderr)
        except Exception as e:  # keep the other peer's numbers; report the failure at the end
            print(f"[{target}] failed: {e!r}; server log tail:\n{server.log_text()[-4000:]}",
                  file=sys.stderr)
            failures[target] = repr(e)
        finally:
            server.cleanup()
    print_table(results)
    out = args.out or HERE / "target" / (
        "pg-compare-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"config": {k: (str(v) if isinstance(v, pathlib.Path) else v) for k, v in vars(args).items()},
              "results": results, "failures": failures}
    if "postgres" in results and "heliosdb" in results:
        report["ratios_heliosdb_over_postgres"] = {
            "point_select_throughput": _ratio(results["heliosdb"]["point_select"]["throughput_per_s"],
                                              results["postgres"]["point_select"]["throughput_per_s"]),
            "point_select_p99": _ratio(results["heliosdb"]["point_select"]["p99_ms"],
                                       results["postgres"]["point_select"]["p99_ms"]),
            "scan_1pct_throughput": _ratio(results["heliosdb"]["scan_1pct"]["throughput_per_s"],
                                           results["postgres"]["scan_1pct"]["throughput_per_s"]),
        }
    out.write_text(json.dumps(report, indent=2))
    print(f"results written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
