package org.herald.persistence;

import org.herald.domain.WireValue;

/** Reads enumerations stored by their XEP-0060 wire names. */
final class WireNames {

    private WireNames() {
    }

    /** The CHECK constraints make an unknown name impossible; failing loudly beats a null in the domain. */
    static <E extends Enum<E> & WireValue> E decode(Class<E> type, String value) {
        E e = WireValue.fromWire(type, value);
        if (e == null) throw new IllegalStateException("stored " + type.getSimpleName() + " '" + value + "' is unknown");
        return e;
    }
}
