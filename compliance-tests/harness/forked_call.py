"""Runs one test function in a forked child, for clients whose native code is not memory-safe.

The child inherits the fixtures already set up in the parent (the server, open sockets), runs the
test body, and sends back how it ended; the parent re-raises that as the test's own outcome. A
segfault or heap corruption in the client's C code then fails only the one cell that caused it,
instead of killing the whole pytest process later, in some unrelated test.

Marks the body adds with request.applymarker (e.g. a conditional xfail) are sent back too, so
pytest's xfail handling in the parent sees them.
"""
import os
import pickle
import signal
import traceback

import pytest


class ChildTestError(Exception):
    """The test body raised something other than an assertion or a pytest outcome in the child."""


def _outcome_of(exc):
    if isinstance(exc, pytest.skip.Exception):
        return "skip", exc.msg
    if isinstance(exc, pytest.xfail.Exception):
        return "xfail", exc.msg
    if isinstance(exc, pytest.fail.Exception):
        return "fail", exc.msg
    text = "".join(traceback.format_exception(exc))
    return ("assert" if isinstance(exc, AssertionError) else "error"), text


def _run_child(item, kwargs, write_fd):
    marks_before = len(item.own_markers)
    try:
        item.obj(**kwargs)
        outcome = ("passed", None)
    except BaseException as exc:  # everything goes back to the parent, pytest outcomes included
        outcome = _outcome_of(exc)
    added = [(m.name, m.args, m.kwargs) for m in item.own_markers[marks_before:]]
    with os.fdopen(write_fd, "wb") as out:
        pickle.dump((outcome, added), out)


def call_in_forked_child(item):
    """Runs item's test function in a child process; raises its outcome here. Returns True (handled)."""
    kwargs = {name: item.funcargs[name] for name in item._fixtureinfo.argnames}
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest's own loop
        try:
            os.close(read_fd)
            _run_child(item, kwargs, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd, "rb") as result:
            data = result.read()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # e.g. pytest-timeout's alarm: do not leave the child running
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    if os.WIFSIGNALED(status):
        pytest.fail(f"the test's process died of {signal.Signals(os.WTERMSIG(status)).name} "
                    "inside the client library", pytrace=False)
    if not data:
        pytest.fail(f"the test's process exited ({os.waitstatus_to_exitcode(status)}) without a result",
                    pytrace=False)
    (kind, detail), added_marks = pickle.loads(data)
    for name, args, marker_kwargs in added_marks:
        item.add_marker(getattr(pytest.mark, name)(*args, **marker_kwargs))
    if kind == "passed":
        return True
    if kind == "skip":
        pytest.skip(detail)
    if kind == "xfail":
        pytest.xfail(detail)
    if kind == "fail":
        pytest.fail(detail, pytrace=False)
    if kind == "assert":
        raise AssertionError("in the forked child:\n" + detail)
    raise ChildTestError("in the forked child:\n" + detail)
