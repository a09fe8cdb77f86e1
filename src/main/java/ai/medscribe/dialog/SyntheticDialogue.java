package ai.medscribe.dialog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A synthetic conversation and the note sections written from the same latent encounter, with the
 * facts each section states known exactly.
 *
 * @param id {@code synth-<seed>-<index>}
 * @param dialogue the conversation, one turn a line ({@code Doctor: ...}, {@code Patient: ...})
 * @param sections the text of each section (GENHX, ROS, EXAM, ASSESSMENT, PLAN), as the coherent corpus writes it
 * @param facts each section's facts: the {@link ai.medscribe.corpus.PhraseBook} phrases it states, number
 *     slots filled, in the order the section text joins them with single spaces (ASSESSMENT: one fact a
 *     condition, its name and its variant's qualifier)
 * @param spans where each section is talked about: its turns, contiguous, the lines of {@code dialogue}
 */
public record SyntheticDialogue(String id, String dialogue, Map<MtsHeader, String> sections,
        Map<MtsHeader, List<String>> facts, Map<MtsHeader, Span> spans) {

    /**
     * Words an excerpt holds at most (unless its section's own turns are longer): about 180 subword
     * tokens, so an excerpt fits the 320-token transcript region of the {@code small} drafting preset,
     * where a whole conversation (about 500 tokens) does not.
     */
    public static final int EXCERPT_WORDS = 120;

    /**
     * The line a trainer puts before a synthetic conversation (tagged back-translation, Caswell et al.
     * 2019): the model learns the synthetic notes' style as that of tagged transcripts, and a real
     * transcript, untagged, is drafted in the style of the real notes.
     */
    public static final String STYLE_TAG = "[synthetic]";

    /** {@code pair} with {@link #STYLE_TAG} as its conversation's first line. */
    public static DialogPair tagged(DialogPair pair) {
        return new DialogPair(pair.id(), pair.header(), pair.section(), STYLE_TAG + "\n" + pair.dialogue());
    }

    /** Turns {@code [from, to)} of a conversation. */
    public record Span(int from, int to) {
        public Span {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("turns [" + from + ", " + to + ")");
            }
        }
    }

    /** The headers a synthetic dialogue has a section for, in note order. */
    public static final List<MtsHeader> HEADERS =
            List.of(MtsHeader.GENHX, MtsHeader.ROS, MtsHeader.EXAM, MtsHeader.ASSESSMENT, MtsHeader.PLAN);

    public SyntheticDialogue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(dialogue, "dialogue");
        EnumMap<MtsHeader, String> s = new EnumMap<>(MtsHeader.class);
        s.putAll(sections);
        sections = Collections.unmodifiableMap(s);
        EnumMap<MtsHeader, List<String>> f = new EnumMap<>(MtsHeader.class);
        facts.forEach((h, list) -> f.put(h, List.copyOf(list)));
        facts = Collections.unmodifiableMap(f);
        EnumMap<MtsHeader, Span> sp = new EnumMap<>(MtsHeader.class);
        sp.putAll(spans);
        spans = Collections.unmodifiableMap(sp);
    }

    /**
     * The part of the conversation where the section is talked about, as MTS-Dialog's conversations
     * are: the section's own turns, widened one turn at a time on alternate sides (before first) while
     * the excerpt stays within {@code maxWords} words. So an excerpt holds its section's facts and,
     * around them, some of its neighbours' and some talk that belongs in no section.
     */
    public String excerpt(MtsHeader header, int maxWords) {
        Span span = spans.get(header);
        if (span == null) {
            throw new IllegalArgumentException(id + " has no section " + header);
        }
        String[] turns = dialogue.split("\n");
        int from = span.from();
        int to = span.to();
        int words = 0;
        for (int i = from; i < to; i++) {
            words += words(turns[i]);
        }
        boolean before = true;
        while (from > 0 || to < turns.length) {
            boolean widened = false;
            for (int side = 0; side < 2 && !widened; side++, before = !before) {
                int next = before ? from - 1 : to;
                if (next >= 0 && next < turns.length && words + words(turns[next]) <= maxWords) {
                    words += words(turns[next]);
                    if (before) {
                        from--;
                    } else {
                        to++;
                    }
                    widened = true;
                }
            }
            if (!widened) {
                break;
            }
        }
        return String.join("\n", java.util.Arrays.asList(turns).subList(from, to));
    }

    private static int words(String turn) {
        return turn.strip().split("\\s+").length;
    }

    /** One pair a section, in {@link #HEADERS} order, id {@code <id>-<csvName>}, each with the section's {@link #excerpt}. */
    public List<DialogPair> excerptPairs(int maxWords) {
        List<DialogPair> pairs = new ArrayList<>();
        for (MtsHeader h : HEADERS) {
            if (sections.containsKey(h)) {
                pairs.add(new DialogPair(id + "-" + h.csvName(), h, sections.get(h), excerpt(h, maxWords)));
            }
        }
        return pairs;
    }

    /** One pair a section, in {@link #HEADERS} order, id {@code <id>-<csvName>}; the conversation is the same in each. */
    public List<DialogPair> pairs() {
        List<DialogPair> pairs = new ArrayList<>();
        for (MtsHeader h : HEADERS) {
            if (sections.containsKey(h)) {
                pairs.add(new DialogPair(id + "-" + h.csvName(), h, sections.get(h), dialogue));
            }
        }
        return pairs;
    }

    /** Every fact of the encounter, whatever its section. */
    public List<String> allFacts() {
        List<String> all = new ArrayList<>();
        facts.values().forEach(all::addAll);
        return all;
    }
}
