package ai.medscribe.training;

import ai.medscribe.dialog.CopyBaseline;
import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsDialog;
import ai.medscribe.dialog.RetrievalBaseline;
import ai.medscribe.dialog.SyntheticDialogues;
import ai.medscribe.draft.DraftBundle;
import ai.medscribe.draft.DraftEvaluation;
import ai.medscribe.LowerCaseId;
import ai.medscribe.draft.Drafter;
import ai.medscribe.draft.TurnSelector;
import ai.medscribe.model.ModelKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code draft-evaluate}: both drafting models and the two baselines in one run, on MTS-Dialog's
 * test sets with the header given (ROUGE-1/2/L, content words found in the transcript), and the
 * latency of a drafted section after a transcript of about 200 tokens; writes OUT/evaluation.json.
 */
@Command(name = "draft-evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates the drafting models against the retrieval and copy baselines on the MTS-Dialog test sets.")
public class DraftEvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bundles", defaultValue = "models/drafting",
            description = "directory holding diffusion/ and autoregressive/ drafting bundles (default: ${DEFAULT-VALUE})")
    Path bundles;

    @Option(names = "--data", defaultValue = "data/mts-dialog", description = "MTS-Dialog CSVs (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--samples", defaultValue = "200", description = "pairs per test set, at most 200 (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--steps", defaultValue = "" + Drafter.Options.DEFAULT_STEPS,
            description = "diffusion passes at most (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--threshold", defaultValue = "" + Drafter.Options.DEFAULT_THRESHOLD,
            description = "diffusion: commit every word at least this sure in a pass (default: ${DEFAULT-VALUE})")
    double threshold;

    @Option(names = "--end-confidence", defaultValue = "" + Drafter.Options.DEFAULT_END_CONFIDENCE,
            description = "diffusion: how sure of padding at the note's end the model must be to end the section "
                    + "(default: ${DEFAULT-VALUE})")
    double endConfidence;

    @Option(names = "--latency-drafts", defaultValue = "40",
            description = "drafts timed per model on transcripts of 150-250 tokens (default: ${DEFAULT-VALUE})")
    int latencyDrafts;

    /** What a model does with a transcript over its region. */
    enum LongTranscripts implements LowerCaseId { SELECT, CUT }

    @Option(names = "--long-transcripts", defaultValue = "select", converter = OptionWords.LongTranscriptWords.class,
            description = "a transcript over a model's region: select (the section's turns, as serving does) or cut "
                    + "(at the region; default: ${DEFAULT-VALUE})")
    LongTranscripts longTranscripts;

    static final class LongTranscriptsConverter implements picocli.CommandLine.ITypeConverter<LongTranscripts> {
        public LongTranscripts convert(String value) {
            return LongTranscripts.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Option(names = "--synthetic", defaultValue = "100",
            description = "synthetic conversations whose facts are known, drafted and scored (0: none; default: ${DEFAULT-VALUE})")
    int syntheticDialogues;

    /** The synthetic conversations' seed: apart from any a training run would draw. */
    static final long SYNTHETIC_SEED = 2026_12_06L;

    static final String TRAIN = "MTS-Dialog-TrainingSet.csv";
    static final Map<String, String> TEST_SETS = Map.of(
            "test-2 (MEDIQA-Sum 2023)", "MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv",
            "test-1 (MEDIQA-Chat 2023)", "MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv");

    @Override
    public Integer call() throws IOException {
        if (samples < 1 || latencyDrafts < 0 || syntheticDialogues < 0) {
            throw new ParameterException(spec.commandLine(), "--samples must be >= 1, --latency-drafts and --synthetic >= 0");
        }
        Drafter.Options options;
        try {
            options = new Drafter.Options(steps, threshold, endConfidence);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        Map<String, List<DialogPair>> testSets = new LinkedHashMap<>();
        for (String name : List.of("test-2 (MEDIQA-Sum 2023)", "test-1 (MEDIQA-Chat 2023)")) {
            List<DialogPair> pairs = MtsDialog.read(data.resolve(TEST_SETS.get(name)));
            testSets.put(name, pairs.subList(0, Math.min(samples, pairs.size())));
        }
        List<DialogPair> train = MtsDialog.read(data.resolve(TRAIN));
        List<DraftBundle> loaded = new ArrayList<>();
        try {
            Map<String, Drafter> drafters = new LinkedHashMap<>();
            List<DraftEvaluation.DraftSystem> systems = new ArrayList<>();
            TurnSelector selector = longTranscripts == LongTranscripts.SELECT ? TurnSelector.standard() : null;
            for (ModelKind kind : ModelKind.values()) {
                Path dir = bundles.resolve(kind.id());
                if (!Files.isDirectory(dir)) {
                    System.out.println("no " + kind.id() + " drafting bundle in " + bundles + ": left out");
                    continue;
                }
                DraftBundle bundle = DraftBundle.load(dir);
                loaded.add(bundle);
                Drafter drafter = new Drafter(bundle);
                drafters.put(kind.id(), drafter);
                systems.add(DraftEvaluation.model(kind.id(), drafter, options, selector));
            }
            systems.add(DraftEvaluation.baseline("retrieval (TF-IDF, same header)", new RetrievalBaseline(train)));
            systems.add(DraftEvaluation.baseline("copy (patient turns)", new CopyBaseline()));
            long start = System.nanoTime();
            var rows = DraftEvaluation.quality(systems, testSets);
            System.out.printf("%-34s %-26s %5s %7s %7s %7s %9s %7s %7s %4s%n", "system", "test set", "pairs", "R-1", "R-2",
                    "R-L", "supported", "words", "passes", "long");
            for (var r : rows) {
                System.out.printf("%-34s %-26s %5d %7.4f %7.4f %7.4f %9.3f %7.1f %7s %4d%n", r.system(), r.testSet(),
                        r.pairs(), r.rouge1(), r.rouge2(), r.rougeL(), r.supported(), r.meanWords(),
                        r.meanPasses() == null ? "-" : String.format("%.1f", r.meanPasses()), r.transcriptsCut());
            }
            System.out.printf("quality: %.0f s%n", (System.nanoTime() - start) / 1e9);
            List<DraftEvaluation.Facts> facts = List.of();
            List<DraftEvaluation.Facts> wholeFacts = List.of();
            if (syntheticDialogues > 0) {
                var dialogues = SyntheticDialogues.generate(syntheticDialogues, SYNTHETIC_SEED);
                facts = DraftEvaluation.facts(systems, dialogues, false);
                printFacts("synthetic conversations (seed " + SYNTHETIC_SEED + "), each section from its excerpt", facts);
                wholeFacts = DraftEvaluation.facts(systems, dialogues, true);
                printFacts("the same conversations whole (over the region: " + longTranscripts.id() + ")", wholeFacts);
            }
            List<DraftEvaluation.Latency> latency = List.of();
            if (!drafters.isEmpty() && latencyDrafts > 0) {
                var tokenizer = loaded.get(0).tokenizer();
                List<DialogPair> pool = new ArrayList<>();
                testSets.values().forEach(pool::addAll);
                // transcripts of about 200 tokens (150-250), within the smallest transcript region loaded
                int region = loaded.stream().mapToInt(b -> b.config().sourceLength()).min().orElseThrow();
                List<DialogPair> timed = DraftEvaluation.withTranscriptTokens(pool, tokenizer, Math.min(150, region * 3 / 5),
                        Math.min(250, region));
                timed = timed.subList(0, Math.min(latencyDrafts, timed.size()));
                latency = DraftEvaluation.latency(drafters, timed, options, 5, tokenizer);
                for (var l : latency) {
                    System.out.printf("latency %-16s %d drafts, transcripts %.0f tokens: p50 %.1f ms, p99 %.1f ms, %.1f passes%n",
                            l.system(), l.drafts(), l.meanTokens(), l.p50Ms(), l.p99Ms(), l.meanPasses());
                }
                if (latency.size() == 2) {
                    System.out.printf("diffusion p50 / cached AR p50: %.2fx%n", latency.get(0).p50Ms() / latency.get(1).p50Ms());
                }
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("rouge", "rouge-score F1 (lower case, [a-z0-9]+ tokens, no stemming), mean over pairs, header given");
            report.put("steps", steps);
            report.put("threshold", threshold);
            report.put("endConfidence", endConfidence);
            report.put("quality", rows);
            report.put("longTranscripts", longTranscripts.id());
            report.put("syntheticFacts", facts);
            report.put("syntheticFactsWholeConversations", wholeFacts);
            report.put("latency", latency);
            Path out = bundles.resolve("evaluation.json");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
            System.out.println("written: " + out);
            return 0;
        } finally {
            loaded.forEach(DraftBundle::close);
        }
    }

    private static void printFacts(String title, List<DraftEvaluation.Facts> facts) {
        System.out.printf("%n%s, facts of the encounter:%n", title);
        System.out.printf("%-34s %9s %7s %9s %13s %4s%n", "system", "dialogues", "recall", "precision", "halluc./note", "long");
        for (var f : facts) {
            System.out.printf("%-34s %9d %7.3f %9.3f %13.2f %4d%n", f.system(), f.dialogues(), f.recall(), f.precision(),
                    f.hallucinatedPerNote(), f.transcriptsCut());
        }
    }
}
