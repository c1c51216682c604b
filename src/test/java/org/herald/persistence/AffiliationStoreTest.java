package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Jid;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AffiliationStoreTest extends StoreTestSupport {

    private static final Jid ALICE = Jid.parse("alice@example.org");
    private static final Jid BOB = Jid.parse("bob@example.org");

    @Test
    void aJidWithoutAnAffiliationHasNone() {
        String node = createNode("aff-none");
        assertThat(affiliation(node, ALICE)).isEqualTo(Affiliation.NONE);
        assertThat(affiliations(node)).isEmpty();
    }

    @Test
    void setOverwriteAndRemoveAnAffiliation() {
        String node = createNode("aff-set");

        tx(t -> t.setAffiliation(node, ALICE, Affiliation.PUBLISH_ONLY));
        assertThat(affiliation(node, ALICE)).isEqualTo(Affiliation.PUBLISH_ONLY);

        tx(t -> t.setAffiliation(node, ALICE, Affiliation.OUTCAST));
        assertThat(affiliation(node, ALICE)).isEqualTo(Affiliation.OUTCAST);
        assertThat(affiliations(node)).containsExactly(new AffiliationEntry(node, ALICE, Affiliation.OUTCAST));

        tx(t -> t.setAffiliation(node, ALICE, Affiliation.NONE));
        assertThat(affiliation(node, ALICE)).isEqualTo(Affiliation.NONE);
        assertThat(affiliations(node)).isEmpty();
    }

    @Test
    void settingNoneForAJidWithoutAffiliationIsHarmless() {
        String node = createNode("aff-none-twice");
        tx(t -> t.setAffiliation(node, ALICE, Affiliation.NONE));
        assertThat(affiliations(node)).isEmpty();
    }

    @Test
    void affiliationsListsEveryJidOfTheNode() {
        String node = createNode("aff-list");
        tx(t -> t.setAffiliation(node, ALICE, Affiliation.OWNER)
                .chain(() -> t.setAffiliation(node, BOB, Affiliation.MEMBER)));

        assertThat(affiliations(node)).containsExactlyInAnyOrder(
                new AffiliationEntry(node, ALICE, Affiliation.OWNER),
                new AffiliationEntry(node, BOB, Affiliation.MEMBER));
    }

    @Test
    void affiliationsOfAJidSpanNodes() {
        String one = createNode("aff-of-1");
        String two = createNode("aff-of-2");
        String three = createNode("aff-of-3");
        Jid carol = Jid.parse("carol-" + java.util.UUID.randomUUID() + "@example.org");
        tx(t -> t.setAffiliation(one, carol, Affiliation.OWNER)
                .chain(() -> t.setAffiliation(two, carol, Affiliation.PUBLISHER))
                .chain(() -> t.setAffiliation(three, BOB, Affiliation.MEMBER)));

        assertThat(affiliationsOf(carol)).containsExactlyInAnyOrder(
                new AffiliationEntry(one, carol, Affiliation.OWNER),
                new AffiliationEntry(two, carol, Affiliation.PUBLISHER));
    }

    @Test
    void aFullJidIsTreatedAsItsAccount() {
        String node = createNode("aff-full");
        tx(t -> t.setAffiliation(node, Jid.parse("alice@example.org/phone"), Affiliation.PUBLISHER));

        assertThat(affiliation(node, ALICE)).isEqualTo(Affiliation.PUBLISHER);
        assertThat(affiliation(node, Jid.parse("alice@example.org/laptop"))).isEqualTo(Affiliation.PUBLISHER);
        assertThat(affiliations(node)).containsExactly(new AffiliationEntry(node, ALICE, Affiliation.PUBLISHER));
    }
}
