package org.herald.http.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.herald.http.problem.Problem;

/**
 * The problem+json answers every operation may give (RFC 9457), documented once for OpenAPI. Operations list
 * the success answer themselves.
 */
final class ProblemResponses {
    private ProblemResponses() {
    }

    /** Reads: bad parameters, authentication, permission, unknown node or item. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @APIResponses({
            @APIResponse(responseCode = "400", description = "A parameter or the body cannot be read",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "401", description = "No valid bearer token, and the node is not open to anonymous readers",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "403", description = "The actor may not do this (XEP-0060 §4.1 affiliations, §4.5 access models)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "404", description = "No such node, item or subscription",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    })
    @interface Read {
    }

    /** Writes: as reads, plus field validation, conflicts and payload limits. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @APIResponses({
            @APIResponse(responseCode = "400", description = "The body or a parameter cannot be read (malformed JSON or XML)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "401", description = "A bearer token is required",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "403", description = "The actor may not do this (XEP-0060 §4.1 affiliations, §4.5 access models)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "404", description = "No such node, item or subscription",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "409", description = "Conflicts with the node's state (e.g. the node exists)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
            @APIResponse(responseCode = "422", description = "A field holds a value that is not accepted; 'field' names it",
                    content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    })
    @interface Write {
    }
}
