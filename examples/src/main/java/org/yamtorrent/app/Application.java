package org.yamtorrent.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;
import org.yamtorrent.app.cli.Rate;
import org.yamtorrent.app.cli.YamtorrentCli;
import org.yamtorrent.app.status.StatusPageListener;

/**
 * The yamtorrent application: camel-main with the YAML DSL, loading the download route built into the app, or
 * {@code routes/download.yaml} when the working directory has one (override with
 * {@code -Dcamel.main.routes-include-pattern=...}; see {@link RoutesPattern}).
 *
 * <p>With a command first ({@code download}, {@code create}, {@code seed}, {@code info}, {@code help}) it is the
 * command line instead, {@link YamtorrentCli}.
 *
 * <p>{@code --demo} runs the embedded default with no network beyond loopback: a sample payload is made, turned
 * into a torrent, seeded through the embedded tracker, and dropped into the drop folder, where the download
 * route fetches it; the application stops once the verified file has been handed on.
 *
 * <p>Started by the distribution's {@code bin/yamtorrent}, {@code yamtorrent.home} names the installation: its
 * {@code conf/application.properties} and {@code routes/} are used.
 *
 * <p>{@code --max-download-rate=N} and {@code --max-upload-rate=N} (bytes per second, or with K, M, G) set the
 * component's limits over all torrents, as {@code camel.component.torrent.max-download-rate} does.
 *
 * <p>{@code --broker} also starts an embedded ActiveMQ Artemis broker for the queue routes (routes/queue/,
 * routes/fanout/): it accepts clients on {@code yamtorrent.broker.listen} (default {@code tcp://127.0.0.1:61616})
 * and keeps its journal in {@code yamtorrent.broker.dir} (default {@code broker}), so queued jobs survive a restart.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (YamtorrentCli.isCommand(args)) {
            // before the first logger: the engine's INFO lines would break the progress display
            System.setProperty("yamtorrent.log.level", System.getProperty("yamtorrent.log.level", "warn"));
            System.exit(YamtorrentCli.run(args));
        }
        List<String> rest = new ArrayList<>();
        Map<String, String> limits = new LinkedHashMap<>();
        boolean demo = false;
        boolean broker = false;
        for (String a : args) {
            if (a.equals("--demo")) {
                demo = true;
            } else if (a.equals("--broker")) {
                broker = true;
            } else if (a.startsWith("--max-download-rate=") || a.startsWith("--max-upload-rate=")) {
                // the component's limits over all torrents, e.g. --max-download-rate=4M
                limits.put("camel.component.torrent." + a.substring(2, a.indexOf('=')),
                        Long.toString(Rate.parse(a.substring(a.indexOf('=') + 1))));
            } else {
                rest.add(a);
            }
        }
        Main main = new Main(Application.class);
        main.addMainListener(new StatusPageListener());
        // -Dcamel.xxx=... wins over application.properties, also for the route pattern camel-main reads early.
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("camel.")) {
                main.addOverrideProperty(key, System.getProperty(key));
            }
        }
        limits.forEach(main::addOverrideProperty);
        String homeDir = System.getProperty("yamtorrent.home");
        Path home = homeDir == null ? null : Path.of(homeDir).toAbsolutePath();
        if (home != null) {
            // bin/yamtorrent: the distribution's conf/application.properties overrides the built-in one
            main.setPropertyPlaceholderLocations("classpath:application.properties;optional=true,file:"
                    + home.resolve("conf/application.properties") + ";optional=true");
        }
        String pattern = (demo ? "classpath:demo/*.yaml," : "") + RoutesPattern.configured(home);
        List<String> routes = RoutesPattern.existing(pattern);
        if (routes.isEmpty()) {
            System.exit(1);
        }
        main.addOverrideProperty(RoutesPattern.KEY, String.join(",", routes));
        if (demo) {
            // The demo's own exchange plus the one payload file handed on by the download route.
            main.addOverrideProperty("camel.main.duration-max-messages", "2");
            main.addOverrideProperty("yamtorrent.progress-interval", "1s");
        }
        if (!broker) {
            main.run(rest.toArray(String[]::new));
            return;
        }
        try (Broker b = Broker.start(Path.of(System.getProperty("yamtorrent.broker.dir", "broker")),
                System.getProperty("yamtorrent.broker.listen", "tcp://127.0.0.1:61616"))) {
            main.run(rest.toArray(String[]::new));
        }
    }
}
