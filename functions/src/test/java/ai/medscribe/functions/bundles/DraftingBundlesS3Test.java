package ai.medscribe.functions.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ai.medscribe.draft.DraftBundle;
import ai.medscribe.functions.S3ProxyServer;
import ai.medscribe.functions.TinyDraftBundles;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.S3ObjectStore;

/**
 * Drafting bundles read from an object store (a real S3 protocol server, s3proxy): one model's bundle
 * unversioned, the other's as numbered versions, the newest taken; an empty prefix names where it looked.
 */
class DraftingBundlesS3Test {

    @Test
    void draftingBundlesUnderAnS3PrefixAreCopiedAndLoadedTheNewestVersionFirst() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start("models")) {
            S3ObjectStore.Settings settings = server.settings();
            uploadAndLoad(settings);
        }
    }

    private static void uploadAndLoad(S3ObjectStore.Settings settings) throws Exception {
        Path root = TinyDraftBundles.directory();
        try (S3ObjectStore store = new S3ObjectStore(settings)) {
            upload(store, root.resolve("diffusion"), "drafting/diffusion/");
            // version 3, the newest, is broken (no SavedModel): version 2, whole, is taken
            upload(store, root.resolve("autoregressive"), "drafting/autoregressive/2/");
            store.put("models", "drafting/autoregressive/3/" + DraftBundle.METADATA,
                    Files.readAllBytes(root.resolve("autoregressive").resolve(DraftBundle.METADATA)), "application/json");

            DraftingBundles fromS3 = new DraftingBundles("s3://models/drafting", () -> new S3ObjectStore(settings));
            DraftingBundles local = new DraftingBundles(root.toString(), () -> {
                throw new AssertionError("a directory needs no store");
            });
            try {
                fromS3.load();
                local.load();
                DraftingBundles.Status s = fromS3.await(Duration.ofSeconds(5));
                assertEquals(Map.of(), s.missing());
                for (ModelKind kind : ModelKind.values()) {
                    assertEquals(local.require(kind).modelHash(), fromS3.require(kind).modelHash(), kind.id());
                }
                // it drafts
                var draft = fromS3.require(ModelKind.AUTOREGRESSIVE).drafter().draft(TinyDraftBundles.TRANSCRIPT,
                        ai.medscribe.dialog.MtsHeader.GENHX, ai.medscribe.draft.Drafter.Options.defaults());
                assertTrue(draft.passes() > 0);
            } finally {
                fromS3.close();
                local.close();
            }

            DraftingBundles empty = new DraftingBundles("s3://models/nothing-here", () -> new S3ObjectStore(settings));
            empty.load();
            String why = empty.status().missing().get(ModelKind.DIFFUSION);
            assertTrue(why.startsWith("no drafting bundle at s3://models/nothing-here"), why);
            empty.close();
        }
    }

    private static void upload(S3ObjectStore store, Path dir, String prefix) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                store.put("models", prefix + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p),
                        "application/octet-stream");
            }
        }
    }
}
