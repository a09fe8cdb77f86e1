package ai.medscribe.model;

import java.util.List;

/**
 * Architecture of one model. {@code ffn} is the hidden width of each layer's MLP; {@code dropout}
 * applies only while training. {@code epochs} and {@code warmupSteps} are the preset's schedule defaults.
 * {@code shiftedOutput} (diffusion only) makes position p's logits come from the hidden state at p-1,
 * as an AR model's do (the first position's from the last), so a diffusion model can start from a
 * trained AR baseline's weights and keep what each position already predicts (Dream, DiffuLLaMA).
 */
public record ModelConfig(ModelKind kind, String preset, int vocabSize, int maxLength, int dModel, int heads,
                          int layers, int ffn, float dropout, int epochs, int warmupSteps, boolean shiftedOutput,
                          int sourceLength) {

    public ModelConfig(ModelKind kind, String preset, int vocabSize, int maxLength, int dModel, int heads,
                       int layers, int ffn, float dropout, int epochs, int warmupSteps) {
        this(kind, preset, vocabSize, maxLength, dModel, heads, layers, ffn, dropout, epochs, warmupSteps, false);
    }

    public ModelConfig(ModelKind kind, String preset, int vocabSize, int maxLength, int dModel, int heads,
                       int layers, int ffn, float dropout, int epochs, int warmupSteps, boolean shiftedOutput) {
        this(kind, preset, vocabSize, maxLength, dModel, heads, layers, ffn, dropout, epochs, warmupSteps, shiftedOutput, 0);
    }

    /** The drafting presets: a canvas of a transcript region, a section header and a note region. */
    public static final List<String> DRAFT_PRESETS = List.of("tiny", "small");

    /**
     * A drafting model: the canvas holds {@code sourceLength} transcript positions, then the header of
     * the section to write, then {@code noteLength} note positions (see {@link DraftGraph}). {@code tiny}
     * is for tests; {@code small} (d128, 4 heads, 4 layers) is sized for a run on 2 cores.
     */
    public static ModelConfig draftPreset(String name, ModelKind kind, int vocabSize) {
        return switch (name) {
            case "tiny" -> new ModelConfig(kind, "draft-tiny", vocabSize, 48 + 1 + 31, 32, 2, 2, 128, 0.0f, 6, 20,
                    false, 48);
            case "small" -> new ModelConfig(kind, "draft-small", vocabSize, SMALL_SOURCE + 1 + SMALL_NOTE, 128, 4, 4,
                    512, 0.1f, kind == ModelKind.DIFFUSION ? 40 : 20, 200, false, SMALL_SOURCE);
            default -> throw new IllegalArgumentException("unknown drafting preset '" + name + "' (expected "
                    + DRAFT_PRESETS + ")");
        };
    }

    static final int SMALL_SOURCE = 320;
    static final int SMALL_NOTE = 191;

    /** Whether this model drafts from a transcript (its canvas has a source region). */
    public boolean drafts() {
        return sourceLength > 0;
    }

    /** The note region's length (after the header position); 0 for a note model. */
    public int noteLength() {
        return drafts() ? maxLength - sourceLength - 1 : 0;
    }

    public static final List<String> PRESETS = List.of("tiny", "small", "base");

    public ModelConfig {
        if (dModel % heads != 0 || dModel % 2 != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " must be even and divisible by heads " + heads);
        }
        if (vocabSize < 3 || maxLength < 2 || layers < 1 || ffn < 1 || dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("invalid model config " + preset);
        }
        if (sourceLength < 0 || (sourceLength > 0 && sourceLength + 2 > maxLength)) {
            throw new IllegalArgumentException("a source region of " + sourceLength + " does not fit a canvas of "
                    + maxLength);
        }
        if (shiftedOutput && kind != ModelKind.DIFFUSION) {
            throw new IllegalArgumentException("shiftedOutput applies to the diffusion model only");
        }
    }

    /**
     * The named presets. The epoch defaults come from measurements: a diffusion model learns far more
     * slowly than the AR baseline, and one started from the AR baseline's weights keeps improving to
     * 90 epochs, so the small preset trains 90; the AR baseline converges in 15. The table and the
     * curves: {@code docs/training.md} ("Presets") and {@code docs/experiments.md}.
     */
    public static ModelConfig preset(String name, ModelKind kind, int vocabSize) {
        boolean diffusion = kind == ModelKind.DIFFUSION;
        return switch (name) {
            case "tiny" -> new ModelConfig(kind, name, vocabSize, 128, 32, 2, 2, 128, 0.0f, 8, 20);
            case "small" -> new ModelConfig(kind, name, vocabSize, 128, 128, 4, 4, 512, 0.1f,
                    diffusion ? 90 : 15, 300);
            case "base" -> new ModelConfig(kind, name, vocabSize, 128, 256, 4, diffusion ? 6 : 4, 1024, 0.1f,
                    diffusion ? 60 : 15, 500);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (expected " + PRESETS + ")");
        };
    }

    public ModelConfig withEpochs(int e) {
        return new ModelConfig(kind, preset, vocabSize, maxLength, dModel, heads, layers, ffn, dropout, e, warmupSteps,
                shiftedOutput, sourceLength);
    }

    public int headDim() {
        return dModel / heads;
    }

    public ModelConfig withVocabSize(int v) {
        return new ModelConfig(kind, preset, v, maxLength, dModel, heads, layers, ffn, dropout, epochs, warmupSteps,
                shiftedOutput, sourceLength);
    }

    public ModelConfig withShiftedOutput(boolean shifted) {
        return new ModelConfig(kind, preset, vocabSize, maxLength, dModel, heads, layers, ffn, dropout, epochs, warmupSteps,
                shifted, sourceLength);
    }
}
