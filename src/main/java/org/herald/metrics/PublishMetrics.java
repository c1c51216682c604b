package org.herald.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.herald.domain.PubSubException;

/**
 * Times every publish a front-end hands the core, tagged with the front-end and the outcome. The outcome is "ok" or
 * the core's error condition (a closed enum, so the tag stays bounded); failures that are not the core's refusals
 * count as "internal-error". Wrapping at the front-ends keeps Micrometer out of the pure core.
 */
@ApplicationScoped
public class PublishMetrics {
    public static final String REST = "rest";
    public static final String XMPP = "xmpp";
    public static final String OWNTRACKS = "owntracks";
    public static final String INGEST = "ingest";

    private final MeterRegistry registry;

    public PublishMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs the publish (a supplier, so a synchronous throw is counted too) and records how it ended. */
    public <T> Uni<T> observe(String frontEnd, Supplier<Uni<? extends T>> publish) {
        long start = System.nanoTime();
        return Uni.createFrom().<T>deferred(publish)
                .onItemOrFailure().invoke((item, failure) -> timer(frontEnd, outcome(failure))
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    static String outcome(Throwable failure) {
        if (failure == null) return "ok";
        if (failure instanceof PubSubException p) return p.error().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return "internal-error";
    }

    private Timer timer(String frontEnd, String outcome) {
        // Micrometer looks the meter up by name and tags: registering again returns the existing one.
        return Timer.builder("herald.publish").description("Publishes handed to the core, by front-end and outcome")
                .tag("front_end", frontEnd).tag("outcome", outcome).register(registry);
    }
}
