package ai.medscribe.functions.bundles;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import ai.medscribe.model.ModelKind;
import ai.medscribe.sample.NoteGenerator;
import ai.medscribe.sample.SamplerOptions;

/**
 * Writes one note per loaded model through the real samplers before readiness turns UP: the first
 * run of a TensorFlow signature is several times slower than the next (graph optimisation, buffer
 * allocation), and it should not be a user's note. The diffusion model writes one note alone and a
 * shared batch of two (the batcher's path), the autoregressive one a note through its sampler
 * (cached step when the bundle has it).
 */
public final class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    /** The wall time of the last warm-up's shared diffusion batch, ms (0 before any): a first Retry-After estimate. */
    private static volatile double sharedBatchMillis;

    private WarmUp() {
    }

    public static double batchMillis() {
        return sharedBatchMillis;
    }

    static void run(Map<ModelKind, LoadedBundle> bundles) {
        SamplerOptions options = SamplerOptions.defaults();
        LoadedBundle diffusion = bundles.get(ModelKind.DIFFUSION);
        if (diffusion != null) {
            long start = System.nanoTime();
            NoteGenerator generator = diffusion.diffusion();
            generator.generate(1, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD, options);
            long shared = System.nanoTime();
            generator.shared(List.of(new NoteGenerator.WholeNotes(2, generator.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                    0L)), options);
            sharedBatchMillis = (System.nanoTime() - shared) / 1e6;
            LOG.infof("warm-up: diffusion, 3 notes, %d ms", (System.nanoTime() - start) / 1_000_000);
        }
        LoadedBundle autoregressive = bundles.get(ModelKind.AUTOREGRESSIVE);
        if (autoregressive != null) {
            long start = System.nanoTime();
            autoregressive.sampler().generate(1, autoregressive.maxLength(), NoteGenerator.Mode.SCAFFOLD,
                    options.withSeed(0L));
            LOG.infof("warm-up: autoregressive, 1 note, %d ms", (System.nanoTime() - start) / 1_000_000);
        }
    }
}
