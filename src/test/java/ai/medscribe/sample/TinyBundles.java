package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;
import ai.medscribe.train.BundleTraining;
import ai.medscribe.train.TinyNotes;
import ai.medscribe.train.TrainingListener;
import ai.medscribe.train.TrainingOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Tiny diffusion and AR bundles trained once per test JVM on short seeded notes, for the sampler tests. */
final class TinyBundles {

    static final List<String> NOTES = TinyNotes.generate(260, 11);
    private static final Map<ModelKind, ModelBundle> BUNDLES = new EnumMap<>(ModelKind.class);

    private TinyBundles() {
    }

    static synchronized ModelBundle get(ModelKind kind) {
        return BUNDLES.computeIfAbsent(kind, TinyBundles::train);
    }

    private static ModelBundle train(ModelKind kind) {
        try {
            Path dir = Files.createTempDirectory("medscribe-tiny-" + kind.name().toLowerCase());
            var options = new TrainingOptions(10, 32, 3e-3, 1e-4, 10, 7L, true, false);
            var report = BundleTraining.run(kind, "tiny", options, NOTES.subList(0, 220), NOTES.subList(220, 240),
                    NOTES.subList(240, 260), dir.resolve("bundle"), TrainingListener.NONE);
            return ModelBundle.load(report.bundle());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
