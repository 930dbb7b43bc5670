package org.yamtorrent.bench;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.yamtorrent.engine.metainfo.Sha1;
import org.yamtorrent.engine.picker.Block;

/**
 * Block hashing: the incremental SHA-1 of a 1 MiB piece fed one 16 KiB block at a time, as blocks arrive in
 * order, from a direct buffer (what the network delivers) or a heap array. One operation is one block.
 */
public class HashBench extends BlockBench {

    private static final int BLOCKS = 64;

    @Param({"direct", "heap"})
    public String buffer;

    private ByteBuffer block;
    private MessageDigest sha1;

    @Setup
    public void setUp() {
        block = "direct".equals(buffer) ? ByteBuffer.allocateDirect(Block.SIZE) : ByteBuffer.allocate(Block.SIZE);
        for (int i = 0; i < Block.SIZE; i++) {
            block.put(i, (byte) (i * 31));
        }
        sha1 = Sha1.newDigest();
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public byte[] piece() {
        for (int i = 0; i < BLOCKS; i++) {
            sha1.update(block.clear());
        }
        return sha1.digest();
    }
}
