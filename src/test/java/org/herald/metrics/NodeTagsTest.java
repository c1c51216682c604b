package org.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeTagsTest {
    @Test
    void theFirstNodesKeepTheirIdsAndLaterOnesShareOther() {
        NodeTags tags = new NodeTags(2);
        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.of("b")).isEqualTo("b");
        assertThat(tags.of("c")).isEqualTo(NodeTags.OTHER);
        // admitted nodes stay themselves, so a series never changes name
        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.of("d")).isEqualTo(NodeTags.OTHER);
    }
}
