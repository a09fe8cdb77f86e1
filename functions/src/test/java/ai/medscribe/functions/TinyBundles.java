package ai.medscribe.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.medscribe.model.ModelKind;
import ai.medscribe.train.BundleTraining;
import ai.medscribe.train.TinyNotes;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;

/**
 * A bundles directory with tiny diffusion and autoregressive bundles (diffusion/, autoregressive/),
 * trained once per test JVM on the core's short test notes (a few seconds each). The path is kept in
 * a system property, so the Quarkus test class loaders and plain unit tests share one training.
 */
final class TinyBundles {

    private static final String PROPERTY = "medscribe.test.tiny-bundles";
    static final List<String> NOTES = TinyNotes.generate(260, 11);

    private TinyBundles() {
    }

    static Path directory() {
        synchronized (System.getProperties()) {
            String known = System.getProperty(PROPERTY);
            if (known != null) {
                return Path.of(known);
            }
            try {
                Path root = Files.createTempDirectory("medscribe-functions-bundles");
                var options = new TrainingOptions(10, 32, 3e-3, 1e-4, 10, 7L, true, false);
                for (ModelKind kind : ModelKind.values()) {
                    BundleTraining.run(kind, "tiny", options, NOTES.subList(0, 220), NOTES.subList(220, 240),
                            NOTES.subList(240, 260), root.resolve(kind.id()), TrainingListener.NONE);
                }
                System.setProperty(PROPERTY, root.toString());
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Copies the tree under {@code source} to {@code target} (directories made, files replaced); returns target. */
    static Path copyTree(Path source, Path target) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
