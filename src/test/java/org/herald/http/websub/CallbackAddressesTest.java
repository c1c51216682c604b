package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "169.254.169.254", "224.0.0.1", "239.1.1.1", "255.255.255.255", "240.0.0.1", "198.18.0.1",
            "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1"})
    void nonPublicAddressesAreRefused(String literal) throws UnknownHostException {
        assertThat(CallbackAddresses.refusal(InetAddress.getByName(literal))).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8",
            "2002:0808:0808::1"})
    void publicAddressesPass(String literal) throws UnknownHostException {
        assertThat(CallbackAddresses.refusal(InetAddress.getByName(literal))).as(literal).isEmpty();
    }

    @Test
    void ipv4MappedAddressesBuiltFromBytesAreCheckedToo() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(CallbackAddresses.refusal(InetAddress.getByAddress(mapped))).contains("loopback");
    }

    @Test
    void theGuardRefusesLoopbackAndPrivateHostsUnlessPrivateCallbacksAreAllowed() {
        for (String host : new String[] {"127.0.0.1", "localhost", "[::1]", "10.0.0.7", "192.168.0.10"}) {
            assertThat(CallbackGuard.verdict(host, false)).as(host).isPresent();
            assertThat(CallbackGuard.verdict(host, true)).as(host).isEmpty();
        }
        assertThat(CallbackGuard.verdict("93.184.215.14", false)).isEmpty();
        assertThat(CallbackGuard.verdict("no-such-host.invalid", true)).isPresent();
    }
}
