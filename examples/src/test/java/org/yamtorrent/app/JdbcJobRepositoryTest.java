package org.yamtorrent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link JdbcJobRepository} on a real PostgreSQL, two instances standing for two nodes: a running job's key belongs
 * to its node while its heartbeat goes on, a finished one for good, and the key of a node that stopped beating is
 * taken over once the lock's maximum age has passed.
 */
@Timeout(120)
class JdbcJobRepositoryTest {

    private static final long MAX_AGE = 3000;
    private static final long KEEP_ALIVE = 500;

    private static Postgres pg;
    private static CamelContext camel;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static JdbcJobRepository node(String queue) {
        JdbcJobRepository r = new JdbcJobRepository(new DriverManagerDataSource(pg.url(), Postgres.USER, ""), queue,
                camel, MAX_AGE, KEEP_ALIVE);
        r.start();
        return r;
    }

    /**
     * PostgreSQL's CREATE TABLE IF NOT EXISTS is not atomic: of two nodes starting together on a new database, one
     * may fail to create the table the other has just made (seen in WorkSharingIT). Such a node starts on that
     * table; one whose table is missing after a failed create still fails to start.
     */
    @Test
    void aNodeWhoseCreateFailsStartsOnlyIfTheTableIsThere() {
        node("q-race").shutdown(); // the table exists now
        JdbcJobRepository late = new JdbcJobRepository(new DriverManagerDataSource(pg.url(), Postgres.USER, ""),
                "q-race", camel, MAX_AGE, KEEP_ALIVE);
        late.setCreateString("CREATE TABLE CAMEL_MESSAGEPROCESSED (x INT)"); // it exists: fails
        late.start();
        try {
            assertTrue(late.add("cc"));
        } finally {
            late.shutdown();
        }
        JdbcJobRepository broken = new JdbcJobRepository(new DriverManagerDataSource(pg.url(), Postgres.USER, ""),
                "q-race", camel, MAX_AGE, KEEP_ALIVE);
        broken.setCreateString("CREATE TABLE no_such (x INT, x INT)"); // fails, and makes no table
        broken.setTableExistsString("SELECT 1 FROM no_such WHERE 1 = 0");
        assertThrows(RuntimeException.class, broken::start);
    }

    @Test
    void aRunningJobIsTheHoldersAndAFinishedOneStaysFinished() throws Exception {
        JdbcJobRepository a = node("q1");
        JdbcJobRepository b = node("q1");
        try {
            assertTrue(a.add("aa"));
            long t0 = System.nanoTime();
            assertFalse(b.add("aa"), "held by a live node: a duplicate");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited < MAX_AGE, "a live holder's heartbeat is seen within the keep-alive, not the max age: " + waited);
            assertTrue(a.confirm("aa"));
            assertFalse(b.confirm("aa"), "b holds no such key");
            a.shutdown(); // the finisher goes away: its finished key stays
            Thread.sleep(MAX_AGE + KEEP_ALIVE);
            assertFalse(b.add("aa"), "a finished job is never fetched again");
            assertTrue(b.contains("aa"));
            assertTrue(b.remove("aa"), "freed, for a job published again later");
            assertTrue(b.add("aa"));
            assertEquals(1, rows("q1", "aa"));
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void theKeyOfANodeThatDiedIsTakenOverAndKeptAliveByItsNewHolder() throws Exception {
        JdbcJobRepository dead = node("q2");
        JdbcJobRepository b = node("q2");
        JdbcJobRepository c = node("q2");
        try {
            assertTrue(dead.add("bb"));
            dead.shutdown(); // like a kill -9: the row stays, its heartbeat stops
            long t0 = System.nanoTime();
            assertTrue(b.add("bb"), "the orphan is taken over");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited >= MAX_AGE - KEEP_ALIVE, "not before its lock aged out: " + waited);
            // b's heartbeat now keeps it: c sees a live holder, even well past the max age
            Thread.sleep(MAX_AGE + KEEP_ALIVE);
            assertFalse(c.add("bb"));
            assertEquals(1, rows("q2", "bb"));
        } finally {
            b.shutdown();
            c.shutdown();
        }
    }

    /** PostgreSQL restarted while a job runs: the holder keeps its lock, and records the job done afterwards. */
    @Test
    void aDatabaseRestartMidJobKeepsTheLockAndTheRecord() throws Exception {
        JdbcJobRepository a = node("q4");
        JdbcJobRepository b = node("q4");
        try {
            assertTrue(a.add("dd"));
            pg.stop();
            assertThrows(Exception.class, () -> b.add("ee"), "no job starts while the database is down");
            Thread.sleep(2 * KEEP_ALIVE); // a's heartbeats fail meanwhile
            pg.startServer();
            assertFalse(b.add("dd"), "still a's, its heartbeat resumed");
            assertTrue(a.confirm("dd"));
            assertFalse(b.add("dd"));
            assertEquals(1, rows("q4", "dd"));
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    void aDatabaseThatIsDownIsAClearError() throws Exception {
        JdbcJobRepository r = new JdbcJobRepository(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none",
                Postgres.USER, ""), "q3", camel, MAX_AGE, KEEP_ALIVE);
        Exception e = assertThrows(Exception.class, r::start);
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        assertTrue(chain.toString().contains("127.0.0.1:1"), chain::toString);
    }

    private static int rows(String queue, String key) throws Exception {
        try (var c = pg.connect(); var s = c.prepareStatement(
                "SELECT count(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?")) {
            s.setString(1, queue);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
