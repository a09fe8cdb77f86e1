package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training Job runs a command the training job really has, and writes where the functions read. */
class TrainingJobTest {

    private static final Path TRAINING_SOURCES = Manifests.ROOT.resolve("training-job/src/main/java");
    private static final Path TOP_COMMAND = TRAINING_SOURCES.resolve("ai/medscribe/training/MedScribeCommand.java");
    private static final Pattern COMMAND_ANNOTATION = Pattern.compile("@(?:picocli\\.)?(?:CommandLine\\.)?Command\\s*\\(");
    private static final Pattern NAME = Pattern.compile("\\bname\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern SUBCOMMANDS = Pattern.compile("\\bsubcommands\\s*=\\s*(\\{[^}]*}|[\\w.]+\\.class)");
    private static final Pattern CLASS_LITERAL = Pattern.compile("([\\w$]+)\\.class");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(?:class|record)\\s+(\\w+)");

    @Test
    void jobRunsARegisteredTrainingCommand() {
        JsonNode container = trainingContainer();
        List<String> commandLine = commandLine(container);
        assertFalse(commandLine.isEmpty(), "the Job passes no arguments to the training job");
        Set<String> registered = registeredSubcommands(read(TOP_COMMAND), commandNamesByClass());
        assertTrue(registered.contains(commandLine.get(0)), "the Job runs '" + commandLine.get(0)
                + "', but MedScribeCommand registers only " + registered);
    }

    @Test
    void subcommandsAreReadFromTheAnnotationsNotFromTheirClassNames() {
        String top = """
                @TopCommand
                @Command(name = "medscribe-training", description = "Trains (and evaluates) the models.",
                        subcommands = {DataCommand.class, CommandLine.HelpCommand.class, RunEverything.class})
                public class MedScribeCommand {}
                """;
        String all = """
                @Command(description = "data, eda, train (both models), evaluate", mixinStandardHelpOptions = true,
                         name = "all")
                public class RunEverything implements Runnable {}
                """;
        String data = "@CommandLine.Command(name=\"data\") class DataCommand {}";
        Map<String, String> names = new TreeMap<>();
        names.putAll(commandNames(all));
        names.putAll(commandNames(data));
        assertEquals(Map.of("RunEverything", "all", "DataCommand", "data"), names);
        assertEquals(Set.of("all", "data", "help"), registeredSubcommands(top, names));
        assertEquals(Set.of(), registeredSubcommands("@Command(name = \"x\", subcommands = {})\nclass X {}", names));
    }

    @Test
    void jobWritesTheBundlesWhereTheFunctionsLoadThem() {
        List<String> commandLine = commandLine(trainingContainer());
        int out = commandLine.indexOf("--out");
        assertTrue(out >= 0 && out + 1 < commandLine.size(), "the Job passes no --out: " + commandLine);
        JsonNode job = job();
        String jobStorage = storageOf(Manifests.podSpec(job), commandLine.get(out + 1));

        JsonNode service = Manifests.named(Manifests.read(Manifests.INFRA.resolve("base/functions-service.yaml")),
                "Service", "medscribe-functions");
        String bundles = bundlesLocation();
        String serviceStorage = storageOf(Manifests.podSpec(service), bundles);
        assertEquals(jobStorage, serviceStorage, "the functions read " + bundles + " from another place than the Job's --out");
        assertTrue(jobStorage.startsWith("pvc:"), "--out must outlive the pod so that a retry resumes: " + jobStorage);
    }

    @Test
    void jobRetriesAreBoundedInCountAndTime() {
        JsonNode spec = job().path("spec");
        int backoffLimit = spec.path("backoffLimit").asInt(-1);
        assertTrue(backoffLimit >= 1 && backoffLimit <= 10, "backoffLimit " + backoffLimit);
        assertTrue(spec.path("activeDeadlineSeconds").asLong() > 0, "activeDeadlineSeconds");
        String restartPolicy = Manifests.podSpec(job()).path("restartPolicy").asText();
        assertTrue(Set.of("Never", "OnFailure").contains(restartPolicy), "restartPolicy " + restartPolicy);
    }

    @Test
    void jobIsItsOwnKustomizationApartFromTheService() {
        JsonNode base = Manifests.read(Manifests.INFRA.resolve("base/kustomization.yaml")).get(0);
        base.path("resources").forEach(resource -> {
            for (JsonNode document : Manifests.read(Manifests.INFRA.resolve("base").resolve(resource.asText()))) {
                assertFalse(document.path("kind").asText().equals("Job"), "base/" + resource.asText()
                        + " holds a Job: the training Job belongs in infra/training");
            }
        });
        for (String overlay : Manifests.OVERLAYS) {
            List<JsonNode> service = Manifests.rendered(overlay);
            assertTrue(Manifests.ofKind(service, "Job").isEmpty(), overlay + ": the main kustomization renders a Job");
            List<JsonNode> training = Manifests.rendered(overlay + "/training");
            assertEquals(List.of("Job/medscribe-training", "ServiceAccount/medscribe-training"),
                    training.stream().map(Manifests::id).sorted().toList(), overlay + "/training renders");
            training.forEach(d -> assertEquals("medscribe", d.path("metadata").path("namespace").asText(),
                    overlay + "/training: " + Manifests.id(d) + " namespace"));
            // What the Job needs from the main kustomization is there.
            Manifests.named(service, "PersistentVolumeClaim",
                    Manifests.podSpec(job(training)).path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText());
            Manifests.named(service, "Namespace", "medscribe");
        }
    }

    @Test
    void rawJobFailsAtOnceOnBadArgumentsAndReplacesOnlyFailedPods() {
        assertJobPolicy(job(), "training/training-job.yaml");
    }

    @Test
    void renderedJobsFailAtOnceOnBadArgumentsAndReplaceOnlyFailedPods() {
        for (String overlay : Manifests.OVERLAYS) {
            assertJobPolicy(job(Manifests.rendered(overlay + "/training")), overlay + "/training");
        }
    }

    /** podFailurePolicy: exit code 2 (picocli's usage error) of the training container fails the Job; disruptions do not count. */
    private static void assertJobPolicy(JsonNode job, String where) {
        JsonNode spec = job.path("spec");
        String container = Manifests.podSpec(job).path("containers").get(0).path("name").asText();
        assertEquals("Never", Manifests.podSpec(job).path("restartPolicy").asText(),
                where + ": podFailurePolicy needs restartPolicy Never");
        assertEquals("Failed", spec.path("podReplacementPolicy").asText(),
                where + ": podReplacementPolicy (a terminating pod may still write checkpoints)");
        JsonNode rules = spec.path("podFailurePolicy").path("rules");
        assertTrue(rules.isArray() && !rules.isEmpty(), where + ": no podFailurePolicy rules");
        assertEquals("FailJob", firstRuleFor(rules, container, 2), where + ": exit code 2 (bad arguments) must fail the Job at once");
        for (int retried : new int[] {1, 137}) {
            assertEquals("Count", firstRuleFor(rules, container, retried), where + ": exit code " + retried + " must be retried");
        }
        boolean disruptionIgnored = false;
        for (JsonNode rule : rules) {
            for (JsonNode condition : rule.path("onPodConditions")) {
                disruptionIgnored |= "DisruptionTarget".equals(condition.path("type").asText())
                        && "Ignore".equals(rule.path("action").asText());
            }
        }
        assertTrue(disruptionIgnored, where + ": a pod the cluster takes away (DisruptionTarget) should not count as a failure");
    }

    /** The action of the first onExitCodes rule that matches the exit code of the container, as the Job controller picks it. */
    static String firstRuleFor(JsonNode rules, String container, int exitCode) {
        for (JsonNode rule : rules) {
            JsonNode onExitCodes = rule.path("onExitCodes");
            if (onExitCodes.isMissingNode()) {
                continue;
            }
            String ruleContainer = onExitCodes.path("containerName").asText("");
            if (!ruleContainer.isEmpty() && !ruleContainer.equals(container)) {
                continue;
            }
            boolean listed = false;
            for (JsonNode value : onExitCodes.path("values")) {
                listed |= value.asInt() == exitCode;
            }
            boolean in = "In".equals(onExitCodes.path("operator").asText());
            if (in == listed) {
                return rule.path("action").asText();
            }
        }
        return "Count";
    }

    @Test
    void jobCanWriteTheModelsVolumeAsTheImageUser() {
        int imageUid = imageUid();
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode pod = Manifests.podSpec(job(Manifests.rendered(overlay + "/training")));
            JsonNode security = pod.path("securityContext");
            JsonNode container = pod.path("containers").get(0);
            long uid = container.path("securityContext").path("runAsUser").asLong(security.path("runAsUser").asLong(-1));
            assertEquals(imageUid, uid, overlay + ": the Job runs as another uid than the image's user");
            assertTrue(security.path("fsGroup").asLong(-1) > 0,
                    overlay + ": no fsGroup, so uid " + uid + " cannot write the root-owned models volume");
            for (JsonNode mount : container.path("volumeMounts")) {
                if (Manifests.volumeAt(pod, container, mount.path("mountPath").asText())
                        .map(v -> v.has("persistentVolumeClaim")).orElse(false)) {
                    assertFalse(mount.path("readOnly").asBoolean(false), overlay + ": " + mount.path("mountPath").asText()
                            + " is read-only for the Job");
                }
            }
        }
    }

    /** The uid the images' useradd gives the application user (both Dockerfiles agree). */
    static int imageUid() {
        Pattern uid = Pattern.compile("useradd [^\\n]*--uid (\\d+)");
        Set<Integer> uids = new TreeSet<>();
        for (String variant : Manifests.OVERLAYS) {
            Matcher matcher = uid.matcher(Manifests.readSource("infra/docker/Dockerfile." + variant));
            assertTrue(matcher.find(), "Dockerfile." + variant + ": no useradd --uid");
            uids.add(Integer.parseInt(matcher.group(1)));
        }
        assertEquals(1, uids.size(), "the Dockerfiles create different users: " + uids);
        return uids.iterator().next();
    }

    private static JsonNode job() {
        return job(Manifests.read(Manifests.INFRA.resolve("training/training-job.yaml")));
    }

    private static JsonNode job(List<JsonNode> documents) {
        return Manifests.named(documents, "Job", "medscribe-training");
    }

    private static JsonNode trainingContainer() {
        return Manifests.podSpec(job()).path("containers").get(0);
    }

    /** The arguments after the image's entry point (the Job sets args, or command + args). */
    private static List<String> commandLine(JsonNode container) {
        List<String> line = new ArrayList<>();
        container.path("args").forEach(a -> line.add(a.asText()));
        return line;
    }

    /** "pvc:CLAIM/SUBPATH" for the volume mounted at (or above) the path, or "emptyDir:..." and so on. */
    private static String storageOf(JsonNode pod, String path) {
        JsonNode best = null;
        for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            if ((path.equals(mountPath) || path.startsWith(mountPath + "/"))
                    && (best == null || mountPath.length() > best.path("mountPath").asText().length())) {
                best = mount;
            }
        }
        assertTrue(best != null, path + " is on no volume (it would vanish with the pod)");
        String rest = path.substring(best.path("mountPath").asText().length());
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(best.path("name").asText())) {
                String kind = volume.has("persistentVolumeClaim")
                        ? "pvc:" + volume.path("persistentVolumeClaim").path("claimName").asText()
                        : volume.fieldNames().next() + ":" + volume.path("name").asText();
                return kind + "/" + best.path("subPath").asText("") + rest;
            }
        }
        throw new AssertionError("no volume named " + best.path("name").asText());
    }

    private static String bundlesLocation() {
        Properties env = new Properties();
        try {
            env.load(Files.newBufferedReader(Manifests.INFRA.resolve("base/medscribe.env")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String location = env.getProperty("MEDSCRIBE_BUNDLES_LOCATION");
        assertTrue(location != null && location.startsWith("/"), "base/medscribe.env sets no local MEDSCRIBE_BUNDLES_LOCATION");
        return location;
    }

    /** The names of the subcommands the top command registers, from its @Command(subcommands = ...). */
    static Set<String> registeredSubcommands(String topCommandSource, Map<String, String> namesByClass) {
        String annotation = commandAnnotation(topCommandSource, 0)
                .orElseThrow(() -> new AssertionError("MedScribeCommand has no @Command"));
        Set<String> names = new TreeSet<>();
        Matcher subcommands = SUBCOMMANDS.matcher(annotation);
        if (subcommands.find()) {
            Matcher literal = CLASS_LITERAL.matcher(subcommands.group(1));
            while (literal.find()) {
                String className = literal.group(1);
                if (className.equals("HelpCommand")) {
                    names.add("help");
                } else {
                    String name = namesByClass.get(className);
                    assertTrue(name != null, "subcommand class " + className + " has no @Command(name = ...) in "
                            + TRAINING_SOURCES);
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Class name -> @Command(name) for every command class in the training job's sources. */
    private static Map<String, String> commandNamesByClass() {
        Map<String, String> names = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TRAINING_SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> names.putAll(commandNames(read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Each @Command(name = "...") in a source file, keyed by the class or record it annotates. */
    static Map<String, String> commandNames(String source) {
        Map<String, String> names = new TreeMap<>();
        Matcher annotation = COMMAND_ANNOTATION.matcher(source);
        int from = 0;
        while (annotation.find(from)) {
            String body = commandAnnotation(source, annotation.start()).orElseThrow();
            int end = annotation.start() + body.length();
            Matcher type = TYPE_DECLARATION.matcher(source);
            Matcher name = NAME.matcher(body);
            if (type.find(end) && name.find()) {
                names.put(type.group(1), name.group(1));
            }
            from = end;
        }
        return names;
    }

    /** The text of the first @Command(...) at or after {@code from}, up to its closing parenthesis. */
    private static java.util.Optional<String> commandAnnotation(String source, int from) {
        Matcher annotation = COMMAND_ANNOTATION.matcher(source);
        if (!annotation.find(from)) {
            return java.util.Optional.empty();
        }
        int depth = 0;
        boolean inString = false;
        for (int i = annotation.end() - 1; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return java.util.Optional.of(source.substring(annotation.start(), i + 1));
            }
        }
        throw new AssertionError("unclosed @Command( in training job sources");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
