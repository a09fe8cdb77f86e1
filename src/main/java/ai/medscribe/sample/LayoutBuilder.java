package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays sections out on the sampler's canvas in SOAP order: each section's header at a fixed
 * position, then either its given tokens (fixed) or a masked span of the requested length. The
 * last generated section may take all remaining positions and end in padding, unless its length
 * was requested; positions after the last section are fixed padding.
 */
final class LayoutBuilder {

    private LayoutBuilder() {
    }

    /**
     * @param given    encoded text of the sections kept as they are
     * @param generate sections to generate
     * @param lengths  content length (tokens) of each generated section; a section absent here is
     *                 the open last span when it comes last
     * @param minimum  the fewest content tokens of the open last span (it may not end in padding sooner)
     */
    static NoteLayout build(Tokenizer tokenizer, int length, Map<Section, int[]> given, Set<Section> generate,
                            Map<Section, Integer> lengths, int minimum) {
        return build(tokenizer, length, given, generate, lengths, minimum, Map.of());
    }

    /**
     * As above; a section in {@code slack} gets an open span of its length in {@code lengths}, which
     * may end in padding after the given fewest content tokens (the padding is dropped when the note
     * is assembled), so its content need not fill an exactly drawn length.
     */
    static NoteLayout build(Tokenizer tokenizer, int length, Map<Section, int[]> given, Set<Section> generate,
                            Map<Section, Integer> lengths, int minimum, Map<Section, Integer> slack) {
        List<Section> order = Section.SOAP.stream().filter(s -> given.containsKey(s) || generate.contains(s)).toList();
        int[] tokens = new int[length];
        boolean[] fixed = new boolean[length];
        int[] spans = new int[length];
        Arrays.fill(spans, -1);
        List<Boolean> open = new ArrayList<>();
        List<Integer> minimums = new ArrayList<>();
        List<Section> spanSections = new ArrayList<>();
        int pos = 0;
        for (int idx = 0; idx < order.size(); idx++) {
            Section section = order.get(idx);
            boolean last = idx == order.size() - 1;
            pos = place(tokens, fixed, pos, new int[] {tokenizer.headerId(section)}, section);
            if (!generate.contains(section)) {
                pos = place(tokens, fixed, pos, given.get(section), section);
                continue;
            }
            Integer requested = lengths.get(section);
            boolean openEnd = last && requested == null;
            boolean openSpan = openEnd || slack.containsKey(section);
            int n = openEnd ? length - pos : requested == null ? 1 : requested;
            if (n < 1 || pos + n > length) {
                throw new InvalidRequestException("lengths." + section.name(), "the note needs " + (pos + n)
                        + " tokens with this section, more than the model's maximum length " + length);
            }
            int span = open.size();
            open.add(openSpan);
            minimums.add(openEnd ? Math.min(minimum, n) : openSpan ? Math.min(slack.get(section), n) : n);
            spanSections.add(section);
            for (int i = pos; i < pos + n; i++) {
                tokens[i] = Tokenizer.MASK_ID;
                spans[i] = span;
            }
            pos += n;
        }
        for (int i = pos; i < length; i++) {
            tokens[i] = Tokenizer.PAD_ID;
            fixed[i] = true;
        }
        boolean[] spanOpen = new boolean[open.size()];
        for (int i = 0; i < spanOpen.length; i++) {
            spanOpen[i] = open.get(i);
        }
        return new NoteLayout(tokens, fixed, spans, spanOpen, minimums.stream().mapToInt(Integer::intValue).toArray(),
                spanSections.toArray(Section[]::new), true);
    }

    private static int place(int[] tokens, boolean[] fixed, int pos, int[] ids, Section section) {
        if (pos + ids.length > tokens.length) {
            throw new InvalidRequestException("sections." + section.name(), "the given note needs more than the model's "
                    + "maximum length of " + tokens.length + " tokens");
        }
        for (int id : ids) {
            tokens[pos] = id;
            fixed[pos] = true;
            pos++;
        }
        return pos;
    }
}
