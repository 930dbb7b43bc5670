package org.yamtorrent.app;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcOrphanLockAwareIdempotentRepository;
import org.springframework.dao.DataAccessException;

/**
 * The queue's record of jobs for several hosts: camel-sql's {@link JdbcOrphanLockAwareIdempotentRepository} in one
 * database table, keyed by info-hash, with the two rules a download job needs on top of Camel's orphan locks.
 *
 * <p>A key being downloaded is a lock: the node that took it refreshes its {@code createdAt} every keep-alive
 * interval (Camel's heartbeat), and a key whose heartbeat stopped is free again after the lock's maximum age.
 * <ul>
 * <li>A finished job stays finished, whatever happens to the node that fetched it: {@link #confirm} takes the key
 * out of the heartbeat and stamps it {@link #DONE}, a time no age reaches.</li>
 * <li>A job whose key another node holds is not dropped at once: the broker redelivers the job of a node that was
 * killed at the moment its connection drops, long before the dead node's lock ages out. {@link #add} watches the
 * holder's heartbeat for up to the maximum age: a refreshed {@code createdAt} proves the holder alive (the job is a
 * duplicate, skipped), one that stays unchanged that long is an orphan, taken over. Only this node's monotonic clock
 * is used for that, so the hosts' clocks need not agree.</li>
 * </ul>
 * The table is Camel's {@code CAMEL_MESSAGEPROCESSED} (one row per key and queue, the queue's name as
 * {@code processorName}), created by the first node if missing. Its primary key means two nodes that take a free key
 * at the same instant cannot both have it: the second insert fails, and that job's redelivery finds the key held.
 */
public class JdbcJobRepository extends JdbcOrphanLockAwareIdempotentRepository {

    /** The {@code createdAt} of a finished job. */
    static final Timestamp DONE = Timestamp.valueOf("9999-01-01 00:00:00");

    private static final String TABLE = DEFAULT_TABLENAME;

    /** The keys this node took and has not finished or removed. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public JdbcJobRepository(DataSource dataSource, String processorName, CamelContext context,
                             long lockMaxAgeMillis, long keepAliveMillis) {
        super(dataSource, processorName, context);
        // IF NOT EXISTS: nodes starting together may all find the table missing
        setCreateString("CREATE TABLE IF NOT EXISTS " + TABLE + " (processorName VARCHAR(255) NOT NULL,"
                + " messageId VARCHAR(100) NOT NULL, createdAt TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (processorName, messageId))");
        setLockMaxAgeMillis(lockMaxAgeMillis);
        setLockKeepAliveIntervalMillis(keepAliveMillis);
    }

    /**
     * Creates the table before Camel looks for it. PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} is not atomic: of
     * two nodes starting at the same instant on a new database, one may fail on the catalog's unique index although
     * the other has just made the table. So a failed create is forgiven once the table is there.
     */
    @Override
    protected void doStart() throws Exception {
        try {
            jdbcTemplate.execute(getCreateString());
        } catch (DataAccessException e) {
            try {
                jdbcTemplate.execute(getTableExistsString());
            } catch (DataAccessException missing) {
                e.addSuppressed(missing);
                throw e;
            }
        }
        super.doStart();
    }

    @Override
    public boolean add(String key) {
        Timestamp seen = heartbeat(key);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(getLockMaxAgeMillis());
        while (seen != null) {
            if (!seen.before(DONE)) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // an orphan: free it only if nobody refreshed or took it meanwhile
                jdbcTemplate.update("DELETE FROM " + TABLE + " WHERE processorName = ? AND messageId = ? AND createdAt = ?",
                        processorName, key, seen);
                break;
            }
            pause(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, getLockKeepAliveIntervalMillis()));
            Timestamp now = heartbeat(key);
            if (now != null && !now.equals(seen)) {
                return false; // refreshed by a live holder, finished, or taken over by another node
            }
            seen = now;
        }
        if (!super.add(key)) {
            return false;
        }
        held.add(key);
        return true;
    }

    /** Marks a key this node holds as done for good; false if it holds no such key. */
    @Override
    public boolean confirm(String key) {
        if (!held.remove(key)) {
            return false;
        }
        return transactionTemplate.execute(status -> {
            delete(key); // and out of the heartbeat
            jdbcTemplate.update(getInsertString(), processorName, key, DONE);
            return true;
        });
    }

    @Override
    public boolean remove(String key) {
        held.remove(key);
        return super.remove(key);
    }

    /** The key's {@code createdAt}, or null if no node holds it. */
    private Timestamp heartbeat(String key) {
        List<Timestamp> rows = jdbcTemplate.queryForList("SELECT createdAt FROM " + TABLE
                + " WHERE processorName = ? AND messageId = ?", Timestamp.class, processorName, key);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another node's job lock", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcJobRepository[" + TABLE + ", " + processorName + "]";
    }
}
