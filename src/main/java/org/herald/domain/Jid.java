package org.herald.domain;

import java.util.Objects;

/**
 * An XMPP address (RFC 7622): {@code [local@]domain[/resource]}.
 * The core compares JIDs as given; the XMPP adapter hands it addresses already normalised by the server.
 */
public record Jid(String local, String domain, String resource) {

    private static final int MAX_PART = 1023; // RFC 7622 §3.1: each part is at most 1023 octets

    public Jid {
        Objects.requireNonNull(domain, "domain");
        if (domain.isEmpty() || domain.length() > MAX_PART) throw new IllegalArgumentException("bad domain part");
        if (local != null && (local.isEmpty() || local.length() > MAX_PART)) throw new IllegalArgumentException("bad local part");
        if (resource != null && (resource.isEmpty() || resource.length() > MAX_PART)) throw new IllegalArgumentException("bad resource part");
        // RFC 7622 §3.3.1/§3.4.1 (PRECIS): no control characters in any part; they could not travel in XML anyway
        if (XmlChars.indexOfForbidden(domain) >= 0 || (local != null && XmlChars.indexOfForbidden(local) >= 0)
                || (resource != null && XmlChars.indexOfForbidden(resource) >= 0)) {
            throw new IllegalArgumentException("control character in JID");
        }
        domain = domain.toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a JID; throws {@link IllegalArgumentException} when it is not one. */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("empty JID");
        int slash = s.indexOf('/');
        String resource = slash >= 0 ? s.substring(slash + 1) : null;
        String bare = slash >= 0 ? s.substring(0, slash) : s;
        int at = bare.indexOf('@');
        String local = at >= 0 ? bare.substring(0, at) : null;
        String domain = at >= 0 ? bare.substring(at + 1) : bare;
        if (domain.indexOf('@') >= 0) throw new IllegalArgumentException("two '@' in JID");
        return new Jid(local, domain, resource);
    }

    /** Like {@link #parse} but yields null for malformed input. */
    public static Jid tryParse(String s) {
        try {
            return parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    public boolean isBare() {
        return resource == null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (local != null) b.append(local).append('@');
        b.append(domain);
        if (resource != null) b.append('/').append(resource);
        return b.toString();
    }
}
