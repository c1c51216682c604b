package org.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.junit.jupiter.api.Test;

/** Access models (§4.5) and publish models (§17.4.4) on top of the permission table. */
class AccessPolicyTest {
    final NodeConfig open = DefaultConfig.leaf(new ServiceLimits(100, 1000));
    final NodeConfig whitelist = open.with().accessModel(AccessModel.WHITELIST).build();

    @Test
    void openLetsStrangersReadButNotOutcasts() {
        assertThat(AccessPolicy.mayRead(open, Affiliation.NONE)).isTrue();
        assertThat(AccessPolicy.mayRead(open, Affiliation.OUTCAST)).isFalse();
        assertThat(AccessPolicy.mayRead(open, Affiliation.PUBLISH_ONLY)).isFalse();
    }

    @Test
    void whitelistReadsOnlyForMembersAndUp() {
        assertThat(AccessPolicy.mayRead(whitelist, Affiliation.NONE)).isFalse();
        assertThat(AccessPolicy.mayRead(whitelist, Affiliation.MEMBER)).isTrue();
        assertThat(AccessPolicy.mayRead(whitelist, Affiliation.PUBLISHER)).isTrue();
        assertThatThrownBy(() -> AccessPolicy.requireRead(whitelist, Affiliation.NONE, Action.RETRIEVE_ITEMS))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.CLOSED_NODE);
        assertThatThrownBy(() -> AccessPolicy.requireRead(whitelist, Affiliation.OUTCAST, Action.SUBSCRIBE))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.FORBIDDEN);
    }

    @Test
    void presenceAdmitsStrangersWhoReceiveTheOwnersPresence_4_5() {
        NodeConfig presence = open.with().accessModel(AccessModel.PRESENCE).build();
        RosterEntry subscribed = new RosterEntry(true, java.util.Set.of());
        assertThat(AccessPolicy.mayRead(presence, Affiliation.NONE, subscribed)).isTrue();
        assertThat(AccessPolicy.mayRead(presence, Affiliation.NONE, new RosterEntry(false, java.util.Set.of("friends")))).isFalse();
        assertThat(AccessPolicy.mayRead(presence, Affiliation.OUTCAST, subscribed)).isFalse();
        assertThat(AccessPolicy.mayRead(presence, Affiliation.MEMBER)).isTrue();
        assertThatThrownBy(() -> AccessPolicy.requireRead(presence, Affiliation.NONE, Action.SUBSCRIBE))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
    }

    @Test
    void rosterAdmitsStrangersInAnAllowedGroup_4_5() {
        NodeConfig roster = open.with().accessModel(AccessModel.ROSTER).rosterGroupsAllowed(java.util.List.of("friends")).build();
        assertThat(AccessPolicy.mayRead(roster, Affiliation.NONE, new RosterEntry(false, java.util.Set.of("friends", "x")))).isTrue();
        assertThat(AccessPolicy.mayRead(roster, Affiliation.NONE, new RosterEntry(true, java.util.Set.of("enemies")))).isFalse();
        assertThatThrownBy(() -> AccessPolicy.requireRead(roster, Affiliation.NONE, Action.RETRIEVE_ITEMS,
                new RosterEntry(true, java.util.Set.of())))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.NOT_IN_ROSTER_GROUP);
    }

    @Test
    void authorizeLetsSubscribersReadAndAsksApprovalOfStrangers() {
        NodeConfig authorize = open.with().accessModel(AccessModel.AUTHORIZE).build();
        assertThat(AccessPolicy.needsApproval(authorize, Affiliation.NONE)).isTrue();
        assertThat(AccessPolicy.needsApproval(authorize, Affiliation.MEMBER)).isFalse();
        assertThat(AccessPolicy.needsApproval(open, Affiliation.NONE)).isFalse();
        assertThat(AccessPolicy.maySubscribe(authorize, Affiliation.NONE)).isTrue();
        assertThat(AccessPolicy.maySubscribe(authorize, Affiliation.OUTCAST)).isFalse();
        // §6.5.9.3: without an active subscription a stranger is not-authorized; with one it reads
        assertThatThrownBy(() -> AccessPolicy.requireRead(authorize, Affiliation.NONE, Action.RETRIEVE_ITEMS, false))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.NOT_SUBSCRIBED_TO_READ);
        AccessPolicy.requireRead(authorize, Affiliation.NONE, Action.RETRIEVE_ITEMS, true);
        AccessPolicy.requireRead(authorize, Affiliation.MEMBER, Action.RETRIEVE_ITEMS, false);
        assertThatThrownBy(() -> AccessPolicy.requireRead(authorize, Affiliation.OUTCAST, Action.RETRIEVE_ITEMS, true))
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.FORBIDDEN);
    }

    @Test
    void publishModels() {
        NodeConfig subscribers = open.with().publishModel(PublishModel.SUBSCRIBERS).build();
        NodeConfig anyone = open.with().publishModel(PublishModel.OPEN).build();
        assertThat(AccessPolicy.mayPublish(open, Affiliation.NONE, true)).isFalse();
        assertThat(AccessPolicy.mayPublish(open, Affiliation.PUBLISH_ONLY, false)).isTrue();
        assertThat(AccessPolicy.mayPublish(subscribers, Affiliation.NONE, false)).isFalse();
        assertThat(AccessPolicy.mayPublish(subscribers, Affiliation.NONE, true)).isTrue();
        assertThat(AccessPolicy.mayPublish(anyone, Affiliation.NONE, false)).isTrue();
        assertThat(AccessPolicy.mayPublish(anyone, Affiliation.OUTCAST, true)).isFalse();
    }
}
