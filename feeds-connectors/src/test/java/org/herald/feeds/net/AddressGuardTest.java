package org.herald.feeds.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address literals only (and 'localhost', answered by the hosts file): no test here asks a DNS server. */
class AddressGuardTest {
    private final AddressGuard strict = new AddressGuard(false);
    private final AddressGuard lenient = new AddressGuard(true);

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "127.8.9.10", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "192.168.255.255", "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.0.1", "224.0.0.1",
            "239.1.1.1", "255.255.255.255", "240.0.0.1", "192.0.0.8", "198.18.0.1",
            "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
            "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "2002:c0a8:0101::1"})
    void nonPublicAddressesAreRefusedByDefault(String literal) {
        URI url = URI.create("http://" + bracketed(literal) + ":8080/feed.xml");
        assertThatThrownBy(() -> strict.check(url)).as(literal)
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageStartingWith("the host resolves to a ")
                .hasMessageEndingWith(" address")
                .hasMessageNotContaining(literal);
        assertThat(AddressGuard.refusal(address(literal))).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
            "169.253.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1", "64:ff9b::808:808", "64:ff9b:1::7f00:1"})
    void publicAddressesPass(String literal) throws BlockedAddressException {
        assertThat(strict.check(URI.create("https://" + bracketed(literal) + "/feed"))).containsExactly(address(literal));
        assertThat(AddressGuard.refusal(address(literal))).as(literal).isEmpty();
    }

    @Test
    void theClassIsNamedInTheRefusal() {
        assertThat(AddressGuard.refusal(address("127.0.0.1"))).contains("loopback");
        assertThat(AddressGuard.refusal(address("10.1.2.3"))).contains("private");
        assertThat(AddressGuard.refusal(address("169.254.169.254"))).contains("link-local");
        assertThat(AddressGuard.refusal(address("fc00::1"))).contains("unique-local");
        assertThat(AddressGuard.refusal(address("100.64.0.1"))).contains("shared (CGNAT)");
        assertThat(AddressGuard.refusal(address("64:ff9b::7f00:1"))).contains("loopback");
        assertThat(AddressGuard.refusal(address("2002:7f00:1::"))).contains("loopback");
    }

    @Test
    void ipv4MappedAddressesBuiltFromBytesAreCheckedToo() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(AddressGuard.refusal(InetAddress.getByAddress(mapped))).contains("loopback");
    }

    @Test
    void localhostByNameIsRefusedUnlessPrivateTargetsAreAllowed() throws BlockedAddressException {
        assertThatThrownBy(() -> strict.check(URI.create("http://localhost:8080/"))).isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("loopback");
        assertThat(lenient.check(URI.create("http://localhost:8080/"))).isNotEmpty();
    }

    @Test
    void privateTargetsPassWhenAllowed() throws BlockedAddressException {
        for (String host : new String[] {"127.0.0.1", "[::1]", "10.0.0.7", "192.168.0.10", "169.254.169.254"}) {
            assertThat(lenient.check(URI.create("http://" + host + "/"))).as(host).isNotEmpty();
            assertThat(lenient.checkHost(host)).as(host).isNotEmpty();
        }
    }

    @Test
    void onlyHttpAndHttpsWithoutCredentials() {
        for (String url : new String[] {"ftp://93.184.215.14/feed", "file:///etc/passwd", "gopher://93.184.215.14/", "jar:http://x/!/"}) {
            assertThatThrownBy(() -> lenient.check(URI.create(url))).as(url).isInstanceOf(BlockedAddressException.class)
                    .hasMessage("only http and https URLs may be fetched");
        }
        assertThatThrownBy(() -> lenient.check(URI.create("https://user:s3cret@93.184.215.14/feed")))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessage("the URL must not carry credentials");
        assertThatThrownBy(() -> lenient.check(URI.create("http:/relative"))).isInstanceOf(BlockedAddressException.class)
                .hasMessage("the URL has no valid host");
    }

    @Test
    void anUnresolvableHostIsRefusedEvenWhenPrivateTargetsAreAllowed() {
        // .invalid never resolves (RFC 6761 §6.4); the resolver answers that without the internet.
        assertThatThrownBy(() -> lenient.checkHost("no-such-host.invalid")).isInstanceOf(BlockedAddressException.class)
                .hasMessage("the host does not resolve");
    }

    private static String bracketed(String literal) {
        return literal.contains(":") ? "[" + literal + "]" : literal;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
