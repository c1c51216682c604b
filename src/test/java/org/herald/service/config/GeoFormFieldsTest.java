package org.herald.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.herald.domain.NodeConfig;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.InvalidGeoPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Herald's geolocation fields in pubsub#node_config and pubsub#subscribe_options. */
class GeoFormFieldsTest {
    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    final NodeConfigForm nodeForm = new NodeConfigForm(new ServiceLimits(1000, 65536));
    final SubscriptionOptionsForm optionsForm = new SubscriptionOptionsForm(new SubscriptionLimits(1000, 86_400_000, null, 10));
    final NodeConfig base = DefaultConfig.leaf(new ServiceLimits(1000, 65536));

    @Test
    void nodeGeoFieldsShowTheDefaults() {
        assertThat(base.geo()).isEqualTo(GeoSettings.DEFAULT);
        Map<String, List<String>> shown = nodeForm.values(base);
        assertThat(shown).containsEntry("herald#geo_key", List.of("item"))
                .containsEntry("herald#geo_invalid", List.of("reject"))
                .containsEntry("herald#stale_after", List.of("0"));
        assertThat(nodeForm.fields()).extracting(FieldSpec::var)
                .contains("herald#geo_key", "herald#geo_invalid", "herald#stale_after");
    }

    @Test
    void nodeGeoFieldsApplyAndKeepEachOther() {
        NodeConfig c = nodeForm.apply(base, Map.of("herald#geo_key", List.of("publisher"),
                "herald#stale_after", List.of("300")));
        assertThat(c.geo()).isEqualTo(new GeoSettings(GeoKeying.PUBLISHER, InvalidGeoPolicy.REJECT, Duration.ofSeconds(300)));
        NodeConfig flagged = nodeForm.apply(c, Map.of("herald#geo_invalid", List.of("flag")));
        assertThat(flagged.geo()).isEqualTo(new GeoSettings(GeoKeying.PUBLISHER, InvalidGeoPolicy.FLAG, Duration.ofSeconds(300)));
        // empty or 0: never stale
        assertThat(nodeForm.apply(flagged, Map.of("herald#stale_after", List.of(""))).geo().staleAfter()).isNull();
        assertThat(nodeForm.apply(flagged, Map.of("herald#stale_after", List.of("0"))).geo().staleAfter()).isNull();
    }

    @Test
    void badNodeGeoValuesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> nodeForm.apply(base, Map.of("herald#geo_key", List.of("vehicle"))))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("herald#geo_key"));
        assertThatThrownBy(() -> nodeForm.apply(base, Map.of("herald#geo_invalid", List.of("ignore"))))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("herald#geo_invalid"));
        assertThatThrownBy(() -> nodeForm.apply(base, Map.of("herald#stale_after", List.of("-5"))))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("herald#stale_after"));
        assertThatThrownBy(() -> nodeForm.apply(base, Map.of("herald#stale_after", List.of("soon"))))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("herald#stale_after"));
    }

    @Test
    void anAreaIsSetShownChangedAndRemoved() {
        SubscriptionOptions boxed = optionsForm.apply(optionsForm.defaults(NOW),
                Map.of("herald#geo_area", List.of("bbox=11.5,48.1,11.6,48.2")), NOW);
        assertThat(boxed.area()).isEqualTo(new BoundingBox(11.5, 48.1, 11.6, 48.2));
        assertThat(optionsForm.values(boxed)).containsEntry("herald#geo_area", List.of("bbox=11.5,48.1,11.6,48.2"));

        // another option leaves the area as it was
        SubscriptionOptions bodied = optionsForm.apply(boxed, Map.of("pubsub#include_body", List.of("1")), NOW);
        assertThat(bodied.area()).isEqualTo(boxed.area());

        SubscriptionOptions round = optionsForm.apply(bodied, Map.of("herald#geo_area", List.of("circle=48.1,11.5,500")), NOW);
        assertThat(round.area()).isEqualTo(new Circle(48.1, 11.5, 500));
        assertThat(optionsForm.apply(round, Map.of("herald#geo_area", List.of("")), NOW).area()).isNull();
        assertThat(optionsForm.values(SubscriptionOptions.DEFAULT)).containsEntry("herald#geo_area", List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bbox=1,2,3", "square=1,2,3", "circle=91,0,10", "bbox=1,2,3,x", "circle=48,11,-1", "48,11"})
    void aBadAreaIsRefusedAsAnyBadOptionValue(String text) {
        assertThatThrownBy(() -> optionsForm.apply(SubscriptionOptions.DEFAULT, Map.of("herald#geo_area", List.of(text)), NOW))
                .isInstanceOfSatisfying(PubSubException.class, e -> {
                    assertThat(e.error()).isEqualTo(PubSubError.INVALID_OPTIONS);
                    assertThat(e.field()).isEqualTo("herald#geo_area");
                    assertThat(e.text()).startsWith("herald#geo_area: ");
                });
    }
}
