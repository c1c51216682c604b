package org.herald.feeds.net;

/**
 * A URL Herald will not call: wrong scheme, credentials in it, a host that does not resolve, or a host that resolves
 * to an address of a refused class. The message is one clear line naming the reason (e.g. "resolves to a loopback
 * address"); it never carries the URL's credentials nor the resolved address, so it may be shown to whoever supplied
 * the URL.
 */
public final class BlockedAddressException extends Exception {
    private static final long serialVersionUID = 1L;

    public BlockedAddressException(String message) {
        super(message, null, false, false);
    }
}
