package ai.medscribe.functions.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /playground/}: the playground page (README "Playground"), three static files from the
 * classpath ({@code playground/}) that call the streams from the browser. A GET-only route of its
 * own rather than {@code META-INF/resources}: Quarkus's static route matches every path, which would
 * turn a POST to an unknown function from the JSON 404 into a 405. Open without a token
 * (application.properties); the page sends the token typed into it. Its Content-Security-Policy lets
 * it load and call only this origin.
 */
@ApplicationScoped
public class PlaygroundPage {

    static final String PATH = RequestGuard.PLAYGROUND;
    public static final String POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final Map<String, String> FILES = Map.of(
            "", "text/html; charset=utf-8",
            "index.html", "text/html; charset=utf-8",
            "playground.js", "text/javascript; charset=utf-8",
            "playground.css", "text/css; charset=utf-8");

    void install(@Observes Router router) {
        // /playground to /playground/, where the page's relative links resolve (the route also matches /playground/).
        router.get(PATH).order(NoteStream.ORDER).handler(ctx -> {
            if (ctx.request().path().equals(PATH)) {
                ctx.redirect(PATH + "/");
            } else {
                ctx.next();
            }
        });
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Buffer body = Buffer.buffer(read(file.getKey().isEmpty() ? "index.html" : file.getKey()));
            router.get(PATH + "/" + file.getKey()).order(NoteStream.ORDER).handler(ctx -> send(ctx, file.getValue(), body));
        }
    }

    private static void send(RoutingContext ctx, String type, Buffer body) {
        ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", POLICY).putHeader("X-Content-Type-Options", "nosniff")
                .end(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = PlaygroundPage.class.getClassLoader().getResourceAsStream("playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("playground/" + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
