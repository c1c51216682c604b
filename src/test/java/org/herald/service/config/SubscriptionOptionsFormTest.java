package org.herald.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pubsub#subscribe_options form (XEP-0060 §6.3, §17.4.5): values shown, submissions applied or refused. */
class SubscriptionOptionsFormTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    final SubscriptionOptionsForm form = new SubscriptionOptionsForm(new SubscriptionLimits(1000, 86_400_000, null, 10));
    final SubscriptionOptionsForm leased = new SubscriptionOptionsForm(new SubscriptionLimits(1000, 86_400_000, Duration.ofDays(7), 10));

    SubscriptionOptions apply(SubscriptionOptionsForm f, String... fieldValues) {
        Map<String, List<String>> submitted = new LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) submitted.put(fieldValues[i], List.of(fieldValues[i + 1]));
        return f.apply(f.defaults(NOW), submitted, NOW);
    }

    static void assertInvalid(Runnable r, String field) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(PubSubException.class, e -> {
            assertThat(e.error()).isEqualTo(PubSubError.INVALID_OPTIONS);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.text()).startsWith(field + ": ");
        });
    }

    @Test
    void defaultsAreShownForEveryRegisteredField() {
        Map<String, List<String>> values = form.values(form.defaults(NOW));
        assertThat(values).containsEntry("pubsub#deliver", List.of("1"))
                .containsEntry("pubsub#digest", List.of("0"))
                .containsEntry("pubsub#digest_frequency", List.of("86400000"))
                .containsEntry("pubsub#expire", List.of())
                .containsEntry("pubsub#include_body", List.of("0"))
                .containsEntry("pubsub#show-values", List.of())
                .containsEntry("pubsub#subscription_type", List.of("items"))
                .containsEntry("pubsub#subscription_depth", List.of("1"));
        assertThat(form.fields()).extracting(FieldSpec::var).containsExactlyElementsOf(values.keySet());
    }

    @Test
    void everyFieldApplies() {
        SubscriptionOptions o = form.apply(form.defaults(NOW), Map.of(
                "FORM_TYPE", List.of(SubscriptionOptionsForm.FORM_TYPE),
                "pubsub#deliver", List.of("false"),
                "pubsub#digest", List.of("true"),
                "pubsub#digest_frequency", List.of("5000"),
                "pubsub#expire", List.of("2026-12-01T00:00:00+01:00"),
                "pubsub#include_body", List.of("1"),
                "pubsub#show-values", List.of("chat", "online"),
                "pubsub#subscription_type", List.of("nodes"),
                "pubsub#subscription_depth", List.of("all")), NOW);
        assertThat(o).isEqualTo(new SubscriptionOptions(false, true, 5000, Instant.parse("2026-11-30T23:00:00Z"), true,
                Set.of("chat", "online"), SubscriptionType.NODES, SubscriptionOptions.DEPTH_ALL));
        // and shows what it applied, the DateTime in UTC (XEP-0082)
        assertThat(form.values(o)).containsEntry("pubsub#expire", List.of("2026-11-30T23:00:00Z"))
                .containsEntry("pubsub#show-values", List.of("chat", "online"))
                .containsEntry("pubsub#subscription_depth", List.of("all"));
    }

    @Test
    void fieldsLeftOutKeepTheirValue() {
        SubscriptionOptions digest = apply(form, "pubsub#digest", "1", "pubsub#digest_frequency", "2000");
        SubscriptionOptions then = form.apply(digest, Map.of("pubsub#include_body", List.of("1")), NOW);
        assertThat(then.digest()).isTrue();
        assertThat(then.digestFrequencyMillis()).isEqualTo(2000);
        assertThat(then.includeBody()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "pubsub#deliver, maybe",
            "pubsub#digest, 2",
            "pubsub#include_body, yes",
            "pubsub#digest_frequency, soon",
            "pubsub#digest_frequency, 999",
            "pubsub#digest_frequency, 86400001",
            "pubsub#expire, tomorrow",
            "pubsub#expire, 2026-11-21",
            "pubsub#expire, 2020-01-01T00:00:00Z",
            "pubsub#show-values, sleeping",
            "pubsub#subscription_type, everything",
            "pubsub#subscription_depth, 2",
            "pubsub#subscription_depth, 0",
            "pubsub#tempsub, 1"
    })
    void badValuesAreInvalidOptionsNamingTheField(String field, String value) {
        assertInvalid(() -> apply(form, field, value), field);
    }

    @Test
    void twoValuesForASingleFieldAreRefused() {
        assertInvalid(() -> form.apply(form.defaults(NOW), Map.of("pubsub#deliver", List.of("1", "0")), NOW), "pubsub#deliver");
    }

    @Test
    void aLeaseBeyondTheMaximumIsCutToNowPlusTheMaximum_13_19() {
        assertThat(apply(leased, "pubsub#expire", "2027-11-21T10:00:00Z").expire()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(apply(leased, "pubsub#expire", "2026-11-22T10:00:00Z").expire()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Test
    void whenLeasesAreCappedEverySubscriptionHasOne() {
        assertThat(leased.defaults(NOW).expire()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(apply(leased, "pubsub#expire", "").expire()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(form.defaults(NOW).expire()).isNull();
        assertThat(apply(form, "pubsub#expire", "").expire()).isNull();
    }

    @Test
    void presenceMakesASubscriptionTemporaryAndADateTimeMakesItLastAgain_13_5() {
        SubscriptionOptions temporary = apply(form, "pubsub#expire", "presence");
        assertThat(temporary.temporary()).isTrue();
        assertThat(temporary.expire()).isNull();
        assertThat(form.values(temporary)).containsEntry("pubsub#expire", List.of("presence"));
        // under a lease cap a temporary subscription still has a lease end
        assertThat(apply(leased, "pubsub#expire", "presence").expire()).isEqualTo(NOW.plus(Duration.ofDays(7)));

        SubscriptionOptions leasedAgain = form.apply(temporary, Map.of("pubsub#expire", List.of("2026-12-01T00:00:00Z")), NOW);
        assertThat(leasedAgain.temporary()).isFalse();
        assertThat(form.apply(temporary, Map.of("pubsub#expire", List.of("")), NOW).temporary()).isFalse();
        // other fields leave it temporary
        assertThat(form.apply(temporary, Map.of("pubsub#include_body", List.of("1")), NOW).temporary()).isTrue();
    }

    @Test
    void theDefaultDigestPeriodStaysWithinLimits() {
        SubscriptionOptionsForm hourly = new SubscriptionOptionsForm(new SubscriptionLimits(1000, 3_600_000, null, 1));
        assertThat(hourly.defaults(NOW).digestFrequencyMillis()).isEqualTo(3_600_000);
    }
}
