package org.yamtorrent.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * A damaged or planted resume record: decoding may only throw {@link StorageException}, and an accepted record
 * survives being written and read back unchanged.
 */
class ResumeRecordFuzzTest {

    @FuzzTest
    @Timeout(10)
    void decode(byte[] data) {
        ResumeRecord r;
        try {
            r = ResumeRecord.decode(data);
        } catch (StorageException expected) {
            return;
        }
        ResumeRecord again = ResumeRecord.decode(r.encode());
        assertEquals(r.infoHash(), again.infoHash());
        assertEquals(r.verified().size(), again.verified().size());
        assertArrayEquals(r.verified().toBytes(), again.verified().toBytes());
        assertEquals(r.files(), again.files());
    }
}
