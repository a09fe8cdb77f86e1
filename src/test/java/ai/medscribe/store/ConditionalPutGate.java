package ai.medscribe.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.jclouds.blobstore.BlobStore;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback front for s3proxy that does what S3 does with {@code PUT} and {@code If-None-Match: *}
 * and s3proxy 2.6.0 does not (it ignores the header on PutObject: gaul/s3proxy#732): 412
 * PreconditionFailed when the key exists, else the request goes on to s3proxy unchanged. The check
 * and the forwarded write are not one step here; the tests that use it write one after the other.
 */
final class ConditionalPutGate implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    static {
        // The request goes on with the client's Host header, which its SigV4 signature covers.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI backend;
    private final BlobStore blobs;
    /** How many PUTs arrived with If-None-Match: * (that the client really sends it). */
    volatile int conditionalPuts;

    ConditionalPutGate(URI backend, BlobStore blobs) throws IOException {
        this.backend = backend;
        this.blobs = blobs;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            if (exchange.getRequestMethod().equals("PUT")
                    && "*".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                conditionalPuts++;
                String[] bucketAndKey = path.substring(1).split("/", 2);
                if (bucketAndKey.length == 2 && blobs.blobExists(bucketAndKey[0],
                        java.net.URLDecoder.decode(bucketAndKey[1], StandardCharsets.UTF_8))) {
                    byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
                            + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
                            + "<Condition>If-None-Match</Condition></Error>").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(412, error.length);
                    exchange.getResponseBody().write(error);
                    return;
                }
            }
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder forward = HttpRequest.newBuilder(
                    URI.create(backend + path + (query == null ? "" : "?" + query)))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("host") || !NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(v -> forward.header(name, v));
                }
            });
            HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = answer.body();
            boolean noBody = exchange.getRequestMethod().equals("HEAD") || out.length == 0;
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : out.length);
            if (!noBody) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(500, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
