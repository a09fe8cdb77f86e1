package ai.medscribe.functions;

import ai.medscribe.bundle.ModelBundle;

/**
 * Which model answered: {@code id} is type and preset ("diffusion-small", as in benchmark rows), {@code sha256} the
 * bundle's content hash (the same as in provenance records), {@code parameters} its size.
 */
public record ModelInfo(String id, String type, String preset, String sha256, long parameters) {

    static ModelInfo of(ModelBundle bundle) {
        String type = bundle.kind().id();
        String preset = bundle.metadata().preset();
        return new ModelInfo(type + "-" + preset, type, preset, bundle.metadata().sha256(),
                bundle.metadata().parameterCount());
    }
}
