package org.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The permission table of XEP-0060 §4.1, row by row. */
class PermissionsTest {

    static Set<Action> granted(Affiliation a) {
        Set<Action> out = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) if (Permissions.may(a, action)) out.add(action);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Affiliation.class)
    void rowsMatchTheSpec(Affiliation a) {
        Set<Action> expected = switch (a) {
            case OWNER -> EnumSet.allOf(Action.class);
            case PUBLISHER -> EnumSet.of(Action.SUBSCRIBE, Action.RETRIEVE_ITEMS, Action.PUBLISH,
                    Action.RETRACT_OWN_ITEM, Action.RETRACT_ANY_ITEM, Action.PURGE);
            case PUBLISH_ONLY -> EnumSet.of(Action.PUBLISH, Action.RETRACT_OWN_ITEM);
            case MEMBER -> EnumSet.of(Action.SUBSCRIBE, Action.RETRIEVE_ITEMS);
            case NONE -> EnumSet.of(Action.SUBSCRIBE);
            case OUTCAST -> EnumSet.noneOf(Action.class);
        };
        assertThat(granted(a)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Affiliation.class)
    void onlyOwnersConfigureDeleteAndManage(Affiliation a) {
        boolean owner = a == Affiliation.OWNER;
        assertThat(Permissions.may(a, Action.CONFIGURE)).isEqualTo(owner);
        assertThat(Permissions.may(a, Action.DELETE)).isEqualTo(owner);
        assertThat(Permissions.may(a, Action.MANAGE_AFFILIATIONS)).isEqualTo(owner);
    }
}
