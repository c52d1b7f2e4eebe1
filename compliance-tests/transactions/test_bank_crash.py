"""The bank-transfer workload with the server killed with SIGKILL three times mid-run and restarted
on the same data dir (issue 6). Every transfer writes a row with its unique id into the transfers
table in the same transaction; each client logs the ids it attempted and the ids whose COMMIT was
acknowledged. After every recovery, and at the end:
- the total is unchanged and every balance equals its initial value plus the transfers present,
  so each transfer is either fully there (history row and both balance changes) or fully absent;
- every acknowledged transfer id is present, with its accounts and amount;
- nothing is present that no client attempted.
"""
import random
import secrets
import time

import pytest

from harness.servers import TARGET, make_server
from transactions import bank_support as bank

KILLS = 3


@pytest.fixture
def crash_server(request):
    srv = make_server(TARGET, password="pw-" + secrets.token_hex(8))
    try:
        srv.start()
        yield srv
        code = srv.stop()
        assert code in srv.clean_exit_codes, f"unclean exit {code} after recovery; log:\n{srv.log_text()}"
    finally:
        srv.save_log(bank.LOG_DIR / f"{TARGET}-{request.node.name}.log")
        srv.cleanup()


def _parse_log(worker):
    tries, acks, lost = {}, set(), 0
    for line in worker.lines():
        parts = line.split()
        if parts[0] == "try":
            tries[int(parts[1])] = tuple(int(v) for v in parts[2:5])
        elif parts[0] == "ack":
            acks.add(int(parts[1]))
        elif parts[0] == "lost":
            lost += 1
    return tries, acks, lost


@pytest.mark.timeout(600)  # three restarts; each took 3-10 s on an idle 2-core machine, 30 s under load
def test_acknowledged_transfers_survive_kill_9(crash_server, tmp_path):
    srv = crash_server
    accounts, transfers = bank.create_bank(srv, secrets.token_hex(4))
    stop_file = tmp_path / "stop"
    # Both styles at once: RR clients computing new balances, RC clients incrementing in place.
    plan = [("pg", "repeatable read", "read_write"), ("mysql", "read committed", "increment"),
            ("pg", "read committed", "increment"), ("mysql", "repeatable read", "read_write")]
    if TARGET != "heliosdb":
        plan = [("pg", iso, style) for _, iso, style in plan]
    workers = []
    events = []
    try:
        for i, (protocol, isolation, style) in enumerate(plan, start=1):
            cfg = bank.base_config(srv, protocol, accounts, transfers, isolation=isolation, style=style,
                                   worker=i, seed=secrets.randbits(32), stop_file=str(stop_file),
                                   log=str(tmp_path / f"transfer-{i}.log"), reconnect=True)
            workers.append(bank.Worker("transfer", cfg))
        for kill in range(1, KILLS + 1):
            before = sum(w.acks() for w in workers)
            bank.wait_for_acks(workers, before + 30, timeout=45)
            time.sleep(random.uniform(0.2, 1.5))
            acked_at_kill = sum(w.acks() for w in workers)
            srv.kill9()
            started = time.monotonic()
            srv.start()  # same data dir, same ports
            restart_s = time.monotonic() - started
            total, n_transfers, problems = bank.final_check(srv, workers[0].cfg)
            events.append(f"kill {kill}: {acked_at_kill} acks, restart {restart_s:.1f}s, "
                          f"{n_transfers} transfers after recovery")
            assert not problems, f"after kill {kill}: {problems}; {events}"
            assert n_transfers >= acked_at_kill, f"after kill {kill}: acknowledged transfers lost; {events}"
        bank.wait_for_acks(workers, sum(w.acks() for w in workers) + 30, timeout=45)
    finally:
        stop_file.touch()
        results = [(w, *w.wait(timeout=60)) for w in workers]
    for w, code, err in results:
        assert code == 0, f"{w.describe()} failed ({code}): {w.failure() or err[-3000:]}; {events}"

    total, n_transfers, problems = bank.final_check(srv, workers[0].cfg)
    assert not problems, f"final: {problems}; {events}"
    history = bank.read_history(srv, transfers)
    tries, acks, lost = {}, set(), 0
    for w in workers:
        t, a, n = _parse_log(w)
        tries.update(t)
        acks |= a
        lost += n
    missing = sorted(tid for tid in acks if tid not in history)
    assert not missing, f"{len(missing)} acknowledged transfers lost: {missing[:20]}; {events}"
    wrong = sorted(tid for tid in acks if history[tid] != tries[tid])
    assert not wrong, f"acknowledged transfers with other accounts/amounts: {wrong[:20]}"
    phantom = sorted(tid for tid in history if tries.get(tid) != history[tid])
    assert not phantom, f"transfers present that no client attempted as such: {phantom[:20]}"
    in_doubt_committed = len(set(history) - acks)
    print(f"{'; '.join(events)}; {len(acks)} acknowledged, {lost} in doubt at a kill "
          f"({in_doubt_committed} of them committed), {len(history)} transfers, total {total}")
    bank.drop_bank(srv, accounts, transfers)
