"""Summarises the CPU samples of a JFR recording: `jfr print --events jdk.ExecutionSample FILE`,
counted by top frame (where the CPU was), by method anywhere on the stack (inclusive), and by
thread. usage: jfr_top.py FILE.jfr [TOP_N]

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


def samples(path):
    jfr = shutil.which("jfr") or "jfr"
    out = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                         capture_output=True, text=True, check=True).stdout
    thread, frames, in_stack = None, [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
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
    top, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames in samples(path):
        if not frames:
            continue
        total += 1
        top[frames[0]] += 1
        for method in set(frames):
            inclusive[method] += 1
        threads[re.sub(r"[-#]?\d+$", "-N", thread or "?")] += 1
    print(f"{total} CPU samples in {path}")
    for title, counter in (("top frames (self)", top), ("on the stack (inclusive)", inclusive),
                           ("threads", threads)):
        print(f"\n{title}:")
        for name, n in counter.most_common(int(top_n)):
            print(f"  {100.0 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(*sys.argv[1:])
