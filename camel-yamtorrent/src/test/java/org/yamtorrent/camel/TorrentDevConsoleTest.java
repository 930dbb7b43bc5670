package org.yamtorrent.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yamtorrent.engine.metainfo.MetainfoReader;

/** The {@code torrent} dev console, resolved by id as camel-main resolves it, over a download in progress. */
@Timeout(120)
class TorrentDevConsoleTest extends TorrentTestSupport {

    @Test
    @SuppressWarnings("unchecked")
    void theConsoleListsEachTorrentWithItsProgressPeersAndTrackers() throws Exception {
        TorrentComponent component = context.getComponent("torrent", TorrentComponent.class);
        component.setEmbeddedTrackerPort(0);
        String tracker = component.startEmbeddedTracker();
        String refused = "http://127.0.0.1:1/announce";
        // tier 0 refuses, so every announce also tries tier 1: both trackers have a last result
        byte[] torrent = seeder.seedHalf(tmp.resolve("seed"), "console.bin", List.of(List.of(refused), List.of(tracker)));
        String hash = MetainfoReader.read(torrent).infoHash().hex();
        template.asyncSendBody("torrent:download?directory=" + dir("work") + "&staticPeers=" + seeder.address()
                + "&progressInterval=0", torrent);

        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("torrent");
        assertNotNull(console, "resolved through META-INF/services/org/apache/camel/dev-console/torrent");
        JsonObject[] seen = new JsonObject[1];
        TorrentConsumerTest.awaitTrue(() -> {
            Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
            List<JsonObject> torrents = (List<JsonObject>) ((List<JsonObject>) json.get("sessions")).get(0).get("torrents");
            seen[0] = torrents.isEmpty() ? null : torrents.get(0);
            if (seen[0] == null || !Double.valueOf(50.0).equals(seen[0].get("percent")) || !Integer.valueOf(1).equals(seen[0].get("peers"))) {
                return false;
            }
            List<JsonObject> trackers = (List<JsonObject>) seen[0].get("trackers");
            return trackers.size() == 2 && trackers.stream().allMatch(t -> t.containsKey("lastAnnounce"));
        }, "half downloaded, one peer, both trackers announced");
        JsonObject t = seen[0];
        assertEquals("console.bin", t.get("name"));
        assertEquals(hash, t.get("infoHash"));
        assertEquals("DOWNLOADING", t.get("state"));
        assertTrue(t.get("etaSeconds") instanceof Long && t.get("downloadRate") instanceof Long && t.get("uploadRate") instanceof Long, t.toString());
        List<JsonObject> trackers = (List<JsonObject>) t.get("trackers");
        assertEquals(refused, trackers.get(0).get("url"));
        assertEquals(0, trackers.get(0).get("tier"));
        assertTrue(String.valueOf(trackers.get(0).get("lastResult")).startsWith("failed: "), trackers.get(0).toString());
        assertEquals(tracker, trackers.get(1).get("url"));
        assertTrue(String.valueOf(trackers.get(1).get("lastResult")).startsWith("ok, "), trackers.get(1).toString());

        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(text.contains("torrent: listening on port " + component.getSession().listenPort()), text);
        assertTrue(text.contains(hash + " console.bin: downloading 50.0%"), text);
        assertTrue(text.contains("1 peers"), text);
        assertTrue(text.contains("tracker " + refused + " (tier 0): failed: "), text);
        assertTrue(text.contains("tracker " + tracker + " (tier 1): ok, "), text);
        component.getSession().find(MetainfoReader.read(torrent).infoHash()).stop();
    }
}
