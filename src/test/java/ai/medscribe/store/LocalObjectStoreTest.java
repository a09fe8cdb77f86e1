package ai.medscribe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void putThenReadGivesTheSameBytesAndLeavesNoTempFiles() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        byte[] bytes = "PLAN: rest".getBytes(StandardCharsets.UTF_8);
        store.put("notes", "completed/a/b.json", bytes, "application/json");
        assertArrayEquals(bytes, store.read("notes", "completed/a/b.json"));
        assertTrue(store.exists("notes", "completed/a/b.json"));
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertEquals(List.of(root.resolve("notes/completed/a/b.json")), all);
        }
    }

    @Test
    void aSecondConditionalPutOfTheSameKeyIsRefusedAndLeavesTheFirstObject() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        byte[] first = "{\"writer\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(store.putIfAbsent("notes", "completed/a.json", first, "application/json"));
        assertFalse(store.putIfAbsent("notes", "completed/a.json", "{\"writer\":2}".getBytes(StandardCharsets.UTF_8),
                "application/json"));
        assertArrayEquals(first, store.read("notes", "completed/a.json"));
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root.resolve("notes/completed/a.json")), files.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void ofConcurrentConditionalPutsExactlyOneWrites() throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        int writers = 8;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Boolean>> wrote = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] bytes = ("{\"writer\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                wrote.add(pool.submit(() -> {
                    start.await();
                    return store.putIfAbsent("notes", "completed/b.json", bytes, "application/json");
                }));
            }
            start.countDown();
            int winner = -1;
            for (int i = 0; i < writers; i++) {
                if (wrote.get(i).get()) {
                    assertEquals(-1, winner, "two writers wrote");
                    winner = i;
                }
            }
            assertTrue(winner >= 0, "nobody wrote");
            assertEquals("{\"writer\":" + winner + "}", new String(store.read("notes", "completed/b.json"),
                    StandardCharsets.UTF_8));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listGivesEveryKeyUnderThePrefixSorted() {
        LocalObjectStore store = new LocalObjectStore(root);
        for (String key : List.of("models/diffusion/variables/variables.index", "models/diffusion/vocab.json",
                "models/other.txt")) {
            store.put("notes", key, new byte[] {1}, "application/octet-stream");
        }
        assertEquals(List.of("models/diffusion/variables/variables.index", "models/diffusion/vocab.json"),
                store.list("notes", "models/diffusion/"));
        assertEquals(List.of(), store.list("absent", "models/"));
    }

    @Test
    void readOfAMissingObjectSaysItIsMissing() {
        LocalObjectStore store = new LocalObjectStore(root);
        StoreException e = assertThrows(StoreException.class, () -> store.read("notes", "incoming/none.txt"));
        assertTrue(e.missing());
        assertFalse(store.exists("notes", "incoming/none.txt"));
    }

    @Test
    void aStoreThatCannotWriteFailsWithoutPartialOutput() throws Exception {
        // The bucket "path" is a plain file, so no directory can be made under it.
        Files.writeString(root.resolve("blocked"), "x");
        LocalObjectStore store = new LocalObjectStore(root);
        StoreException e = assertThrows(StoreException.class,
                () -> store.put("blocked", "out/a.json", new byte[] {1}, "application/json"));
        assertFalse(e.missing());
        assertEquals("x", Files.readString(root.resolve("blocked")));
    }

    @Test
    void keysThatLeaveTheBucketAreRefused() {
        LocalObjectStore store = new LocalObjectStore(root);
        for (String key : List.of("../other/a", "a/../../b", "/etc/passwd", "a\\b", "", "./a")) {
            assertThrows(IllegalArgumentException.class, () -> store.read("notes", key), key);
        }
        assertThrows(IllegalArgumentException.class, () -> store.put("..", "a", new byte[0], "text/plain"));
    }

    @Test
    void aSymbolicLinkOutOfTheBucketIsRefusedForReadExistsAndPut() throws Exception {
        Path store = Files.createDirectories(root.resolve("store"));
        Path outside = Files.writeString(Files.createDirectories(root.resolve("outside")).resolve("secret.txt"),
                "HPI: someone else's note");
        Path incoming = Files.createDirectories(store.resolve("notes/incoming"));
        Files.createSymbolicLink(incoming.resolve("link.txt"), outside);
        Files.createSymbolicLink(incoming.resolve("linkdir"), root.resolve("outside"));
        LocalObjectStore local = new LocalObjectStore(store);

        assertThrows(IllegalArgumentException.class, () -> local.read("notes", "incoming/link.txt"));
        assertThrows(IllegalArgumentException.class, () -> local.exists("notes", "incoming/link.txt"));
        assertThrows(IllegalArgumentException.class, () -> local.read("notes", "incoming/linkdir/secret.txt"));
        // a write through a linked directory would land outside the store
        assertThrows(IllegalArgumentException.class,
                () -> local.put("notes", "incoming/linkdir/new.txt", new byte[] {1}, "text/plain"));
        assertThrows(IllegalArgumentException.class,
                () -> local.put("notes", "incoming/linkdir/deeper/new.txt", new byte[] {1}, "text/plain"));
        assertFalse(Files.exists(root.resolve("outside/new.txt")));
        assertFalse(Files.exists(root.resolve("outside/deeper")));
        assertEquals("HPI: someone else's note", Files.readString(outside));
    }

    @Test
    void aBucketLinkedOutOfTheStoreAndADanglingLinkAreRefused() throws Exception {
        Path store = Files.createDirectories(root.resolve("store"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("a.txt"), "x");
        Files.createSymbolicLink(store.resolve("linked"), elsewhere);
        Path incoming = Files.createDirectories(store.resolve("notes/incoming"));
        Files.createSymbolicLink(incoming.resolve("dangling.txt"), root.resolve("nowhere.txt"));
        LocalObjectStore local = new LocalObjectStore(store);

        assertThrows(IllegalArgumentException.class, () -> local.read("linked", "a.txt"));
        assertThrows(IllegalArgumentException.class, () -> local.put("linked", "b.txt", new byte[] {1}, "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> local.read("notes", "incoming/dangling.txt"));
        assertThrows(IllegalArgumentException.class,
                () -> local.put("notes", "incoming/dangling.txt", new byte[] {1}, "text/plain"));
        assertFalse(Files.exists(root.resolve("nowhere.txt")));
    }

    @Test
    void linksInsideTheBucketAreRefusedTooButALinkedRootWorks() throws Exception {
        Path store = Files.createDirectories(root.resolve("store"));
        LocalObjectStore local = new LocalObjectStore(store);
        local.put("notes", "incoming/real.txt", "HPI: cough".getBytes(StandardCharsets.UTF_8), "text/plain");
        // no link is followed below the root: a link is refused at open, wherever it points
        Files.createSymbolicLink(store.resolve("notes/incoming/alias.txt"), store.resolve("notes/incoming/real.txt"));
        assertThrows(IllegalArgumentException.class, () -> local.read("notes", "incoming/alias.txt"));
        assertThrows(IllegalArgumentException.class, () -> local.exists("notes", "incoming/alias.txt"));
        // a store whose root is reached through a link works as before (the root is the operator's)
        Path linkedRoot = Files.createSymbolicLink(root.resolve("store-link"), store);
        LocalObjectStore throughLink = new LocalObjectStore(linkedRoot);
        assertEquals("HPI: cough", new String(throughLink.read("notes", "incoming/real.txt"), StandardCharsets.UTF_8));
        throughLink.put("notes", "completed/a.json", new byte[] {1}, "application/json");
        assertTrue(local.exists("notes", "completed/a.json"));
    }

    @Test
    void messagesNameTheKeyOnlyAsAHash() {
        LocalObjectStore store = new LocalObjectStore(root);
        String key = "incoming/Jane Roe MRN 0042.txt";
        StoreException e = assertThrows(StoreException.class, () -> store.read("notes", key));
        assertFalse(e.getMessage().contains("Jane"), e.getMessage());
        assertTrue(e.getMessage().contains(ObjectStore.logId(key)), e.getMessage());
        assertTrue(ObjectStore.logId(key).matches("key#[0-9a-f]{12}"), ObjectStore.logId(key));
    }
}
