#!/usr/bin/env bash
# Loopback benchmark: yamtorrent vs aria2c vs transmission-cli, on the same torrents from the same seeders.
#
#   mvn -B -q -pl examples -am package -DskipTests && bash examples/bench/benchmark.sh
#
# covers, 3 runs each with the clients alternating, medians of wall s, MiB/s, CPU s and peak RSS:
#   - download: ours, aria2c and transmission-cli leeching 1 GiB single file (1 MiB pieces) and 1 GiB over 50 files
#     (256 KiB pieces) from an aria2c seeder and from ours; "ratio" is ours/aria2c MiB/s from the same seeder;
#   - upload: aria2c leeching from our seeder vs from an aria2c seeder ("upload" line: ours/aria2c);
#   - memory: a 4 GiB single file, ours and aria2c (peak RSS must match the 1 GiB runs: flat);
#   - drop to first byte: the app (java -jar, the download route) running, a .torrent moved into its drop folder,
#     until the log says the first block is written; aria2c seeds via opentracker.
#   - encrypted: ours (encryption=prefer) and aria2c leeching the 1 GiB single file from an aria2c seeder that requires
#     RC4 (--bt-require-crypto=true), row "aria2-rc4".
# Knobs: RUNS=1, SIZES="single" (or "multi", or "" for none), BIG=0 (no 4 GiB run), MIB=64 (payload size of the 1 GiB sets),
# DROPS=0 (no drop test), CRYPTO=0 (no encrypted run), OURS_JAVA_OPTS (the JVM flags of our processes; default: the README's).
#
# Needs: aria2c, transmission-cli, opentracker, mktorrent, /usr/bin/time (Debian: aria2 transmission-cli opentracker
# mktorrent time) and the app jar. Traffic stays on 127.0.0.1. Every process it starts is killed by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/yamtorrent-app.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q -pl examples -am package -DskipTests" >&2; exit 2; }
for p in aria2c transmission-cli opentracker mktorrent /usr/bin/time; do
    command -v "$p" >/dev/null || { echo "missing $p" >&2; exit 2; }
done
RUNS=${RUNS:-3}
SIZES=${SIZES-"single multi"}
BIG=${BIG:-4}
MIB=${MIB:-1024}
DROPS=${DROPS:-3}
CRYPTO=${CRYPTO:-1}
aria_seed_extra=(); aria_leech_extra=()
work=${BENCH_DIR:-$(mktemp -d /tmp/yamtorrent-bench.XXXX)}
mkdir -p "$work"
# The JVM flags the README gives for the app (see "Fresh-JVM cost" there): an AppCDS archive made by a training run
# below, and later compilation, which keeps the C2 compiler off all but the hottest methods of a short process.
jsa="$work/yamtorrent.jsa"
OURS_JAVA_OPTS=${OURS_JAVA_OPTS:-"-XX:SharedArchiveFile=$jsa -XX:CompileThresholdScaling=20 -Xshare:auto"}
pids=()
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

tracker_port=16969
aria_seed_port=16881
our_seed_port=16882
leech_port=16883
# the command line on loopback, re-announcing often (Transmission on loopback only accepts connections)
ours_cli="--listen 127.0.0.1 --min-announce-interval 5"
app_port=16884

# ---- payloads and torrents ----
make_payload() { # name kind sizeMiB
    local dir="$work/data/$1"
    [ -e "$dir.done" ] && return
    rm -rf "$dir"; mkdir -p "$dir"
    if [ "$2" = single ]; then
        head -c "$(( $3 << 20 ))" /dev/urandom > "$dir/payload-$1.bin"
        mktorrent -l 20 -a "http://127.0.0.1:$tracker_port/announce" -o "$work/$1.torrent" "$dir/payload-$1.bin" >/dev/null
    else
        mkdir -p "$dir/payload-$1" >/dev/null
        for i in $(seq -w 1 50); do head -c "$(( ($3 << 20) / 50 ))" /dev/urandom > "$dir/payload-$1/file-$i.bin"; done
        mktorrent -l 18 -a "http://127.0.0.1:$tracker_port/announce" -o "$work/$1.torrent" "$dir/payload-$1" >/dev/null
    fi
    touch "$dir.done"
}
info_hash() { aria2c -S "$1" | awk '/Info Hash/ {print $3}'; }

sets=()
for s in $SIZES; do make_payload "$s" "$s" "$MIB"; sets+=("$s"); done
[ "$CRYPTO" -gt 0 ] && make_payload single single "$MIB"
if [ "$BIG" -gt 0 ]; then make_payload big single $(( BIG * 1024 )); sets+=(big); fi
drops=()
for i in $(seq 1 "$DROPS"); do make_payload "drop$i" single 64; drops+=("drop$i"); done

# ---- opentracker (Debian's is whitelist-only) ----
: > "$work/whitelist"
for s in "${sets[@]}" "${drops[@]}" single; do [ -e "$work/$s.torrent" ] || continue; info_hash "$work/$s.torrent" >> "$work/whitelist"; done
opentracker -i 127.0.0.1 -p $tracker_port -P $tracker_port -w "$work/whitelist" >"$work/opentracker.log" 2>&1 &
pids+=($!)
sleep 0.5

aria_common=(--disable-ipv6=true --enable-dht=false --bt-enable-lpd=false --enable-peer-exchange=false
             --bt-max-peers=55 --file-allocation=none --summary-interval=0 --console-log-level=warn)

start_seeder() { # kind set
    local dir="$work/data/$2"
    if [ "$1" = aria2 ]; then
        aria2c "${aria_common[@]}" --dir="$dir" --listen-port=$aria_seed_port --check-integrity=true \
            --seed-ratio=0.0 --bt-tracker-interval=5 "${aria_seed_extra[@]}" "$work/$2.torrent" >"$work/seed-aria2.log" 2>&1 &
    else
        java $OURS_JAVA_OPTS -jar "$jar" seed "$work/$2.torrent" "$dir" $ours_cli --port $our_seed_port --reannounce 5 >"$work/seed-ours.log" 2>&1 &
    fi
    seeder=$!
    pids+=($seeder)
    sleep 8 # verification of the seed data
}
stop_seeder() { kill "$seeder" 2>/dev/null || true; wait "$seeder" 2>/dev/null || true; }

# one leecher run under /usr/bin/time -v; prints "wall cpu rss_kib"
leech() { # client set
    local out="$work/leech"; rm -rf "$out"; mkdir -p "$out"
    local t="$work/time.txt"
    case "$1" in
        ours)  /usr/bin/time -v -o "$t" java $OURS_JAVA_OPTS -jar "$jar" download "$work/$2.torrent" -d "$out" $ours_cli --progress-interval 0 --port $leech_port >"$work/leech.log" 2>&1 ;;
        aria2) /usr/bin/time -v -o "$t" aria2c "${aria_common[@]}" --dir="$out" --listen-port=$leech_port --seed-time=0 "${aria_leech_extra[@]}" "$work/$2.torrent" >"$work/leech.log" 2>&1 ;;
        transmission)
            mkdir -p "$work/tr-config"; rm -rf "$work/tr-config"/*
            printf '#!/bin/sh\nkill -INT $PPID\n' > "$work/tr-done.sh"; chmod +x "$work/tr-done.sh"
            /usr/bin/time -v -o "$t" timeout 600 transmission-cli -w "$out" -p $leech_port -g "$work/tr-config" \
                -f "$work/tr-done.sh" "$work/$2.torrent" >"$work/leech.log" 2>&1 || true ;;
    esac
    verify "$2" "$out"
    awk -F': ' '/Elapsed \(wall clock\)/ {split($2,a,":"); w=(length(a)==3)? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2]}
                /User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {r=$2}
                END {printf "%.2f %.2f %d\n", w, u+s, r}' "$t"
}
verify() { # set dir: the download must be bit-exact
    local src="$work/data/$1"
    if ! diff -rq "$src" "$2" >/dev/null 2>&1; then
        # transmission does not create empty files; compare what both have
        (cd "$src" && find . -type f -size +0 -print0 | xargs -0 sha1sum) > "$work/a.sum"
        (cd "$2" && sha1sum -c "$work/a.sum" >/dev/null) || { echo "MISMATCH in $1 ($2)" >&2; exit 1; }
    fi
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

wait_for() { # file pattern seconds
    local n=$(( $3 * 20 ))
    until grep -q -- "$2" "$1" 2>/dev/null; do
        n=$(( n - 1 )); [ $n -gt 0 ] || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
        sleep 0.05
    done
}

# ---- AppCDS: a training download records the classes our processes load (redone when the jar changes) ----
if [[ "$OURS_JAVA_OPTS" == *"$jsa"* ]] && { [ ! -f "$jsa" ] || [ -n "$(find "$jar" "$(dirname "$jar")/lib" -newer "$jsa" -name '*.jar')" ]; }; then
    start_seeder aria2 "${drops[0]:-single}"
    rm -rf "$work/train"
    java -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" download \
        "$work/${drops[0]:-single}.torrent" -d "$work/train" $ours_cli --port $leech_port >"$work/train.log" 2>&1
    rm -rf "$work/train"
    stop_seeder
fi

# RUNS runs of each client (alternating) leeching set $1 from the running seeder labelled $2; prints a row per
# client (medians) and the ratio ours/aria2c; leaves aria2c's MiB/s in aria_rate
rows() { # set seeder-label client...
    local s=$1 label=$2; shift 2
    local clients=("$@") bytes c r w cpu rss rate
    bytes=$(du -sb "$work/data/$s" | awk '{print $1}')
    declare -A W C R
    for c in "${clients[@]}"; do W[$c]=""; C[$c]=""; R[$c]=""; done
    for r in $(seq 1 "$RUNS"); do
        for c in "${clients[@]}"; do   # alternate the clients within each run
            read -r w cpu rss < <(leech $c "$s")
            W[$c]+="$w "; C[$c]+="$cpu "; R[$c]+="$rss "
        done
    done
    aria_rate=""
    for c in "${clients[@]}"; do
        w=$(echo ${W[$c]} | tr ' ' '\n' | median)
        cpu=$(echo ${C[$c]} | tr ' ' '\n' | median)
        rss=$(echo ${R[$c]} | tr ' ' '\n' | median)
        rate=$(awk -v b="$bytes" -v w="$w" 'BEGIN {printf "%.1f", b / 1048576 / w}')
        [ $c = aria2 ] && aria_rate=$rate
        eval "rate_$c=$rate"
        printf "%-8s %-9s %-13s %8s %8s %8s %9s %8s\n" "$s" "$label" "$c" "$w" "$rate" "$cpu" "$(( rss / 1024 ))" ""
    done
    printf "%-8s %-9s %-13s %8s %8s %8s %9s %8s\n" "$s" "$label" "ratio" "" "" "" "" \
        "$(awk -v a="$rate_ours" -v b="$aria_rate" 'BEGIN {printf "%.2f", a / b}')"
}

printf "%-8s %-9s %-13s %8s %8s %8s %9s %8s\n" set seeder leecher wall_s MiB/s cpu_s rss_MiB ours/aria
for s in "${sets[@]}"; do
    declare -A uploads
    for seedkind in aria2 ours; do
        start_seeder $seedkind "$s"
        clients=(ours aria2 transmission)
        [ "$s" = big ] && clients=(ours aria2)
        rows "$s" $seedkind "${clients[@]}"
        uploads[$seedkind]=$aria_rate
        stop_seeder
    done
    # the upload path: how fast aria2c gets the payload from our seeder, against from an aria2c seeder
    printf "%-8s %-9s %-13s %8s %8s %8s %9s %8s\n" "$s" "ours" "upload" "" "" "" "" \
        "$(awk -v a="${uploads[ours]}" -v b="${uploads[aria2]}" 'BEGIN {printf "%.2f", a / b}')"
done

# ---- encrypted: the single set from an aria2c seeder that requires RC4; ours leeches with encryption=prefer (it
# offers RC4 and plaintext, aria2c takes RC4), aria2c with RC4 required too ----
if [ "$CRYPTO" -gt 0 ]; then
    aria_seed_extra=(--bt-require-crypto=true --bt-min-crypto-level=arc4)
    aria_leech_extra=(--bt-require-crypto=true --bt-min-crypto-level=arc4)
    start_seeder aria2 single
    rows single aria2-rc4 ours aria2
    stop_seeder
    aria_seed_extra=(); aria_leech_extra=()
fi

# ---- drop to first byte: the app running with its download route, a .torrent moved into the drop folder ----
if [ "${#drops[@]}" -gt 0 ]; then
    app="$work/app"; rm -rf "$app"; mkdir -p "$app/routes" "$app/drop"
    cp "$here/../../routes/download.yaml" "$app/routes/"
    (cd "$app" && exec java $OURS_JAVA_OPTS -Dcamel.component.torrent.listen-port=$app_port \
        -Dcamel.component.torrent.listen-address=127.0.0.1 -jar "$jar") >"$work/app.log" 2>&1 &
    app_pid=$!
    pids+=($app_pid)
    wait_for "$work/app.log" " started in " 120
    ms=""
    for d in "${drops[@]}"; do
        start_seeder aria2 "$d"
        cp "$work/$d.torrent" "$app/drop/.$d.part"
        t0=$(date +%s%3N)
        mv "$app/drop/.$d.part" "$app/drop/$d.torrent"
        wait_for "$work/app.log" "payload-$d.bin: first block written" 60
        hms=$(grep -m1 "payload-$d.bin: first block written" "$work/app.log" | cut -d' ' -f1)
        t1=$(date -d "$(date +%F) $hms" +%s%3N)
        ms+="$(( t1 - t0 )) "
        wait_for "$work/app.log" "verified payload-$d.bin" 120
        stop_seeder
    done
    kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true
    printf "drop to first byte written (ms): median %s of %s\n" "$(echo $ms | tr ' ' '\n' | median)" "$ms"
fi
echo "work dir: $work (payloads kept for the next run; delete it when done)"
