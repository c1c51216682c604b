package org.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders helm/herald through Helm's own Go library (helm-java: no helm binary, no cluster, offline)
 * and asserts on the rendered Kubernetes objects, so a template that renders valid YAML with the wrong wiring
 * (a probe on another port, a secret in the ConfigMap, an HPA aimed at nothing) fails here.
 */
class HelmChartTest {

    /** Surefire runs with user.dir = the project root. */
    private static final Path CHART = Path.of("helm/herald").toAbsolutePath();
    private static final Path SCALED_VALUES = CHART.resolve("examples/scaled-values.yaml");
    private static final String RELEASE = "herald";
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    @Test
    void lintPassesStrict() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        // --strict turns warnings into failures already; this keeps the reason visible if that ever changes.
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderTwoPodsWithBudgetConfigMapSecretAndService() {
        Rendered r = render(t -> t);

        // Two interchangeable pods (one holds the link, the other stands by) and a budget that keeps one of them; no
        // HPA and no CRD-dependent ServiceMonitor unless asked for.
        assertThat(r.kinds()).containsExactlyInAnyOrder("ConfigMap", "Secret", "Service", "Deployment", "PodDisruptionBudget");

        JsonNode deployment = r.one("Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        // a surged pod becomes ready as a standby, so rolling updates never stall on the single component link
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode budget = r.one("PodDisruptionBudget");
        assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertSelects(budget.at("/spec/selector/matchLabels"), deployment);
        JsonNode container = onlyContainer(deployment);
        int httpPort = namedPort(container, "http");
        assertThat(httpPort).isEqualTo(8080);

        assertProbe(container, "livenessProbe", "/q/health/live", httpPort);
        assertProbe(container, "readinessProbe", "/q/health/ready", httpPort);
        assertProbe(container, "startupProbe", "/q/health/started", httpPort);

        // Non-root on a read-only root filesystem, with a writable /tmp for the JVM.
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(texts(container.get("volumeMounts"), "mountPath")).contains("/tmp");

        // Env: the whole ConfigMap, plus the secrets one by one from the chart's Secret.
        JsonNode configMap = r.one("ConfigMap");
        JsonNode secret = r.one("Secret");
        assertThat(texts(container.get("envFrom"), "configMapRef", "name")).containsExactly(name(configMap));
        JsonNode componentSecretRef = envSecretRef(container, "HERALD_COMPONENT_SECRET");
        assertThat(componentSecretRef.get("name").asText()).isEqualTo(name(secret));
        assertThat(componentSecretRef.get("key").asText()).isEqualTo("component-secret");
        assertThat(componentSecretRef.path("optional").asBoolean(false)).as("Herald cannot run without it").isFalse();
        // Nothing given, nothing stored: no placeholder secret that would quietly work against a careless server.
        assertThat(stringMap(secret.get("data"))).isEmpty();
        assertThat(envSecretRef(container, "QUARKUS_DATASOURCE_PASSWORD").get("name").asText()).isEqualTo(name(secret));
        assertThat(envSecretRef(container, "QUARKUS_REDIS_PASSWORD").get("name").asText()).isEqualTo(name(secret));

        Map<String, String> config = stringMap(configMap.get("data"));
        assertThat(config).containsEntry("HERALD_COMPONENT_JID", "pubsub.example.org")
                .containsEntry("HERALD_COMPONENT_HOST", "prosody")
                .containsEntry("HERALD_COMPONENT_PORT", "5347")
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgresql:5432/herald")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgresql:5432/herald")
                .containsEntry("QUARKUS_DATASOURCE_USERNAME", "herald")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379")
                .containsEntry("QUARKUS_HTTP_PORT", String.valueOf(httpPort))
                // replicas elect one link holder (Prosody); keys under the release's own prefix; nothing embedded
                .containsEntry("HERALD_COMPONENT_LINKS", "one")
                .containsEntry("HERALD_COMPONENT_LEASE_TTL", "5s")
                .containsEntry("HERALD_REDIS_PREFIX", RELEASE + ":")
                .containsEntry("HERALD_EMBEDDED", "never");
        assertThat(config.keySet()).noneMatch(k -> k.contains("PASSWORD") || k.contains("SECRET"));

        // The pods roll when configuration changes.
        JsonNode podAnnotations = deployment.at("/spec/template/metadata/annotations");
        assertThat(podAnnotations.has("checksum/config")).isTrue();
        assertThat(podAnnotations.has("checksum/secret")).isTrue();

        JsonNode service = r.one("Service");
        JsonNode servicePort = service.at("/spec/ports/0");
        assertThat(service.at("/spec/ports").size()).isEqualTo(1);
        assertThat(servicePort.get("port").asInt()).isEqualTo(8080);
        assertThat(servicePort.get("targetPort").asText()).isEqualTo("http");
        assertSelects(service.at("/spec/selector"), deployment);
    }

    @Test
    void givenSecretsGoToTheSecretAndNeverToTheConfigMap() {
        Rendered r = render(t -> t.set("xmpp.componentSecret", "comp-s3cret-value")
                .set("postgresql.password", "pg-s3cret-value")
                .set("redis.password", "redis-s3cret-value"));

        Map<String, String> secretData = new HashMap<>();
        r.one("Secret").get("data").fields().forEachRemaining(e -> secretData.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        assertThat(secretData).containsEntry("component-secret", "comp-s3cret-value")
                .containsEntry("database-password", "pg-s3cret-value")
                .containsEntry("redis-password", "redis-s3cret-value");

        assertThat(stringMap(r.one("ConfigMap").get("data")).values())
                .noneMatch(v -> v.contains("s3cret"));
    }

    /** The admin token's hash is a credential too: Secret for the hash, ConfigMap for the JID only. */
    @Test
    void theAdminTokenHashTravelsThroughTheSecret() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        Rendered r = render(t -> t.set("xmpp.componentSecret", "comp-s3cret-value")
                .set("adminToken.jid", "admin@example.org").set("adminToken.sha256", hash));

        JsonNode secret = r.one("Secret");
        assertThat(new String(Base64.getDecoder().decode(secret.at("/data/admin-token-sha256").asText()), StandardCharsets.UTF_8))
                .isEqualTo(hash);
        JsonNode ref = envSecretRef(onlyContainer(r.one("Deployment")), "HERALD_HTTP_TOKENS_ADMIN_SHA256");
        assertThat(ref.get("name").asText()).isEqualTo(name(secret));
        assertThat(ref.get("key").asText()).isEqualTo("admin-token-sha256");
        Map<String, String> config = stringMap(r.one("ConfigMap").get("data"));
        assertThat(config).containsEntry("HERALD_HTTP_TOKENS_ADMIN_JID", "admin@example.org");
        assertThat(config.values()).noneMatch(v -> v.contains(hash) || v.contains("s3cret"));

        // With the operator's Secret the chart makes none, and the hash is read from that one.
        Rendered existing = render(t -> t.set("secrets.existingSecret", "ops-credentials").set("adminToken.jid", "admin@example.org"));
        assertThat(existing.kinds()).doesNotContain("Secret");
        JsonNode container = onlyContainer(existing.one("Deployment"));
        for (String env : List.of("HERALD_COMPONENT_SECRET", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_PASSWORD",
                "HERALD_HTTP_TOKENS_ADMIN_SHA256")) {
            assertThat(envSecretRef(container, env).get("name").asText()).as(env).isEqualTo("ops-credentials");
        }
    }

    @Test
    void credentialsInTheRedisUrlOrAHashUnderConfigAreRefused() throws IOException {
        assertThatThrownBy(() -> render(t -> t.set("redis.url", "redis://:hunter2@redis:6379")))
                .hasMessageContaining("redis.url carries credentials");
        Path values = Files.writeString(tmp.resolve("hash.yaml"), "config:\n  herald.http.tokens.ops.sha256: abc\n");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(values))).hasMessageContaining("looks secret");
    }

    @Test
    void aSecretLookingKeyUnderConfigIsRefused() throws IOException {
        Path values = Files.writeString(tmp.resolve("leak.yaml"), "config:\n  herald.component.secret: oops\n");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(values)))
                .hasMessageContaining("looks secret");
    }

    @Test
    void ejabberdModeConnectsEveryPodAndAnUnknownModeIsRefused() {
        Map<String, String> each = stringMap(render(t -> t.set("xmpp.links", "each").set("redis.prefix", "blue:"))
                .one("ConfigMap").get("data"));
        assertThat(each).containsEntry("HERALD_COMPONENT_LINKS", "each").containsEntry("HERALD_REDIS_PREFIX", "blue:");
        assertThatThrownBy(() -> render(t -> t.set("xmpp.links", "all"))).hasMessageContaining("xmpp.links must be one or each");
    }

    @Test
    void extraConfigBecomesQuarkusEnvNamesAndRollsThePods() throws IOException {
        Path values = Files.writeString(tmp.resolve("admins.yaml"),
                "config:\n  herald.pubsub.admins: admin@example.org\n  herald.http.feeds.max-items: 20\n");
        Rendered plain = render(t -> t);
        Rendered configured = render(t -> t.withValuesFile(values));

        assertThat(stringMap(configured.one("ConfigMap").get("data")))
                .containsEntry("HERALD_PUBSUB_ADMINS", "admin@example.org")
                .containsEntry("HERALD_HTTP_FEEDS_MAX_ITEMS", "20");
        String annotation = "/spec/template/metadata/annotations/checksum~1config";
        assertThat(configured.one("Deployment").at(annotation).asText())
                .isNotEmpty()
                .isNotEqualTo(plain.one("Deployment").at(annotation).asText());
    }

    @Test
    void scaledExampleRendersHpaBudgetAndServiceMonitorAimedAtTheChartsObjects() {
        Rendered r = render(t -> t.withValuesFile(SCALED_VALUES));

        assertThat(r.kinds()).containsExactlyInAnyOrder("ConfigMap", "Service", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor");
        JsonNode deployment = r.one("Deployment");
        // The HPA owns the replica count.
        assertThat(deployment.at("/spec").has("replicas")).isFalse();

        JsonNode hpa = r.one("HorizontalPodAutoscaler");
        assertThat(hpa.get("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name(deployment));
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(65);

        JsonNode pdb = r.one("PodDisruptionBudget");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec").has("maxUnavailable")).isFalse();
        assertSelects(pdb.at("/spec/selector/matchLabels"), deployment);

        JsonNode service = r.one("Service");
        JsonNode monitor = r.one("ServiceMonitor");
        assertThat(monitor.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
        assertThat(labels(service)).containsAllEntriesOf(stringMap(monitor.at("/spec/selector/matchLabels")));
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo(service.at("/spec/ports/0/name").asText());
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");

        // existingSecret: the chart makes no Secret and every secret env var reads the operator's.
        JsonNode container = onlyContainer(deployment);
        for (String env : List.of("HERALD_COMPONENT_SECRET", "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_PASSWORD")) {
            assertThat(envSecretRef(container, env).get("name").asText()).as(env).isEqualTo("herald-credentials");
        }
        assertThat(container.get("image").asText()).isEqualTo("registry.example.org/herald:0.1.0");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("1");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("2Gi");
        assertThat(stringMap(r.one("ConfigMap").get("data")))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.db.svc.cluster.local:5432/herald?sslmode=require")
                .containsEntry("HERALD_PUBSUB_ADMINS", "admin@example.org");
    }

    @Test
    void threeFixedReplicasGetABudgetAndNoAutoscaler() {
        Rendered r = render(t -> t.withValuesFile(SCALED_VALUES).set("autoscaling.enabled", "false"));

        assertThat(r.kinds()).contains("PodDisruptionBudget").doesNotContain("HorizontalPodAutoscaler");
        assertThat(r.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
    }

    // --- rendering and navigation

    private Rendered render(UnaryOperator<TemplateCommand> values) {
        String manifest = values.apply(new Helm(CHART).template().withName(RELEASE).withNamespace("pubsub")).call();
        List<JsonNode> objects = new ArrayList<>();
        try {
            YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifest).readAll().stream()
                    .filter(o -> o != null && o.has("kind")) // empty documents of templates switched off
                    .forEach(objects::add);
        } catch (IOException e) {
            throw new AssertionError("helm template produced unparsable YAML:\n" + manifest, e);
        }
        return new Rendered(objects);
    }

    private record Rendered(List<JsonNode> objects) {
        List<String> kinds() {
            return objects.stream().map(o -> o.get("kind").asText()).collect(Collectors.toList());
        }

        JsonNode one(String kind) {
            List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.get("kind").asText())).toList();
            assertThat(found).as("rendered %s objects", kind).hasSize(1);
            return found.get(0);
        }
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText();
    }

    private static Map<String, String> labels(JsonNode object) {
        return stringMap(object.at("/metadata/labels"));
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        if (node instanceof ObjectNode) {
            node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static JsonNode onlyContainer(JsonNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    /** A selector must be non-empty and match the pod template's labels, or it selects nothing (or everything). */
    private static void assertSelects(JsonNode selector, JsonNode deployment) {
        Map<String, String> wanted = stringMap(selector);
        assertThat(wanted).isNotEmpty();
        assertThat(stringMap(deployment.at("/spec/template/metadata/labels"))).containsAllEntriesOf(wanted);
        assertThat(stringMap(deployment.at("/spec/selector/matchLabels"))).isEqualTo(wanted);
    }

    private static int namedPort(JsonNode container, String portName) {
        for (JsonNode port : container.get("ports")) {
            if (portName.equals(port.path("name").asText())) {
                return port.get("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + portName);
    }

    /** The probe's port, named or numeric, must resolve to the HTTP port. */
    private static void assertProbe(JsonNode container, String probe, String path, int httpPort) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
        JsonNode port = get.path("port");
        int resolved = port.isNumber() ? port.asInt() : namedPort(container, port.asText());
        assertThat(resolved).as(probe + " port").isEqualTo(httpPort);
    }

    private static JsonNode envSecretRef(JsonNode container, String envName) {
        for (JsonNode env : container.get("env")) {
            if (envName.equals(env.path("name").asText())) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                assertThat(ref.isMissingNode()).as(envName + " comes from a Secret").isFalse();
                return ref;
            }
        }
        throw new AssertionError("no env " + envName);
    }

    private static List<String> texts(JsonNode array, String... path) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode element : array) {
                JsonNode n = element;
                for (String p : path) {
                    n = n.path(p);
                }
                out.add(n.asText());
            }
        }
        return out;
    }
}
