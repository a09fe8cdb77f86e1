package ai.medscribe.sample;

import ai.medscribe.bundle.ModelBundle;
import ai.medscribe.model.ModelKind;

import java.util.List;

/**
 * Writes notes with one loaded bundle, whichever model it holds: whole notes, and the missing
 * sections of partial notes. Build one per bundle ({@link #of}) and keep it while the bundle serves.
 */
public interface NoteSampler {

    /**
     * Writes {@code count} notes of at most {@code maxLength} tokens; {@code mode} lays out a
     * diffusion note (the autoregressive baseline always writes left to right from "HPI:").
     */
    List<GeneratedNote> generate(int count, int maxLength, NoteGenerator.Mode mode, SamplerOptions options);

    /** Fills the requested sections of each partial note, keeping the given ones verbatim. */
    List<GeneratedNote> infill(List<InfillRequest> requests, SamplerOptions options);

    /** The longest note the model writes, in tokens. */
    int maxLength();

    /** The sampler of {@code bundle}'s model: {@link NoteGenerator} or {@link AutoregressiveSampler}. */
    static NoteSampler of(ModelBundle bundle) {
        return bundle.kind() == ModelKind.DIFFUSION ? new NoteGenerator(bundle) : new AutoregressiveSampler(bundle);
    }
}
