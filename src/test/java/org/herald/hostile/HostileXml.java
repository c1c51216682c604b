package org.herald.hostile;

import java.nio.charset.StandardCharsets;

/** The hostile documents every path is tried with; {@code root} is the element the attack sits in. */
final class HostileXml {
    private HostileXml() {
    }

    /** Nine levels of ten: a billion "lol"s (3 GB) if an entity is ever expanded. */
    static String billionLaughs(String rootOpen, String rootClose) {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol0 'lol'>");
        for (int level = 1; level <= 9; level++) {
            dtd.append("<!ENTITY lol").append(level).append(" '");
            dtd.append(("&lol" + (level - 1) + ";").repeat(10)).append("'>");
        }
        return dtd.append("]>").append(rootOpen).append("&lol9;").append(rootClose).toString();
    }

    /** One 50 kB entity used 10,000 times: 500 MB if expanded (quadratic blow-up, no nesting needed). */
    static String quadraticBlowup(String rootOpen, String rootClose) {
        return "<!DOCTYPE q [<!ENTITY big '" + "x".repeat(50_000) + "'>]>" + rootOpen + "&big;".repeat(10_000) + rootClose;
    }

    /** An external entity pointing at {@code systemId} (a file or a URL). */
    static String externalEntity(String systemId, String rootOpen, String rootClose) {
        return "<!DOCTYPE e [<!ENTITY x SYSTEM '" + systemId + "'>]>" + rootOpen + "&x;" + rootClose;
    }

    /** An external DTD and an external parameter entity, both pointing at {@code systemId}. */
    static String externalDtd(String systemId, String rootOpen, String rootClose) {
        return "<!DOCTYPE e SYSTEM '" + systemId + "' [<!ENTITY % p SYSTEM '" + systemId + "'> %p;]>" + rootOpen + rootClose;
    }

    /** {@code depth} nested elements. */
    static String nested(int depth) {
        return "<a>".repeat(depth) + "</a>".repeat(depth);
    }

    /** {@code prefix}, a byte sequence that is not UTF-8 (a lead byte followed by ASCII), then {@code suffix}. */
    static byte[] invalidUtf8(String prefix, String suffix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[p.length + 2 + s.length];
        System.arraycopy(p, 0, out, 0, p.length);
        out[p.length] = (byte) 0xC3;
        out[p.length + 1] = (byte) 0x28;
        System.arraycopy(s, 0, out, p.length + 2, s.length);
        return out;
    }
}
