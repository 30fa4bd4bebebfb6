#!/usr/bin/env bash
# Runs the notes sample as an embedded replica of a local sync server (Turso's CLI in sync-server
# mode, from the npm registry), on 127.0.0.1:8081. Ctrl-C stops both.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="${TURSODB_VERSION:-0.8.0-pre.4}"
cache="${HOME}/.cache/turso4j/cli/${version}"
tursodb="${cache}/package/tursodb"
if [ ! -x "$tursodb" ]; then
    mkdir -p "$cache"
    (cd "$cache" && npm pack --silent "@tursodatabase/cli-linux-x64-gnu@${version}" >/dev/null && tar xzf ./*.tgz)
fi
mkdir -p "$here/data"
"$tursodb" "$here/data/sync-server.db" --sync-server 127.0.0.1:8081 > "$here/data/sync-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until curl -s -o /dev/null http://127.0.0.1:8081/; do sleep 0.2; done
echo "sync server on http://127.0.0.1:8081 (log: samples/notes/data/sync-server.log)"
cd "$root"
./mvnw -pl samples/notes -am -DskipTests package spring-boot:run -Dspring-boot.run.profiles=replica
