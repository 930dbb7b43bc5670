package org.yamtorrent.app;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An ActiveMQ Artemis broker inside this JVM, for the queue examples and their tests: the same broker that runs
 * standalone or clustered, persistent (messages survive a restart in its journal), without security.
 */
public final class Broker implements AutoCloseable {

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    private Broker() {
    }

    /**
     * Starts a broker accepting clients on {@code acceptorUrl} (for example {@code tcp://127.0.0.1:61616}), keeping
     * its journal in {@code dir}. A message the broker delivered {@code 10} times without an acknowledgement (the app
     * crashed on it each time) moves to {@code DLQ}; routes dead-letter their own failures long before that.
     */
    public static Broker start(Path dir, String acceptorUrl) throws Exception {
        Path d = dir.toAbsolutePath();
        Configuration config = new ConfigurationImpl()
                .setName("yamtorrent")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO) // AIO needs libaio; NIO works everywhere
                .setJournalDirectory(d.resolve("journal").toString())
                .setBindingsDirectory(d.resolve("bindings").toString())
                .setLargeMessagesDirectory(d.resolve("large-messages").toString())
                .setPagingDirectory(d.resolve("paging").toString())
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("clients", acceptorUrl);
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setMaxDeliveryAttempts(10)
                .setAutoCreateDeadLetterResources(true));
        Broker broker = new Broker();
        broker.server.setConfiguration(config);
        broker.server.start();
        return broker;
    }

    /** How many queues are bound to an address: for a topic, its subscriptions (durable ones stay when offline). */
    public int queueCount(String address) throws Exception {
        return server.getActiveMQServer().bindingQuery(SimpleString.of(address)).getQueueNames().size();
    }

    /**
     * How many messages a queue holds, those delivered to a consumer and not yet acknowledged (a transacted job still
     * running) included; 0 when the queue does not exist.
     */
    public long messageCount(String queue) {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return q == null ? 0 : q.getMessageCount();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
