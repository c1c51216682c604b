package org.herald.http.auth;

import org.herald.domain.Jid;
import org.herald.service.limits.RateKey;

/**
 * Who an HTTP request speaks for. An authenticated actor is the JID its bearer token is bound to and passes the same
 * permission table as that JID over XMPP. An anonymous request is given {@link #ANONYMOUS_JID}: an address in the
 * reserved {@code .invalid} domain (RFC 2606), which no roster, affiliation or subscription can ever name, so the
 * core admits it exactly where a node's access model is open.
 */
public record Actor(Jid jid, boolean anonymous, String tokenId) {
    public static final Jid ANONYMOUS_JID = new Jid("anonymous", "herald.invalid", null);
    public static final Actor ANONYMOUS = new Actor(ANONYMOUS_JID, true, null);

    public static Actor of(Jid jid, String tokenId) {
        return new Actor(jid, false, tokenId);
    }

    /** Whose rate this request counts against (herald.limits.*): its token; two tokens of one JID are two clients. */
    public RateKey rateKey() {
        return tokenId != null ? RateKey.token(tokenId) : RateKey.jid(jid);
    }
}
