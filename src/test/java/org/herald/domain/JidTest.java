package org.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JidTest {
    @Test
    void parsesAllParts() {
        Jid j = Jid.parse("hamlet@Denmark.lit/elsinore/tower");
        assertThat(j.local()).isEqualTo("hamlet");
        assertThat(j.domain()).isEqualTo("denmark.lit");
        assertThat(j.resource()).isEqualTo("elsinore/tower"); // the resource is everything after the first slash
        assertThat(j.bare()).isEqualTo(Jid.parse("hamlet@denmark.lit"));
        assertThat(j.toString()).isEqualTo("hamlet@denmark.lit/elsinore/tower");
    }

    @Test
    void domainOnly() {
        assertThat(Jid.parse("pubsub.denmark.lit").isBare()).isTrue();
    }

    @Test
    void refusesMalformed() {
        for (String bad : new String[] {"", "@denmark.lit", "a@b@c", "hamlet@", "hamlet@denmark.lit/",
                "ham\u0000let@denmark.lit", "hamlet@den\u0001mark.lit", "hamlet@denmark.lit/\uFFFE"}) {
            assertThatThrownBy(() -> Jid.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(Jid.tryParse(bad)).isNull();
        }
    }
}
