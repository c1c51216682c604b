package org.herald.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Sizes of {@link XmppPeersBench} from the environment (so {@code bench/run} can set them without Maven properties);
 * {@code BENCH_SMOKE=1} picks a run of seconds that only proves the harness works.
 *
 * @param servers      prosody and/or ejabberd ({@code BENCH_XMPP_SERVERS})
 * @param scenarios    fanout and/or publish-rate ({@code BENCH_XMPP_SCENARIOS})
 * @param subscribers  fan-out sizes, growing ({@code BENCH_SUBSCRIBERS})
 * @param publishers   publish-rate concurrencies, growing ({@code BENCH_PUBLISHERS})
 * @param stepSeconds  length of one rate step and of one publish-rate run ({@code BENCH_STEP_SECONDS})
 * @param maxSteps     rate steps per ramp at most ({@code BENCH_MAX_STEPS})
 * @param stallSeconds a drain gives up when no notification arrived for this long
 * @param warmup       one unrecorded step per system before its first ramp / publish-rate run
 * @param jfr          profile Herald with JFR ({@code BENCH_JFR=1})
 */
record XmppBenchSettings(List<String> servers, List<String> scenarios, List<Integer> subscribers,
                         List<Integer> publishers, double stepSeconds, int maxSteps, double stallSeconds,
                         boolean warmup, boolean jfr) {
    /**
     * The first step offers this many notifications per second (offered items/s × subscribers; at least one item/s);
     * each step doubles. Low enough that every system starts below saturation on a busy 2-core machine.
     */
    static final int FIRST_DELIVERIES_PER_S = 200;

    static XmppBenchSettings fromEnvironment() {
        boolean smoke = "1".equals(System.getenv("BENCH_SMOKE"));
        return new XmppBenchSettings(
                words("BENCH_XMPP_SERVERS", "prosody,ejabberd"),
                words("BENCH_XMPP_SCENARIOS", "fanout,publish-rate"),
                numbers("BENCH_SUBSCRIBERS", smoke ? "10" : "10,100,1000"),
                numbers("BENCH_PUBLISHERS", smoke ? "1,4" : "1,16,64"),
                Double.parseDouble(env("BENCH_STEP_SECONDS", smoke ? "1" : "3")),
                Integer.parseInt(env("BENCH_MAX_STEPS", smoke ? "2" : "9")),
                smoke ? 1 : 3,
                !smoke,
                "1".equals(System.getenv("BENCH_JFR")));
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v.trim();
    }

    private static List<String> words(String name, String otherwise) {
        return Arrays.stream(env(name, otherwise).split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
    }

    private static List<Integer> numbers(String name, String otherwise) {
        return words(name, otherwise).stream().map(Integer::valueOf).sorted().toList();
    }
}
