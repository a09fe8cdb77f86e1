package ai.medscribe.functions.web;

/**
 * A CDI event fired (synchronously, on the sampling thread) once a stream's {@code step} event has
 * been written: {@code index} 0 is the start canvas. Nothing in the service observes it; an observer
 * may block, holding the sampler.
 */
public record StreamedStep(int index) {
}
