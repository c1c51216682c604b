package org.herald.service.config;

import java.util.List;

/** The description of one form field: what a front-end needs to render it (XEP-0004 §3.2). */
public record FieldSpec(String var, FieldType type, String label, List<String> options) {
    public FieldSpec {
        options = List.copyOf(options);
    }
}
