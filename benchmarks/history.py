#!/usr/bin/env python3
"""A git.git-sized history for the heap goal, as a git fast-import stream: 4,000 files in 40 x 10
directories, then N - 1 commits that each change one line in 2 files (git.git: ~75,000 commits,
~4,500 files). 75000 gives 602,489 objects and a 203 MiB pack, in 15 s:

    git init -q --bare /tmp/history.git && git -C /tmp/history.git symbolic-ref HEAD refs/heads/main
    python3 benchmarks/history.py 75000 | git -C /tmp/history.git fast-import --quiet
    git daemon --base-path=/tmp --export-all --listen=127.0.0.1 --port=9419 &
    java -Xmx64m -cp benchmarks/target/benchmarks.jar dev.gitsource.benchmarks.HeapProbe \
        --clone git://127.0.0.1:9419/history.git /tmp/heap-work 0
"""
import random
import sys
n = int(sys.argv[1])
r = random.Random(7)
out = sys.stdout.buffer
words = [''.join(r.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(r.randint(2, 9))) for _ in range(3000)]
files = {}
def path(i):
    return f"d{i % 40}/s{(i // 40) % 10}/f{i}.c"
def text():
    return '\n'.join(' '.join(r.choice(words) for _ in range(r.randint(3, 12))) for _ in range(r.randint(10, 60))) + '\n'
mark = 0
def blob(data):
    global mark
    mark += 1
    b = data.encode()
    out.write(b'blob\nmark :%d\ndata %d\n' % (mark, len(b)) + b + b'\n')
    return mark
def commit(changes, t):
    global mark
    mark += 1
    msg = b'change'
    out.write(b'commit refs/heads/main\nmark :%d\ncommitter A <a@example.com> %d +0000\ndata %d\n%s\n' % (mark, t, len(msg), msg))
    for p, m in changes:
        out.write(b'M 100644 :%d %s\n' % (m, p.encode()))
    out.write(b'\n')
changes = []
for i in range(4000):
    files[i] = text()
    changes.append((path(i), blob(files[i])))
commit(changes, 1_000_000_000)
for c in range(1, n):
    ch = []
    for _ in range(2):
        i = r.randrange(4000)
        lines = files[i].split('\n')
        k = r.randrange(len(lines))
        lines[k] = ' '.join(r.choice(words) for _ in range(r.randint(3, 12)))
        files[i] = '\n'.join(lines)
        ch.append((path(i), blob(files[i])))
    commit(ch, 1_000_000_000 + c * 60)
