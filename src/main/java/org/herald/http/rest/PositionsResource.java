package org.herald.http.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.geo.GeoArea;
import org.herald.http.auth.CurrentActor;
import org.herald.http.geo.AreaParams;
import org.herald.http.geo.PositionJson;
import org.herald.http.problem.HttpProblem;
import org.herald.service.geo.GeoQueries;

/**
 * A node's vehicles (issue #7): the latest positions in an area, and one vehicle's downsampled track. Readable by
 * whoever may retrieve the node's items (XEP-0060 §6.5), refused as item retrieval is.
 */
@Path("/api/v1/nodes/{node}/positions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Positions")
public class PositionsResource {
    public record Positions(String node, List<PositionJson> positions) {
    }

    public record TrackJson(String node, String key, int total, List<PositionJson> points) {
    }

    private final GeoQueries queries;
    private final CurrentActor actor;

    PositionsResource(GeoQueries queries, CurrentActor actor) {
        this.queries = queries;
        this.actor = actor;
    }

    @GET
    @Operation(summary = "The latest position of each vehicle on the node, in an area",
            description = "bbox=west,south,east,north (west > east crosses the antimeridian), or near=lat,lon with "
                    + "radius=metres; maxAge=seconds leaves out older fixes.")
    @APIResponse(responseCode = "200", description = "The positions, ordered by key")
    @ProblemResponses.Read
    public Uni<Positions> positions(@PathParam("node") String node,
                                    @Parameter(description = "west,south,east,north in degrees") @QueryParam("bbox") String bbox,
                                    @Parameter(description = "lat,lon of a centre") @QueryParam("near") String near,
                                    @Parameter(description = "metres around near") @QueryParam("radius") String radius,
                                    @Parameter(description = "the oldest fix shown, in seconds") @QueryParam("maxAge") String maxAge) {
        GeoArea area = AreaParams.of(bbox, near, radius);
        Long age = AreaParams.maxAge(maxAge);
        return queries.snapshot(actor.get().jid(), node, area, age == null ? null : Duration.ofSeconds(age))
                .map(s -> new Positions(node, s.positions().stream()
                        .map(p -> PositionJson.of(p, s.node().config().showsPublisher())).toList()));
    }

    @GET
    @Path("/{key}/track")
    @Operation(summary = "One vehicle's fixes over a time range, downsampled",
            description = "Douglas–Peucker down to 'points' fixes, keeping the first, the last and the stops; 'total' "
                    + "counts the fixes in the range.")
    @APIResponse(responseCode = "200", description = "The track, oldest first")
    @ProblemResponses.Read
    public Uni<TrackJson> track(@PathParam("node") String node, @PathParam("key") String key,
                                @Parameter(description = "XEP-0082 DateTime") @QueryParam("from") String from,
                                @Parameter(description = "XEP-0082 DateTime") @QueryParam("to") String to,
                                @Parameter(description = "at most this many points (2.." + GeoQueries.MAX_POINTS + ")") @QueryParam("points") String points) {
        Integer max = Params.integer("points", points, 2, GeoQueries.MAX_POINTS);
        return queries.track(actor.get().jid(), node, key, time("from", from), time("to", to), max)
                .map(t -> new TrackJson(node, key, t.total(), t.points().stream()
                        .map(p -> PositionJson.of(p, t.node().config().showsPublisher())).toList()));
    }

    private static Instant time(String name, String value) {
        if (value == null) return null;
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new HttpProblem(400, "bad-request", name, name + ": '" + value + "' is not an ISO-8601 date-time with an offset");
        }
    }
}
