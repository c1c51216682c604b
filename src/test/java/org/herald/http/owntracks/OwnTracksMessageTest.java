package org.herald.http.owntracks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.herald.domain.Jid;
import org.herald.domain.geo.Geoloc;
import org.herald.http.problem.HttpProblem;
import org.junit.jupiter.api.Test;

/** The JSON → XEP-0080 mapping alone (the HTTP path is OwnTracksApiTest). */
class OwnTracksMessageTest {
    @Test
    void mapsUnits() {
        OwnTracksMessage.Location l = OwnTracksMessage.read(
                "{\"_type\":\"location\",\"lat\":48.1,\"lon\":11.5,\"tst\":1410324847,\"vel\":90,\"cog\":0,"
                        + "\"acc\":5,\"alt\":-3,\"tid\":\" c1 \"}").orElseThrow();
        assertThat(l.geoloc()).isEqualTo(new Geoloc(48.1, 11.5, -3.0, 5.0, 0.0, 25.0,
                Instant.parse("2014-09-10T04:54:07Z"), null));
        assertThat(l.tid()).isEqualTo("c1");
    }

    @Test
    void withoutOptionalMembersOnlyThePositionIsKept() {
        OwnTracksMessage.Location l = OwnTracksMessage.read("{\"_type\":\"location\",\"lat\":0,\"lon\":0,\"tid\":\"\"}")
                .orElseThrow();
        assertThat(l.geoloc()).isEqualTo(new Geoloc(0.0, 0.0, null, null, null, null, null, null));
        assertThat(l.tid()).isNull();
    }

    @Test
    void otherTypesAreNotLocations() {
        assertThat(OwnTracksMessage.read("{\"_type\":\"waypoints\",\"waypoints\":[]}")).isEmpty();
    }

    @Test
    void outOfRangeEpochIsAFieldProblem() {
        assertThatThrownBy(() -> OwnTracksMessage.read("{\"_type\":\"location\",\"lat\":1,\"lon\":2,\"tst\":"
                + Long.MAX_VALUE + "}")).isInstanceOfSatisfying(HttpProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.field()).isEqualTo("tst");
                });
        assertThatThrownBy(() -> OwnTracksMessage.read("{\"_type\":\"location\",\"lat\":1,\"lon\":2,\"tst\":1.5}"))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.field()).isEqualTo("tst"));
        assertThatThrownBy(() -> OwnTracksMessage.read("{\"_type\":5}"))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.field()).isEqualTo("_type"));
    }

    @Test
    void itemIdPrefersTheHeadersThenTidThenTheUser() {
        Jid alice = Jid.parse("alice@localhost");
        assertThat(OwnTracksResource.itemId("alice", "phone", "c1", alice)).isEqualTo("alice/phone");
        assertThat(OwnTracksResource.itemId(" ", "phone", "c1", alice)).isEqualTo("phone");
        assertThat(OwnTracksResource.itemId("alice", null, "c1", alice)).isEqualTo("alice");
        assertThat(OwnTracksResource.itemId(null, null, "c1", alice)).isEqualTo("c1");
        assertThat(OwnTracksResource.itemId(null, null, null, alice)).isEqualTo("alice");
        assertThat(OwnTracksResource.itemId(null, null, null, Jid.parse("gateway.example"))).isEqualTo("gateway.example");
    }
}
