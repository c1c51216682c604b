package org.herald.http.websub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The X-Hub-Signature methods of W3C WebSub §7.1, with the HMAC each names. */
public enum SignatureMethod {
    SHA1("sha1", "HmacSHA1"),
    SHA256("sha256", "HmacSHA256"),
    SHA384("sha384", "HmacSHA384"),
    SHA512("sha512", "HmacSHA512");

    private final String wire;
    private final String jca;

    SignatureMethod(String wire, String jca) {
        this.wire = wire;
        this.jca = jca;
    }

    public String wire() {
        return wire;
    }

    /** §7.1: the header value {@code method=signature}, the signature being the hex HMAC of the body keyed by hub.secret. */
    public String header(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jca));
            return wire + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jca + " unavailable", e);
        }
    }
}
