package org.herald.http.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real Munich car trace's positions as {lat, lon} (the pom names its directory in herald.geo.trace). */
final class MunichFixes {
    private static final Pattern POINT = Pattern.compile("POINT\\(([-0-9.]+) ([-0-9.]+)\\)");

    private MunichFixes() {
    }

    static List<double[]> load() throws IOException {
        String dir = System.getProperty("herald.geo.trace");
        if (dir == null) throw new IllegalStateException("system property herald.geo.trace is not set (see the pom)");
        Path file = Path.of(dir, "x0001-001.json");
        if (!Files.isRegularFile(file)) throw new IllegalStateException("the Munich trace is missing: " + file);
        List<double[]> fixes = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(file.toFile())) {
            Matcher m = POINT.matcher(n.get("point").asText());
            if (!m.matches()) throw new IllegalStateException("not a WKT point: " + n.get("point"));
            fixes.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(1))});
        }
        return fixes;
    }
}
