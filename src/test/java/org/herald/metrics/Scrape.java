package org.herald.metrics;

import static io.restassured.RestAssured.given;

import java.util.OptionalDouble;

/** Reads one sample from Herald's Prometheus text exposition at /q/metrics. */
public final class Scrape {
    private Scrape() {
    }

    /** The whole exposition. */
    public static String text() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The value of the sample whose name is {@code name} and whose labels include every {@code label="value"} given,
     * or empty when there is none. Labels are matched as written by the Prometheus registry: {@code key="value"}.
     */
    public static OptionalDouble value(String name, String... labels) {
        for (String line : text().split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) continue;
            String series = line.substring(0, line.lastIndexOf(' '));
            boolean all = true;
            for (String l : labels) all &= series.contains(l);
            if (all) return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return OptionalDouble.empty();
    }

    /** The value, 0 when the series does not exist yet (a counter that never moved has no sample). */
    public static double or0(String name, String... labels) {
        return value(name, labels).orElse(0);
    }
}
