package org.yamtorrent.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;
import org.yamtorrent.engine.session.Progress;
import org.yamtorrent.engine.session.Session;
import org.yamtorrent.engine.session.TorrentHandle;
import org.yamtorrent.engine.tracker.TrackerStatus;

/**
 * The Camel developer console {@code torrent} ({@code /q/dev/torrent} with camel-main): every torrent of every
 * torrent component, with its state, progress, rates, peers, ETA, and its trackers with their last result.
 */
@DevConsole(group = "camel", name = "torrent", displayName = "Torrent", description = "BitTorrent downloads and seeds")
public class TorrentDevConsole extends AbstractDevConsole {

    public TorrentDevConsole() {
        super("camel", "torrent", "Torrent", "BitTorrent downloads and seeds");
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        List<JsonObject> sessions = new ArrayList<>();
        for (Map.Entry<String, TorrentComponent> e : components().entrySet()) {
            TorrentComponent c = e.getValue();
            Session s = c.getSession();
            JsonObject jo = new JsonObject();
            jo.put("component", e.getKey());
            jo.put("listening", s != null && s.isListening());
            jo.put("listenPort", s == null ? null : s.listenPort());
            jo.put("dhtNodes", c.getDhtNodes());
            List<JsonObject> torrents = new ArrayList<>();
            if (s != null) {
                s.torrents().forEach(t -> torrents.add(torrent(c, t)));
            }
            jo.put("torrents", torrents);
            sessions.add(jo);
        }
        root.put("sessions", sessions);
        return root;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, TorrentComponent> e : components().entrySet()) {
            TorrentComponent c = e.getValue();
            Session s = c.getSession();
            if (s == null) {
                sb.append(e.getKey()).append(": not started\n");
                continue;
            }
            sb.append(String.format("%s: %s on port %d, %d DHT nodes, %d torrents%n", e.getKey(),
                    s.isListening() ? "listening" : "NOT listening", s.listenPort(), c.getDhtNodes(), s.torrents().size()));
            for (TorrentHandle t : s.torrents()) {
                sb.append("  ").append(t.infoHash().hex()).append(' ')
                        .append(ProgressLog.line(t.name(), t.state(), t.progress())).append('\n');
                String stalled = c.getStallReason(t);
                if (stalled != null) {
                    sb.append("      stalled: ").append(stalled).append('\n');
                }
                for (TrackerStatus tr : t.trackers()) {
                    sb.append("      tracker ").append(tr.tracker()).append(" (tier ").append(tr.tier()).append("): ")
                            .append(result(tr)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** The torrent components by name. */
    private Map<String, TorrentComponent> components() {
        Map<String, TorrentComponent> found = new TreeMap<>();
        for (String name : getCamelContext().getComponentNames()) {
            if (getCamelContext().hasComponent(name) instanceof TorrentComponent c) {
                found.put(name, c);
            }
        }
        return found;
    }

    /** One torrent as JSON; also what the app's status page serves. */
    public static JsonObject torrent(TorrentComponent c, TorrentHandle t) {
        Progress p = t.progress();
        JsonObject jo = new JsonObject();
        jo.put("name", t.name());
        jo.put("infoHash", t.infoHash().hex());
        jo.put("state", t.state().name());
        jo.put("percent", Math.round(p.percent() * 10) / 10.0);
        jo.put("downloadRate", Math.round(p.downloadRate()));
        jo.put("uploadRate", Math.round(p.uploadRate()));
        jo.put("peers", p.peers());
        jo.put("etaSeconds", p.etaSeconds());
        jo.put("downloaded", p.downloaded());
        jo.put("uploaded", p.uploaded());
        jo.put("directory", t.directory().toString());
        if (t.error() != null) {
            jo.put("error", t.error().getMessage());
        }
        String stalled = c.getStallReason(t);
        if (stalled != null) {
            jo.put("stalled", stalled);
        }
        List<JsonObject> trackers = new ArrayList<>();
        for (TrackerStatus tr : t.trackers()) {
            JsonObject j = new JsonObject();
            j.put("url", tr.tracker().toString());
            j.put("tier", tr.tier());
            j.put("lastResult", result(tr));
            if (tr.lastAnnounce() != null) {
                j.put("lastAnnounce", tr.lastAnnounce().toString());
                j.put("peers", tr.peers());
            }
            trackers.add(j);
        }
        jo.put("trackers", trackers);
        return jo;
    }

    private static String result(TrackerStatus tr) {
        if (tr.lastAnnounce() == null) {
            return "not announced yet";
        }
        return tr.ok() ? "ok, " + tr.peers() + " peers" : "failed: " + tr.error();
    }
}
