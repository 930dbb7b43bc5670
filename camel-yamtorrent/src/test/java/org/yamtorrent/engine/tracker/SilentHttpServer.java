package org.yamtorrent.engine.tracker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Accepts TCP connections on 127.0.0.1 and never answers: the tracker that hangs. */
final class SilentHttpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    SilentHttpServer() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(socket.accept());
                }
            } catch (IOException closed) {
                // closed by the test
            }
        }, "silent-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI announceUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/announce");
    }

    int connections() {
        return held.size();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
