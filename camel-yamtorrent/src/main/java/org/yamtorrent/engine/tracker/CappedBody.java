package org.yamtorrent.engine.tracker;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but gives up, cancelling the exchange, once it passes a size limit, so a hostile or
 * broken tracker cannot make us buffer an endless reply. A declared Content-Length over the limit fails at once.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long declaredLength;
    private final int maxBytes;
    private Flow.Subscription subscription;

    CappedBody(long declaredLength, int maxBytes) {
        this.declaredLength = declaredLength;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > maxBytes) {
            s.cancel();
            result.completeExceptionally(new TrackerException(
                    "announce reply: Content-Length " + declaredLength + " exceeds the limit of " + maxBytes + " bytes"));
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
            if (b.remaining() > maxBytes - out.size()) {
                subscription.cancel();
                result.completeExceptionally(new TrackerException(
                        "announce reply: body exceeds the limit of " + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
