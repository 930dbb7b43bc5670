package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yamtorrent.engine.metainfo.MetainfoReader;
import org.yamtorrent.engine.metainfo.TorrentCreator;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.SessionConfig;
import org.yamtorrent.engine.session.TorrentOptions;
import org.yamtorrent.engine.tracker.EmbeddedTracker;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * routes/download-to-s3.yaml end to end: the application jar as a process downloads a single-file and a multi-file
 * torrent from a seeder and uploads every payload file to S3Proxy, a real S3 API on 127.0.0.1; each object's
 * SHA-256 must equal its source file's. Files larger than the part size go up as multipart uploads.
 */
@Timeout(240)
class S3IT {

    private static final String BUCKET = "yamtorrent-it";
    private static final int PART_SIZE = 5 << 20; // S3's smallest part, so modest files take the multipart path

    @TempDir
    Path tmp;

    @Test
    void everyPayloadFileLandsInTheBucketBitExact() throws Exception {
        Path seed = Files.createDirectories(tmp.resolve("seed"));
        // key -> source file; sizes straddle the part size, the space checks that keys are sent encoded
        Map<String, Path> expected = new TreeMap<>();
        expected.put("movie.bin", write(seed.resolve("movie.bin"), 3 * PART_SIZE + 17, 1));
        expected.put("album/a.bin", write(seed.resolve("album/a.bin"), PART_SIZE - 1, 2));
        expected.put("album/disc 2/b.bin", write(seed.resolve("album/disc 2/b.bin"), 2 * PART_SIZE + 1, 3));
        expected.put("album/notes.txt", write(seed.resolve("album/notes.txt"), 100, 4));

        try (S3ProxyProcess s3 = S3ProxyProcess.start(Files.createDirectories(tmp.resolve("s3")));
             S3Client client = s3.client();
             EmbeddedTracker tracker = EmbeddedTracker.start();
             Session seeder = Session.open(new SessionConfig().listenPort(0).minAnnounceInterval(Duration.ofSeconds(1)))) {
            byte[] single = TorrentCreator.of(seed.resolve("movie.bin")).announce(tracker.announceUrl().toString()).create().bytes();
            byte[] multi = TorrentCreator.of(seed.resolve("album")).announce(tracker.announceUrl().toString()).create().bytes();
            for (byte[] t : new byte[][] {single, multi}) {
                seeder.add(MetainfoReader.read(t), seed, new TorrentOptions().seedForever()).completion().get(30, TimeUnit.SECONDS);
            }

            Path app = Files.createDirectories(tmp.resolve("app"));
            try (AppProcess p = AppProcess.start(app, "download-to-s3.yaml",
                    "yamtorrent.s3.endpoint=" + s3.endpoint(),
                    "yamtorrent.s3.bucket=" + BUCKET,
                    "yamtorrent.s3.access-key=" + S3ProxyProcess.ACCESS_KEY,
                    "yamtorrent.s3.secret-key=" + S3ProxyProcess.SECRET_KEY,
                    "yamtorrent.s3.part-size=" + PART_SIZE,
                    // S3Proxy 2.7.0 rejects the SDK's default CRC32 trailer (x-amz-trailer); AWS S3 takes it
                    "aws.requestChecksumCalculation=when_required")) {
                Path drop = Files.createDirectories(app.resolve("drop"));
                drop(drop, "movie.torrent", single);
                drop(drop, "album.torrent", multi);

                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                for (String key : expected.keySet()) {
                    while (!exists(client, key)) {
                        assertTrue(p.isAlive(), () -> "the app exited early:\n" + p.log());
                        assertTrue(System.nanoTime() < end,
                                () -> "no s3://" + BUCKET + "/" + key + " within 150 s:\n" + p.log() + "\nS3Proxy:\n" + s3.log());
                        Thread.sleep(200);
                    }
                }
                TreeSet<String> keys = new TreeSet<>();
                for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents()) {
                    keys.add(o.key());
                }
                assertEquals(expected.keySet(), keys, "the bucket holds exactly the payload files");
                for (Map.Entry<String, Path> e : expected.entrySet()) {
                    String object;
                    try (InputStream in = client.getObject(r -> r.bucket(BUCKET).key(e.getKey()))) {
                        object = sha256(in);
                    }
                    try (InputStream in = Files.newInputStream(e.getValue())) {
                        assertEquals(sha256(in), object, "SHA-256 of s3://" + BUCKET + "/" + e.getKey());
                    }
                }
                // S3Proxy logs each request: movie.bin went up as a multipart upload in four parts, a.bin in one PUT
                assertTrue(s3.log().contains("/" + BUCKET + "/movie.bin?partNumber=4&"), s3::log);
                assertFalse(s3.log().contains("/" + BUCKET + "/album/a.bin?partNumber="), s3::log);
                assertTrue(p.log().contains("uploaded album/disc 2/b.bin"), p::log);
            }
        }
    }

    private static Path write(Path file, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.createDirectories(file.getParent());
        return Files.write(file, data);
    }

    /** Writes beside the drop folder and moves in, so the app never reads a half-written .torrent. */
    private static void drop(Path drop, String name, byte[] torrent) throws IOException {
        Path part = Files.write(drop.resolveSibling(name + ".part"), torrent);
        Files.move(part, drop.resolve(name));
    }

    private static boolean exists(S3Client client, String key) {
        try {
            client.headObject(r -> r.bucket(BUCKET).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // no such key, or the app has not created the bucket yet
                return false;
            }
            throw e;
        }
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
