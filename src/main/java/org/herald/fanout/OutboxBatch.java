package org.herald.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the XMPP outbox stream: notification messages that share their middle part (the {@code <event/>},
 * serialised once per event), each recipient adding its own head ({@code <message ...>} with its optional body) and
 * tail (its headers, closing tag). {@code head + middle + tail} is one complete stanza. The separators are control
 * characters that XML 1.0 forbids, so they can never occur inside serialised XML.
 *
 * @param middle the shared part
 * @param heads each recipient's head
 * @param tails each recipient's tail, same order as heads
 * @param createdMillis when the batch was queued (epoch ms), for the outbox lag
 */
public record OutboxBatch(String middle, List<String> heads, List<String> tails, long createdMillis) {
    private static final char PART = '\u0001';
    private static final char RECIPIENT = '\u0002';

    public OutboxBatch {
        if (heads.size() != tails.size()) throw new IllegalArgumentException("heads and tails differ in number");
    }

    /** One stanza on its own, e.g. an IQ reply of an instance whose link just moved elsewhere. */
    public static OutboxBatch single(String stanza) {
        return new OutboxBatch(stanza, List.of(""), List.of(""), System.currentTimeMillis());
    }

    /** Whole stanzas, each sent as it is (e.g. a page of MAM results sent at the socket's pace). */
    public static OutboxBatch of(List<String> stanzas) {
        return new OutboxBatch("", stanzas, java.util.Collections.nCopies(stanzas.size(), ""), System.currentTimeMillis());
    }

    public int size() {
        return heads.size();
    }

    /** The recipients as one field value. */
    public String encodedRecipients() {
        StringBuilder out = new StringBuilder(heads.size() * 160);
        for (int i = 0; i < heads.size(); i++) {
            if (i > 0) out.append(RECIPIENT);
            out.append(heads.get(i)).append(PART).append(tails.get(i));
        }
        return out.toString();
    }

    public static OutboxBatch decode(String middle, String recipients, long createdMillis) {
        List<String> heads = new ArrayList<>();
        List<String> tails = new ArrayList<>();
        if (!recipients.isEmpty()) {
            int start = 0;
            while (start <= recipients.length()) {
                int end = recipients.indexOf(RECIPIENT, start);
                if (end < 0) end = recipients.length();
                int part = recipients.indexOf(PART, start);
                if (part < 0 || part > end) throw new IllegalArgumentException("recipient without a tail");
                heads.add(recipients.substring(start, part));
                tails.add(recipients.substring(part + 1, end));
                start = end + 1;
            }
        }
        return new OutboxBatch(middle, heads, tails, createdMillis);
    }

    /** The stanzas from {@code from} (inclusive) to {@code to} (exclusive), concatenated for one socket write. */
    public String stanzas(int from, int to) {
        StringBuilder out = new StringBuilder((to - from) * (middle.length() + 200));
        for (int i = from; i < to; i++) out.append(heads.get(i)).append(middle).append(tails.get(i));
        return out.toString();
    }
}
