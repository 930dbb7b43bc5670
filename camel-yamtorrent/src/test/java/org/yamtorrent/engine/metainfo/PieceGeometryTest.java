package org.yamtorrent.engine.metainfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PieceGeometryTest {

    /** Files of the given lengths named f0, f1, ...; a negative length marks a pad file of that size. */
    static List<FileEntry> files(long... lengths) {
        List<FileEntry> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < lengths.length; i++) {
            long length = Math.abs(lengths[i]);
            String attr = lengths[i] < 0 ? "p" : "";
            files.add(new FileEntry(List.of("t", "f" + i), length, offset, attr));
            offset += length;
        }
        return files;
    }

    private static String describe(List<PieceGeometry.Span> spans) {
        StringBuilder sb = new StringBuilder();
        for (PieceGeometry.Span s : spans) {
            sb.append(sb.length() == 0 ? "" : " ").append("f").append(s.fileIndex()).append('@')
                    .append(s.fileOffset()).append('+').append(s.length());
        }
        return sb.toString();
    }

    @Test
    void pieceSpansFourFilesSkippingEmptyOnesBetween() {
        // a=5, empty, b=3, empty, empty, c=4, d=10: piece 0 of 16 bytes crosses a, b, c and into d
        PieceGeometry layout = new PieceGeometry(files(5, 0, 3, 0, 0, 4, 10), 16);
        assertEquals(22, layout.totalLength());
        assertEquals(2, layout.pieceCount());
        assertEquals("f0@0+5 f2@0+3 f5@0+4 f6@0+4", describe(layout.spans(0, 0, 16)));
        assertEquals("f6@4+6", describe(layout.spans(1, 0, 6)));
        assertEquals(6, layout.pieceSize(1));
    }

    @Test
    void blockInsidePieceStartsMidFile() {
        PieceGeometry layout = new PieceGeometry(files(5, 0, 3, 0, 0, 4, 10), 8);
        assertEquals("f0@3+2 f2@0+3", describe(layout.spans(0, 3, 5)));
        assertEquals("f0@3+2 f2@0+3 f5@0+1", describe(layout.spans(3L, 6)));
        assertEquals("f5@3+1 f6@0+2", describe(layout.spans(1, 3, 3)));
        assertEquals("f6@9+1", describe(layout.spans(2, 5, 1)));
    }

    @Test
    void emptyFilesAtStartAndEndNeverAppear() {
        PieceGeometry layout = new PieceGeometry(files(0, 0, 7, 0), 4);
        assertEquals(2, layout.pieceCount());
        assertEquals("f2@0+4", describe(layout.spans(0, 0, 4)));
        assertEquals("f2@4+3", describe(layout.spans(1, 0, 3)));
        assertEquals("", describe(layout.spans(1, 3, 0)));
    }

    @Test
    void padFilesAreSpansLikeOthers() {
        PieceGeometry layout = new PieceGeometry(files(5, -3, 8), 8);
        List<PieceGeometry.Span> spans = layout.spans(0, 0, 8);
        assertEquals("f0@0+5 f1@0+3", describe(spans));
        assertTrue(spans.get(1).file().isPadding());
        assertEquals("f2@0+8", describe(layout.spans(1, 0, 8)));
    }

    @Test
    void pieceArithmetic() {
        PieceGeometry layout = new PieceGeometry(files(100_000, 0, 30_000), 16384);
        assertEquals(8, layout.pieceCount());
        assertEquals(16384L * 7, layout.pieceOffset(7));
        assertEquals(130_000 - 16384 * 7, layout.pieceSize(7));
        assertEquals(0, layout.pieceAt(16383));
        assertEquals(1, layout.pieceAt(16384));
        assertEquals(7, layout.pieceAt(129_999));
    }

    @Test
    void blocksOutsideAPieceAreRejected() {
        PieceGeometry layout = new PieceGeometry(files(10, 10), 8);
        assertThrows(IllegalArgumentException.class, () -> layout.spans(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> layout.spans(3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> layout.spans(0, 7, 2));
        assertThrows(IllegalArgumentException.class, () -> layout.spans(0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> layout.spans(2, 0, 5), "last piece has 4 bytes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.spans(0, 4, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("exceeds piece 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layout.spans(15L, 6));
    }

    @Test
    void piecesOfFilesAndFilesOfPieces() {
        PieceGeometry layout = new PieceGeometry(files(5, 0, 3, 0, 0, 4, 10), 8);
        assertEquals(0, layout.firstPiece(0));
        assertEquals(0, layout.lastPiece(0));
        assertEquals(0, layout.firstPiece(2));
        assertEquals(1, layout.lastPiece(5), "file 5 covers bytes 8..11");
        assertEquals(1, layout.firstPiece(6));
        assertEquals(2, layout.lastPiece(6), "the last piece has 6 bytes");
        assertEquals("[0, 3]", java.util.Arrays.toString(layout.filesOf(0)), "files 0..2; the empty file 1 among them");
        assertEquals("[5, 7]", java.util.Arrays.toString(layout.filesOf(1)));
        assertEquals("[6, 7]", java.util.Arrays.toString(layout.filesOf(2)));
    }

    @Test
    void filesMustBeContiguous() {
        List<FileEntry> gap = List.of(new FileEntry(List.of("a"), 5, 0, ""), new FileEntry(List.of("b"), 5, 6, ""));
        MetainfoException e = assertThrows(MetainfoException.class, () -> new PieceGeometry(gap, 4));
        assertTrue(e.getMessage().contains("b"), e.getMessage());
        assertThrows(MetainfoException.class, () -> new PieceGeometry(files(4), 0));
    }

    @Test
    void noFilesNoPieces() {
        PieceGeometry layout = new PieceGeometry(List.of(), 16384);
        assertEquals(0, layout.pieceCount());
        assertEquals(List.of(), layout.spans(0L, 0));
    }

    /** Against a byte-by-byte model: every range maps to exactly the file bytes that hold it, in order. */
    @Test
    void randomLayoutsMatchByteModel() {
        Random random = new Random(47);
        for (int round = 0; round < 300; round++) {
            int fileCount = 1 + random.nextInt(12);
            long[] lengths = new long[fileCount];
            for (int i = 0; i < fileCount; i++) {
                lengths[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40);
            }
            PieceGeometry layout = new PieceGeometry(files(lengths), 1 + random.nextInt(32));
            int total = (int) layout.totalLength();
            int[] ownerFile = new int[total];
            long[] ownerOffset = new long[total];
            int pos = 0;
            for (int i = 0; i < fileCount; i++) {
                for (int j = 0; j < lengths[i]; j++) {
                    ownerFile[pos] = i;
                    ownerOffset[pos++] = j;
                }
            }
            for (int probe = 0; probe < 20 && total > 0; probe++) {
                int start = random.nextInt(total);
                int length = random.nextInt(total - start + 1);
                int at = start;
                for (PieceGeometry.Span s : layout.spans(start, length)) {
                    assertTrue(s.length() > 0);
                    for (int k = 0; k < s.length(); k++, at++) {
                        assertEquals(ownerFile[at], s.fileIndex(), "round " + round + " byte " + at);
                        assertEquals(ownerOffset[at], s.fileOffset() + k, "round " + round + " byte " + at);
                    }
                }
                assertEquals(start + length, at, "round " + round + " spans cover the range");
            }
        }
    }
}
