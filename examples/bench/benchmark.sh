#!/usr/bin/env bash
# Loopback benchmark: yamtorrent against aria2c, transmission-cli and rtorrent, on the same torrents from the same
# seeders, printing every target of issue 13 from one run:
#
#   mvn -B -q -pl examples -am package -DskipTests && bash examples/bench/benchmark.sh
#
# Sections (the README's "Benchmark" section says what each row means):
#   app      the app as the README starts it (java -jar yamtorrent-app.jar, routes/download.yaml): APP_DOWNLOADS (3)
#            successive downloads of distinct payloads in one app process, each a .torrent moved into its drop
#            folder and timed until the payload is in its out folder, from an aria2c seeder; aria2c leeches from the
#            same seeder right after; for the 1 GiB single file (1 MiB pieces) and the 1 GiB over 50 files (256 KiB
#            pieces). CPU seconds of the app from /proc/<pid>/stat around each download; "engine" is drop to the
#            engine's "completed" line, "handoff" from there to the payload in the out folder.
#   clients  aria2c, transmission-cli and rtorrent leeching the same two sets from an aria2c seeder and from ours
#            (the CLI's seed command); "upload-<client>" is that client's MiB/s from our seeder / from aria2c's.
#   wan      the single file from an aria2c seeder through Relay.java (RELAY_MS each way) to our CLI and to aria2c.
#   big      a 4 GiB single file, our CLI and aria2c (peak RSS stays flat).
#   rc4      the single file from an aria2c seeder that requires RC4; our CLI with encryption=prefer, aria2c with RC4.
#   drop     the app running, a .torrent moved into its drop folder, until its first block is on disk.
# RUNS runs each (clients alternating; medians) except the app, which is one process of APP_DOWNLOADS downloads.
# Knobs: MIB=64 (payload size of the 1 GiB sets), RUNS=1, SIZES="single" (or "multi", "" for none: the app and
# clients sections), APP=0, CLIENTS=0, WAN=0, BIG=0 (else the size in GiB, 4), CRYPTO=0, DROPS=0 (else how many),
# RTORRENT=0 (no rtorrent rows), APP_DOWNLOADS=3, RELAY_MS=25, APP_JAVA_OPTS (the app's JVM flags: none, as the
# README starts it), OURS_JAVA_OPTS (the CLI's: the README's Fresh-JVM flags), BENCH_DIR (keeps payloads for reuse),
# PORT_BASE (16880: ports PORT_BASE+0..19 on 127.0.0.1).
#
# Needs: aria2c, transmission-cli, rtorrent, opentracker, mktorrent, curl, /usr/bin/time (Debian: aria2
# transmission-cli rtorrent opentracker mktorrent curl time) and the app jar. Traffic stays on 127.0.0.0/8 (rtorrent
# binds 127.0.0.2, see below). Every process it starts is killed by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/yamtorrent-app.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -q -pl examples -am package -DskipTests" >&2; exit 2; }
for p in aria2c transmission-cli opentracker mktorrent curl /usr/bin/time; do
    command -v "$p" >/dev/null || { echo "missing $p" >&2; exit 2; }
done
RUNS=${RUNS:-3}
SIZES=${SIZES-"single multi"}
BIG=${BIG:-4}
MIB=${MIB:-1024}
DROPS=${DROPS:-3}
CRYPTO=${CRYPTO:-1}
APP=${APP:-1}
APP_DOWNLOADS=${APP_DOWNLOADS:-3}
CLIENTS=${CLIENTS:-1}
WAN=${WAN:-1}
RELAY_MS=${RELAY_MS:-25}
RTORRENT=${RTORRENT:-1}
[ "$RTORRENT" -gt 0 ] && { command -v rtorrent >/dev/null || { echo "missing rtorrent (or RTORRENT=0)" >&2; exit 2; }; }
APP_JAVA_OPTS=${APP_JAVA_OPTS:-}
clk_tck=$(getconf CLK_TCK)
aria_seed_extra=(); aria_leech_extra=()
work=${BENCH_DIR:-$(mktemp -d /tmp/yamtorrent-bench.XXXX)}
mkdir -p "$work"
# The CLI's JVM flags, the README's "Fresh-JVM cost" ones: an AppCDS archive made by a training run below, and later
# compilation, which keeps the C2 compiler off all but the hottest methods of a short process. (The app rows run
# plain java -jar, as the README starts the app; APP_JAVA_OPTS adds flags there.)
jsa="$work/yamtorrent.jsa"
OURS_JAVA_OPTS=${OURS_JAVA_OPTS:-"-XX:SharedArchiveFile=$jsa -XX:CompileThresholdScaling=20 -Xshare:auto"}
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do
        [ -n "$p" ] || continue
        pkill -9 -P "$p" 2>/dev/null || true # what /usr/bin/time runs
        kill -9 "$p" 2>/dev/null || true
    done
}
trap cleanup EXIT

# ports PORT_BASE (16880) + 0..19, so two runs on one machine can keep apart
port_base=${PORT_BASE:-16880}
aria_seed_port=$(( port_base + 1 ))
our_seed_port=$(( port_base + 2 ))
app_port=$(( port_base + 4 ))
relay_port=$(( port_base + 5 ))
tracker_port=$(( port_base + 9 ))
# each leecher run takes the next of ten ports: a new address, as in a real swarm, so no seeder waits out a redial
# back-off it built up against the previous leecher's address
leech_ports=$(seq $(( port_base + 10 )) $(( port_base + 19 )))
leech_n=0
leech_port=$(( port_base + 10 ))
next_leech_port() { leech_n=$(( leech_n + 1 )); leech_port=$(( port_base + 10 + leech_n % 10 )); }
for p in $(seq "$port_base" $(( port_base + 19 ))); do
    ! ss -Htln "sport = :$p" | grep -q . || { echo "port $p is in use (another run?): set PORT_BASE" >&2; exit 2; }
done
# the command line on loopback, re-announcing often (Transmission on loopback only accepts connections)
ours_cli="--listen 127.0.0.1 --min-announce-interval 5"
# rtorrent keeps one peer per IP and, once the tracker has handed it its own address, skips every other peer of
# that IP for 600 s; bound to 127.0.0.2 its own address is not the seeders' 127.0.0.1
rtorrent_address=127.0.0.2

# ---- payloads and torrents ----
make_payload() { # name kind sizeMiB
    local dir="$work/data/$1" announce="http://127.0.0.1:$tracker_port/announce" i
    if [ "$(cat "$dir.done" 2>/dev/null)" != "$2 $3" ]; then # kept from an earlier run unless kind or size changed
        rm -rf "$dir" "$work/$1.torrent.for"; mkdir -p "$dir"
        if [ "$2" = single ]; then
            head -c "$(( $3 << 20 ))" /dev/urandom > "$dir/payload-$1.bin"
        else
            mkdir -p "$dir/payload-$1"
            for i in $(seq -w 1 50); do head -c "$(( ($3 << 20) / 50 ))" /dev/urandom > "$dir/payload-$1/file-$i.bin"; done
        fi
        echo "$2 $3" > "$dir.done"
    fi
    # (re)made when missing or made for another tracker port; the info-hash stays the same
    [ "$(cat "$work/$1.torrent.for" 2>/dev/null)" = "$announce" ] && return
    rm -f "$work/$1.torrent"
    if [ "$2" = single ]; then
        mktorrent -l 20 -a "$announce" -o "$work/$1.torrent" "$dir/payload-$1.bin" >/dev/null
    else
        mktorrent -l 18 -a "$announce" -o "$work/$1.torrent" "$dir/payload-$1" >/dev/null
    fi
    echo "$announce" > "$work/$1.torrent.for"
}
info_hash() { aria2c -S "$1" | awk '/Info Hash/ {print $3}'; }

sets=()
if [ "$CLIENTS" -gt 0 ]; then for s in $SIZES; do make_payload "$s" "$s" "$MIB"; sets+=("$s"); done; fi
[ "$CRYPTO" -gt 0 ] && make_payload single single "$MIB"
[ "$WAN" -gt 0 ] && make_payload wan single "$MIB"
big=()
if [ "$BIG" -gt 0 ]; then make_payload big single $(( BIG * 1024 )); big=(big); fi
apps=()
if [ "$APP" -gt 0 ]; then
    for s in $SIZES; do
        for i in $(seq 1 "$APP_DOWNLOADS"); do make_payload "app-$s-$i" "$s" "$MIB"; apps+=("app-$s-$i"); done
    done
fi
drops=()
for i in $(seq 1 "$DROPS"); do make_payload "drop$i" single 64; drops+=("drop$i"); done

# ---- opentracker (Debian's is whitelist-only) ----
: > "$work/whitelist"
for s in "${sets[@]}" "${big[@]}" "${apps[@]}" "${drops[@]}" single wan; do
    [ -e "$work/$s.torrent" ] || continue; info_hash "$work/$s.torrent" >> "$work/whitelist"
done
opentracker -i 127.0.0.1 -p $tracker_port -P $tracker_port -w "$work/whitelist" >"$work/opentracker.log" 2>&1 &
pids+=($!)
sleep 0.5
kill -0 $! 2>/dev/null || { echo "opentracker did not start (see $work/opentracker.log)" >&2; exit 1; }

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
    seeder_port=$([ "$1" = aria2 ] && echo $aria_seed_port || echo $our_seed_port)
    pids+=($seeder)
    sleep 8 # verification of the seed data
    kill -0 "$seeder" 2>/dev/null || { echo "the $1 seeder of $2 ended (see $work/seed-$1.log)" >&2; exit 1; }
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
        rtorrent) rtorrent_leech "$2" "$out" "$t" ;;
    esac
    verify "$2" "$out"
    local wall=""
    [ "$1" = rtorrent ] && wall=$(cat "$work/rt-wall")
    awk -F': ' -v wall="$wall" '
        /Elapsed \(wall clock\)/ {split($2,a,":"); w=(length(a)==3)? a[1]*3600+a[2]*60+a[3] : a[1]*60+a[2]}
        /User time/ {u=$2} /System time/ {s=$2} /Maximum resident set size/ {r=$2}
        END {if (wall != "") w = wall; printf "%.2f %.2f %d\n", w, u+s, r}' "$t"
}
# rtorrent 0.9.8 headless (a configuration of ours in its HOME), on 127.0.0.2, finding the seeder through the tracker;
# it marks the end of its check of the download with a file. Its wall time is start to that mark (it is stopped
# then), written to rt-wall.
rtorrent_leech() { # set out timefile
    local home="$work/rt-home"; rm -rf "$home"; mkdir -p "$home/session"
    cat > "$home/.rtorrent.rc" <<RC
directory.default.set = $2
session.path.set = $home/session
network.port_range.set = $leech_port-$leech_port
network.port_random.set = no
network.bind_address.set = $rtorrent_address
dht.mode.set = disable
protocol.pex.set = no
trackers.use_udp.set = no
system.daemon.set = true
log.open_file = main, $home/rtorrent.log
log.add_output = info, main
method.set_key = event.download.finished, bench_done, "execute.nothrow = touch, $home/finished"
RC
    # opentracker keeps the peers of earlier runs for a while, and rtorrent takes one address per IP: the tracker
    # forgets every 127.0.0.x peer of this torrent but the running seeder
    local p
    for p in $aria_seed_port $our_seed_port $leech_ports; do
        [ "$p" = "$seeder_port" ] || forget "$1" 127.0.0.1 "$p"
    done
    for p in $leech_ports; do forget "$1" "$rtorrent_address" "$p"; done
    local t0 t1 n=12000
    t0=$(date +%s%N)
    HOME="$home" /usr/bin/time -v -o "$3" rtorrent "$work/$1.torrent" >"$work/leech.log" 2>&1 &
    local timer=$!
    pids+=($timer)
    until [ -e "$home/finished" ]; do
        n=$(( n - 1 ))
        [ $n -gt 0 ] || { pkill -P "$timer"; echo "rtorrent did not finish $1 (see $home/rtorrent.log)" >&2; exit 1; }
        sleep 0.05
    done
    t1=$(date +%s%N)
    pkill -TERM -P "$timer" 2>/dev/null || true
    wait "$timer" 2>/dev/null || true
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}' > "$work/rt-wall"
}
# a tracker request for the torrent of set $1 from address $2 and port $3: "started" (announce) or "stopped" (forget)
tracker_event() { # set address port event
    local hash; hash=$(info_hash "$work/$1.torrent")
    curl -fsS -o /dev/null --interface "$2" "http://127.0.0.1:$tracker_port/announce?info_hash=$(sed 's/../%&/g' <<< "$hash")&peer_id=-BENCH-$(printf %013d "$3")&port=$3&uploaded=0&downloaded=0&left=0&event=$4&compact=1"
}
forget() { tracker_event "$1" "$2" "$3" stopped; }
verify() { # set dir: the download must be bit-exact
    local src="$work/data/$1"
    if ! diff -rq "$src" "$2" >/dev/null 2>&1; then
        # transmission does not create empty files, and our seeder keeps its state in .yamtorrent/: compare the payload
        (cd "$src" && find . -path ./.yamtorrent -prune -o -type f -size +0 -print0 | xargs -0 sha1sum) > "$work/a.sum"
        (cd "$2" && sha1sum -c "$work/a.sum" >/dev/null) || { echo "MISMATCH in $1 ($2)" >&2; exit 1; }
    fi
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# the table: set seeder leecher wall_s MiB/s cpu_s cpu_s/GiB rss_MiB ratio [engine_s close_s move_s]
row() { printf "%-7s %-11s %-13s %7s %7s %6s %9s %7s %9s %8s %7s %6s\n" "$@"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b - a) / 1000}'; } # ms stamps a..b
per_gib() { awk -v c="$1" -v b="$2" 'BEGIN {printf "%.2f", c / (b / 1073741824)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f", a / b}'; }
log_ms() { # log line -> epoch ms of its HH:mm:ss.SSS stamp (today)
    date -d "$(date +%F) $(cut -d' ' -f1 <<< "$1")" +%s%3N
}

wait_for() { # file pattern seconds
    local n=$(( $3 * 20 ))
    until grep -q -- "$2" "$1" 2>/dev/null; do
        n=$(( n - 1 )); [ $n -gt 0 ] || { echo "timed out waiting for '$2' in $1" >&2; exit 1; }
        sleep 0.05
    done
}

# ---- AppCDS: a training download records the classes our processes load (redone when the jar changes) ----
cli_runs=$(( ${#sets[@]} + WAN + BIG + CRYPTO ))
if [ "$cli_runs" -gt 0 ] && [[ "$OURS_JAVA_OPTS" == *"$jsa"* ]] && { [ ! -f "$jsa" ] || [ -n "$(find "$jar" "$(dirname "$jar")/lib" -newer "$jsa" -name '*.jar')" ]; }; then
    train=$(for s in "${drops[@]}" "${sets[@]}" wan single "${big[@]}"; do [ ! -e "$work/$s.torrent" ] || echo "$s"; done | head -1)
    start_seeder aria2 "$train"
    rm -rf "$work/train"
    java -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" download \
        "$work/$train.torrent" -d "$work/train" $ours_cli --port $leech_port >"$work/train.log" 2>&1
    rm -rf "$work/train"
    stop_seeder
fi

# RUNS runs of each client (alternating) leeching set $1 from the running seeder labelled $2; prints a row per
# client (medians), and the ratio ours/aria2c when ours is among them; leaves each client's MiB/s in rate[client]
declare -A rate
rows() { # set seeder-label client...
    local s=$1 label=$2; shift 2
    local clients=("$@") bytes c r w cpu rss
    bytes=$(du -sb "$work/data/$s" | awk '{print $1}')
    declare -A W C R
    for c in "${clients[@]}"; do W[$c]=""; C[$c]=""; R[$c]=""; done
    for r in $(seq 1 "$RUNS"); do
        for c in "${clients[@]}"; do   # alternate the clients within each run
            next_leech_port
            read -r w cpu rss < <(leech $c "$s")
            W[$c]+="$w "; C[$c]+="$cpu "; R[$c]+="$rss "
        done
    done
    for c in "${clients[@]}"; do
        w=$(echo ${W[$c]} | tr ' ' '\n' | median)
        cpu=$(echo ${C[$c]} | tr ' ' '\n' | median)
        rss=$(echo ${R[$c]} | tr ' ' '\n' | median)
        rate[$c]=$(awk -v b="$bytes" -v w="$w" 'BEGIN {printf "%.1f", b / 1048576 / w}')
        row "$s" "$label" "$([ $c = ours ] && echo ours-cli || echo $c)" "$w" "${rate[$c]}" "$cpu" \
            "$(per_gib "$cpu" "$bytes")" "$(( rss / 1024 ))" "" "" "" ""
    done
    if [[ " ${clients[*]} " == *" ours "* ]]; then
        row "$s" "$label" "ratio" "" "" "" "" "" "$(ratio "${rate[ours]}" "${rate[aria2]}")" "" "" ""
    fi
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# the app in a fresh folder with routes/download.yaml, as the README starts it; its PID in app_pid
start_app() { # folder log
    rm -rf "$1"; mkdir -p "$1/routes" "$1/drop"
    cp "$here/../../routes/download.yaml" "$1/routes/"
    (cd "$1" && exec java $APP_JAVA_OPTS -Dcamel.component.torrent.listen-port=$app_port \
        -Dcamel.component.torrent.listen-address=127.0.0.1 -jar "$jar") >"$2" 2>&1 &
    app_pid=$!
    pids+=($app_pid)
    wait_for "$2" " started in " 120
}

# ---- the app as the README starts it: one process, APP_DOWNLOADS drops in a row, each from an aria2c seeder ----
app_rows() { # kind: single or multi
    local kind=$1 app="$work/app-$1" i d name bytes t0 t_done t_engine t_closed c0 c1 cpu wall engine rss ours_rate w acpu arss
    start_app "$app" "$work/app-$kind.log"
    for i in $(seq 1 "$APP_DOWNLOADS"); do
        d="app-$kind-$i"
        name=$(basename "$(ls -d "$work/data/$d"/payload-*)")
        bytes=$(du -sb "$work/data/$d" | awk '{print $1}')
        start_seeder aria2 "$d"
        cp "$work/$d.torrent" "$app/drop/.$d.part"
        c0=$(cpu_ticks $app_pid)
        t0=$(date +%s%3N)
        mv "$app/drop/.$d.part" "$app/drop/$d.torrent"
        local n=18000
        until [ -e "$app/drop/.done/$d.torrent" ]; do # moved there once every file is in the out folder
            n=$(( n - 1 )); [ $n -gt 0 ] || { echo "the app did not deliver $d (see $work/app-$kind.log)" >&2; exit 1; }
            sleep 0.02
        done
        t_done=$(date +%s%3N)
        c1=$(cpu_ticks $app_pid)
        t_engine=$(log_ms "$(grep -m1 -- "$name: completed, " "$work/app-$kind.log")")
        t_closed=$(log_ms "$(grep -m1 -- "$name: closed with " "$work/app-$kind.log")")
        rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$app_pid/status")
        verify "$d" "$app/downloads"
        rm -rf "${app:?}/downloads/$name"
        wall=$(seconds "$t0" "$t_done")
        engine=$(seconds "$t0" "$t_engine")
        cpu=$(awk -v a="$c0" -v b="$c1" -v t="$clk_tck" 'BEGIN {printf "%.2f", (b - a) / t}')
        ours_rate=$(awk -v b="$bytes" -v w="$wall" 'BEGIN {printf "%.1f", b / 1048576 / w}')
        # aria2c from the same seeder, at once
        next_leech_port
        read -r w acpu arss < <(leech aria2 "$d")
        stop_seeder
        rate[aria2]=$(awk -v b="$bytes" -v w="$w" 'BEGIN {printf "%.1f", b / 1048576 / w}')
        row "$kind" "aria2" "app-#$i" "$wall" "$ours_rate" "$cpu" "$(per_gib "$cpu" "$bytes")" "$rss" \
            "$(ratio "$ours_rate" "${rate[aria2]}")" "$engine" "$(seconds "$t_engine" "$t_closed")" \
            "$(seconds "$t_closed" "$t_done")"
        row "$kind" "aria2" "aria2-#$i" "$w" "${rate[aria2]}" "$acpu" "$(per_gib "$acpu" "$bytes")" \
            "$(( arss / 1024 ))" "" "" "" ""
    done
    kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true
}

row set seeder leecher wall_s MiB/s cpu_s cpu_s/GiB rss_MiB ours/aria2 engine_s close_s move_s
if [ "$APP" -gt 0 ]; then
    for s in $SIZES; do app_rows "$s"; done
fi

clients=(aria2 transmission)
[ "$RTORRENT" -gt 0 ] && clients+=(rtorrent)
for s in "${sets[@]}"; do
    declare -A from_aria2
    for seedkind in aria2 ours; do
        start_seeder $seedkind "$s"
        rows "$s" $seedkind "${clients[@]}"
        for c in "${clients[@]}"; do
            [ $seedkind = aria2 ] && from_aria2[$c]=${rate[$c]} || \
                row "$s" "ours/aria2" "upload-$c" "" "" "" "" "" "$(ratio "${rate[$c]}" "${from_aria2[$c]}")" "" "" ""
        done
        stop_seeder
    done
done

# ---- WAN-like: the single file from an aria2c seeder through the relay (RELAY_MS each way). The seeder announces
# nowhere; the tracker is told the relay's port instead, so every leecher's peer is the relay ----
if [ "$WAN" -gt 0 ]; then
    java "$here/Relay.java" $relay_port $aria_seed_port "$RELAY_MS" >"$work/relay.log" 2>&1 &
    pids+=($!)
    aria_seed_extra=(--bt-exclude-tracker='*')
    start_seeder aria2 wan
    aria_seed_extra=()
    tracker_event wan 127.0.0.1 $relay_port started
    rows wan "aria2+${RELAY_MS}ms" ours aria2
    stop_seeder
fi

# ---- big: peak RSS of our CLI against aria2c's for BIG GiB ----
if [ "$BIG" -gt 0 ]; then
    start_seeder aria2 big
    rows big aria2 ours aria2
    stop_seeder
fi

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
    app="$work/app"
    start_app "$app" "$work/app.log"
    ms=""
    for d in "${drops[@]}"; do
        start_seeder aria2 "$d"
        cp "$work/$d.torrent" "$app/drop/.$d.part"
        t0=$(date +%s%3N)
        mv "$app/drop/.$d.part" "$app/drop/$d.torrent"
        wait_for "$work/app.log" "payload-$d.bin: first block written" 60
        t1=$(log_ms "$(grep -m1 "payload-$d.bin: first block written" "$work/app.log")")
        ms+="$(( t1 - t0 )) "
        wait_for "$work/app.log" "verified payload-$d.bin" 120
        stop_seeder
    done
    kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true
    printf "drop to first byte written (ms): median %s of %s\n" "$(echo $ms | tr ' ' '\n' | median)" "$ms"
fi
echo "work dir: $work (payloads kept for the next run; delete it when done)"
