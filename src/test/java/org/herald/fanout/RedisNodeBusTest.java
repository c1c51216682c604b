package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.http.stream.NodeBus;
import org.herald.http.stream.NodeEvent;
import org.herald.http.stream.NodeEvent.Kind;
import org.herald.service.PubSubService;
import org.herald.service.port.PubSubStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis bus of this application (real Redis, real PostgreSQL) against another instance played by the test: it
 * writes bus messages to the channel as a second Herald would, and items to PostgreSQL as that instance's
 * publishes would, without their bus messages (the case of a message Redis lost).
 */
@QuarkusTest
class RedisNodeBusTest {
    static final Jid OWNER = Jid.parse("owner@localhost");
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RedisNodeBus bus;
    @Inject
    NodeBus streamsBus;
    @Inject
    PubSubService service;
    @Inject
    PubSubStore store;
    @Inject
    RedisAPI redis;
    @Inject
    RedisNames names;
    @Inject
    Instance instance;

    String node;
    String other;
    final List<NodeEvent> heard = new CopyOnWriteArrayList<>();
    NodeBus.Subscription subscription;

    @BeforeEach
    void followANode() throws Throwable {
        node = "bus-" + UUID.randomUUID().toString().substring(0, 8);
        other = "other-instance-" + UUID.randomUUID().toString().substring(0, 8);
        sync(() -> service.create(OWNER, node, Map.of()));
        await().atMost(WAIT).until(bus::subscribed);
        subscription = bus.subscribe(node, heard::add);
        sync(subscription::ready);
    }

    @AfterEach
    void unfollow() {
        if (subscription != null) subscription.cancel();
    }

    @Test
    void theStreamsUseTheRedisBusByDefault() {
        // what the core publishes goes through the Redis bus: its local listeners hear it at once
        streamsBus.publish(items(node, stored(node, "local", Long.MAX_VALUE - 1)));
        assertThat(itemIds()).containsExactly("local");
    }

    @Test
    void anotherInstancesItemsArriveOnceHoweverOftenTheyCome() throws Throwable {
        StoredItem item = commitWithoutBus("x1");
        send(new BusMessage(other, 1, false, List.of(items(node, item))));
        await().atMost(WAIT).until(() -> itemIds().size() == 1);
        // a late copy (e.g. a PUBLISH that timed out but ran after all) in the next message: not delivered again
        send(new BusMessage(other, 2, false, List.of(items(node, item))));
        StoredItem next = commitWithoutBus("x2");
        send(new BusMessage(other, 3, false, List.of(items(node, next))));
        await().atMost(WAIT).until(() -> itemIds().size() == 2);
        assertThat(itemIds()).containsExactly("x1", "x2");
    }

    @Test
    void aSkippedNumberFillsTheItemsFromPostgresqlAndRechecksAccess() throws Throwable {
        send(new BusMessage(other, 1, false, List.of()));
        StoredItem lost = commitWithoutBus("lost"); // its message (number 2) never arrives
        StoredItem next = commitWithoutBus("next");
        send(new BusMessage(other, 3, false, List.of(items(node, next))));
        await().atMost(WAIT).until(() -> itemIds().size() == 2);
        // the fill runs before the message that revealed the gap is delivered: older items first
        assertThat(itemIds()).containsExactly("lost", "next");
        assertThat(heard).anyMatch(e -> e.kind() == Kind.ACCESS && e.jid() == null);
        assertThat(lost.seq()).isLessThan(next.seq());
    }

    @Test
    void aHeartbeatNamingAnUnheardMessageFillsToo() throws Throwable {
        send(new BusMessage(other, 1, false, List.of()));
        commitWithoutBus("quiet");
        send(BusMessage.heartbeat(other, 2));
        await().atMost(WAIT).until(() -> itemIds().size() == 1);
        assertThat(itemIds()).containsExactly("quiet");
    }

    @Test
    void ownEchoesAndUnreadableMessagesAreIgnored() throws Throwable {
        StoredItem mine = commitWithoutBus("mine");
        send(new BusMessage(instance.id(), 1, false, List.of(items(node, mine))));
        redis.publish(channel(), "{not a bus message").await().atMost(WAIT);
        StoredItem theirs = commitWithoutBus("theirs");
        send(new BusMessage(other, 1, false, List.of(items(node, theirs))));
        await().atMost(WAIT).until(() -> itemIds().contains("theirs"));
        assertThat(itemIds()).containsExactly("theirs");
    }

    @Test
    void eventsOfOneSenderKeepTheirOrder() throws Throwable {
        StoredItem a = commitWithoutBus("a");
        NodeEvent retract = new NodeEvent(Kind.RETRACT, node, List.of(), List.of("a"), null, null, null, false, List.of(), List.of());
        NodeEvent purge = new NodeEvent(Kind.PURGE, node, List.of(), List.of(), null, null, null, false, List.of(), List.of());
        send(new BusMessage(other, 1, false, List.of(items(node, a), retract)));
        send(new BusMessage(other, 2, false, List.of(purge)));
        await().atMost(WAIT).until(() -> heard.size() == 3);
        assertThat(heard).extracting(NodeEvent::kind).containsExactly(Kind.ITEMS, Kind.RETRACT, Kind.PURGE);
    }

    @Test
    void readinessReportsTheSubscription() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Redis fan-out bus' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Redis fan-out bus' }.data.bus", equalTo("redis"));
    }

    // ------------------------------------------------------------------ helpers

    List<String> itemIds() {
        return heard.stream().filter(e -> e.kind() == Kind.ITEMS)
                .flatMap(e -> e.items().stream()).map(i -> i.item().id()).toList();
    }

    String channel() {
        return names.name("bus", "events");
    }

    void send(BusMessage m) {
        redis.publish(channel(), BusCodec.encode(m)).await().atMost(WAIT);
    }

    /** An item committed as another instance's publish would, its bus message not (yet) sent. */
    StoredItem commitWithoutBus(String id) throws Throwable {
        Item item = new Item(node, id, "<n xmlns='urn:test'>" + id + "</n>", OWNER, Instant.now());
        long seq = sync(() -> store.inTransaction(tx -> tx.putItem(item)));
        return new StoredItem(seq, item);
    }

    static StoredItem stored(String node, String id, long seq) {
        return new StoredItem(seq, new Item(node, id, null, OWNER, Instant.now()));
    }

    static NodeEvent items(String node, StoredItem... items) {
        return new NodeEvent(Kind.ITEMS, node, List.of(items), List.of(), null, null, null, false, List.of(), List.of());
    }

    static <T> T sync(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
