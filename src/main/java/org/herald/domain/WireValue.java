package org.herald.domain;

/** An enum whose constants travel on the wire under an explicit, spec-given name. */
public interface WireValue {
    String wire();

    static <E extends Enum<E> & WireValue> E fromWire(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(value)) return e;
        }
        return null;
    }
}
