package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;
import static org.herald.http.rest.RestFixture.publishJson;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.herald.conformance.SpecAccessTable;
import org.herald.domain.AccessModel;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The access-control matrix over HTTP: for every access model Herald supports and every affiliation, each action
 * answers as XEP-0060 §4.1/§4.5 prescribe — the same table ({@link SpecAccessTable}, written from the spec) the
 * core and XMPP tiers are held to, so a rule cannot hold on one front-end and not on another. An anonymous reader
 * is held to "open only" and may write nothing.
 *
 * <p>Presence and roster nodes run without an XMPP server here: a stranger ("none") is refused as one with no
 * presence subscription or roster group, which is what §4.5 prescribes for that cell.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAccessMatrixTest {
    private static final String OWNER = "matrix-owner@localhost";
    private static final String ACTOR = "matrix-actor@localhost";

    @Inject
    HttpTokens tokens;

    String owner;
    String actor;

    @BeforeAll
    void tokens() {
        owner = tokens.issue(OWNER);
        actor = tokens.issue(ACTOR);
    }

    /** One action over REST, in the order run on each node (destructive ones last). */
    private record Step(Action action, Function<String, Response> request) {
    }

    private List<Step> steps(RequestSpecification[] who) {
        return List.of(
                new Step(Action.RETRIEVE_ITEMS, n -> who[0].get(node(n) + "/items")),
                new Step(Action.SUBSCRIBE, n -> who[0].contentType(ContentType.JSON).body("{}").post(node(n) + "/subscriptions")),
                new Step(Action.PUBLISH, n -> who[0].contentType(ContentType.JSON).body("{\"by\":\"actor\"}")
                        .put(node(n) + "/items/actor-item")),
                new Step(Action.RETRACT_ANY_ITEM, n -> who[0].delete(node(n) + "/items/owner-item")),
                new Step(Action.CONFIGURE, n -> who[0].get(node(n) + "/config")),
                new Step(Action.MANAGE_SUBSCRIPTIONS, n -> who[0].get(node(n) + "/subscriptions")),
                new Step(Action.MANAGE_AFFILIATIONS, n -> who[0].get(node(n) + "/affiliations")),
                new Step(Action.PURGE, n -> who[0].post(node(n) + "/purge")),
                new Step(Action.DELETE, n -> who[0].delete(node(n))));
    }

    @Test
    void everyAffiliationUnderEveryAccessModelGetsWhatTheSpecPrescribes() {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (AccessModel model : SpecAccessTable.SUPPORTED) {
            for (Affiliation affiliation : Affiliation.values()) {
                String n = nodeName("matrix-" + model.wire() + "-" + affiliation.wire());
                create(owner, n, "{\"access_model\":\"" + model.wire() + "\",\"publish_model\":\"publishers\"}");
                publishJson(owner, n, "owner-item", "{\"by\":\"owner\"}");
                if (affiliation != Affiliation.NONE) {
                    as(owner).contentType(ContentType.JSON).body("{\"affiliations\":[{\"jid\":\"" + ACTOR
                            + "\",\"affiliation\":\"" + affiliation.wire() + "\"}]}").patch(node(n) + "/affiliations")
                            .then().statusCode(200);
                }
                RequestSpecification[] who = {null};
                for (Step step : steps(who)) {
                    who[0] = as(actor);
                    String expected = SpecAccessTable.expected(model, affiliation, step.action());
                    String got = outcome(step.request().apply(n));
                    cells++;
                    if (!got.equals(expected)) {
                        wrong.add(model.wire() + " × " + affiliation.wire() + " × " + step.action() + ": expected "
                                + expected + ", got " + got);
                    }
                }
            }
        }
        assertThat(wrong).as("cells that differ from XEP-0060 §4.1/§4.5 (of %d)", cells).isEmpty();
    }

    @Test
    void anAnonymousReaderReadsOpenNodesOnlyAndWritesNothing() {
        List<String> wrong = new ArrayList<>();
        for (AccessModel model : SpecAccessTable.SUPPORTED) {
            String n = nodeName("matrix-anon-" + model.wire());
            create(owner, n, "{\"access_model\":\"" + model.wire() + "\"}");
            publishJson(owner, n, "owner-item", "{\"by\":\"owner\"}");
            RequestSpecification[] who = {null};
            for (Step step : steps(who)) {
                who[0] = anonymous();
                int status = step.request().apply(n).statusCode();
                boolean read = step.action() == Action.RETRIEVE_ITEMS;
                int expected = read && model == AccessModel.OPEN ? 200 : 401;
                if (status != expected) wrong.add(model.wire() + " × " + step.action() + ": expected " + expected + ", got " + status);
            }
            // Nothing the anonymous requests did changed the node.
            as(owner).get(node(n) + "/items/owner-item").then().statusCode(200);
        }
        assertThat(wrong).isEmpty();
    }

    /** The HTTP answer as a SpecAccessTable outcome word. */
    private static String outcome(Response r) {
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            if (!r.contentType().startsWith("application/json")) return "ok"; // 204: done, nothing to tell
            String state = r.path("state");
            return state == null ? "ok" : state; // a subscription: subscribed or pending
        }
        String condition = r.path("pubsubCondition");
        if (condition == null) condition = r.path("condition");
        if (condition == null) return "status " + status;
        // The table names "forbidden" for §4.1 refusals and the application condition where the spec gives one.
        return switch (condition) {
            case "not-allowed", "not-authorized" -> condition + " (status " + status + ")";
            default -> condition;
        };
    }
}
