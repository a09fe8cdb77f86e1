package ai.medscribe;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Serving stands apart from training: bundle/ and sample/ compile without anything from train/. */
class LayeringTest {

    /** The core module's directory is src/, where the tests run. */
    static final Path MAIN = Path.of("main/java/ai/medscribe");

    @Test
    void bundleAndSampleImportNothingFromTrain() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String layer : List.of("bundle", "sample")) {
            Path dir = MAIN.resolve(layer);
            assertTrue(Files.isDirectory(dir), "no sources at " + dir.toAbsolutePath());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).contains("ai.medscribe.train")) {
                            offenders.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "bundle/ and sample/ must not depend on train/");
    }
}
