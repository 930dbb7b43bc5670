package org.yamtorrent.engine.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

/**
 * The payload stream of an MSE connection that selected RC4: decrypts every byte read, encrypts every byte
 * written, in order. Installed next to the head of the pipeline by {@link MseHandler} once the handshake is done.
 * A written buffer may be shared (a cached message, a slice of a read buffer), so it is encrypted into a new
 * one; a {@link FileRegion} is read into memory first, as it cannot be encrypted on its way to the socket.
 *
 * <p>Runs on the channel's event loop, which owns both cipher states.
 */
final class Rc4Codec extends ChannelDuplexHandler {

    static final String NAME = "rc4";

    private final Cipher decrypt;
    private final Cipher encrypt;

    Rc4Codec(Cipher decrypt, Cipher encrypt) {
        this.decrypt = decrypt;
        this.encrypt = encrypt;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            crypt(decrypt, buf, buf);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ByteBuf plain;
        if (msg instanceof ByteBuf buf) {
            plain = buf;
        } else if (msg instanceof FileRegion region) {
            plain = read(ctx, region);
        } else {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf out = ctx.alloc().buffer(plain.readableBytes());
        try {
            out.writerIndex(plain.readableBytes());
            crypt(encrypt, plain, out);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            plain.release();
        }
        ctx.write(out, promise);
    }

    /** Runs {@code src}'s readable bytes through the cipher into {@code dst} at its reader index (may be src). */
    static void crypt(Cipher cipher, ByteBuf src, ByteBuf dst) {
        int n = src.readableBytes();
        if (n == 0) {
            return;
        }
        try {
            if (src.nioBufferCount() == 1 && dst.nioBufferCount() == 1) {
                ByteBuffer in = src.nioBuffer(src.readerIndex(), n);
                ByteBuffer out = dst.nioBuffer(dst.readerIndex(), n);
                cipher.update(in, out);
            } else {
                byte[] bytes = new byte[n];
                src.getBytes(src.readerIndex(), bytes);
                dst.setBytes(dst.readerIndex(), cipher.update(bytes));
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("RC4 output is as long as its input", e);
        }
    }

    private static ByteBuf read(ChannelHandlerContext ctx, FileRegion region) throws IOException {
        ByteBuf copy = ctx.alloc().buffer((int) region.count());
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                copy.writeBytes(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try {
            while (region.transferred() < region.count()) {
                region.transferTo(sink, region.transferred());
            }
        } catch (IOException | RuntimeException e) {
            copy.release();
            throw e;
        } finally {
            ReferenceCountUtil.release(region);
        }
        return copy;
    }
}
