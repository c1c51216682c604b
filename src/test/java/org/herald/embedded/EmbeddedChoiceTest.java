package org.herald.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The herald.embedded rule, as a table: mode × operator configured × default address answers. */
class EmbeddedChoiceTest {
    final AtomicInteger probes = new AtomicInteger();

    BooleanSupplier answers(boolean answers) {
        return () -> {
            probes.incrementAndGet();
            return answers;
        };
    }

    @Test
    void autoUsesWhatTheOperatorConfiguredWithoutProbing() {
        assertThat(EmbeddedChoice.decide(EmbeddedMode.AUTO, true, answers(false))).isEqualTo(EmbeddedChoice.CONFIGURED);
        assertThat(probes).hasValue(0);
    }

    @Test
    void autoUsesTheDefaultAddressWhenSomethingAnswersThere() {
        assertThat(EmbeddedChoice.decide(EmbeddedMode.AUTO, false, answers(true))).isEqualTo(EmbeddedChoice.DEFAULT_ADDRESS);
        assertThat(probes).hasValue(1);
    }

    @Test
    void autoEmbedsOnlyWhenNothingIsConfiguredAndNothingAnswers() {
        assertThat(EmbeddedChoice.decide(EmbeddedMode.AUTO, false, answers(false))).isEqualTo(EmbeddedChoice.EMBEDDED);
    }

    @Test
    void alwaysEmbedsEvenOverAConfiguredServer() {
        assertThat(EmbeddedChoice.decide(EmbeddedMode.ALWAYS, true, answers(true))).isEqualTo(EmbeddedChoice.EMBEDDED);
        assertThat(EmbeddedChoice.decide(EmbeddedMode.ALWAYS, false, answers(true))).isEqualTo(EmbeddedChoice.EMBEDDED);
        assertThat(probes).hasValue(0);
    }

    @Test
    void neverEmbedsEvenWhenNothingAnswers() {
        assertThat(EmbeddedChoice.decide(EmbeddedMode.NEVER, false, answers(false))).isEqualTo(EmbeddedChoice.DEFAULT_ADDRESS);
        assertThat(EmbeddedChoice.decide(EmbeddedMode.NEVER, true, answers(false))).isEqualTo(EmbeddedChoice.CONFIGURED);
        assertThat(probes).hasValue(0);
    }
}
