package org.herald.feeds.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own charset decision, so Rome never guesses: byte order mark → charset parameter of the HTTP Content-Type →
 * encoding in the XML declaration → UTF-8 (XML 1.0 §4.3.3 and Appendix F; RFC 7303 §3 lets the HTTP charset win over
 * the declaration). The document is decoded here and handed on as characters; the XML parser then ignores the
 * declared encoding.
 */
final class CharsetSniffer {
    private static final Pattern HTTP_CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final Pattern XML_DECL_ENCODING =
            Pattern.compile("^\\s*<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    /** Names seen in real feeds (and in the feedparser corpus) that the JDK does not know under that spelling. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("mac", "x-MacRoman"), Map.entry("macintosh", "x-MacRoman"),
            Map.entry("csmacintosh", "x-MacRoman"), Map.entry("mac-cyrillic", "x-MacCyrillic"),
            Map.entry("maclatin2", "x-MacCentralEurope"), Map.entry("ms-ansi", "windows-1252"),
            Map.entry("ms-ee", "windows-1250"), Map.entry("ms-cyrl", "windows-1251"),
            Map.entry("ms-greek", "windows-1253"), Map.entry("ms-turk", "windows-1254"),
            Map.entry("ms-hebr", "windows-1255"), Map.entry("ms-arab", "windows-1256"),
            Map.entry("winbaltrim", "windows-1257"), Map.entry("cp_is", "IBM861"),
            Map.entry("csibm855", "IBM855"), Map.entry("cspc775baltic", "IBM775"),
            Map.entry("ucs-2", "UTF-16"), Map.entry("iso-10646-ucs-2", "UTF-16"), Map.entry("csunicode", "UTF-16"),
            Map.entry("u16", "UTF-16"), Map.entry("ucs-4", "UTF-32"), Map.entry("iso-10646-ucs-4", "UTF-32"),
            Map.entry("csucs4", "UTF-32"), Map.entry("u32", "UTF-32"));

    private CharsetSniffer() {
    }

    /** Decodes {@code body}; a mislabelled or broken byte sequence is replaced (U+FFFD) and reported in warnings. */
    static String decode(byte[] body, String contentType, List<String> warnings) {
        int skip = 0;
        Charset cs = null;
        if (startsWith(body, 0x00, 0x00, 0xFE, 0xFF)) {
            cs = Charset.forName("UTF-32BE");
            skip = 4;
        } else if (startsWith(body, 0xFF, 0xFE, 0x00, 0x00)) {
            cs = Charset.forName("UTF-32LE");
            skip = 4;
        } else if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            cs = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(body, 0xFE, 0xFF)) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(body, 0xFF, 0xFE)) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        if (cs == null && contentType != null) {
            Matcher m = HTTP_CHARSET.matcher(contentType);
            if (m.find()) {
                cs = lookup(m.group(1), "HTTP Content-Type", warnings);
            }
        }
        if (cs == null) {
            cs = fromXmlDeclaration(body, warnings);
        }
        if (cs == null) {
            cs = StandardCharsets.UTF_8;
        }
        String text = decodeStrict(body, skip, cs);
        if (text == null) {
            warnings.add("document is not valid " + cs.name() + "; undecodable bytes were replaced");
            text = new String(body, skip, body.length - skip, cs);
        }
        // A BOM that survived decoding (e.g. UTF-8 BOM inside a document labelled otherwise) is not content.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Charset fromXmlDeclaration(byte[] body, List<String> warnings) {
        // Without a BOM, '<' in UTF-32/UTF-16 shows as 00 00 00 3C etc. (XML 1.0 Appendix F.1).
        if (startsWith(body, 0x00, 0x00, 0x00, 0x3C)) {
            return Charset.forName("UTF-32BE");
        }
        if (startsWith(body, 0x3C, 0x00, 0x00, 0x00)) {
            return Charset.forName("UTF-32LE");
        }
        if (startsWith(body, 0x00, 0x3C, 0x00, 0x3F)) {
            return StandardCharsets.UTF_16BE;
        }
        if (startsWith(body, 0x3C, 0x00, 0x3F, 0x00)) {
            return StandardCharsets.UTF_16LE;
        }
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        Matcher m = XML_DECL_ENCODING.matcher(head);
        if (!m.find()) {
            return null;
        }
        Charset cs = lookup(m.group(1), "XML declaration", warnings);
        // A UTF-16 declaration on a document that is clearly 8-bit (we read '<?xml' as single bytes) is a lie.
        if (cs != null && (cs.name().startsWith("UTF-16") || cs.name().startsWith("UTF-32"))) {
            warnings.add("XML declaration says " + m.group(1) + " but the document is 8-bit; read as UTF-8");
            return StandardCharsets.UTF_8;
        }
        return cs;
    }

    private static Charset lookup(String name, String where, List<String> warnings) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (String candidate : new String[] {n, ALIASES.getOrDefault(n, n), n.replace('_', '-')}) {
            try {
                return Charset.forName(candidate);
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        warnings.add("unknown charset '" + name + "' in " + where + "; ignored");
        return null;
    }

    private static String decodeStrict(byte[] body, int skip, Charset cs) {
        CharsetDecoder d = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer out = d.decode(ByteBuffer.wrap(body, skip, body.length - skip));
            return out.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
