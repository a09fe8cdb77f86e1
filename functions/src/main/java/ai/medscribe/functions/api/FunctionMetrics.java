package ai.medscribe.functions.api;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-function metrics: {@code medscribe.function.requests} (timer: count and latency, tagged
 * function, model, outcome), {@code medscribe.function.steps} (denoising steps asked for), and
 * {@code medscribe.function.errors} (tagged function, status) from the error handler, and
 * {@code medscribe.function.model.runs} (tagged function): how often the upload trigger ran the model.
 */
@ApplicationScoped
public class FunctionMetrics {

    private final MeterRegistry registry;

    public FunctionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T time(String function, String model, int steps, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } finally {
            Timer.builder("medscribe.function.requests").tag("function", function).tag("model", model)
                    .tag("outcome", outcome).publishPercentileHistogram(false)
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (steps > 0) {
                DistributionSummary.builder("medscribe.function.steps").tag("function", function).tag("model", model)
                        .register(registry).record(steps);
            }
        }
    }

    public void modelRun(String function) {
        Counter.builder("medscribe.function.model.runs").tag("function", function).register(registry).increment();
    }

    public void error(String function, int status) {
        Counter.builder("medscribe.function.errors").tag("function", function).tag("status", String.valueOf(status))
                .register(registry).increment();
    }
}
