package org.yamtorrent.app.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Starts the status page with the app when {@code yamtorrent.status.enabled} is true, on
 * {@code yamtorrent.status.address}:{@code yamtorrent.status.port}, actions allowed with
 * {@code yamtorrent.status.token}; stops it with the app.
 */
public final class StatusPageListener extends MainListenerSupport {

    private StatusPage page;

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        if (!Boolean.parseBoolean(property(camel, "enabled", "false"))) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(property(camel, "address", "127.0.0.1"),
                Integer.parseInt(property(camel, "port", "8088")));
        try {
            page = StatusPage.start(camel, address, property(camel, "token", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the status page on " + address, e);
        }
    }

    @Override
    public void beforeStop(BaseMainSupport main) {
        if (page != null) {
            page.close();
            page = null;
        }
    }

    private static String property(CamelContext camel, String key, String otherwise) {
        return camel.getPropertiesComponent().resolveProperty("yamtorrent.status." + key).orElse(otherwise).trim();
    }
}
