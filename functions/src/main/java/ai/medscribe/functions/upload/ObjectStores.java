package ai.medscribe.functions.upload;

import ai.medscribe.functions.config.MedscribeConfig;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;


import ai.medscribe.store.LocalObjectStore;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.S3ObjectStore;

/**
 * Produces the configured object store ({@code medscribe.store.type} local, the default, or s3) and
 * the S3 settings, which an {@code s3://} bundles location also uses.
 */
@ApplicationScoped
public class ObjectStores {

    @Produces
    @Singleton
    S3ObjectStore.Settings s3Settings(MedscribeConfig config) {
        MedscribeConfig.Store.S3 s3 = config.store().s3();
        return new S3ObjectStore.Settings(s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey());
    }

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(MedscribeConfig config, S3ObjectStore.Settings s3) {
        String type = config.store().type();
        return switch (type) {
            case "local" -> new LocalObjectStore(Path.of(config.store().local().root()));
            case "s3" -> new S3ObjectStore(s3);
            default -> throw new IllegalStateException("medscribe.store.type must be local or s3, was " + type);
        };
    }
}
