package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The address classification itself is tested in the feeds library (org.herald.feeds.net.AddressGuardTest); this
 * checks the hub's use of it: the switch, and the wording subscribers get back.
 */
class CallbackGuardTest {

    @Test
    void theGuardRefusesLoopbackAndPrivateHostsUnlessPrivateCallbacksAreAllowed() {
        for (String host : new String[] {"127.0.0.1", "localhost", "[::1]", "10.0.0.7", "192.168.0.10", "169.254.169.254",
                "::ffff:127.0.0.1", "64:ff9b::7f00:1"}) {
            assertThat(CallbackGuard.verdict(host, false)).as(host).hasValueSatisfying(
                    reason -> assertThat(reason).startsWith("the callback's host resolves to a ").endsWith(" address"));
            assertThat(CallbackGuard.verdict(host, true)).as(host).isEmpty();
        }
        assertThat(CallbackGuard.verdict("127.0.0.1", false)).contains("the callback's host resolves to a loopback address");
        assertThat(CallbackGuard.verdict("93.184.215.14", false)).isEmpty();
        assertThat(CallbackGuard.verdict("no-such-host.invalid", true)).contains("the callback's host does not resolve");
    }
}
