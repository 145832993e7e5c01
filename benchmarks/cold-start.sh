#!/usr/bin/env bash
# Cold `gitsource clone --depth 1` against `git clone --depth 1`, whole processes, from a C git
# daemon on 127.0.0.1: the MEDIUM shape (5,000 generated files) and a real-sized repository (the
# java.base and java.xml sources of the JDK's src.zip, 5,255 real files, 68 MB, one commit).
#   benchmarks/cold-start.sh [RUNS] [EXTRA GITSOURCE COMMAND...]
# Needs benchmarks/target/benchmarks.jar and the CLI jar (./gitsource builds it). Each extra
# command is timed beside the two, e.g. 'java -jar gitsource-cli/target/gitsource.jar'.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
shift || true
work="${COLD_START_WORK:-/tmp/gitsource-cold-start}"
root="$work/repos"
mkdir -p "$root"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
if [ ! -d "$root/medium.git" ]; then
  java -cp "$here/benchmarks/target/benchmarks.jar" dev.gitsource.benchmarks.SeedShape MEDIUM "$root"
fi
if [ ! -d "$root/jdk.git" ]; then
  src="$( (ls -L /usr/lib/jvm/*/lib/src.zip 2>/dev/null || true) | head -1)"
  rm -rf "$work/jdk-src" && mkdir -p "$work/jdk-src"
  (cd "$work/jdk-src" && unzip -q "$src" 'java.base/*' 'java.xml/*' && git init -q -b main \
    && git add -A && git -c user.name=b -c user.email=b@example.com commit -q -m import \
    && git clone -q --bare . "$root/jdk.git" && git -C "$root/jdk.git" gc -q --prune=now)
  rm -rf "$work/jdk-src"
fi
port=$((20000 + RANDOM % 20000))
git daemon --export-all --reuseaddr --base-path="$root" --listen=127.0.0.1 --port="$port" "$root" &
daemon=$!
trap 'kill $daemon' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
for repo in medium jdk; do
  url="git://127.0.0.1:$port/$repo.git"
  echo "== $repo ($(git -C "$root/$repo.git" ls-tree -r --name-only HEAD | wc -l) files)"
  cmds=("git clone -q --depth 1 $url $work/t" "$here/gitsource clone $url $work/t --depth 1 -q")
  labels=(-l "git clone --depth 1" -l "./gitsource clone --depth 1")
  for extra in "$@"; do
    cmds+=("$extra clone $url $work/t --depth 1 -q")
    labels+=(-l "$extra")
  done
  python3 "$here/benchmarks/compare.py" -n "$runs" --prepare "rm -rf $work/t" "${labels[@]}" "${cmds[@]}"
done
