package org.herald.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. Beside the standard members it names the XMPP stanza error condition
 * ({@code condition}, RFC 6120 §8.3.3) and the XEP-0060 application condition ({@code pubsubCondition}, §14), so
 * a client sees the same error over HTTP as over XMPP; {@code field} names the request field at fault and
 * {@code feature} the pubsub feature a 501 lacks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      String condition, String pubsubCondition, String field, String feature) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
