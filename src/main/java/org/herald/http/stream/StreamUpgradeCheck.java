package org.herald.http.stream;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.herald.http.auth.Actor;
import org.herald.http.auth.TokenService;
import org.herald.domain.geo.GeoArea;
import org.herald.http.geo.AreaParams;
import org.herald.http.problem.HttpProblem;
import org.herald.http.problem.Problem;
import org.herald.http.problem.Problems;
import org.herald.runtime.OwnContext;

/**
 * Authenticates the WebSocket upgrade of a node stream (bearer token in the Authorization header, as REST) and
 * checks the reader may read the node before upgrading: a refusal is the HTTP status REST would answer (401 with a
 * Bearer challenge, 403, 404, 422 for a bad lastEventId), not an upgraded socket that closes at once.
 */
@ApplicationScoped
public class StreamUpgradeCheck implements HttpUpgradeCheck {
    private final TokenService tokens;
    private final StreamAccess access;

    StreamUpgradeCheck(TokenService tokens, StreamAccess access) {
        this.tokens = tokens;
        this.access = access;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return NodeWebSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext upgrade) {
        Context context = Vertx.currentContext();
        Actor[] actor = {Actor.ANONYMOUS};
        return Uni.createFrom().deferred(() -> {
                    Long resume = ResumePoint.parse(null, upgrade.httpRequest().getParam("lastEventId"));
                    String node = upgrade.pathParam("node");
                    var q = upgrade.httpRequest();
                    GeoArea area = AreaParams.of(q.getParam("bbox"), q.getParam("near"), q.getParam("radius"));
                    return OwnContext.call(context, () -> tokens.authenticate(upgrade.httpRequest().getHeader(HttpHeaders.AUTHORIZATION)))
                            .map(found -> found.orElseThrow(() -> HttpProblem.unauthenticated("the bearer token is not valid or has expired")))
                            .chain(who -> {
                                actor[0] = who;
                                upgrade.userData().put(NodeWebSocket.ACTOR, who);
                                if (resume != null) upgrade.userData().put(NodeWebSocket.RESUME, resume);
                                if (area != null) upgrade.userData().put(NodeWebSocket.AREA, area);
                                return access.resolve(context, who.jid(), node);
                            });
                })
                .replaceWith(CheckResult.permitUpgradeSync())
                .onFailure().recoverWithItem(e -> {
                    Problem p = StreamProblems.of(e, upgrade.httpRequest().path(), actor[0].anonymous());
                    return CheckResult.rejectUpgradeSync(p.status(), Problems.challenges(p)
                            ? Map.of("WWW-Authenticate", List.of("Bearer realm=\"herald\"")) : Map.of());
                });
    }
}
