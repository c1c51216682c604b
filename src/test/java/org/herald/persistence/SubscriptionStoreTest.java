package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.herald.domain.Jid;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionStoreTest extends StoreTestSupport {

    /** An account no other test uses, so lookups across all nodes see only this test's rows. */
    private static Jid freshAccount() {
        return Jid.parse("user-" + UUID.randomUUID() + "@example.org");
    }

    private static Jid resource(Jid bare, String resource) {
        return new Jid(bare.local(), bare.domain(), resource);
    }

    @Test
    void subscriptionsRoundTripWithState() {
        String node = createNode("subs");
        Jid account = freshAccount();
        Subscription bare = new Subscription(node, account, "s1", SubscriptionState.SUBSCRIBED, now());
        Subscription pending = new Subscription(node, resource(account, "phone"), "s2", SubscriptionState.PENDING, now());
        Subscription unconfigured = new Subscription(node, Jid.parse("example.net"), "s3",
                SubscriptionState.UNCONFIGURED, now());

        tx(t -> t.insertSubscription(bare)
                .chain(() -> t.insertSubscription(pending))
                .chain(() -> t.insertSubscription(unconfigured)));

        assertThat(subscriptions(node)).containsExactlyInAnyOrder(bare, pending, unconfigured);
    }

    @Test
    void oneJidMayHoldSeveralSubscriptionsToANode() {
        String node = createNode("subs-multi");
        Jid phone = resource(freshAccount(), "phone");
        Subscription first = new Subscription(node, phone, "a", SubscriptionState.SUBSCRIBED, now());
        Subscription second = new Subscription(node, phone, "b", SubscriptionState.SUBSCRIBED, now());

        tx(t -> t.insertSubscription(first).chain(() -> t.insertSubscription(second)));

        assertThat(subscriptions(node)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void subscriptionsOfAnAccountFindFullAndBareJidsAcrossNodes() {
        String one = createNode("subs-of-1");
        String two = createNode("subs-of-2");
        Jid account = freshAccount();
        Jid stranger = freshAccount();
        Subscription bareOnOne = new Subscription(one, account, "b1", SubscriptionState.SUBSCRIBED, now());
        Subscription fullOnOne = new Subscription(one, resource(account, "laptop"), "f1", SubscriptionState.SUBSCRIBED, now());
        Subscription fullOnTwo = new Subscription(two, resource(account, "phone"), "f2", SubscriptionState.PENDING, now());
        Subscription strangers = new Subscription(one, stranger, "x1", SubscriptionState.SUBSCRIBED, now());
        tx(t -> t.insertSubscription(bareOnOne)
                .chain(() -> t.insertSubscription(fullOnOne))
                .chain(() -> t.insertSubscription(fullOnTwo))
                .chain(() -> t.insertSubscription(strangers)));

        assertThat(subscriptionsOf(account, null)).containsExactlyInAnyOrder(bareOnOne, fullOnOne, fullOnTwo);
        assertThat(subscriptionsOf(account, one)).containsExactlyInAnyOrder(bareOnOne, fullOnOne);
        assertThat(subscriptionsOf(account, two)).containsExactly(fullOnTwo);
        // asked with a full JID, the lookup still means the whole account
        assertThat(subscriptionsOf(resource(account, "other"), two)).containsExactly(fullOnTwo);
    }

    @Test
    void anAccountWhoseNameExtendsAnotherIsNotMistakenForIt() {
        String node = createNode("subs-prefix");
        Jid account = freshAccount();
        Jid longer = Jid.parse(account.local() + "x@" + account.domain());
        Subscription theirs = new Subscription(node, resource(longer, "r"), "l1", SubscriptionState.SUBSCRIBED, now());
        tx(t -> t.insertSubscription(theirs));

        assertThat(subscriptionsOf(account, null)).isEmpty();
    }

    @Test
    void deleteSubscriptionRemovesOnlyThatSubId() {
        String node = createNode("subs-delete");
        Jid phone = resource(freshAccount(), "phone");
        Subscription keep = new Subscription(node, phone, "keep", SubscriptionState.SUBSCRIBED, now());
        Subscription drop = new Subscription(node, phone, "drop", SubscriptionState.SUBSCRIBED, now());
        tx(t -> t.insertSubscription(keep).chain(() -> t.insertSubscription(drop)));

        tx(t -> t.deleteSubscription(node, "drop"));

        assertThat(subscriptions(node)).containsExactly(keep);
    }

    @Test
    void setSubscriptionStateChangesOnlyThatSubscription() {
        String node = createNode("subs-state");
        Jid account = freshAccount();
        Subscription asked = new Subscription(node, account, "asked", SubscriptionState.PENDING, now());
        Subscription other = new Subscription(node, resource(account, "r"), "other", SubscriptionState.PENDING, now());
        tx(t -> t.insertSubscription(asked).chain(() -> t.insertSubscription(other)));

        tx(t -> t.setSubscriptionState(node, "asked", SubscriptionState.SUBSCRIBED));

        assertThat(subscriptions(node)).containsExactlyInAnyOrder(asked.withState(SubscriptionState.SUBSCRIBED), other);
    }
}
