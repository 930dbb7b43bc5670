#!/usr/bin/env bash
# JMH micro-benchmarks of the hot paths (camel-yamtorrent/src/test/java/**/*Bench.java; surefire never runs them):
#   DecodeBench       frame decoding: 16 KiB piece messages through MessageDecoder, fed in 64 KiB reads
#   PickerBench       request selection and block arrival in PiecePicker for a peer with 4096 pieces
#   HashBench         incremental SHA-1 of a piece, block by block, from direct and heap buffers
#   PieceWriterBench  the write path: PieceWriter + PieceStore, hashing in order, on a file in the page cache
# Every operation is one 16 KiB block. With -prof gc, gc.alloc.rate.norm is the bytes allocated per block: it is
# deterministic, so it stays comparable on a busy machine where the times are not.
#
#   bash examples/bench/jmh.sh                      # all of them, with -prof gc
#   bash examples/bench/jmh.sh -prof gc Decode      # any JMH arguments: a regex selects benchmarks
#   bash examples/bench/jmh.sh -h                   # JMH's options
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -B -pl camel-yamtorrent test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test
m=camel-yamtorrent/target
[ $# -gt 0 ] || set -- -prof gc
exec java -cp "$m/test-classes:$m/classes:$(cat "$m/jmh.classpath")" \
    org.openjdk.jmh.Main "$@"
