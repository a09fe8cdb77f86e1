package ai.medscribe.functions.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.medscribe.store.LocalObjectStore;
import ai.medscribe.store.ObjectRefusedException;

/**
 * Not a test: uploads a 300 MB object (real bytes, not sparse) to a local store and reads it six at
 * a time, 60 times, with the trigger's limit (4 bytes x 8,000 characters), then prints the RSS
 * growth (VmRSS and its peak VmHWM from /proc/self/status, Linux only). Every read must be refused.
 * Run: {@code java -cp src/target/classes:functions/target/test-classes ai.medscribe.functions.bench.RefusedUploadRss}
 */
public final class RefusedUploadRss {

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) << 20 : 300L << 20;
        Path root = Files.createTempDirectory("medscribe-rss-bench");
        Path file = Files.createDirectories(root.resolve("notes/incoming")).resolve("huge.txt");
        byte[] chunk = "HPI: a very long note. ".repeat(40_000).getBytes();
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        LocalObjectStore store = new LocalObjectStore(root);
        System.gc();
        long before = status("VmRSS");
        long peakBefore = status("VmHWM");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<String>> reads = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            reads.add(pool.submit(() -> {
                try {
                    store.read("notes", "incoming/huge.txt", 4L * 8000);
                    return "read";
                } catch (ObjectRefusedException e) {
                    return e.reason().name();
                }
            }));
        }
        long refused = 0;
        for (Future<String> r : reads) {
            refused += r.get().equals("TOO_LARGE") ? 1 : 0;
        }
        pool.shutdown();
        long after = status("VmRSS");
        long peak = status("VmHWM");
        System.out.printf("object %d MB; %d of %d reads refused as too large%n", size >> 20, refused, reads.size());
        System.out.printf("RSS before %d MB, after %d MB: growth %d MB; peak %d MB -> %d MB: peak growth %d MB%n",
                before >> 10, after >> 10, (after - before) >> 10, peakBefore >> 10, peak >> 10, (peak - peakBefore) >> 10);
        Files.delete(file);
    }

    /** A /proc/self/status field in kB. */
    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
