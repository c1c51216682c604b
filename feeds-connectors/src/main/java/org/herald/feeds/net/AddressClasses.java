package org.herald.feeds.net;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * The address classes an outbound request may not reach unless the operator allows private targets (SSRF): a URL
 * supplied by a user must not make Herald call into the operator's own network or a cloud metadata service.
 * Refused IPv4: unspecified 0.0.0.0/8, loopback 127/8, private (RFC 1918), shared/CGNAT 100.64/10 (RFC 6598),
 * link-local 169.254/16 (incl. 169.254.169.254), IETF protocol assignments 192.0.0.0/24 and benchmarking
 * 198.18/15 (RFC 6890), multicast 224/4, reserved 240/4 and broadcast. Refused IPv6: unspecified, loopback,
 * multicast ff00::/8, link-local fe80::/10, site-local fec0::/10, unique-local fc00::/7 (RFC 4193), and every form
 * that carries an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 (RFC 6052),
 * 6to4 2002::/16 (RFC 3056)) whenever that IPv4 address is refused. Documentation ranges are not refused: they
 * are not routed, so they cannot reach anything.
 */
final class AddressClasses {
    private AddressClasses() {
    }

    /** The refused class the address belongs to, or empty when it is a public address. */
    static Optional<String> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? refusalV4(b) : refusalV6(b);
    }

    private static Optional<String> refusalV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) return Optional.of("unspecified");                               // 0.0.0.0/8
        if (a0 == 127) return Optional.of("loopback");                                // 127.0.0.0/8
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("private");                                            // RFC 1918
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) return Optional.of("shared (CGNAT)");     // 100.64.0.0/10 (RFC 6598)
        if (a0 == 169 && a1 == 254) return Optional.of("link-local");                 // 169.254.0.0/16
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) return Optional.of("reserved"); // 192.0.0.0/24 (RFC 6890)
        if (a0 == 198 && (a1 & 0xfe) == 18) return Optional.of("reserved");           // 198.18.0.0/15 benchmarking
        if ((a0 & 0xf0) == 224) return Optional.of("multicast");                      // 224.0.0.0/4
        if ((a0 & 0xf0) == 240) return Optional.of("reserved");                       // 240.0.0.0/4, broadcast
        return Optional.empty();
    }

    private static Optional<String> refusalV6(byte[] b) {
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) zero80 &= b[i] == 0;
        if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) return embedded(b, 12); // ::ffff:a.b.c.d
        if (zero80 && b[10] == 0 && b[11] == 0) {
            boolean zero120 = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (zero120 && b[15] == 0) return Optional.of("unspecified");             // ::
            if (zero120 && b[15] == 1) return Optional.of("loopback");                // ::1
            return embedded(b, 12);                                                   // ::a.b.c.d (deprecated)
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0xff) return Optional.of("multicast");                              // ff00::/8
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return Optional.of("link-local");      // fe80::/10
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) return Optional.of("site-local");      // fec0::/10 (deprecated)
        if ((b0 & 0xfe) == 0xfc) return Optional.of("unique-local");                  // fc00::/7
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            boolean zero = true;
            for (int i = 4; i < 12; i++) zero &= b[i] == 0;
            if (zero) return embedded(b, 12);                                         // 64:ff9b::/96 NAT64
        }
        if (b0 == 0x20 && b1 == 0x02) return embedded(b, 2);                          // 2002::/16 6to4
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] b, int from) {
        return refusalV4(Arrays.copyOfRange(b, from, from + 4));
    }
}
