package ai.medscribe.functions.bundles;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: UP once a diffusion bundle is loaded and warmed up; DOWN with the reason before that or
 * while none is valid. Names each bundle serving and its version ({@code diffusionVersion}: "2", "unversioned").
 */
@Readiness
@ApplicationScoped
public class BundleReadiness implements HealthCheck {

    private final BundleRegistry registry;

    public BundleReadiness(BundleRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        BundleRegistry.Status s = registry.status();
        var builder = HealthCheckResponse.named("model-bundles")
                .status(s.state() == BundleRegistry.State.READY)
                .withData("state", s.state().name())
                .withData("reason", s.reason());
        s.bundles().values().forEach(b -> builder.withData(b.name(), "sha256 " + b.sha256() + ", max length "
                + b.maxLength()).withData(b.name() + "Version", b.version()));
        return builder.build();
    }
}
