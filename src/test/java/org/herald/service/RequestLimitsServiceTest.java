package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.service.CollectionsTest.await;
import static org.herald.service.CollectionsTest.refusal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.limits.LimitedAction;
import org.herald.service.limits.Rate;
import org.herald.service.limits.RateKey;
import org.herald.service.limits.RateLimits;
import org.herald.service.limits.RequestLimits;
import org.junit.jupiter.api.Test;

/** The core consults the per-requester limits on create, publish and subscribe; admins are exempt. */
class RequestLimitsServiceTest {
    static final Jid ALICE = Jid.parse("alice@example.org/phone");
    static final Jid BOB = Jid.parse("bob@example.org/desk");
    static final Jid ADMIN = Jid.parse("admin@example.org/ops");

    long now;
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final RateLimits rates = new RateLimits(Map.of(LimitedAction.PUBLISH, new Rate(1, 2),
            LimitedAction.SUBSCRIBE, new Rate(1, 1), LimitedAction.CREATE, new Rate(1, 3)), 100, () -> now);
    final PubSubService service = new PubSubService(new InMemoryStore(), e -> { }, // events do not matter here
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(ADMIN.bare()), Set.of()),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC), () -> "id-" + counter.incrementAndGet(),
            org.herald.service.port.Relations.NONE, org.herald.service.port.PresenceView.NONE,
            org.herald.service.port.GeoPayloads.NONE, org.herald.service.geo.GeoLimits.DEFAULT,
            new RequestLimits(rates, 2));

    ItemDraft item() {
        return new ItemDraft(null, "<v xmlns='urn:x'>1</v>", "urn:x");
    }

    @Test
    void publishBeyondTheBurstIsRateLimitedPerJidAndAgainAllowedLater() {
        await(service.create(ALICE, "n", null));
        await(service.publish(ALICE, "n", item(), Map.of()));
        await(service.publish(ALICE.bare(), "n", item(), Map.of()));
        PubSubException e = refusal(service.publish(ALICE, "n", item(), Map.of()), PubSubError.RATE_LIMITED);
        assertThat(e.retryAfter()).hasSeconds(1);
        now += 1_000_000_000L;
        await(service.publish(ALICE, "n", item(), Map.of()));
    }

    @Test
    void anHttpTokenHasItsOwnAllowance() {
        await(service.create(ALICE, "n", null));
        await(service.publish(ALICE, "n", item(), Map.of()));
        await(service.publish(ALICE, "n", item(), Map.of()));
        refusal(service.publish(ALICE, "n", item(), Map.of()), PubSubError.RATE_LIMITED);
        await(service.publish(RateKey.token("alice-cli"), ALICE, "n", item(), Map.of()));
    }

    @Test
    void subscribeIsLimitedBeforeTheStoreIsTouched() {
        await(service.create(ALICE, "n", null));
        await(service.subscribe(BOB, "n", BOB));
        refusal(service.subscribe(BOB, "n", BOB), PubSubError.RATE_LIMITED);
        // a refusal for an unknown node costs a token too: the limit protects the service from the traffic
        now += 1_000_000_000L;
        refusal(service.subscribe(BOB, "missing", BOB), PubSubError.ITEM_NOT_FOUND);
        refusal(service.subscribe(BOB, "n", BOB), PubSubError.RATE_LIMITED);
    }

    @Test
    void anOwnerMayCreateUpToTheCapAndAdminsAreExemptFromEveryLimit() {
        await(service.create(ALICE, "a1", null));
        await(service.create(ALICE, "a2", null));
        PubSubException e = refusal(service.create(ALICE, "a3", null), PubSubError.MAX_NODES_EXCEEDED);
        assertThat(e.text()).contains("2");
        await(service.delete(ALICE, "a1", null));
        now += 1_000_000_000L; // three creates took the burst; one more token flows in
        await(service.create(ALICE, "a3", null)); // deleting one made room for another
        for (int i = 0; i < 10; i++) {
            await(service.create(ADMIN, "admin-" + i, null));
            await(service.publish(ADMIN, "admin-0", item(), Map.of()));
        }
        await(service.subscribe(ADMIN, "a2", BOB)); // and subscribes for others without a limit
        await(service.subscribe(ADMIN, "a3", BOB));
    }

    @Test
    void createIsRateLimited() {
        await(service.create(BOB, "b1", null));
        await(service.create(BOB, "b2", null));
        refusal(service.create(BOB, "b3", null), PubSubError.MAX_NODES_EXCEEDED); // counted: the bucket had 3
        refusal(service.create(BOB, "b4", null), PubSubError.RATE_LIMITED);
    }
}
