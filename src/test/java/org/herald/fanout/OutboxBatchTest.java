package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox entry format: recipients' heads and tails around one shared middle survive encoding. */
class OutboxBatchTest {
    @Test
    void recipientsSurviveEncodingAndMakeWholeStanzas() {
        OutboxBatch b = new OutboxBatch("<event xmlns='e'>é ✓</event>",
                List.of("<message to='a@x'>", "<message to='b@x'><body>hi</body>", "<message to='c@x'>"),
                List.of("</message>", "<headers/></message>", ""), 42);
        OutboxBatch d = OutboxBatch.decode(b.middle(), b.encodedRecipients(), 42);
        assertThat(d).isEqualTo(b);
        assertThat(d.stanzas(1, 3)).isEqualTo("<message to='b@x'><body>hi</body><event xmlns='e'>é ✓</event><headers/></message>"
                + "<message to='c@x'><event xmlns='e'>é ✓</event>");
    }

    @Test
    void aSingleStanzaIsOneRecipientWithoutEnvelope() {
        OutboxBatch s = OutboxBatch.single("<iq type='result' id='1'/>");
        OutboxBatch d = OutboxBatch.decode(s.middle(), s.encodedRecipients(), s.createdMillis());
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.stanzas(0, 1)).isEqualTo("<iq type='result' id='1'/>");
    }
}
