package org.herald.feeds.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard for every outbound request Herald makes on a user's behalf (feed fetches, WebSub callbacks). A URL
 * passes when it is http(s), carries no credentials, and EVERY address its host resolves to is public (an
 * attacker's DNS may hand out a public and a private address together), see {@link AddressClasses} for the refused
 * classes. With {@code allowPrivate} the operator lets requests reach any address (tests, intranets); the URL rules
 * and the need to resolve still hold.
 *
 * <p>Resolution blocks (DNS): call it off the event loop. Ask again before every request and every redirect hop,
 * because DNS answers change.
 */
public final class AddressGuard {
    private final boolean allowPrivate;

    public AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * Refuses the URL (message names the reason, e.g. the address class) or returns the addresses its host resolves
     * to, all of them checked.
     */
    public List<InetAddress> check(URI url) throws BlockedAddressException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new BlockedAddressException("only http and https URLs may be fetched");
        // Credentials in a URL end up in stores and logs; the caller must hold them elsewhere.
        if (url.getRawUserInfo() != null) throw new BlockedAddressException("the URL must not carry credentials");
        if (url.getHost() == null || url.getHost().isEmpty()) throw new BlockedAddressException("the URL has no valid host");
        return checkHost(url.getHost());
    }

    /** {@link #check(URI)} for a bare host name or address literal (IPv6 literals with or without brackets). */
    public List<InetAddress> checkHost(String host) throws BlockedAddressException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new BlockedAddressException("the host does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                Optional<String> refusal = AddressClasses.refusal(a);
                if (refusal.isPresent()) throw new BlockedAddressException("the host resolves to a " + refusal.get() + " address");
            }
        }
        return List.of(addresses);
    }

    /** The refused class of one address ("loopback", "private", ...), or empty when it is public. No DNS. */
    public static Optional<String> refusal(InetAddress address) {
        return AddressClasses.refusal(address);
    }
}
