package ai.medscribe.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store against someone who can write its folder: a file or a folder swapped for a
 * symbolic link while the store reads and writes (a thread renames a prepared link over it in a
 * loop, a bounded number of times), a folder key, a FIFO, an oversized object.
 */
class LocalObjectStoreRaceTest {

    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final int READS = 20_000;
    private static final int WRITES = 3_000;

    @TempDir
    Path tmp;

    /** A thread that runs {@code swap} until stopped, ignoring failures (the store may hold a name). */
    private static Thread swapper(AtomicBoolean stop, AtomicInteger swaps, IoAction swap) {
        Thread t = new Thread(() -> {
            while (!stop.get() && swaps.get() < 200_000) {
                try {
                    swap.run();
                    swaps.incrementAndGet();
                } catch (IOException | RuntimeException ignored) {
                    // the other side raced us: try again
                }
            }
        }, "swapper");
        t.setDaemon(true);
        t.start();
        return t;
    }

    interface IoAction {
        void run() throws IOException;
    }

    private static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".put-")).toList();
        }
    }

    @Test
    void aFileSwappedForALinkDuringReadsNeverReadsOutsideTheStore() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path secret = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("secret.txt"),
                "OUTSIDE SECRET");
        Path incoming = Files.createDirectories(store.resolve("notes/incoming"));
        Path target = incoming.resolve("race.txt");
        byte[] inside = "HPI: inside".getBytes(StandardCharsets.UTF_8);
        Files.write(target, inside);
        LocalObjectStore local = new LocalObjectStore(store);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Path link = incoming.resolve("prepared-link");
        Path file = incoming.resolve("prepared-file");
        Thread t = swapper(stop, swaps, () -> {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, secret);
            Files.move(link, target, StandardCopyOption.ATOMIC_MOVE);
            Files.write(file, inside);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        });
        try {
            assertTimeoutPreemptively(BOUND, () -> {
                for (int i = 0; i < READS; i++) {
                    try {
                        assertArrayEquals(inside, local.read("notes", "incoming/race.txt", 32_000));
                    } catch (IllegalArgumentException | StoreException expected) {
                        // a link (refused) or a name in the middle of its exchange (missing)
                    }
                }
            });
        } finally {
            stop.set(true);
            t.join();
        }
        assertTrue(swaps.get() > 10, "the swapper ran: " + swaps.get());
        assertEquals("OUTSIDE SECRET", Files.readString(secret));
    }

    @Test
    void aFolderAndAFileSwappedForLinksDuringWritesWriteNothingOutsideAndLeaveNoTempFiles() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path outsideFile = Files.writeString(outside.resolve("victim.json"), "UNTOUCHED");
        Path completed = Files.createDirectories(store.resolve("notes/completed"));
        Path wr = Files.createDirectories(completed.resolve("wr"));
        AtomicInteger parkings = new AtomicInteger();
        Path dirLink = completed.resolve("prepared-dir-link");
        Path target = completed.resolve("target.json");
        Path fileLink = completed.resolve("prepared-file-link");
        LocalObjectStore local = new LocalObjectStore(store);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread t = swapper(stop, swaps, () -> {
            // the folder: moved aside, a link to the outside put in its place, then back
            Files.deleteIfExists(dirLink);
            Files.createSymbolicLink(dirLink, outside);
            Path parked = completed.resolve("parked-" + parkings.incrementAndGet());
            Files.move(wr, parked, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(dirLink, wr, StandardCopyOption.ATOMIC_MOVE);
                Files.move(wr, dirLink, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.isSymbolicLink(wr)) {
                    Files.delete(wr);
                }
                if (!Files.exists(wr)) {
                    Files.move(parked, wr, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            // the file: a link to the outside file renamed over it
            Files.deleteIfExists(fileLink);
            Files.createSymbolicLink(fileLink, outsideFile);
            Files.move(fileLink, target, StandardCopyOption.ATOMIC_MOVE);
        });
        AtomicInteger wrote = new AtomicInteger();
        try {
            assertTimeoutPreemptively(BOUND, () -> {
                for (int i = 0; i < WRITES; i++) {
                    byte[] note = ("{\"note\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                    for (String key : List.of("completed/wr/note-" + i + ".json", "completed/target.json")) {
                        try {
                            if (i % 2 == 0) {
                                local.put("notes", key, note, "application/json");
                            } else {
                                local.putIfAbsent("notes", key, note, "application/json");
                            }
                            wrote.incrementAndGet();
                        } catch (IllegalArgumentException | StoreException expected) {
                            // refused (a link) or failed (a folder gone mid-walk): nothing written
                        }
                    }
                }
            });
        } finally {
            stop.set(true);
            t.join();
        }
        assertTrue(swaps.get() > 10, "the swapper ran: " + swaps.get());
        assertTrue(wrote.get() > 0, "some writes went through");
        try (Stream<Path> files = Files.walk(outside)) {
            assertEquals(List.of(outside, outsideFile), files.sorted().toList(), "nothing written outside the store");
        }
        assertEquals("UNTOUCHED", Files.readString(outsideFile));
        assertEquals(List.of(), tempFiles(store), "no temp files left in the store");
    }

    @Test
    void aFolderKeyIsRefusedAsAFolder() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.createDirectories(store.resolve("notes/incoming/sub"));
        LocalObjectStore local = new LocalObjectStore(store);
        ObjectRefusedException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(ObjectRefusedException.class, () -> local.read("notes", "incoming/sub", 32_000)));
        assertEquals(ObjectRefusedException.Reason.FOLDER, e.reason());
        assertFalse(e.missing());
        assertEquals(ObjectRefusedException.Reason.FOLDER, assertThrows(ObjectRefusedException.class,
                () -> local.read("notes", "incoming/sub/", 32_000)).reason());
        assertFalse(local.exists("notes", "incoming/sub"));
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path fifo = Files.createDirectories(store.resolve("notes/incoming")).resolve("fifo.txt");
        int made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
        } catch (IOException noMkfifo) {
            made = -1;
        }
        assumeTrue(made == 0, "mkfifo is not available");
        LocalObjectStore local = new LocalObjectStore(store);
        ObjectRefusedException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(ObjectRefusedException.class, () -> local.read("notes", "incoming/fifo.txt", 32_000)));
        assertEquals(ObjectRefusedException.Reason.SPECIAL_FILE, e.reason());
    }

    @Test
    void anOversizedObjectIsRefusedNamingTheLimitWithoutReadingIt() throws Exception {
        Path store = Files.createDirectories(tmp.resolve("store"));
        Path big = Files.createDirectories(store.resolve("notes/incoming")).resolve("big.txt");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // 3 GiB, sparse
        }
        LocalObjectStore local = new LocalObjectStore(store);
        ObjectRefusedException e = assertTimeoutPreemptively(BOUND,
                () -> assertThrows(ObjectRefusedException.class, () -> local.read("notes", "incoming/big.txt", 32_000)));
        assertEquals(ObjectRefusedException.Reason.TOO_LARGE, e.reason());
        assertEquals(32_000, e.limit());
        assertTrue(e.getMessage().contains("32000"), e.getMessage());
        // exactly at the limit is read
        Files.write(big, new byte[32_000]);
        assertEquals(32_000, local.read("notes", "incoming/big.txt", 32_000).length);
    }

    @Test
    void aReadThatDoesNotFinishInTimeIsAFailedStoreNotAHungThread() throws Exception {
        // a FIFO swapped in after the type check is what this guards; here the pool's bound is shown
        // with a store whose timeout is tiny and a FIFO that is reached through the plain read path
        Path store = Files.createDirectories(tmp.resolve("store"));
        Files.createDirectories(store.resolve("notes/incoming"));
        Files.write(store.resolve("notes/incoming/a.txt"), new byte[1]);
        LocalObjectStore hurried = new LocalObjectStore(store, Duration.ofMillis(1));
        assertTimeoutPreemptively(BOUND, () -> {
            for (int i = 0; i < 50; i++) {
                try {
                    hurried.read("notes", "incoming/a.txt", 10);
                } catch (StoreException e) {
                    assertFalse(e.missing());
                }
            }
        });
    }
}
