package org.herald.fanout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.herald.config.ComponentConfig;
import org.herald.xmpp.component.ComponentLink;
import org.jboss.logging.Logger;

/**
 * In {@code herald.component.links=one} mode, decides which instance holds the XMPP component link: the holder of a
 * Redis lease ({@code <prefix>link:lease}, value = {@link Instance#id()}). Every third of the lease's lifetime each
 * instance either takes a free lease ({@code SET NX PX}) and opens the link, or — holding it — extends it with a
 * compare-and-extend script. A holder told the lease is someone else's closes its link at once; a holder that cannot
 * reach Redis keeps its link (the XMPP server refuses a second connection for the component anyway: Prosody
 * answers it with a {@code <conflict/>} stream error), so a Redis outage never takes XMPP down. When the holder dies
 * its lease expires and another instance connects within about ttl + ttl/3.
 */
@ApplicationScoped
public class LinkLease {
    private static final Logger LOG = Logger.getLogger(LinkLease.class);

    /**
     * Extends the lease only for its holder: compare-and-extend, atomic in Redis. A lease that is simply gone (Redis
     * restarted empty or was flushed, or it expired while this holder was stalled and nobody took it) is taken back:
     * nobody else can be connected then, and dropping a working link for it would only cut XMPP for a moment.
     */
    static final String RENEW = "local v = redis.call('GET', KEYS[1]) "
            + "if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
            + "if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
            + "return 0";
    /** Frees the lease only for its holder (graceful shutdown lets the next instance take over at once). */
    static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) else return 0 end";

    @Inject
    Vertx vertx;

    @Inject
    RedisAPI redis;

    @Inject
    RedisNames names;

    @Inject
    Instance instance;

    @Inject
    ComponentConfig config;

    @Inject
    ComponentLink link;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean holding;
    private volatile String holder = "";
    private volatile boolean redisTrouble;
    private volatile long timer = -1;
    private volatile boolean stopped;

    void onStart(@Observes StartupEvent event) {
        if (!active()) return;
        long period = Math.max(50, config.leaseTtl().toMillis() / 3);
        tick();
        timer = vertx.setPeriodic(period, id -> tick());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) vertx.cancelTimer(timer);
        if (!holding) return;
        holding = false;
        // Close the link before freeing the lease, so the next holder is not refused for a duplicate connection.
        link.close(Duration.ofSeconds(5));
        try {
            // Shutdown runs on the main thread: a short wait lets the next holder connect without waiting for the ttl.
            redis.eval(List.of(RELEASE, "1", key(), instance.id())).await().atMost(Duration.ofSeconds(1));
            LOG.infof("Released the component link lease %s", key());
        } catch (RuntimeException e) {
            LOG.warnf("Could not release the component link lease (it expires in %s): %s", config.leaseTtl(), e.toString());
        }
    }

    /** True when this mode uses the lease at all. */
    public boolean active() {
        return config.enabled() && config.links() == ComponentConfig.Links.ONE;
    }

    /** True while this instance holds the lease (and so should hold the link). */
    public boolean holding() {
        return holding;
    }

    /** The last holder this instance saw ("" when none or unknown), for the readiness report. */
    public String holder() {
        return holder;
    }

    String key() {
        return names.name("link", "lease");
    }

    private void tick() {
        if (stopped || !busy.compareAndSet(false, true)) return; // one round trip at a time
        // generous on purpose: the first command also opens the pool's connection; one round at a time anyway
        Duration timeout = Duration.ofMillis(Math.max(1000, config.leaseTtl().toMillis() / 2));
        Uni<Void> round = holding ? renew() : acquire();
        round.ifNoItem().after(timeout).fail()
                .onTermination().invoke(() -> busy.set(false))
                .subscribe().with(v -> redisOk(), this::redisFailed);
    }

    private Uni<Void> acquire() {
        String ttl = Long.toString(config.leaseTtl().toMillis());
        return redis.set(List.of(key(), instance.id(), "NX", "PX", ttl)).chain(r -> {
            if (r != null && "OK".equals(r.toString())) {
                if (stopped) return Uni.createFrom().voidItem();
                holding = true;
                holder = instance.id();
                LOG.infof("This instance (%s) took the component link lease: opening the link", instance.id());
                link.open();
                return Uni.createFrom().voidItem();
            }
            return redis.get(key()).map(h -> {
                holder = h == null ? "" : h.toString();
                return null;
            });
        });
    }

    private Uni<Void> renew() {
        String ttl = Long.toString(config.leaseTtl().toMillis());
        return redis.eval(List.of(RENEW, "1", key(), instance.id(), ttl)).map(r -> {
            if (r == null || r.toLong() != 1L) lost();
            return null;
        });
    }

    private void lost() {
        if (!holding) return;
        holding = false;
        holder = "";
        LOG.warnf("This instance (%s) no longer holds the component link lease: closing its link", instance.id());
        link.close(Duration.ZERO);
    }

    private void redisOk() {
        if (redisTrouble) LOG.info("The component link lease answers again");
        redisTrouble = false;
    }

    private void redisFailed(Throwable e) {
        if (!redisTrouble) {
            LOG.warnf("Cannot reach Redis for the component link lease (%s); %s", e.toString(),
                    holding ? "keeping the link, the XMPP server refuses a second connection" : "not connecting");
        }
        redisTrouble = true;
    }
}
