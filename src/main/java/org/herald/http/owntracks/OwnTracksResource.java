package org.herald.http.owntracks;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.GeoNames;
import org.herald.geo.GeolocXml;
import org.herald.http.auth.CurrentActor;
import org.herald.http.problem.HttpProblem;
import org.herald.service.ItemDraft;
import org.herald.metrics.PublishMetrics;
import org.herald.service.PubSubService;
import org.herald.service.ServiceSettings;

/**
 * OwnTracks HTTP mode: the phone app POSTs its JSON messages here and Herald publishes each location as an XEP-0080
 * item to the node, as the token's JID, through the same {@link PubSubService#publish} as every other front-end (so
 * the node's publish model and the core's geoloc validation hold unchanged).
 *
 * <p>The item id names the device, so that a node keyed by item (herald#geo_key = item) holds one vehicle per
 * phone: the {@code X-Limit-U} and {@code X-Limit-D} headers the app sends (user and device), joined by '/', else
 * the message's {@code tid}, else the local part of the token's JID.
 *
 * <p>The answer is 200 with a JSON array: the app reads the body as a list of messages to show (friends' cards,
 * commands), and Herald has none. Messages other than locations are answered the same way and not stored.
 */
@Path("/api/v1/owntracks/{node}")
@Tag(name = "OwnTracks")
public class OwnTracksResource {
    /** OwnTracks field for each XEP-0080 element the core may refuse, so a problem names what the app sent. */
    private static final Map<String, String> FIELDS = Map.of("accuracy", "acc", "bearing", "cog", "speed", "vel",
            "timestamp", "tst");

    private final PubSubService service;
    private final CurrentActor actor;
    private final ServiceSettings settings;
    private final PublishMetrics publishes;

    OwnTracksResource(PubSubService service, CurrentActor actor, ServiceSettings settings, PublishMetrics publishes) {
        this.service = service;
        this.publishes = publishes;
        this.actor = actor;
        this.settings = settings;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OwnTracks HTTP mode: publish a location message as an XEP-0080 item",
            description = "Body: one OwnTracks JSON message. _type=location is published (lat, lon, tst, vel km/h, "
                    + "cog, acc, alt) with item id X-Limit-U/X-Limit-D, else tid, else the token's user; other types "
                    + "are accepted and ignored. Needs a bearer token with publish rights on the node.")
    @APIResponse(responseCode = "200", description = "Accepted; the body is an empty JSON array, as OwnTracks expects")
    @APIResponse(responseCode = "400", description = "Not an OwnTracks message; 'field' names the member at fault")
    @APIResponse(responseCode = "401", description = "A bearer token is required")
    @APIResponse(responseCode = "403", description = "The token's JID may not publish to the node")
    @APIResponse(responseCode = "404", description = "No such node")
    @APIResponse(responseCode = "413", description = "The body is larger than any payload the service accepts")
    @APIResponse(responseCode = "422", description = "The location is not a valid XEP-0080 reading; 'field' names it")
    public Uni<List<Object>> post(@PathParam("node") String node,
                                  @Parameter(description = "OwnTracks user") @HeaderParam("X-Limit-U") String user,
                                  @Parameter(description = "OwnTracks device") @HeaderParam("X-Limit-D") String device,
                                  byte[] body) {
        Jid who = actor.required().jid();
        int ceiling = settings.limits().maxPayloadSize();
        if (body != null && body.length > ceiling) {
            throw PubSubException.of(PubSubError.PAYLOAD_TOO_BIG,
                    "the body is " + body.length + " bytes; no node here accepts more than " + ceiling); // §7.1.3.5
        }
        Optional<OwnTracksMessage.Location> location = OwnTracksMessage.read(utf8(body));
        if (location.isEmpty()) return Uni.createFrom().item(List.of());
        String itemId = itemId(user, device, location.get().tid(), who);
        ItemDraft draft = new ItemDraft(itemId, GeolocXml.toXml(location.get().geoloc()), GeoNames.GEOLOC_NS);
        return publishes.observe(PublishMetrics.OWNTRACKS, () -> service.publish(actor.get().rateKey(), who, node, draft, Map.of()))
                .onFailure(PubSubException.class).transform(e -> inOwnTracksTerms((PubSubException) e))
                .map(published -> List.of());
    }

    /** X-Limit-U/X-Limit-D, else tid, else the JID's local part (its domain for a domain JID). */
    static String itemId(String user, String device, String tid, Jid who) {
        String u = blankToNull(user), d = blankToNull(device);
        if (u != null && d != null) return u + "/" + d;
        if (u != null || d != null) return u != null ? u : d;
        if (tid != null) return tid;
        return who.local() != null ? who.local() : who.domain();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** RFC 8259 §8.1: JSON between systems is UTF-8. */
    private static String utf8(byte[] body) {
        if (body == null || body.length == 0) throw HttpProblem.malformed("the body is empty: send an OwnTracks message");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.malformed("the body is not UTF-8 text");
        }
    }

    private static Throwable inOwnTracksTerms(PubSubException e) {
        String field = e.field() == null ? null : FIELDS.get(e.field());
        if (field == null) return e;
        return PubSubException.badField(e.error(), field, e.text());
    }
}
