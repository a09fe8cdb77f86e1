package ai.medscribe.bundle;

import ai.medscribe.Seeds;
import ai.medscribe.model.CachedStepGraph;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A loaded model bundle: its metadata, tokenizer and SavedModel signatures. Thread-safe (a TensorFlow
 * Session is). Loading checks that every file is there and that the SHA-256 digests match.
 */
public final class ModelBundle implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final BundleMetadata metadata;
    private final Tokenizer tokenizer;
    private final SavedModelBundle savedModel;
    private final boolean cachedStep;

    private ModelBundle(Path dir, BundleMetadata metadata, Tokenizer tokenizer, SavedModelBundle savedModel) {
        this.dir = dir;
        this.metadata = metadata;
        this.tokenizer = tokenizer;
        this.savedModel = savedModel;
        this.cachedStep = savedModel.signatures().stream().map(Signature::key).toList()
                .containsAll(java.util.List.of(BundleExporter.NEXT_TOKEN_CACHED, BundleExporter.PREFILL));
    }

    public static ModelBundle load(Path dir) throws IOException {
        return load(dir, true);
    }

    /**
     * {@link #load(Path)}; without {@code currentGraph} a diffusion bundle exported before today's denoise
     * step loads too (for {@code reexport}, which reads its metadata and weights only).
     */
    static ModelBundle load(Path dir, boolean currentGraph) throws IOException {
        for (String name : new String[] {BundleMetadata.FILE_NAME, Tokenizer.FILE_NAME, BundleFiles.SAVED_MODEL,
                BundleFiles.VARIABLES, BundleFiles.TRAINING}) {
            if (!Files.exists(dir.resolve(name))) {
                throw new IOException("model bundle " + dir + " is missing " + name);
            }
        }
        BundleMetadata metadata;
        try {
            metadata = JSON.readValue(dir.resolve(BundleMetadata.FILE_NAME).toFile(), BundleMetadata.class);
        } catch (IOException e) {
            throw new IOException("model bundle " + dir + ": cannot read " + BundleMetadata.FILE_NAME + ": " + e.getMessage(), e);
        }
        if (metadata.files() == null || metadata.sha256() == null) {
            throw new IOException("model bundle " + dir + ": " + BundleMetadata.FILE_NAME + " has no file digests");
        }
        Map<String, String> actual = BundleFiles.digests(dir);
        for (var expected : metadata.files().entrySet()) {
            if (!expected.getValue().equals(actual.get(expected.getKey()))) {
                throw new IOException("model bundle " + dir + ": " + expected.getKey() + " is missing or corrupt (SHA-256 mismatch)");
            }
        }
        if (!actual.keySet().equals(metadata.files().keySet()) || !BundleFiles.combined(actual).equals(metadata.sha256())) {
            throw new IOException("model bundle " + dir + ": file set does not match " + BundleMetadata.FILE_NAME);
        }
        Tokenizer tokenizer = Tokenizer.load(dir.resolve(Tokenizer.FILE_NAME));
        if (tokenizer.vocabSize() != metadata.config().vocabSize()) {
            throw new IOException("model bundle " + dir + ": vocab.json has " + tokenizer.vocabSize()
                    + " tokens, the model " + metadata.config().vocabSize());
        }
        int threads;
        try {
            threads = SessionThreads.configured();
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot load model bundle " + dir + ": " + e.getMessage(), e);
        }
        SavedModelBundle saved = SavedModelBundle.loader(dir.toString()).withTags("serve")
                .withConfigProto(SessionThreads.config(threads)).load();
        if (currentGraph && metadata.config().kind() == ModelKind.DIFFUSION && !feedsUniforms(saved)) {
            saved.close();
            throw new IOException("model bundle " + dir + " was exported before the denoise step took fed draws and "
                    + "a shorter canvas; re-export it from its own weights: reexport --from " + dir + " --out NEW_DIR");
        }
        return new ModelBundle(dir, metadata, tokenizer, saved);
    }

    /** Whether the bundle's denoise step takes one uniform draw per position (and so a canvas of any length). */
    private static boolean feedsUniforms(SavedModelBundle saved) {
        return saved.signatures().stream().anyMatch(s -> s.key().equals(BundleExporter.DENOISE_STEP)
                && s.getInputs().containsKey(BundleExporter.UNIFORM));
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Path directory() {
        return dir;
    }

    /** The bundle's training.json: the loss curves of the training that made it, one record per epoch. */
    public Path trainingCurvesFile() {
        return dir.resolve(BundleFiles.TRAINING);
    }

    public ModelKind kind() {
        return metadata.config().kind();
    }

    public int maxLength() {
        return metadata.maxLength();
    }

    /**
     * Logits [B][L][V] for tokens [B][L]; {@code t} (mask ratio per sequence) is ignored by the AR model.
     * L is maxLength, or less for the diffusion model (a canvas without its padding tail).
     */
    public float[][][] logits(int[][] tokens, float[] t) {
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens))) {
            if (kind() == ModelKind.AUTOREGRESSIVE) {
                try (Result r = savedModel.function(BundleExporter.LOGITS).call(Map.of(ModelGraph.TOKENS, in))) {
                    return StdArrays.array3dCopyOf((TFloat32) output(r, BundleExporter.LOGITS));
                }
            }
            try (TFloat32 tt = TFloat32.vectorOf(t);
                 Result r = savedModel.function(BundleExporter.LOGITS).call(Map.of(ModelGraph.TOKENS, in, ModelGraph.T, tt))) {
                return StdArrays.array3dCopyOf((TFloat32) output(r, BundleExporter.LOGITS));
            }
        }
    }

    /**
     * One diffusion denoise step in the graph: samples the masked positions at {@code temperature} (at or
     * below 1e-4: greedy) under the {@code forbid} bitmask (see {@code SamplingHeads}), each by inverse
     * CDF with its {@code uniform} draw in (0, 1) (one per position, [B][L] like the tokens); the other
     * positions answer their input token with confidence 1. The same inputs give the same ids.
     */
    public DenoiseStep denoiseStep(int[][] tokens, float[] t, float temperature, float[][] uniform, int[][] forbid) {
        requireKind(ModelKind.DIFFUSION);
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TFloat32 tt = TFloat32.vectorOf(t);
             TFloat32 temp = TFloat32.scalarOf(temperature);
             TFloat32 u = TFloat32.tensorOf(StdArrays.ndCopyOf(uniform));
             TInt32 f = TInt32.tensorOf(StdArrays.ndCopyOf(forbid));
             Result r = savedModel.function(BundleExporter.DENOISE_STEP).call(Map.of(ModelGraph.TOKENS, in, ModelGraph.T, tt,
                     BundleExporter.TEMPERATURE, temp, BundleExporter.UNIFORM, u, BundleExporter.FORBID, f))) {
            return new DenoiseStep(StdArrays.array2dCopyOf((TInt32) output(r, BundleExporter.IDS)),
                    StdArrays.array2dCopyOf((TFloat32) output(r, BundleExporter.CONFIDENCE)));
        }
    }

    /** The AR model's next token: sampled from the logits at {@code positions[b]} of each sequence. */
    public NextToken nextToken(int[][] tokens, int[] positions, float temperature, long seed) {
        requireKind(ModelKind.AUTOREGRESSIVE);
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TInt32 pos = TInt32.vectorOf(positions);
             TFloat32 temp = TFloat32.scalarOf(temperature);
             TInt64 s = seedTensor(seed);
             Result r = savedModel.function(BundleExporter.NEXT_TOKEN).call(Map.of(ModelGraph.TOKENS, in,
                     BundleExporter.POSITION, pos, BundleExporter.TEMPERATURE, temp, BundleExporter.SEED, s))) {
            return new NextToken(StdArrays.array1dCopyOf((TInt32) output(r, BundleExporter.IDS)),
                    StdArrays.array1dCopyOf((TFloat32) output(r, BundleExporter.CONFIDENCE)));
        }
    }

    /** Whether this AR bundle has the key/value-cached step (bundles exported before it do not). */
    public boolean hasCachedStep() {
        return cachedStep;
    }

    /** Empty caches (zeros) for {@code batch} rows, to start {@link #nextTokenCached} from position 0. */
    public DecoderCache emptyCache(int batch) {
        requireCachedStep();
        var shape = CachedStepGraph.cacheShape(metadata.config(), batch);
        return new DecoderCache(batch, TFloat32.tensorOf(shape, DataBuffers.ofFloats(shape.size())),
                TFloat32.tensorOf(shape, DataBuffers.ofFloats(shape.size())));
    }

    /**
     * Caches holding the keys and values of every position of {@code tokens}, from one full causal
     * pass: a prompt of any length costs one pass, then {@link #nextTokenCached} continues from its last
     * token (positions after it hold keys of padding, each overwritten when its token is fed).
     */
    public DecoderCache prefill(int[][] tokens) {
        requireCachedStep();
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens))) {
            Result r = savedModel.function(BundleExporter.PREFILL).call(Map.of(ModelGraph.TOKENS, in));
            try {
                return new DecoderCache(tokens.length, r);
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    /**
     * The AR model's next token through the cached step: feeds each row's token at {@code positions[b]}
     * of {@code tokens} (the row so far: the step reads that token and which earlier ones are padding),
     * writes its keys and values into {@code cache} and samples from that position's logits. Equal to
     * {@link #nextToken} with the same arguments once the cache holds positions 0..positions[b]-1.
     */
    public NextToken nextTokenCached(int[][] tokens, int[] positions, DecoderCache cache, float temperature, long seed) {
        requireCachedStep();
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TInt32 pos = TInt32.vectorOf(positions);
             TFloat32 temp = TFloat32.scalarOf(temperature);
             TInt64 s = seedTensor(seed)) {
            Result r = savedModel.function(BundleExporter.NEXT_TOKEN_CACHED).call(Map.of(ModelGraph.TOKENS, in,
                    BundleExporter.POSITION, pos, CachedStepGraph.KEY_CACHE, cache.keys(),
                    CachedStepGraph.VALUE_CACHE, cache.values(), BundleExporter.TEMPERATURE, temp, BundleExporter.SEED, s));
            try {
                NextToken next = new NextToken(StdArrays.array1dCopyOf((TInt32) output(r, BundleExporter.IDS)),
                        StdArrays.array1dCopyOf((TFloat32) output(r, BundleExporter.CONFIDENCE)));
                cache.update(r);
                return next;
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    /** The cached step's logits [B][V] at {@code positions}, updating {@code cache} as {@link #nextTokenCached} does. */
    public float[][] logitsCached(int[][] tokens, int[] positions, DecoderCache cache) {
        requireCachedStep();
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TInt32 pos = TInt32.vectorOf(positions)) {
            Result r = savedModel.function(BundleExporter.LOGITS_CACHED).call(Map.of(ModelGraph.TOKENS, in,
                    BundleExporter.POSITION, pos, CachedStepGraph.KEY_CACHE, cache.keys(),
                    CachedStepGraph.VALUE_CACHE, cache.values()));
            try {
                float[][] logits = StdArrays.array2dCopyOf((TFloat32) output(r, BundleExporter.LOGITS));
                cache.update(r);
                return logits;
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    private void requireCachedStep() {
        requireKind(ModelKind.AUTOREGRESSIVE);
        if (!cachedStep) {
            throw new UnsupportedOperationException("this AR bundle was exported before the cached step ("
                    + BundleExporter.NEXT_TOKEN_CACHED + ")");
        }
    }

    /** The stateless seed pair of a long seed. */
    static TInt64 seedTensor(long seed) {
        return TInt64.vectorOf(Seeds.statelessPair(seed));
    }

    private static Tensor output(Result r, String name) {
        return r.get(name).orElseThrow(() -> new IllegalStateException("signature output " + name + " missing"));
    }

    private void requireKind(ModelKind kind) {
        if (kind() != kind) {
            throw new UnsupportedOperationException("this is a " + kind().id() + " bundle, not " + kind.id());
        }
    }

    @Override
    public void close() {
        savedModel.close();
    }
}
