package ai.medscribe.functions.web;

import ai.medscribe.functions.config.MedscribeConfig;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may call the functions and read the metrics: a caller with a bearer token (a JWT that SmallRye
 * JWT verified against the configured issuer and public key, {@code mp.jwt.verify.*}). Bound to
 * every path but health in application.properties ({@code quarkus.http.auth.permission.*}); a
 * caller without a valid token is refused with 401, which {@link ErrorResponses} words as JSON.
 * <p>
 * {@code medscribe.auth.enabled=false} (MEDSCRIBE_AUTH_ENABLED) lets everyone in: for a local demo
 * on loopback only. With it on, the service refuses to start without an issuer and a public key, so
 * a missing setting never means an open service. {@code medscribe.auth.trigger-subjects}, when set,
 * names the only token subjects that may call the upload trigger (the Broker's identities; see the
 * README): other valid tokens get 403 there.
 */
@ApplicationScoped
public class BearerTokenPolicy implements HttpSecurityPolicy {

    static final String NAME = "medscribe-bearer";
    /** The trigger's paths: its own, and the root, where Funqy maps CloudEvents to it by type. */
    static final Set<String> TRIGGER_PATHS = Set.of("/", "/complete-upload");
    private static final Logger LOG = Logger.getLogger(BearerTokenPolicy.class);

    private final boolean enabled;
    private final Set<String> triggerSubjects;

    @Inject
    public BearerTokenPolicy(MedscribeConfig config) {
        this(config.auth().enabled(), config.auth().triggerSubjects());
    }

    public BearerTokenPolicy(boolean enabled, Optional<List<String>> triggerSubjects) {
        this.enabled = enabled;
        this.triggerSubjects = Set.copyOf(triggerSubjects.orElse(List.of()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext context) {
        if (!enabled) {
            return CheckResult.permit();
        }
        // A refused caller fails the request (UnauthorizedException, ForbiddenException) instead of a
        // DENY, which Quarkus would answer itself with an empty body: ErrorResponses answers with JSON.
        return identity.onFailure(AuthenticationFailedException.class).transform(refused -> new UnauthorizedException())
                .map(caller -> {
                    if (caller == null || caller.isAnonymous()) {
                        throw new UnauthorizedException();
                    }
                    if (!triggerSubjects.isEmpty() && TRIGGER_PATHS.contains(request.normalizedPath())
                            && !(caller.getPrincipal() instanceof JsonWebToken token
                                    && triggerSubjects.contains(token.getSubject()))) {
                        throw new ForbiddenException();
                    }
                    return CheckResult.PERMIT;
                });
    }

    /** The value application.properties gives an issuer or key location that is not configured. */
    public static final String UNSET = "unset";
    /** The key location application.properties gives when none is configured (no private key exists for it). */
    public static final String UNCONFIGURED_KEY = "classpath:auth/unconfigured-public-key.pem";

    /** Fails the start when authentication is on but the token verification is not configured. */
    public void checkSettings(@Observes StartupEvent start, Config config) {
        if (!enabled) {
            LOG.warn("authentication is OFF (medscribe.auth.enabled=false): every function and /q/metrics answer"
                    + " without a token; use this on loopback only");
            return;
        }
        boolean issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class)
                .filter(s -> !s.isBlank() && !s.equals(UNSET)).isPresent();
        boolean key = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .filter(s -> !s.isBlank() && !s.equals(UNSET) && !s.equals(UNCONFIGURED_KEY)).isPresent()
                || config.getOptionalValue("mp.jwt.verify.publickey", String.class).filter(s -> !s.isBlank())
                        .isPresent();
        if (!issuer || !key) {
            throw new IllegalStateException("authentication is on (medscribe.auth.enabled) but "
                    + (issuer ? "" : "no token issuer (MEDSCRIBE_AUTH_ISSUER) ")
                    + (issuer || key ? "" : "and ")
                    + (key ? "" : "no public key (MEDSCRIBE_AUTH_PUBLIC_KEY_LOCATION) ")
                    + "is configured; set them, or MEDSCRIBE_AUTH_ENABLED=false for a local demo on loopback");
        }
        LOG.infof("authentication is on: bearer tokens from the configured issuer%s",
                triggerSubjects.isEmpty() ? "" : "; the upload trigger only for " + triggerSubjects.size() + " subject(s)");
    }
}
