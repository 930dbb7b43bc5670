#!/usr/bin/env bash
# Load, churn and soak at full size: the suite's bounded ITs and tests with the sizes of issue 17.
#   ManyTorrentsIT  one app seeds TORRENTS (1000) small torrents through routes/seed.yaml; start-up from the resume
#                   records, RSS, threads, open file descriptors
#   ManyPeersIT     one seeder app, LEECHERS (50) leechers (4 of them aria2c) of PEERS_MIB (64) MiB; the seeder's
#                   upload MiB/s, CPU seconds, RSS
#   ChurnTest       leechers killed and restarted at random during a CHURN_MIB (64) MiB swarm
#   SoakIT          SOAK_MINUTES (60) of queue jobs with Netty's leak detector at paranoid; heap slope after GC
# Each prints its figures on a line of its own (collected at the end from the test reports). SKIP="soak" (or any
# of many, peers, churn, soak) leaves parts out; MVN_ARGS adds Maven options (for example "-o -Dyamtorrent.netns=7").
# Needs the Debian programs the suite uses (aria2, postgresql not).
set -euo pipefail
cd "$(dirname "$0")/../.."

TORRENTS=${TORRENTS:-1000}
PEERS_MIB=${PEERS_MIB:-64}
LEECHERS=${LEECHERS:-50}
CHURN_MIB=${CHURN_MIB:-64}
SOAK_MINUTES=${SOAK_MINUTES:-60}
SKIP=${SKIP:-}
read -r -a mvn_args <<< "${MVN_ARGS:-}"

skip() { [[ " $SKIP " == *" $1 "* ]]; }
run_it() { # $1: failsafe test, rest: -D properties
    local test=$1; shift
    mvn -B -q "${mvn_args[@]}" -pl camel-yamtorrent,examples -am verify -Dtest=none -Dit.test="$test" \
        -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
}

props=()
skip many || props+=("-Dyamtorrent.many=$TORRENTS")
skip peers || props+=("-Dyamtorrent.many-peers.mib=$PEERS_MIB" "-Dyamtorrent.many-peers.leechers=$LEECHERS")
skip soak || props+=("-Dyamtorrent.soak.seconds=$((SOAK_MINUTES * 60))")
its=()
skip many || its+=(ManyTorrentsIT)
skip peers || its+=(ManyPeersIT)
skip soak || its+=(SoakIT)
reports=()
for t in "${its[@]}"; do reports+=("examples/target/failsafe-reports/org.yamtorrent.app.$t-output.txt"); done
skip churn || reports+=(camel-yamtorrent/target/surefire-reports/org.yamtorrent.engine.session.ChurnTest-output.txt)
# figures come only from this run: an earlier run's report of a part that fails now must not stand in for it
rm -f "${reports[@]}"
# a failing part does not stop the others, and its figures are still printed; the exit status tells
status=0
if [ ${#its[@]} -gt 0 ]; then
    list=$(IFS=,; echo "${its[*]}")
    # surefire and failsafe hand the -D properties of the Maven command line to the test JVM
    run_it "$list" "${props[@]}" || status=$?
fi
if ! skip churn; then
    mvn -B -q "${mvn_args[@]}" -pl camel-yamtorrent -am test -Dtest=ChurnTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dyamtorrent.churn.mib="$CHURN_MIB" || status=$?
fi

echo "== figures"
grep -h -E "^[0-9]+ torrents|^[0-9]+ leechers|^soak|^churn:" "${reports[@]}" 2>/dev/null || true
exit $status
