package ai.medscribe.draft;

import ai.medscribe.dialog.Baseline;
import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.FactScore;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.dialog.SyntheticDialogue;
import ai.medscribe.eval.LatencyStats;
import ai.medscribe.eval.Rouge;
import ai.medscribe.eval.RougeL;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drafting quality and speed, every system in one run: ROUGE-1/2/L F1 (rouge-score's, no stemming,
 * averaged over the pairs) on each test set with the header given, for the drafting models and the
 * baselines; the share of generated content words found in the transcript; and the latency of a
 * drafted section after a transcript of about 200 tokens.
 */
public final class DraftEvaluation {

    /** One system on one test set. {@code supported}: generated content words found in the transcript, over all generated content words. */
    public record Row(String system, String testSet, int pairs, double rouge1, double rouge2, double rougeL,
                      double supported, double meanWords, Double meanPasses, int transcriptsCut) {
    }

    /** A model's drafting latency on transcripts of {@code minTokens}-{@code maxTokens} tokens (mean {@code meanTokens}). */
    public record Latency(String system, int drafts, double meanTokens, double p50Ms, double p99Ms, double meanPasses) {
    }

    /** A system to score: a drafting model or a baseline. */
    public interface DraftSystem {
        String name();

        /** The section text and the passes it took (null for a baseline); {@code cut} set when the transcript was cut. */
        Output write(DialogPair pair);

        /** {@link #write} for a synthetic conversation: a model trained with {@link SyntheticDialogue#STYLE_TAG} is given it. */
        default Output writeSynthetic(DialogPair pair) {
            return write(pair);
        }
    }

    public record Output(String text, Integer passes, boolean cut) {
    }

    /**
     * A drafting model as a system. A transcript over its region is drafted from the turns the
     * {@code selector} chooses for the section, or without one cut at the region (either is counted);
     * a synthetic one is tagged as the bundle's training tagged them
     * ({@link DraftMetadata.Training#syntheticTag}), after the turns are chosen.
     */
    public static DraftSystem model(String name, Drafter drafter, Drafter.Options options, TurnSelector selector) {
        DraftBundle bundle = drafter.bundle();
        var tokenizer = bundle.tokenizer();
        int region = bundle.config().sourceLength();
        DraftMetadata.Training training = bundle.metadata().training();
        String tag = training == null ? null : training.syntheticTag();
        int tagTokens = tag == null ? 0 : tokenizer.encode(tag + "\n").length;
        return new DraftSystem() {
            public String name() {
                return name;
            }

            public Output write(DialogPair pair) {
                return draft(pair, null, 0);
            }

            public Output writeSynthetic(DialogPair pair) {
                return draft(pair, tag, tagTokens);
            }

            private Output draft(DialogPair pair, String tag, int tagTokens) {
                String prefix = tag == null ? "" : tag + "\n";
                int room = region - tagTokens;
                String transcript = pair.dialogue();
                boolean over;
                if (selector != null) {
                    var window = selector.select(TurnSelector.Transcript.of(transcript, tokenizer), pair.header(),
                            tokenizer, room);
                    over = window.selected();
                    transcript = window.text();
                } else {
                    over = tokenizer.encode(transcript).length > room;
                }
                var draft = drafter.draft(prefix + transcript, pair.header(), options, true);
                return new Output(draft.text(), draft.passes(), over);
            }
        };
    }

    public static DraftSystem baseline(String name, Baseline baseline) {
        return new DraftSystem() {
            public String name() {
                return name;
            }

            public Output write(DialogPair pair) {
                return new Output(baseline.generate(pair.dialogue(), pair.header()), null, false);
            }
        };
    }

    private DraftEvaluation() {
    }

    /** Scores every system on every test set. */
    public static List<Row> quality(List<DraftSystem> systems, Map<String, List<DialogPair>> testSets) {
        List<Row> rows = new ArrayList<>();
        for (var set : testSets.entrySet()) {
            for (DraftSystem system : systems) {
                Rouge.Totals totals = new Rouge.Totals();
                long found = 0;
                long content = 0;
                long words = 0;
                long passes = 0;
                int withPasses = 0;
                int cut = 0;
                for (DialogPair pair : set.getValue()) {
                    Output out = system.write(pair);
                    totals.add(out.text(), pair.section());
                    Set<String> transcript = new HashSet<>(RougeL.tokens(pair.dialogue()));
                    for (String w : RougeL.tokens(out.text())) {
                        words++;
                        if (!STOPWORDS.contains(w)) {
                            content++;
                            found += transcript.contains(w) ? 1 : 0;
                        }
                    }
                    if (out.passes() != null) {
                        passes += out.passes();
                        withPasses++;
                    }
                    cut += out.cut() ? 1 : 0;
                }
                int n = set.getValue().size();
                Rouge.Scores mean = totals.mean();
                rows.add(new Row(system.name(), set.getKey(), n, mean.rouge1().f1(), mean.rouge2().f1(), mean.rougeL().f1(),
                        content == 0 ? Double.NaN : found / (double) content, words / (double) Math.max(1, n),
                        withPasses == 0 ? null : passes / (double) withPasses, cut));
            }
        }
        return rows;
    }

    /** A model's exact fact figures on synthetic conversations: per section, recall and precision averaged; hallucinated facts per note. */
    public record Facts(String system, int dialogues, double recall, double precision, double hallucinatedPerNote,
                        int transcriptsCut) {
    }

    /**
     * Each system drafts the five sections of each synthetic conversation, each from its excerpt
     * ({@link SyntheticDialogue#excerpt}) or, {@code whole}, from the whole conversation (longer than
     * the region: a model drafts from the turns it selects, see {@link #model}), scored against the
     * encounter's known facts ({@link FactScore}).
     */
    public static List<Facts> facts(List<DraftSystem> systems, List<SyntheticDialogue> dialogues, boolean whole) {
        FactScore scorer = FactScore.standard();
        List<Facts> out = new ArrayList<>();
        for (DraftSystem system : systems) {
            FactScore.Totals totals = new FactScore.Totals();
            int cut = 0;
            for (SyntheticDialogue d : dialogues) {
                Map<MtsHeader, String> drafted = new LinkedHashMap<>();
                boolean anyCut = false;
                for (DialogPair pair : whole ? d.pairs() : d.excerptPairs(SyntheticDialogue.EXCERPT_WORDS)) {
                    Output o = system.writeSynthetic(pair);
                    drafted.put(pair.header(), o.text());
                    anyCut |= o.cut();
                }
                cut += anyCut ? 1 : 0;
                totals.add(scorer.scoreNote(drafted, d.facts()).values());
            }
            out.add(new Facts(system.name(), dialogues.size(), totals.meanRecall(), totals.meanPrecision(),
                    totals.hallucinatedPerNote(), cut));
        }
        return out;
    }

    /**
     * Latency of each model's draft of the given pairs' sections (after {@code warmup} untimed drafts),
     * the models interleaved pair by pair so the machine's noise falls on all alike.
     */
    public static List<Latency> latency(Map<String, Drafter> models, List<DialogPair> pairs, Drafter.Options options,
                                        int warmup, ai.medscribe.text.SubwordTokenizer tokenizer) {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        Map<String, Long> passes = new LinkedHashMap<>();
        models.keySet().forEach(k -> {
            millis.put(k, new ArrayList<>());
            passes.put(k, 0L);
        });
        for (int i = 0; i < Math.min(warmup, pairs.size()); i++) {
            for (Drafter d : models.values()) {
                d.draft(pairs.get(i).dialogue(), pairs.get(i).header(), options);
            }
        }
        double tokens = 0;
        for (DialogPair pair : pairs) {
            tokens += tokenizer.encode(pair.dialogue()).length;
            for (var e : models.entrySet()) {
                var draft = e.getValue().draft(pair.dialogue(), pair.header(), options);
                millis.get(e.getKey()).add(draft.millis());
                passes.merge(e.getKey(), (long) draft.passes(), Long::sum);
            }
        }
        List<Latency> out = new ArrayList<>();
        for (String k : models.keySet()) {
            LatencyStats stats = LatencyStats.of(millis.get(k));
            out.add(new Latency(k, pairs.size(), tokens / Math.max(1, pairs.size()), stats.p50Ms(), stats.p99Ms(),
                    passes.get(k) / (double) Math.max(1, pairs.size())));
        }
        return out;
    }

    /** Pairs whose transcript is {@code min}-{@code max} tokens long, in their order. */
    public static List<DialogPair> withTranscriptTokens(List<DialogPair> pairs, ai.medscribe.text.SubwordTokenizer tokenizer,
                                                        int min, int max) {
        return pairs.stream().filter(p -> {
            int n = tokenizer.encode(p.dialogue()).length;
            return n >= min && n <= max;
        }).toList();
    }

    /** Function words left out of the content-word share (lower case, as rouge-score tokenizes). */
    static final Set<String> STOPWORDS = Set.of("a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for",
            "with", "by", "from", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "he", "she", "it",
            "his", "her", "they", "their", "this", "that", "these", "those", "there", "which", "who", "what", "not", "no",
            "does", "do", "did", "any", "also", "s", "i", "you", "we", "patient");
}
