package ai.medscribe.functions;

import ai.medscribe.functions.service.NoteWriter;
import ai.medscribe.functions.upload.TriggerSettings;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.bundles.BundleRegistry;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.upload.UploadEvent;
import ai.medscribe.functions.upload.UploadTrigger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.store.S3ObjectStore;

/** The upload trigger over the S3 protocol, against s3proxy on loopback started here. */
class UploadTriggerS3Test {

    private static S3ProxyServer proxy;
    private static BlobStore blobs;
    private static S3ObjectStore store;
    private static UploadTrigger trigger;
    private static BundleRegistry bundles;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("notes");
        blobs = proxy.blobs();
        store = new S3ObjectStore(proxy.settings());
        bundles = new BundleRegistry(TinyBundles.directory().toString(), () -> {
            throw new AssertionError("bundles are local here");
        });
        bundles.reload();
        trigger = new UploadTrigger(new TriggerSettings("notes", "incoming/", "completed/", 10, 0.8, 8000), store,
                new NoteWriter(bundles));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        proxy.close();
        bundles.close();
    }

    private static long completedCount() {
        return blobs.list("notes", ListContainerOptions.Builder.prefix("completed/").recursive()).stream()
                .map(StorageMetadata::getName).count();
    }

    @Test
    void aRedeliveredEventGivesTheSameOutputAndNoDuplicate() throws Exception {
        store.put("notes", "incoming/visit-7.json",
                "{\"note\":\"HPI: chest pain. EXAM: normal.\"}".getBytes(StandardCharsets.UTF_8), "application/json");
        List<UploadEvent> event = UploadEvent.from(new ObjectMapper().readTree(
                "{\"Records\":[{\"s3\":{\"bucket\":{\"name\":\"notes\"},\"object\":{\"key\":\"incoming/visit-7.json\"}}}]}"));
        CompletedUpload first = trigger.handle(event).get(0);
        assertFalse(first.alreadyCompleted());
        byte[] written = store.read("notes", first.outputKey());
        long before = completedCount();

        CompletedUpload again = trigger.handle(event).get(0);
        assertTrue(again.alreadyCompleted());
        assertEquals(first.outputKey(), again.outputKey());
        assertEquals(first.provenance(), again.provenance());
        assertArrayEquals(written, store.read("notes", again.outputKey()));
        assertEquals(before, completedCount());
        assertEquals(List.of(ai.medscribe.note.Section.ASSESSMENT, ai.medscribe.note.Section.PLAN), first.generated());
        assertEquals(List.of(ai.medscribe.note.Section.ROS), first.withheld());
        var doc = new ObjectMapper().readTree(written);
        assertEquals("chest pain.", doc.path("sections").path("HPI").asText());
        assertEquals("normal.", doc.path("sections").path("EXAM").asText());
        assertEquals(bundles.bundle(ai.medscribe.model.ModelKind.DIFFUSION).orElseThrow().sha256(),
                first.provenance().modelHash());
    }

    @Test
    void keysOutsideTheBucketOrPrefixAreRefusedAndNothingIsWritten() {
        long before = completedCount();
        for (UploadEvent e : List.of(new UploadEvent("notes", "completed/x.json"),
                new UploadEvent("notes", "incoming/../completed/x.json"), new UploadEvent("other", "incoming/a.txt"),
                new UploadEvent("notes", "/incoming/a.txt"))) {
            BadRequestException refused = assertThrows(BadRequestException.class, () -> trigger.handle(List.of(e)));
            assertEquals(403, refused.status());
        }
        assertEquals(before, completedCount());
    }

    @Test
    void theSeedFollowsFromKeyAndContent() {
        assertEquals(UploadTrigger.seed("incoming/a.txt", "00"), UploadTrigger.seed("incoming/a.txt", "00"));
        assertTrue(UploadTrigger.seed("incoming/a.txt", "00") != UploadTrigger.seed("incoming/a.txt", "01"));
    }
}
