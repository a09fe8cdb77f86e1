import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the packaged functions with concurrent clients, batching off and then on, in one run
 * (JDK only: {@code java functions/load-benchmark/LoadBenchmark.java [options]}). For each
 * setting it starts {@code quarkus-run.jar} on a free loopback port with authentication on, as in
 * production (a dev key pair and a bearer token from {@code functions/dev-token/DevToken.java} in
 * {@code target/load-benchmark-auth}), measures the cold start (process start to readiness UP, which includes
 * loading and warming the bundles) and the first note after it, then sends one warm-up round and
 * {@code --requests} {@code generate} requests per client (scaffold, {@code --steps} steps, one note,
 * a seed of its own each), and prints notes per second, latency p50/p99 and errors. A program that
 * prints figures, not a test: nothing here fails on a time.
 *
 * <p>Options: {@code --jar functions/target/quarkus-app/quarkus-run.jar}, {@code --models models},
 * {@code --clients 16}, {@code --requests 10} (per client), {@code --steps 20}, {@code --window 5ms},
 * {@code --max-batch 16}, {@code --only on|off}. The server's log goes to {@code target/load-benchmark-<setting>.log}
 * beside the jar's module.
 */
public final class LoadBenchmark {

    record Setting(String name, boolean batching) {
    }

    record Outcome(Setting setting, double coldStartSeconds, long firstNoteMillis, int notes, int errors,
                   double seconds, List<Long> latencies) {
        double notesPerSecond() {
            return notes / seconds;
        }

        long percentile(double p) {
            if (latencies.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            int i = (int) Math.ceil(p * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    public static void main(String[] args) throws Exception {
        String jar = option(args, "--jar", "functions/target/quarkus-app/quarkus-run.jar");
        String models = option(args, "--models", "models");
        int clients = Integer.parseInt(option(args, "--clients", "16"));
        int requests = Integer.parseInt(option(args, "--requests", "10"));
        int steps = Integer.parseInt(option(args, "--steps", "20"));
        String window = option(args, "--window", "5ms");
        String maxBatch = option(args, "--max-batch", "16");
        String only = option(args, "--only", "");
        if (!Files.isRegularFile(Path.of(jar))) {
            System.err.println("no " + jar + ": build it with mvn -B -pl functions -am package -DskipTests");
            System.exit(2);
        }
        List<Setting> settings = new ArrayList<>();
        if (!only.equals("on")) {
            settings.add(new Setting("batching off", false));
        }
        if (!only.equals("off")) {
            settings.add(new Setting("batching on", true));
        }
        System.out.printf(Locale.ROOT, "%d clients x %d generate requests (%d steps, 1 note each), bundles %s, %d processors%n",
                clients, requests, steps, models, Runtime.getRuntime().availableProcessors());
        List<Outcome> outcomes = new ArrayList<>();
        for (Setting setting : settings) {
            outcomes.add(run(setting, jar, models, clients, requests, steps, window, maxBatch));
        }
        System.out.println();
        System.out.println("| setting | cold start s | first note ms | notes | notes/s | p50 ms | p99 ms | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %.1f | %d | %d | %d |%n", o.setting().name(),
                    o.coldStartSeconds(), o.firstNoteMillis(), o.notes(), o.notesPerSecond(), o.percentile(0.5),
                    o.percentile(0.99), o.errors());
        }
        if (outcomes.size() == 2) {
            System.out.printf(Locale.ROOT, "throughput on/off: %.2fx%n",
                    outcomes.get(1).notesPerSecond() / outcomes.get(0).notesPerSecond());
        }
    }

    static Outcome run(Setting setting, String jar, String models, int clients, int requests, int steps, String window,
                       String maxBatch) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path target = Path.of(jar).toAbsolutePath().getParent().getParent();
        Path authDir = target.resolve("load-benchmark-auth");
        token = devToken(jar, authDir);
        Path log = target.resolve("load-benchmark-" + (setting.batching() ? "on" : "off") + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar", jar);
        pb.environment().put("MEDSCRIBE_AUTH_ISSUER", ISSUER);
        pb.environment().put("MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION", authDir.resolve("public-key.pem").toString());
        pb.environment().put("MEDSCRIBE_BUNDLES_LOCATION", models);
        pb.environment().put("MEDSCRIBE_BATCHING_ENABLED", String.valueOf(setting.batching()));
        pb.environment().put("MEDSCRIBE_BATCHING_WINDOW", window);
        pb.environment().put("MEDSCRIBE_BATCHING_MAX_BATCH", maxBatch);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        Process server = pb.start();
        try {
            while (!ready(http, base)) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the functions exited; see " + log);
                }
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("not ready after 5 minutes; see " + log);
                }
                Thread.sleep(50);
            }
            double cold = (System.nanoTime() - start) / 1e9;
            long t0 = System.nanoTime();
            String firstAnswer = generateBody(http, base, steps, 424242L);
            long first = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            String secondAnswer = generateBody(http, base, steps, 424243L);
            long second = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(Locale.ROOT, "%s: ready %.1f s after the JVM started (bundles loaded and warmed); first note %d ms"
                    + " (sampler %s ms), second %d ms (sampler %s ms)%n", setting.name(), cold, first,
                    latencyMs(firstAnswer), second, latencyMs(secondAnswer));
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            // one warm-up round at full concurrency (the batch shapes' first runs), not counted
            List<Future<?>> warm = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = 900_000L + c;
                warm.add(pool.submit(() -> generate(http, base, steps, seed)));
            }
            for (Future<?> f : warm) {
                f.get();
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            long begin = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        long r0 = System.nanoTime();
                        int status = generate(http, base, steps, client * 1000L + i);
                        if (status == 200) {
                            latencies.add((System.nanoTime() - r0) / 1_000_000);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            pool.shutdown();
            Outcome o = new Outcome(setting, cold, first, latencies.size(), errors.get(), seconds, latencies);
            System.out.printf(Locale.ROOT, "%s: %d notes in %.1f s, %.1f notes/s, p50 %d ms, p99 %d ms, %d errors%n",
                    setting.name(), o.notes(), seconds, o.notesPerSecond(), o.percentile(0.5), o.percentile(0.99),
                    o.errors());
            return o;
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    static final String ISSUER = "https://medscribe.local/dev";
    static volatile String token;

    /** A dev key pair in {@code dir} (made on first use) and a 60-minute bearer token signed with it. */
    static String devToken(String jar, Path dir) throws Exception {
        Path source = Path.of(jar).toAbsolutePath().getParent().getParent().getParent().resolve("dev-token/DevToken.java");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(), dir.toString(), ISSUER, "load-benchmark", "60")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0 || out.isEmpty()) {
            throw new IllegalStateException("DevToken failed");
        }
        return out;
    }

    static boolean ready(HttpClient http, String base) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** One generate request's answer, or its status when it failed. */
    static String generateBody(HttpClient http, String base, int steps, long seed) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/generate"))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"steps\":" + steps + ",\"seed\":" + seed + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : "status " + r.statusCode();
    }

    /** The latencyMs an answer reports (the sampler's time inside the function). */
    static String latencyMs(String answer) {
        var m = java.util.regex.Pattern.compile("\"latencyMs\":(\\d+)").matcher(answer);
        return m.find() ? m.group(1) : "?";
    }

    /** One generate request; its status (-1 when the connection failed). */
    static int generate(HttpClient http, String base, int steps, long seed) {
        String body = "{\"steps\":" + steps + ",\"seed\":" + seed + "}";
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/generate"))
                    .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private LoadBenchmark() {
    }
}
