package org.yamtorrent.engine.lsd;

import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.yamtorrent.engine.metainfo.InfoHash;

/**
 * Run inside a network namespace by {@link LsdNetnsTest}: announces one info-hash on the IPv4 group through one
 * interface, prints "HEARD address:port" for the first peer it hears, then exits (code 2 if it heard none).
 * Arguments: interface, TCP port, info-hash hex, seconds to wait.
 */
public final class LsdProbe {

    public static void main(String[] args) throws Exception {
        NetworkInterface ni = NetworkInterface.getByName(args[0]);
        LsdConfig config = new LsdConfig(ni, List.of(LsdConfig.IPV4_GROUP), 1, Duration.ofSeconds(1),
                Duration.ofMillis(500));
        CountDownLatch heard = new CountDownLatch(1);
        try (LocalDiscovery lsd = new LocalDiscovery(config, Integer.parseInt(args[1]), (ih, peer) -> {
            System.out.println("HEARD " + peer.getAddress().getHostAddress() + ":" + peer.getPort() + " " + ih.hex());
            heard.countDown();
        })) {
            lsd.add(InfoHash.fromHex(args[2]), false);
            lsd.add(InfoHash.fromHex("00000000000000000000000000000000000000ff"), true); // private: never sent
            boolean ok = heard.await(Long.parseLong(args[3]), TimeUnit.SECONDS);
            Thread.sleep(1500); // keep announcing a little, so the other probe hears us too
            System.out.flush();
            System.exit(ok ? 0 : 2);
        }
    }
}
