package org.yamtorrent.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * An idempotent repository that several processes on one machine (or on a shared file system with working locks)
 * use together: the keys live in one text file, and every call takes an exclusive {@link FileChannel#lock() lock}
 * on {@code <file>.lock} and re-reads the file, so a key one node added is seen by the next call of any other.
 *
 * <p>A key added but not yet confirmed (the idempotent consumer's eager add while the download runs) belongs to
 * the instance that added it. Each started instance holds a lock on its own file in {@code <file>.owners/}; once
 * that process has died (kill -9 included, the operating system releases its locks) its unconfirmed keys count as
 * absent, so a job that was redelivered after the crash is fetched again instead of being dropped as a duplicate.
 * Confirmed keys stay until {@link #remove} or {@link #clear}.
 *
 * <p>The file holds one entry per line, {@code <owner> TAB <key>}, with owner {@code -} for a confirmed key.
 * Keys may not contain tabs or line breaks. Every change rewrites the file and moves it into place atomically,
 * so a crash never leaves half a file.
 */
public class SharedFileIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final String CONFIRMED = "-";
    /** One lock per file within this JVM: the OS lock is held per process, not per thread or channel. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    /**
     * Owners started in this JVM. They are never probed by opening their file: on Linux, closing any channel to a
     * file drops every lock this process holds on it, the owner's own included.
     */
    private static final Set<String> JVM_OWNERS = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path lockFile;
    private final Path owners;
    private final String owner = UUID.randomUUID().toString();
    private volatile FileChannel ownerChannel;
    private FileLock ownerLock;

    /** @param file the shared key file; created, with its lock file and owners folder, on start */
    public SharedFileIdempotentRepository(String file) {
        this(Path.of(file));
    }

    public SharedFileIdempotentRepository(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.owners = this.file.resolveSibling(this.file.getFileName() + ".owners");
    }

    public Path getFile() {
        return file;
    }

    @Override
    protected void doStart() throws Exception {
        Files.createDirectories(owners);
        // Under the shared lock, so that no other node probes the owner file between its creation and its lock.
        locked(() -> {
            ownerChannel = FileChannel.open(owners.resolve(owner), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            ownerLock = ownerChannel.lock();
            JVM_OWNERS.add(owner);
            return true;
        });
    }

    @Override
    protected void doStop() throws Exception {
        if (ownerChannel != null) {
            locked(() -> {
                JVM_OWNERS.remove(owner);
                ownerLock.release();
                ownerChannel.close();
                ownerChannel = null;
                Files.deleteIfExists(owners.resolve(owner));
                return true;
            });
        }
    }

    @Override
    public boolean add(String key) {
        checkKey(key);
        return update(entries -> {
            if (entries.containsKey(key)) {
                return false;
            }
            entries.put(key, owner);
            return true;
        });
    }

    @Override
    public boolean contains(String key) {
        return update(entries -> entries.containsKey(key));
    }

    @Override
    public boolean remove(String key) {
        return update(entries -> entries.remove(key) != null);
    }

    @Override
    public boolean confirm(String key) {
        checkKey(key);
        return update(entries -> entries.replace(key, CONFIRMED) != null);
    }

    @Override
    public void clear() {
        update(entries -> {
            entries.clear();
            return true;
        });
    }

    /** Runs {@code change} on the live entries under both locks, and writes them back if it changed them. */
    private boolean update(Function<Map<String, String>, Boolean> change) {
        if (ownerChannel == null) {
            throw new IllegalStateException("idempotent repository " + file + " is not started");
        }
        return locked(() -> {
            String before = read();
            Map<String, String> entries = parse(before);
            boolean result = change.apply(entries);
            String after = format(entries);
            if (!after.equals(before)) {
                write(after);
            }
            return result;
        });
    }

    /** Runs {@code action} holding this JVM's lock for the file and the operating system's lock on the lock file. */
    private boolean locked(IoAction action) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            return action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("idempotent repository " + file + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private interface IoAction {
        boolean run() throws IOException;
    }

    private String read() throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private void write(String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The entries that count: confirmed ones and those whose owner is alive; in file order. */
    private Map<String, String> parse(String content) {
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Boolean> alive = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue; // blank, or not ours: skipped rather than failing every node on one bad line
            }
            String who = line.substring(0, tab);
            if (who.equals(CONFIRMED) || alive.computeIfAbsent(who, this::isAlive)) {
                entries.put(line.substring(tab + 1), who);
            }
        }
        return entries;
    }

    private static String format(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach((key, who) -> sb.append(who).append('\t').append(key).append('\n'));
        return sb.toString();
    }

    /** An owner is alive while some process holds the lock on its file in the owners folder. */
    private boolean isAlive(String who) {
        if (JVM_OWNERS.contains(who)) {
            return true;
        }
        Path ownerFile = owners.resolve(who);
        if (!ownerFile.normalize().startsWith(owners) || !Files.exists(ownerFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(ownerFile, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            Files.deleteIfExists(ownerFile);
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("idempotent repository " + file + ": owner " + who + ": " + e.getMessage(), e);
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("idempotent key must be non-empty without tabs or line breaks: " + key);
        }
    }

    @Override
    public String toString() {
        return "SharedFileIdempotentRepository[" + file + "]";
    }
}
