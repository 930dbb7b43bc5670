package org.yamtorrent.app;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.yamtorrent.camel.SharedFileIdempotentRepository;

/**
 * Binds {@code jobs}, the idempotent repository of the queue route (routes/queue/download.yaml), as configured by
 * {@code yamtorrent.queue.idempotent}:
 * <ul>
 * <li>{@code file} (the default): {@link SharedFileIdempotentRepository} on {@code yamtorrent.jobs}, for the nodes of
 * one host; nothing to install.</li>
 * <li>{@code jdbc}: {@link JdbcJobRepository} in the database at {@code yamtorrent.queue.jdbc.url} (user and password
 * in {@code yamtorrent.queue.jdbc.user}, {@code .password}), for nodes on several hosts. A node's lock on a job is
 * refreshed every {@code yamtorrent.queue.jdbc.keep-alive} ms and freed once it has not been for
 * {@code yamtorrent.queue.jdbc.lock-max-age} ms.</li>
 * </ul>
 * The repository is made on the first lookup, so routes that do not use it open no file and no connection.
 */
public class QueueJobs implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        context.getRegistry().bind("jobs", IdempotentRepository.class, () -> create(context));
    }

    static IdempotentRepository create(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        String kind = p.resolveProperty("yamtorrent.queue.idempotent").orElse("file");
        switch (kind) {
            case "file":
                return new SharedFileIdempotentRepository(required(p, "yamtorrent.jobs"));
            case "jdbc":
                DriverManagerDataSource db = new DriverManagerDataSource(required(p, "yamtorrent.queue.jdbc.url"),
                        p.resolveProperty("yamtorrent.queue.jdbc.user").orElse(null),
                        p.resolveProperty("yamtorrent.queue.jdbc.password").orElse(null));
                return new JdbcJobRepository(db, p.resolveProperty("yamtorrent.queue").orElse("torrents"), context,
                        Long.parseLong(required(p, "yamtorrent.queue.jdbc.lock-max-age")),
                        Long.parseLong(required(p, "yamtorrent.queue.jdbc.keep-alive")));
            default:
                throw new IllegalArgumentException("yamtorrent.queue.idempotent must be file or jdbc, not " + kind);
        }
    }

    private static String required(PropertiesComponent p, String key) {
        return p.resolveProperty(key).orElseThrow(() -> new IllegalArgumentException(key + " is not set"));
    }
}
