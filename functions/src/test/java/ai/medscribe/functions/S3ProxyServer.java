package ai.medscribe.functions;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

import ai.medscribe.store.S3ObjectStore;

/**
 * A real S3 protocol server for tests: s3proxy over an in-memory blob store, on a free local port,
 * with the given buckets, and the settings an {@link S3ObjectStore} reaches it with.
 */
public final class S3ProxyServer implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final S3ObjectStore.Settings settings;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobs, S3ObjectStore.Settings settings) {
        this.proxy = proxy;
        this.blobs = blobs;
        this.settings = settings;
    }

    public static S3ProxyServer start(String... buckets) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        BlobStore blobs = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class).getBlobStore();
        for (String bucket : buckets) {
            blobs.createContainerInLocation(null, bucket);
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy, blobs, new S3ObjectStore.Settings(Optional.of(endpoint), "us-east-1",
                Optional.of("access"), Optional.of("secret")));
    }

    public S3ObjectStore.Settings settings() {
        return settings;
    }

    /** The blob store behind the server, to look at what was written without going through S3. */
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
