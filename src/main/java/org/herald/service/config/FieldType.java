package org.herald.service.config;

import org.herald.domain.WireValue;

/** XEP-0004 §3.3 field types. */
public enum FieldType implements WireValue {
    BOOLEAN("boolean"),
    FIXED("fixed"),
    HIDDEN("hidden"),
    JID_MULTI("jid-multi"),
    JID_SINGLE("jid-single"),
    LIST_MULTI("list-multi"),
    LIST_SINGLE("list-single"),
    TEXT_MULTI("text-multi"),
    TEXT_PRIVATE("text-private"),
    TEXT_SINGLE("text-single");

    private final String wire;

    FieldType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
