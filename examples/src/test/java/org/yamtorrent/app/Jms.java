package org.yamtorrent.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** The test's side of the broker: an embedded Artemis on a free loopback port, and a JMS client to it. */
final class Jms implements AutoCloseable {

    final String url;
    private final Broker broker;
    private final ActiveMQConnectionFactory factory;
    private final JMSContext context;

    private Jms(Broker broker, String url) {
        this.broker = broker;
        this.url = url;
        this.factory = new ActiveMQConnectionFactory(url);
        this.context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
    }

    /** Starts a persistent broker with its journal in {@code dir} on 127.0.0.1 and {@code port} (0: a free one). */
    static Jms start(Path dir, int port) throws Exception {
        return start(dir, "127.0.0.1", port);
    }

    /** As {@link #start(Path, int)}, on {@code host} (an address of this machine). */
    static Jms start(Path dir, String host, int port) throws Exception {
        int p = port != 0 ? port : freePort();
        Broker broker = Broker.start(dir, "tcp://" + host + ":" + p);
        return new Jms(broker, "tcp://" + host + ":" + p + "?consumerWindowSize=0");
    }

    int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1, url.indexOf('?')));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Publishes {@code bytes} as a persistent BytesMessage to a queue, or to a topic. */
    void send(String destination, boolean topic, byte[] bytes) {
        BytesMessage m = context.createBytesMessage();
        try {
            m.writeBytes(bytes);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
        context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                .send(topic ? context.createTopic(destination) : context.createQueue(destination), m);
    }

    /** Publishes {@code text} as a persistent TextMessage to a queue (a magnet link, say). */
    void sendText(String queue, String text) {
        context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(context.createQueue(queue), text);
    }

    /** The next message on a queue, or null after {@code millis}. */
    Message receive(String queue, long millis) {
        try (var consumer = context.createConsumer(context.createQueue(queue))) {
            return consumer.receive(millis);
        }
    }

    /** How many subscriptions (or queues) the broker has on an address. */
    int subscriptions(String address) throws Exception {
        return broker.queueCount(address);
    }

    /** How many messages wait on a queue. */
    int depth(String queue) throws jakarta.jms.JMSException {
        var e = context.createBrowser(context.createQueue(queue)).getEnumeration();
        int n = 0;
        while (e.hasMoreElements()) {
            e.nextElement();
            n++;
        }
        return n;
    }

    /** How many messages a queue holds, delivered ones not yet acknowledged included. */
    long messages(String queue) {
        return broker.messageCount(queue);
    }

    @Override
    public void close() throws Exception {
        try {
            context.close();
            factory.close();
        } finally {
            broker.close();
        }
    }
}
