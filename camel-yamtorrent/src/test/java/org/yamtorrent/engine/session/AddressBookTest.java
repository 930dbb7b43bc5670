package org.yamtorrent.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class AddressBookTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static InetSocketAddress peer(int port) {
        return new InetSocketAddress("10.0.0.1", port);
    }

    @Test
    void aNewAddressIsDueAtOnceAndKeepsItsFirstSource() {
        AddressBook book = new AddressBook();
        assertEquals(2, book.add(List.of(peer(1), peer(2)), PeerSource.TRACKER));
        assertEquals(0, book.add(List.of(peer(2)), PeerSource.PEX), "already known");
        assertEquals(PeerSource.TRACKER, book.source(peer(2)));
        assertNull(book.source(peer(3)));
        assertEquals(List.of(peer(1), peer(2)), book.dial(0, 10, a -> false), "in the order learned");
        assertEquals(List.of(), book.dial(0, 10, a -> false), "not twice while dialling");
        assertEquals(2, book.dialling());
    }

    @Test
    void dialsBackOffByWhatHappenedAndAJoinForgivesThem() {
        AddressBook book = new AddressBook();
        book.add(List.of(peer(1), peer(2)), PeerSource.STATIC);
        book.dial(0, 10, a -> false);
        book.dialEnded(peer(1), false, 0); // nothing listened: 2 s
        book.dialEnded(peer(2), true, 0); // answered but did not join: 10 s
        assertEquals(List.of(), book.dial(S, 10, a -> false));
        assertEquals(List.of(peer(1)), book.dial(2 * S, 10, a -> false));
        book.dialEnded(peer(1), false, 2 * S); // second failure: 4 s
        assertEquals(List.of(), book.dial(5 * S, 10, a -> false));
        assertEquals(List.of(peer(1), peer(2)), book.dial(10 * S, 10, a -> false));
        book.joined(peer(1));
        book.dialEnded(peer(1), true, 10 * S); // the connect completes before the join in real life; a join resets
        book.joined(peer(1));
        assertEquals(List.of(peer(1)), book.dial(10 * S, 10, a -> false), "due again as soon as it leaves");
    }

    @Test
    void backOffDoublesToFiveMinutes() {
        assertEquals(2, AddressBook.backOffSeconds(1, false));
        assertEquals(4, AddressBook.backOffSeconds(2, false));
        assertEquals(10, AddressBook.backOffSeconds(1, true));
        assertEquals(20, AddressBook.backOffSeconds(2, true));
        assertEquals(300, AddressBook.backOffSeconds(50, true));
        assertEquals(300, AddressBook.backOffSeconds(50, false));
    }

    @Test
    void skippedAndCappedAddressesStayDue() {
        AddressBook book = new AddressBook();
        book.add(List.of(peer(1), peer(2), peer(3)), PeerSource.DHT);
        assertEquals(List.of(peer(2)), book.dial(0, 1, a -> a.getPort() == 1), "skip, then the cap");
        assertEquals(List.of(peer(1), peer(3)), book.dial(0, 5, a -> false));
        book.dialEnded(peer(1), true, 0);
        book.forgetBackOff();
        assertEquals(List.of(peer(1)), book.dial(0, 5, a -> false), "a restart dials everyone at once");
    }

    @Test
    void aFloodCannotGrowTheBook() {
        AddressBook book = new AddressBook();
        List<InetSocketAddress> flood = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            flood.add(new InetSocketAddress("10.1." + (i / 250) + "." + (i % 250), 6881));
        }
        assertEquals(AddressBook.MAX_ADDRESSES, book.add(flood, PeerSource.PEX));
        assertEquals(AddressBook.MAX_ADDRESSES, book.size());
    }
}
