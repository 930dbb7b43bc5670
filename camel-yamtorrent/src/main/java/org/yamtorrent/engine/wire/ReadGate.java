package org.yamtorrent.engine.wire;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;

/**
 * The reasons a channel's reading is paused ({@code autoRead} off), so that one reason ending does not resume a
 * read another still holds back: reading resumes once none is left. The reasons are owned by the channel's event
 * loop; a call from another thread is queued there, in order.
 */
public final class ReadGate {

    /** Why reading is paused. */
    public enum Reason {
        /** Received blocks wait for the disk. */
        DISK,
        /** A download rate limit is in debt. */
        RATE
    }

    private final Channel channel;
    private final Set<Reason> reasons = EnumSet.noneOf(Reason.class);

    public ReadGate(Channel channel) {
        this.channel = channel;
    }

    /** Stops reading until {@link #resume} with the same reason (and every other reason is gone). */
    public void pause(Reason why) {
        onLoop(() -> {
            reasons.add(why);
            channel.config().setAutoRead(false);
        });
    }

    public void resume(Reason why) {
        onLoop(() -> {
            if (reasons.remove(why) && reasons.isEmpty()) {
                channel.config().setAutoRead(true);
            }
        });
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return;
        }
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down, and the channel with it
        }
    }
}
