#!/usr/bin/env bash
# Runs turso4j's benchmark suite (issue 6) and writes docs/benchmarks.md.
#
#   benchmarks/run.sh                      quick suite: under 10 minutes on a 2-core machine (builds not counted)
#   benchmarks/run.sh --full               longer iterations, 2 JMH forks
#   benchmarks/run.sh --only point,scan    some workloads only
#                                          (point scan insert_batch insert_single mixed vector startup sync sync_hang stop memory
#                                          vector_store concurrent_writes)
#
# vector_store: Spring AI's VectorStore API, TursoVectorStore (turso-spring-ai) against Spring AI's SimpleVectorStore:
# similaritySearch topK 10 over 10,000 and 100,000 documents of 384 dimensions, with and without a metadata
# filter, and documents added per second.
#
# concurrent_writes: 1, 2, 4 and 8 writer threads, each committing small read-write transactions on rows of its
# own, then with 10% of them on 4 shared rows: turso4j in MVCC (BEGIN CONCURRENT) and in its default WAL mode
# (BEGIN IMMEDIATE), sqlite-jdbc (BEGIN IMMEDIATE), turso_core in MVCC from Rust; fsync on everywhere;
# commits/s, conflicts and lock waits. About 4 minutes in quick mode.
#
# Builds first, as a release ships them (cargo profile dist: see turso-native/Cargo.toml): the driver
# (turso-jdbc and turso-native, TursoTemplate, turso-spring-ai, installed into the local Maven repository), the native
# baselines (benchmarks/native, a Rust binary over turso_core and rusqlite; benchmarks/native/sync,
# one over the turso crate's sync client) and this module. Cargo's target directory is
# ~/.cache/turso4j/target, or TURSO4J_CARGO_TARGET_DIR, for the driver and the baselines alike.
# The sync workload needs Turso's CLI `tursodb`; when it is missing it is fetched from the npm
# registry into ~/.cache/turso4j/cli, as the driver's test helper does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${TURSO4J_CARGO_TARGET_DIR:-$HOME/.cache/turso4j/target}"
tursodb_version="${TURSO4J_TURSODB_VERSION:-0.8.0-pre.4}"
cli_dir="$HOME/.cache/turso4j/cli/$tursodb_version"

step() { printf '==> %s\n' "$*" >&2; }

step "building the driver, TursoTemplate and TursoVectorStore (turso-jdbc, turso-spring-boot-autoconfigure, turso-spring-ai)"
./mvnw -q -pl turso-jdbc,turso-spring-boot-autoconfigure,turso-spring-ai -am install -DskipTests -Dturso.cargo.target-dir="$target_dir" \
    -Dturso.cargo.profile=dist

step "building the native baselines (benchmarks/native, with and without mimalloc; benchmarks/native/sync)"
native_dir="$root/benchmarks/target/native"
mkdir -p "$native_dir"
cargo build --profile dist --locked --manifest-path benchmarks/native/Cargo.toml --target-dir "$target_dir" --features mimalloc
cp "$target_dir/dist/turso4j-bench-native" "$native_dir/turso4j-bench-native-mimalloc"
cargo build --profile dist --locked --manifest-path benchmarks/native/Cargo.toml --target-dir "$target_dir"
cp "$target_dir/dist/turso4j-bench-native" "$native_dir/turso4j-bench-native"
cargo build --release --locked --manifest-path benchmarks/native/sync/Cargo.toml --target-dir "$target_dir"
cp "$target_dir/release/turso4j-bench-native-sync" "$native_dir/turso4j-bench-native-sync"
native_bin="$native_dir/turso4j-bench-native"

step "building the benchmarks module"
./mvnw -q -f benchmarks/pom.xml package
./mvnw -q -f benchmarks/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

if [ ! -x "$cli_dir/package/tursodb" ] && command -v npm >/dev/null; then
    step "fetching tursodb $tursodb_version (for the sync workload)"
    tmp="$(mktemp -d)"
    if (cd "$tmp" && npm pack --silent "@tursodatabase/cli-linux-x64-gnu@$tursodb_version" >/dev/null \
            && tar xzf ./*.tgz); then
        mkdir -p "$cli_dir"
        rm -rf "$cli_dir/package"
        mv "$tmp/package" "$cli_dir/package"
    else
        step "could not fetch tursodb: the sync workload will be reported as not measured"
    fi
    rm -rf "$tmp"
fi

step "running the suite"
java -Xmx512m -Dturso4j.tursodb="$cli_dir/package/tursodb" \
    -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    dev.turso4j.benchmarks.Suite --native "$native_bin" --native-mimalloc "$native_dir/turso4j-bench-native-mimalloc" \
    --native-sync "$native_dir/turso4j-bench-native-sync" --out docs/benchmarks.md --work benchmarks/target/work "$@"
