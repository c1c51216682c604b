package org.herald.http.websub;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import java.nio.charset.StandardCharsets;

/**
 * A response body read as text up to a limit: a callback answering a verification (§5.3) with an endless body
 * must not fill the hub's memory. Past the limit the result fails and the rest of the body is discarded.
 */
final class BoundedBody implements BodyStream<String> {
    private final int limit;
    private final Promise<String> result = Promise.promise();
    private final Buffer body = Buffer.buffer();

    private BoundedBody(int limit) {
        this.limit = limit;
    }

    static BodyCodec<String> codec(int limit) {
        return handler -> handler.handle(Future.succeededFuture(open(limit)));
    }

    static BoundedBody open(int limit) {
        return new BoundedBody(limit);
    }

    @Override
    public Future<String> result() {
        return result.future();
    }

    @Override
    public void handle(Throwable failure) {
        result.tryFail(failure);
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (result.future().isComplete()) return Future.succeededFuture();
        if (body.length() + data.length() > limit) {
            result.tryFail(new IllegalStateException("response body over " + limit + " bytes"));
        } else {
            body.appendBuffer(data);
        }
        return Future.succeededFuture();
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        write(data).onComplete(handler);
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        result.tryComplete(body.toString(StandardCharsets.UTF_8));
        if (handler != null) handler.handle(Future.succeededFuture());
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
    }
}
