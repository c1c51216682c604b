package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.http.json.ItemJson;
import org.herald.http.json.PayloadKind;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;

/**
 * Fuzzes the JSON models of the REST API (docs/fuzzing.md) with their own ObjectMapper configuration: an arbitrary
 * body becomes a JSON item payload or a 400 refusal, and the item then reads back through {@link ItemJson} as the
 * same JSON value; the same body as a node configuration object becomes a form or a 4xx refusal. Never another
 * exception (a 500).
 */
class JsonModelsFuzzTest {
    /** As the REST resources read bodies (JsonPayloads): one value, nothing after it. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @FuzzTest(maxDuration = "8s")
    void body(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        ItemDraft draft = null;
        try {
            draft = JsonPayloads.draft("item-1", body);
        } catch (HttpProblem e) {
            assertThat(e.status()).isEqualTo(400);
        }
        if (draft != null) {
            Item item = new Item("node", "item-1", draft.payload(), Jid.parse("a@example.org"), Instant.EPOCH);
            ItemJson shown = ItemJson.of(new StoredItem(1, item), false);
            assertThat(shown.contentType()).as("shown as JSON: %s", draft.payload())
                    .isEqualTo(PayloadKind.JSON.mediaType());
            assertThat(shown.payload()).isEqualTo(tree(body));
        }

        JsonNode config;
        try {
            config = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return;
        }
        try {
            Map<String, List<String>> form = ConfigJson.toForm(config, "config");
            assertThat(form.keySet()).allSatisfy(k -> assertThat(k).contains("#"));
        } catch (HttpProblem e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    private static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("a body JsonPayloads accepted does not parse", e);
        }
    }
}
