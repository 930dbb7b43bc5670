#!/usr/bin/env bash
# Measurement, not a test: one payload (1 GiB by default) from a seeder on 127.0.0.1 through the app's
# routes/download-to-s3.yaml into S3Proxy on 127.0.0.1. Reports the time from dropping the .torrent to the first
# payload bytes at S3 (the first object or part PUT S3Proxy receives), to the upload's end, and the app's peak RSS.
#
#   bash examples/bench/stream-to-s3.sh                # payload handed to S3 once downloaded and verified
#   STREAM=true bash examples/bench/stream-to-s3.sh    # torrent:download stream=true, once the component has it
#   SIZE_MIB=256 JAVA_OPTS=-Xmx256m bash examples/bench/stream-to-s3.sh
#
# Needs: the app jar and target/s3proxy.jar (mvn -B -q install -DskipTests), mktorrent and /usr/bin/time (Debian:
# mktorrent time). The seeder is the app's Cli, reached as a static peer, so no tracker is involved. Every process it
# starts is killed by PID on exit. BENCH_DIR keeps the payload for the next run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/yamtorrent-app.jar"
s3proxy_jar="$here/../target/s3proxy.jar"
routes="$here/../../routes"
[ -f "$jar" ] && [ -f "$s3proxy_jar" ] || { echo "build first: mvn -B -q install -DskipTests" >&2; exit 2; }
for p in mktorrent /usr/bin/time; do
    command -v "$p" >/dev/null || { echo "missing $p" >&2; exit 2; }
done
STREAM=${STREAM:-false}
SIZE_MIB=${SIZE_MIB:-1024}
PART_MIB=${PART_MIB:-16}
JAVA_OPTS=${JAVA_OPTS:-}
s3_port=${S3_PORT:-18080}
seed_port=${SEED_PORT:-16892}
app_port=${APP_PORT:-16893}
bucket=bench
work=${BENCH_DIR:-$(mktemp -d /tmp/yamtorrent-s3-bench.XXXX)}
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { # seconds description command...: polls until the command succeeds
    local end=$((SECONDS + $1)) what=$2; shift 2
    until "$@"; do
        [ $SECONDS -lt $end ] || { echo "timed out waiting for $what" >&2; exit 1; }
        sleep 0.2
    done
}
epoch() { date +%s.%N; }
# S3Proxy's log stamps are "MM-DD HH:MM:SS.mmm" in local time; prints the first matching line's time as epoch s
s3_time() {
    local stamp
    stamp=$(grep -m1 -F "$1" "$work/s3proxy.log" | awk '{print $3, $4}') || true
    [ -n "$stamp" ] && date -d "$(date +%Y)-$stamp" +%s.%N
}

# the app's log stamps are "HH:MM:SS.mmm" in local time
app_time() {
    local stamp
    stamp=$(grep -m1 -F "$1" "$work/app.log" | awk '{print $1}') || true
    [ -n "$stamp" ] && date -d "$(date +%F) $stamp" +%s.%N
}

# ---- payload and torrent (kept between runs) ----
name="payload-${SIZE_MIB}m.bin"
mkdir -p "$work/seed"
if [ ! -e "$work/seed/$name.done" ]; then
    head -c "$((SIZE_MIB << 20))" /dev/urandom > "$work/seed/$name"
    rm -f "$work/$name.torrent"
    mktorrent -l 20 -o "$work/$name.torrent" "$work/seed/$name" >/dev/null
    sha256sum "$work/seed/$name" | awk '{print $1}' > "$work/seed/$name.sha256"
    touch "$work/seed/$name.done"
fi

# ---- S3Proxy: filesystem backend, one log line per request ----
rm -rf "$work/s3data"; mkdir -p "$work/s3data"
cat > "$work/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access
s3proxy.credential=bench-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3data
jclouds.identity=local
jclouds.credential=local
EOF
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $s3_port $seed_port $app_port; do
    ! port_open $p || { echo "127.0.0.1:$p is in use (set S3_PORT, SEED_PORT, APP_PORT)" >&2; exit 2; }
done
LOG_LEVEL=debug java -jar "$s3proxy_jar" --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
wait_for 60 "S3Proxy on 127.0.0.1:$s3_port" port_open $s3_port

# ---- seeder (verifies the payload, then seeds) ----
java -jar "$jar" seed "$work/$name.torrent" "$work/seed" --listen 127.0.0.1 --min-announce-interval 5 --reannounce 5 --port $seed_port >"$work/seed.log" 2>&1 &
pids+=($!)
wait_for 300 "the seeder" grep -q "^seeding" "$work/seed.log"

# ---- the app: exits after the one payload file went through the route ----
app="$work/app"; rm -rf "$app"; mkdir -p "$app/drop"
stream_opt=()
[ "$STREAM" = true ] && stream_opt=(-Dyamtorrent.s3.stream=true)
(cd "$app" && exec /usr/bin/time -v -o "$work/time.txt" java $JAVA_OPTS \
    -Dyamtorrent.drop="$app/drop" -Dyamtorrent.work="$app/work" \
    -Dcamel.component.torrent.listen-address=127.0.0.1 -Dcamel.component.torrent.listen-port=$app_port \
    -Dcamel.main.routes-include-pattern="file:$routes/download-to-s3.yaml" \
    -Dcamel.main.duration-max-messages=1 \
    -Dyamtorrent.static-peers=127.0.0.1:$seed_port \
    -Dyamtorrent.s3.endpoint=http://127.0.0.1:$s3_port -Dyamtorrent.s3.bucket=$bucket \
    -Dyamtorrent.s3.access-key=bench-access -Dyamtorrent.s3.secret-key=bench-secret \
    -Dyamtorrent.s3.part-size=$((PART_MIB << 20)) \
    -Daws.requestChecksumCalculation=when_required \
    "${stream_opt[@]}" -jar "$jar") >"$work/app.log" 2>&1 &
app_pid=$!
pids+=($app_pid)
app_up() { grep -q "Started download-to-s3" "$work/app.log" || { kill -0 $app_pid 2>/dev/null || { tail -40 "$work/app.log" >&2; exit 1; }; false; }; }
wait_for 120 "the app's route" app_up

t0=$(epoch)
cp "$work/$name.torrent" "$app/$name.torrent.part"
mv "$app/$name.torrent.part" "$app/drop/$name.torrent"
timeout 1800 tail --pid=$app_pid -f /dev/null || { echo "the app did not finish in 30 min" >&2; exit 1; }
wait $app_pid || { echo "the app failed:" >&2; tail -40 "$work/app.log" >&2; exit 1; }

# ---- results ----
grep -q "uploaded $name" "$work/app.log" || { echo "no upload:" >&2; tail -40 "$work/app.log" >&2; exit 1; }
[ "$(sha256sum "$work/s3data/$bucket/$name" | awk '{print $1}')" = "$(cat "$work/seed/$name.sha256")" ] \
    || { echo "SHA-256 MISMATCH: s3://$bucket/$name" >&2; exit 1; }
url="/$bucket/$name"
verified=$(app_time "$name: completed,")
first_byte=$(s3_time "Request(PUT http://127.0.0.1:$s3_port$url")
last=$(grep -F "Request(" "$work/s3proxy.log" | grep -F "$url" | tail -1 | awk '{print $3, $4}')
done_at=$(date -d "$(date +%Y)-$last" +%s.%N)
rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
cpu_s=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u + s}' "$work/time.txt")
printf "payload             %s MiB, stream=%s, part %s MiB%s\n" "$SIZE_MIB" "$STREAM" "$PART_MIB" "${JAVA_OPTS:+, $JAVA_OPTS}"
awk -v t0="$t0" -v v="$verified" -v fb="$first_byte" -v d="$done_at" -v mib="$SIZE_MIB" 'BEGIN {
    printf "all pieces verified %.2f s after the drop\n", v - t0
    printf "first byte at S3    %.2f s after the drop\n", fb - t0
    printf "last request at S3  %.2f s after the drop (%.1f MiB/s end to end)\n", d - t0, mib / (d - t0) }'
printf "app peak RSS        %d MiB\n" $((rss_kib / 1024))
printf "app CPU             %s s\n" "$cpu_s"
echo "SHA-256 of s3://$bucket/$name equals the source; work dir: $work"
