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
 */
public record SyntheticDialogue(String id, String dialogue, Map<MtsHeader, String> sections,
        Map<MtsHeader, List<String>> facts) {

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
