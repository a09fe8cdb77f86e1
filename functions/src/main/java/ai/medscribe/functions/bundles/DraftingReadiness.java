package ai.medscribe.functions.bundles;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the drafting bundles: always UP (drafting is optional, as the autoregressive note
 * bundle is: a replica without drafting bundles still serves generate and infill, and answers draft
 * 503), with each drafting model's state as data: its model hash when loaded, or why it is not.
 */
@Readiness
@ApplicationScoped
public class DraftingReadiness implements HealthCheck {

    private final DraftingBundles bundles;

    public DraftingReadiness(DraftingBundles bundles) {
        this.bundles = bundles;
    }

    @Override
    public HealthCheckResponse call() {
        DraftingBundles.Status s = bundles.status();
        var builder = HealthCheckResponse.named("drafting-bundles").up().withData("state", s.state().name());
        s.loaded().forEach((kind, l) -> builder.withData(kind.id(), "model hash " + l.modelHash()));
        s.missing().forEach((kind, why) -> builder.withData(kind.id(), "unavailable: " + why));
        return builder.build();
    }
}
