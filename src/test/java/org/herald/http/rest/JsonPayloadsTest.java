package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.herald.http.problem.HttpProblem;
import org.junit.jupiter.api.Test;

class JsonPayloadsTest {
    /** Found by JsonModelsFuzzTest: 1e400 was stored as the bare word Infinity, which is not JSON. */
    @Test
    void aNumberBeyondADoubleIsRefused() {
        assertThatThrownBy(() -> JsonPayloads.draft("i", "{\"a\":[1,-1e400]}"))
                .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(400))
                .hasMessageContaining("too large");
    }

    @Test
    void theLargestDoubleIsStoredAsJson() {
        assertThat(JsonPayloads.draft("i", "{\"a\":1e308}").payload())
                .isEqualTo("<json xmlns='urn:xmpp:json:0'>{\"a\":1.0E308}</json>");
    }
}
