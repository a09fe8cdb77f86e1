package ai.medscribe.draft;

import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.eval.RougeL;
import ai.medscribe.text.SubwordTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which turns of a whole encounter a section is drafted from, when the conversation is longer than
 * the model's transcript region: the contiguous run of turns that fits the region and holds the most
 * of the section's cue words.
 *
 * <p>A header's cue words are learned from conversation/section pairs (MTS-Dialog's training set:
 * each conversation is the talk behind one section): a word's weight is the log of the rate of
 * the header's conversations holding it over the rate of the other headers' (both smoothed towards
 * the word's overall rate, Dirichlet prior {@link #PRIOR}); words in at least
 * {@link #MIN_CONVERSATIONS} of the header's conversations with a positive weight are cues, and the
 * {@link #MAX_CUES} that weigh most over the header's conversations (weight times conversations) are
 * kept. A turn scores the weights of its distinct words; a window, the sum of its turns. Every
 * weight is positive, so the best window from each first turn is the longest that fits, and the
 * best of those is taken (the earliest on a tie).
 */
public final class TurnSelector {

    /** The cue words shipped with the product: learned from MTS-Dialog's training set (see docs/drafting.md). */
    public static final String RESOURCE = "turn-cues.json";
    static final int MIN_CONVERSATIONS = 2;
    static final int MAX_CUES = 300;
    static final double PRIOR = 20;

    /**
     * Turns {@code [from, to)} of the transcript's {@code turns} ({@link Support#turns} numbering), the
     * text they make, its length in tokens, and whether it was cut at the region (a single turn over it:
     * {@code tokens} is then that turn's length).
     */
    public record Window(int from, int to, int turns, String text, int tokens, boolean cut) {
        /** Whether the window is less than the whole transcript. */
        public boolean selected() {
            return from > 0 || to < turns || cut;
        }
    }

    /** The file: where the cues came from, and each header's cue words and weights (strongest first). */
    public record Cues(String source, Map<String, Map<String, Double>> headers) {
    }

    private final Cues cues;
    private final Map<MtsHeader, Map<String, Double>> weights = new EnumMap<>(MtsHeader.class);

    public TurnSelector(Cues cues) {
        this.cues = cues;
        cues.headers().forEach((name, words) -> weights.put(MtsHeader.parse(name), Map.copyOf(words)));
    }

    /** The shipped cue words ({@link #RESOURCE}). */
    public static TurnSelector standard() {
        try (InputStream in = TurnSelector.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + RESOURCE);
            }
            return new TurnSelector(new ObjectMapper().readValue(in, Cues.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cue words learned from {@code pairs} (their conversations and headers); {@code source} says what they were. */
    public static TurnSelector learn(List<DialogPair> pairs, String source) {
        Map<MtsHeader, Integer> conversations = new EnumMap<>(MtsHeader.class);
        Map<MtsHeader, Map<String, Integer>> df = new EnumMap<>(MtsHeader.class);
        Map<String, Integer> total = new HashMap<>();
        for (DialogPair p : pairs) {
            conversations.merge(p.header(), 1, Integer::sum);
            Map<String, Integer> h = df.computeIfAbsent(p.header(), k -> new HashMap<>());
            for (String w : new HashSet<>(RougeL.tokens(p.dialogue()))) {
                h.merge(w, 1, Integer::sum);
                total.merge(w, 1, Integer::sum);
            }
        }
        Map<String, Map<String, Double>> headers = new LinkedHashMap<>();
        for (MtsHeader header : MtsHeader.values()) {
            int n = conversations.getOrDefault(header, 0);
            if (n == 0) {
                continue;
            }
            int others = pairs.size() - n;
            Map<String, Integer> h = df.get(header);
            record Cue(String word, double weight, double mass) {
            }
            List<Cue> scored = new ArrayList<>();
            h.forEach((w, in) -> {
                if (in < MIN_CONVERSATIONS) {
                    return;
                }
                double background = total.get(w) / (double) pairs.size();
                double rate = (in + PRIOR * background) / (n + PRIOR);
                double otherRate = (total.get(w) - in + PRIOR * background) / (others + PRIOR);
                double weight = Math.log(rate / otherRate);
                if (weight > 0) {
                    scored.add(new Cue(w, Math.round(weight * 1000) / 1000.0, weight * in));
                }
            });
            scored.sort(Comparator.comparingDouble(Cue::mass).reversed().thenComparing(Cue::word));
            Map<String, Double> kept = new LinkedHashMap<>();
            scored.stream().limit(MAX_CUES).forEach(c -> kept.put(c.word(), c.weight()));
            headers.put(header.csvName(), kept);
        }
        return new TurnSelector(new Cues(source, headers));
    }

    /** The {@code source} line of cues learned from a file of MTS-Dialog pairs. */
    public static String source(String file, int pairs) {
        return "MTS-Dialog (Ben Abacha et al., EACL 2023; CC BY 4.0), " + file + ", " + pairs + " pairs";
    }

    public Cues cues() {
        return cues;
    }

    public void save(Path file) throws IOException {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), cues);
    }

    /** A turn's score for a header: the weights of its distinct words. */
    double score(MtsHeader header, String turn) {
        Map<String, Double> w = weights.getOrDefault(header, Map.of());
        double s = 0;
        for (String word : new HashSet<>(RougeL.tokens(turn))) {
            s += w.getOrDefault(word, 0.0);
        }
        return s;
    }

    /**
     * A transcript read once for all its sections: its text and length in tokens, its turns
     * ({@link Support#turns}), each as a transcript line, and each line's tokens with its line break.
     */
    public record Transcript(String text, int length, List<Support.Turn> turns, List<String> lines, int[] lineTokens) {

        public static Transcript of(String text, SubwordTokenizer tokenizer) {
            List<Support.Turn> turns = Support.turns(text);
            List<String> lines = turns.stream().map(TurnSelector::line).toList();
            return new Transcript(text, tokenizer.encode(text).length, turns, lines,
                    lines.stream().mapToInt(l -> tokenizer.encode(l).length + 1).toArray());
        }
    }

    /**
     * The turns of {@code transcript} to draft {@code header} from within {@code region} tokens: the
     * whole transcript when it fits, else the best window of whole turns; a single turn over the region
     * (no window of whole turns fits) is cut at it.
     */
    public Window select(Transcript transcript, MtsHeader header, SubwordTokenizer tokenizer, int region) {
        List<Support.Turn> turns = transcript.turns();
        if (transcript.length() <= region) {
            return new Window(0, turns.size(), turns.size(), transcript.text(), transcript.length(), false);
        }
        List<String> lines = transcript.lines();
        int[] tokens = transcript.lineTokens();
        double[] scores = turns.stream().mapToDouble(t -> score(header, t.text())).toArray();
        int bestFrom = 0;
        int bestTo = 0;
        double best = -1;
        boolean cut = false;
        int to = 0;
        int used = 0;
        double sum = 0;
        for (int from = 0; from < lines.size(); from++) {
            if (to < from) {
                to = from;
                used = 0;
                sum = 0;
            }
            while (to < lines.size() && used + tokens[to] <= region) {
                used += tokens[to];
                sum += scores[to];
                to++;
            }
            // a turn over the region by itself competes as a window of its own, cut at the region
            double score = to > from ? sum : scores[from];
            if (score > best) {
                best = score;
                bestFrom = from;
                bestTo = to > from ? to : from + 1;
                cut = to == from;
            }
            if (to > from) {
                used -= tokens[from];
                sum -= scores[from];
            }
        }
        if (cut) {
            int[] ids = tokenizer.encode(lines.get(bestFrom));
            return new Window(bestFrom, bestTo, turns.size(), tokenizer.decode(Arrays.copyOf(ids, region)), ids.length, true);
        }
        String text = String.join("\n", lines.subList(bestFrom, bestTo));
        // counted turn by turn, each with its line break; joined, the text is no longer
        return new Window(bestFrom, bestTo, turns.size(), text, tokenizer.encode(text).length, false);
    }

    /** A turn as a transcript line: its speaker tag, then its text. */
    static String line(Support.Turn turn) {
        return turn.speaker() == null ? turn.text() : turn.speaker() + ": " + turn.text();
    }

    /** The header's first {@code n} cue words, those that weigh most over its conversations first (for reports). */
    public List<String> cueWords(MtsHeader header, int n) {
        return cues.headers().getOrDefault(header.csvName(), Map.of()).keySet().stream().limit(n).toList();
    }
}
