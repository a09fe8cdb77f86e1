package ai.medscribe.train;

import ai.medscribe.Seeds;
import ai.medscribe.bundle.Checkpoint;
import ai.medscribe.model.DraftGraph;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.model.ModelGraph;
import ai.medscribe.model.ModelKind;
import ai.medscribe.text.Tokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;

/**
 * Trains one model on padded token sequences: seeded shuffling and masking, AdamW with warm-up and
 * cosine decay, validation loss after each epoch, and a checkpoint after each epoch
 * ({@code workDir/checkpoint/ckpt} plus {@code state.json}) that {@code resume} continues from.
 * Seeds are derived per epoch and per step, so a resumed run draws what an uninterrupted one would.
 */
public final class Trainer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Trainer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is saved beside the checkpoint: completed epochs, optimizer step, wall time, curves. */
    public record State(int epoch, int step, double wallSeconds, List<EpochRecord> history) {
    }

    private final ModelConfig config;
    private final TrainingOptions options;
    private final TrainingObjective objective;
    /** Validation and perplexity always use the plain uniform ELBO, so curves compare across recipes. */
    private final TrainingObjective validationObjective;
    private final Path checkpointDir;
    private final Graph graph;
    private final Session session;
    private final long parameterCount;
    private final ai.medscribe.model.Parameters parameters;
    private final int[] headerIds;
    private State state = new State(0, 0, 0, List.of());

    public Trainer(ModelConfig config, TrainingOptions options, Path workDir) {
        this(config, options, workDir, new int[0]);
    }

    /** {@code headerIds}: the section header tokens, which section masking needs (none: uniform masking only). */
    public Trainer(ModelConfig config, TrainingOptions options, Path workDir, int[] headerIds) {
        this.config = config;
        this.options = options;
        this.objective = config.drafts() ? TrainingObjective.drafting(config, options.stratifiedT())
                : TrainingObjective.of(config.kind(), options, headerIds);
        this.validationObjective = config.drafts() ? TrainingObjective.drafting(config, false)
                : TrainingObjective.of(config.kind(), options.padAsTarget());
        this.headerIds = headerIds.clone();
        this.checkpointDir = workDir.resolve("checkpoint");
        this.graph = new Graph();
        this.parameters = TrainingGraph.build(graph, config, options.seed(), options.beta2()).model().parameters();
        this.parameterCount = parameters.count();
        this.session = new Session(graph);
    }

    /** Trains up to {@code options.epochs()} epochs in total (fewer if resuming) and returns the curves. */
    public List<EpochRecord> train(int[][] train, int[][] validation, TrainingListener listener) throws IOException {
        if (options.resume() && Files.exists(checkpointDir.resolve("state.json"))) {
            session.restore(checkpointPrefix().toString());
            state = JSON.readValue(checkpointDir.resolve("state.json").toFile(), State.class);
            LOG.info(() -> "resumed from epoch " + state.epoch() + " step " + state.step());
        } else {
            session.initialize();
            if (options.initFrom() != null) {
                warmStart(options.initFrom());
            }
        }
        int stepsPerEpoch = Math.max(1, (train.length + options.batchSize() - 1) / options.batchSize());
        int totalSteps = stepsPerEpoch * options.epochs();
        // a short run (few epochs) would otherwise end inside the warm-up and never decay
        int warmup = Math.min(options.warmupSteps() >= 0 ? options.warmupSteps() : config.warmupSteps(),
                Math.max(1, totalSteps / 5));
        var schedule = new LearningRateSchedule(options.learningRate(), options.minLearningRate(), warmup, totalSteps);
        List<EpochRecord> history = new ArrayList<>(state.history());
        int step = state.step();
        for (int epoch = state.epoch() + 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            listener.epochStarted(epoch, options.epochs(), stepsPerEpoch);
            Random random = new Random(Seeds.trainingEpoch(options.seed(), epoch));
            int[] order = shuffled(train.length, random);
            if (config.drafts()) {
                order = DraftBatch.bucketed(order, train, config, options.batchSize(), random);
            }
            double lossSum = 0;
            int seen = 0;
            List<Double> gradNorms = new ArrayList<>();
            for (int first = 0; first < train.length; first += options.batchSize()) {
                long stepStart = System.nanoTime();
                int[][] sequences = slice(train, order, first, options.batchSize());
                double rate = schedule.rate(step);
                double[] lossAndNorm = trainStep(batch(sequences, random), rate, step);
                double loss = lossAndNorm[0];
                gradNorms.add(lossAndNorm[1]);
                step++;
                lossSum += loss * sequences.length;
                seen += sequences.length;
                listener.stepFinished(step, loss, sequences.length / ((System.nanoTime() - stepStart) / 1e9));
            }
            double[] valLoss = lossParts(validation);
            Probe.Result probe = config.kind() == ModelKind.DIFFUSION && !config.drafts() ? new Probe(this, headerIds).run(validation) : null;
            double seconds = (System.nanoTime() - start) / 1e9;
            Collections.sort(gradNorms);
            boolean diffusion = config.kind() == ModelKind.DIFFUSION;
            EpochRecord record = new EpochRecord(epoch, step, lossSum / seen, valLoss[0], schedule.rate(step - 1), seconds,
                    diffusion ? valLoss[1] : null, diffusion ? valLoss[2] : null,
                    gradNorms.get(gradNorms.size() / 2), gradNorms.get(gradNorms.size() - 1),
                    probe == null ? null : probe.top1(), probe == null ? null : probe.nll(),
                    probe == null ? null : probe.halfTop1(), probe == null ? null : probe.halfNll());
            history.add(record);
            state = new State(epoch, step, state.wallSeconds() + seconds, List.copyOf(history));
            saveCheckpoint();
            listener.epochFinished(record);
            LOG.info(() -> String.format("epoch %d train %.4f val %.4f (%.1f s)", record.epoch(), record.trainLoss(),
                    record.valLoss(), record.seconds()));
        }
        return history;
    }

    /** A training batch of {@code sequences}: a drafting canvas is cut to the batch's lengths first. */
    private TrainingBatch batch(int[][] sequences, Random random) {
        if (!config.drafts()) {
            return objective.batch(sequences, random);
        }
        DraftBatch cut = DraftBatch.of(sequences, config, random);
        return TrainingObjective.drafting(config.kind(), cut.header(), options.stratifiedT()).batch(cut.rows(), random)
                .withColumns(cut.positions(), cut.noteMask());
    }

    /** One optimizer step; returns the loss and the global gradient norm before clipping. */
    private double[] trainStep(TrainingBatch batch, double rate, int step) {
        double bias1 = 1 - Math.pow(TrainingGraph.BETA1, step + 1);
        double bias2 = 1 - Math.pow(options.beta2(), step + 1);
        float adamRate = (float) (rate * Math.sqrt(bias2) / bias1);
        TInt32 positions = null;
        TFloat32 noteMask = null;
        try (TInt32 inputs = TInt32.tensorOf(StdArrays.ndCopyOf(batch.inputs()));
             TInt32 targets = TInt32.tensorOf(StdArrays.ndCopyOf(batch.targets()));
             TFloat32 weights = TFloat32.tensorOf(StdArrays.ndCopyOf(batch.weights()));
             TFloat32 t = TFloat32.vectorOf(batch.t() == null ? new float[0] : batch.t());
             TFloat32 lr = TFloat32.scalarOf((float) rate);
             TFloat32 lrAdam = TFloat32.scalarOf(adamRate);
             TFloat32 dropout = TFloat32.scalarOf(config.dropout());
             TInt64 dropoutSeed = TInt64.vectorOf(Seeds.dropout(options.seed(), step))) {
            var runner = session.runner().feed(ModelGraph.TOKENS, inputs).feed(TrainingGraph.TARGETS, targets)
                    .feed(TrainingGraph.WEIGHTS, weights).feed(TrainingGraph.LEARNING_RATE, lr)
                    .feed(TrainingGraph.ADAM_RATE, lrAdam).feed(TrainingGraph.DROPOUT_RATE, dropout)
                    .feed(TrainingGraph.DROPOUT_SEED, dropoutSeed);
            if (config.kind() == ModelKind.DIFFUSION) {
                runner.feed(ModelGraph.T, t);
            }
            if (batch.positions() != null) {
                positions = TInt32.vectorOf(batch.positions());
                noteMask = TFloat32.vectorOf(batch.noteMask());
                runner.feed(DraftGraph.POSITIONS, positions).feed(DraftGraph.NOTE_MASK, noteMask);
            }
            try (Result result = runner.fetch(TrainingGraph.LOSS).fetch(TrainingGraph.GRAD_NORM)
                    .addTarget(TrainingGraph.TRAIN_STEP).run()) {
                return new double[] {((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()};
            }
        } finally {
            if (positions != null) {
                positions.close();
                noteMask.close();
            }
        }
    }

    /**
     * The mean loss without dropout, with the same seeded masks every call (comparable across epochs;
     * uniform masking for diffusion, whatever the training recipe), and the parts of it at content
     * targets and at padding targets, which add up to it.
     */
    public double[] lossParts(int[][] sequences) {
        Random random = new Random(Seeds.validationMasks(options.seed()));
        double[] sum = new double[3];
        int count = 0;
        for (int first = 0; first < sequences.length; first += options.batchSize()) {
            int[][] batch = Arrays.copyOfRange(sequences, first, Math.min(sequences.length, first + options.batchSize()));
            TrainingBatch b = validationObjective.batch(batch, random);
            float[][] ce = tokenLosses(b.inputs(), b.t(), b.targets());
            for (int i = 0; i < ce.length; i++) {
                for (int j = 0; j < ce[i].length; j++) {
                    double part = ce[i][j] * b.weights()[i][j] * batch.length;
                    sum[0] += part;
                    sum[b.targets()[i][j] == Tokenizer.PAD_ID ? 2 : 1] += part;
                }
            }
            count += batch.length;
        }
        if (count == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {sum[0] / count, sum[1] / count, sum[2] / count};
    }

    /**
     * Test perplexity. Diffusion: exp of the ELBO per token (masked CE weighted 1/t, summed, over the
     * target tokens: all L positions with padding as target, else the non-padding ones), averaged over
     * {@code draws} mask draws. AR: exp of the mean next-token CE over non-padding targets.
     */
    public double perplexity(int[][] sequences, int draws) {
        Random random = new Random(Seeds.perplexityMasks(options.seed()));
        double nll = 0;
        double tokens = 0;
        int rounds = config.kind() == ModelKind.DIFFUSION ? draws : 1;
        for (int d = 0; d < rounds; d++) {
            for (int first = 0; first < sequences.length; first += options.batchSize()) {
                int[][] batch = Arrays.copyOfRange(sequences, first, Math.min(sequences.length, first + options.batchSize()));
                TrainingBatch b = validationObjective.batch(batch, random);
                float[][] ce = tokenLosses(b.inputs(), b.t(), b.targets());
                for (int i = 0; i < batch.length; i++) {
                    for (int j = 0; j < ce[i].length; j++) {
                        boolean target = options.padAsTarget() || b.targets()[i][j] != Tokenizer.PAD_ID;
                        if (config.kind() == ModelKind.DIFFUSION) {
                            tokens += target ? 1 : 0;
                            nll += b.weights()[i][j] > 0 ? ce[i][j] / b.t()[i] : 0;
                        } else if (b.weights()[i][j] > 0) {
                            tokens += 1;
                            nll += ce[i][j];
                        }
                    }
                }
            }
        }
        return Math.exp(nll / Math.max(1, tokens));
    }

    /** Per-position cross-entropy [B, L] of targets under the model (no dropout). */
    public float[][] tokenLosses(int[][] inputs, float[] t, int[][] targets) {
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(inputs));
             TInt32 tg = TInt32.tensorOf(StdArrays.ndCopyOf(targets));
             TFloat32 tt = TFloat32.vectorOf(t == null ? new float[0] : t)) {
            var runner = session.runner().feed(ModelGraph.TOKENS, in).feed(TrainingGraph.TARGETS, tg);
            if (config.kind() == ModelKind.DIFFUSION) {
                runner.feed(ModelGraph.T, tt);
            }
            try (Result result = runner.fetch(TrainingGraph.CE).run()) {
                return StdArrays.array2dCopyOf((TFloat32) result.get(0));
            }
        }
    }

    /** Logits [B, L, V] of the session being trained (no dropout); {@code t} is ignored by the AR model. */
    public float[][][] logits(int[][] tokens, float[] t) {
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TFloat32 tt = TFloat32.vectorOf(t == null ? new float[0] : t)) {
            var runner = session.runner().feed(ModelGraph.TOKENS, in);
            if (config.kind() == ModelKind.DIFFUSION) {
                runner.feed(ModelGraph.T, tt);
            }
            try (Result result = runner.fetch(ModelGraph.LOGITS).run()) {
                return StdArrays.array3dCopyOf((TFloat32) result.get(0));
            }
        }
    }

    /** Logits [B, L', V] of a drafting canvas cut to columns at {@code positions} with {@code noteMask} (no dropout). */
    public float[][][] logits(int[][] tokens, float[] t, int[] positions, float[] noteMask) {
        try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(tokens));
             TFloat32 tt = TFloat32.vectorOf(t == null ? new float[0] : t);
             TInt32 pos = TInt32.vectorOf(positions);
             TFloat32 mask = TFloat32.vectorOf(noteMask)) {
            var runner = session.runner().feed(ModelGraph.TOKENS, in).feed(DraftGraph.POSITIONS, pos)
                    .feed(DraftGraph.NOTE_MASK, mask);
            if (config.kind() == ModelKind.DIFFUSION) {
                runner.feed(ModelGraph.T, tt);
            }
            try (Result result = runner.fetch(ModelGraph.LOGITS).run()) {
                return StdArrays.array3dCopyOf((TFloat32) result.get(0));
            }
        }
    }

    /** The diffusion model's own parameters, which an AR bundle does not hold. */
    static final String TIME_CONDITIONING = "time.";

    /**
     * Overwrites the model's weights with the bundle's (a SavedModel's variables are a checkpoint keyed
     * by variable name): every weight from a diffusion bundle, every one but the time conditioning from
     * an AR bundle, which has none. Adam's moments stay at zero.
     */
    private void warmStart(Path arBundle) throws IOException {
        Path prefix = arBundle.resolve("variables").resolve("variables");
        if (!Files.isRegularFile(arBundle.resolve("variables").resolve("variables.index"))) {
            throw new IllegalArgumentException("--init-from " + arBundle + " holds no SavedModel variables");
        }
        boolean hasTime = Files.isRegularFile(arBundle.resolve("medscribe.json"))
                && ModelKind.DIFFUSION.id().equals(JSON.readTree(arBundle.resolve("medscribe.json").toFile())
                        .path("modelType").asText());
        List<Integer> copied = new ArrayList<>();
        for (int i = 0; i < parameters.names().size(); i++) {
            if (hasTime || !parameters.names().get(i).startsWith(TIME_CONDITIONING)) {
                copied.add(i);
            }
        }
        Ops tf = Ops.create(graph);
        String[] names = copied.stream().map(parameters.names()::get).toArray(String[]::new);
        String[] slices = new String[names.length];
        Arrays.fill(slices, "");
        var restore = tf.train.restore(tf.constant(prefix.toString()), tf.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(names)),
                tf.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(slices)),
                Collections.nCopies(names.length, TFloat32.class));
        List<Op> assigns = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> value = (Operand<TFloat32>) restore.tensors().get(k);
            assigns.add(tf.assign(parameters.variables().get(copied.get(k)), value));
        }
        try {
            session.runner().addTarget(tf.withControlDependencies(assigns).noOp()).run();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--init-from " + arBundle + ": its weights do not fit this model: "
                    + e.getMessage(), e);
        }
        LOG.info(() -> "initialised " + names.length + " of " + parameters.names().size()
                + " parameter tensors from " + arBundle);
    }

    private void saveCheckpoint() throws IOException {
        Files.createDirectories(checkpointDir);
        session.save(checkpointPrefix().toString());
        Path tmp = checkpointDir.resolve("state.json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
        Files.move(tmp, checkpointDir.resolve("state.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last saved checkpoint, as the bundle exporter takes it. */
    public Checkpoint checkpoint() {
        return new Checkpoint(config, options.seed(), checkpointPrefix(), parameterCount);
    }

    public Path checkpointPrefix() {
        return checkpointDir.resolve("ckpt");
    }

    public State state() {
        return state;
    }

    public ModelConfig config() {
        return config;
    }

    public TrainingOptions options() {
        return options;
    }

    public long parameterCount() {
        return parameterCount;
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private static int[][] slice(int[][] data, int[] order, int first, int size) {
        int n = Math.min(size, data.length - first);
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = data[order[first + i]];
        }
        return out;
    }

    /** Encodes texts as sequences of exactly {@code length} ids: truncated, then padded with [PAD]. */
    public static int[][] encode(Tokenizer tokenizer, List<String> texts, int length) {
        int[][] out = new int[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOf(tokenizer.encode(texts.get(i)), length);
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
