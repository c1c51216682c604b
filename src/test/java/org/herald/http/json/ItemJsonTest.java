package org.herald.http.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.herald.domain.Item;
import org.herald.domain.ItemReply;
import org.herald.domain.NodeConfig;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.junit.jupiter.api.Test;

class ItemJsonTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
    private static final NodeConfig SHOWN = DefaultConfig.leaf(new ServiceLimits(100, 65536)).with()
            .itemReply(ItemReply.PUBLISHER).build();
    private static final NodeConfig HIDDEN = SHOWN.with().itemReply(ItemReply.NONE).build();

    private static StoredItem stored(long seq, String payload) {
        return new StoredItem(seq, new Item("n", "i1", payload, Jid.parse("alice@example.org/phone"), T));
    }

    @Test
    void aJsonContainerShowsItsJsonValue() {
        ItemJson j = ItemJson.of(stored(7, "<json xmlns='urn:xmpp:json:0'>{\"speed\": 12.5, \"tags\": [\"a\"]}</json>"), SHOWN);
        assertThat(j.contentType()).isEqualTo("application/json");
        assertThat(j.payload().get("speed").asDouble()).isEqualTo(12.5);
        assertThat(j.payload().get("tags").get(0).asText()).isEqualTo("a");
        assertThat(j.seq()).isEqualTo(7L);
        assertThat(j.publisher()).isEqualTo("alice@example.org"); // the resource is not published over HTTP
        assertThat(j.published()).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void thePublisherIsNamedOnlyWhereTheNodeShowsPublishers() {
        // XEP-0060 §7.1.2: pubsub#itemreply other than publisher keeps the publisher to the service.
        assertThat(ItemJson.of(stored(1, "<x xmlns='urn:x'/>"), HIDDEN).publisher()).isNull();
        assertThat(ItemJson.of(stored(1, "<x xmlns='urn:x'/>"), SHOWN).publisher()).isEqualTo("alice@example.org");
    }

    @Test
    void anAtomEntryAndOtherXmlAreShownAsTheirXml() {
        String entry = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Hi</title></entry>";
        assertThat(ItemJson.of(stored(1, entry), SHOWN).contentType()).isEqualTo("application/atom+xml");
        assertThat(ItemJson.of(stored(1, entry), SHOWN).payload().asText()).isEqualTo(entry);
        String geo = "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>45.44</lat></geoloc>";
        assertThat(ItemJson.of(stored(1, geo), SHOWN).contentType()).isEqualTo("application/xml");
    }

    @Test
    void aContainerHoldingTextThatIsNotJsonIsShownAsXml() {
        String bad = "<json xmlns='urn:xmpp:json:0'>{not json</json>";
        ItemJson j = ItemJson.of(stored(3, bad), SHOWN);
        assertThat(j.contentType()).isEqualTo("application/xml");
        assertThat(j.payload().asText()).isEqualTo(bad);
    }

    @Test
    void anEmptyItemHasNoPayloadAndATransientOneNoSeq() {
        ItemJson j = ItemJson.of(stored(0, null), SHOWN);
        assertThat(j.payload()).isNull();
        assertThat(j.contentType()).isNull();
        assertThat(j.seq()).isNull();
    }

    @Test
    void aDoctypeIsRefused() {
        assertThatThrownBy(() -> PayloadKind.root("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
