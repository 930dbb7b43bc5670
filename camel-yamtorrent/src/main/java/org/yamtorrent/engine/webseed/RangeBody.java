package org.yamtorrent.engine.webseed;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads exactly {@code length} body bytes into {@code target} at {@code at}, straight from the client's buffers. A
 * partial reply (206) that runs longer or shorter than that fails; a whole-file reply (200) to a range from offset
 * 0 is read up to {@code length} and the rest abandoned, which is what a server that ignores Range gives. A
 * subscriber made with an error fails at once, cancelling the exchange so nothing more is read.
 */
final class RangeBody implements HttpResponse.BodySubscriber<Void> {

    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private final byte[] target;
    private final int end;
    private final boolean exact;
    private final WebSeedException error;
    private final String what;
    private int pos;
    private Flow.Subscription subscription;

    private RangeBody(byte[] target, int at, int length, boolean exact, String what, WebSeedException error) {
        this.target = target;
        this.pos = at;
        this.end = at + length;
        this.exact = exact;
        this.what = what;
        this.error = error;
    }

    /** The body of a 206 (exact) or of a 200 from offset 0 (exact false: the bytes after ours are abandoned). */
    static RangeBody into(byte[] target, int at, int length, boolean exact, String what) {
        return new RangeBody(target, at, length, exact, what, null);
    }

    static RangeBody failing(WebSeedException error) {
        return new RangeBody(null, 0, 0, true, null, error);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (error != null) {
            s.cancel();
            result.completeExceptionally(error);
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int n = Math.min(b.remaining(), end - pos);
            b.get(target, pos, n);
            pos += n;
            if (b.hasRemaining()) {
                subscription.cancel();
                if (exact) {
                    result.completeExceptionally(new WebSeedException(what + ": body longer than the range"));
                } else {
                    result.complete(null);
                }
                return;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (pos == end) {
            result.complete(null);
        } else {
            result.completeExceptionally(new WebSeedException(what + ": body ended " + (end - pos) + " bytes short"));
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return result;
    }
}
