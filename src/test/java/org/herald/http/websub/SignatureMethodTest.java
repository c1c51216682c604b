package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureMethodTest {
    @Test
    void theHeaderIsMethodEqualsHexHmacOfTheBody() {
        // RFC 4231 test case 2 (HMAC-SHA-256) and RFC 2202 test case 2 (HMAC-SHA-1)
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        assertThat(SignatureMethod.SHA256.header("Jefe", body))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(SignatureMethod.SHA1.header("Jefe", body))
                .isEqualTo("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    }
}
