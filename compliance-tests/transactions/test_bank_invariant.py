"""The bank-transfer invariant (issue 6): concurrent client processes, through the PostgreSQL port
(psycopg2) and the MySQL port (PyMySQL) at the same time, move random amounts between 200
accounts spread over every shard in explicit transactions, retrying on 40001 / 40P01 / MySQL
1213 / 1205. Checker processes (one per protocol) take REPEATABLE READ snapshots at random
moments: the total never changes and every balance equals its initial value plus the transfers
recorded in the same snapshot (so half a transfer, or a lost update, is seen at once).

Two styles: REPEATABLE READ with the new balances computed by the client (read, then write
values: only first-committer-wins keeps this from losing updates), and READ COMMITTED with
`SET balance = balance +/- x` (PostgreSQL waits for the other writer and applies both).
"""
import secrets
import time

import pytest

from harness.servers import TARGET
from transactions import bank_support as bank

RUN_SECONDS = 10


@pytest.mark.parametrize("isolation,style", [("repeatable read", "read_write"),
                                             ("read committed", "increment")],
                         ids=["repeatable_read_read_write", "read_committed_increment"])
def test_bank_transfer_invariant(server, tmp_path, isolation, style):
    accounts, transfers = bank.create_bank(server, secrets.token_hex(4))
    stop_file = tmp_path / "stop"
    # The PostgreSQL target has no MySQL port: all clients use psycopg2 there.
    protocols = ["pg", "mysql", "pg", "mysql"] if TARGET == "heliosdb" else ["pg"] * 4
    checkers = ["pg", "mysql"] if TARGET == "heliosdb" else ["pg"]
    workers = []
    try:
        for i, protocol in enumerate(protocols, start=1):
            cfg = bank.base_config(server, protocol, accounts, transfers, isolation=isolation,
                                   style=style, worker=i, seed=secrets.randbits(32),
                                   stop_file=str(stop_file), log=str(tmp_path / f"transfer-{i}.log"))
            workers.append(bank.Worker("transfer", cfg))
        for i, protocol in enumerate(checkers, start=1):
            cfg = bank.base_config(server, protocol, accounts, transfers, seed=secrets.randbits(32),
                                   stop_file=str(stop_file), log=str(tmp_path / f"check-{i}.log"))
            workers.append(bank.Worker("check", cfg))
        bank.wait_for_acks(workers, 1, timeout=30)
        time.sleep(RUN_SECONDS)
    finally:
        stop_file.touch()
        results = [(w, *w.wait(timeout=30)) for w in workers]
    try:
        for w, code, err in results:
            assert code == 0, f"{w.describe()} failed ({code}): {w.failure() or err[-3000:]}"
        stats = {w.describe(): w.stats() for w, _, _ in results}
        total, n_transfers, problems = bank.final_check(server, workers[0].cfg)
        summary = f"{isolation}/{style}: {stats}; final total {total}, {n_transfers} transfers"
        print(summary)
        assert not problems, f"final snapshot: {problems}; {summary}"
        for w, _, _ in results:
            if w.mode == "check":
                s = w.stats()
                assert s["checks"] >= 1, f"{w.describe()} never checked: {summary}"
                assert not s["problems"], f"{w.describe()} saw {s['problems'][:5]}; {summary}"
            else:
                assert w.stats()["acks"] >= 1, f"{w.describe()} committed nothing: {summary}"
        acked = sum(w.stats()["acks"] for w, _, _ in results if w.mode == "transfer")
        assert n_transfers == acked, f"{acked} acknowledged transfers but {n_transfers} rows: {summary}"
    finally:
        bank.drop_bank(server, accounts, transfers)
