package org.herald.feeds.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a response body, undoing its Content-Encoding (RFC 9110 §8.4.1: gzip, x-gzip, deflate, identity) and
 * counting the DECODED bytes against the cap: a few kilobytes of gzip may inflate to gigabytes, so the cap must
 * apply after decompression. Streams; never holds more than the cap plus one buffer.
 */
final class BodyReader {

    /** The body could not be read as wanted; the message is the user-facing reason. */
    static final class BodyException extends Exception {
        BodyException(String message) {
            super(message, null, false, false);
        }
    }

    private BodyReader() {
    }

    static byte[] read(InputStream raw, String contentEncoding, long maxBytes) throws IOException, BodyException {
        String coding = contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        Inflater inflater = null;
        InputStream decoded;
        try {
            switch (coding) {
                case "", "identity" -> decoded = raw;
                case "gzip", "x-gzip" -> decoded = new GZIPInputStream(raw, 8192);
                case "deflate" -> {
                    // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw DEFLATE: look.
                    PushbackInputStream peek = new PushbackInputStream(raw, 2);
                    inflater = new Inflater(!looksZlibWrapped(peek));
                    decoded = new InflaterInputStream(peek, inflater, 8192);
                }
                default -> throw new BodyException("unsupported Content-Encoding '" + printable(coding) + "'");
            }
            return capped(decoded, maxBytes, !coding.equals("identity") && !coding.isEmpty());
        } catch (ZipException e) {
            throw new BodyException("the " + coding + " body is corrupt");
        } finally {
            if (inflater != null) inflater.end();
        }
    }

    private static byte[] capped(InputStream in, long maxBytes, boolean decompressed) throws IOException, BodyException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > maxBytes) {
                throw new BodyException("the body is larger than " + maxBytes + " bytes" + (decompressed ? " after decompression" : ""));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** RFC 1950 §2.2: CM = 8 and (CMF*256 + FLG) is a multiple of 31. */
    private static boolean looksZlibWrapped(PushbackInputStream in) throws IOException {
        int cmf = in.read();
        if (cmf == -1) return true;
        int flg = in.read();
        if (flg != -1) in.unread(flg);
        in.unread(cmf);
        return flg != -1 && (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e…]", "?");
    }
}
