package org.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlCharsTest {
    @Test
    void findsWhatXmlCannotCarry() {
        assertThat(XmlChars.indexOfForbidden("plain \t\n\r text, ü, \uD83D\uDE00")).isEqualTo(-1);
        assertThat(XmlChars.indexOfForbidden("ab\u0000")).isEqualTo(2);
        assertThat(XmlChars.indexOfForbidden("\u0001")).isZero();
        assertThat(XmlChars.indexOfForbidden("a\uFFFE")).isEqualTo(1);
        assertThat(XmlChars.indexOfForbidden("a\uD83D")).as("lone high surrogate").isEqualTo(1);
        assertThat(XmlChars.indexOfForbidden("\uDE00a")).as("lone low surrogate").isZero();
    }

    @Test
    void cleanReplacesOnlyThose() {
        String fine = "fine \uD83D\uDE00";
        assertThat(XmlChars.clean(fine)).isSameAs(fine);
        assertThat(XmlChars.clean("a\u0000b\uD83D\uDE00c\uFFFF")).isEqualTo("a\uFFFDb\uD83D\uDE00c\uFFFD");
    }
}
