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
}
