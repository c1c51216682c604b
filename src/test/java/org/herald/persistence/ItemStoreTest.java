package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ItemStoreTest extends StoreTestSupport {

    private static final Jid PUBLISHER = Jid.parse("publisher@example.org/desk");

    private static Item item(String node, String id, String payload) {
        return new Item(node, id, payload, PUBLISHER, now());
    }

    /** Publishes the ids in order, in one transaction, as fast as the database takes them. */
    private void publish(String node, String... ids) {
        tx(t -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) chain = chain.chain(() -> t.putItem(item(node, id, "<entry>" + id + "</entry>")).replaceWithVoid());
            return chain;
        });
    }

    private static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    @Test
    void itemsComeNewestFirstEvenWithinOneTransaction() {
        String node = createNode("items-order");
        publish(node, "a", "b", "c", "d");

        assertThat(ids(items(node, 100))).containsExactly("d", "c", "b", "a");
        assertThat(ids(items(node, 2))).containsExactly("d", "c");
        assertThat(items(node, 0)).isEmpty();
    }

    @Test
    void itemIdsComeNewestFirstWithoutPayloads() {
        String node = createNode("items-ids");
        publish(node, "a", "b", "c");
        publish(node, "a");
        List<String> all = tx(t -> t.itemIds(node, 10));
        List<String> two = tx(t -> t.itemIds(node, 2));
        List<String> none = tx(t -> t.itemIds(node, 0));
        assertThat(all).containsExactly("a", "c", "b");
        assertThat(two).containsExactly("a", "c");
        assertThat(none).isEmpty();
    }

    @Test
    void anItemRoundTripsWithEveryField() {
        String node = createNode("items-fields");
        Item stored = new Item(node, "only", "<entry xmlns='urn:test'>hello</entry>", PUBLISHER, now());
        tx(t -> t.putItem(stored));

        assertThat(items(node, 10)).containsExactly(stored);
    }

    @Test
    void republishingAnIdMakesItNewestAndReplacesIt() {
        String node = createNode("items-republish");
        publish(node, "a", "b", "c");
        Item again = new Item(node, "a", "<entry>second version</entry>", Jid.parse("other@example.org"), now());

        tx(t -> t.putItem(again));

        List<Item> items = items(node, 100);
        assertThat(ids(items)).containsExactly("a", "c", "b");
        assertThat(items.get(0)).isEqualTo(again);
    }

    @Test
    void notificationOnlyItemsHaveNoPayload() {
        String node = createNode("items-no-payload");
        tx(t -> t.putItem(item(node, "empty", null)));

        assertThat(items(node, 10)).singleElement().extracting(Item::payload).isNull();
    }

    @Test
    void nonAsciiAndLargePayloadsSurviveByteExact() {
        String node = createNode("items-payloads");
        String unicode = "<entry>Grüße, 東京, emoji 😀, RTL עברית, NUL-free \u00a0 &amp; 'quotes' \"</entry>";
        // 200 KB of mixed one- to four-byte characters
        StringBuilder big = new StringBuilder("<blob>");
        while (big.length() < 200_000) big.append("abc-äöü-€-𝄞-");
        big.append("</blob>");
        String large = big.toString();

        tx(t -> t.putItem(item(node, "unicode", unicode)).chain(() -> t.putItem(item(node, "large", large))));

        List<Item> stored = tx(t -> t.itemsById(node, List.of("unicode", "large")));
        assertThat(stored).hasSize(2);
        for (Item i : stored) {
            String expected = i.id().equals("unicode") ? unicode : large;
            assertThat(i.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(stored.get(0).payloadBytes() + stored.get(1).payloadBytes()).isGreaterThan(200_000);
    }

    @Test
    void itemsByIdReturnsOnlyExistingOnesNewestFirst() {
        String node = createNode("items-by-id");
        publish(node, "a", "b", "c");

        List<Item> found = tx(t -> t.itemsById(node, List.of("a", "missing", "c")));

        assertThat(ids(found)).containsExactly("c", "a");
        List<Item> none = tx(t -> t.itemsById(node, List.of()));
        assertThat(none).isEmpty();
    }

    @Test
    void trimKeepsExactlyTheNewestAndReportsWhatWent() {
        String node = createNode("items-trim");
        publish(node, "1", "2", "3", "4", "5");
        tx(t -> t.putItem(item(node, "2", "<entry>republished</entry>"))); // now the newest

        List<String> removed = tx(t -> t.trimItems(node, 2));

        assertThat(removed).containsExactlyInAnyOrder("1", "3", "4");
        assertThat(ids(items(node, 100))).containsExactly("2", "5");
    }

    @Test
    void trimWithRoomToSpareRemovesNothing() {
        String node = createNode("items-trim-none");
        publish(node, "a", "b");

        List<String> removed = tx(t -> t.trimItems(node, Long.MAX_VALUE));
        assertThat(removed).isEmpty();
        List<String> removedAtLimit = tx(t -> t.trimItems(node, 2));
        assertThat(removedAtLimit).isEmpty();
        assertThat(ids(items(node, 100))).containsExactly("b", "a");
    }

    @Test
    void trimToZeroEmptiesTheNode() {
        String node = createNode("items-trim-zero");
        publish(node, "a", "b");

        List<String> removed = tx(t -> t.trimItems(node, 0));

        assertThat(removed).containsExactlyInAnyOrder("a", "b");
        assertThat(items(node, 100)).isEmpty();
    }

    @Test
    void deleteItemsReturnsOnlyTheIdsThatExisted() {
        String node = createNode("items-delete");
        publish(node, "a", "b", "c");

        List<String> deleted = tx(t -> t.deleteItems(node, List.of("c", "nope", "a", "a")));

        assertThat(deleted).containsExactly("c", "a");
        assertThat(ids(items(node, 100))).containsExactly("b");
    }

    @Test
    void deleteItemsTouchesOnlyItsOwnNode() {
        String mine = createNode("items-delete-mine");
        String other = createNode("items-delete-other");
        publish(mine, "x");
        publish(other, "x");

        List<String> deleted = tx(t -> t.deleteItems(mine, List.of("x")));

        assertThat(deleted).containsExactly("x");
        assertThat(ids(items(other, 10))).containsExactly("x");
    }

    @Test
    void purgeRemovesEveryItemOfTheNodeOnly() {
        String node = createNode("items-purge");
        String other = createNode("items-purge-other");
        publish(node, "a", "b", "c");
        publish(other, "keep");

        tx(t -> t.purgeItems(node));

        assertThat(items(node, 100)).isEmpty();
        assertThat(ids(items(other, 100))).containsExactly("keep");
        assertThat(findNode(node)).isPresent();
    }
}
