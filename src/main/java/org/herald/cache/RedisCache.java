package org.herald.cache;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.herald.fanout.RedisNames;
import org.jboss.logging.Logger;

/**
 * The Redis side of the caches: versioned entries per node, invalidated globally after each commit.
 *
 * <p>Each node has a version key holding a random token; its cached parts live under that token
 * ({@code <prefix>cache:d:<token>:<part>}). A reader takes the token (creating one if there is none) before it reads
 * PostgreSQL, and writes what it read under that token only if the token is still current. A change deletes the
 * version key after its commit, so every entry of the node is dropped at once on every instance. A reader that read
 * PostgreSQL before a commit and writes after the invalidation writes under a token nobody will ask for again (random
 * tokens never come back, not even after a FLUSHALL or a restart, as counters would), and its entry expires. Every
 * key has a TTL.
 *
 * <p>Redis failing or not answering within the timeout never fails a read: the caller reads PostgreSQL. After a
 * failure the cache is bypassed for the retry interval. An invalidation that failed is remembered, retried every
 * retry interval until Redis takes it, and until then this instance does not use the cache for that node.
 */
final class RedisCache {
    private static final Logger LOG = Logger.getLogger(RedisCache.class);

    /** Takes the node's token (making one if none) and the parts' entries under it: {token, value or nil, ...}. */
    static final String READ = """
            local t = redis.call('GET', KEYS[1])
            if not t then
              t = ARGV[1]
              redis.call('SET', KEYS[1], t, 'PX', ARGV[3])
            end
            local out = {t}
            for i = 4, #ARGV do
              out[#out + 1] = redis.call('GET', ARGV[2] .. t .. ':' .. ARGV[i]) or false
            end
            return out""";
    /** Writes an entry only while its token is still the node's current one. */
    static final String WRITE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', ARGV[2], ARGV[3], 'PX', ARGV[4])
              return 1
            end
            return 0""";

    /** A token and the entry found under it (null: a miss, to be filled under this token). */
    record Lookup(String token, String value) {
    }

    private final RedisAPI redis;
    private final RedisNames names;
    private final CacheConfig config;
    private final CacheMetrics metrics;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile long backOffUntil = System.nanoTime();
    private final DecodedEntries decoded;

    RedisCache(RedisAPI redis, RedisNames names, CacheConfig config, io.micrometer.core.instrument.MeterRegistry registry) {
        this.redis = redis;
        this.names = names;
        this.config = config;
        this.metrics = new CacheMetrics(registry, pending);
        this.decoded = new DecodedEntries(config.decodedEntries());
    }

    /** Decodes an entry found under this token, or hands back the decoding of the same text found there before. */
    <V> V decode(Lookup found, String part, java.util.function.Function<String, V> decode) {
        return decoded.decode(found.token(), part, found.value(), decode);
    }

    CacheConfig config() {
        return config;
    }

    CacheMetrics metrics() {
        return metrics;
    }

    String versionKey(String nodeId) {
        return names.name("cache", "v", nodeId);
    }

    private String dataPrefix() {
        return names.name("cache", "d") + ":";
    }

    /** Whether this instance may ask the cache about the node now. */
    boolean usable(String nodeId) {
        return config.enabled() && System.nanoTime() - backOffUntil >= 0 && !pending.contains(nodeId);
    }

    /** The node's token and one part's entry; null (never a failure) when Redis fails or is slow. */
    Uni<Lookup> get(String nodeId, String part) {
        return get(nodeId, List.of(part)).map(found -> found == null ? null : found.get(part));
    }

    /**
     * The node's token and the entries of these parts, in one round trip; null (never a failure) when Redis fails or
     * is slow: read PostgreSQL then.
     */
    Uni<Map<String, Lookup>> get(String nodeId, List<String> parts) {
        Context home = Vertx.currentContext();
        List<String> args = new ArrayList<>(List.of(READ, "1", versionKey(nodeId), newToken(), dataPrefix(),
                Long.toString(config.ttl().toMillis() * 2)));
        args.addAll(parts);
        Uni<Map<String, Lookup>> lookup = timed(redis.eval(args))
                .map(r -> {
                    String token = r.get(0).toString();
                    Map<String, Lookup> out = new HashMap<>();
                    for (int i = 0; i < parts.size(); i++) {
                        Response v = i + 1 < r.size() ? r.get(i + 1) : null;
                        out.put(parts.get(i), new Lookup(token, v == null ? null : v.toString()));
                    }
                    return out;
                })
                .onFailure().recoverWithItem(e -> {
                    failed("read", e);
                    parts.forEach(metrics::error);
                    return null;
                });
        // back on the caller's context: its reactive session lives there
        return home == null ? lookup : lookup.emitOn(task -> home.runOnContext(v -> task.run()));
    }

    /**
     * Stores an entry read from PostgreSQL under the token taken before that read, if that token is still the node's;
     * answers whether it was written (false also when Redis failed: never a failure).
     */
    Uni<Boolean> put(String nodeId, Lookup at, String part, String value) {
        if (value.length() > config.maxEntrySize()) return Uni.createFrom().item(false);
        String ttl = Long.toString(config.ttl().toMillis());
        return timed(redis.eval(List.of(WRITE, "1", versionKey(nodeId), at.token(), dataPrefix() + at.token() + ":" + part, value, ttl)))
                .map(r -> r.toInteger() == 1)
                .onFailure().recoverWithItem(e -> {
                    failed("write", e);
                    metrics.error(part);
                    return false;
                });
    }

    /**
     * Drops every cached entry of these nodes on every instance (after their change committed). Never fails: nodes
     * Redis did not take are remembered and retried (see {@link #retryPending}).
     */
    Uni<Void> invalidate(Collection<String> nodeIds) {
        if (nodeIds.isEmpty()) return Uni.createFrom().voidItem();
        if (System.nanoTime() - backOffUntil < 0) { // Redis failed a moment ago: do not make the writer wait for it
            pending.addAll(nodeIds);
            return Uni.createFrom().voidItem();
        }
        Context home = Vertx.currentContext();
        List<String> nodes = List.copyOf(nodeIds);
        Uni<Void> done = del(nodes).onFailure().recoverWithItem(e -> {
            failed("invalidation", e);
            metrics.error("invalidation");
            pending.addAll(nodes);
            return null;
        });
        return home == null ? done : done.emitOn(task -> home.runOnContext(v -> task.run()));
    }

    /** Retries the invalidations Redis did not take; called at the retry interval. */
    Uni<Void> retryPending() {
        if (pending.isEmpty()) return Uni.createFrom().voidItem();
        List<String> nodes = new ArrayList<>(pending);
        return del(nodes).invoke(() -> {
            nodes.forEach(pending::remove);
            LOG.infof("the cache took %d invalidation(s) that had waited for Redis", nodes.size());
        }).onFailure().recoverWithItem(e -> {
            failed("invalidation retry", e);
            return null;
        });
    }

    /** Nodes whose invalidation still waits for Redis. */
    Set<String> pending() {
        return Set.copyOf(pending);
    }

    private Uni<Void> del(List<String> nodes) {
        List<String> keys = new ArrayList<>(nodes.size());
        for (String n : nodes) keys.add(versionKey(n));
        return timed(redis.del(keys)).replaceWithVoid();
    }

    private Uni<Response> timed(Uni<Response> command) {
        return command.ifNoItem().after(config.timeout()).fail();
    }

    private void failed(String what, Throwable e) {
        boolean first = System.nanoTime() - backOffUntil >= 0;
        backOffUntil = System.nanoTime() + config.retryInterval().toNanos();
        if (first) LOG.warnf("cache %s failed (%s): reads go to PostgreSQL for %s", what, e.toString(), config.retryInterval());
    }

    /** 128 random bits: a token that never comes back, whatever happens to Redis. */
    private static String newToken() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }

}
