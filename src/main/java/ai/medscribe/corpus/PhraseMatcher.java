package ai.medscribe.corpus;

import ai.medscribe.text.Tokenizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Matches phrase templates against the lower-cased words of a text. A template word in braces
 * ({@code {bp}}, {@code {stage}}) is a number slot and matches any number token
 * ({@code 120/80}, {@code 98.6}, {@code 97%}, {@code 3}).
 */
public final class PhraseMatcher {

    /** The word that stands for a number slot in a compiled template. */
    public static final String NUMBER = "#";

    private static final Pattern NUMBER_TOKEN = Pattern.compile("\\d+(\\.\\d+)?(/\\d+)?%?");

    /** A template found at word {@code start} (inclusive) to {@code end} (exclusive). */
    public record Match(String template, int start, int end) {
        public int length() {
            return end - start;
        }
    }

    private PhraseMatcher() {
    }

    /** The template's words, lower case, with number slots as {@link #NUMBER}. */
    public static List<String> words(String template) {
        return COMPILED.computeIfAbsent(template,
                t -> Tokenizer.words(t).stream().map(w -> w.startsWith("{") && w.endsWith("}") ? NUMBER : w).toList());
    }

    /** Templates come from a small fixed phrase book, so their compiled forms are kept. */
    private static final java.util.Map<String, List<String>> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    public static boolean isNumber(String word) {
        return NUMBER_TOKEN.matcher(word).matches();
    }

    /** Whether the template's words match the text's words starting at {@code at}. */
    public static boolean matchesAt(List<String> template, List<String> words, int at) {
        if (at + template.size() > words.size() || template.isEmpty()) {
            return false;
        }
        for (int k = 0; k < template.size(); k++) {
            String t = template.get(k);
            String w = words.get(at + k);
            if (t.equals(NUMBER) ? !isNumber(w) : !t.equals(w)) {
                return false;
            }
        }
        return true;
    }

    /** Every occurrence of every template in the words (overlaps included), in order of start. */
    public static List<Match> findAll(Collection<String> templates, List<String> words) {
        List<List<String>> compiled = templates.stream().map(PhraseMatcher::words).toList();
        List<String> names = List.copyOf(templates);
        List<Match> found = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (int p = 0; p < compiled.size(); p++) {
                if (matchesAt(compiled.get(p), words, i)) {
                    found.add(new Match(names.get(p), i, i + compiled.get(p).size()));
                }
            }
        }
        return found;
    }

    /**
     * The most words of {@code words} covered by non-overlapping template matches (dynamic
     * programming over word positions), and which matches do it.
     */
    public static List<Match> bestCover(Collection<String> templates, List<String> words) {
        List<Match> all = findAll(templates, words);
        int n = words.size();
        int[] best = new int[n + 1];
        Match[] via = new Match[n + 1];
        List<List<Match>> endingAt = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            endingAt.add(new ArrayList<>());
        }
        all.forEach(m -> endingAt.get(m.end()).add(m));
        for (int i = 1; i <= n; i++) {
            best[i] = best[i - 1];
            for (Match m : endingAt.get(i)) {
                if (best[m.start()] + m.length() > best[i]) {
                    best[i] = best[m.start()] + m.length();
                    via[i] = m;
                }
            }
        }
        List<Match> cover = new ArrayList<>();
        int i = n;
        while (i > 0) {
            if (via[i] != null && best[i] == best[via[i].start()] + via[i].length()) {
                cover.add(0, via[i]);
                i = via[i].start();
            } else {
                i--;
            }
        }
        return cover;
    }
}
