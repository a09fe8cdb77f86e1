package ai.medscribe.draft;

import ai.medscribe.bundle.BundleFiles;
import ai.medscribe.model.DraftGraph;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelKind;
import ai.medscribe.model.Parameters;
import ai.medscribe.text.SubwordTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A drafting model bundle: a SavedModel (tag serve) whose signatures are the passes of
 * {@link DraftGraph} ({@value #ENCODE_SOURCE} once per request; {@value #DENOISE} per diffusion pass,
 * or {@value #AR_STEP} per AR token), {@code tokenizer.json} (Hugging Face format) and
 * {@code medscribe.json} ({@link DraftMetadata}: the config, the section controls, the note lengths
 * per section, the training summary and the SHA-256 of every file).
 */
public final class DraftBundle implements AutoCloseable {

    public static final String ENCODE_SOURCE = "encode_source";
    public static final String DENOISE = "denoise";
    public static final String NOTE_LOGITS = "note_logits";
    public static final String AR_STEP = "ar_step";
    public static final String METADATA = "medscribe.json";
    public static final String TRAINING = "training.json";
    static final String SAVED_MODEL = "saved_model.pb";
    static final String VARIABLES = "variables";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SavedModelBundle savedModel;
    private final Session session;
    private final SubwordTokenizer tokenizer;
    private final DraftMetadata metadata;
    private final Path dir;

    private DraftBundle(Path dir, SavedModelBundle savedModel, SubwordTokenizer tokenizer, DraftMetadata metadata) {
        this.dir = dir;
        this.savedModel = savedModel;
        this.session = savedModel.session();
        this.tokenizer = tokenizer;
        this.metadata = metadata;
    }

    /** Loads the bundle in {@code dir}, checking every file against the digests in its metadata. */
    public static DraftBundle load(Path dir) throws IOException {
        DraftMetadata metadata = metadata(dir);
        Map<String, String> actual = digests(dir);
        if (!actual.equals(metadata.files())) {
            throw new IOException("bundle " + dir + " does not match the digests in its " + METADATA
                    + " (a file was changed or is missing)");
        }
        SubwordTokenizer tokenizer = SubwordTokenizer.load(dir.resolve(SubwordTokenizer.FILE_NAME));
        SavedModelBundle saved = SavedModelBundle.loader(dir.toString()).withTags("serve").load();
        return new DraftBundle(dir, saved, tokenizer, metadata);
    }

    /** The metadata of the drafting bundle in {@code dir}, read without loading the model. */
    public static DraftMetadata metadata(Path dir) throws IOException {
        Path meta = dir.resolve(METADATA);
        if (!Files.isRegularFile(meta)) {
            throw new IOException("not a drafting bundle: " + dir + " has no " + METADATA);
        }
        DraftMetadata metadata = JSON.readValue(meta.toFile(), DraftMetadata.class);
        if (!DraftMetadata.FORMAT.equals(metadata.format())) {
            throw new IOException(dir + " is a bundle of format " + metadata.format() + ", not " + DraftMetadata.FORMAT);
        }
        return metadata;
    }

    /**
     * Writes the bundle into {@code dir}: the inference graph of {@code config} restored from the
     * training checkpoint at {@code checkpointPrefix}, the tokenizer, the curves and the metadata.
     */
    public static DraftMetadata export(ModelConfig config, String checkpointPrefix, long parameterCount,
                                       SubwordTokenizer tokenizer, Map<String, Integer> noteLengths,
                                       Object trainingCurves, DraftMetadata.Training training, Path dir) throws IOException {
        clean(dir);
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Parameters params = new Parameters(tf, 0L);
            var source = DraftGraph.source(tf, params, config);
            var cache = DraftGraph.sourceCache(tf, config, source.source());
            var note = DraftGraph.note(tf, params, config, cache);
            Signature encode = Signature.builder().key(ENCODE_SOURCE).input(DraftGraph.SOURCE, source.source())
                    .output(DraftGraph.SOURCE_KEYS, source.keys()).output(DraftGraph.SOURCE_VALUES, source.values()).build();
            var noteSignature = Signature.builder().key(config.kind() == ModelKind.DIFFUSION ? DENOISE : NOTE_LOGITS)
                    .input(DraftGraph.NOTE, note.note()).input(DraftGraph.SOURCE, source.source())
                    .input(DraftGraph.SOURCE_KEYS, cache.keys()).input(DraftGraph.SOURCE_VALUES, cache.values());
            if (note.t() != null) {
                noteSignature.input(DraftGraph.T, note.t());
            }
            Signature notePass = noteSignature.output(DraftGraph.LOGITS, note.logits()).build();
            Signature step = null;
            if (config.kind() == ModelKind.AUTOREGRESSIVE) {
                var ar = DraftGraph.arStep(tf, params, config, cache);
                step = Signature.builder().key(AR_STEP).input(DraftGraph.TOKEN, ar.token())
                        .input(DraftGraph.POSITION, ar.position()).input(DraftGraph.SOURCE, source.source())
                        .input(DraftGraph.SOURCE_KEYS, cache.keys()).input(DraftGraph.SOURCE_VALUES, cache.values())
                        .input(DraftGraph.NOTE_KEYS, ar.noteKeys()).input(DraftGraph.NOTE_VALUES, ar.noteValues())
                        .output(DraftGraph.LOGITS, ar.logits()).output(DraftGraph.NOTE_KEYS, ar.keys())
                        .output(DraftGraph.NOTE_VALUES, ar.values()).build();
            }
            try (Session session = new Session(graph)) {
                session.restore(checkpointPrefix);
                var exporter = SavedModelBundle.exporter(dir.toString()).withSession(session)
                        .withFunction(SessionFunction.create(encode, session))
                        .withFunction(SessionFunction.create(notePass, session));
                if (step != null) {
                    exporter.withFunction(SessionFunction.create(step, session));
                }
                exporter.export();
            }
        }
        tokenizer.save(dir.resolve(SubwordTokenizer.FILE_NAME));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(TRAINING).toFile(), trainingCurves);
        Map<String, String> files = digests(dir);
        Map<String, Integer> controls = new LinkedHashMap<>();
        for (String control : DraftCanvas.CONTROLS) {
            controls.put(control, tokenizer.id(control));
        }
        DraftMetadata metadata = new DraftMetadata(DraftMetadata.FORMAT, config.kind(), config.preset(), config,
                controls, noteLengths, parameterCount, training, files, BundleFiles.combined(files));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(METADATA).toFile(), metadata);
        return metadata;
    }

    /** The transcript's keys and values for a batch of sources [B, s]: computed once per request. */
    public record SourceState(int[][] source, TFloat32 keys, TFloat32 values) implements AutoCloseable {
        @Override
        public void close() {
            keys.close();
            values.close();
        }
    }

    public SourceState encodeSource(int[][] source) {
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(source))) {
            Result r = savedModel.function(ENCODE_SOURCE).call(Map.of(DraftGraph.SOURCE, in));
            return new SourceState(source, (TFloat32) r.get(DraftGraph.SOURCE_KEYS).orElseThrow(),
                    (TFloat32) r.get(DraftGraph.SOURCE_VALUES).orElseThrow());
        }
    }

    /** One pass over header and note [B, n] reading the transcript's cache: logits [B, n, V] (t ignored by the AR model). */
    public float[][][] noteLogits(SourceState state, int[][] note, float[] t) {
        boolean diffusion = kind() == ModelKind.DIFFUSION;
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(note));
             TInt32 src = TInt32.tensorOf(StdArrays.ndCopyOf(state.source()));
             TFloat32 tt = TFloat32.vectorOf(t == null ? new float[note.length] : t)) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            feeds.put(DraftGraph.NOTE, in);
            feeds.put(DraftGraph.SOURCE, src);
            feeds.put(DraftGraph.SOURCE_KEYS, state.keys());
            feeds.put(DraftGraph.SOURCE_VALUES, state.values());
            if (diffusion) {
                feeds.put(DraftGraph.T, tt);
            }
            try (Result r = savedModel.function(diffusion ? DENOISE : NOTE_LOGITS).call(feeds)) {
                return StdArrays.array3dCopyOf((TFloat32) r.get(DraftGraph.LOGITS).orElseThrow());
            }
        }
    }

    /** The AR model's note caches for a batch, [layers, B, H, noteLength + 1, hd], zero before the first step. */
    public TFloat32[] emptyNoteCache(int batch) {
        ModelConfig c = config();
        var shape = org.tensorflow.ndarray.Shape.of(c.layers(), batch, c.heads(), c.noteLength() + 1, c.headDim());
        // zero-filled: a fresh tensor's memory is not, and 0 * NaN is NaN even where the step writes
        return new TFloat32[] {TFloat32.tensorOf(shape, DataBuffers.of(new float[(int) shape.size()], true, false)),
                TFloat32.tensorOf(shape, DataBuffers.of(new float[(int) shape.size()], true, false))};
    }

    /**
     * One AR step: each row's {@code token} at note {@code position} through the model; returns its
     * logits [B, V] and replaces {@code noteCache}'s two tensors with the updated ones (the old ones closed).
     */
    public float[][] arStep(SourceState state, int[] token, int[] position, TFloat32[] noteCache) {
        try (TInt32 tok = TInt32.vectorOf(token);
             TInt32 pos = TInt32.vectorOf(position);
             TInt32 src = TInt32.tensorOf(StdArrays.ndCopyOf(state.source()))) {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            feeds.put(DraftGraph.TOKEN, tok);
            feeds.put(DraftGraph.POSITION, pos);
            feeds.put(DraftGraph.SOURCE, src);
            feeds.put(DraftGraph.SOURCE_KEYS, state.keys());
            feeds.put(DraftGraph.SOURCE_VALUES, state.values());
            feeds.put(DraftGraph.NOTE_KEYS, noteCache[0]);
            feeds.put(DraftGraph.NOTE_VALUES, noteCache[1]);
            Result r = savedModel.function(AR_STEP).call(feeds);
            float[][] logits = StdArrays.array2dCopyOf((TFloat32) r.get(DraftGraph.LOGITS).orElseThrow());
            r.get(DraftGraph.LOGITS).orElseThrow().close();
            noteCache[0].close();
            noteCache[1].close();
            noteCache[0] = (TFloat32) r.get(DraftGraph.NOTE_KEYS).orElseThrow();
            noteCache[1] = (TFloat32) r.get(DraftGraph.NOTE_VALUES).orElseThrow();
            return logits;
        }
    }

    public SubwordTokenizer tokenizer() {
        return tokenizer;
    }

    public DraftMetadata metadata() {
        return metadata;
    }

    public ModelConfig config() {
        return metadata.config();
    }

    public ModelKind kind() {
        return metadata.config().kind();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        savedModel.close();
        tokenizer.close();
    }

    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : List.of(SAVED_MODEL, SubwordTokenizer.FILE_NAME, TRAINING)) {
            out.put(name, BundleFiles.sha256(dir.resolve(name)));
        }
        try (Stream<Path> files = Files.walk(dir.resolve(VARIABLES))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), BundleFiles.sha256(f));
            }
        }
        return out;
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!f.equals(dir)) {
                        Files.delete(f);
                    }
                }
            }
        }
        Files.createDirectories(dir);
    }
}
