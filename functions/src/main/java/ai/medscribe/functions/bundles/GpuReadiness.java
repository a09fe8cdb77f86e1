package ai.medscribe.functions.bundles;

import ai.medscribe.functions.config.MedscribeConfig;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Readiness with {@code medscribe.require-gpu} (the gpu overlay sets it): DOWN, with the reason,
 * while TensorFlow has no GPU, so a GPU replica without one (no NVIDIA runtime, an old driver, the
 * CPU image) takes no traffic instead of serving slowly on the CPU. TensorFlow is asked once, at
 * start; a GPU does not come or go in a running container. Without the setting this check is
 * switched off in application.properties and readiness is the bundles' alone.
 */
@Readiness
@ApplicationScoped
public class GpuReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(GpuReadiness.class);

    private final boolean required;
    private volatile CompletableFuture<TensorFlowGpu.Answer> answer;

    public GpuReadiness(MedscribeConfig config) {
        this.required = config.requireGpu();
    }

    void onStart(@Observes StartupEvent start) {
        if (required) {
            answer();
        }
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("gpu").withData("required", required);
        if (!required) {
            return builder.up().withData("reason", "medscribe.require-gpu is off").build();
        }
        TensorFlowGpu.Answer a = answer().getNow(null);
        if (a == null) {
            return builder.down().withData("reason", "asking TensorFlow for a GPU").build();
        }
        return builder.status(a.present())
                .withData("reason", a.present() ? "TensorFlow has a GPU: " + a.detail()
                        : "no GPU visible to TensorFlow (medscribe.require-gpu is on): " + a.detail())
                .build();
    }

    private CompletableFuture<TensorFlowGpu.Answer> answer() {
        if (answer == null) {
            synchronized (this) {
                if (answer == null) {
                    answer = CompletableFuture.supplyAsync(GpuReadiness::ask)
                            .exceptionally(e -> new TensorFlowGpu.Answer(false, "TensorFlow failed: " + e));
                }
            }
        }
        return answer;
    }

    private static TensorFlowGpu.Answer ask() {
        TensorFlowGpu.Answer a = TensorFlowGpu.find();
        if (a.present()) {
            LOG.infof("medscribe.require-gpu: %s", a.detail());
        } else {
            LOG.warnf("medscribe.require-gpu: no GPU visible to TensorFlow, readiness stays DOWN: %s", a.detail());
        }
        return a;
    }
}
