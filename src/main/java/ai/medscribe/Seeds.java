package ai.medscribe;

import ai.medscribe.note.Section;

import java.nio.charset.StandardCharsets;

/**
 * Every seed the code derives from a user's {@code --seed} or a request's {@code seed}, in one place.
 * One number makes a run repeatable; each stream of random draws gets a seed of its own from it.
 *
 * <p><b>New purposes</b> use {@link #derive(long, String, long)}: SplitMix64's mixer over the seed,
 * the purpose's name and an index, so nearby seeds, purposes and indices give unrelated streams.
 *
 * <p><b>The purposes that exist</b> keep the arithmetic they were written with (the legacy
 * derivations below), because their draws are pinned: changing one would change the corpus in
 * {@code work/data}, what a resumed training run draws, the shipped bundles' training curves and
 * evaluation figures, or the notes a request gets for its seed. They are, by where they are drawn:
 * <ul>
 *   <li>data: {@link #corpusNotes} (synthetic notes), {@link #corpusSplit} (train/val/test shuffle);</li>
 *   <li>training: {@link #initialWeights}, {@link #trainingEpoch} (shuffle and masks of an epoch),
 *       {@link #dropout} and {@link #dropoutSite} (stateless dropout masks), {@link #validationMasks},
 *       {@link #perplexityMasks}, {@link #probePositions};</li>
 *   <li>diffusion sampling: {@link #diffusionStep} (a row's draws for one step), {@link #commitOrder} (random-order commits), {@link #scaffoldLengths} (a
 *       scaffold's drawn section lengths), {@link #sharedBatchRow} (a row of a shared batch);</li>
 *   <li>autoregressive sampling: {@link #arStep}, {@link #arSection};</li>
 *   <li>both samplers: {@link #statelessPair} (the device's seed pair), {@link #consecutive} (the
 *       i-th note of a request or of an evaluation run).</li>
 * </ul>
 */
public final class Seeds {

    /** SplitMix64's increment (2^64 / golden ratio). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * A well-mixed seed for the {@code index}-th stream of {@code purpose} under {@code seed}: distinct
     * (seed, purpose, index) give unrelated seeds, and the same ones always give the same seed.
     */
    public static long derive(long seed, String purpose, long index) {
        long z = mix(seed + GOLDEN_GAMMA);
        z = mix(z ^ (fnv1a(purpose) + 2 * GOLDEN_GAMMA));
        return mix(z ^ (index + 3 * GOLDEN_GAMMA));
    }

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection of 64-bit values that spreads every input bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** FNV-1a over the UTF-8 bytes: a stable 64-bit hash of a purpose's name. */
    private static long fnv1a(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    // ---- data (legacy: pins the notes and the split in work/data) ----------------------------

    /** The synthetic corpus's generator: the seed itself. */
    public static long corpusNotes(long seed) {
        return seed;
    }

    /** The train/validation/test shuffle: the seed itself. */
    public static long corpusSplit(long seed) {
        return seed;
    }

    // ---- training (legacy: pins the shipped bundles' training and a resumed run's draws) -------

    /** The stateless pair that draws the initial values of the {@code variable}-th weight matrix (0-based). */
    public static long[] initialWeights(long seed, int variable) {
        return new long[] {seed, variable + 1L};
    }

    /** The shuffle and masks of one epoch (1-based), so a run resumed at an epoch draws what an uninterrupted one would. */
    public static long trainingEpoch(long seed, int epoch) {
        return seed * 1_000_003L + epoch;
    }

    /** The stateless pair of one optimizer step's dropout masks; each dropout site adds {@link #dropoutSite} to its second half. */
    public static long[] dropout(long seed, int step) {
        return new long[] {seed, step};
    }

    /** The salt of the embedding's dropout site. */
    public static final long EMBEDDING_DROPOUT_SITE = 17L;

    /** The salt of a named dropout site (say {@code layer0.attn.drop}), so each site draws its own mask. */
    public static long dropoutSite(String name) {
        return name.hashCode();
    }

    /** The validation loss's masks: the same every epoch, so the curve compares across epochs. */
    public static long validationMasks(long seed) {
        return seed ^ 0x5eed_7a1L;
    }

    /** The test perplexity's mask draws. */
    public static long perplexityMasks(long seed) {
        return seed + 7919;
    }

    /** The probe's masked positions: the same every epoch, so the curve compares across epochs and recipes. */
    public static long probePositions(long seed) {
        return seed ^ 0x9_0be;
    }

    // ---- diffusion sampling (legacy: pins the notes a seed gives and the evaluation figures) ---

    /** A row's draws for one denoising step (0-based), from the row's seed. */
    public static long diffusionStep(long seed, int step) {
        return seed * GOLDEN_GAMMA + step;
    }

    /** The order in which the random strategy commits masked positions: the seed itself. */
    public static long commitOrder(long seed) {
        return seed;
    }

    /** The section lengths drawn for the {@code note}-th scaffold of a batch. */
    public static long scaffoldLengths(long seed, int note) {
        return seed * 31 + note;
    }

    /** The {@code index}-th row of a request seeded {@code seed} in a shared batch (SplitMix64's multipliers). */
    public static long sharedBatchRow(long seed, int index) {
        return seed * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL + 1;
    }

    // ---- autoregressive sampling (legacy) ------------------------------------------------------

    /** The sampling noise of one AR step (0-based). */
    public static long arStep(long seed, int step) {
        return seed * 1_000_003L + step;
    }

    /** The stream of one section written by AR infilling. */
    public static long arSection(long seed, Section section) {
        return seed * 7 + section.ordinal();
    }

    // ---- both samplers (legacy) ----------------------------------------------------------------

    /** The stateless random pair a device sampling head takes for a seed. */
    public static long[] statelessPair(long seed) {
        return new long[] {seed, seed ^ GOLDEN_GAMMA};
    }

    /**
     * The {@code index}-th note of a request (a batch infill's notes without their own seed) or of an
     * evaluation run: consecutive seeds, as the functions document, so note i of seed s is note 0 of seed s + i.
     */
    public static long consecutive(long seed, int index) {
        return seed + index;
    }
}
