package ai.medscribe.functions.api.dto;

import ai.medscribe.functions.bundles.BundleSource;

import ai.medscribe.bundle.ModelBundle;

/**
 * Which model answered: {@code id} is type and preset ("diffusion-small", as in benchmark rows), {@code sha256} the
 * bundle's content hash (the same as in provenance records), {@code parameters} its size, {@code version} the bundle
 * version served ("2" for {@code diffusion/2/}, "unversioned" for a bundle directly in {@code diffusion/}).
 */
public record ModelInfo(String id, String type, String preset, String sha256, long parameters, String version) {

    public ModelInfo(String id, String type, String preset, String sha256, long parameters) {
        this(id, type, preset, sha256, parameters, BundleSource.UNVERSIONED);
    }

    public static ModelInfo of(ModelBundle bundle, String version) {
        String type = bundle.kind().id();
        String preset = bundle.metadata().preset();
        return new ModelInfo(type + "-" + preset, type, preset, bundle.metadata().sha256(),
                bundle.metadata().parameterCount(), version);
    }
}
