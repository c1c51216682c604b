package org.herald.http.websub;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * §5.3 hub.challenge: "A hub-generated, random string that MUST be echoed by the subscriber to verify the
 * subscription." Each verification draws its own 256 random bits, so an echo of an earlier challenge proves nothing.
 */
final class Challenge {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Challenge() {
    }

    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
