package org.herald.http.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.service.ItemPage;

/**
 * What a feed's content depends on, hashed: the node id, the configuration fields a feed shows, the number of items
 * and the sequence number and id of each item carried. Sequence numbers are never reused and a re-publish draws a
 * new one, so any publish, retraction or purge changes the version.
 */
public record FeedVersion(String hash) {

    public static FeedVersion of(ItemPage page) {
        Node node = page.node();
        MessageDigest sha = sha256();
        field(sha, "herald-feed-v1");
        field(sha, node.id());
        field(sha, String.valueOf(node.config().title()));
        field(sha, String.valueOf(node.config().description()));
        field(sha, String.valueOf(node.config().language()));
        field(sha, String.valueOf(node.config().showsPublisher()));
        field(sha, Long.toString(page.count()));
        for (StoredItem s : page.items()) {
            field(sha, Long.toString(s.seq()));
            field(sha, s.item().id());
        }
        return new FeedVersion(Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()));
    }

    /** A strong entity tag (RFC 9110 §8.8.3) for this version written in one format. */
    public String etag(FeedFormat format) {
        return "\"" + hash.substring(0, 27) + "-" + format.extension() + "\"";
    }

    private static void field(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        // length-prefixed, so that no two different field lists hash the same bytes
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
