package org.herald.http.auth;

import jakarta.enterprise.context.RequestScoped;
import org.herald.http.problem.HttpProblem;

/** The actor of the HTTP request being served, set by {@link BearerAuthFilter} before any resource runs. */
@RequestScoped
public class CurrentActor {
    private Actor actor = Actor.ANONYMOUS;

    void set(Actor actor) {
        this.actor = actor;
    }

    /** The actor, anonymous when the request carried no token. */
    public Actor get() {
        return actor;
    }

    /** The authenticated actor; an anonymous request is refused with 401, as every write needs a token. */
    public Actor required() {
        if (actor.anonymous()) throw HttpProblem.unauthenticated("this request needs a bearer token");
        return actor;
    }
}
