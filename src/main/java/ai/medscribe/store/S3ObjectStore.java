package ai.medscribe.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3-compatible storage through AWS SDK v2. A single PUT is atomic in S3: the object appears
 * whole or not at all, so a failed upload leaves no partial output.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    /**
     * How to reach the store. An empty endpoint means AWS itself; a set one (MinIO, s3proxy, GCS
     * interop) turns on path-style access. Empty credentials fall back to the SDK's default chain.
     */
    public record Settings(Optional<URI> endpoint, String region, Optional<String> accessKey,
            Optional<String> secretKey) {
    }

    private final S3Client client;

    public S3ObjectStore(Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKey().isPresent() && settings.secretKey().isPresent()
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                // S3-compatible servers (MinIO, s3proxy) do not all take the SDK's default trailing
                // CRC checksums with aws-chunked bodies; send checksums only where S3 requires them.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        this.client = builder.build();
    }

    @Override
    public byte[] read(String bucket, String key) {
        ObjectStore.checkKey(bucket, key);
        try {
            return client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (NoSuchKeyException e) {
            throw StoreException.missing(bucket, key);
        } catch (SdkException e) {
            throw StoreException.failed("read", bucket, key, e);
        }
    }

    /**
     * The object's Content-Length is looked at before its body is read: a larger object is refused
     * and the connection aborted; the body is read through a bound of {@code maxBytes + 1} bytes
     * whatever the length said.
     */
    @Override
    public byte[] read(String bucket, String key, long maxBytes) {
        ObjectStore.checkKey(bucket, key);
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(
                GetObjectRequest.builder().bucket(bucket).key(key).build())) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort();
                throw ObjectRefusedException.tooLarge(bucket, key, maxBytes);
            }
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > maxBytes) {
                in.abort();
                throw ObjectRefusedException.tooLarge(bucket, key, maxBytes);
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            throw StoreException.missing(bucket, key);
        } catch (SdkException | java.io.IOException e) {
            throw StoreException.failed("read", bucket, key, e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        ObjectStore.checkKey(bucket, key);
        try {
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
                    RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw StoreException.failed("write", bucket, key, e);
        }
    }

    /**
     * A PUT with {@code If-None-Match: *} (S3 conditional writes): S3 answers 412 when the key
     * exists, and the object stays as it was. A 409 (another conditional write of the key still in
     * flight) is a store failure worth retrying: a retry finds the object or writes it.
     */
    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] bytes, String contentType) {
        ObjectStore.checkKey(bucket, key);
        try {
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                    .ifNoneMatch("*").build(), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw StoreException.failed("write", bucket, key, e);
        } catch (SdkException e) {
            throw StoreException.failed("write", bucket, key, e);
        }
    }

    @Override
    public boolean exists(String bucket, String key) {
        ObjectStore.checkKey(bucket, key);
        try {
            client.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (NoSuchBucketException e) {
            throw StoreException.failed("find", bucket, key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw StoreException.failed("find", bucket, key, e);
        } catch (SdkException e) {
            throw StoreException.failed("find", bucket, key, e);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix) {
        ObjectStore.checkKey(bucket, "x");
        try {
            List<String> keys = new ArrayList<>();
            client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().forEach(o -> keys.add(o.key()));
            keys.sort(null);
            return keys;
        } catch (SdkException e) {
            throw StoreException.failed("list", bucket, prefix, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
