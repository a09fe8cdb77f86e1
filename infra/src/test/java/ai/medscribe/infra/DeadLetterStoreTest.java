package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dead-letter store (infra/base/dead-letter-store/DeadLetterStore.java, the very file the
 * Deployment runs), compiled and started here: it keeps every event as a replayable file, once, and
 * answers 2xx only when the file is written.
 */
class DeadLetterStoreTest {

    private static final Path SOURCE = Manifests.INFRA.resolve("base/dead-letter-store/DeadLetterStore.java");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temporary;
    private static URLClassLoader loader;
    private static Method start;

    @BeforeAll
    static void compile() throws Exception {
        Path classes = Files.createDirectories(temporary.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors,
                "--release", "17", "-d", classes.toString(), SOURCE.toString());
        assertEquals(0, status, "DeadLetterStore.java does not compile: " + errors);
        loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, DeadLetterStoreTest.class.getClassLoader());
        start = loader.loadClass("DeadLetterStore").getMethod("start", InetSocketAddress.class, Path.class);
    }

    @AfterAll
    static void close() throws IOException {
        loader.close();
    }

    private record Running(com.sun.net.httpserver.HttpServer server, Path dir) implements AutoCloseable {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Running start(String name) throws Exception {
        Path dir = temporary.resolve(name);
        var server = (com.sun.net.httpserver.HttpServer) start.invoke(null,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), dir);
        return new Running(server, dir);
    }

    private static HttpResponse<String> post(Running store, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(store.uri("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static final String[] BINARY_EVENT = {
        "Content-Type", "application/json",
        "Ce-Specversion", "1.0",
        "Ce-Id", "note-1",
        "Ce-Source", "s3://medscribe-notes",
        "Ce-Type", "com.amazonaws.s3.ObjectCreated",
        "Ce-Subject", "incoming/Jane%20Doe%20MRN-4711.txt",
        "Ce-Knativeerrorcode", "500",
    };

    @Test
    void storesABinaryEventOnceAsAReplayableStructuredEvent() throws Exception {
        byte[] data = "{\"Records\":[{\"s3\":{\"object\":{\"key\":\"incoming/Jane+Doe.txt\"}}}]}".getBytes(StandardCharsets.UTF_8);
        try (Running store = start("binary")) {
            HttpResponse<String> first = post(store, data, BINARY_EVENT);
            assertEquals(201, first.statusCode(), first.body());
            HttpResponse<String> again = post(store, data, BINARY_EVENT);
            assertEquals(200, again.statusCode(), "a redelivery: " + again.body());

            List<Path> files = files(store.dir());
            assertEquals(1, files.size(), "one file per event: " + files);
            assertTrue(files.get(0).getFileName().toString().matches("[0-9a-f]{64}\\.json"), files.get(0).toString());
            JsonNode event = JSON.readTree(files.get(0).toFile());
            assertEquals("1.0", event.path("specversion").asText());
            assertEquals("note-1", event.path("id").asText());
            assertEquals("s3://medscribe-notes", event.path("source").asText());
            assertEquals("com.amazonaws.s3.ObjectCreated", event.path("type").asText());
            assertEquals("incoming/Jane Doe MRN-4711.txt", event.path("subject").asText(), "percent-decoded");
            assertEquals("500", event.path("knativeerrorcode").asText(), "why the delivery failed is kept");
            assertEquals("application/json", event.path("datacontenttype").asText());
            assertArrayEquals(data, Base64.getDecoder().decode(event.path("data_base64").asText()));
        }
    }

    @Test
    void storesAStructuredEventAsReceived() throws Exception {
        byte[] event = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"a\":1}}"
                .getBytes(StandardCharsets.UTF_8);
        try (Running store = start("structured")) {
            assertEquals(201, post(store, event, "Content-Type", "application/cloudevents+json; charset=utf-8").statusCode());
            List<Path> files = files(store.dir());
            assertEquals(1, files.size());
            assertArrayEquals(event, Files.readAllBytes(files.get(0)));
        }
    }

    @Test
    void logsNeitherTheSubjectNorTheData() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (Running store = start("logs")) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            post(store, "{\"name\":\"incoming/Jane Doe\"}".getBytes(StandardCharsets.UTF_8), BINARY_EVENT);
        } finally {
            System.setOut(out);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("com.amazonaws.s3.ObjectCreated"), "the log names the type: " + log);
        for (String marker : List.of("Jane", "4711", "incoming/", "note-1")) {
            assertFalse(log.contains(marker), "the log holds '" + marker + "': " + log);
        }
    }

    @Test
    void refusesWhatItCannotStoreWithoutA2xx() throws Exception {
        try (Running store = start("refuses")) {
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(store.uri("/")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertEquals(413, post(store, new byte[(4 << 20) + 1], BINARY_EVENT).statusCode());
            assertTrue(files(store.dir()).isEmpty(), "nothing stored");
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(store.uri("/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            // The volume goes away: the sender must get an error (and retry), not a 2xx.
            Files.delete(store.dir());
            Files.writeString(store.dir(), "not a directory");
            assertEquals(503, post(store, "{}".getBytes(StandardCharsets.UTF_8), BINARY_EVENT).statusCode());
            assertEquals(503, HTTP.send(HttpRequest.newBuilder(store.uri("/healthz")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
