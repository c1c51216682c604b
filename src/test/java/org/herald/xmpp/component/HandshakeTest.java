package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandshakeTest {
    @Test
    void isLowercaseHexSha1OfStreamIdThenSecret() {
        // FIPS 180 test vector: SHA-1("abc"); split as stream id "a" + secret "bc".
        assertThat(Handshake.digest("a", "bc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void orderMatters() {
        assertThat(Handshake.digest("3BF96D32", "s3cret")).isNotEqualTo(Handshake.digest("s3cret", "3BF96D32"));
    }
}
