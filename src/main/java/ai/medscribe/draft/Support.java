package ai.medscribe.draft;

import ai.medscribe.eval.RougeL;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * "No source, no assertion": links each sentence of a drafted section to the transcript turns that
 * support it. A sentence's content words are its lower-case letter-and-digit words (as ROUGE
 * tokenizes) less function words; a turn supports the sentence when it holds at least one of them,
 * and the sentence counts as supported when its best {@value #MAX_TURNS} turns together hold at least
 * half of its content words. This is lexical evidence, not entailment: "76" is not found in "seventy
 * six", and a negated fact ("denies chest pain") is found in a turn that asserts it; a flag means a
 * clinician should look, not that the sentence is false.
 */
public final class Support {

    /** A turn of the transcript: its index (0-based, in order), its speaker tag and its text. */
    public record Turn(int index, String speaker, String text) {
    }

    /** One sentence of a draft, the indices of the turns that support it (best first) and whether that is enough. */
    public record Sentence(String text, List<Integer> turns, boolean supported) {
    }

    static final int MAX_TURNS = 3;
    static final double MIN_COVERAGE = 0.5;

    private static final Pattern SPEAKER = Pattern.compile("^\\s*\"?([A-Za-z_]+[0-9]*)\\s*:\\s*(.*)$");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");

    private Support() {
    }

    /** The transcript's turns: a line starting with a speaker tag ("Doctor:") opens a turn; other lines continue it. */
    public static List<Turn> turns(String transcript) {
        List<Turn> turns = new ArrayList<>();
        String speaker = null;
        StringBuilder text = new StringBuilder();
        for (String line : transcript.split("\\R")) {
            var m = SPEAKER.matcher(line);
            if (m.matches()) {
                if (speaker != null || text.length() > 0) {
                    turns.add(new Turn(turns.size(), speaker, text.toString().strip()));
                }
                speaker = m.group(1);
                text = new StringBuilder(m.group(2));
            } else if (!line.isBlank()) {
                text.append(text.length() > 0 ? " " : "").append(line.strip());
            }
        }
        if (speaker != null || text.length() > 0) {
            turns.add(new Turn(turns.size(), speaker, text.toString().strip()));
        }
        return turns;
    }

    /** The sentences of {@code section}, each with its supporting turns of {@code transcript}. */
    public static List<Sentence> link(String section, String transcript) {
        List<Turn> turns = turns(transcript);
        List<Set<String>> turnWords = turns.stream().map(t -> (Set<String>) new HashSet<>(RougeL.tokens(t.text()))).toList();
        List<Sentence> out = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(section.strip())) {
            if (sentence.isBlank()) {
                continue;
            }
            Set<String> content = contentWords(sentence);
            List<int[]> hits = new ArrayList<>();
            for (int i = 0; i < turns.size(); i++) {
                int n = 0;
                for (String w : content) {
                    n += turnWords.get(i).contains(w) ? 1 : 0;
                }
                if (n > 0) {
                    hits.add(new int[] {i, n});
                }
            }
            hits.sort(Comparator.comparingInt((int[] h) -> -h[1]).thenComparingInt(h -> h[0]));
            List<Integer> best = hits.stream().limit(MAX_TURNS).map(h -> h[0]).toList();
            Set<String> covered = new HashSet<>();
            for (int i : best) {
                for (String w : content) {
                    if (turnWords.get(i).contains(w)) {
                        covered.add(w);
                    }
                }
            }
            boolean supported = content.isEmpty() || covered.size() >= MIN_COVERAGE * content.size();
            out.add(new Sentence(sentence.strip(), best, supported));
        }
        return out;
    }

    /** Lower-case content words of a text (function words left out). */
    static Set<String> contentWords(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : RougeL.tokens(text)) {
            if (!DraftEvaluation.STOPWORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
