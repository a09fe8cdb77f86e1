package ai.medscribe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** S3ObjectStore against a real S3 protocol server (s3proxy, in-memory backend) on loopback. */
class S3ObjectStoreTest {

    private static S3Proxy proxy;
    private static BlobStore blobs;
    private static S3ObjectStore store;
    private static URI endpoint;

    @BeforeAll
    static void startServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
        blobs = ContextBuilder.newBuilder("transient").overrides(new Properties())
                .build(BlobStoreContext.class).getBlobStore();
        blobs.createContainerInLocation(null, "notes");
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access", "test-secret").build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        store = new S3ObjectStore(new S3ObjectStore.Settings(Optional.of(endpoint), "us-east-1",
                Optional.of("test-access"), Optional.of("test-secret")));
    }

    @AfterAll
    static void stopServer() throws Exception {
        store.close();
        proxy.stop();
    }

    @Test
    void putThenReadOverTheS3Protocol() {
        byte[] bytes = "{\"note\":\"HPI: cough\"}".getBytes(StandardCharsets.UTF_8);
        store.put("notes", "incoming/a.json", bytes, "application/json");
        assertTrue(store.exists("notes", "incoming/a.json"));
        assertArrayEquals(bytes, store.read("notes", "incoming/a.json"));
    }

    /**
     * s3proxy 2.6.0 ignores If-None-Match on PutObject (gaul/s3proxy#732), so the conditional put
     * goes through {@link ConditionalPutGate}, which answers as S3 does: this checks that the store
     * sends {@code If-None-Match: *} and takes S3's 412 as "taken", leaving the first object.
     */
    @Test
    void aSecondConditionalPutOfTheSameKeyIsRefusedAndLeavesTheFirstObject() throws Exception {
        byte[] first = "{\"writer\":1}".getBytes(StandardCharsets.UTF_8);
        try (ConditionalPutGate gate = new ConditionalPutGate(endpoint, blobs);
                S3ObjectStore gated = new S3ObjectStore(new S3ObjectStore.Settings(Optional.of(gate.endpoint()),
                        "us-east-1", Optional.of("test-access"), Optional.of("test-secret")))) {
            assertTrue(gated.putIfAbsent("notes", "completed/once visit.json", first, "application/json"));
            assertFalse(gated.putIfAbsent("notes", "completed/once visit.json",
                    "{\"writer\":2}".getBytes(StandardCharsets.UTF_8), "application/json"));
            assertEquals(2, gate.conditionalPuts);
            assertArrayEquals(first, gated.read("notes", "completed/once visit.json"));
        }
        assertArrayEquals(first, store.read("notes", "completed/once visit.json"));
    }

    /** What s3proxy 2.6.0 itself does with the header: nothing (a second conditional put overwrites). */
    @Test
    void s3proxyItselfIgnoresIfNoneMatchOnPut() {
        store.putIfAbsent("notes", "completed/ignored.json", new byte[] {1}, "application/json");
        assertTrue(store.putIfAbsent("notes", "completed/ignored.json", new byte[] {2}, "application/json"),
                "s3proxy now honours If-None-Match on PUT: drop ConditionalPutGate and test against it directly");
    }

    @Test
    void listGivesEveryKeyUnderThePrefixSorted() {
        for (String key : java.util.List.of("models/diffusion/variables/variables.index", "models/diffusion/vocab.json",
                "models/other.txt", "incoming/b.json")) {
            store.put("notes", key, new byte[] {1}, "application/octet-stream");
        }
        assertEquals(java.util.List.of("models/diffusion/variables/variables.index", "models/diffusion/vocab.json"),
                store.list("notes", "models/diffusion/"));
        assertTrue(store.list("notes", "nothing-here/").isEmpty());
    }

    @Test
    void missingObjectIsToldApartFromAMissingBucket() {
        assertFalse(store.exists("notes", "incoming/none.json"));
        assertTrue(assertThrows(StoreException.class, () -> store.read("notes", "incoming/none.json")).missing());
        assertFalse(assertThrows(StoreException.class, () -> store.read("nobucket", "a.json")).missing());
    }

    @Test
    void wrongCredentialsAreAStoreFailure() {
        try (S3ObjectStore wrong = new S3ObjectStore(new S3ObjectStore.Settings(Optional.of(endpoint), "us-east-1",
                Optional.of("test-access"), Optional.of("not-the-secret")))) {
            StoreException e = assertThrows(StoreException.class,
                    () -> wrong.put("notes", "completed/x.json", new byte[] {1}, "application/json"));
            assertFalse(e.missing());
            assertFalse(store.exists("notes", "completed/x.json"));
        }
    }
}
