import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MedScribe's dead-letter sink: stores every CloudEvent it receives as one file in a directory and
 * answers 2xx only once the file is durably in place. Run with the JDK's source launcher:
 * {@code DEAD_LETTER_DIR=/dead-letters PORT=8080 java DeadLetterStore.java}.
 *
 * <p>A binary-mode event ({@code ce-*} headers, the body as data) is stored in the CloudEvents JSON
 * format with the body as {@code data_base64}; a structured or batched event
 * ({@code application/cloudevents*}) is stored as received. Either file can be posted to a Broker
 * again as it is. The file name is the SHA-256 of the event's source and id (of the body for
 * structured events), so a redelivery is stored once. Logs name the event type and the hash only:
 * subjects and data may carry patient details.
 *
 * <p>201: stored; 200: already stored; 413: larger than 4 MiB; 405: not a POST; 503: the write
 * failed (the sender retries). {@code GET /healthz}: 200 while the directory is writable.
 */
public final class DeadLetterStore {

    static final int MAX_BYTES = 4 << 20;
    private static final List<String> FIRST_ATTRIBUTES = List.of("specversion", "id", "source", "type");
    private static final Pattern STRUCTURED_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"\\\\]{1,256})\"");

    private DeadLetterStore() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(env("DEAD_LETTER_DIR", "/dead-letters"));
        int port = Integer.parseInt(env("PORT", "8080"));
        HttpServer server = start(new InetSocketAddress(port), dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(2)));
        log("listening on port " + server.getAddress().getPort() + ", storing dead letters in " + dir);
    }

    /** Starts the server on {@code address} (port 0: any free port), storing into {@code dir}. */
    public static HttpServer start(InetSocketAddress address, Path dir) throws IOException {
        Files.createDirectories(dir);
        HttpServer server = HttpServer.create(address, 64);
        server.createContext("/healthz", exchange -> handle(exchange, () -> health(exchange, dir)));
        server.createContext("/", exchange -> handle(exchange, () -> receive(exchange, dir)));
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dead-letter-store");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return server;
    }

    private interface Handler {
        void run() throws IOException;
    }

    private static void handle(HttpExchange exchange, Handler handler) {
        try {
            handler.run();
        } catch (IOException | RuntimeException e) {
            log("request failed: " + e.getClass().getSimpleName());
            try {
                respond(exchange, 503, "cannot store the event\n");
            } catch (IOException | RuntimeException ignored) {
                // the response may have been started already
            }
        } finally {
            exchange.close();
        }
    }

    private static void health(HttpExchange exchange, Path dir) throws IOException {
        boolean writable = Files.isDirectory(dir) && Files.isWritable(dir);
        respond(exchange, writable ? 200 : 503, writable ? "ok\n" : "the dead-letter directory is not writable\n");
    }

    private static void receive(HttpExchange exchange, Path dir) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "POST a CloudEvent\n");
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_BYTES);
        if (body == null) {
            respond(exchange, 413, "event larger than " + MAX_BYTES + " bytes\n");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        byte[] stored;
        String key;
        String type;
        String errorCode = "";
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            stored = body;
            key = sha256(body);
            Matcher matcher = STRUCTURED_TYPE.matcher(new String(body, StandardCharsets.UTF_8));
            type = matcher.find() ? matcher.group(1) : "(structured)";
        } else {
            Map<String, String> attributes = attributes(exchange);
            String id = attributes.get("id");
            String source = attributes.get("source");
            stored = toStructured(attributes, contentType, body);
            key = id != null && source != null ? sha256((source + "\n" + id).getBytes(StandardCharsets.UTF_8)) : sha256(stored);
            type = attributes.getOrDefault("type", "(no type)");
            errorCode = attributes.getOrDefault("knativeerrorcode", "");
        }
        boolean created = write(dir, key + ".json", stored);
        log((created ? "stored " : "already stored ") + key.substring(0, 16) + " type=" + type
                + (errorCode.isEmpty() ? "" : " knativeerrorcode=" + errorCode));
        respond(exchange, created ? 201 : 200, created ? "stored\n" : "already stored\n");
    }

    /** The event's context attributes from its ce-* headers (names lower case, values percent-decoded). */
    static Map<String, String> attributes(HttpExchange exchange) {
        Map<String, String> attributes = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("ce-") && lower.length() > 3 && !values.isEmpty()) {
                attributes.put(lower.substring(3), percentDecode(values.get(0)));
            }
        });
        return attributes;
    }

    /** The CloudEvents JSON format of a binary-mode event: its attributes, the content type and the body as data_base64. */
    static byte[] toStructured(Map<String, String> attributes, String contentType, byte[] body) {
        Map<String, String> ordered = new LinkedHashMap<>();
        FIRST_ATTRIBUTES.forEach(name -> {
            if (attributes.containsKey(name)) {
                ordered.put(name, attributes.get(name));
            }
        });
        attributes.forEach(ordered::putIfAbsent);
        if (contentType != null && !contentType.isBlank()) {
            ordered.put("datacontenttype", contentType);
        }
        StringBuilder json = new StringBuilder("{");
        ordered.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':').append(quote(value)));
        if (body.length > 0) {
            json.append(json.length() > 1 ? "," : "").append("\"data_base64\":").append(quote(Base64.getEncoder().encodeToString(body)));
        }
        return json.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the file unless it exists: a temporary file, flushed, renamed into place, the directory flushed. */
    static boolean write(Path dir, String name, byte[] content) throws IOException {
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            return false;
        }
        Path temporary = Files.createTempFile(dir, ".incoming-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                var buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException ignored) {
                // some file systems cannot flush a directory; the file itself is flushed
            }
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The stream's bytes, or null when there are more than {@code limit}. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** Decodes %XX escapes (CloudEvents HTTP binding) as UTF-8; anything else stays as it is. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePoint = value.codePointAt(i);
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " dead-letter-store: " + message);
    }
}
