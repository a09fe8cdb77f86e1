package ai.medscribe.bundle;

import ai.medscribe.corpus.CorpusProvenance;
import ai.medscribe.model.CachedStepGraph;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.ModelKind;
import ai.medscribe.model.SamplingHeads;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports a trained model as a bundle: an inference-only graph (no dropout, no optimizer) restored
 * from a training checkpoint and saved as a SavedModel (tag serve) with plain signatures,
 * then vocab.json, training.json and medscribe.json with the SHA-256 of those files.
 */
public final class BundleExporter {

    public static final String LOGITS = "logits";
    public static final String DENOISE_STEP = "denoise_step";
    public static final String NEXT_TOKEN = "next_token";
    /** The AR bundle's key/value-cached step: next_token's inputs and outputs plus the caches in and out. */
    public static final String NEXT_TOKEN_CACHED = "next_token_cached";
    /** The cached step's logits at the position [B, V] and the caches: for checks against the full pass. */
    public static final String LOGITS_CACHED = "logits_cached";
    /** A prompt's caches from one full causal pass: tokens in, key_cache and value_cache out. */
    public static final String PREFILL = "prefill";
    static final String TEMPERATURE = "temperature";
    static final String SEED = "seed";
    /** The diffusion step's per-position draws in (0, 1), [B, L]: the sampler's noise, fed per row. */
    static final String UNIFORM = "uniform";
    static final String FORBID = "forbid";
    static final String POSITION = "position";
    static final String IDS = "ids";
    static final String CONFIDENCE = "confidence";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleExporter() {
    }

    public static BundleMetadata export(Checkpoint checkpoint, Object trainingCurves, Tokenizer tokenizer,
                                        List<String> trainTexts, TrainingSummary summary, Path dir) throws IOException {
        return export(checkpoint, trainingCurves, tokenizer, trainTexts, summary, CorpusProvenance.unknown(), dir);
    }

    /**
     * Exports the bundle from {@code checkpoint}, writing {@code trainingCurves} (any value Jackson
     * writes) as training.json and recording where the training notes came from.
     */
    public static BundleMetadata export(Checkpoint checkpoint, Object trainingCurves, Tokenizer tokenizer,
                                        List<String> trainTexts, TrainingSummary summary, CorpusProvenance corpus,
                                        Path dir) throws IOException {
        ModelConfig config = checkpoint.config();
        clean(dir);
        Map<String, Integer> headers = tokenizer.headerIds();
        int[] headerIds = headers.values().stream().mapToInt(Integer::intValue).toArray();
        saveModel(config, checkpoint.initSeed(), checkpoint.prefix().toString(), headerIds, dir);
        tokenizer.save(dir.resolve(Tokenizer.FILE_NAME));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(BundleFiles.TRAINING).toFile(), trainingCurves);
        Map<String, String> files = BundleFiles.digests(dir);
        Map<String, Integer> special = new LinkedHashMap<>();
        special.put("pad", Tokenizer.PAD_ID);
        special.put("mask", Tokenizer.MASK_ID);
        special.put("unk", Tokenizer.UNK_ID);
        BundleMetadata metadata = new BundleMetadata(BundleMetadata.FORMAT, config.kind(), config.preset(), config,
                special, headers, config.maxLength(), LengthStats.perSection(trainTexts, tokenizer), checkpoint.parameterCount(),
                summary, files, BundleFiles.combined(files), corpus);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(BundleMetadata.FILE_NAME).toFile(), metadata);
        return metadata;
    }

    /**
     * The inference graph of {@code config} with its signatures (see the class comment and
     * {@code docs/design.md}, "The model bundle"), its variables restored from {@code checkpointPrefix}, saved as a SavedModel in {@code dir}.
     */
    private static void saveModel(ModelConfig config, long initSeed, String checkpointPrefix, int[] headerIds, Path dir)
            throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            // the diffusion model's canvas may be shorter than maxLength: a layout's fixed padding tail is left off
            ModelGraph model = ModelGraph.build(tf, config, initSeed, null, config.kind() == ModelKind.DIFFUSION);
            var temperature = tf.withName(TEMPERATURE).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            var seed = tf.withName(SEED).placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            Signature logits;
            Signature step;
            List<Signature> cached = new ArrayList<>();
            if (config.kind() == ModelKind.DIFFUSION) {
                var forbid = tf.withName(FORBID).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, -1)));
                var uniform = tf.withName(UNIFORM).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
                var sample = SamplingHeads.denoiseMasked(tf, model, forbid, temperature, uniform, config.vocabSize(), headerIds);
                logits = Signature.builder().key(LOGITS).input(ModelGraph.TOKENS, model.tokens())
                        .input(ModelGraph.T, model.t()).output(LOGITS, model.logits()).build();
                step = Signature.builder().key(DENOISE_STEP).input(ModelGraph.TOKENS, model.tokens())
                        .input(ModelGraph.T, model.t()).input(TEMPERATURE, temperature).input(UNIFORM, uniform)
                        .input(FORBID, forbid).output(IDS, sample.ids()).output(CONFIDENCE, sample.confidence()).build();
            } else {
                var position = tf.withName(POSITION).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
                var sample = SamplingHeads.nextToken(tf, model.logits(), position, temperature, seed,
                        config.maxLength(), config.vocabSize());
                logits = Signature.builder().key(LOGITS).input(ModelGraph.TOKENS, model.tokens())
                        .output(LOGITS, model.logits()).build();
                step = Signature.builder().key(NEXT_TOKEN).input(ModelGraph.TOKENS, model.tokens())
                        .input(POSITION, position).input(TEMPERATURE, temperature).input(SEED, seed)
                        .output(IDS, sample.ids()).output(CONFIDENCE, sample.confidence()).build();
                var cache = CachedStepGraph.build(tf, config, model.parameters(), model.tokens(), position);
                var cachedSample = SamplingHeads.nextToken(tf, cache.logits(), temperature, seed, config.vocabSize());
                cached.add(Signature.builder().key(NEXT_TOKEN_CACHED).input(ModelGraph.TOKENS, model.tokens())
                        .input(POSITION, position).input(CachedStepGraph.KEY_CACHE, cache.keyCache())
                        .input(CachedStepGraph.VALUE_CACHE, cache.valueCache()).input(TEMPERATURE, temperature)
                        .input(SEED, seed).output(IDS, cachedSample.ids()).output(CONFIDENCE, cachedSample.confidence())
                        .output(CachedStepGraph.KEY_CACHE, cache.keys()).output(CachedStepGraph.VALUE_CACHE, cache.values())
                        .build());
                cached.add(Signature.builder().key(LOGITS_CACHED).input(ModelGraph.TOKENS, model.tokens())
                        .input(POSITION, position).input(CachedStepGraph.KEY_CACHE, cache.keyCache())
                        .input(CachedStepGraph.VALUE_CACHE, cache.valueCache()).output(LOGITS, cache.logits())
                        .output(CachedStepGraph.KEY_CACHE, cache.keys()).output(CachedStepGraph.VALUE_CACHE, cache.values())
                        .build());
                cached.add(Signature.builder().key(PREFILL).input(ModelGraph.TOKENS, model.tokens())
                        .output(CachedStepGraph.KEY_CACHE, cache.prefillKeys())
                        .output(CachedStepGraph.VALUE_CACHE, cache.prefillValues()).build());
            }
            try (Session session = new Session(graph)) {
                session.restore(checkpointPrefix);
                var exporter = SavedModelBundle.exporter(dir.toString()).withSession(session)
                        .withFunction(SessionFunction.create(logits, session))
                        .withFunction(SessionFunction.create(step, session));
                for (Signature signature : cached) {
                    exporter.withFunction(SessionFunction.create(signature, session));
                }
                exporter.export();
            }
        }
    }

    /**
     * Re-exports a bundle's SavedModel from its own variables with today's signatures (an AR bundle
     * exported before the cached step gains it) into {@code to}: the weights, and so every logit, stay
     * as they were; the other files are copied and medscribe.json gets the new digests.
     */
    public static BundleMetadata reexport(Path from, Path to) throws IOException {
        return reexport(from, to, null, null);
    }

    /**
     * {@link #reexport(Path, Path)}, and with a {@code splitting} the new vocab.json keeps the same tokens in
     * the same order but records that rule; only if every note of {@code corpusDir} (train, val, test)
     * encodes to the same ids under it as under the bundle's own rule (see {@link SplittingCheck}), else
     * {@link SplittingCheck.Refused} before anything is written.
     */
    public static BundleMetadata reexport(Path from, Path to, Tokenizer.Splitting splitting, Path corpusDir)
            throws IOException {
        if (Files.exists(to) && Files.isSameFile(from, to)) {
            throw new IllegalArgumentException("re-export into another directory than " + from);
        }
        if (splitting != null && corpusDir == null) {
            throw new IllegalArgumentException("a new splitting needs the corpus whose notes must encode alike");
        }
        BundleMetadata old;
        Tokenizer tokenizer;
        try (ModelBundle bundle = ModelBundle.load(from, false)) {
            old = bundle.metadata();
            tokenizer = bundle.tokenizer();
        }
        if (splitting != null) {
            SplittingCheck check = SplittingCheck.of(tokenizer, splitting, corpusDir);
            if (!check.passes()) {
                throw new SplittingCheck.Refused(check);
            }
        }
        clean(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                Path rel = from.relativize(f);
                String top = rel.getName(0).toString();
                if (!top.equals(BundleFiles.SAVED_MODEL) && !top.equals(BundleFiles.VARIABLES)
                        && !top.equals(BundleMetadata.FILE_NAME)) {
                    Files.createDirectories(to.resolve(rel).getParent());
                    Files.copy(f, to.resolve(rel), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (splitting != null) {
            tokenizer.withSplitting(splitting).save(to.resolve(Tokenizer.FILE_NAME));
        }
        int[] headerIds = old.headerTokens().values().stream().mapToInt(Integer::intValue).toArray();
        String checkpoint = from.resolve(BundleFiles.VARIABLES).resolve(BundleFiles.VARIABLES).toString();
        saveModel(old.config(), 0L, checkpoint, headerIds, to);
        Map<String, String> files = BundleFiles.digests(to);
        BundleMetadata metadata = new BundleMetadata(old.format(), old.modelType(), old.preset(), old.config(),
                old.specialTokens(), old.headerTokens(), old.maxLength(), old.sectionLengths(), old.parameterCount(),
                old.training(), files, BundleFiles.combined(files), old.corpus());
        JSON.writerWithDefaultPrettyPrinter().writeValue(to.resolve(BundleMetadata.FILE_NAME).toFile(), metadata);
        return metadata;
    }

    private static void clean(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of(BundleFiles.SAVED_MODEL, BundleFiles.VARIABLES)) {
            Path p = dir.resolve(name);
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }
}
