package org.herald.service.config;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionType;
import org.herald.domain.geo.GeoArea;

/**
 * The pubsub#subscribe_options form (XEP-0060 §6.3, §17.4.5): shows a subscription's options and applies a
 * submitted form to them. Every refusal is invalid-options (§6.3.6.2: bad-request) naming the field at fault.
 * Fields left out of a submission keep their value (XEP-0004 allows partial submissions).
 */
public final class SubscriptionOptionsForm {

    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_options";

    public static final String DELIVER = "pubsub#deliver";
    public static final String DIGEST = "pubsub#digest";
    public static final String DIGEST_FREQUENCY = "pubsub#digest_frequency";
    public static final String EXPIRE = "pubsub#expire";
    public static final String INCLUDE_BODY = "pubsub#include_body";
    public static final String SHOW_VALUES = "pubsub#show-values";
    public static final String SUBSCRIPTION_TYPE = "pubsub#subscription_type";
    public static final String SUBSCRIPTION_DEPTH = "pubsub#subscription_depth";
    /**
     * Herald's area filter (§13 "Content-Based Pubsub Systems": a filter carried in subscription options, one SubID
     * per filter): the {@link GeoArea} text form; empty for none.
     */
    public static final String GEO_AREA = "herald#geo_area";

    /** §13.5: the literal pubsub#expire value asking for a subscription that ends with the presence session. */
    public static final String TEMPORARY = "presence";

    private final SubscriptionLimits limits;
    private final List<FieldSpec> fields;

    public SubscriptionOptionsForm(SubscriptionLimits limits) {
        this.limits = limits;
        this.fields = List.of(
                new FieldSpec(DELIVER, FieldType.BOOLEAN, "Enable delivery?", List.of()),
                new FieldSpec(DIGEST, FieldType.BOOLEAN, "Receive digest notifications (one message per period)?", List.of()),
                new FieldSpec(DIGEST_FREQUENCY, FieldType.TEXT_SINGLE, "Milliseconds between two digests ("
                        + limits.minDigestFrequencyMillis() + " to " + limits.maxDigestFrequencyMillis() + ")", List.of()),
                new FieldSpec(EXPIRE, FieldType.TEXT_SINGLE, limits.maxLease() == null
                        ? "When the subscription ends (XEP-0082 DateTime; 'presence' when you go offline; empty for never)"
                        : "When the subscription ends (XEP-0082 DateTime, at most " + limits.maxLease()
                        + " ahead; 'presence' when you go offline)", List.of()),
                new FieldSpec(INCLUDE_BODY, FieldType.BOOLEAN, "Receive a message body in addition to the payload?", List.of()),
                new FieldSpec(SHOW_VALUES, FieldType.LIST_MULTI,
                        "The presence states for which notifications are sent (none selected: any)",
                        List.of("away", "chat", "dnd", "online", "xa")),
                new FieldSpec(SUBSCRIPTION_TYPE, FieldType.LIST_SINGLE, "Notifications of new items or of new nodes",
                        List.of(SubscriptionType.ITEMS.wire(), SubscriptionType.NODES.wire())),
                new FieldSpec(SUBSCRIPTION_DEPTH, FieldType.LIST_SINGLE, "Notifications from direct children only, or all descendants",
                        List.of("1", "all")),
                new FieldSpec(GEO_AREA, FieldType.TEXT_SINGLE,
                        "Only positions inside this area: bbox=west,south,east,north or circle=lat,lon,radiusMetres"
                                + " (empty: every item)", List.of()));
    }

    public SubscriptionLimits limits() {
        return limits;
    }

    /** Fields in display order, FORM_TYPE excluded (front-ends add it). */
    public List<FieldSpec> fields() {
        return fields;
    }

    /**
     * The options a subscription starts with when the subscriber configures nothing (§6.4): the domain's defaults,
     * with the digest period brought within limits and, when the operator caps leases, a lease of the longest length.
     */
    public SubscriptionOptions defaults(Instant now) {
        SubscriptionOptions d = SubscriptionOptions.DEFAULT;
        long frequency = Math.max(limits.minDigestFrequencyMillis(),
                Math.min(limits.maxDigestFrequencyMillis(), d.digestFrequencyMillis()));
        Instant expire = limits.maxLease() == null ? null : now.plus(limits.maxLease());
        return new SubscriptionOptions(d.deliver(), d.digest(), frequency, expire, d.includeBody(), d.showValues(),
                d.subscriptionType(), d.subscriptionDepth(), false);
    }

    /** The current value of every field. */
    public Map<String, List<String>> values(SubscriptionOptions o) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(DELIVER, List.of(bool(o.deliver())));
        out.put(DIGEST, List.of(bool(o.digest())));
        out.put(DIGEST_FREQUENCY, List.of(Long.toString(o.digestFrequencyMillis())));
        // XEP-0082 DateTime in UTC; a temporary subscription shows "presence" (§13.5), even under a lease cap
        out.put(EXPIRE, o.temporary() ? List.of(TEMPORARY)
                : o.expire() == null ? List.of() : List.of(DateTimeFormatter.ISO_INSTANT.format(o.expire())));
        out.put(INCLUDE_BODY, List.of(bool(o.includeBody())));
        out.put(SHOW_VALUES, o.showValues().stream().sorted().toList());
        out.put(SUBSCRIPTION_TYPE, List.of(o.subscriptionType().wire()));
        out.put(SUBSCRIPTION_DEPTH, List.of(o.subscriptionDepth() == SubscriptionOptions.DEPTH_ALL
                ? "all" : Integer.toString(o.subscriptionDepth())));
        out.put(GEO_AREA, o.area() == null ? List.of() : List.of(o.area().wire()));
        return out;
    }

    /**
     * Applies a submitted form. FORM_TYPE is ignored here (front-ends check it).
     *
     * @param now the time a pubsub#expire is judged against
     * @throws PubSubException INVALID_OPTIONS naming the first field at fault
     */
    public SubscriptionOptions apply(SubscriptionOptions base, Map<String, List<String>> submitted, Instant now) {
        boolean deliver = base.deliver();
        boolean digest = base.digest();
        long frequency = base.digestFrequencyMillis();
        Instant expire = base.expire();
        boolean temporary = base.temporary();
        boolean includeBody = base.includeBody();
        Set<String> show = base.showValues();
        SubscriptionType type = base.subscriptionType();
        int depth = base.subscriptionDepth();
        GeoArea area = base.area();
        for (Map.Entry<String, List<String>> e : submitted.entrySet()) {
            String var = e.getKey();
            List<String> v = e.getValue();
            try {
                switch (var) {
                    case "FORM_TYPE" -> {
                    }
                    case DELIVER -> deliver = FormValues.bool(var, v);
                    case DIGEST -> digest = FormValues.bool(var, v);
                    case DIGEST_FREQUENCY -> frequency = FormValues.integer(var, v,
                            limits.minDigestFrequencyMillis(), limits.maxDigestFrequencyMillis());
                    case EXPIRE -> {
                        String value = FormValues.single(var, v);
                        // §13.5: "presence" makes the subscription temporary; a DateTime or nothing makes it lasting
                        temporary = TEMPORARY.equals(value.trim());
                        expire = temporary ? ceiling(now) : expire(value, now);
                    }
                    case INCLUDE_BODY -> includeBody = FormValues.bool(var, v);
                    case SHOW_VALUES -> show = showValues(v);
                    case SUBSCRIPTION_TYPE -> type = FormValues.choice(var, v, SubscriptionType.class);
                    case SUBSCRIPTION_DEPTH -> depth = depth(FormValues.single(var, v));
                    case GEO_AREA -> area = area(FormValues.single(var, v));
                    default -> throw PubSubException.badField(PubSubError.INVALID_OPTIONS, var, "Herald does not offer this option");
                }
            } catch (PubSubException refused) {
                throw asInvalidOptions(var, refused);
            }
        }
        return new SubscriptionOptions(deliver, digest, frequency, expire, includeBody, show, type, depth, temporary, area);
    }

    /**
     * §13.19: pubsub#expire is a XEP-0082 DateTime. A lease beyond the longest allowed is cut to now + that maximum
     * (the spec's MUST); an empty value means no end, or the longest lease when leases are capped.
     */
    private Instant expire(String value, Instant now) {
        Instant ceiling = ceiling(now);
        if (value.isBlank()) return ceiling;
        Instant at;
        try {
            at = OffsetDateTime.parse(value.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, EXPIRE,
                    "'" + value + "' is not a XEP-0082 DateTime such as 2030-02-28T11:59:59Z");
        }
        if (!at.isAfter(now)) throw PubSubException.badField(PubSubError.INVALID_OPTIONS, EXPIRE, value + " is not in the future");
        return ceiling != null && at.isAfter(ceiling) ? ceiling : at;
    }

    /** The latest lease end allowed now, or null when leases are not capped. */
    private Instant ceiling(Instant now) {
        return limits.maxLease() == null ? null : now.plus(limits.maxLease());
    }

    private static Set<String> showValues(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!SubscriptionOptions.SHOW_VALUES.contains(v)) {
                throw PubSubException.badField(PubSubError.INVALID_OPTIONS, SHOW_VALUES,
                        "'" + v + "' is not one of away, chat, dnd, online, xa");
            }
            out.add(v);
        }
        return out;
    }

    /** An empty value removes the filter; anything else must be an area, refused as any bad option value is. */
    private static GeoArea area(String value) {
        if (value.isBlank()) return null;
        try {
            return GeoArea.parse(value);
        } catch (IllegalArgumentException e) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, GEO_AREA, e.getMessage());
        }
    }

    /** §17.4.5 offers "1" (direct children) and "all". */
    private static int depth(String value) {
        return switch (value) {
            case "1" -> 1;
            case "all" -> SubscriptionOptions.DEPTH_ALL;
            default -> throw PubSubException.badField(PubSubError.INVALID_OPTIONS, SUBSCRIPTION_DEPTH,
                    "'" + value + "' is not 1 or all");
        };
    }

    /** FormValues refuses with other conditions; for subscription options every refusal is invalid-options. */
    private static PubSubException asInvalidOptions(String var, PubSubException e) {
        if (e.error() == PubSubError.INVALID_OPTIONS) return e;
        String text = e.text().startsWith(var + ": ") ? e.text().substring(var.length() + 2) : e.text();
        return PubSubException.badField(PubSubError.INVALID_OPTIONS, var, text);
    }

    private static String bool(boolean b) {
        return b ? "1" : "0";
    }
}
