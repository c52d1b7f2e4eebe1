"""Summarises the CPU samples of a JFR recording: `jfr print --events jdk.ExecutionSample FILE`,
counted by top frame (where the CPU was), by method anywhere on the stack (inclusive), and by
thread; then the same for jdk.NativeMethodSample (threads waiting in native code). usage: jfr_top.py FILE.jfr [TOP_N]

Record one with HELIOSDB_JAVA_OPTS="<the launcher's default flags>
-XX:StartFlightRecording=filename=/tmp/helios.jfr,settings=profile,dumponexit=true" (the launcher's
options are replaced, not extended), run the workload, stop the server gracefully.
"""
import collections
import re
import shutil
import subprocess
import sys

FRAME = re.compile(r"^\s+(\S+)\(.*\)\s+line:")


def samples(path, event="jdk.ExecutionSample"):
    jfr = shutil.which("jfr") or "jfr"
    out = subprocess.run([jfr, "print", "--events", event, "--stack-depth", "64", path],
                         capture_output=True, text=True, check=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith(event):
            thread, frames, in_stack = None, [], False
        elif s.startswith("sampledThread = "):
            thread = re.sub(r"\s*\(javaThreadId.*", "", s[len("sampledThread = "):]).strip('"')
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
            yield thread, frames
        elif in_stack:
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))


def main(path, top_n=25):
    summarise(path, "jdk.ExecutionSample", int(top_n))
    # Threads inside native code (RocksDB writes and fsyncs, epoll) are not CPU samples above.
    summarise(path, "jdk.NativeMethodSample", min(int(top_n), 12))


def summarise(path, event, top_n):
    top, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(path, event):
        if not frames or "epollWait" in frames[0]:
            continue  # idle event-loop threads
        total += 1
        top[frames[0]] += 1
        for method in set(frames):
            inclusive[method] += 1
        threads[re.sub(r"[-#]?\d+$", "-N", thread or "?")] += 1
    print(f"\n== {total} {event} samples in {path}")
    if not total:
        return
    for title, counter in (("top frames (self)", top), ("on the stack (inclusive)", inclusive),
                           ("threads", threads)):
        print(f"\n{title}:")
        for name, n in counter.most_common(int(top_n)):
            print(f"  {100.0 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(*sys.argv[1:])
