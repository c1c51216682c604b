package org.herald.http.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.herald.domain.PubSubError;
import org.herald.xmpp.pubsub.XmppErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A client sees the same condition over HTTP as over XMPP: the two tables must agree on every error. */
class HttpErrorsTest {

    @ParameterizedTest
    @EnumSource(PubSubError.class)
    void everyErrorNamesTheConditionsItHasOnTheXmppWire(PubSubError error) {
        HttpErrors.Wire http = HttpErrors.of(error);
        XmppErrors.Wire xmpp = XmppErrors.wire(error);
        assertThat(http.condition()).isEqualTo(xmpp.condition());
        assertThat(http.pubsubCondition()).isEqualTo(xmpp.appCondition());
        assertThat(http.status()).isBetween(400, 599);
    }

    @Test
    void refusalsAUserCanActOnAreClientErrorsAndOnlyTheServiceSideOnesAre5xx() {
        for (PubSubError e : PubSubError.values()) {
            boolean serverSide = switch (e) {
                case FEATURE_NOT_IMPLEMENTED, SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR, RESOURCE_CONSTRAINT -> true;
                default -> false;
            };
            assertThat(HttpErrors.of(e).status() >= 500).as(e.name()).isEqualTo(serverSide);
        }
    }

    @Test
    void accessModelRefusalsAre403AndUnknownThings404() {
        assertThat(HttpErrors.of(PubSubError.CLOSED_NODE).status()).isEqualTo(403);
        assertThat(HttpErrors.of(PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED).status()).isEqualTo(403);
        assertThat(HttpErrors.of(PubSubError.NOT_IN_ROSTER_GROUP).status()).isEqualTo(403);
        assertThat(HttpErrors.of(PubSubError.NOT_SUBSCRIBED_TO_READ).status()).isEqualTo(403);
        assertThat(HttpErrors.of(PubSubError.ITEM_NOT_FOUND).status()).isEqualTo(404);
        assertThat(HttpErrors.of(PubSubError.PAYLOAD_TOO_BIG).status()).isEqualTo(413);
        assertThat(HttpErrors.of(PubSubError.INVALID_OPTIONS).status()).isEqualTo(422);
    }
}
