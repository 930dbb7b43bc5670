package org.yamtorrent.engine.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.yamtorrent.engine.wire.PeerMessage;

class ExtensionRegistryTest {

    /** An extension that only names itself and adds one field. */
    private record Named(String name, String field) implements Extension {
        @Override
        public void addHandshakeFields(Map<String, Object> handshake) {
            if (field != null) {
                handshake.put(field, 42L);
            }
        }

        @Override
        public void onMessage(ExtensionPeer peer, ByteBuf payload) {
        }
    }

    @Test
    void idsFollowRegistrationOrderAndRouteMessagesBack() {
        Named metadata = new Named("ut_metadata", "metadata_size");
        Named pex = new Named("ut_pex", null);
        ExtensionRegistry registry = new ExtensionRegistry(List.of(metadata, pex));
        assertEquals(Map.of("ut_metadata", 1L, "ut_pex", 2L), registry.ourIds());
        assertSame(metadata, registry.byOurId(1));
        assertSame(pex, registry.byOurId(2));
        assertNull(registry.byOurId(0), "0 is the handshake, never an extension");
        assertNull(registry.byOurId(3));
        assertThrows(IllegalArgumentException.class, () -> new ExtensionRegistry(List.of(pex, new Named("ut_pex", null))));
    }

    @Test
    void ourHandshakeCarriesTheRegistrysDictionaryAndTheExtensionsFields() {
        ExtensionRegistry registry = new ExtensionRegistry(List.of(new Named("ut_metadata", "metadata_size")));
        PeerMessage.Extended ours = ExtensionHandshake.ours(registry, 6881);
        try {
            ExtensionHandshake.Theirs read = ExtensionHandshake.parse(ours.payload());
            assertEquals(Map.of("ut_metadata", 1), read.ids());
            assertEquals(42L, read.dictionary().get("metadata_size"));
            assertEquals(6881, read.port());
            assertEquals(ExtensionHandshake.OUR_REQQ, read.reqq());
            assertEquals("yamtorrent 0.1", read.client());
        } finally {
            ours.release();
        }
        PeerMessage.Extended none = ExtensionHandshake.ours(ExtensionRegistry.empty(), 1);
        try {
            assertEquals(Map.of(), ExtensionHandshake.parse(none.payload()).ids());
        } finally {
            none.release();
        }
    }

    @Test
    void aPeersIdsAreKeptOnlyWhenUsable() {
        String d = "d1:md11:ut_metadatai3e6:ut_pexi0e3:badi300e4:negai-1e5:wrong3:abcee";
        ExtensionHandshake.Theirs h = ExtensionHandshake.parse(Unpooled.wrappedBuffer(d.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Map.of("ut_metadata", 3), h.ids(), "0 disables, and ids are one byte");
        StringBuilder many = new StringBuilder("d1:md");
        for (int i = 0; i < 1000; i++) {
            many.append(String.format("4:x%03di1e", i));
        }
        many.append("ee");
        ExtensionHandshake.Theirs flood = ExtensionHandshake.parse(
                Unpooled.wrappedBuffer(many.toString().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(64, flood.ids().size(), "a flood of names is capped");
    }
}
