package org.herald.conformance;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.herald.domain.AccessModel;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;

/**
 * Who may do what to a node, written down from XEP-0060 itself (never from Herald's code): the affiliation table
 * of §4.1 and the access models of §4.5, as the expected outcomes of the access-control matrix tests (the core
 * tier {@code org.herald.service.AccessMatrixTest} and the end-to-end tier
 * {@code org.herald.xmpp.pubsub.AccessMatrixEndToEndTest}).
 *
 * <p>Outcomes are words: {@code ok}, {@code subscribed}, {@code pending}, or the name of the error condition
 * the spec prescribes for the refusal (a pubsub#errors condition where the spec gives one, else the stanza error
 * condition): {@code forbidden}, {@code closed-node}, {@code not-subscribed}, {@code presence-subscription-required},
 * {@code not-in-roster-group}.
 */
public final class SpecAccessTable {

    /**
     * Access models Herald supports today; the matrix runs their rows. The others are asserted to be refused at
     * configuration with feature-not-implemented ({@code unsupported access-<model>}, §4.5 lets a service offer a
     * subset). Their rows below are already written: they become real when the models land — add the model here
     * when merging the owner area ({@code authorize}) or the presence area ({@code presence}, {@code roster}).
     */
    public static final Set<AccessModel> SUPPORTED = EnumSet.of(AccessModel.OPEN, AccessModel.PRESENCE,
            AccessModel.ROSTER, AccessModel.AUTHORIZE, AccessModel.WHITELIST);

    /**
     * §4.1 "Affiliations and their Privileges", one row per affiliation. The spec's "Delete Single Item" column is
     * split in two: deleting one's own item and anyone's item. The last two columns are the owner use cases of
     * §8.8 (manage subscriptions) and §8.9 (manage affiliations), which the spec gives to owners only
     * (§8.8.1.3.2, §8.8.2.3.2, §8.9.1.3.2, §8.9.2.3.3: anyone else gets forbidden). Every refusal in this table
     * is {@code forbidden} (§7.1.3.1, §7.2.3.1, §8.2.3.2, §8.4.3.1, §8.5.3.2 and those of §8.8, §8.9).
     *
     * <p>Footnote "*" of §4.1: a service MAY let any publisher delete or purge any item; it is NOT RECOMMENDED
     * for publish-only, which SHOULD delete only its own items. Herald takes the MAY for publishers (yes*) and
     * the SHOULD for publish-only (its "yes*" on own items and "no*" on anyone's).
     *
     * <p>The Subscribe and Retrieve columns are the defaults the access models start from; {@link #READ} below
     * gives them per access model and is what the tests use for those two actions.
     */
    static final String AFFILIATIONS = """
            # affiliation  subscribe retrieve publish delete-own delete-any purge configure delete manage-subs manage-affs
            owner          yes       yes      yes     yes        yes        yes   yes       yes    yes         yes
            publisher      yes       yes      yes     yes        yes*       yes*  no        no     no          no
            publish-only   no        no       yes     yes*       no*        no*   no        no     no          no
            member         yes       yes      no      no         no         no    no        no     no          no
            none           yes       no       no      no         no         no    no        no     no          no
            outcast        no        no       no      no         no         no    no        no     no          no
            """;

    /** The columns of {@link #AFFILIATIONS} after the affiliation, in order. */
    static final List<Action> COLUMNS = List.of(Action.SUBSCRIBE, Action.RETRIEVE_ITEMS, Action.PUBLISH,
            Action.RETRACT_OWN_ITEM, Action.RETRACT_ANY_ITEM, Action.PURGE, Action.CONFIGURE, Action.DELETE,
            Action.MANAGE_SUBSCRIPTIONS, Action.MANAGE_AFFILIATIONS);

    /**
     * §4.5 "Node Access Models": subscribing (§6.1) and retrieving items (§6.5) per access model and affiliation,
     * for an entity that is not subscribed and, for presence/roster, has no presence subscription to the owner
     * and is in no authorised roster group. How the two tables combine, in the spec's words:
     * <ul>
     *   <li>open: "any entity may subscribe ... and any entity may retrieve items" — so "none" may retrieve.</li>
     *   <li>whitelist: "only if on a whitelist ... the owner MUST automatically be on the whitelist ... by setting
     *       the affiliation to member" — members, publishers (who rank above members, §4.1) and owners read; "none"
     *       gets not-allowed + closed-node (§6.1.3.4, §6.5.9.8).</li>
     *   <li>authorize: "the node owner must approve all subscription requests, and only subscribers may retrieve
     *       items" — "none" gets a pending subscription (§6.1.2, subscription='pending') and not-authorized +
     *       not-subscribed when retrieving (§6.5.9.3). Interpretation: an owner-given member or publisher
     *       affiliation is the owner's approval already, so they subscribe and read as §4.1 says.</li>
     *   <li>presence / roster: "any entity with a subscription of type from or both" / "in the specified roster
     *       group(s)"; others get not-authorized + presence-subscription-required / not-in-roster-group
     *       (§6.1.3.2, §6.1.3.3, §6.5.9.6, §6.5.9.7). The same interpretation for affiliates as for authorize.</li>
     *   <li>Outcasts are blocked under every model (§6.1.3.8, §6.5.9.10: forbidden); publish-only may neither
     *       subscribe nor retrieve under any model (§4.1 row "Publish-Only": No, No).</li>
     * </ul>
     */
    static final String READ = """
            # model      affiliation   subscribe                       retrieve                        spec
            open         owner         subscribed                      ok                              4.1,4.5
            open         publisher     subscribed                      ok                              4.1,4.5
            open         publish-only  forbidden                       forbidden                       4.1
            open         member        subscribed                      ok                              4.1,4.5
            open         none          subscribed                      ok                              4.5-open
            open         outcast       forbidden                       forbidden                       6.1.3.8,6.5.9.10
            whitelist    owner         subscribed                      ok                              4.5-whitelist
            whitelist    publisher     subscribed                      ok                              4.5-whitelist,4.1
            whitelist    publish-only  forbidden                       forbidden                       4.1
            whitelist    member        subscribed                      ok                              4.5-whitelist
            whitelist    none          closed-node                     closed-node                     6.1.3.4,6.5.9.8
            whitelist    outcast       forbidden                       forbidden                       6.1.3.8,6.5.9.10
            authorize    owner         subscribed                      ok                              4.5-authorize
            authorize    publisher     subscribed                      ok                              4.1(interpretation)
            authorize    publish-only  forbidden                       forbidden                       4.1
            authorize    member        subscribed                      ok                              4.1(interpretation)
            authorize    none          pending                         not-subscribed                  6.1.2,6.5.9.3
            authorize    outcast       forbidden                       forbidden                       6.1.3.8,6.5.9.10
            presence     owner         subscribed                      ok                              4.5-presence
            presence     publisher     subscribed                      ok                              4.1(interpretation)
            presence     publish-only  forbidden                       forbidden                       4.1
            presence     member        subscribed                      ok                              4.1(interpretation)
            presence     none          presence-subscription-required  presence-subscription-required  6.1.3.2,6.5.9.6
            presence     outcast       forbidden                       forbidden                       6.1.3.8,6.5.9.10
            roster       owner         subscribed                      ok                              4.5-roster
            roster       publisher     subscribed                      ok                              4.1(interpretation)
            roster       publish-only  forbidden                       forbidden                       4.1
            roster       member        subscribed                      ok                              4.1(interpretation)
            roster       none          not-in-roster-group             not-in-roster-group             6.1.3.3,6.5.9.7
            roster       outcast       forbidden                       forbidden                       6.1.3.8,6.5.9.10
            """;

    private static final Map<Affiliation, Map<Action, String>> BY_AFFILIATION = parseAffiliations();
    private static final Map<AccessModel, Map<Affiliation, String[]>> BY_MODEL = parseRead();

    private SpecAccessTable() {
    }

    /** The outcome the spec prescribes for an entity with this affiliation doing this to a node of this model. */
    public static String expected(AccessModel model, Affiliation affiliation, Action action) {
        return switch (action) {
            case SUBSCRIBE -> BY_MODEL.get(model).get(affiliation)[0];
            case RETRIEVE_ITEMS -> BY_MODEL.get(model).get(affiliation)[1];
            default -> BY_AFFILIATION.get(affiliation).get(action);
        };
    }

    /** The spec sections behind the subscribe/retrieve outcome of this cell of {@link #READ}. */
    public static String readCitation(AccessModel model, Affiliation affiliation) {
        return BY_MODEL.get(model).get(affiliation)[2];
    }

    /** Whether the outcome is a success of any kind (the request was accepted). */
    public static boolean accepted(String outcome) {
        return outcome.equals("ok") || outcome.equals("subscribed") || outcome.equals("pending");
    }

    private static Map<Affiliation, Map<Action, String>> parseAffiliations() {
        Map<Affiliation, Map<Action, String>> out = new EnumMap<>(Affiliation.class);
        for (String line : AFFILIATIONS.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cells = line.trim().split("\\s+");
            if (cells.length != COLUMNS.size() + 1) throw new IllegalStateException("bad §4.1 row: " + line);
            Map<Action, String> row = new EnumMap<>(Action.class);
            for (int i = 0; i < COLUMNS.size(); i++) {
                // "yes*"/"no*": the footnote's choice, recorded above; the outcome is the yes or the no.
                String cell = cells[i + 1].replace("*", "");
                row.put(COLUMNS.get(i), switch (cell) {
                    case "yes" -> "ok";
                    case "no" -> "forbidden";
                    default -> throw new IllegalStateException("bad §4.1 cell " + cell + " in: " + line);
                });
            }
            out.put(wire(Affiliation.fromWire(cells[0]), line), row);
        }
        if (out.size() != Affiliation.values().length) throw new IllegalStateException("§4.1 table misses affiliations");
        return out;
    }

    private static Map<AccessModel, Map<Affiliation, String[]>> parseRead() {
        Map<AccessModel, Map<Affiliation, String[]>> out = new EnumMap<>(AccessModel.class);
        for (String line : READ.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cells = line.trim().split("\\s+");
            if (cells.length != 5) throw new IllegalStateException("bad §4.5 row: " + line);
            out.computeIfAbsent(wire(AccessModel.fromWire(cells[0]), line), m -> new EnumMap<>(Affiliation.class))
                    .put(wire(Affiliation.fromWire(cells[1]), line), new String[] {cells[2], cells[3], cells[4]});
        }
        for (AccessModel m : AccessModel.values()) {
            if (out.get(m) == null || out.get(m).size() != Affiliation.values().length) {
                throw new IllegalStateException("§4.5 table misses rows for " + m);
            }
        }
        return out;
    }

    private static <T> T wire(T parsed, String line) {
        if (parsed == null) throw new IllegalStateException("unknown affiliation or access model in: " + line);
        return parsed;
    }
}
