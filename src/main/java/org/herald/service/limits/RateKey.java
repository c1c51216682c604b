package org.herald.service.limits;

import java.util.Objects;
import org.herald.domain.Jid;

/**
 * Whose rate a request counts against: an XMPP requester by bare JID (its resources share one allowance), an HTTP
 * request by the id of its bearer token (two tokens of one JID are two clients), an anonymous one by its address.
 * The kinds never collide: the value carries its kind as a prefix.
 */
public record RateKey(String value) {
    public RateKey {
        Objects.requireNonNull(value, "value");
    }

    public static RateKey jid(Jid jid) {
        return new RateKey("jid:" + jid.bare());
    }

    public static RateKey token(String tokenId) {
        return new RateKey("token:" + tokenId);
    }

    public static RateKey address(String address) {
        return new RateKey("addr:" + address);
    }
}
