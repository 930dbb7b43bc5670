package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy, a real S3 API server, run from its jar-with-dependencies ({@code -Ds3proxy.jar}) as its own process, so
 * its Jetty, jclouds and logback stay off the test's classpath. It listens on 127.0.0.1 and a free port, keeps the
 * objects in {@code dir/data} (filesystem backend), checks AWS v2/v4 signatures, logs each request to
 * {@code dir/s3proxy.log}, and is killed by its PID on {@link #close()}.
 */
final class S3ProxyProcess implements AutoCloseable {

    static final String ACCESS_KEY = "it-access";
    static final String SECRET_KEY = "it-secret";

    private final Process process;
    private final Path log;
    private final URI endpoint;

    private S3ProxyProcess(Process process, Path log, URI endpoint) {
        this.process = process;
        this.log = log;
        this.endpoint = endpoint;
    }

    /** Starts S3Proxy and returns once it accepts connections (at most 60 s). */
    static S3ProxyProcess start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data,
                // jclouds wants these for every provider; the filesystem ignores them
                "jclouds.identity=local",
                "jclouds.credential=local", ""));
        Path log = dir.resolve("s3proxy.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", System.getProperty("s3proxy.jar"), "--properties", conf.toString()))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LOG_LEVEL", "debug"); // one line per request, which tests may check
        S3ProxyProcess s3 = new S3ProxyProcess(pb.start(), log, endpoint);
        try {
            s3.awaitListening(port);
        } catch (RuntimeException | Error | InterruptedException e) {
            s3.close();
            throw e;
        }
        return s3;
    }

    private void awaitListening(int port) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                assertTrue(process.isAlive(), () -> "S3Proxy exited:\n" + log());
                assertTrue(System.nanoTime() < end, () -> "S3Proxy not listening within 60 s:\n" + log());
                Thread.sleep(200);
            }
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * An S3 client of the test's own, path style, signed with S3Proxy's keys. It asks for no CRC checksums:
     * S3Proxy 2.7.0 answers 501 to {@code x-amz-checksum-mode} and rejects {@code x-amz-trailer}.
     */
    S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
