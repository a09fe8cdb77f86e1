package ai.medscribe.functions.upload;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
    S3ObjectStore.Settings s3Settings(
            @ConfigProperty(name = "medscribe.store.s3.endpoint") Optional<URI> endpoint,
            @ConfigProperty(name = "medscribe.store.s3.region", defaultValue = "us-east-1") String region,
            @ConfigProperty(name = "medscribe.store.s3.access-key") Optional<String> accessKey,
            @ConfigProperty(name = "medscribe.store.s3.secret-key") Optional<String> secretKey) {
        return new S3ObjectStore.Settings(endpoint, region, accessKey, secretKey);
    }

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(
            @ConfigProperty(name = "medscribe.store.type", defaultValue = "local") String type,
            @ConfigProperty(name = "medscribe.store.local.root", defaultValue = "store") String localRoot,
            S3ObjectStore.Settings s3) {
        return switch (type) {
            case "local" -> new LocalObjectStore(Path.of(localRoot));
            case "s3" -> new S3ObjectStore(s3);
            default -> throw new IllegalStateException("medscribe.store.type must be local or s3, was " + type);
        };
    }
}
